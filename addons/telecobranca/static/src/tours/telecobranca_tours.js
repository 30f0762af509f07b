/** @odoo-module **/
// Tours of the collector's main screens, in Portuguese, run by tests/test_tour.py.
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("telecobranca_partner_tab", {
    steps: () => [
        {
            content: "The overdue smart button shows on the customer",
            trigger:
                "button[name='action_view_telecobranca_titles'].oe_stat_button .o_stat_text:contains('Vencidos')",
        },
        {
            content: "Open the Telecobrança tab",
            trigger: ".o_notebook a.nav-link[name='telecobranca']:contains('Telecobrança')",
            run: "click",
        },
        {
            content: "The first installment is listed",
            trigger: ".o_field_widget[name='telecobranca_title_ids'] .o_data_row:contains('-1/3')",
        },
        {
            content: "The last installment is listed, overdue in red",
            trigger:
                ".o_field_widget[name='telecobranca_title_ids'] .o_data_row.text-danger:contains('-3/3')",
        },
        {
            content: "The overdue total is shown in pt_BR",
            trigger:
                ".o_field_widget[name='telecobranca_overdue_amount']:contains('R$'):contains('1.500,00')",
        },
        {
            content: "Open the customer's titles",
            trigger: "button[name='action_view_telecobranca_titles'].btn-secondary",
            run: "click",
        },
        {
            content: "The titles list shows the three overdue installments",
            trigger: ".o_list_view .o_data_row:contains('-3/3')",
        },
    ],
});

registry.category("web_tour.tours").add("telecobranca_titles_menu", {
    steps: () => [
        ...stepUtils.goToAppSteps(
            "telecobranca.telecobranca_menu_root",
            "Open the Collection app (Cobrança)"
        ),
        {
            content: "Open the titles",
            trigger: ".o_menu_sections [data-menu-xmlid='telecobranca.telecobranca_title_menu']",
            run: "click",
        },
        {
            content: "Titles are listed",
            trigger: ".o_list_view .o_data_row:contains('-2/3')",
        },
        {
            content: "Filter the overdue titles",
            trigger: ".o_searchview_input",
            run: "click",
        },
        {
            trigger: ".o_searchview_input",
            run: "edit Padaria",
        },
        {
            trigger: ".o_searchview_autocomplete .o_menu_item:contains('Cliente')",
            run: "click",
        },
        {
            content: "Only the customer's titles remain",
            trigger: ".o_list_view .o_data_row:contains('Padaria')",
        },
    ],
});
