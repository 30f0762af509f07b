# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The customer statement of open and overdue titles: the PDF read back with
pdftotext (see ``test_reports_pdf.py``), in the customer's language, printed
and e-mailed from the customer's Telecobrança tab."""

from unittest import skipIf

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged

from .common import TelecobrancaCommon
from .test_reports_pdf import PDFTOTEXT, ReportPdfMixin, pdf_text


@skipIf(not PDFTOTEXT, "pdftotext (poppler-utils) is not installed")
@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestStatement(ReportPdfMixin, TelecobrancaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("pt_BR")
        cls.customer.write({"lang": "pt_BR", "email": "financeiro@example.com"})
        cls.late = cls.titles(cls.create_invoice(1234.56, "2025-04-01"))  # 05-01
        cls.three = cls.titles(
            cls.create_invoice(2500.0, "2025-05-20", term=cls.term_30_60_90)
        )  # due 06-19, 07-19, 08-18
        cls.paid = cls.titles(cls.create_invoice(70.0, "2025-02-01"))
        cls.pay(cls.paid.move_id)
        cls.draft = cls.titles(cls.create_invoice(55.0, "2025-06-01", post=False))
        cls.other = cls.titles(
            cls.create_invoice(999.0, "2025-03-01", partner=cls.partner_a)
        )
        cls.collector = new_test_user(
            cls.env,
            "statement_collector",
            email="carla@example.com",
            company_id=cls.company.id,
            company_ids=cls.company.ids,
            groups="base.group_user,telecobranca.group_telecobranca_user",
        )

    def test_statement_pdf(self):
        action = self.customer.action_telecobranca_print_statement()
        self.assertFalse(action.get("data"))
        self.assertEqual(action["context"]["active_ids"], self.customer.ids)
        text, pages = self.follow_report_action(action)
        self.assertEqual(pages, 1)
        self.assertIn("Padaria Pão Dourado Ltda", text)
        self.assertIn("87.921.742/0001-38", text)
        for title in self.late | self.three:
            self.assertIn(title.title_number, text)
        for title in self.paid | self.draft | self.other:
            self.assertNotIn(title.title_number, text)
        # dates and amounts in the customer's language (pt_BR)
        self.assertIn("01/05/2025", text)  # due date of the late title
        self.assertIn("R$ 1.234,56", text)
        self.assertIn("R$ 833,25", text)
        self.assertIn("R$ 833,50", text)
        # 46 days overdue, then the totals: overdue, not yet due, open
        self.assertRegex(text, r"01/05/2025 46 R\$ 1\.234,56 R\$ 1\.234,56")
        self.assertIn("R$ 2.500,00", text)  # not yet due
        self.assertIn("R$ 3.734,56", text)  # total open
        self.assertNotIn("1,234.56", text)

    def test_statement_as_collector(self):
        action = self.customer.with_user(
            self.collector
        ).action_telecobranca_print_statement()
        text, _pages = self.follow_report_action(action)
        self.assertIn(self.late.title_number, text)

    def test_email_statement(self):
        case = self.env["telecobranca.case"].create(
            {"partner_id": self.customer.id, "user_id": self.collector.id}
        )
        customer = self.customer.with_user(self.collector).with_context(
            force_report_rendering=True
        )
        action = customer.action_telecobranca_email_statement()
        self.assertEqual(action["res_model"], "mail.compose.message")
        self.assertEqual(action["context"]["default_model"], "telecobranca.case")
        self.assertEqual(action["context"]["default_res_ids"], case.ids)
        attachment = self.env["ir.attachment"].browse(
            action["context"]["default_attachment_ids"]
        )
        self.assertEqual(attachment.mimetype, "application/pdf")
        text = pdf_text(attachment.raw)
        self.assertIn(self.late.title_number, text)
        self.assertIn("R$ 3.734,56", text)
        composer = Form(
            self.env["mail.compose.message"]
            .with_user(self.collector)
            .with_context(**action["context"])
        ).save()
        composer.action_send_mail()
        message = case.message_ids.filtered(lambda m: m.attachment_ids)[:1]
        self.assertEqual(message.attachment_ids, attachment)
        self.assertEqual(message.partner_ids, self.customer)
        note = case.note_ids.filtered(lambda n: n.origin == "email")
        self.assertEqual(len(note), 1)
        self.assertIn("Statement of open titles sent by e-mail", note.body)

    def test_email_statement_needs_the_customer_address(self):
        self.customer.email = False
        with self.assertRaisesRegex(
            UserError, "Fill in the e-mail address of Padaria Pão Dourado Ltda"
        ):
            self.customer.action_telecobranca_email_statement()
