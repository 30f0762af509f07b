# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import TelecobrancaCommon
from .test_boleto_common import BoletoCommon


@tagged("post_install", "-at_install")
class TestTitles(TelecobrancaCommon):
    def test_single_installment_numbering(self):
        invoice = self.create_invoice(1000.0, "2025-05-01")
        title = self.titles(invoice)
        self.assertEqual(len(title), 1)
        self.assertRecordValues(
            title,
            [
                {
                    "title_number": f"{invoice.name}-1/1",
                    "date_maturity": fields.Date.from_string("2025-05-31"),
                    "balance": 1000.0,
                    "amount_residual": 1000.0,
                    "is_forecast": False,
                }
            ],
        )

    def test_title_picked_by_its_number(self):
        """Where a journal item is picked (the write-off wizard), typing the
        full title number finds the title, which is named by that number."""
        invoice = self.create_invoice(900.0, "2025-01-10", term=self.term_30_60_90)
        second = self.titles(invoice)[1]
        Line = self.env["account.move.line"].with_context(telecobranca_title_name=True)
        found = Line.name_search(second.title_number, [("is_title", "=", True)])
        self.assertEqual(found, [(second.id, second.title_number)])
        self.assertNotEqual(
            self.env["account.move.line"].browse(second.id).display_name,
            second.title_number,
        )

    def test_three_installments_numbered_by_due_date(self):
        invoice = self.create_invoice(900.0, "2025-01-10", term=self.term_30_60_90)
        titles = self.titles(invoice)
        self.assertEqual(
            titles.mapped("title_number"),
            [f"{invoice.name}-1/3", f"{invoice.name}-2/3", f"{invoice.name}-3/3"],
        )
        self.assertEqual(
            titles.mapped("date_maturity"),
            [
                fields.Date.from_string(d)
                for d in ("2025-02-09", "2025-03-11", "2025-04-10")
            ],
        )
        self.assertAlmostEqual(sum(titles.mapped("balance")), 900.0, places=2)
        # Only the receivable installments are titles.
        others = invoice.line_ids - titles
        self.assertTrue(others)
        self.assertFalse(any(others.mapped("is_title")))
        self.assertFalse(any(others.mapped("title_number")))

    def test_payment_lines_are_not_titles(self):
        invoice = self.create_invoice(500.0, "2025-05-01")
        payment = self.pay(invoice)
        self.assertFalse(payment.move_id.line_ids.filtered("is_title"))
        title = self.titles(invoice)
        self.assertTrue(title.reconciled)
        self.assertEqual(title.amount_residual, 0.0)

    def test_draft_invoice_titles_are_forecast(self):
        invoice = self.create_invoice(
            300.0, "2025-05-01", term=self.term_30_60_90, post=False
        )
        titles = self.titles(invoice)
        self.assertEqual(len(titles), 3)
        self.assertTrue(all(titles.mapped("is_forecast")))
        self.assertEqual(titles[0].title_number, f"*{invoice.id}-1/3")
        invoice.action_post()
        self.assertFalse(any(titles.mapped("is_forecast")))
        self.assertEqual(titles[2].title_number, f"{invoice.name}-3/3")
        self.assertEqual(
            self.env["account.move.line"].search_count(
                [("id", "in", titles.ids), ("is_forecast", "=", True)]
            ),
            0,
        )

    @freeze_time("2025-06-16")
    def test_days_overdue(self):
        late = self.titles(self.create_invoice(100.0, "2025-05-01"))  # due 2025-05-31
        due_today = self.titles(
            self.create_invoice(100.0, "2025-05-17")
        )  # due 2025-06-16
        future = self.titles(self.create_invoice(100.0, "2025-06-10"))  # due 2025-07-10
        paid_invoice = self.create_invoice(100.0, "2025-04-01")  # due 2025-05-01
        self.pay(paid_invoice)
        paid = self.titles(paid_invoice)
        partly_invoice = self.create_invoice(100.0, "2025-04-17")  # due 2025-05-17
        self.pay(partly_invoice, amount=40.0)
        partly = self.titles(partly_invoice)

        self.assertEqual(late.days_overdue, 16)
        self.assertEqual(due_today.days_overdue, 0)
        self.assertEqual(future.days_overdue, 0)
        self.assertEqual(paid.days_overdue, 0)
        self.assertEqual(partly.days_overdue, 30)
        self.assertEqual(partly.amount_residual, 60.0)

        everything = late | due_today | future | paid | partly
        Line = self.env["account.move.line"]

        def ids(domain):
            return set(Line.search([("id", "in", everything.ids), *domain]).ids)

        self.assertEqual(ids([("days_overdue", ">", 0)]), set((late | partly).ids))
        self.assertEqual(ids([("days_overdue", ">", 16)]), set(partly.ids))
        self.assertEqual(ids([("days_overdue", ">=", 16)]), set((late | partly).ids))
        self.assertEqual(ids([("days_overdue", "=", 16)]), set(late.ids))
        self.assertEqual(
            ids([("days_overdue", "<", 20)]),
            set((late | due_today | future | paid).ids),
        )
        self.assertEqual(
            ids([("days_overdue", "=", 0)]), set((due_today | future | paid).ids)
        )
        self.assertEqual(ids([("days_overdue", "!=", 0)]), set((late | partly).ids))
        # Sortable: most overdue first, then the rest.
        ordered = Line.search(
            [("id", "in", everything.ids)], order="days_overdue desc, id"
        )
        self.assertEqual(ordered[:2], partly | late)
        self.assertEqual(ordered[0], partly)

    def test_new_invoice_defaults(self):
        self.customer.with_company(
            self.company
        ).telecobranca_payment_form_id = self.form_pix
        invoice = self.create_invoice(250.0, "2025-05-01", term=self.term_30_60_90)
        self.assertEqual(invoice.telecobranca_payment_form_id, self.form_pix)
        titles = self.titles(invoice)
        self.assertEqual(titles.payment_form_id, self.form_pix)
        self.assertEqual(titles.collection_status_id, self.status_normal)
        # Non-title lines carry neither.
        others = invoice.line_ids - titles
        self.assertFalse(others.payment_form_id)
        self.assertFalse(others.collection_status_id)

    def test_invoice_payment_form_overrides_partner(self):
        self.customer.with_company(
            self.company
        ).telecobranca_payment_form_id = self.form_pix
        move_form = Form(
            self.env["account.move"].with_context(default_move_type="out_invoice")
        )
        move_form.partner_id = self.customer
        self.assertEqual(move_form.telecobranca_payment_form_id, self.form_pix)
        move_form.telecobranca_payment_form_id = self.form_boleto
        move_form.invoice_date = "2025-05-01"
        with move_form.invoice_line_ids.new() as line:
            line.name = "Goods"
            line.price_unit = 120.0
            line.tax_ids.clear()
        invoice = move_form.save()
        invoice.action_post()
        self.assertEqual(self.titles(invoice).payment_form_id, self.form_boleto)

    def test_title_status_is_editable_and_kept(self):
        invoice = self.create_invoice(100.0, "2025-05-01")
        title = self.titles(invoice)
        title.collection_status_id = self.status_legal
        invoice.button_draft()
        invoice.action_post()
        self.assertEqual(title.collection_status_id, self.status_legal)

    def test_no_default_status(self):
        self.company.telecobranca_default_status_id = False
        title = self.titles(self.create_invoice(100.0, "2025-05-01"))
        self.assertFalse(title.collection_status_id)

    def test_customer_entry_is_a_title(self):
        receivable = self.company_data["default_account_receivable"]
        revenue = self.company_data["default_account_revenue"]
        entry = self.env["account.move"].create(
            {
                "move_type": "entry",
                "date": "2025-05-01",
                "line_ids": [
                    Command.create(
                        {
                            "account_id": receivable.id,
                            "partner_id": self.customer.id,
                            "debit": 80.0,
                            "date_maturity": "2025-05-20",
                        }
                    ),
                    Command.create({"account_id": revenue.id, "credit": 80.0}),
                ],
            }
        )
        entry.action_post()
        title = entry.line_ids.filtered("is_title")
        self.assertEqual(title.account_id, receivable)
        self.assertEqual(title.title_number, f"{entry.name}-1/1")


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestTitleErrors(BoletoCommon):
    """Errors of boleto issue and *Send to bank* name the customer, the field
    to fix and the full title number."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.title = cls.titles(cls.boleto_invoice(500.0))

    def assert_send_refused(self, message):
        with self.assertRaisesRegex(UserError, re.escape(message)):
            self.title._telecobranca_send_boletos_to_bank(self.bb_account)
        self.assertNotIn(self.title.boleto_status, ("sent", "registered"))
        self.assertEqual(self.bb_account.boleto_cnab_sequence, 0)

    def test_send_to_bank_without_cep(self):
        self.customer.zip = False
        number = self.title.title_number  # the full number: "NFe 00000001-1/1"
        self.assertRegex(number, r"-1/1$")
        self.assert_send_refused(
            f"Fill in the ZIP code (CEP) of Padaria Pão Dourado Ltda (title {number})."
        )

    def test_send_to_bank_bad_cep_state_city_document(self):
        number = self.title.title_number
        self.customer.zip = "0131"
        self.assert_send_refused(
            "The ZIP code (CEP) 0131 of Padaria Pão Dourado Ltda is not 8 digits"
        )
        self.customer.zip = "01310-100"
        self.customer.state_id = False
        self.assert_send_refused(
            f"Fill in the state (UF) of Padaria Pão Dourado Ltda with a Brazilian "
            f"state (title {number})."
        )
        self.customer.state_id = self.env.ref("base.state_br_sp")
        self.customer.city = False
        self.assert_send_refused(
            f"Fill in the city of Padaria Pão Dourado Ltda (title {number})."
        )
        self.customer.city = "São Paulo"
        self.customer.vat = False
        self.assert_send_refused(
            f"Fill in the CPF/CNPJ (Tax ID) of Padaria Pão Dourado Ltda (title "
            f"{number})."
        )

    def test_cnab_export_names_the_customer(self):
        self.customer.zip = False
        with self.assertRaisesRegex(UserError, "ZIP code \\(CEP\\) of Padaria"):
            self.bb_account._boleto_cnab_export(self.title)
        self.assertEqual(self.bb_account.boleto_cnab_sequence, 0)

    def test_issue_of_a_title_not_paid_by_boleto(self):
        invoice = self.create_invoice(80.0, "2025-06-02")
        title = self.titles(invoice)
        with self.assertRaisesRegex(
            UserError,
            re.escape(
                f"The title {title.title_number} of Padaria Pão Dourado Ltda is not "
                "paid by boleto"
            ),
        ):
            title._telecobranca_issue_boleto(self.bb_account)
