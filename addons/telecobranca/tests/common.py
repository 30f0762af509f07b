# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, fields

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class TelecobrancaCommon(AccountTestInvoicingCommon):
    """A Brazilian company (l10n_br chart) with collection configured.

    Tests run as the independent accounting user of the account tests, made
    collection manager here. Dates are fixed: tests freeze time around
    ``cls.today`` and never depend on the real date.
    """

    today = fields.Date.from_string("2025-06-16")  # a Monday

    @classmethod
    @AccountTestInvoicingCommon.setup_country("br")
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.env.user.groups_id += cls.env.ref("telecobranca.group_telecobranca_manager")
        cls.status_normal = cls.env.ref("telecobranca.title_status_normal")
        cls.status_legal = cls.env.ref("telecobranca.title_status_legal")
        cls.form_boleto = cls.env.ref("telecobranca.payment_form_boleto")
        cls.form_pix = cls.env.ref("telecobranca.payment_form_pix")
        cls.form_check = cls.env.ref("telecobranca.payment_form_check")
        cls.company.telecobranca_default_status_id = cls.status_normal
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Padaria Pão Dourado Ltda",
                "is_company": True,
                "vat": "87.921.742/0001-38",
                "l10n_latam_identification_type_id": cls.env.ref("l10n_br.cnpj").id,
                "country_id": cls.env.ref("base.br").id,
            }
        )
        cls.term_30_60_90 = cls.env["account.payment.term"].create(
            {
                "name": "30/60/90",
                "line_ids": [
                    Command.create(
                        {"value": "percent", "value_amount": 33.33, "nb_days": 30}
                    ),
                    Command.create(
                        {"value": "percent", "value_amount": 33.33, "nb_days": 60}
                    ),
                    Command.create(
                        {"value": "percent", "value_amount": 33.34, "nb_days": 90}
                    ),
                ],
            }
        )
        cls.term_30 = cls.env["account.payment.term"].create(
            {
                "name": "30 days",
                "line_ids": [
                    Command.create(
                        {"value": "percent", "value_amount": 100, "nb_days": 30}
                    ),
                ],
            }
        )

    @classmethod
    def setup_tour_admin(cls):
        """Let the tours' admin work in the test company as collection manager."""
        manager = cls.env.ref("telecobranca.group_telecobranca_manager")
        cls.env.ref("base.user_admin").write(
            {
                "company_ids": [Command.link(cls.company.id)],
                "company_id": cls.company.id,
                "groups_id": [Command.link(manager.id)],
            }
        )

    @classmethod
    def setup_tour_collector(cls, login="tour_collector", group="user"):
        """A collector (or ``group`` "supervisor"/"manager") of the test company
        who works in Portuguese, as the tours' user: password = login.

        setup/test loads pt_BR when it creates the database, so the screens
        the tour walks are the translated ones."""
        if not cls.env["res.lang"]._lang_get("pt_BR").active:
            cls.env["res.lang"]._activate_lang("pt_BR")
            cls.env["ir.module.module"]._load_module_terms(
                ["base", "web", "mail", "account", "telecobranca"], ["pt_BR"]
            )
        return cls.env["res.users"].create(
            {
                "name": "Carla Cobradora" if group == "user" else login,
                "login": login,
                "password": login,
                "email": f"{login}@example.com",
                "lang": "pt_BR",
                "tz": "America/Sao_Paulo",
                "company_id": cls.company.id,
                "company_ids": [Command.set(cls.company.ids)],
                "groups_id": [
                    Command.set(
                        [
                            cls.env.ref("base.group_user").id,
                            cls.env.ref(f"telecobranca.group_telecobranca_{group}").id,
                        ]
                    )
                ],
            }
        )

    @classmethod
    def create_invoice(
        cls,
        amount,
        invoice_date,
        *,
        partner=None,
        term=None,
        post=True,
        company=None,
        **vals,
    ):
        """A customer invoice of one untaxed line of ``amount``."""
        company = company or cls.company
        move = (
            cls.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": (partner or cls.customer).id,
                    "invoice_date": invoice_date,
                    "date": invoice_date,
                    "invoice_payment_term_id": (term or cls.term_30).id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Goods",
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                    **vals,
                }
            )
        )
        if post:
            move.action_post()
        return move

    @classmethod
    def pay(cls, invoice, amount=None, date=None):
        """Register a payment of ``amount`` (all by default) on ``invoice``."""
        register = (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"payment_date": date or invoice.invoice_date})
        )
        if amount is not None:
            register.amount = amount
        return register._create_payments()

    @staticmethod
    def titles(moves):
        return moves.line_ids.filtered("is_title").sorted("date_maturity")
