# Copyright 2026 Telecobrança contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Telecobrança",
    "summary": "Collection of overdue receivables for Brazilian companies: "
    "titles, collection cases, renegotiation, boletos",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/telecobranca/telecobranca",
    "author": "Telecobrança contributors",
    "maintainers": ["telecobranca"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "application": True,
    "depends": [
        "account",
        "contacts",
        "l10n_br",
        "mail",
    ],
    "data": [
        "security/telecobranca_groups.xml",
        "security/ir.model.access.csv",
        "security/telecobranca_security.xml",
        "data/telecobranca_title_status_data.xml",
        "data/telecobranca_payment_form_data.xml",
        "views/telecobranca_title_status_views.xml",
        "views/telecobranca_payment_form_views.xml",
        "views/telecobranca_case_type_views.xml",
        "views/telecobranca_contact_type_views.xml",
        "views/telecobranca_responsibility_center_views.xml",
        "views/account_move_line_views.xml",
        "views/account_move_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/telecobranca_menus.xml",
    ],
    "demo": [
        "demo/telecobranca_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "telecobranca/static/src/tours/*.js",
        ],
    },
}
