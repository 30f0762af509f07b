/** @odoo-module **/
// The collector's day, in Portuguese, from the customer's form: run by
// tests/test_tour_flows.py, which hands the texts only the data knows (title
// numbers, digitable line...) through sessionStorage and checks afterwards
// what the tour changed.
import { registry } from "@web/core/registry";
import { browser } from "@web/core/browser/browser";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

function data() {
    return JSON.parse(sessionStorage.getItem("telecobranca_tour") || "{}");
}

const NO_DIALOG = "body:not(:has(.modal))";
const TAB_NOTES = ".o_field_widget[name='telecobranca_note_ids']";

function openTab() {
    return [
        {
            content: "The customer's form is open",
            trigger: `.o_form_view .o_field_widget[name='name']:contains('${data().customer}')`,
        },
        {
            content: "Open the Telecobrança tab",
            trigger: ".o_notebook a.nav-link[name='telecobranca']:contains('Telecobrança')",
            run: "click",
        },
    ];
}

function openMenu(xmlid, content) {
    return [
        ...stepUtils.goToAppSteps("telecobranca.telecobranca_menu_root", "Open Cobrança"),
        {
            content,
            trigger: `.o_menu_sections [data-menu-xmlid='${xmlid}']`,
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("telecobranca_note_pending_resume", {
    steps: () => [
        ...openTab(),
        {
            content: "Write a note on the customer's open case",
            trigger: "button[name='action_telecobranca_note']:contains('Parecer')",
            run: "click",
        },
        {
            content: "The note is for the customer's case",
            trigger: `.modal .o_field_widget[name='case_id']:contains('${data().case}')`,
        },
        {
            content: "Describe the contact",
            trigger: ".modal .o_field_html[name='body'] .odoo-editor-editable div.o-paragraph",
            run: "editor Cliente pediu retorno na sexta-feira",
        },
        {
            content: "Keep it to finish later",
            trigger: ".modal button[name='action_save_pending']:contains('Salvar como Pendente')",
            run: "click",
        },
        {
            content: "The tab lists the note as pending",
            trigger: `${NO_DIALOG} ${TAB_NOTES} .o_data_row:contains('Cliente pediu retorno'):contains('Pendente')`,
        },
        ...openMenu("telecobranca.telecobranca_note_pending_menu", "Open the pending notes"),
        {
            content: "Resume the pending note",
            trigger:
                ".o_list_view .o_data_row:contains('Cliente pediu retorno') button[name='action_resume']:contains('Retomar')",
            run: "click",
        },
        {
            content: "The note comes back with its text",
            trigger: ".modal .o_field_html[name='body']:contains('Cliente pediu retorno')",
        },
        {
            content: "Complete it",
            trigger: ".modal .o_field_html[name='body'] .odoo-editor-editable div.o-paragraph",
            run: "editor Cliente confirmou o pagamento para sexta-feira",
        },
        {
            content: "The note is done",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "Nothing is pending any more",
            trigger: `${NO_DIALOG} .o_action:not(:has(.o_data_row:contains('Cliente'))) .o_control_panel`,
        },
        ...openMenu("telecobranca.telecobranca_case_menu", "Open the cases"),
        {
            content: "Open the customer's case",
            trigger: `.o_list_view .o_data_row:contains('${data().case}') td[name='partner_id']`,
            run: "click",
        },
        {
            content: "Open its history",
            trigger: ".o_form_view button[name='action_view_history']:contains('Histórico')",
            run: "click",
        },
        {
            content: "The history shows the completed note",
            trigger: ".o_list_view .o_data_row:contains('Cliente confirmou o pagamento')",
        },
        {
            content: "and the note of the renegotiation",
            trigger: ".o_list_view .o_data_row:contains('REN')",
        },
        {
            content: "The history is the case's",
            trigger: `.o_breadcrumb:contains('${data().case}'):contains('Histórico')`,
        },
    ],
});

function openTimeline(title) {
    return [
        {
            content: `Open the title ${title}`,
            trigger: `.o_list_view .o_data_row:contains('${title}') td[name='title_number']`,
            run: "click",
        },
        {
            content: "Open its timeline",
            trigger: `.o_form_view:contains('${title}') button[name='action_open_telecobranca_timeline']:contains('Linha do Tempo')`,
            run: "click",
        },
    ];
}

const TIMELINE_ROWS = ".modal .o_field_widget[name='line_ids'] .o_data_row";

registry.category("web_tour.tours").add("telecobranca_timeline", {
    steps: () => [
        ...openTab(),
        {
            content: "Open the customer's titles",
            trigger:
                "div[name='telecobranca_actions'] button[name='action_view_telecobranca_titles']",
            run: "click",
        },
        {
            content: "The customer's open and overdue titles are listed",
            trigger: ".o_list_view .o_searchview .o_searchview_facet:contains('Vencidos')",
        },
        ...openTimeline(data().paid_title),
        {
            content: "The title is the root of its timeline",
            trigger: `${TIMELINE_ROWS}:contains('${data().paid_title}'):has(td[name='level']:contains('0'))`,
        },
        {
            content: "Its partial payment is below it, in pt_BR",
            trigger: `${TIMELINE_ROWS}:contains('Pagamento'):contains('200,00'):has(td[name='level']:contains('1'))`,
        },
        {
            content: "Close the timeline",
            trigger: ".modal .modal-footer button:contains('Fechar')",
            run: "click",
        },
        {
            content: "Back to the titles",
            trigger: `${NO_DIALOG} .o_breadcrumb .breadcrumb-item.o_back_button:contains('${data().customer}')`,
            run: "click",
        },
        ...openTimeline(data().ren_title),
        {
            content: "The renegotiated title is above the REN title",
            trigger: `${TIMELINE_ROWS}:contains('${data().reneg_title}'):has(td[name='level']:contains('-1'))`,
        },
        {
            content: "The REN title is the root",
            trigger: `${TIMELINE_ROWS}:contains('${data().ren_title}'):has(td[name='level']:contains('0'))`,
        },
    ],
});

registry.category("web_tour.tours").add("telecobranca_proposal_send", {
    steps: () => [
        ...openTab(),
        {
            content: "Open the customer's proposals",
            trigger: "div[name='telecobranca_actions'] button:contains('Proposta de Renegociação')",
            run: "click",
        },
        {
            content: "Open the proposal",
            trigger: `.o_list_view .o_data_row:contains('${data().proposal}') td[name='name']`,
            run: "click",
        },
        {
            content: "Send it",
            trigger: ".o_form_view button[name='action_send_proposal']:contains('Enviar Proposta')",
            run: "click",
        },
        {
            content: "The proposal's text is ready",
            trigger: ".modal .o_field_widget[name='text']:contains('Conforme conversamos')",
        },
        {
            content: "to the customer",
            trigger: `.modal .o_field_widget[name='contact_partner_id'] input:value('${data().customer}')`,
        },
        {
            content: "Send it by e-mail",
            trigger: ".modal button[name='action_send_email']:contains('Enviar por E-mail')",
            run: "click",
        },
        {
            content: "The e-mail is in the proposal's chatter with the letter attached",
            trigger: `${NO_DIALOG} .o-mail-Message:has(.o-mail-AttachmentCard:contains('.pdf'))`,
        },
        {
            content: "Back to the customer",
            trigger: `.o_breadcrumb .breadcrumb-item a:contains('${data().customer}')`,
            run: "click",
        },
        ...openTab().slice(1),
        {
            content: "The case notes that the proposal was sent",
            trigger: `${TAB_NOTES} .o_data_row:contains('${data().proposal}')`,
        },
    ],
});

registry.category("web_tour.tours").add("telecobranca_print_boleto", {
    steps: () => [
        ...openTab(),
        {
            content: "Print the customer's boletos",
            trigger: "div[name='telecobranca_actions'] button:contains('Imprimir Boleto')",
            run: "click",
        },
        {
            content: "The open boleto titles are listed",
            trigger: `.modal .o_field_widget[name='line_ids'] .o_data_row:contains('${data().title}')`,
        },
        {
            content: "Download the PDF",
            trigger: ".modal button[name='action_print']:contains('Imprimir / PDF')",
            run: "click",
        },
        {
            content: "The PDF is downloaded: the wizard answers again, with no error",
            trigger:
                "body:not(:has(.o_error_dialog)):not(:has(.o_notification_bar.bg-danger)) .modal button[name='action_view']:not([disabled])",
        },
        {
            content: "View the boletos",
            trigger: ".modal button[name='action_view']:contains('Visualizar')",
            run: "click",
        },
        {
            content: "The boleto shows its digitable line",
            trigger: `:iframe .o_boleto:contains('${data().digitable}')`,
        },
        {
            content: "and its title",
            trigger: `:iframe .o_boleto:contains('${data().title}')`,
        },
    ],
});

registry.category("web_tour.tours").add("telecobranca_writeoff", {
    steps: () => [
        ...openTab(),
        {
            content: "Write a title off without cash",
            trigger: "div[name='telecobranca_actions'] button:contains('Baixar sem Numerário')",
            run: "click",
        },
        {
            content: "Choose the title",
            trigger: ".modal .o_field_widget[name='move_line_id'] input",
            // the invoice number: the title's entry
            run: `edit ${data().entry}`,
        },
        {
            content: "among the customer's titles",
            trigger: `.o-autocomplete--dropdown-menu .dropdown-item:contains('${data().entry}')`,
            run: "click",
        },
        {
            content: "Its open amount is shown",
            trigger: ".modal .o_field_widget[name='amount_residual']:contains('120,00')",
        },
        {
            content: "The default write-off type is proposed",
            trigger: ".modal .o_field_widget[name='writeoff_type_id'] input:value('Incobrável')",
        },
        {
            content: "Give the reason",
            trigger: ".modal .o_field_widget[name='reason'] textarea",
            run: "edit Cliente faliu",
        },
        {
            content: "Write it off",
            trigger: ".modal button[name='action_confirm']:contains('Baixar')",
            run: "click",
        },
        {
            content: "The write-off entry is posted",
            trigger: `${NO_DIALOG} .o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Lançado')`,
        },
        {
            content: "with the title and the reason",
            trigger: `.o_form_view .o_field_widget[name='ref']:contains('${data().title}'):contains('Cliente faliu'), .o_form_view .o_field_widget[name='ref'] input:value('Cliente faliu')`,
        },
        {
            content: "Back to the customer",
            trigger: `.o_breadcrumb .breadcrumb-item a:contains('${data().customer}')`,
            run: "click",
        },
        ...openTab().slice(1),
        {
            content: "The case notes the write-off",
            trigger: `${TAB_NOTES} .o_data_row:contains('${data().title}'):contains('Cliente faliu')`,
        },
    ],
});

registry.category("web_tour.tours").add("telecobranca_whatsapp", {
    steps: () => [
        ...openTab(),
        {
            content: "Print the customer's boletos",
            trigger: "div[name='telecobranca_actions'] button:contains('Imprimir Boleto')",
            run: "click",
        },
        {
            content: "The customer's mobile is proposed",
            trigger:
                ".modal .o_field_widget[name='whatsapp_number'] input:value('(11) 98765-4321')",
        },
        {
            content: "Prepare the WhatsApp message",
            trigger: ".modal .modal-footer button[name='action_whatsapp']",
            run: "click",
        },
        {
            content: "The message greets the customer in Portuguese",
            trigger: `.modal .o_field_widget[name='whatsapp_message']:contains('Olá, ${data().customer}')`,
        },
        {
            content: "with the digitable line of each boleto",
            trigger: `.modal .o_field_widget[name='whatsapp_message']:contains('Linha digitável: ${data().digitable}')`,
        },
        {
            content: "The wa.me link goes to the customer's number",
            trigger:
                ".modal .o_field_widget[name='whatsapp_url']:contains('https://wa.me/5511987654321?text=Ol%C3%A1')",
            run() {
                // the browser stays here: remember what WhatsApp is opened on
                browser.open = (url) => {
                    sessionStorage.setItem("telecobranca_tour_opened", url);
                    return { closed: false };
                };
            },
        },
        {
            content: "Send it",
            trigger: ".modal .modal-footer button[name='action_whatsapp_send']",
            run: "click",
        },
        {
            content: "The case notes the message sent",
            trigger: `${NO_DIALOG} ${TAB_NOTES} .o_data_row:contains('+5511987654321')`,
        },
        {
            content: "WhatsApp was opened on the link shown",
            trigger: `${TAB_NOTES} .o_data_row:contains('${data().digitable}')`,
            run() {
                const opened = sessionStorage.getItem("telecobranca_tour_opened") || "";
                if (!opened.startsWith("https://wa.me/5511987654321?text=")) {
                    throw new Error(`WhatsApp opened on ${opened}`);
                }
            },
        },
    ],
});
