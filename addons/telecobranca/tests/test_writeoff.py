# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import TelecobrancaCommon


@tagged("post_install", "-at_install")
class TestWriteoff(TelecobrancaCommon):
    """Write-off without cash of a title (F7)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loss_account = cls.company_data["default_account_expense"]
        cls.wtype = cls.env["telecobranca.writeoff.type"].create(
            {
                "name": "Uncollectible",
                "account_id": cls.loss_account.id,
                "company_id": cls.company.id,
            }
        )
        cls.invoice = cls.create_invoice(1000.0, "2025-04-01", term=cls.term_30_60_90)
        cls.title = cls.titles(cls.invoice)[0]

    def _wizard(self, title=None, **values):
        form = Form(
            self.env["telecobranca.writeoff.wizard"].with_context(
                default_move_line_id=(title or self.title).id
            )
        )
        form.writeoff_type_id = values.pop("writeoff_type_id", self.wtype)
        form.date = values.pop("date", "2025-06-16")
        form.reason = values.pop("reason", "Customer went bankrupt")
        return form.save()

    def _moves_count(self):
        return self.env["account.move"].search_count([])

    @freeze_time("2025-06-16")
    def test_writeoff_posts_reconciled_entry(self):
        wizard = self._wizard()
        self.assertEqual(wizard.account_id, self.loss_account)
        action = wizard.action_confirm()
        move = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(move.state, "posted")
        self.assertRecordValues(
            move.line_ids.sorted("balance"),
            [
                {"account_id": self.title.account_id.id, "balance": -333.3},
                {"account_id": self.loss_account.id, "balance": 333.3},
            ],
        )
        self.assertTrue(self.title.reconciled)
        self.assertEqual(self.title.amount_residual, 0.0)
        self.assertIn("Customer went bankrupt", move.message_ids[:1].body)
        self.assertIn("Uncollectible", self.invoice.message_ids[:1].body)
        # the other installments are untouched
        self.assertFalse(self.titles(self.invoice)[1].reconciled)

    @freeze_time("2025-06-16")
    def test_default_type_from_settings(self):
        self.company.telecobranca_writeoff_type_id = self.wtype
        form = Form(
            self.env["telecobranca.writeoff.wizard"].with_context(
                default_move_line_id=self.title.id
            )
        )
        self.assertEqual(form.writeoff_type_id, self.wtype)

    @freeze_time("2025-06-16")
    def test_default_type_created_explicitly(self):
        self.company.telecobranca_writeoff_type_id = False
        self.env["telecobranca.writeoff.type"].search(
            [("company_id", "=", self.company.id)]
        ).active = False
        wtype = self.company._telecobranca_create_default_writeoff_type()
        self.assertTrue(wtype.is_final_no_cash)
        self.assertEqual(self.company.telecobranca_writeoff_type_id, wtype)

    @freeze_time("2025-06-16")
    def test_refused_for_forecast_title(self):
        draft = self.create_invoice(500.0, "2025-05-01", post=False)
        title = self.titles(draft)
        self.assertTrue(title.is_forecast)
        count = self._moves_count()
        with self.assertRaisesRegex(UserError, "forecast"):
            self._wizard(title).action_confirm()
        self.assertEqual(self._moves_count(), count)

    @freeze_time("2025-06-16")
    def test_refused_for_settled_title(self):
        invoice = self.create_invoice(500.0, "2025-05-01")
        self.pay(invoice)
        title = self.titles(invoice)
        count = self._moves_count()
        with self.assertRaisesRegex(UserError, "already settled"):
            self._wizard(title).action_confirm()
        self.assertEqual(self._moves_count(), count)

    @freeze_time("2025-06-16")
    def test_refused_in_locked_period(self):
        self.company.fiscalyear_lock_date = fields.Date.to_date("2025-05-31")
        count = self._moves_count()
        with self.assertRaisesRegex(UserError, "locked"):
            self._wizard(date="2025-05-20").action_confirm()
        self.assertEqual(self._moves_count(), count)
        self.assertFalse(self.title.reconciled)

    @freeze_time("2025-06-16")
    def test_reason_required(self):
        count = self._moves_count()
        with self.assertRaisesRegex(UserError, "reason"):
            self.env["telecobranca.settlement"]._writeoff(
                self.title, self.wtype, self.today, "  "
            )
        self.assertEqual(self._moves_count(), count)

    @freeze_time("2025-06-16")
    def test_action_from_title(self):
        action = self.title.action_telecobranca_writeoff()
        self.assertEqual(action["res_model"], "telecobranca.writeoff.wizard")
        self.assertEqual(action["context"]["default_move_line_id"], self.title.id)

    @freeze_time("2025-06-16")
    def test_from_partner_tab(self):
        other = self.create_invoice(
            300.0,
            "2025-05-01",
            partner=self.env["res.partner"].create({"name": "Other Customer"}),
        )
        Wizard = self.env["telecobranca.writeoff.wizard"].with_context(
            default_partner_id=self.customer.id
        )
        form = Form(Wizard)
        form.move_line_id = self.title
        form.writeoff_type_id = self.wtype
        form.reason = "Duplicated title"
        form.save().action_confirm()
        self.assertTrue(self.title.reconciled)
        proposed = self.env["account.move.line"].search(
            [
                ("is_title", "=", True),
                ("reconciled", "=", False),
                ("parent_state", "=", "posted"),
                ("partner_id", "child_of", self.customer.id),
            ]
        )
        self.assertNotIn(self.titles(other), proposed)
