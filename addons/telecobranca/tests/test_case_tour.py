# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from .common import TelecobrancaCommon


@tagged("post_install", "-at_install")
class TestCaseNoteTour(TelecobrancaCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls.create_invoice(1500.0, "2025-01-02", term=cls.term_30_60_90)
        cls.collector = cls.setup_tour_collector("tour_collector")
        # the cases opened in the company are his
        cls.company.telecobranca_collector_id = cls.collector

    def test_case_note_tour(self):
        """New collection from the customer, a note on the case, its history,
        as a collector in Portuguese."""
        # The browser runs with the real clock: every installment is overdue.
        self.start_tour(
            f"/odoo/contacts/{self.customer.id}",
            "telecobranca_case_note",
            login="tour_collector",
            timeout=300,
        )
        case = self.env["telecobranca.case"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(len(case), 1)
        self.assertEqual(case.user_id, self.collector)
        self.assertEqual(case.line_ids.move_line_id, self.titles(self.invoice))
        notes = case.note_ids
        self.assertEqual(len(notes), 2)
        self.assertIn("prometeu pagar na sexta-feira", notes[0].body)
        self.assertIn("pagamento está a caminho", notes[1].body)
        self.assertEqual(notes.author_id, self.collector)
