# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The collector's day in the browser, in Portuguese (issue 13).

Each test walks one flow of ``static/src/tours/telecobranca_flow_tours.js``
from the customer's form as a pt_BR collector (a supervisor for the
write-off, which only supervisors may do), the way the screens call it, and
checks afterwards in Python what the tour changed. The browser runs with the
real clock: the titles below are long overdue whatever the date.

The expected texts that only the data knows (title numbers, the digitable
line, the proposal's name) are handed to the tour through
``sessionStorage`` (``telecobranca_tour``), which survives the page loads.

Every PDF the server renders while a tour runs is rendered for real
(``force_report_rendering``) and kept in ``self.pdfs``: the PDF the browser
downloads is the one these tests read with ``pdftotext``.
"""

import json
import shutil
from unittest import skipIf
from unittest.mock import patch

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from .test_boleto_common import BoletoCommon
from .test_renegotiation import RenegotiationCommon
from .test_reports_pdf import pdf_text

PDFTOTEXT = shutil.which("pdftotext")


class TourFlowsCommon(BoletoCommon, RenegotiationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # no bank integration: View and PDF do not ask to send to the bank
        cls.bb_account.boleto_integration = "none"
        cls.env["res.lang"]._activate_lang("pt_BR")
        cls.customer.lang = "pt_BR"
        cls.collector = cls.setup_tour_collector("tour_collector")
        cls.supervisor = cls.setup_tour_collector("tour_supervisor", "supervisor")
        cls.writeoff_type = cls.env["telecobranca.writeoff.type"].create(
            {
                "name": "Incobrável",
                "account_id": cls.company_data["default_account_expense"].id,
                "company_id": cls.company.id,
            }
        )
        cls.company.telecobranca_writeoff_type_id = cls.writeoff_type
        # three installments, the first one partly paid
        cls.invoice = cls.boleto_invoice(1500.0, "2025-01-02", term=cls.term_30_60_90)
        cls.pay(cls.invoice, 200.0, "2025-03-01")
        cls.paid_title = cls.titles(cls.invoice)[0]
        # a title renegotiated into a REN title
        cls.reneg_invoice = cls.boleto_invoice(800.0, "2025-01-10")
        cls.reneg_title = cls.titles(cls.reneg_invoice)
        # a title to write off, one in a proposal
        cls.writeoff_title = cls.titles(cls.boleto_invoice(120.0, "2025-02-03"))
        cls.proposal_title = cls.titles(cls.boleto_invoice(900.0, "2025-02-10"))
        cls.case = cls.env["telecobranca.case"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.company.id,
                "user_id": cls.collector.id,
                "line_ids": [
                    Command.create({"move_line_id": title.id})
                    for title in cls.titles(cls.invoice)
                    | cls.reneg_title
                    | cls.writeoff_title
                    | cls.proposal_title
                ],
            }
        )
        cls.renegotiation = cls._renegotiate(cls.reneg_title, "2025-06-16", cls.term_30)
        cls.renegotiation.action_compute_installments()
        cls.renegotiation.action_confirm()
        cls.ren_title = cls.renegotiation.installment_ids.move_line_id
        cls.proposal = cls._renegotiate(
            cls.proposal_title, fields.Date.today(), cls.term_30_60_90
        )
        cls.proposal.action_compute_installments()
        cls.proposal.proposal_text = "<p>Conforme conversamos, segue a proposta.</p>"

    @classmethod
    def _renegotiate(cls, titles, date, term):
        return cls.env["telecobranca.renegotiation"].create(
            {
                "partner_ids": [Command.set(cls.customer.ids)],
                "line_ids": [
                    Command.create({"move_line_id": title.id}) for title in titles
                ],
                "payment_term_id": term.id,
                "date": date,
            }
        )

    def setUp(self):
        super().setUp()
        self.pdfs = []
        report_class = type(self.env["ir.actions.report"])
        render = report_class._render_qweb_pdf
        pdfs = self.pdfs

        def render_for_real(report, report_ref, res_ids=None, data=None):
            content, kind = render(
                report.with_context(force_report_rendering=True),
                report_ref,
                res_ids=res_ids,
                data=data,
            )
            pdfs.append((report_ref, res_ids, content, kind))
            return content, kind

        self.startPatcher(
            patch.object(report_class, "_render_qweb_pdf", render_for_real)
        )

    def tour(self, tour, login, **data):
        """Walk ``tour`` from the customer's form as ``login``; ``data`` is
        what the tour reads from ``sessionStorage``."""
        data.setdefault("customer", self.customer.name)
        stored = json.dumps(json.dumps(data))
        start = (
            f"sessionStorage.setItem('telecobranca_tour', {stored});"
            f" odoo.startTour({tour!r}, {json.dumps({'stepDelay': 0})})"
        )
        self.start_tour(
            f"/odoo/contacts/{self.customer.id}",
            tour,
            login=login,
            code=start,
            timeout=300,
        )

    def case_notes(self, origin=None):
        notes = self.case.note_ids
        return notes.filtered(lambda n: n.origin == origin) if origin else notes


@tagged("post_install", "-at_install")
class TestFlowTours(TourFlowsCommon, HttpCase):
    def test_note_pending_then_resumed_and_history(self):
        """A pending note written from the tab, resumed from *Pending notes*,
        then listed in the case's *History* with the renegotiation's note."""
        self.tour(
            "telecobranca_note_pending_resume",
            "tour_collector",
            case=self.case.name,
        )
        note = self.case_notes("manual")
        self.assertEqual(len(note), 1)
        self.assertEqual(note.state, "done")
        self.assertEqual(note.author_id, self.collector)
        self.assertIn("confirmou o pagamento", note.body)
        self.assertNotIn("retorno na sexta", note.body)  # the text was replaced

    def test_timeline_of_paid_and_renegotiated_titles(self):
        """The timeline of a partly paid title shows its payment; that of a
        REN title shows the title it replaces."""
        self.tour(
            "telecobranca_timeline",
            "tour_collector",
            paid_title=self.paid_title.title_number,
            ren_title=self.ren_title.title_number,
            reneg_title=self.reneg_title.title_number,
        )
        # what the tour saw is what the timeline computes
        timeline = self.env["telecobranca.timeline"].search(
            [("create_uid", "=", self.collector.id)], order="id"
        )
        self.assertEqual(len(timeline), 2)
        paid, ren = timeline
        self.assertEqual(paid.title_ids, self.paid_title)
        self.assertEqual(
            paid.line_ids.filtered(lambda e: e.level == 1).mapped("kind"),
            ["payment"],
        )
        self.assertEqual(
            ren.line_ids.filtered(lambda e: e.level == -1).move_line_id,
            self.reneg_title,
        )

    @skipIf(not PDFTOTEXT, "pdftotext (poppler-utils) is not installed")
    def test_proposal_sent_with_its_letter(self):
        """*Send proposal* e-mails the letter (PDF attached); the case notes it."""
        self.tour(
            "telecobranca_proposal_send",
            "tour_collector",
            proposal=self.proposal.name,
        )
        message = self.proposal.message_ids.filtered("attachment_ids")[:1]
        self.assertEqual(message.partner_ids, self.customer)
        letter = message.attachment_ids
        self.assertEqual(len(letter), 1)
        self.assertTrue(letter.name.endswith(".pdf"), letter.name)
        self.assertTrue(letter.raw.startswith(b"%PDF"))
        text = pdf_text(letter.raw)
        self.assertIn(self.proposal.name, text)
        self.assertIn("Conforme conversamos", text)
        self.assertIn(self.proposal_title.title_number, text)
        note = self.case_notes("email")
        self.assertEqual(len(note), 1)
        self.assertIn(self.proposal.name, note.body)
        self.assertEqual(note.author_id, self.collector)

    @skipIf(not PDFTOTEXT, "pdftotext (poppler-utils) is not installed")
    def test_print_boleto_pdf_and_view(self):
        """*Print boleto*: the PDF downloaded holds every digitable line; the
        view shows them."""
        titles = self._boleto_titles()
        titles._telecobranca_issue_boleto(self.bb_account)  # numbers known ahead
        self.tour(
            "telecobranca_print_boleto",
            "tour_collector",
            title=titles[0].title_number,
            digitable=titles[0].boleto_digitable_line,
        )
        boletos = [pdf for pdf in self.pdfs if pdf[0] == "telecobranca.report_boleto"]
        self.assertEqual(len(boletos), 1, "one PDF downloaded")
        _ref, res_ids, content, kind = boletos[0]
        self.assertEqual(kind, "pdf")
        self.assertEqual(sorted(res_ids), sorted(titles.ids))
        text = pdf_text(content)
        for title in titles:
            self.assertIn(title.boleto_digitable_line, text)
            self.assertIn(title.title_number, text)
        self.assertIn("Padaria Pão Dourado Ltda", text)
        self.assertIn("Ficha de Compensação", text)

    def test_writeoff_from_the_customer(self):
        """A supervisor writes a title off from the tab: settled, noted."""
        self.tour(
            "telecobranca_writeoff",
            "tour_supervisor",
            title=self.writeoff_title.title_number,
            entry=self.writeoff_title.move_id.name,
        )
        self.assertTrue(self.writeoff_title.reconciled)
        self.assertEqual(self.writeoff_title.amount_residual, 0.0)
        move = self.writeoff_title.matched_credit_ids.credit_move_id.move_id
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.telecobranca_origin, "writeoff")
        self.assertEqual(sum(move.line_ids.mapped("debit")), 120.0)
        note = self.case_notes("system").filtered(
            lambda n: self.writeoff_title.title_number in n.body
        )
        self.assertEqual(len(note), 1)
        self.assertIn("Cliente faliu", note.body)

    def test_whatsapp_boleto(self):
        """*WhatsApp* shows the message and the wa.me link; sending notes it."""
        titles = self._boleto_titles()
        titles._telecobranca_issue_boleto(self.bb_account)
        self.tour(
            "telecobranca_whatsapp",
            "tour_collector",
            digitable=titles[0].boleto_digitable_line,
        )
        note = self.case_notes("whatsapp")
        self.assertEqual(len(note), 1)
        self.assertIn("+5511987654321", note.body)
        for title in titles:
            self.assertIn(title.boleto_digitable_line, note.body)

    def _boleto_titles(self):
        """What *Print boleto* proposes from the tab: the open boleto titles."""
        Title = self.env["account.move.line"]
        return Title.search(
            [
                *Title._telecobranca_open_titles_domain(self.customer),
                ("payment_form_id.kind", "=", "boleto"),
            ]
        )
