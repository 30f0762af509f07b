# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two users confirming renegotiations that share a title at the same time.

The data must be visible to other database connections, so this class
commits its own data (in the main company) and deletes it afterwards.
"""

import threading

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

TIMEOUT = 60


def post_invoice(env, partner, amount, date):
    """A posted customer invoice of one untaxed line (for committed data)."""
    invoice = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "invoice_date": date,
            "date": date,
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": "Goods",
                        "quantity": 1,
                        "price_unit": amount,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        }
    )
    invoice.action_post()
    return invoice


@tagged("post_install", "-at_install")
class TestRenegotiationConcurrency(TransactionCase):
    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            env = env(context={"allowed_company_ids": company.ids})
            had_journal = bool(
                env["account.journal"].search(
                    [("company_id", "=", company.id), ("code", "=", "REN")]
                )
            )
            journal = company._telecobranca_create_renegotiation_journal()
            had_writeoff_type = bool(company.telecobranca_writeoff_type_id)
            # the fine and interest accounts are settings (the main company may
            # not use the Brazilian chart, whose accounts are the defaults)
            accounts = {
                name: company[name].id
                for name in (
                    "telecobranca_fine_account_id",
                    "telecobranca_interest_account_id",
                )
            }
            income = env["account.account"].search(
                [
                    *env["account.account"]._check_company_domain(company),
                    ("account_type", "=", "income_other"),
                ],
                limit=1,
            )
            company.write(
                {name: value or income.id for name, value in accounts.items()}
            )
            partner = env["res.partner"].create({"name": "Concurrent Customer"})
            invoice = post_invoice(env, partner, 1000.0, "2025-05-20")
            title = invoice.line_ids.filtered("is_title")
            renegotiations = env["telecobranca.renegotiation"].create(
                [
                    {
                        "company_id": company.id,
                        "partner_ids": [Command.set(partner.ids)],
                        "date": "2025-06-16",
                        "line_ids": [Command.create({"move_line_id": title.id})],
                    }
                    for _i in range(2)
                ]
            )
            renegotiations.action_compute_installments()
            self.data = {
                "company": company.id,
                "journal": journal.id,
                "created_journal": not had_journal,
                "writeoff_type": (
                    False
                    if had_writeoff_type
                    else company.telecobranca_writeoff_type_id.id
                ),
                "partner": partner.id,
                "invoice": invoice.id,
                "title": title.id,
                "renegotiations": renegotiations.ids,
                "accounts": accounts,
            }
        self.addCleanup(self._delete_data)

    def _delete_data(self):
        data = self.data
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env = env(context={"allowed_company_ids": [data["company"]]})
            renegotiations = env["telecobranca.renegotiation"].browse(
                data["renegotiations"]
            )
            moves = renegotiations.move_id | env["account.move"].browse(data["invoice"])
            renegotiations.write({"state": "draft", "move_id": False})
            renegotiations.unlink()
            moves.telecobranca_origin = False  # no document owns them any more
            moves.filtered(lambda move: move.state == "posted").button_draft()
            moves.with_context(force_delete=True).unlink()
            env["res.partner"].browse(data["partner"]).unlink()
            env["res.company"].browse(data["company"]).write(data["accounts"])
            if data["writeoff_type"]:
                env["res.company"].browse(data["company"]).write(
                    {"telecobranca_writeoff_type_id": False}
                )
                env["telecobranca.writeoff.type"].browse(data["writeoff_type"]).unlink()
            if data["created_journal"]:
                env["res.company"].browse(data["company"]).write(
                    {"telecobranca_renegotiation_journal_id": False}
                )
                env["account.journal"].browse(data["journal"]).unlink()

    def _env(self, cr):
        """A superuser environment on ``cr``, usable in any thread.

        ``api.Environment`` would look the registry up under the registry
        lock, which the test runner holds: give it the registry directly.
        """
        if cr.transaction is None:
            cr.transaction = api.Transaction(self.registry)
        return api.Environment(
            cr, SUPERUSER_ID, {"allowed_company_ids": [self.data["company"]]}
        )

    def _confirm(self, reneg_id, results, before=None, after=None):
        """Confirm in a cursor of its own; ``before``/``after`` pace the threads."""
        try:
            with self.registry.cursor() as cr:
                cr.execute("SET LOCAL lock_timeout = '20s'")
                env = self._env(cr)
                reneg = env["telecobranca.renegotiation"].browse(reneg_id)
                reneg.line_ids.move_line_id.mapped("amount_residual")
                if before:
                    before()
                try:
                    reneg.action_confirm()
                except UserError as error:
                    cr.rollback()
                    results[reneg_id] = error
                    return
                if after:
                    after()
                results[reneg_id] = "ok"
        except Exception as error:  # noqa: BLE001 - reported by the test
            results[reneg_id] = error

    def _run(self, targets):
        threads = [threading.Thread(target=target) for target in targets]
        # the refused row lock is an expected "bad query"
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(TIMEOUT)
        for thread in threads:
            self.assertFalse(thread.is_alive(), "a confirmation hung")

    def _check_outcome(self, results):
        first, second = self.data["renegotiations"]
        self.assertEqual(set(results), {first, second})
        successes = [key for key, value in results.items() if value == "ok"]
        failures = [value for value in results.values() if value != "ok"]
        self.assertEqual(len(successes), 1, results)
        self.assertIsInstance(failures[0], UserError, results)
        self.assertRegex(
            str(failures[0]), "another user|already settled", str(failures[0])
        )
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env = env(context={"allowed_company_ids": [self.data["company"]]})
            renegotiations = env["telecobranca.renegotiation"].browse(
                self.data["renegotiations"]
            )
            winner = renegotiations.filtered(lambda r: r.id == successes[0])
            loser = renegotiations - winner
            self.assertEqual(winner.state, "done")
            self.assertEqual(winner.move_id.state, "posted")
            self.assertEqual(loser.state, "draft")
            self.assertFalse(loser.move_id)
            self.assertFalse(loser.installment_ids.move_line_id)
            title = env["account.move.line"].browse(self.data["title"])
            self.assertTrue(title.reconciled)
            self.assertEqual(title.renegotiation_child_ids, winner.new_title_ids)
            # one REN entry only: nothing half-posted by the loser
            self.assertEqual(
                env["account.move.line"].search_count(
                    [("renegotiation_origin_ids", "in", title.ids)]
                ),
                len(winner.installment_ids),
            )

    def test_second_fails_fast_while_first_holds_the_title(self):
        """The loser gets a clear error at once instead of waiting."""
        first, second = self.data["renegotiations"]
        results = {}
        first_posted = threading.Event()
        second_done = threading.Event()

        def first_target():
            self._confirm(
                first,
                results,
                after=lambda: (first_posted.set(), second_done.wait(TIMEOUT)),
            )
            first_posted.set()

        def second_target():
            first_posted.wait(TIMEOUT)
            self._confirm(second, results)
            second_done.set()

        self._run([first_target, second_target])
        self.assertEqual(results[first], "ok", results)
        self.assertIsInstance(results[second], UserError, results)
        self.assertIn("another user", str(results[second]))
        self._check_outcome(results)

    def test_simultaneous_confirmations(self):
        """Started together: exactly one wins, whatever the timing."""
        first, second = self.data["renegotiations"]
        results = {}
        barrier = threading.Barrier(2, timeout=TIMEOUT)
        self._run(
            [
                lambda: self._confirm(first, results, before=barrier.wait),
                lambda: self._confirm(second, results, before=barrier.wait),
            ]
        )
        self._check_outcome(results)
