# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Title timeline (linha do tempo): where a title comes from and where it went.

For a title the timeline lists its *ancestors* (titles it was renegotiated
from, recursively; negative levels), the title itself (level 0) and its
*descendants* (payments, credit notes and write-offs reconciled with it, and
the titles renegotiated from it with their own settlements; positive levels).
When the company works with cost centers, each title shows the analytic
distribution of its invoice.

Renegotiation links titles in a later step: it overrides the hooks
``account.move.line._telecobranca_timeline_parents()`` and
``_telecobranca_timeline_children()``.
"""

from collections import defaultdict

from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_open_telecobranca_timeline(self):
        """Open the timeline of the selected titles."""
        titles = self.filtered("is_title")
        timeline = self.env["telecobranca.timeline"].create(
            {"title_ids": [fields.Command.set(titles.ids)]}
        )
        timeline._do_build()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Timeline"),
            "res_model": "telecobranca.timeline",
            "res_id": timeline.id,
            "view_mode": "form",
            "target": "new",
        }

    # ------------------------------------------------------------------
    # Extension hooks
    # ------------------------------------------------------------------
    def _telecobranca_timeline_parents(self):
        """Titles ``self`` (one title) was renegotiated from."""
        self.ensure_one()
        return self.browse()

    def _telecobranca_timeline_children(self):
        """Titles renegotiated from ``self`` (one title)."""
        self.ensure_one()
        return self.browse()

    def _telecobranca_timeline_settlements(self):
        """Reconciliation counterparts of ``self`` (one title).

        Return a list of ``(counterpart line, date, amount)``: the amount is
        the part of the title the counterpart settled, in company currency.
        """
        self.ensure_one()
        partials = self.matched_credit_ids | self.matched_debit_ids
        exchange_moves = partials.exchange_move_id
        result = []
        for partial in partials.sorted(lambda p: (p.max_date, p.id)):
            other = (
                partial.credit_move_id
                if partial.debit_move_id == self
                else partial.debit_move_id
            )
            if other.move_id in exchange_moves:
                continue
            result.append((other, partial.max_date or other.date, partial.amount))
        return result

    def _telecobranca_timeline_kind(self):
        """Kind of a settlement line ``self`` (one line) on the timeline."""
        self.ensure_one()
        move = self.move_id
        if move.origin_payment_id or move.statement_line_id:
            return "payment"
        if move.move_type in ("out_refund", "in_refund"):
            return "credit_note"
        return "write_off"

    def _telecobranca_analytic_text(self):
        """Analytic distribution of the invoice of ``self`` (one title).

        The distributions of the invoice's product lines are weighted by
        their amounts: ``"Sales 60%, Support 40%"``; empty without analytic.
        """
        self.ensure_one()
        lines = self.move_id.invoice_line_ids.filtered(
            lambda line: line.display_type == "product" and line.analytic_distribution
        )
        total = sum(abs(line.balance) for line in self.move_id.invoice_line_ids)
        if not lines or not total:
            return ""
        shares = defaultdict(float)
        for line in lines:
            for key, percent in line.analytic_distribution.items():
                for account_id in str(key).split(","):
                    shares[int(account_id)] += abs(line.balance) * percent / total
        accounts = self.env["account.analytic.account"].browse(list(shares)).exists()
        return ", ".join(
            f"{account.display_name} {shares[account.id]:.4g}%"
            for account in accounts.sorted(lambda a: (-shares[a.id], a.display_name))
        )
