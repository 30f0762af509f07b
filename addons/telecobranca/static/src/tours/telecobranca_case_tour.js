/** @odoo-module **/
// A collector opens a collection case from the customer and writes a note,
// in Portuguese: run by tests/test_case_tour.py.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("telecobranca_case_note", {
    steps: () => [
        {
            content: "Open the Telecobrança tab",
            trigger: ".o_notebook a.nav-link[name='telecobranca']:contains('Telecobrança')",
            run: "click",
        },
        {
            content: "Open a new collection",
            trigger: "button[name='action_telecobranca_new_case']:contains('Nova Cobrança')",
            run: "click",
        },
        {
            content: "The overdue titles are proposed",
            trigger: ".modal .o_field_widget[name='line_ids'] .o_data_row",
        },
        {
            content: "Write the collection note",
            trigger: ".modal .o_field_html[name='note'] div.o-paragraph",
            run: "editor Cliente disse que o pagamento está a caminho",
        },
        {
            content: "Open the case",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "Write a note on the new case",
            trigger:
                "body:not(:has(.modal)) .o_form_view button[name='action_open_note_wizard']:contains('Parecer')",
            run: "click",
        },
        {
            content: "Describe the contact",
            trigger: ".modal .o_field_html[name='body'] div.o-paragraph",
            run: "editor Liguei de novo: prometeu pagar na sexta-feira",
        },
        {
            content: "Confirm the note",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "Open the history of the case",
            trigger:
                "body:not(:has(.modal)) button[name='action_view_history']:contains('Histórico')",
            run: "click",
        },
        {
            content: "The note just written is listed",
            trigger: ".o_list_view .o_data_row:contains('prometeu pagar na sexta-feira')",
        },
        {
            content: "The note written when opening the case is listed too",
            trigger: ".o_list_view .o_data_row:contains('pagamento está a caminho')",
        },
    ],
});
