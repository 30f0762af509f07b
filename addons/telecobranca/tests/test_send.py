# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""``telecobranca.send``: what reaches the customer and the note it leaves."""

from urllib.parse import unquote

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .test_boleto_common import BoletoCommon


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestSend(BoletoCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("pt_BR")
        cls.customer.lang = "pt_BR"
        cls.bb_account.boleto_integration = "none"
        cls.invoice = cls.boleto_invoice(1234.56)
        cls.title = cls.titles(cls.invoice)
        cls.case = cls.env["telecobranca.case"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.company.id,
                "line_ids": [Command.create({"move_line_id": cls.title.id})],
            }
        )
        cls.Send = cls.env["telecobranca.send"]

    @classmethod
    def default_env_context(cls):
        return {}

    def notes(self, origin):
        return self.env["telecobranca.note"].search(
            [("case_id", "=", self.case.id), ("origin", "=", origin)]
        )

    def issue(self, titles=None):
        (titles or self.title)._telecobranca_issue_boleto(self.bb_account)

    # ------------------------------------------------------------------
    # PDF
    # ------------------------------------------------------------------
    def test_render_refuses_titles_without_boleto(self):
        with self.assertRaisesRegex(UserError, "no boleto yet"):
            self.Send._render_boleto_pdf(self.title)
        with self.assertRaisesRegex(UserError, "no boleto yet"):
            self.env["ir.actions.report"]._render_qweb_html(
                "telecobranca.action_report_boleto", self.title.ids
            )
        # rendering took no nosso número
        self.assertFalse(self.title.boleto_sequence_number)
        self.assertEqual(self.bb_account.boleto_next_number, 1)

    def test_render_only_reads(self):
        self.issue()
        before = self.title.read(
            ["boleto_sequence_number", "boleto_barcode", "boleto_status"]
        )
        self.Send._render_boleto_pdf(self.title)
        self.assertEqual(
            self.title.read(
                ["boleto_sequence_number", "boleto_barcode", "boleto_status"]
            ),
            before,
        )
        self.assertEqual(self.bb_account.boleto_next_number, 2)

    def test_report_action_has_the_titles(self):
        self.issue()
        action = self.Send._get_boleto_report_action(self.title)
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertFalse(action["data"])
        self.assertEqual(action["context"]["active_ids"], self.title.ids)

    # ------------------------------------------------------------------
    # Bank
    # ------------------------------------------------------------------
    def test_send_to_bank_from_the_titles(self):
        self.bb_account.write(
            {"boleto_integration": "cnab", "boleto_cnab_wallet_code": "2"}
        )
        action = self.title.action_telecobranca_print_boleto()
        wizard = Form(
            self.env[action["res_model"]].with_context(**action["context"])
        ).save()
        self.assertEqual(wizard.collection_type, "2")  # the account's wallet code
        self.issue()
        action = self.title._telecobranca_send_boletos_to_bank(self.bb_account)
        self.assertEqual(action["type"], "ir.actions.act_url")
        attachment_id = int(action["url"].split("/web/content/")[1].split("?")[0])
        remittance = self.env["ir.attachment"].browse(attachment_id).raw.decode()
        self.assertIn(self.title._boleto_cnab_nosso_numero(), remittance)
        self.assertEqual(self.title.boleto_status, "sent")
        with self.assertRaisesRegex(UserError, "already registered"):
            self.title._telecobranca_send_boletos_to_bank(self.bb_account)
        self.bb_account.boleto_integration = "none"
        with self.assertRaisesRegex(UserError, "not integrated"):
            self.title._telecobranca_send_boletos_to_bank(self.bb_account)

    # ------------------------------------------------------------------
    # E-mail
    # ------------------------------------------------------------------
    def test_boleto_email_noted_when_sent_not_when_opened(self):
        self.issue()
        action = self.Send._prepare_boleto_email(self.title)
        self.assertEqual(action["res_model"], "mail.compose.message")
        self.assertFalse(self.notes("email"))
        composer = Form(
            self.env["mail.compose.message"].with_context(**action["context"])
        ).save()
        self.assertFalse(self.notes("email"))
        composer.action_send_mail()
        note = self.notes("email")
        self.assertEqual(len(note), 1)
        self.assertIn("Boleto sent by e-mail to Padaria Pão Dourado Ltda", note.body)
        self.assertIn(self.title.title_number, note.body)
        message = self.env["mail.message"].search(
            [
                ("model", "=", "account.move"),
                ("res_id", "=", self.invoice.id),
                ("message_type", "=", "comment"),
                ("attachment_ids", "!=", False),
            ]
        )
        self.assertIn(self.customer, message.partner_ids)
        self.assertEqual(message.attachment_ids.mimetype, "application/pdf")

    def test_template_email_noted_when_sent(self):
        template = self.env["telecobranca.customer.template"].create(
            {"name": "Price adjustment 2025", "body_html": "<p>Novos preços</p>"}
        )
        action = self.Send._prepare_template_email(self.title, template)
        self.assertIn("Novos preços", action["context"]["default_body"])
        composer = Form(
            self.env["mail.compose.message"].with_context(**action["context"])
        ).save()
        self.assertFalse(self.notes("email"))
        composer.action_send_mail()
        self.assertIn("Template Price adjustment 2025 sent", self.notes("email").body)

    def test_unrelated_composer_leaves_no_note(self):
        composer = (
            self.env["mail.compose.message"]
            .with_context(
                default_model="account.move",
                default_res_ids=self.invoice.ids,
                default_composition_mode="comment",
            )
            .create({"body": "<p>Hi</p>", "partner_ids": self.customer.ids})
        )
        composer.action_send_mail()
        self.assertFalse(self.notes("email"))

    def test_collection_email_noted(self):
        self.Send._send_collection_email(self.case)
        note = self.notes("email")
        self.assertEqual(len(note), 1)
        self.assertIn("financeiro@paodourado.example.com", note.body)
        self.customer.email = False
        self.assertFalse(self.Send._send_collection_email(self.case))
        self.assertEqual(len(self.notes("email")), 1)

    # ------------------------------------------------------------------
    # WhatsApp
    # ------------------------------------------------------------------
    def test_whatsapp_number(self):
        normalize = self.Send._normalize_whatsapp_number
        self.assertEqual(normalize("(11) 98765-4321"), "5511987654321")
        self.assertEqual(normalize("+55 11 3333-4444"), "551133334444")
        self.assertEqual(normalize("+351 912 345 678"), "351912345678")
        with self.assertRaisesRegex(UserError, "area code"):
            normalize("98765-4321")

    def test_whatsapp_link_text_and_note(self):
        second = self.titles(self.boleto_invoice(2500.0))
        titles = self.title | second
        self.issue(titles)
        action = self.Send._send_boleto_whatsapp(titles, "(11) 98765-4321")
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertTrue(action["url"].startswith("https://wa.me/5511987654321?text="))
        text = unquote(action["url"].split("text=", 1)[1])
        self.assertIn("Padaria Pão Dourado Ltda,", text)
        for title in titles:
            self.assertIn(title.title_number, text)
            self.assertIn(title.boleto_digitable_line, text)
            self.assertIn(title.boleto_pix_payload, text)
        # amounts and dates as a Brazilian customer reads them
        self.assertIn("R$\xa01.234,56", text)
        self.assertIn("R$\xa02.500,00", text)
        self.assertIn("vencimento 02/07/2025", text)  # in Portuguese
        self.assertNotIn("1,234.56", text)
        note = self.notes("whatsapp")
        self.assertEqual(len(note), 1)
        self.assertIn("+5511987654321", note.body)
        self.assertIn(self.title.title_number, note.body)
        self.assertIn(second.title_number, note.body)
        # the note keeps the text that was sent, line by line
        for title in titles:
            self.assertIn(title.boleto_digitable_line, note.body)
        self.assertIn("valor R$&nbsp;1.234,56", note.body)
        self.assertIn("<br>", note.body)

    def test_whatsapp_in_english_for_an_english_customer(self):
        self.customer.lang = "en_US"
        self.issue()
        text = self.Send._get_boleto_whatsapp_text(self.title)
        self.assertIn("R$\xa01,234.56", text)
        self.assertIn("07/02/2025", text)

    def test_whatsapp_needs_boletos(self):
        with self.assertRaisesRegex(UserError, "no boleto yet"):
            self.Send._send_boleto_whatsapp(self.title, "(11) 98765-4321")
        self.assertFalse(self.notes("whatsapp"))
