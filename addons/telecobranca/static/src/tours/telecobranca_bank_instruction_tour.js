/** @odoo-module **/
// A collector sends a due date change to the bank from a title's form, in
// Portuguese: run by tests/test_bank_instruction.py, which checks afterwards
// the instruction queued for the next remittance.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("telecobranca_bank_instruction", {
    steps: () => [
        {
            content: "The title's form shows its registered boleto",
            trigger: ".o_form_view .o_field_widget[name='boleto_status']:contains('Registrado')",
        },
        {
            content: "Send an instruction to the bank",
            trigger: ".o_form_view button[name='action_telecobranca_bank_instruction']",
            run: "click",
        },
        {
            content: "Choose the due date change",
            trigger: ".modal .o_field_widget[name='kind'] input[data-value='due_date']",
            run: "click",
        },
        {
            content: "Give the new due date",
            trigger: ".modal .o_field_widget[name='new_due_date'] input",
            run: "edit 31/12/2030",
        },
        {
            content: "The title is in the wizard",
            trigger: ".modal .o_field_widget[name='line_ids'] .o_data_row",
        },
        {
            content: "Send it",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The wizard closes on a notification",
            trigger: "body:not(:has(.modal)) .o_notification",
        },
    ],
});
