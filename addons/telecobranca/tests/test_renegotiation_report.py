# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import os
from urllib.parse import unquote

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from ..report.telecobranca_renegotiation_report import amount_in_words
from .test_renegotiation import RenegotiationCommon

# Set to a directory to keep the rendered PDFs (pictures of the README).
REPORT_DIR = os.environ.get("TELECOBRANCA_REPORT_DIR")


@tagged("post_install", "-at_install")
class TestRenegotiationReport(RenegotiationCommon):
    """Statement (F5.12) and proposal letter (F6)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.write(
            {
                "email": "financeiro@paodourado.com.br",
                "mobile": "(11) 98765-4321",
                "street": "Rua das Flores, 123",
                "city": "São Paulo",
                "zip": "01310-100",
            }
        )
        cls.company.partner_id.write(
            {
                "name": "Distribuidora Boa Safra Ltda",
                "vat": "11.222.333/0001-81",
                "street": "Av. Paulista, 1000",
                "city": "São Paulo",
                "zip": "01310-100",
                "phone": "(11) 3333-4444",
                "email": "cobranca@boasafra.com.br",
            }
        )
        cls.invoice = cls.create_invoice(1000.0, "2025-04-01")
        cls.title = cls.titles(cls.invoice)

    def _render(self, xmlid, reneg, name):
        report = self.env.ref(xmlid).with_context(force_report_rendering=True)
        pdf, kind = report._render_qweb_pdf(report, reneg.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        if REPORT_DIR:
            with open(os.path.join(REPORT_DIR, name), "wb") as output:
                output.write(pdf)
        html = report._render_qweb_html(report, reneg.ids)[0].decode()
        return html

    def test_amount_in_words(self):
        self.assertEqual(
            amount_in_words(1035.33),
            "mil e trinta e cinco reais e trinta e três centavos",
        )
        self.assertEqual(amount_in_words(1.01), "um real e um centavo")
        self.assertEqual(amount_in_words(0.5), "cinquenta centavos")

    @freeze_time("2025-06-16")
    def test_statement_pdf(self):
        reneg = self.renegotiate(self.title, note="Acordo firmado por telefone")
        reneg.action_compute_installments()
        reneg.installment_ids.payment_form_id = self.form_boleto
        reneg.action_confirm()
        html = self._render(
            "telecobranca.telecobranca_renegotiation_statement_report",
            reneg,
            "renegotiation_statement.pdf",
        )
        self.assertIn("mil e trinta e cinco reais e trinta e três centavos", html)
        self.assertIn(self.company.name, html)
        self.assertIn(reneg.move_id.name, html)
        self.assertIn(self.title.title_number, html)
        self.assertEqual(
            reneg.action_print_statement()["report_name"],
            "telecobranca.report_renegotiation_statement",
        )

    @freeze_time("2025-06-16")
    def test_proposal_pdf_and_email(self):
        reneg = self.renegotiate(self.title)
        reneg.action_compute_installments()
        action = reneg.action_send_proposal()
        wizard = Form(self.env[action["res_model"]].with_context(**action["context"]))
        self.assertEqual(str(wizard.valid_until), "2025-06-21")
        wizard.text = "<p>Conforme conversamos, segue nossa proposta.</p>"
        wizard = wizard.save()
        wizard.action_send_email()
        self.assertEqual(reneg.contact_partner_id, self.customer)
        message = reneg.message_ids[0]
        self.assertIn(self.customer, message.partner_ids)
        self.assertIn("Conforme conversamos", message.body)
        self.assertTrue(message.attachment_ids)
        # the proposal letter (rendered as HTML instead of PDF in tests)
        self.assertTrue(message.attachment_ids[0].name.startswith("Proposal"))
        html = self._render(
            "telecobranca.telecobranca_renegotiation_proposal_report",
            reneg,
            "proposal_letter.pdf",
        )
        self.assertIn("Conforme conversamos", html)
        self.assertIn("21/06/2025", html)

    @freeze_time("2025-06-16")
    def test_proposal_whatsapp(self):
        reneg = self.renegotiate(self.title)
        reneg.action_compute_installments()
        wizard = self.env["telecobranca.renegotiation.proposal.wizard"].create(
            {"renegotiation_id": reneg.id}
        )
        action = wizard.action_send_whatsapp()
        self.assertTrue(action["url"].startswith("https://wa.me/5511987654321?text="))
        self.assertIn(reneg.name, unquote(action["url"]))
        self.assertIn("WhatsApp", reneg.message_ids[0].body)

    @freeze_time("2025-06-16")
    def test_expired_proposal_not_sent(self):
        """An expired simulation is recalculated before sending (F6.2, issue
        11): the stale validity of a wizard opened before that is refused."""
        with freeze_time("2025-06-01"):
            reneg = self.renegotiate(self.title, date="2025-06-01")
        wizard = self.env["telecobranca.renegotiation.proposal.wizard"].create(
            {"renegotiation_id": reneg.id}
        )
        with self.assertRaisesRegex(UserError, "before its simulation date"):
            wizard.action_send_email()
        reneg.action_update_proposal()
        self.assertFalse(reneg.proposal_expired)
