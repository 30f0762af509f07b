# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Big CNAB return files are imported in the background, by chunks."""

import base64
from decimal import Decimal
from unittest.mock import patch

from freezegun import freeze_time

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from .test_boleto_common import BoletoCommon
from .test_cnab import balances, outstanding_account, return_file

D = Decimal
RETURN = "telecobranca.cnab.return"


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestCnabBackground(BoletoCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.telecobranca_cnab_background_records = 3
        cls.invoices = cls.env["account.move"]
        for index in range(5):
            cls.invoices |= cls.boleto_invoice(100.0 + index, invoice_date="2025-04-01")
        cls.batch_titles = cls.titles(cls.invoices).sorted("id")
        cls.batch_titles._telecobranca_issue_boleto(cls.bb_account)
        cls.case = cls.env["telecobranca.case.opening"]._open_case_manually(
            cls.customer, cls.batch_titles
        )
        cls.collector = new_test_user(
            cls.env,
            login="background_collector",
            groups="telecobranca.group_telecobranca_user",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )

    def paid(self, title, **values):
        amount = D(str(title.amount_residual)).quantize(D("0.01"))
        return {
            "code": "06",
            "nosso_numero": title._boleto_cnab_nosso_numero(),
            "amount": amount,
            "paid": amount,
            **values,
        }

    def upload(self, content, name="BIG.RET", user=None):
        env = self.env(user=user or self.collector)
        wizard = Form(
            env["telecobranca.cnab.import"].with_context(default_file_name=name)
        )
        wizard.file_data = base64.b64encode(content)
        action = wizard.save().action_import()
        return env[RETURN].browse(action["res_id"])

    def run_cron(self, times=1):
        """The scheduler's calls, each as its own batch, as the cron user."""
        cron = self.env.ref("telecobranca.ir_cron_import_cnab_returns")
        done = []
        with patch.object(type(self.env[RETURN]), "_import_chunk_size", 2):
            for _ in range(times):
                done.append(
                    self.env[RETURN].with_user(cron.user_id)._cron_import_queued()
                )
        return done

    # ------------------------------------------------------------------
    def test_big_file_queued_then_imported_by_chunks(self):
        titles = self.batch_titles
        content = return_file([self.paid(title) for title in titles], sequence=41)
        log = self.upload(content)
        # checked and queued: nothing booked yet, the scheduler woken up
        self.assertRecordValues(
            log,
            [{"state": "queued", "record_total": 5, "record_done": 0, "line_count": 0}],
        )
        self.assertFalse(any(titles.mapped("reconciled")))
        cron = self.env.ref("telecobranca.ir_cron_import_cnab_returns")
        self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]))
        # a second upload of the queued file is refused
        with self.assertRaisesRegex(UserError, "not finished"):
            self.upload(content, "AGAIN.RET")

        self.assertEqual(self.run_cron(), [2])
        log.invalidate_recordset()
        self.assertRecordValues(
            log, [{"state": "running", "record_done": 2, "line_count": 2}]
        )
        self.assertAlmostEqual(log.import_progress, 40.0)
        self.assertEqual(titles.mapped("reconciled"), [True, True, False, False, False])
        self.assertEqual(self.case.state, "open")

        self.assertEqual(self.run_cron(3), [2, 1, 0])
        log.invalidate_recordset()
        self.assertRecordValues(
            log,
            [
                {
                    "state": "done",
                    "record_done": 5,
                    "line_count": 5,
                    "paid_count": 5,
                    "error_count": 0,
                    "file_data": False,
                }
            ],
        )
        self.assertTrue(all(titles.mapped("reconciled")))
        self.assertEqual(titles.mapped("boleto_status"), ["paid"] * 5)
        # every title paid to the cent, one entry (one credit date) per chunk
        entries = log.line_ids.payment_move_id
        self.assertEqual(len(entries), 3)
        self.assertEqual(
            sum(balances(entry)[titles[0].account_id.id] for entry in entries),
            -510.00,  # 100 + 101 + 102 + 103 + 104
        )
        self.assertEqual(
            sum(
                balances(entry)[outstanding_account(self.bank_journal).id]
                for entry in entries
            ),
            510.00,
        )
        self.assertEqual(self.case.state, "closed")
        # the uploader is told, in the return's chatter
        message = log.message_ids.filtered(lambda m: "is imported" in m.body)
        self.assertEqual(len(message), 1)
        self.assertIn("5 records, 5 boletos paid, 0 not processed", message.body)
        self.assertIn(self.collector.partner_id, message.partner_ids)
        # the same file once imported: refused, nothing paid twice
        with self.assertRaisesRegex(UserError, "already imported"):
            self.upload(content, "AGAIN.RET")
        self.assertEqual(self.run_cron(), [0])
        self.assertEqual(len(log.line_ids.payment_move_id), 3)

    def test_small_file_imported_at_once(self):
        title = self.batch_titles[0]
        log = self.upload(return_file([self.paid(title)], sequence=42))
        self.assertRecordValues(
            log, [{"state": "done", "record_total": 1, "record_done": 1}]
        )
        self.assertTrue(title.reconciled)
        self.assertFalse(log.file_data)

    def test_upload_checks_what_the_import_needs(self):
        """What would stop the import is said at the upload: nothing queued."""
        self.bb_account.boleto_fee_account_id = False
        records = [self.paid(title, fee=D("0.45")) for title in self.batch_titles]
        with self.assertRaisesRegex(UserError, "bank fees"):
            self.upload(return_file(records, sequence=43))
        self.assertFalse(self.env[RETURN].search([]))

    def test_failed_chunk_books_nothing_and_shows_the_error(self):
        titles = self.batch_titles
        # fees only on the last records: the first chunk books without them
        records = [
            self.paid(title, fee=D("0.45") if index >= 2 else D("0"))
            for index, title in enumerate(titles)
        ]
        content = return_file(records, sequence=44)
        log = self.upload(content)
        self.assertEqual(self.run_cron(), [2])
        # the fee account is removed while the file waits
        self.bb_account.boleto_fee_account_id = False
        self.assertEqual(self.run_cron(), [0])
        log.invalidate_recordset()
        self.assertRecordValues(
            log, [{"state": "failed", "record_done": 2, "line_count": 2}]
        )
        self.assertIn("bank fees", log.error_message)
        # the failed chunk left nothing: its titles open, no entry, no line
        self.assertEqual(titles.mapped("reconciled"), [True, True, False, False, False])
        self.assertEqual(len(log.line_ids.payment_move_id), 1)
        self.assertFalse(
            self.env["account.move"].search(
                [
                    ("ref", "like", "BIG.RET"),
                    ("id", "not in", log.line_ids.payment_move_id.ids),
                ]
            )
        )
        message = log.message_ids.filtered(lambda m: "stopped after" in m.body)
        self.assertIn("2 of 5 records", message.body)
        # not started again by the scheduler by itself, nor re-uploaded
        self.assertEqual(self.run_cron(), [0])
        with self.assertRaisesRegex(UserError, "not finished"):
            self.upload(content, "AGAIN.RET")
        # the account set again, the user retries: it resumes, pays once
        self.bb_account.boleto_fee_account_id = self.company_data[
            "default_account_expense"
        ]
        log.with_user(self.collector).action_retry_import()
        self.assertEqual(log.state, "queued")
        self.assertFalse(log.error_message)
        self.assertEqual(self.run_cron(2), [2, 1])
        log.invalidate_recordset()
        self.assertRecordValues(
            log, [{"state": "done", "record_done": 5, "paid_count": 5}]
        )
        self.assertTrue(all(titles.mapped("reconciled")))
        self.assertEqual(self.case.state, "closed")

    def test_state_and_progress_written_by_the_import_only(self):
        log = self.upload(
            return_file([self.paid(title) for title in self.batch_titles], sequence=45)
        )
        with self.assertRaisesRegex(UserError, "set by its import only"):
            log.with_user(self.env.user).write({"record_done": 5})
        with self.assertRaisesRegex(UserError, "set by its import only"):
            log.with_user(self.env.user).write({"state": "done"})
        with self.assertRaisesRegex(UserError, "queued by its upload only"):
            self.env[RETURN].create(
                {
                    "name": "FAKE.RET",
                    "checksum": "x",
                    "bank_account_id": self.bb_account.id,
                    "state": "queued",
                    "file_data": log.file_data,
                }
            )
        with self.assertRaisesRegex(UserError, "Only a failed background import"):
            log.action_retry_import()


@tagged("post_install", "-at_install")
class TestCnabBackgroundClaim(TransactionCase):
    """Two workers never import the same return: each claims one with
    ``FOR UPDATE SKIP LOCKED`` on its own connection. The returns are
    committed (and deleted in the clean-up), as workers see them."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            bank = env["res.partner.bank"].create(
                {"acc_number": "CLAIM-TEST-1", "partner_id": company.partner_id.id}
            )
            returns = env[RETURN].create(
                [
                    {
                        "name": f"CLAIM{n}.RET",
                        "checksum": f"claim-test-{n}",
                        "company_id": company.id,
                        "bank_account_id": bank.id,
                        "state": "queued",
                        "record_total": 10,
                    }
                    for n in range(2)
                ]
            )
            self.return_ids, self.bank_id = returns.ids, bank.id
        self.addCleanup(self.delete_committed)

    def delete_committed(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env[RETURN].browse(self.return_ids).unlink()
            env["res.partner.bank"].browse(self.bank_id).unlink()

    def test_two_workers_never_claim_the_same_return(self):
        first_id, second_id = self.return_ids
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            worker_a = api.Environment(cr_a, SUPERUSER_ID, {})[RETURN]
            worker_b = api.Environment(cr_b, SUPERUSER_ID, {})[RETURN]
            self.assertEqual(worker_a._claim_queued().id, first_id)
            # the first is locked by A: B skips it, without waiting
            self.assertEqual(worker_b._claim_queued().id, second_id)
            cr_a.rollback()  # A's chunk ends: the first is free again
            cr_b.rollback()
            self.assertEqual(worker_b._claim_queued().id, first_id)
            self.assertEqual(worker_b._queued_record_count(), 20)
