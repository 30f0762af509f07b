# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import format_amount, html2plaintext

from .case_common import TelecobrancaCaseCommon

# D: the cases open; the promises are made at D+2 for D+4; grace 2 days
D = "2025-06-16"
D2, D3, D4, D6, D7 = (
    "2025-06-18",
    "2025-06-19",
    "2025-06-20",
    "2025-06-22",
    "2025-06-23",
)


@tagged("post_install", "-at_install")
class TestPromise(TelecobrancaCaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.telecobranca_promise_grace_days = 2
        cls.invoice_a = cls.invoice_due(1000.0, "2025-06-06")
        cls.invoice_b = cls.invoice_due(400.0, "2025-06-06", partner=cls.customer_b)
        with freeze_time(D):
            cls.Case._cron_open_cases()
        cls.case_a = cls.Case.search([("partner_id", "=", cls.customer.id)])
        cls.case_b = cls.Case.search([("partner_id", "=", cls.customer_b.id)])
        cls.Promise = cls.env["telecobranca.promise"]

    def money(self, amount):
        return format_amount(self.env, amount, self.company.currency_id)

    def note_form(self, case, user=None):
        user = user or self.collector
        action = case.with_user(user).action_open_note_wizard()
        Wizard = self.env["telecobranca.note.wizard"].with_user(user)
        return Form(Wizard.with_context(**action["context"]))

    def promise_from_note(self, case, date, amount=None, user=None):
        form = self.note_form(case, user=user)
        form.body = "<p>The customer promises to pay.</p>"
        form.promise_date = date
        form.promise_channel = "whatsapp"
        if amount is not None:
            form.promise_amount = amount
        form.save().action_confirm()
        return self.Promise.search([("case_id", "=", case.id)], limit=1)

    def notes_text(self, case):
        notes = self.env["telecobranca.note"].search([("case_id", "=", case.id)])
        return [html2plaintext(body) for body in notes.mapped("body")]

    # ------------------------------------------------------------------
    # The walk through the days
    # ------------------------------------------------------------------
    def test_kept_broken_and_repeated_run(self):
        self.assertEqual(self.case_a.user_id, self.collector)
        with freeze_time(D2):
            form = self.note_form(self.case_a)
            # by default all the open titles of the case, for their open amount
            self.assertEqual(form.promise_title_ids[:], self.titles(self.invoice_a))
            self.assertEqual(form.promise_amount, 1000.0)
            promise_a = self.promise_from_note(self.case_a, D4, amount=600.0)
            promise_b = self.promise_from_note(self.case_b, D4)
        Note = self.env["telecobranca.note"]
        note_a = Note.search(
            [("case_id", "=", self.case_a.id), ("origin", "=", "manual")]
        )
        note_b = Note.search(
            [("case_id", "=", self.case_b.id), ("origin", "=", "manual")]
        )
        self.assertRecordValues(
            promise_a | promise_b,
            [
                {
                    "state": "open",
                    "amount": 600.0,
                    "date": fields.Date.to_date(D4),
                    "date_made": fields.Date.to_date(D2),
                    "date_deadline": fields.Date.to_date(D6),
                    "channel": "whatsapp",
                    "user_id": self.collector.id,
                    "note_id": note_a.id,
                    "title_ids": self.titles(self.invoice_a).ids,
                },
                {
                    "state": "open",
                    "amount": 400.0,
                    "date": fields.Date.to_date(D4),
                    "date_made": fields.Date.to_date(D2),
                    "date_deadline": fields.Date.to_date(D6),
                    "channel": "whatsapp",
                    "user_id": self.collector.id,
                    "note_id": note_b.id,
                    "title_ids": self.titles(self.invoice_b).ids,
                },
            ],
        )
        self.assertEqual(self.case_a.promise_count, 1)
        self.assertEqual(self.case_a.promise_ids, promise_a)
        # A pays what was promised at D+3, B only 100
        self.pay(self.invoice_a, 600.0, date=D3)
        self.pay(self.invoice_b, 100.0, date=D3)
        # D+6 is the last day of grace: nothing judged yet
        with freeze_time(D6):
            self.assertFalse(self.Promise._run())
        self.assertEqual((promise_a | promise_b).mapped("state"), ["open", "open"])
        with freeze_time(D7):
            judged = self.Promise._run()
        self.assertEqual(judged, promise_a | promise_b)
        self.assertRecordValues(
            promise_a | promise_b,
            [
                {
                    "state": "kept",
                    "date_done": fields.Date.to_date(D7),
                    "amount_received": 600.0,
                },
                {
                    "state": "broken",
                    "date_done": fields.Date.to_date(D7),
                    "amount_received": 100.0,
                },
            ],
        )
        self.assertEqual(self.case_a.promise_count, 0)
        # kept: a note; the case is not pulled forward
        self.assertIn(
            f"Promise to pay of {self.money(600.0)} for 06/20/2025 kept: "
            f"{self.money(600.0)} received by 06/22/2025.",
            self.notes_text(self.case_a),
        )
        self.assertNotEqual(self.case_a.next_date, fields.Date.to_date(D7))
        self.assertFalse(
            self.case_a.activity_ids.filtered(
                lambda act: act.summary.startswith("Broken promise")
            )
        )
        # broken: next date today, an activity for the collector, a note
        self.assertEqual(self.case_b.next_date, fields.Date.to_date(D7))
        activity = self.case_b.activity_ids
        self.assertRecordValues(
            activity,
            [
                {
                    "user_id": self.collector.id,
                    "date_deadline": fields.Date.to_date(D7),
                    "summary": f"Broken promise: {self.money(400.0)} for 06/20/2025",
                }
            ],
        )
        self.assertIn(
            f"Promise to pay of {self.money(400.0)} for 06/20/2025 broken: "
            f"{self.money(100.0)} received by 06/22/2025. The case is due for "
            "contact today.",
            self.notes_text(self.case_b),
        )
        # the case is in the collector's worklist of D+7
        with freeze_time(D7):
            Case = self.Case.with_user(self.collector)
            worklist = Case.search(Case._get_worklist_domain())
        self.assertIn(self.case_b, worklist)
        # the run repeated changes nothing
        notes = self.env["telecobranca.note"].search_count([])
        with freeze_time("2025-06-24"):
            self.assertFalse(self.Promise._run())
        self.assertEqual(self.env["telecobranca.note"].search_count([]), notes)
        self.assertEqual(len(self.case_b.activity_ids), 1)
        self.assertEqual(promise_b.date_done, fields.Date.to_date(D7))

        # kept and broken per collector (the pivot's rows and columns)
        counts = self.Promise._read_group(
            [("user_id", "=", self.collector.id)], ["user_id", "state"], ["__count"]
        )
        self.assertEqual(
            sorted((user.login, state, count) for user, state, count in counts),
            [("carla.cobradora", "broken", 1), ("carla.cobradora", "kept", 1)],
        )
        views = self.Promise.get_views([(False, "pivot"), (False, "graph")])
        self.assertIn("user_id", views["views"]["pivot"]["arch"])

    def test_payment_before_the_promise_does_not_keep_it(self):
        """Only money received from the day of the promise counts; a credit
        note is no payment."""
        self.pay(self.invoice_a, 300.0, date="2025-06-17")
        with freeze_time(D2):
            promise = self.promise_from_note(self.case_a, D4, amount=500.0)
        refund = self.create_invoice(
            500.0, D3, move_type="out_refund", partner=self.customer
        )
        credit = refund.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        (credit | self.titles(self.invoice_a)).reconcile()
        with freeze_time(D7):
            self.Promise._run()
        self.assertRecordValues(promise, [{"state": "broken", "amount_received": 0.0}])

    # ------------------------------------------------------------------
    # What is refused
    # ------------------------------------------------------------------
    @freeze_time(D2)
    def test_titles_of_another_customer_or_company_refused(self):
        other_company = self.setup_other_company(name="Empresa B")["company"]
        title_other_company = self.titles(
            self.create_invoice(500.0, "2025-05-01", company=other_company)
        )
        for title in (self.titles(self.invoice_b), title_other_company):
            with self.assertRaisesRegex(UserError, "is not an open title of the case"):
                self.Promise.create(
                    {
                        "case_id": self.case_a.id,
                        "date": D4,
                        "amount": 100.0,
                        "title_ids": [Command.set(title.ids)],
                    }
                )
        self.assertFalse(self.Promise.search([]))

    @freeze_time(D2)
    def test_bad_promises_refused(self):
        form = self.note_form(self.case_a)
        form.body = "<p>Promise.</p>"
        form.promise_date = "2025-06-17"
        wizard = form.save()
        with self.assertRaisesRegex(UserError, "is in the past"):
            wizard.action_confirm()
        wizard.promise_date = D4
        wizard.promise_amount = 1000.01
        with self.assertRaisesRegex(UserError, "above the open amount"):
            wizard.action_confirm()
        wizard.promise_amount = 0.0
        with self.assertRaisesRegex(UserError, "must be positive"):
            wizard.action_confirm()
        wizard.promise_amount = 500.0
        with self.assertRaisesRegex(UserError, "recorded with OK"):
            wizard.action_save_pending()
        wizard.promise_title_ids = False
        with self.assertRaisesRegex(UserError, "Choose the titles"):
            wizard.action_confirm()
        self.assertFalse(self.Promise.search([]))
        self.assertFalse(
            self.env["telecobranca.note"].search([("origin", "=", "manual")])
        )

    @freeze_time(D2)
    def test_collector_cannot_write_state_but_cancels_his_promise(self):
        promise = self.promise_from_note(self.case_a, D4, amount=500.0)
        mine = promise.with_user(self.collector)
        for vals in ({"state": "kept"}, {"amount": 1.0}, {"date_done": D4}):
            with self.assertRaisesRegex(UserError, "not changed"):
                mine.write(vals)
            with self.assertRaisesRegex(UserError, "not changed"):
                mine.with_context(telecobranca_flow=True).write(vals)
        with self.assertRaisesRegex(UserError, "Write why"):
            mine.action_cancel()
        mine.cancel_reason = "Renegotiated instead"
        mine.action_cancel()
        self.assertRecordValues(
            promise,
            [
                {
                    "state": "cancelled",
                    "date_done": fields.Date.to_date(D2),
                    "cancel_reason": "Renegotiated instead",
                }
            ],
        )
        self.assertIn(
            f"Promise to pay of {self.money(500.0)} for 06/20/2025 cancelled by "
            f"{self.collector.name}: Renegotiated instead",
            self.notes_text(self.case_a),
        )
        with self.assertRaisesRegex(UserError, "no longer open"):
            mine.action_cancel("again")
        with freeze_time(D7):
            self.assertFalse(self.Promise._run())

    @freeze_time(D2)
    def test_another_collector_neither_sees_nor_cancels(self):
        promise = self.promise_from_note(self.case_a, D4, amount=500.0)
        other = self.env["res.users"].create(
            {
                "name": "Outro Cobrador",
                "login": "outro.cobrador",
                "company_id": self.company.id,
                "company_ids": [Command.set(self.company.ids)],
                "groups_id": [
                    Command.set(
                        self.env.ref("telecobranca.group_telecobranca_user").ids
                    )
                ],
            }
        )
        self.assertFalse(self.Promise.with_user(other).search([]))
        # a promise over RPC for somebody else is refused
        with self.assertRaisesRegex(UserError, "his own promises"):
            self.Promise.with_user(self.collector).create(
                {
                    "case_id": self.case_a.id,
                    "user_id": other.id,
                    "date": D4,
                    "amount": 10.0,
                    "title_ids": [Command.set(self.titles(self.invoice_a).ids)],
                }
            )
        self.assertEqual(promise.state, "open")

    def test_grace_days_bounded(self):
        Company = self.env["res.company"]
        self.assertEqual(Company.new({}).telecobranca_promise_grace_days, 2)
        for days in (-1, 31):
            company = Company.new({"telecobranca_promise_grace_days": days})
            with self.assertRaisesRegex(ValidationError, "from 0 to 30"):
                company._check_telecobranca_day_counts()
        Company.new(
            {"telecobranca_promise_grace_days": 30}
        )._check_telecobranca_day_counts()
