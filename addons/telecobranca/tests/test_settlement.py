# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The settlement service: lock, checks, write-off, setup of the settings."""

import re

from freezegun import freeze_time

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.exceptions import UserError
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools import mute_logger

from .test_renegotiation import RenegotiationCommon
from .test_renegotiation_concurrency import post_invoice


@tagged("post_install", "-at_install")
class TestSettlement(RenegotiationCommon):
    """Every caller refuses what cannot be settled; the write-off balances."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Settlement = cls.env["telecobranca.settlement"]
        cls.wtype = cls.env["telecobranca.writeoff.type"].create(
            {"name": "Uncollectible", "account_id": cls.expense.id}
        )
        cls.invoice = cls.create_invoice(1000.0, "2025-04-01", term=cls.term_30_60_90)
        cls.title = cls.titles(cls.invoice)[0]

    def _state(self):
        """What a person would see change: entries, open amounts, notes."""
        return (
            self.env["account.move"].search_count([]),
            self.env["telecobranca.note"].search_count([]),
            tuple(self.titles(self.invoice).mapped("amount_residual")),
        )

    def _callers(self, title, date="2025-06-16"):
        """Each way of settling ``title``: a callable raising or settling."""

        def writeoff_wizard():
            form = Form(
                self.env["telecobranca.writeoff.wizard"].with_context(
                    default_move_line_id=title.id
                )
            )
            form.writeoff_type_id = self.wtype
            form.date = date
            form.reason = "Customer went bankrupt"
            form.save().action_confirm()

        def renegotiation():
            reneg = self.renegotiate(title, date=date)
            reneg.action_compute_installments()
            reneg.action_confirm()

        return {"write-off": writeoff_wizard, "renegotiation": renegotiation}

    def _assert_refused_by_every_caller(self, title, pattern, date="2025-06-16"):
        for name, settle in self._callers(title, date).items():
            with self.subTest(caller=name):
                before = self._state()
                with self.assertRaisesRegex(UserError, pattern):
                    settle()
                self.assertEqual(self._state(), before)

    # ------------------------------------------------------------------
    # Refusals
    # ------------------------------------------------------------------
    @freeze_time("2025-06-16")
    def test_forecast_title_refused(self):
        forecast = self.titles(self.create_invoice(100.0, "2025-05-20", post=False))
        self.assertTrue(forecast.is_forecast)
        self._assert_refused_by_every_caller(
            forecast, re.escape(f"{forecast.title_number} is a forecast title")
        )

    @freeze_time("2025-06-16")
    def test_settled_title_refused(self):
        invoice = self.create_invoice(100.0, "2025-05-20")
        self.pay(invoice)
        title = self.titles(invoice)
        self._assert_refused_by_every_caller(
            title, re.escape(f"{title.title_number} is already settled")
        )

    @freeze_time("2025-06-16")
    def test_locked_period_refused(self):
        self.company.fiscalyear_lock_date = fields.Date.to_date("2025-05-31")
        self._assert_refused_by_every_caller(
            self.title, "05/20/2025 is in a locked accounting period", "2025-05-20"
        )
        self.assertFalse(self.title.reconciled)

    @freeze_time("2025-06-16")
    def test_title_in_pending_renegotiation_not_written_off(self):
        reneg = self.renegotiate(self.title)
        before = self._state()
        with self.assertRaisesRegex(
            UserError,
            re.escape(
                f"{self.title.title_number} is in the pending renegotiation "
                f"{reneg.name}"
            ),
        ):
            self.Settlement._writeoff(self.title, self.wtype, self.today, "Loss")
        self.assertEqual(self._state(), before)
        # a cancelled renegotiation does not hold the title anymore
        reneg.action_cancel()
        move = self.Settlement._writeoff(self.title, self.wtype, self.today, "Loss")
        self.assertEqual(move.state, "posted")
        self.assertTrue(self.title.reconciled)

    # ------------------------------------------------------------------
    # Write-off
    # ------------------------------------------------------------------
    @freeze_time("2025-06-16")
    def test_writeoff_balances_reconciles_and_notes_the_case(self):
        case = self.env["telecobranca.case"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company.id,
                "line_ids": [Command.create({"move_line_id": self.title.id})],
            }
        )
        self.assertEqual(self.title.amount_residual, 333.3)
        move = self.Settlement._writeoff(
            self.title, self.wtype, self.today, "Agreed loss"
        )
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.date, self.today)
        self.assertRecordValues(
            move.line_ids.sorted("balance"),
            [
                {
                    "account_id": self.title.account_id.id,
                    "partner_id": self.customer.id,
                    "balance": -333.3,
                    "reconciled": True,
                },
                {
                    "account_id": self.expense.id,
                    "partner_id": self.customer.id,
                    "balance": 333.3,
                    "reconciled": False,
                },
            ],
        )
        self.assertEqual(sum(move.line_ids.mapped("balance")), 0.0)
        self.assertTrue(self.title.reconciled)
        self.assertEqual(self.title.amount_residual, 0.0)
        self.assertEqual(
            self.title.matched_credit_ids.credit_move_id, move.line_ids[:1]
        )
        note = self.env["telecobranca.note"].search(
            [
                ("case_id", "=", case.id),
                ("origin", "=", "system"),
                ("body", "ilike", "written off"),
            ]
        )
        self.assertEqual(len(note), 1)
        self.assertEqual(note.state, "done")
        self.assertIn(
            f"Title {self.title.title_number} written off without cash "
            "(Uncollectible): Agreed loss",
            note.body,
        )

    @freeze_time("2025-06-16")
    def test_wizard_default_type_has_no_side_effect(self):
        self.company.telecobranca_writeoff_type_id = False
        types = self.env["telecobranca.writeoff.type"].search_count([])
        form = Form(
            self.env["telecobranca.writeoff.wizard"].with_context(
                default_move_line_id=self.title.id
            )
        )
        self.assertFalse(form.writeoff_type_id)
        self.assertEqual(self.env["telecobranca.writeoff.type"].search_count([]), types)

    # ------------------------------------------------------------------
    # Settings
    # ------------------------------------------------------------------
    @freeze_time("2025-06-16")
    def test_missing_account_is_a_clear_error(self):
        self.company.telecobranca_fine_account_id = False
        reneg = self.renegotiate(self.title)
        reneg.action_compute_installments()
        self.assertEqual(reneg.amount_fine, 6.67)
        before = self._state()
        with self.assertRaisesRegex(
            UserError, r"Set the Fine Income Account of .* in Settings > Telecobrança"
        ):
            reneg.action_confirm()
        self.assertEqual(self._state(), before)
        self.assertEqual(reneg.state, "draft")
        # no fine, no fine account needed
        for line in reneg.line_ids:
            line.fine_amount = 0.0
        reneg.action_compute_installments()
        reneg.action_confirm()
        self.assertEqual(reneg.state, "done")
        self.assertTrue(self.title.reconciled)

    def test_missing_discount_account_for_default_writeoff_type(self):
        self.company.write(
            {
                "telecobranca_writeoff_type_id": False,
                "telecobranca_discount_account_id": False,
            }
        )
        self.env["telecobranca.writeoff.type"].search(
            [("company_id", "=", self.company.id)]
        ).active = False
        with self.assertRaisesRegex(UserError, "Set the Discount Expense Account"):
            self.company._telecobranca_create_default_writeoff_type()

    def test_brazilian_chart_defaults(self):
        """A company getting the Brazilian chart gets the REN journal, the
        chart's fine, interest and discount accounts and a write-off type."""
        company = self.setup_other_company(name="Empresa Nova")["company"]
        ref = self.env["account.chart.template"].with_company(company).ref
        self.assertRecordValues(
            company,
            [
                {
                    "chart_template": "br",
                    "telecobranca_fine_account_id": ref(
                        "account_template_30101050124"
                    ).id,
                    "telecobranca_interest_account_id": ref(
                        "account_template_30101050132"
                    ).id,
                    "telecobranca_discount_account_id": ref(
                        "account_template_31101010202"
                    ).id,
                }
            ],
        )
        self.assertRecordValues(
            company.telecobranca_renegotiation_journal_id,
            [{"code": "REN", "type": "general", "company_id": company.id}],
        )
        self.assertRecordValues(
            company.telecobranca_writeoff_type_id,
            [
                {
                    "is_final_no_cash": True,
                    "account_id": company.telecobranca_discount_account_id.id,
                }
            ],
        )

    def test_setup_never_overwrites_a_setting(self):
        self.company._telecobranca_setup_settlement()
        self.assertEqual(self.company.telecobranca_fine_account_id, self.revenue)
        self.assertEqual(self.company.telecobranca_discount_account_id, self.expense)


@tagged("post_install", "-at_install")
class TestSettlementLock(TransactionCase):
    """A title another transaction holds: a clear error, nothing changes.

    The lock must be held by another database connection, so this class
    commits its own data and deletes it afterwards.
    """

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            env = env(context={"allowed_company_ids": company.ids})
            expense = env["account.account"].create(
                {"code": "SLKEXP", "name": "Settlement lock", "account_type": "expense"}
            )
            partner = env["res.partner"].create({"name": "Locked Customer"})
            move = post_invoice(env, partner, 150.0, "2025-05-20")
            wtype = env["telecobranca.writeoff.type"].create(
                {"name": "Lock test", "account_id": expense.id}
            )
            title = move.line_ids.filtered("is_title")
            self.data = {
                "company": company.id,
                "account": expense.id,
                "partner": partner.id,
                "move": move.id,
                "title": title.id,
                "wtype": wtype.id,
            }
        self.addCleanup(self._delete_data)

    def _delete_data(self):
        data = self.data
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env = env(context={"allowed_company_ids": [data["company"]]})
            move = env["account.move"].browse(data["move"])
            move.button_draft()
            move.with_context(force_delete=True).unlink()
            env["telecobranca.writeoff.type"].browse(data["wtype"]).unlink()
            env["account.account"].browse(data["account"]).unlink()
            env["res.partner"].browse(data["partner"]).unlink()

    def test_locked_title_clear_error_nothing_changes(self):
        data = self.data
        with self.registry.cursor() as holder:
            holder.execute(
                "SELECT id FROM account_move_line WHERE id = %s FOR UPDATE",
                [data["title"]],
            )
            env = self.env(context={"allowed_company_ids": [data["company"]]})
            title = env["account.move.line"].browse(data["title"])
            self.assertTrue(title.is_title)
            wtype = env["telecobranca.writeoff.type"].browse(data["wtype"])
            moves = env["account.move"].search_count([])
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaisesRegex(
                    UserError,
                    f"The titles {title.title_number} are being settled by another "
                    "user right now",
                ),
            ):
                env["telecobranca.settlement"]._writeoff(
                    title, wtype, fields.Date.to_date("2025-06-16"), "Loss"
                )
            self.assertEqual(env["account.move"].search_count([]), moves)
            self.assertFalse(title.reconciled)
            self.assertEqual(title.amount_residual, 150.0)
            holder.rollback()
