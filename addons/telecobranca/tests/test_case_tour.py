# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from .common import TelecobrancaCommon


@tagged("post_install", "-at_install")
class TestCaseNoteTour(TelecobrancaCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls.create_invoice(1500.0, "2025-01-02", term=cls.term_30_60_90)
        cls.setup_tour_admin()

    def test_case_note_tour(self):
        """New collection from the customer, a note on the case, its history."""
        # The browser runs with the real clock: every installment is overdue.
        self.start_tour(
            f"/odoo/contacts/{self.customer.id}",
            "telecobranca_case_note",
            login="admin",
            timeout=180,
        )
        case = self.env["telecobranca.case"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(len(case), 1)
        notes = case.note_ids
        self.assertEqual(len(notes), 2)
        self.assertIn("promised to pay on Friday", notes[0].body)
        self.assertIn("payment is on its way", notes[1].body)
        self.assertEqual(notes.author_id, self.env.ref("base.user_admin"))
