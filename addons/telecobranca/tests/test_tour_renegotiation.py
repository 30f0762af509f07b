# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from .common import TelecobrancaCommon


@tagged("post_install", "-at_install")
class TestRenegotiationTours(TelecobrancaCommon, HttpCase):
    """A collector in Portuguese: New collection, then Renegotiate → confirm.

    The browser runs with the real clock: every installment of the invoice
    of 02/01/2025 is overdue. Fine and interest are off, so that the amounts
    the tours read do not depend on the day they run.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "telecobranca_fine_percent": 0.0,
                "telecobranca_interest_percent": 0.0,
                "telecobranca_fine_account_id": cls.company_data[
                    "default_account_revenue"
                ].id,
                "telecobranca_interest_account_id": cls.company_data[
                    "default_account_revenue"
                ].id,
                "telecobranca_discount_account_id": cls.company_data[
                    "default_account_expense"
                ].id,
            }
        )
        # 999.90 + 999.90 + 1000.20
        cls.invoice = cls.create_invoice(3000.0, "2025-01-02", term=cls.term_30_60_90)
        cls.collector = cls.setup_tour_collector("tour_collector")

    def test_new_collection_tour(self):
        """Titles listed with their numbers, one unticked: the case holds the
        others."""
        self.start_tour(
            f"/odoo/contacts/{self.customer.id}",
            "telecobranca_new_collection_collector",
            login="tour_collector",
            timeout=180,
        )
        case = self.env["telecobranca.case"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(len(case), 1)
        titles = self.titles(self.invoice)
        self.assertEqual(case.title_ids, titles[0] | titles[2])
        self.assertEqual(case.user_id, self.collector)
        self.assertIn("primeira e a terceira", case.note_ids.body)

    def test_renegotiation_tour(self):
        """Renegotiate → steps → terms → preview → Confirm: one renegotiation
        stored, confirmed, with the three REN titles the screen showed."""
        Reneg = self.env["telecobranca.renegotiation"]
        self.start_tour(
            f"/odoo/contacts/{self.customer.id}",
            "telecobranca_renegotiation_collector",
            login="tour_collector",
            timeout=240,
        )
        reneg = Reneg.search([("partner_ids", "in", self.customer.ids)])
        # only the one the collector went on with: opening stored nothing else
        self.assertEqual(len(reneg), 1)
        self.assertEqual(reneg.state, "done")
        self.assertEqual(reneg.create_uid, self.collector)
        titles = self.titles(self.invoice)
        self.assertTrue(all(titles.mapped("reconciled")))
        new_titles = reneg.installment_ids.move_line_id.sorted("date_maturity")
        self.assertEqual(new_titles.mapped("balance"), [999.9, 999.9, 1000.2])
        self.assertEqual(new_titles.partner_id, self.customer)
        self.assertTrue(all(t.title_number.startswith("REN") for t in new_titles))
