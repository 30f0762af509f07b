# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import os
import subprocess
import tempfile
from datetime import date
from decimal import Decimal
from urllib.parse import unquote

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from ..models.telecobranca_flow import FLOW
from ..tools import boleto as boleto_tools
from ..tools import pix as pix_tools
from .test_boleto_common import PIX_KEY, BoletoCommon


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestBoleto(BoletoCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls.boleto_invoice(1234.56)
        cls.title = cls.titles(cls.invoice)

    # ------------------------------------------------------------------
    # Bank account settings
    # ------------------------------------------------------------------
    def test_account_sequence_created(self):
        self.assertTrue(self.bb_account.boleto_sequence_id)
        self.assertEqual(self.bb_account.boleto_next_number, 1)

    def test_account_missing_settings(self):
        with self.assertRaisesRegex(ValidationError, "agreement"):
            self.env["res.partner.bank"].create(
                {
                    "acc_number": "4321-0",
                    "partner_id": self.company.partner_id.id,
                    "boleto_enabled": True,
                    "boleto_bank_code": "001",
                    "boleto_agency": "1234",
                    "boleto_account": "4321",
                    "boleto_wallet": "17",
                }
            )
        with self.assertRaisesRegex(ValidationError, "4, 6, 7 or 8"):
            self.bb_account.boleto_agreement = "123"
        with self.assertRaisesRegex(ValidationError, "connector"):
            self.bb_account.write(
                {"boleto_integration": "api", "boleto_connector": False}
            )
        self.env.invalidate_all()
        with self.assertRaisesRegex(ValidationError, "Choose the bank"):
            self.bb_account.boleto_bank_code = False

    def test_check_settings_button(self):
        action = self.bb_account.action_check_boleto_settings()
        self.assertEqual(action["params"]["type"], "success")
        self.bb_account.boleto_enabled = False
        with self.assertRaisesRegex(UserError, "does not issue boletos"):
            self.bb_account.action_check_boleto_settings()

    # ------------------------------------------------------------------
    # Title boleto
    # ------------------------------------------------------------------
    def test_barcode_equals_library(self):
        self.title._telecobranca_issue_boleto(self.bb_account)
        expected = boleto_tools.compute(
            "001",
            agency="1234",
            account="99999",
            account_digit="7",
            wallet="17",
            agreement="1234567",
            nosso_numero="1",
            due_date=date(2025, 7, 2),
            amount=Decimal("1234.56"),
        )
        self.assertRecordValues(
            self.title,
            [
                {
                    "boleto_account_id": self.bb_account.id,
                    "boleto_sequence_number": "1",
                    "boleto_nosso_numero": "12345670000000001",
                    "boleto_barcode": expected.barcode,
                    "boleto_digitable_line": expected.digitable_line_formatted,
                    "boleto_amount": 1234.56,
                    "boleto_due_date": date(2025, 7, 2),
                    "boleto_status": "not_sent",
                }
            ],
        )
        self.assertEqual(len(self.title.boleto_barcode), 44)
        parsed = boleto_tools.parse_barcode(
            self.title.boleto_barcode, date(2025, 6, 16)
        )
        self.assertEqual(parsed.amount, Decimal("1234.56"))

    def test_nosso_numero_assigned_once(self):
        other = self.titles(self.boleto_invoice(100.0))
        self.title._telecobranca_issue_boleto(self.bb_account)
        self.title._telecobranca_issue_boleto(self.bb_account)
        other._telecobranca_issue_boleto(self.bb_account)
        self.assertEqual(self.title.boleto_sequence_number, "1")
        self.assertEqual(other.boleto_sequence_number, "2")
        self.assertEqual(self.bb_account.boleto_next_number, 3)
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.env.cr.savepoint(),
        ):
            # as a flow would (a plain write is refused, see test_roles.py)
            other.with_context(telecobranca_flow=FLOW).write(
                {"boleto_sequence_number": "1"}
            )
            other.flush_recordset()

    def test_pix_payload_on_hybrid_layout(self):
        self.title._telecobranca_issue_boleto(self.bb_account)
        parsed = pix_tools.parse(self.title.boleto_pix_payload)
        self.assertEqual(parsed["key"], PIX_KEY)
        self.assertEqual(Decimal(parsed["amount"]), Decimal("1234.56"))
        self.title._telecobranca_issue_boleto(self.bb_account, layout="plain")
        self.assertFalse(self.title.boleto_pix_payload)

    def test_bad_titles(self):
        cheque = self.titles(
            self.create_invoice(
                50.0, "2025-06-02", telecobranca_payment_form_id=self.form_check.id
            )
        )
        with self.assertRaisesRegex(UserError, "not paid by boleto"):
            cheque._telecobranca_issue_boleto(self.bb_account)
        forecast = self.titles(self.boleto_invoice(50.0, post=False))
        with self.assertRaisesRegex(UserError, "forecast"):
            forecast._telecobranca_issue_boleto(self.bb_account)
        settled_invoice = self.boleto_invoice(50.0)
        self.pay(settled_invoice)
        with self.assertRaisesRegex(UserError, "already settled"):
            self.titles(settled_invoice)._telecobranca_issue_boleto(self.bb_account)
        huge = self.titles(self.boleto_invoice(100_000_000.0))
        with self.assertRaisesRegex(UserError, "10 digits"):
            huge._telecobranca_issue_boleto(self.bb_account)
        late = self.titles(self.boleto_invoice(50.0))
        late.date_maturity = date(2050, 1, 1)
        with self.assertRaisesRegex(UserError, "due factor"):
            late._telecobranca_issue_boleto(self.bb_account)
        self.assertFalse(
            any((cheque | forecast | huge | late).mapped("boleto_sequence_number"))
        )

    # ------------------------------------------------------------------
    # Report
    # ------------------------------------------------------------------
    def _render_pdf(self, titles):
        content, _kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("telecobranca.action_report_boleto", titles.ids)
        )
        return content

    def test_pdf_renders(self):
        self.title._telecobranca_issue_boleto(self.bb_account)
        content = self._render_pdf(self.title)
        self.assertTrue(content.startswith(b"%PDF"))
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("telecobranca.action_report_boleto", self.title.ids)[0]
            .decode()
        )
        for text in (
            "Ficha de Compensação",
            "Recibo do Pagador",
            "001-9",
            self.title.boleto_digitable_line,
            "data:image/svg+xml;base64,",
            "data:image/png;base64,",
            "87.921.742/0001-38",
        ):
            self.assertIn(text, html)
        picture = os.environ.get("TELECOBRANCA_BOLETO_PNG")
        if picture:  # docs/img/boleto.png for the README
            with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
                pdf.write(content)
                pdf.flush()
                subprocess.run(
                    [
                        "pdftoppm",
                        "-png",
                        "-r",
                        "80",
                        "-singlefile",
                        pdf.name,
                        picture[:-4],
                    ],
                    check=True,
                )

    def test_batch_pdf(self):
        titles = self.title | self.titles(
            self.boleto_invoice(200.0) | self.boleto_invoice(300.0)
        )
        self.assertEqual(len(titles), 3)
        titles._telecobranca_issue_boleto(self.bb_account)
        content = self._render_pdf(titles)
        self.assertTrue(content.startswith(b"%PDF"))
        self.assertEqual(
            content.count(b"/Type /Page\n") + content.count(b"/Type /Page>"), 3
        )
        self.assertEqual(len(set(titles.mapped("boleto_sequence_number"))), 3)

    # ------------------------------------------------------------------
    # Print wizard
    # ------------------------------------------------------------------
    def _wizard(self, titles, **values):
        action = titles.action_telecobranca_print_boleto()
        form = Form(self.env[action["res_model"]].with_context(**action["context"]))
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def test_wizard_print_view_and_log(self):
        self.bb_account.boleto_integration = "none"
        wizard = self._wizard(self.title)
        self.assertEqual(wizard.bank_account_id, self.bb_account)
        self.assertEqual(wizard.layout, "hybrid")
        self.assertEqual(wizard.whatsapp_number, "(11) 98765-4321")
        view = wizard.action_view()
        self.assertEqual(view["report_type"], "qweb-html")
        printed = wizard.action_print()
        self.assertEqual(printed["report_name"], "telecobranca.report_boleto")
        self.assertEqual(printed["report_type"], "qweb-pdf")
        self.assertEqual(self.title.boleto_sequence_number, "1")
        messages = self.invoice.message_ids.mapped("body")
        self.assertTrue(any("Boleto printed" in body for body in messages))

    def test_wizard_email(self):
        self.bb_account.boleto_integration = "none"
        action = self._wizard(self.title).action_email()
        self.assertEqual(action["res_model"], "mail.compose.message")
        context = action["context"]
        attachment = self.env["ir.attachment"].browse(context["default_attachment_ids"])
        self.assertEqual(attachment.res_id, self.invoice.id)
        self.assertIn("boleto", context["default_body"])
        composer = Form(self.env["mail.compose.message"].with_context(**context))
        self.assertEqual(composer.attachment_ids[:], attachment)

    def test_wizard_whatsapp(self):
        self.bb_account.boleto_integration = "none"
        wizard = self._wizard(self.title)
        # first the message and its link are shown, nothing is noted yet
        action = wizard.action_whatsapp()
        self.assertEqual(action["res_model"], wizard._name)
        self.assertEqual(action["res_id"], wizard.id)
        self.assertEqual(wizard.state, "whatsapp")
        self.assertIn(self.title.boleto_digitable_line, wizard.whatsapp_message)
        self.assertIn(self.title.boleto_pix_payload, wizard.whatsapp_message)
        self.assertTrue(
            wizard.whatsapp_url.startswith("https://wa.me/5511987654321?text=")
        )
        self.assertNotIn("WhatsApp", " ".join(self.invoice.message_ids.mapped("body")))
        # sending opens that link and closes the wizard
        action = wizard.action_whatsapp_send()
        self.assertEqual(action["url"], wizard.whatsapp_url)
        self.assertTrue(action["close"])
        text = unquote(action["url"].split("text=", 1)[1])
        self.assertEqual(text, wizard.whatsapp_message)
        self.assertIn("WhatsApp", " ".join(self.invoice.message_ids.mapped("body")))
        with self.assertRaisesRegex(UserError, "WhatsApp number"):
            self._wizard(self.title, whatsapp_number="123").action_whatsapp()

    def test_wizard_whatsapp_number_among_the_customers_contacts(self):
        """The number is chosen among the customer's contacts that have one,
        or typed by hand (F8.5, issue 11)."""
        self.bb_account.boleto_integration = "none"
        maria = self.env["res.partner"].create(
            {
                "name": "Maria Financeiro",
                "parent_id": self.customer.id,
                "type": "contact",
                "mobile": "(21) 99876-5432",
            }
        )
        self.env["res.partner"].create(
            {"name": "No Phone", "parent_id": self.customer.id, "type": "contact"}
        )
        action = self.title.action_telecobranca_print_boleto()
        Wizard = self.env[action["res_model"]].with_context(**action["context"])
        form = Form(Wizard)
        # the customer first, its own mobile
        self.assertEqual(form.whatsapp_contact_id, self.customer)
        self.assertEqual(form.whatsapp_number, "(11) 98765-4321")
        offered = self.env["res.partner"].search(
            [
                ("commercial_partner_id", "=", self.customer.id),
                "|",
                ("mobile", "!=", False),
                ("phone", "!=", False),
            ]
        )
        self.assertEqual(offered, self.customer | maria)
        # another contact: its number
        form.whatsapp_contact_id = maria
        self.assertEqual(form.whatsapp_number, "(21) 99876-5432")
        wizard = form.save()
        wizard.action_whatsapp()
        url = unquote(wizard.action_whatsapp_send()["url"])
        self.assertTrue(url.startswith("https://wa.me/5521998765432?text="))
        # a number typed by hand wins
        form = Form(Wizard)
        form.whatsapp_number = "(31) 3333-4444"
        wizard = form.save()
        wizard.action_whatsapp()
        url = unquote(wizard.action_whatsapp_send()["url"])
        self.assertTrue(url.startswith("https://wa.me/553133334444?text="))

    def test_wizard_send_customer_templates(self):
        self.bb_account.boleto_integration = "none"
        Template = self.env["telecobranca.customer.template"]
        free = Template.create(
            {"name": "Folder", "category": "folder", "body_html": "<p>News</p>"}
        )
        restricted = Template.create(
            {
                "name": "Price adjustment",
                "category": "price_adjustment",
                "body_html": "<p>Adjust</p>",
                "group_ids": [(6, 0, self.env.ref("base.group_system").ids)],
            }
        )
        self.env.user.groups_id -= self.env.ref("base.group_system")
        allowed = Template.search(Template._allowed_domain())
        self.assertIn(free, allowed)
        self.assertNotIn(restricted, allowed)
        action = self._wizard(self.title, template_id=free).action_send_customer()
        self.assertIn("News", action["context"]["default_body"])
        wizard = self._wizard(self.title)
        wizard.template_id = restricted
        with self.assertRaisesRegex(UserError, "not allowed"):
            wizard.action_send_customer()

    def test_wizard_asks_to_send_first(self):
        self.bb_account.write({"boleto_integration": "api", "boleto_connector": "fake"})
        wizard = self._wizard(self.title)
        action = wizard.action_print()
        self.assertEqual(action["res_model"], "telecobranca.boleto.print")
        self.assertEqual(wizard.state, "confirm")
        self.assertEqual(wizard.pending_action, "print")
        action = wizard.action_confirm_send()
        self.assertEqual(action["report_name"], "telecobranca.report_boleto")
        self.assertEqual(self.title.boleto_status, "registered")
        self.assertEqual(self.title.boleto_bank_reference, "FAKE-12345670000000001")
        # registered now: printing does not ask again
        self.assertEqual(wizard.action_print()["type"], "ir.actions.report")
        with self.assertRaisesRegex(UserError, "already registered"):
            wizard.action_send_bank()

    def test_wizard_skip_send(self):
        wizard = self._wizard(self.title)  # CNAB account
        wizard.action_view()
        self.assertEqual(wizard.state, "confirm")
        self.assertEqual(wizard.action_skip_send()["report_type"], "qweb-html")
        self.assertEqual(self.title.boleto_status, "not_sent")

    def test_fake_connector(self):
        self.bb_account.write({"boleto_integration": "api", "boleto_connector": "fake"})
        stranger = self.env["res.partner"].create({"name": "No Document"})
        other = self.titles(self.boleto_invoice(80.0, partner=stranger))
        (self.title | other)._telecobranca_register_at_bank(self.bb_account)
        self.assertEqual(self.title.boleto_status, "registered")
        self.assertEqual(other.boleto_status, "rejected")
        self.assertIn("CPF/CNPJ", other.boleto_bank_message)
        connector = self.env["telecobranca.bank.connector"]._get_connector("fake")
        self.assertEqual(
            connector._fetch_status(self.title)[self.title][0], "registered"
        )
        self.assertIn(
            ("fake", connector._connector_label),
            self.env["telecobranca.bank.connector"]._connector_selection(),
        )
        self.title.with_context(telecobranca_flow=FLOW).boleto_status = "sent"
        self.title.action_telecobranca_fetch_bank_status()
        self.assertEqual(self.title.boleto_status, "registered")
        self.pay(self.invoice)
        self.title.action_telecobranca_fetch_bank_status()
        self.assertEqual(self.title.boleto_status, "paid")
        with self.assertRaisesRegex(UserError, "no bank connector"):
            self.env["telecobranca.bank.connector"]._get_connector("nope")

    def test_partner_tab_wizard_defaults(self):
        self.bb_account.boleto_integration = "none"
        Wizard = self.env["telecobranca.boleto.print"].with_context(
            default_partner_id=self.customer.id
        )
        wizard = Form(Wizard).save()
        self.assertEqual(wizard.line_ids, self.title)
