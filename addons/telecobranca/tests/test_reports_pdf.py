# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every PDF of the addon, rendered as the web client asks for it, read back.

The web client turns a report action into a URL (``getReportUrl`` in
``web/static/src/webclient/actions/reports/utils.js``): with a non-empty
``data`` it asks ``/report/pdf/<name>?options=<data>`` with NO document ids,
otherwise ``/report/pdf/<name>/<active_ids>``; the controller then calls
``_render_qweb_pdf(name, docids, data=...)``. ``follow_report_action`` does
the same, renders a real PDF (``force_report_rendering``, as Odoo's own
``base/tests/test_reports.py``) and extracts its text with ``pdftotext``
(Debian's poppler-utils), so an empty or wrong PDF fails.
"""

import shutil
import subprocess
from unittest import skipIf

from freezegun import freeze_time

from odoo.tests import Form, tagged

from .test_boleto_common import BoletoCommon
from .test_renegotiation import RenegotiationCommon

PDFTOTEXT = shutil.which("pdftotext")


def pdf_text(content):
    """The text of a PDF, its white space (no-break spaces too) collapsed."""
    result = subprocess.run(
        [PDFTOTEXT, "-layout", "-enc", "UTF-8", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    )
    return " ".join(result.stdout.decode().split())


class ReportPdfMixin:
    def follow_report_action(self, action):
        """Text of the PDF the web client gets for ``action``; its page count."""
        self.assertEqual(action["type"], "ir.actions.report")
        data = action.get("data")
        if data:  # /report/pdf/<name>?options=<data>: no document ids
            docids, data = None, dict(data)
        else:  # /report/pdf/<name>/<active_ids>
            docids, data = (action.get("context") or {}).get("active_ids"), {}
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        content, kind = report._render_qweb_pdf(
            action["report_name"], docids, data=data
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(content.startswith(b"%PDF"))
        pages = content.count(b"/Type /Page\n") + content.count(b"/Type /Page>")
        return pdf_text(content), pages


@skipIf(not PDFTOTEXT, "pdftotext (poppler-utils) is not installed")
@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestBoletoPdf(ReportPdfMixin, BoletoCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("pt_BR")
        cls.customer.lang = "pt_BR"
        cls.bb_account.boleto_integration = "none"
        cls.invoice = cls.boleto_invoice(1234.56)
        cls.title = cls.titles(cls.invoice)
        cls.others = cls.titles(cls.boleto_invoice(2500.0) | cls.boleto_invoice(300.1))

    def _wizard(self, titles):
        action = titles.action_telecobranca_print_boleto()
        form = Form(self.env[action["res_model"]].with_context(**action["context"]))
        return form.save()

    def assert_slips(self, text, titles):
        for title in titles:
            self.assertIn(title.boleto_digitable_line, text)
            self.assertIn(title.title_number, text)
            self.assertIn(title.boleto_nosso_numero, text)
        self.assertIn("Ficha de Compensação", text)
        self.assertIn("Padaria Pão Dourado Ltda", text)
        self.assertIn("87.921.742/0001-38", text)

    def test_print_one_title(self):
        text, pages = self.follow_report_action(self._wizard(self.title).action_print())
        self.assertEqual(pages, 1)
        self.assert_slips(text, self.title)
        self.assertIn("1.234,56", text)
        self.assertIn("02/07/2025", text)  # due date
        # fine 2 % and interest 1 % a month of the account, in pt_BR
        self.assertIn("2,00%", text)
        self.assertIn("R$ 24,69", text)
        self.assertIn("R$ 0,41", text)
        self.assertNotIn("1,234.56", text)

    def test_print_several_titles(self):
        titles = self.title | self.others
        text, pages = self.follow_report_action(self._wizard(titles).action_print())
        self.assertEqual(pages, 3)
        self.assert_slips(text, titles)
        for amount in ("1.234,56", "2.500,00", "300,10"):
            self.assertIn(amount, text)
        self.assertEqual(len(set(titles.mapped("boleto_nosso_numero"))), 3)

    def test_view_is_the_titles_boletos(self):
        titles = self.title | self.others
        action = self._wizard(titles).action_view()
        self.assertEqual(action["report_type"], "qweb-html")
        self.assertFalse(action.get("data"))
        self.assertEqual(sorted(action["context"]["active_ids"]), sorted(titles.ids))
        html = self.env["ir.actions.report"]._render_qweb_html(
            action["report_name"], action["context"]["active_ids"]
        )[0]
        for title in titles:
            self.assertIn(title.boleto_digitable_line, html.decode())

    def test_email_attachment_is_the_boleto(self):
        action = (
            self._wizard(self.title)
            .with_context(force_report_rendering=True)
            .action_email()
        )
        attachment = self.env["ir.attachment"].browse(
            action["context"]["default_attachment_ids"]
        )
        self.assertEqual(attachment.mimetype, "application/pdf")
        text = pdf_text(attachment.raw)
        self.assertIn(self.title.boleto_digitable_line, text)
        self.assertIn("1.234,56", text)


@skipIf(not PDFTOTEXT, "pdftotext (poppler-utils) is not installed")
@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestRenegotiationPdf(ReportPdfMixin, RenegotiationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("pt_BR")
        cls.customer.write({"lang": "pt_BR", "email": "financeiro@example.com"})
        cls.title = cls.titles(cls.create_invoice(1000.0, "2025-04-01"))

    def test_statement_pdf(self):
        reneg = self.renegotiate(self.title)
        reneg.action_compute_installments()
        reneg.action_confirm()
        text, pages = self.follow_report_action(reneg.action_print_statement())
        self.assertGreaterEqual(pages, 1)
        self.assertIn(reneg.name, text)
        self.assertIn(self.title.title_number, text)
        self.assertIn("1.035,33", text)
        self.assertIn("mil e trinta e cinco reais e trinta e três centavos", text)
        self.assertNotIn("1,035.33", text)

    def test_proposal_letter_pdf(self):
        reneg = self.renegotiate(self.title)
        reneg.action_compute_installments()
        reneg.proposal_text = "<p>Conforme conversamos, segue nossa proposta.</p>"
        text, _pages = self.follow_report_action(reneg.action_print_proposal())
        self.assertIn(reneg.name, text)
        self.assertIn("Conforme conversamos", text)
        self.assertIn("1.035,33", text)
        self.assertIn("21/06/2025", text)
