# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from .common import TelecobrancaCommon


@tagged("post_install", "-at_install")
class TestPartnerTabTour(TelecobrancaCommon, HttpCase):
    """The customer's tab and the titles menu as a collector in Portuguese."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls.create_invoice(1500.0, "2025-01-02", term=cls.term_30_60_90)
        cls.collector = cls.setup_tour_collector("tour_collector")

    def test_partner_telecobranca_tab(self):
        """A collector opens a customer and sees the overdue titles on the tab."""
        # The browser runs with the real clock: every installment is overdue.
        self.start_tour(
            f"/odoo/contacts/{self.customer.id}",
            "telecobranca_partner_tab",
            login="tour_collector",
            timeout=300,
        )

    def test_titles_menu(self):
        self.start_tour(
            "/odoo", "telecobranca_titles_menu", login="tour_collector", timeout=300
        )
