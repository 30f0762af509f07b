# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two overlapping runs of the promises' daily check judge each promise once.

The runs need their own committed data and their own database cursors, so
this class commits its data in ``setUp`` and deletes it in the clean-up (like
``test_case_concurrency``). Real dates: freezegun would freeze the clocks of
the threads' waits too.
"""

import threading
from datetime import timedelta

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestPromiseRunConcurrency(TransactionCase):
    def setUp(self):
        super().setUp()
        today = fields.Date.today()
        # promised for today, checked a week later: broken (nothing paid)
        self.run_date = today + timedelta(days=7)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            env = env(context={"allowed_company_ids": company.ids})
            self.saved_grace = company.telecobranca_promise_grace_days
            company.telecobranca_promise_grace_days = 0
            journal = env["account.journal"].create(
                {"name": "Promise concurrency", "code": "PCY", "type": "general"}
            )
            receivable = env["account.account"].create(
                {
                    "code": "PCYREC",
                    "name": "Promise concurrency receivable",
                    "account_type": "asset_receivable",
                    "reconcile": True,
                }
            )
            income = env["account.account"].create(
                {
                    "code": "PCYINC",
                    "name": "Promise concurrency income",
                    "account_type": "income",
                }
            )
            partners = env["res.partner"].create(
                [
                    {"name": f"Promise customer {n}", "is_company": True}
                    for n in range(3)
                ]
            )
            moves = env["account.move"].create(
                [
                    {
                        "move_type": "entry",
                        "journal_id": journal.id,
                        "date": today - timedelta(days=40),
                        "line_ids": [
                            Command.create(
                                {
                                    "account_id": receivable.id,
                                    "partner_id": partner.id,
                                    "debit": 100.0,
                                    "date_maturity": today - timedelta(days=30),
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
                ]
            )
            moves.action_post()
            cases = env["telecobranca.case"].create(
                [
                    {
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "user_id": env.ref("base.user_admin").id,
                        "line_ids": [
                            Command.create({"move_line_id": title.id})
                            for title in moves.line_ids.filtered(
                                lambda line, p=partner: (
                                    line.is_title and line.partner_id == p
                                )
                            )
                        ],
                    }
                    for partner in partners
                ]
            )
            promises = env["telecobranca.promise"].create(
                [
                    {
                        "case_id": case.id,
                        "date": today,
                        "amount": 100.0,
                        "channel": "phone",
                        "title_ids": [Command.set(case.line_ids.move_line_id.ids)],
                    }
                    for case in cases
                ]
            )
            cr.commit()  # pylint: disable=invalid-commit
            self.data = {
                "company_id": company.id,
                "journal_id": journal.id,
                "account_ids": (receivable | income).ids,
                "partner_ids": partners.ids,
                "move_ids": moves.ids,
                "case_ids": cases.ids,
                "promise_ids": promises.ids,
                "note_ids": cases.note_ids.ids,
            }
        self.addCleanup(self._clean_up)

    def _clean_up(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            data = self.data
            cases = env["telecobranca.case"].browse(data["case_ids"])
            env["mail.activity"].search(
                [("res_model", "=", "telecobranca.case"), ("res_id", "in", cases.ids)]
            ).unlink()
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
            env["res.company"].browse(
                data["company_id"]
            ).telecobranca_promise_grace_days = self.saved_grace
            cr.commit()  # pylint: disable=invalid-commit

    def _new_env(self):
        """An environment on a new cursor, made in the main thread (the
        registry is locked while the tests run)."""
        cr = self.registry.cursor()
        self.addCleanup(cr.close)
        return api.Environment(cr, SUPERUSER_ID, {})

    def _run(self, env, judged, errors, started=None, may_commit=None, barrier=None):
        """One promise run in its own transaction; ``started`` is set once its
        work is done (uncommitted), it commits when ``may_commit`` is set."""
        try:
            if barrier:
                barrier.wait(timeout=10)
            judged.append(len(env["telecobranca.promise"]._run(date=self.run_date)))
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

    def _check_judged_once(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            promises = env["telecobranca.promise"].browse(self.data["promise_ids"])
            self.assertEqual(promises.mapped("state"), ["broken"] * 3)
            for case in env["telecobranca.case"].browse(self.data["case_ids"]):
                # one note by the runs: the promise broken
                new_notes = case.note_ids.filtered(
                    lambda n: n.id not in self.data["note_ids"]
                )
                self.assertEqual(len(new_notes), 1, case.partner_id.name)
                self.assertIn("100.00", new_notes.body)
                self.assertEqual(len(case.activity_ids), 1, case.partner_id.name)
                self.assertEqual(case.next_date, self.run_date)
            # a third run has nothing left to judge
            self.assertFalse(env["telecobranca.promise"]._run(date=self.run_date))
            cr.rollback()

    def test_second_run_while_the_first_is_uncommitted(self):
        """The second run starts while the first one holds its promises:
        it skips them (SKIP LOCKED) and judges nothing."""
        judged, errors = [], []
        first_done, first_may_commit = threading.Event(), threading.Event()
        first = threading.Thread(
            target=self._run,
            args=(self._new_env(), judged, errors, first_done, first_may_commit),
        )
        second = threading.Thread(
            target=self._run, args=(self._new_env(), judged, errors)
        )
        first.start()
        self.assertTrue(first_done.wait(timeout=30))
        second.start()
        second.join(timeout=30)
        first_may_commit.set()
        first.join(timeout=30)
        self.assertFalse(first.is_alive() or second.is_alive())
        self.assertFalse(errors, errors)
        self.assertEqual(sorted(judged), [0, 3])
        self._check_judged_once()

    def test_two_runs_at_once(self):
        """Two runs released at the same instant: together they judge the
        three promises once."""
        judged, errors = [], []
        barrier = threading.Barrier(2)
        threads = [
            threading.Thread(
                target=self._run,
                args=(self._new_env(), judged, errors),
                kwargs={"barrier": barrier},
            )
            for _n in range(2)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        self.assertFalse(any(thread.is_alive() for thread in threads))
        self.assertFalse(errors, errors)
        self.assertEqual(sum(judged), 3)
        self._check_judged_once()
