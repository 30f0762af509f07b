# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The entries collection posts cannot be undone by accident (issue 13).

A REN entry, a write-off entry and the bank credit entry of a CNAB return
refuse reset to draft, cancellation, reversal and unreconciliation, as a
collector and as a manager-accountant, called as RPC would call them; the
manager undoes a renegotiation from the renegotiation.
"""

import re
from decimal import Decimal

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from ..models.telecobranca_flow import FLOW
from .test_boleto_common import BoletoCommon
from .test_cnab import return_file
from .test_renegotiation import RenegotiationCommon


class CollectionEntriesCommon(RenegotiationCommon, BoletoCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.collector = new_test_user(
            cls.env,
            login="entries_collector",
            groups="telecobranca.group_telecobranca_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.manager = cls.env.user  # accountant and collection manager

    def confirmed_renegotiation(self, *invoices, user=None):
        titles = self.titles(self.env["account.move"].union(*invoices))
        # a collector confirms the renegotiations he is responsible for
        reneg = self.renegotiate(titles, **({"user_id": user.id} if user else {}))
        if user:
            reneg = reneg.with_user(user)
        reneg.action_compute_charges()
        reneg.action_compute_installments()
        reneg.action_confirm()
        return reneg.sudo(False).with_user(self.env.user)

    def snapshot(self, move):
        """What a person sees of an entry: state, lines, what they settle."""
        move.invalidate_recordset()
        move.line_ids.invalidate_recordset()
        return {
            "state": move.state,
            "lines": [
                (line.account_id.id, line.balance, line.amount_residual)
                for line in move.line_ids.sorted("id")
            ],
            "matched": sorted(
                (move.line_ids.matched_debit_ids | move.line_ids.matched_credit_ids).ids
            ),
            "reversals": move.reversal_move_ids.ids,
        }

    def assert_locked(self, move, owner, users=None):
        """Every way of undoing ``move`` on its own fails for ``users``,
        naming ``owner``; nothing changed."""
        before = self.snapshot(move)
        message = re.escape(owner)
        for user in users or (self.collector, self.manager):
            entry = move.with_user(user)
            lines = entry.line_ids
            partials = (
                move.line_ids.matched_debit_ids | move.line_ids.matched_credit_ids
            ).with_user(user)
            attempts = {
                "button_draft": entry.button_draft,
                "button_cancel": entry.button_cancel,
                "action_reverse": entry.action_reverse,
                "_reverse_moves": lambda entry=entry: entry._reverse_moves(cancel=True),
                "remove_move_reconcile": lines.remove_move_reconcile,
                "partial unlink": partials.unlink,
                # a context value forged by an RPC client is no undo
                "forged undo": lambda entry=entry: entry.with_context(
                    telecobranca_undo=1
                ).button_draft(),
            }
            for name, attempt in attempts.items():
                with (
                    self.subTest(user=user.login, attempt=name),
                    self.assertRaisesRegex(UserError, message),
                ):
                    attempt()
            with self.subTest(user=user.login, attempt="reversal wizard"):
                # a collector may not even open the wizard; else the entry says no
                with self.assertRaises(UserError) as caught:
                    wizard = (
                        self.env["account.move.reversal"]
                        .with_user(user)
                        .with_context(active_model="account.move", active_ids=move.ids)
                        .create({"journal_id": move.journal_id.id})
                    )
                    wizard.refund_moves()
                if not isinstance(caught.exception, AccessError):
                    self.assertRegex(str(caught.exception), message)
        self.assertEqual(self.snapshot(move), before)


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestCollectionEntriesLocked(CollectionEntriesCommon):
    def test_ren_entry_locked(self):
        invoice = self.create_invoice(1000.0, "2025-04-01")
        reneg = self.confirmed_renegotiation(invoice)
        move = reneg.move_id
        self.assertEqual(move.telecobranca_origin, "renegotiation")
        self.assert_locked(move, reneg.name)
        # the original invoice cannot be reset either: it would unreconcile
        original = self.titles(invoice)
        for user in (self.collector, self.manager):
            with self.assertRaisesRegex(UserError, re.escape(reneg.name)):
                invoice.with_user(user).button_draft()
        self.assertTrue(original.reconciled)
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(reneg.state, "done")

    def test_mark_and_keys_written_only_by_their_flows(self):
        """A Billing user cannot clear the mark that locks a REN entry (and
        then reset it), mark an invoice, flag a credit letter or change a
        renegotiation key by a plain write, as RPC would call it."""
        supervisor = new_test_user(
            self.env,
            login="entries_marker",
            groups="telecobranca.group_telecobranca_supervisor",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        invoice = self.create_invoice(600.0, "2025-04-01")
        reneg = self.confirmed_renegotiation(invoice)
        move = reneg.move_id.with_user(supervisor)
        with self.assertRaisesRegex(UserError, "collection origin"):
            move.write({"telecobranca_origin": False})
        with self.assertRaisesRegex(UserError, re.escape(reneg.name)):
            move.button_draft()
        self.assertEqual(reneg.move_id.telecobranca_origin, "renegotiation")
        self.assertEqual(reneg.move_id.state, "posted")
        other = self.create_invoice(100.0, "2025-04-01").with_user(supervisor)
        with self.assertRaisesRegex(UserError, "collection origin"):
            other.write({"telecobranca_origin": "writeoff"})
        self.assertFalse(other.telecobranca_origin)
        line = reneg.move_id.line_ids[:1].with_user(supervisor)
        key = line.telecobranca_renegotiation_key
        with self.assertRaisesRegex(UserError, "renegotiation key"):
            line.write({"telecobranca_renegotiation_key": "forged"})
        self.assertEqual(line.telecobranca_renegotiation_key, key)
        refund_line = self.titles(other).with_user(supervisor)
        with self.assertRaisesRegex(UserError, "collection manager"):
            refund_line.write({"is_credit_letter": True})
        self.assertFalse(refund_line.is_credit_letter)

    def test_writeoff_entry_locked(self):
        invoice = self.create_invoice(250.0, "2025-04-01")
        title = self.titles(invoice)
        wtype = self.env["telecobranca.writeoff.type"].create(
            {"name": "Perda", "account_id": self.expense.id}
        )
        move = self.env["telecobranca.settlement"]._writeoff(
            title, wtype, self.today, "Cliente falido"
        )
        self.assertEqual(move.telecobranca_origin, "writeoff")
        self.assert_locked(move, title.title_number)
        self.assertTrue(title.reconciled)
        self.assertEqual(title.amount_residual, 0.0)

    def import_paid_boleto(self, amount, user=None):
        """A boleto invoice of ``amount`` exported and paid in a return file
        imported by ``user`` (the collector by default); return the log."""
        user = user or self.collector
        title = self.titles(self.boleto_invoice(amount))
        export = self.env["telecobranca.cnab.export"].with_user(user)
        wizard = export.with_context(
            active_model="account.move.line", active_ids=title.ids
        ).create({})
        wizard.action_export()
        content = return_file(
            [
                {
                    "code": "06",
                    "nosso_numero": title._boleto_cnab_nosso_numero(),
                    "amount": Decimal(f"{amount:.2f}"),
                    "paid": Decimal(f"{amount:.2f}"),
                }
            ]
        )
        log = self.env["telecobranca.cnab.return"].with_user(user)
        return log._import_file(self.bb_account, content, "RET0001.RET")

    def test_existing_entries_get_their_origin(self):
        """On a database of before the field, the links say which entry is
        whose (the SQL that fills the new column, on entries left unmarked)."""
        ren = self.confirmed_renegotiation(self.create_invoice(500.0, "2025-04-01"))
        undone = self.confirmed_renegotiation(self.create_invoice(700.0, "2025-04-02"))
        undone.action_undo()
        wtype = self.env["telecobranca.writeoff.type"].create(
            {"name": "Perda", "account_id": self.expense.id}
        )
        writeoff = self.env["telecobranca.settlement"]._writeoff(
            self.titles(self.create_invoice(90.0, "2025-04-01")),
            wtype,
            self.today,
            "Acordo",
        )
        bank = self.import_paid_boleto(300.0).line_ids.payment_move_id
        invoice = self.create_invoice(40.0, "2025-04-01")
        payment = self.pay(invoice).move_id
        # a misc entry on the write-off account that settles nothing
        misc = self.env["account.move"].create(
            {
                "move_type": "entry",
                "line_ids": [
                    Command.create({"account_id": self.expense.id, "debit": 10.0}),
                    Command.create(
                        {
                            "account_id": self.company_data[
                                "default_account_receivable"
                            ].id,
                            "partner_id": self.customer.id,
                            "credit": 10.0,
                        }
                    ),
                ],
            }
        )
        misc.action_post()
        expected = {
            ren.move_id: "renegotiation",
            undone.move_id: "renegotiation",
            undone.move_id.reversal_move_ids: "renegotiation",
            writeoff: "writeoff",
            bank: "bank_return",
            invoice: False,
            payment: False,
            misc: False,
        }
        self.env.flush_all()
        self.env.cr.execute("UPDATE account_move SET telecobranca_origin = NULL")
        self.env["account.move"]._telecobranca_fill_origin()
        self.env.invalidate_all()
        for move, origin in expected.items():
            self.assertEqual(move.telecobranca_origin, origin, move.name)

    def test_cnab_payment_entry_locked(self):
        """A collector imports the return (posting as the flow), and neither
        he nor the manager can undo its entry."""
        log = self.import_paid_boleto(300.0)
        title = log.line_ids.move_line_id
        move = log.line_ids.payment_move_id.sudo(False).with_user(self.env.user)
        self.assertEqual(move.telecobranca_origin, "bank_return")
        self.assertTrue(title.reconciled)
        self.assert_locked(move, log.display_name)
        self.assertTrue(title.reconciled)


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestCollectorRights(CollectionEntriesCommon):
    def test_collector_reads_and_prints_but_edits_no_accounting(self):
        invoice = self.create_invoice(480.0, "2025-04-01")
        self.assertTrue(self.collector.has_group("account.group_account_readonly"))
        self.assertFalse(self.collector.has_group("account.group_account_invoice"))
        supervisor = new_test_user(
            self.env,
            login="entries_supervisor",
            groups="telecobranca.group_telecobranca_supervisor",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        self.assertTrue(supervisor.has_group("account.group_account_invoice"))
        as_collector = invoice.with_user(self.collector)
        self.assertEqual(as_collector.amount_total, 480.0)
        self.assertEqual(self.titles(as_collector).title_number, f"{invoice.name}-1/1")
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.collector)
            ._render_qweb_html("account.account_invoices", invoice.ids)
        )
        self.assertIn(invoice.name, html.decode())
        with self.assertRaises(AccessError):
            as_collector.write({"ref": "changed"})
        with self.assertRaises(AccessError):
            as_collector.button_draft()
        self.assertEqual(invoice.state, "posted")

    def test_collector_confirms_a_renegotiation(self):
        """The collector's renegotiation posts the REN entry through the flow."""
        invoice = self.create_invoice(600.0, "2025-04-01")
        original = self.titles(invoice)
        reneg = self.confirmed_renegotiation(invoice, user=self.collector)
        self.assertEqual(reneg.state, "done")
        self.assertTrue(original.reconciled)
        self.assertEqual(reneg.move_id.state, "posted")
        self.assertEqual(reneg.move_id.create_uid, self.collector)
        self.assertAlmostEqual(
            sum(reneg.installment_ids.move_line_id.mapped("amount_residual")),
            reneg.amount_total,
            places=2,
        )


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestRenegotiationUndo(CollectionEntriesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice_1 = cls.create_invoice(1000.0, "2025-04-01")
        cls.invoice_2 = cls.create_invoice(900.0, "2025-04-10", term=cls.term_30_60_90)
        cls.originals = cls.titles(cls.invoice_1 | cls.invoice_2)
        cls.case = cls.env["telecobranca.case"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.company.id,
                "line_ids": [
                    Command.create({"move_line_id": title.id})
                    for title in cls.originals
                ],
            }
        )

    def test_undo_keeps_every_document_consistent(self):
        residuals = {t.id: t.amount_residual for t in self.originals}
        self.assertAlmostEqual(sum(residuals.values()), 1900.0, places=2)
        reneg = self.confirmed_renegotiation(
            self.invoice_1, self.invoice_2, user=self.collector
        )
        move = reneg.move_id
        lines_before = [(line.account_id, line.balance) for line in move.line_ids]
        new_titles = reneg.installment_ids.move_line_id
        self.assertEqual(len(new_titles), 3)
        # as the bank's return would (a plain write is refused)
        new_titles[0].with_context(telecobranca_flow=FLOW).write(
            {"boleto_status": "registered"}
        )
        self.assertEqual(self.case.state, "closed")  # every title settled

        with self.assertRaisesRegex(UserError, "Only a collection manager"):
            reneg.with_user(self.collector).action_undo()
        self.assertEqual(reneg.state, "done")

        reneg.action_undo()

        # the originals are open again, each for what it owed
        self.originals.invalidate_recordset()
        for title in self.originals:
            self.assertFalse(title.reconciled, title.title_number)
            self.assertAlmostEqual(title.amount_residual, residuals[title.id], 2)
        # the REN entry is untouched and balanced; its reversal cancels it
        self.assertEqual(move.state, "posted")
        self.assertEqual(
            [(line.account_id, line.balance) for line in move.line_ids], lines_before
        )
        reversal = move.reversal_move_ids
        self.assertEqual(len(reversal), 1)
        self.assertEqual(reversal.state, "posted")
        self.assertEqual(reversal.telecobranca_origin, "renegotiation")
        for entry in (move, reversal):
            self.assertAlmostEqual(
                sum(entry.line_ids.mapped("debit")),
                sum(entry.line_ids.mapped("credit")),
                places=2,
            )
        per_account = {}
        for line in move.line_ids | reversal.line_ids:
            per_account[line.account_id] = (
                per_account.get(line.account_id, 0.0) + line.balance
            )
        for account, balance in per_account.items():
            self.assertAlmostEqual(balance, 0.0, 2, account.display_name)
        # the REN titles are settled by the reversal, their boleto cancelled
        for title in new_titles:
            self.assertTrue(title.reconciled, title.title_number)
            self.assertEqual(title.matched_credit_ids.credit_move_id.move_id, reversal)
            self.assertAlmostEqual(
                sum(title.matched_credit_ids.mapped("amount")), title.balance, 2
            )
        self.assertEqual(new_titles[0].boleto_status, "cancelled")
        self.assertFalse(new_titles[1:].filtered("boleto_status"))
        # the renegotiation says so, and the case collects the originals again
        self.assertEqual(reneg.state, "undone")
        self.assertEqual(self.case.state, "open")
        self.assertEqual(
            self.case.line_ids.filtered("is_open").move_line_id, self.originals
        )
        note = self.env["telecobranca.note"].search(
            [("case_id", "=", self.case.id), ("origin", "=", "system")],
            order="id desc",
            limit=1,
        )
        self.assertIn(f"Renegotiation {reneg.name} undone", note.body)
        self.assertIn(reversal.name, note.body)
        self.assertIn("R$", note.body)
        # the reversal is the renegotiation's too, and nothing can be undone twice
        self.assert_locked(reversal, reneg.name, users=[self.manager])
        with self.assertRaisesRegex(UserError, "not confirmed"):
            reneg.action_undo()
        with self.assertRaisesRegex(UserError, "undoes a confirmed one with Undo"):
            reneg.action_cancel()
        with self.assertRaises(UserError):
            reneg.action_draft()
        # the originals can be renegotiated again
        again = self.confirmed_renegotiation(self.invoice_1, self.invoice_2)
        self.assertEqual(again.state, "done")
        self.assertTrue(self.originals.filtered("reconciled") == self.originals)

    def test_undo_refused_when_a_new_title_is_paid(self):
        reneg = self.confirmed_renegotiation(self.invoice_1)
        new_title = reneg.installment_ids.move_line_id.sorted("date_maturity")[0]
        (
            self.env["account.payment.register"]
            .with_context(active_model="account.move.line", active_ids=new_title.ids)
            .create({"payment_date": "2025-06-16", "amount": 100.0})
            ._create_payments()
        )
        self.assertAlmostEqual(
            new_title.amount_residual, new_title.balance - 100.0, places=2
        )
        before = self.snapshot(reneg.move_id)
        with self.assertRaisesRegex(UserError, re.escape(new_title.title_number)):
            reneg.action_undo()
        self.assertEqual(reneg.state, "done")
        self.assertEqual(self.snapshot(reneg.move_id), before)
        self.assertTrue(self.titles(self.invoice_1).reconciled)
