# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged

from .common import TelecobrancaCommon


@tagged("post_install", "-at_install")
class TestTimeline(TelecobrancaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # an existing plan: a new one adds a column to the journal items
        plan = cls.env["account.analytic.plan"].search([], limit=1)
        cls.cc_sales = cls.env["account.analytic.account"].create(
            {"name": "Sales", "plan_id": plan.id, "company_id": False}
        )
        cls.cc_support = cls.env["account.analytic.account"].create(
            {"name": "Support", "plan_id": plan.id, "company_id": False}
        )

    def open_timeline(self, titles):
        action = titles.action_open_telecobranca_timeline()
        self.assertEqual(action["res_model"], "telecobranca.timeline")
        return self.env["telecobranca.timeline"].browse(action["res_id"])

    def test_partial_then_full_payment(self):
        """The title and its two payments, with the amounts each settled."""
        invoice = self.create_invoice(1000.0, "2025-05-02")
        title = self.titles(invoice)
        payments = self.pay(invoice, 400.0, "2025-06-02")
        payments |= self.pay(invoice, date="2025-06-10")
        self.assertTrue(title.reconciled)
        timeline = self.open_timeline(title)
        self.assertRecordValues(
            timeline.line_ids,
            [
                {
                    "level": 0,
                    "kind": "title",
                    "move_line_id": title.id,
                    "amount": 1000.0,
                    "date": title.date_maturity,
                },
                {
                    "level": 1,
                    "kind": "payment",
                    "move_line_id": payments[0]
                    .move_id.line_ids.filtered(
                        lambda line: line.account_id == title.account_id
                    )
                    .id,
                    "amount": 400.0,
                    "date": fields.Date.to_date("2025-06-02"),
                },
                {
                    "level": 1,
                    "kind": "payment",
                    "move_line_id": payments[1]
                    .move_id.line_ids.filtered(
                        lambda line: line.account_id == title.account_id
                    )
                    .id,
                    "amount": 600.0,
                    "date": fields.Date.to_date("2025-06-10"),
                },
            ],
        )
        self.assertEqual(timeline.line_ids[0].reference, title.title_number)
        self.assertEqual(timeline.line_ids.root_title_id, title)

    def test_credit_note_is_a_descendant(self):
        invoice = self.create_invoice(500.0, "2025-05-02")
        title = self.titles(invoice)
        refund = self.create_invoice(200.0, "2025-05-20", move_type="out_refund")
        refund_line = refund.line_ids.filtered(
            lambda line: line.account_id == title.account_id
        )
        (title | refund_line).reconcile()
        timeline = self.open_timeline(title)
        self.assertRecordValues(
            timeline.line_ids,
            [
                {
                    "level": 0,
                    "kind": "title",
                    "amount": 500.0,
                    "move_line_id": title.id,
                },
                {
                    "level": 1,
                    "kind": "credit_note",
                    "amount": 200.0,
                    "move_line_id": refund_line.id,
                },
            ],
        )
        self.assertEqual(timeline.line_ids[1].reference, refund.display_name)

    def test_analytic_distribution(self):
        """Each title shows its invoice's cost centers, weighted by amount."""
        invoice = self.create_invoice(
            1000.0,
            "2025-05-02",
            invoice_line_ids=[
                Command.create(
                    {
                        "name": "Goods",
                        "quantity": 1,
                        "price_unit": 800.0,
                        "tax_ids": [Command.clear()],
                        "analytic_distribution": {
                            str(self.cc_sales.id): 50,
                            str(self.cc_support.id): 50,
                        },
                    }
                ),
                Command.create(
                    {
                        "name": "Service",
                        "quantity": 1,
                        "price_unit": 200.0,
                        "tax_ids": [Command.clear()],
                        "analytic_distribution": {str(self.cc_support.id): 100},
                    }
                ),
            ],
        )
        timeline = self.open_timeline(self.titles(invoice))
        self.assertTrue(timeline.show_analytic)
        self.assertEqual(timeline.line_ids.analytic, "Support 60%, Sales 40%")

    def test_no_analytic(self):
        invoice = self.create_invoice(100.0, "2025-05-02")
        self.env.user.groups_id -= self.env.ref("analytic.group_analytic_accounting")
        timeline = self.open_timeline(self.titles(invoice))
        self.assertFalse(timeline.line_ids.analytic)
        self.assertFalse(timeline.show_analytic)

    def test_renegotiation_hooks(self):
        """Ancestors get negative levels and children titles positive ones."""
        old = self.titles(self.create_invoice(300.0, "2025-03-03"))
        title = self.titles(self.create_invoice(310.0, "2025-05-02"))
        new = self.titles(self.create_invoice(320.0, "2025-06-02"))
        aml = type(self.env["account.move.line"])
        parents = {title: old}
        children = {title: new}

        def fake_parents(line):
            return parents.get(line, line.browse())

        def fake_children(line):
            return children.get(line, line.browse())

        self.patch(aml, "_telecobranca_timeline_parents", fake_parents)
        self.patch(aml, "_telecobranca_timeline_children", fake_children)
        timeline = self.open_timeline(title)
        self.assertRecordValues(
            timeline.line_ids,
            [
                {"level": -1, "move_line_id": old.id, "amount": 300.0},
                {"level": 0, "move_line_id": title.id, "amount": 310.0},
                {"level": 1, "move_line_id": new.id, "amount": 320.0},
            ],
        )

    def test_title_form_button(self):
        invoice = self.create_invoice(100.0, "2025-05-02")
        view = self.env.ref("telecobranca.account_move_line_title_view_form")
        arch = self.env["account.move.line"].get_view(view.id)["arch"]
        self.assertIn("action_open_telecobranca_timeline", arch)
        action = self.env.ref("telecobranca.account_move_line_action_timeline")
        result = action.with_context(
            active_model="account.move.line",
            active_ids=self.titles(invoice).ids,
            active_id=self.titles(invoice).id,
        ).run()
        self.assertEqual(result["res_model"], "telecobranca.timeline")

    def test_no_total_adding_a_title_and_its_payment(self):
        """A title of 100 paid 100 is 100 of money, not a total of 200: the
        timeline sums no amounts."""
        invoice = self.create_invoice(100.0, "2025-05-02")
        self.pay(invoice)
        timeline = self.open_timeline(self.titles(invoice))
        self.assertEqual(timeline.line_ids.mapped("amount"), [100.0, 100.0])
        arch = self.env["telecobranca.timeline"].get_view(
            self.env.ref("telecobranca.telecobranca_timeline_view_form").id
        )["arch"]
        self.assertIn('name="amount"', arch)
        self.assertNotIn('sum="', arch)


@tagged("post_install", "-at_install")
class TestFreeDays(TelecobrancaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.collector_a = new_test_user(
            cls.env, "collector_a", groups="telecobranca.group_telecobranca_user"
        )
        cls.collector_b = new_test_user(
            cls.env, "collector_b", groups="telecobranca.group_telecobranca_user"
        )
        cls.other = new_test_user(
            cls.env, "other_c", groups="telecobranca.group_telecobranca_user"
        )

    def schedule(self, user, day):
        return self.env["mail.activity"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                "res_id": self.customer.id,
                "activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
                "user_id": user.id,
                "date_deadline": day,
            }
        )

    @freeze_time("2025-06-16")
    def test_free_days(self):
        """Business days on which none of the users has an activity."""
        self.schedule(self.collector_a, "2025-06-17")
        self.schedule(self.collector_b, "2025-06-18")
        self.schedule(self.other, "2025-06-16")  # not one of the chosen users
        self.schedule(self.collector_a, "2025-06-30")  # outside the period
        with Form(self.env["telecobranca.free.days.wizard"]) as form:
            form.user_ids.clear()
            form.user_ids.add(self.collector_a)
            form.user_ids.add(self.collector_b)
            form.date_from = "2025-06-16"
            form.date_to = "2025-06-22"
        wizard = form.record
        wizard.action_search()
        # 19/06/2025 is Corpus Christi, 21-22 a weekend
        self.assertEqual(
            [str(day) for day in wizard.line_ids.mapped("date")],
            ["2025-06-16", "2025-06-20"],
        )
        self.assertEqual(wizard.line_ids[0].weekday, "Monday")

    def test_free_days_bad_period(self):
        wizard = self.env["telecobranca.free.days.wizard"].create(
            {
                "user_ids": [Command.set(self.collector_a.ids)],
                "date_from": "2025-06-20",
                "date_to": "2025-06-16",
            }
        )
        with self.assertRaises(UserError):
            wizard.action_search()
        self.assertFalse(wizard.line_ids)
