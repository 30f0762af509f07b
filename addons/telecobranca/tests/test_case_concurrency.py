# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two overlapping openings never duplicate a case or a line.

Two runs of the opening cron, or the manual *New collection* of a customer
and the automatic opening at the same moment: one open case per customer, and
the manual opening that loses gets the addon's clear message.

The runs need their own committed data and their own database cursors, so
this class commits its data in ``setUp`` and deletes it in the clean-up (like
``account``'s ``TestSequenceMixinConcurrency``).
"""

import threading
from datetime import timedelta
from unittest.mock import patch

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

MANUAL_NOTE = "Customer called: collect by hand"


@tagged("post_install", "-at_install")
class TestCaseOpeningConcurrency(TransactionCase):
    def setUp(self):
        super().setUp()
        # Real dates, well in the past: freezegun would freeze the clocks of
        # the threads' waits too.
        today = fields.Date.today()
        self.due_1 = today - timedelta(days=60)
        self.due_2 = today - timedelta(days=40)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            env = env(context={"allowed_company_ids": company.ids})
            self.saved_company_vals = {
                "telecobranca_auto_open": company.telecobranca_auto_open,
                "telecobranca_min_days_overdue": company.telecobranca_min_days_overdue,
            }
            # only this company opens cases during the test
            others = env["res.company"].search(
                [("telecobranca_auto_open", "=", True), ("id", "!=", company.id)]
            )
            self.other_auto_companies = others.ids
            others.telecobranca_auto_open = False
            company.write(
                {"telecobranca_auto_open": True, "telecobranca_min_days_overdue": 0}
            )
            journal = env["account.journal"].create(
                {"name": "Concurrency", "code": "CCY", "type": "general"}
            )
            receivable = env["account.account"].create(
                {
                    "code": "CCYREC",
                    "name": "Concurrency receivable",
                    "account_type": "asset_receivable",
                    "reconcile": True,
                }
            )
            income = env["account.account"].create(
                {
                    "code": "CCYINC",
                    "name": "Concurrency income",
                    "account_type": "income",
                }
            )
            partners = env["res.partner"].create(
                [
                    {"name": f"Concurrency customer {n}", "is_company": True}
                    for n in range(4)
                ]
            )
            moves = env["account.move"].create(
                [
                    {
                        "move_type": "entry",
                        "journal_id": journal.id,
                        "date": self.due_1,
                        "line_ids": [
                            Command.create(
                                {
                                    "account_id": receivable.id,
                                    "partner_id": partner.id,
                                    "debit": 100.0,
                                    "date_maturity": due,
                                }
                            ),
                            Command.create(
                                {
                                    "account_id": income.id,
                                    "partner_id": partner.id,
                                    "credit": 100.0,
                                }
                            ),
                        ],
                    }
                    for partner in partners
                    for due in (self.due_1, self.due_2)
                ]
            )
            moves.action_post()
            # the last customer already has an open case with its first title
            existing = env["telecobranca.case"].create(
                {"partner_id": partners[-1].id, "company_id": company.id}
            )
            first_title = moves.line_ids.filtered(
                lambda line: (
                    line.partner_id == partners[-1]
                    and line.is_title
                    and line.date_maturity == self.due_1
                )
            )
            env["telecobranca.case.line"].create(
                {"case_id": existing.id, "move_line_id": first_title.id}
            )
            cr.commit()  # pylint: disable=invalid-commit
            self.data = {
                "company_id": company.id,
                "journal_id": journal.id,
                "account_ids": (receivable | income).ids,
                "partner_ids": partners.ids,
                "move_ids": moves.ids,
                "title_ids": moves.line_ids.filtered("is_title").ids,
            }
        self.addCleanup(self._clean_up)

    def _clean_up(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            data = self.data
            cases = env["telecobranca.case"].search(
                [("partner_id", "in", data["partner_ids"])]
            )
            env["mail.message"].search(
                [("model", "=", "telecobranca.case"), ("res_id", "in", cases.ids)]
            ).unlink()
            cases.unlink()
            moves = env["account.move"].browse(data["move_ids"])
            moves.button_draft()
            moves.with_context(force_delete=True).unlink()
            env["account.journal"].browse(data["journal_id"]).unlink()
            env["account.account"].browse(data["account_ids"]).unlink()
            env["res.partner"].browse(data["partner_ids"]).unlink()
            env["res.company"].browse(data["company_id"]).write(self.saved_company_vals)
            env["res.company"].browse(self.other_auto_companies).write(
                {"telecobranca_auto_open": True}
            )
            cr.commit()  # pylint: disable=invalid-commit

    def _new_env(self):
        """An environment on a new cursor, made in the main thread (the
        registry is locked while the tests run)."""
        cr = self.registry.cursor()
        self.addCleanup(cr.close)
        return api.Environment(cr, SUPERUSER_ID, {})

    def _run(self, env, started, may_commit, errors):
        """One cron run in its own transaction; ``started`` is set once its
        work is done (uncommitted), it commits when ``may_commit`` is set."""
        try:
            env["telecobranca.case"]._cron_open_cases()
            if started:
                started.set()
            if may_commit:
                may_commit.wait(timeout=10)
            env.cr.commit()  # pylint: disable=invalid-commit
        except Exception as error:  # noqa: BLE001 - reported by the test
            env.cr.rollback()
            errors.append(error)
            if started:
                started.set()

    def test_overlapping_runs_do_not_duplicate(self):
        errors = []
        first_done = threading.Event()
        first_may_commit = threading.Event()
        first = threading.Thread(
            target=self._run,
            args=(self._new_env(), first_done, first_may_commit, errors),
        )
        second = threading.Thread(
            target=self._run, args=(self._new_env(), None, None, errors)
        )
        first.start()
        self.assertTrue(first_done.wait(timeout=30))
        # the second run starts while the first one's work is uncommitted:
        # it waits on the first one's new cases or skips its locked case
        second.start()
        second.join(timeout=1)
        first_may_commit.set()
        first.join(timeout=30)
        second.join(timeout=30)
        self.assertFalse(first.is_alive() or second.is_alive())
        self.assertFalse(errors, errors)

        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cases = env["telecobranca.case"].search(
                [("partner_id", "in", self.data["partner_ids"]), ("state", "=", "open")]
            )
            self.assertEqual(len(cases), 4)
            self.assertEqual(len(cases.partner_id), 4)
            lines = cases.line_ids
            self.assertEqual(len(lines), 8)
            self.assertEqual(
                sorted(lines.move_line_id.ids), sorted(self.data["title_ids"])
            )
            # a third run has nothing left to do
            env["telecobranca.case"]._cron_open_cases()
            self.assertEqual(len(cases.line_ids), 8)
            self.assertEqual(
                env["telecobranca.case"].search_count(
                    [("partner_id", "in", self.data["partner_ids"])]
                ),
                4,
            )
            cr.rollback()

    def test_two_runs_share_the_chunks(self):
        """Two processes running the opening at once (two Odoo nodes): each
        claims chunks of customers the other did not, both do work, and
        together they open every title once."""
        opening_class = type(self.env["telecobranca.case.opening"])
        original = opening_class._open_batch
        both_working = threading.Barrier(2, timeout=20)
        worked = {}  # thread name -> first keys (after) of the chunks it worked

        def open_batch(opening, company, limit, after=0):
            result = original(opening, company, limit, after)
            if result[0]:
                chunks = worked.setdefault(threading.current_thread().name, [])
                chunks.append(after)
                if len(chunks) == 1:
                    # hold on until the other run has worked a chunk too
                    both_working.wait()
            return result

        errors = []

        def run(env):
            try:
                env["telecobranca.case.opening"]._run(batch_size=1)
                env.cr.commit()  # pylint: disable=invalid-commit
            except Exception as error:  # noqa: BLE001 - reported by the test
                env.cr.rollback()
                errors.append(error)

        threads = [
            threading.Thread(target=run, args=(self._new_env(),), name=f"node {n}")
            for n in (1, 2)
        ]
        with patch.object(opening_class, "_open_batch", open_batch):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
        self.assertFalse(any(thread.is_alive() for thread in threads))
        self.assertFalse(errors, errors)
        # both did work, never on the same chunk
        self.assertEqual(sorted(worked), ["node 1", "node 2"])
        self.assertFalse(set(worked["node 1"]) & set(worked["node 2"]))
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self._check_every_title_once(env)
            cases = env["telecobranca.case"].search(
                [("partner_id", "in", self.data["partner_ids"])]
            )
            self.assertEqual(len(cases), 4)
            # the summary naming the existing case's second title was
            # posted once: one run worked that customer
            existing = cases.filtered(
                lambda case: case.partner_id.id == self.data["partner_ids"][-1]
            )
            second = existing.line_ids.move_line_id.filtered(
                lambda title: title.date_maturity == self.due_2
            )
            self.assertEqual(len(second), 1)
            summaries = existing.message_ids.filtered(
                lambda message: second.title_number in (message.body or "")
            )
            self.assertEqual(len(summaries), 1)
            cr.rollback()

    # ------------------------------------------------------------------
    # manual New collection and the automatic opening at once
    # ------------------------------------------------------------------
    def _manual(self, env, started, may_commit, errors):
        """*New collection* of the first customer, in its own transaction,
        as the wizard's Confirm button runs it."""
        try:
            company_id = self.data["company_id"]
            env = env(context={"allowed_company_ids": [company_id]})
            wizard = env["telecobranca.case.open.wizard"].create(
                {
                    "partner_id": self.data["partner_ids"][0],
                    "note": f"<p>{MANUAL_NOTE}</p>",
                }
            )
            wizard.action_confirm()
            if started:
                started.set()
            if may_commit:
                may_commit.wait(timeout=10)
            env.cr.commit()  # pylint: disable=invalid-commit
        except Exception as error:  # noqa: BLE001 - reported by the test
            env.cr.rollback()
            errors.append(error)
            if started:
                started.set()

    def _open_cases_of(self, env, partner_index):
        return env["telecobranca.case"].search(
            [
                ("partner_id", "=", self.data["partner_ids"][partner_index]),
                ("state", "=", "open"),
            ]
        )

    def _check_every_title_once(self, env):
        cases = env["telecobranca.case"].search(
            [("partner_id", "in", self.data["partner_ids"]), ("state", "=", "open")]
        )
        self.assertEqual(len(cases), 4)
        self.assertEqual(len(cases.partner_id), 4)
        self.assertEqual(
            sorted(cases.line_ids.move_line_id.ids), sorted(self.data["title_ids"])
        )
        self.assertEqual(len(cases.line_ids), 8)

    def test_manual_opening_loses_to_automatic(self):
        """The cron opens the customer's case first: the manual opening,
        blocked on it, gets the clear message and leaves nothing."""
        auto_errors, manual_errors = [], []
        auto_done = threading.Event()
        auto_may_commit = threading.Event()
        automatic = threading.Thread(
            target=self._run,
            args=(self._new_env(), auto_done, auto_may_commit, auto_errors),
        )
        manual = threading.Thread(
            target=self._manual, args=(self._new_env(), None, None, manual_errors)
        )
        automatic.start()
        self.assertTrue(auto_done.wait(timeout=30))
        with mute_logger("odoo.sql_db"):
            manual.start()
            manual.join(timeout=2)
            # the manual opening waits on the automatic one's new case
            self.assertTrue(manual.is_alive())
            auto_may_commit.set()
            automatic.join(timeout=30)
            manual.join(timeout=30)
        self.assertFalse(automatic.is_alive() or manual.is_alive())
        self.assertFalse(auto_errors, auto_errors)
        self.assertEqual(len(manual_errors), 1, manual_errors)
        [error] = manual_errors
        self.assertIsInstance(error, UserError)
        self.assertIn(
            "was opened at the same moment by another user or by the automatic opening",
            str(error),
        )
        self.assertNotIn("duplicate key", str(error))
        self.assertNotIn("unique", str(error).lower())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self._check_every_title_once(env)
            case = self._open_cases_of(env, 0)
            self.assertEqual(len(case), 1)
            self.assertEqual(case.opened_by, "cron")
            self.assertEqual(len(case.line_ids), 2)
            self.assertFalse(
                env["telecobranca.note"].search_count(
                    [("case_id", "=", case.id), ("body", "ilike", MANUAL_NOTE)]
                )
            )

    def test_automatic_opening_yields_to_manual(self):
        """The manual opening comes first: the cron, blocked on its case,
        leaves that customer to it without an error and opens the others."""
        auto_errors, manual_errors = [], []
        manual_done = threading.Event()
        manual_may_commit = threading.Event()
        manual = threading.Thread(
            target=self._manual,
            args=(self._new_env(), manual_done, manual_may_commit, manual_errors),
        )
        automatic = threading.Thread(
            target=self._run, args=(self._new_env(), None, None, auto_errors)
        )
        manual.start()
        self.assertTrue(manual_done.wait(timeout=30))
        self.assertFalse(manual_errors, manual_errors)
        automatic.start()
        automatic.join(timeout=2)
        # the automatic opening waits on the manual one's new case
        self.assertTrue(automatic.is_alive())
        manual_may_commit.set()
        manual.join(timeout=30)
        automatic.join(timeout=30)
        self.assertFalse(automatic.is_alive() or manual.is_alive())
        self.assertFalse(auto_errors, auto_errors)
        self.assertFalse(manual_errors, manual_errors)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self._check_every_title_once(env)
            case = self._open_cases_of(env, 0)
            self.assertEqual(len(case), 1)
            self.assertEqual(case.opened_by, "manual")
            self.assertEqual(len(case.line_ids), 2)
            self.assertEqual(
                env["telecobranca.note"].search_count(
                    [("case_id", "=", case.id), ("body", "ilike", MANUAL_NOTE)]
                ),
                1,
            )
            # the other customers were opened by the cron meanwhile
            self.assertEqual(
                set(
                    (self._open_cases_of(env, 1) | self._open_cases_of(env, 2)).mapped(
                        "opened_by"
                    )
                ),
                {"cron"},
            )
