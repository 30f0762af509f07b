/** @odoo-module **/
// A collector, in Portuguese, opens a collection with the titles he chooses
// and renegotiates a customer's titles step by step: run by
// tests/test_tour_renegotiation.py, which checks the records afterwards.
import { registry } from "@web/core/registry";

const wizardRow = (number) =>
    `.modal .o_field_widget[name='line_ids'] .o_data_row:contains('${number}')`;
const titleRow = (number) =>
    `.o_form_view .o_field_widget[name='line_ids'] .o_data_row:contains('${number}')`;
const installments = ".o_form_view .o_field_widget[name='installment_ids']";

registry.category("web_tour.tours").add("telecobranca_new_collection_collector", {
    steps: () => [
        {
            content: "Open the Telecobrança tab",
            trigger: ".o_notebook a.nav-link:contains('Telecobrança')",
            run: "click",
        },
        {
            content: "Open a new collection",
            trigger: "button[name='action_telecobranca_new_case']",
            run: "click",
        },
        {
            content: "The titles are listed with their numbers, by due date",
            trigger: `${wizardRow("-1/3")}:first-child`,
        },
        {
            trigger: `.modal .o_field_widget[name='line_ids'] .o_data_row:nth-child(2):contains('-2/3')`,
        },
        {
            content: "All three are ticked",
            trigger: `.modal .o_field_widget[name='line_ids'] .o_data_row:nth-child(3):contains('-3/3') .o_field_boolean_toggle input:checked`,
        },
        {
            content: "Untick the second installment",
            trigger: `${wizardRow("-2/3")} .o_field_boolean_toggle input`,
            run: "click",
        },
        {
            content: "It stays listed, unticked and muted",
            trigger: `${wizardRow("-2/3")}.text-muted .o_field_boolean_toggle input:not(:checked)`,
        },
        {
            content: "Write the collection note",
            trigger: ".modal .o_field_html[name='note'] div.o-paragraph",
            run: "editor Cliente vai pagar a primeira e a terceira parcelas",
        },
        {
            content: "Open the case",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The case holds the first installment",
            trigger:
                "body:not(:has(.modal)) .o_form_view .o_field_widget[name='line_ids'] .o_data_row:contains('-1/3')",
        },
        {
            content: "and the third one, not the unticked second one",
            trigger:
                ".o_form_view .o_field_widget[name='line_ids']:not(:has(.o_data_row:contains('-2/3'))) .o_data_row:contains('-3/3')",
        },
    ],
});

registry.category("web_tour.tours").add("telecobranca_renegotiation_collector", {
    steps: () => [
        {
            content: "Open the Telecobrança tab",
            trigger: ".o_notebook a.nav-link:contains('Telecobrança')",
            run: "click",
        },
        {
            content: "Renegotiate the customer's titles",
            trigger: "button[name='action_telecobranca_renegotiate']",
            run: "click",
        },
        {
            content: "The titles are listed, with their open amounts in Brazilian format",
            trigger: `${titleRow("-1/3")}:contains('999,90')`,
        },
        {
            content: "Select the first title",
            trigger: `${titleRow("-1/3")} .o_field_boolean_toggle input`,
            run: "click",
        },
        {
            content: "Select the second title",
            trigger: `${titleRow("-2/3")} .o_field_boolean_toggle input`,
            run: "click",
        },
        {
            content: "Select the third title",
            trigger: `${titleRow("-3/3")} .o_field_boolean_toggle input`,
            run: "click",
        },
        {
            content: "The open amount of the selection is the whole debt",
            trigger: ".o_form_view .o_field_widget[name='amount_open']:contains('3.000,00')",
        },
        {
            content: "Next: fine and interest",
            trigger: ".o_form_view button[name='action_next_step']",
            run: "click",
        },
        {
            content: "The draft is saved now, at the charges step",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='charges']",
        },
        {
            content: "Next: terms",
            trigger: ".o_form_view button[name='action_next_step']",
            run: "click",
        },
        {
            content: "Without payment terms, one installment of the whole total",
            trigger: `${installments}:not(:has(.o_data_row:nth-child(2))) .o_data_row:first-child:contains('3.000,00')`,
        },
        {
            content: "Choose the payment terms 30/60/90",
            trigger: ".o_form_view .o_field_widget[name='payment_term_id'] input",
            run: "edit 30/60/90",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('30/60/90')",
            run: "click",
        },
        {
            content: "The installments follow the terms: three of them",
            trigger: `${installments} .o_data_row:nth-child(3):contains('1.000,20')`,
        },
        {
            trigger: `${installments} .o_data_row:nth-child(1):contains('999,90')`,
        },
        {
            content: "Save the renegotiation",
            trigger: ".o_form_view button[name='action_save']",
            run: "click",
        },
        {
            content: "Saving says so, with the total in Brazilian format",
            trigger: ".o_notification:contains('3.000,00')",
        },
        {
            content: "The saved installments are kept",
            trigger: ".o_form_saved .o_field_widget[name='installment_ids'] .o_data_row:nth-child(3):contains('1.000,20')",
        },
        {
            content: "Next: confirmation",
            trigger: ".o_form_view button[name='action_next_step']",
            run: "click",
        },
        {
            content: "The titles to be generated are previewed, numbered, with the payer",
            trigger: `${installments} .o_data_row:nth-child(3):contains('3/3'):contains('Padaria'):contains('1.000,20')`,
        },
        {
            content: "Confirm",
            trigger: ".o_form_view button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The renegotiation is confirmed and offers its statement",
            trigger: ".o_form_view button[name='action_print_statement']:visible",
        },
        {
            content: "The REN titles are listed with their amounts in Brazilian format",
            trigger: `${installments} .o_data_row:nth-child(3):contains('REN'):contains('1.000,20')`,
        },
        {
            trigger: `${installments} .o_data_row:nth-child(1):contains('REN'):contains('999,90')`,
        },
    ],
});
