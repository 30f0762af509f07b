# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo.tests import tagged

from .common import TelecobrancaCommon


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestPartnerSection(TelecobrancaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.late_invoice = cls.create_invoice(1000.0, "2025-03-01")  # due 2025-03-31
        cls.three = cls.create_invoice(
            600.0, "2025-04-20", term=cls.term_30_60_90
        )  # due 05-20, 06-19, 07-19
        cls.paid_invoice = cls.create_invoice(70.0, "2025-02-01")
        cls.pay(cls.paid_invoice)
        cls.draft_invoice = cls.create_invoice(55.0, "2025-06-01", post=False)
        cls.other_customer_invoice = cls.create_invoice(
            999.0, "2025-03-01", partner=cls.partner_a
        )

    def test_totals(self):
        partner = self.customer
        self.assertEqual(partner.telecobranca_overdue_count, 2)
        self.assertAlmostEqual(
            partner.telecobranca_overdue_amount, 1000.0 + 199.98, places=2
        )
        self.assertEqual(partner.telecobranca_title_count, 4)
        self.assertAlmostEqual(partner.telecobranca_open_amount, 1600.0, places=2)

    def test_contact_person_sees_company_titles(self):
        contact = self.env["res.partner"].create(
            {"name": "Maria (financeiro)", "parent_id": self.customer.id}
        )
        self.assertEqual(
            contact.telecobranca_title_ids, self.customer.telecobranca_title_ids
        )
        self.assertEqual(contact.telecobranca_overdue_count, 2)

    def test_titles_list_overdue_first(self):
        titles = self.customer.telecobranca_title_ids
        late, three = self.titles(self.late_invoice), self.titles(self.three)
        self.assertEqual(len(titles), 6)  # forecast and settled titles included
        self.assertEqual(titles[0], late)  # 77 days late
        self.assertEqual(titles[1], three[0])  # 27 days late
        self.assertEqual(titles[-1], self.titles(self.paid_invoice))  # settled last
        self.assertIn(self.titles(self.draft_invoice), titles)
        self.assertNotIn(self.titles(self.other_customer_invoice), titles)

    def test_smart_button_action(self):
        action = self.customer.action_view_telecobranca_titles()
        self.assertEqual(action["res_model"], "account.move.line")
        found = self.env["account.move.line"].search(
            action["domain"] + [("days_overdue", ">", 0)]
        )
        self.assertEqual(
            found, self.titles(self.late_invoice) | self.titles(self.three)[0]
        )
        self.assertEqual(action["context"]["search_default_filter_overdue"], 1)

    def _read_section(self):
        """The reads the partner form does for the Telecobrança section."""
        titles = {
            "fields": {
                name: {}
                for name in (
                    "title_number",
                    "invoice_date",
                    "date_maturity",
                    "days_overdue",
                    "balance",
                    "amount_residual",
                    "is_forecast",
                    "reconciled",
                )
            }
            | {
                "payment_form_id": {"fields": {"display_name": {}}},
                "collection_status_id": {"fields": {"display_name": {}}},
            },
            "limit": 40,
        }
        self.env.invalidate_all()
        return self.customer.web_read(
            {
                "display_name": {},
                "telecobranca_title_count": {},
                "telecobranca_open_amount": {},
                "telecobranca_overdue_amount": {},
                "telecobranca_overdue_count": {},
                "telecobranca_currency_id": {"fields": {"display_name": {}}},
                "telecobranca_title_ids": titles,
            }
        )

    def test_query_count_locked(self):
        """Opening the section costs the same queries for 6 or 36 titles."""
        self._read_section()  # warm-up
        with self.assertQueryCount(11):
            self._read_section()
        for _n in range(10):
            self.create_invoice(30.0, "2025-04-20", term=self.term_30_60_90)
        with self.assertQueryCount(11):
            (values,) = self._read_section()
        self.assertEqual(len(values["telecobranca_title_ids"]), 36)
