# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time
from lxml import etree

from odoo.tests import new_test_user, tagged

from .common import TelecobrancaCommon
from .test_renegotiation import RenegotiationCommon


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
        self.assertEqual(len(titles), 5)  # forecast included, settled apart
        self.assertEqual(titles[0], late)  # 77 days late
        self.assertEqual(titles[1], three[0])  # 27 days late
        self.assertIn(self.titles(self.draft_invoice), titles)
        self.assertNotIn(self.titles(self.other_customer_invoice), titles)

    def test_section_lists_in_order(self):
        """Open titles most overdue first, then by due date (forecast among
        them); settled titles latest due date first."""
        late, three = self.titles(self.late_invoice), self.titles(self.three)
        forecast = self.titles(self.draft_invoice)  # due 2025-07-01
        self.assertEqual(
            self.customer.telecobranca_title_ids.ids,
            [late.id, three[0].id, three[1].id, forecast.id, three[2].id],
        )
        later_paid = self.create_invoice(80.0, "2025-03-10")
        self.pay(later_paid)
        self.customer.invalidate_recordset()
        self.assertEqual(
            self.customer.telecobranca_settled_title_ids.ids,
            [self.titles(later_paid).id, self.titles(self.paid_invoice).id],
        )

    def test_titles_list_default_order(self):
        """The *Titles* list's default order (served by an index) shows the
        titles in the order of the days overdue: open first, most overdue
        first, then the others by due date, settled last."""
        view = self.env.ref("telecobranca.account_move_line_title_view_list")
        order = etree.fromstring(view.arch).get("default_order")
        Line = self.env["account.move.line"]
        domain = [("partner_id", "=", self.customer.id), ("is_title", "=", True)]
        listed = Line.search(domain, order=order)
        self.assertEqual(
            listed,
            Line.search(
                domain, order="reconciled, days_overdue desc, date_maturity, id"
            ),
        )
        self.assertEqual(listed[0], self.titles(self.late_invoice))
        self.assertEqual(listed[-1], self.titles(self.paid_invoice))

    def test_settled_titles_apart(self):
        """The open list leaves the settled title out; its own tab shows it."""
        paid = self.titles(self.paid_invoice)
        self.assertNotIn(paid, self.customer.telecobranca_title_ids)
        self.assertEqual(self.customer.telecobranca_settled_title_ids, paid)
        arch = self.env["res.partner"].get_view(
            self.env.ref("base.view_partner_form").id
        )["arch"]
        tree = etree.fromstring(arch)
        pages = [page.get("name") for page in tree.iter("page")]
        self.assertIn("telecobranca_open_titles", pages)
        self.assertIn("telecobranca_settled_titles", pages)
        # title numbers and dates get a fixed width: never cut
        for name in ("telecobranca_title_ids", "telecobranca_settled_title_ids"):
            (field,) = tree.xpath(f"//field[@name='{name}']")
            widths = {
                column.get("name"): column.get("width")
                for column in field.iter("field")
            }
            self.assertEqual(widths["title_number"], "190px")
            self.assertEqual(widths["date_maturity"], "100px")
            self.assertEqual(widths["telecobranca_issue_date"], "100px")

    def test_issue_date(self):
        title = self.titles(self.late_invoice)
        self.assertEqual(str(title.telecobranca_issue_date), "2025-03-01")

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
                    "telecobranca_issue_date",
                    "date_maturity",
                    "days_overdue",
                    "telecobranca_original_amount",
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
                "telecobranca_settled_title_ids": titles,
            }
        )

    def test_query_count_locked(self):
        """Opening the section costs the same queries for 6 or 36 titles."""
        self._read_section()  # warm-up
        with self.assertQueryCount(20):
            self._read_section()
        for _n in range(10):
            self.create_invoice(30.0, "2025-04-20", term=self.term_30_60_90)
        with self.assertQueryCount(20):
            (values,) = self._read_section()
        self.assertEqual(len(values["telecobranca_title_ids"]), 35)
        self.assertEqual(len(values["telecobranca_settled_title_ids"]), 1)


@tagged("post_install", "-at_install")
class TestCollectionScreens(TelecobrancaCommon):
    """What each collection role sees on the screens the addon extends: one
    view per screen (no view of the addon inherits another one), and each
    button shown only to the role its action allows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.collector = new_test_user(
            cls.env, "screens_collector", groups="telecobranca.group_telecobranca_user"
        )
        cls.supervisor = new_test_user(
            cls.env,
            "screens_supervisor",
            groups="telecobranca.group_telecobranca_supervisor",
        )
        cls.manager = new_test_user(
            cls.env,
            "screens_manager",
            groups="base.group_system,telecobranca.group_telecobranca_manager",
        )
        cls.admin_only = new_test_user(
            cls.env, "screens_admin", groups="base.group_system"
        )

    def buttons(self, user, model, xmlid):
        """Labels of the buttons ``user`` gets in the view ``xmlid``."""
        view = self.env.ref(xmlid)
        arch = self.env[model].with_user(user).get_view(view.id)["arch"]
        return [
            button.get("string")
            for button in etree.fromstring(arch).iter("button")
            if button.get("string")
        ]

    def test_no_view_inherits_a_view_of_the_addon(self):
        views = self.env["ir.ui.view"].browse(
            self.env["ir.model.data"]
            .search([("module", "=", "telecobranca"), ("model", "=", "ir.ui.view")])
            .mapped("res_id")
        )
        parents = views.filtered("inherit_id").inherit_id
        self.assertTrue(parents, "the addon extends core views")
        own_parents = [
            xmlid
            for xmlids in parents._get_external_ids().values()
            for xmlid in xmlids
            if xmlid.startswith("telecobranca.")
        ]
        self.assertEqual(own_parents, [])

    def test_partner_tab_buttons_by_role(self):
        collector = self.buttons(
            self.collector, "res.partner", "base.view_partner_form"
        )
        for label in (
            "Titles",
            "New Collection",
            "Note",
            "History",
            "Print Boleto",
            "Renegotiate",
            "Renegotiation Proposal",
            "Print Statement",
            "E-mail Statement",
        ):
            self.assertIn(label, collector)
        self.assertNotIn("Write Off Without Cash", collector)
        supervisor = self.buttons(
            self.supervisor, "res.partner", "base.view_partner_form"
        )
        self.assertIn("Write Off Without Cash", supervisor)
        nobody = self.buttons(self.admin_only, "res.partner", "base.view_partner_form")
        self.assertNotIn("New Collection", nobody)

    def test_title_form_buttons_by_role(self):
        xmlid = "telecobranca.account_move_line_title_view_form"
        collector = self.buttons(self.collector, "account.move.line", xmlid)
        self.assertEqual(
            collector,
            [
                "Print Boleto",
                "Update Bank Status",
                "Send Instruction to the Bank",
                "Renegotiate",
                "Timeline",
            ],
        )
        supervisor = self.buttons(self.supervisor, "account.move.line", xmlid)
        self.assertEqual(
            supervisor,
            [
                "Print Boleto",
                "Update Bank Status",
                "Send Instruction to the Bank",
                "Renegotiate",
                "Write Off Without Cash",
                "Timeline",
            ],
        )

    def test_case_form_buttons_by_role(self):
        xmlid = "telecobranca.telecobranca_case_view_form"
        collector = self.buttons(self.collector, "telecobranca.case", xmlid)
        disputes = ["Dispute", "Resolve Dispute"]
        self.assertEqual(collector, ["Note", "History", *disputes, "Close This Case"])
        supervisor = self.buttons(self.supervisor, "telecobranca.case", xmlid)
        self.assertEqual(
            supervisor, ["Note", "History", *disputes, "Close This Case", "Reopen"]
        )

    def test_settings_run_now_buttons_for_managers_only(self):
        xmlid = "base.res_config_settings_view_form"
        manager = self.buttons(self.manager, "res.config.settings", xmlid)
        for label in ("Update Collections", "Send Collection E-mails", "Statuses"):
            self.assertIn(label, manager)
        self.assertIn("Boleto accounts", manager)
        admin = self.buttons(self.admin_only, "res.config.settings", xmlid)
        self.assertNotIn("Update Collections", admin)
        self.assertNotIn("Send Collection E-mails", admin)


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestPartnerDebtOnce(RenegotiationCommon):
    """The tab's original amounts count a renegotiated debt once: in the
    renegotiation's titles, not again in the titles they replace."""

    def original_total(self, partner):
        """The two *Original Amount* totals of the tab, added, as the form
        reads them in a new request."""
        self.env.invalidate_all()
        spec = {"fields": {"telecobranca_original_amount": {}}}
        (values,) = partner.web_read(
            {"telecobranca_title_ids": spec, "telecobranca_settled_title_ids": spec}
        )
        return sum(
            row["telecobranca_original_amount"]
            for name in ("telecobranca_title_ids", "telecobranca_settled_title_ids")
            for row in values[name]
        )

    def test_renegotiated_title_counts_once(self):
        title = self.titles(self.create_invoice(1000.0, "2025-04-01"))
        self.assertEqual(title.telecobranca_original_amount, 1000.0)
        reneg = self.renegotiate(title)
        reneg.action_compute_installments()
        reneg.action_confirm()
        new_titles = reneg.installment_ids.move_line_id
        partner = self.customer
        self.assertEqual(partner.telecobranca_title_ids, new_titles)
        self.assertEqual(partner.telecobranca_settled_title_ids, title)
        # the original counts 0: its debt lives on in the REN titles
        self.assertEqual(title.telecobranca_original_amount, 0.0)
        self.assertAlmostEqual(
            sum(new_titles.mapped("telecobranca_original_amount")), 1035.33, places=2
        )
        self.assertAlmostEqual(self.original_total(partner), 1035.33, places=2)
        # REN titles have an issue date: the date of the REN entry
        for new_title in new_titles:
            self.assertFalse(new_title.move_id.invoice_date)
            self.assertEqual(str(new_title.telecobranca_issue_date), "2025-06-16")

    def test_paid_part_stays_with_the_original(self):
        invoice = self.create_invoice(1000.0, "2025-04-01")
        title = self.titles(invoice)
        self.pay(invoice, 400.0, "2025-05-10")
        reneg = self.renegotiate(title)
        reneg.action_compute_installments()
        reneg.action_confirm()
        # 400 paid in cash stay with the original, 600 went into the REN titles
        self.assertAlmostEqual(title.telecobranca_original_amount, 400.0, places=2)
        new_total = sum(
            reneg.installment_ids.move_line_id.mapped("telecobranca_original_amount")
        )
        self.assertAlmostEqual(new_total, reneg.amount_total, places=2)
        self.assertAlmostEqual(
            self.original_total(self.customer), 400.0 + reneg.amount_total, places=2
        )
