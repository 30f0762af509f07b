# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The REN entry of a renegotiation: posted by the flow, undone only by it.

Collectors read accounting documents and edit none (security/
telecobranca_groups.xml): their confirmation posts the REN entry as
superuser, once ``_check_can_confirm`` has checked them, as themselves.

Undoing a confirmed renegotiation (issue 13). The REN entry cannot be
reset, cancelled, reversed or unreconciled on its own
(``account.move._telecobranca_check_can_change``): undoing the renegotiation
is the renegotiation's own action, for the collection manager. It never
edits a posted line: it unreconciles the REN entry from the originals and
credit letters, posts a reversal entry reconciled line by line with the REN
entry (the REN titles are settled by it), cancels the REN titles' boletos,
reopens the originals' collection case and logs a note. The renegotiation
ends *Undone*: not a draft (its REN titles exist, settled) nor *Cancelled*
(which can be reset to draft).
"""

from markupsafe import Markup

from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount


class TelecobrancaRenegotiation(models.Model):
    _inherit = "telecobranca.renegotiation"

    state = fields.Selection(
        selection_add=[("undone", "Undone")], ondelete={"undone": "set default"}
    )

    # ------------------------------------------------------------------
    # Business: confirmation
    # ------------------------------------------------------------------
    def _do_confirm(self):
        """Post the REN entry as superuser.

        A collector may renegotiate (``_check_can_confirm`` ran as the
        collector: the titles he reads, their company, the amounts) but has
        no right to create entries or reconcile journal items: the flow does
        it for him. Nothing else leaks: the entry is the one of
        ``_prepare_move_vals``, built from the checked renegotiation, and
        notes and messages keep the collector as author.
        """
        if self.env.su:
            return super()._do_confirm()
        return super(TelecobrancaRenegotiation, self.sudo())._do_confirm().sudo(False)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_cancel(self):
        # a confirmed renegotiation's entry cannot be reversed by hand any more
        if any(reneg.state in ("done", "undone") for reneg in self):
            raise UserError(
                self.env._(
                    "Only pending renegotiations can be cancelled: a collection "
                    "manager undoes a confirmed one with Undo, which reverses "
                    "its journal entry and reopens the original titles."
                )
            )
        return super().action_cancel()

    def action_undo(self):
        self._check_can_undo()
        for reneg in self:
            reneg._do_undo()
        return True

    def _check_can_undo(self):
        """Raise a clear error unless the renegotiations can be undone now."""
        if not self.env.user.has_group("telecobranca.group_telecobranca_manager"):
            raise UserError(
                self.env._("Only a collection manager may undo a renegotiation.")
            )
        settlement = self.env["telecobranca.settlement"]
        for reneg in self:
            if reneg.state != "done" or reneg.move_id.state != "posted":
                raise UserError(
                    self.env._(
                        "The renegotiation %(name)s is not confirmed: there is "
                        "nothing to undo.",
                        name=reneg.name,
                    )
                )
            new_titles = reneg.installment_ids.move_line_id
            settlement._lock_titles(new_titles | reneg.line_ids.move_line_id)
            for title in new_titles:
                currency = title.company_currency_id
                paid = title.balance - title.amount_residual
                if (
                    title.matched_debit_ids
                    or title.matched_credit_ids
                    or not currency.is_zero(paid)
                ):
                    raise UserError(
                        self.env._(
                            "The title %(title)s of the renegotiation %(name)s "
                            "has been paid or settled (%(amount)s) since its "
                            "confirmation: the renegotiation can no longer be "
                            "undone.",
                            title=title.title_number or title.display_name,
                            name=reneg.name,
                            amount=format_amount(self.env, paid, currency),
                        )
                    )
            settlement._check_lock_date(
                reneg.company_id, reneg._get_undo_date(), reneg.move_id.journal_id
            )

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _telecobranca_undo_moves(self):
        """The entries the undo of ``self`` may unreconcile and reverse."""
        return self.move_id

    def _get_undo_date(self):
        self.ensure_one()
        return max(fields.Date.context_today(self), self.move_id.date)

    def _do_undo(self):
        """Reverse the REN entry of the (checked) renegotiation; return the
        reversal entry."""
        self.ensure_one()
        move = self.move_id
        # the one code path let through the entry's guard: the context holds
        # this record, which no RPC client can send
        undo_move = move.with_context(telecobranca_undo=self)
        originals = self.line_ids.move_line_id
        new_titles = self.installment_ids.move_line_id
        undo_move.line_ids.remove_move_reconcile()
        reversal = undo_move._reverse_moves(
            [
                {
                    "date": self._get_undo_date(),
                    "ref": self.env._("Undo of %(name)s", name=self.name),
                    "telecobranca_origin": "renegotiation",
                }
            ]
        ).with_env(self.env)
        # posting a reversal reconciles each receivable line of the REN entry
        # with its reversed twin (Odoo's _reconcile_reversed_moves): the
        # REN titles are settled by the reversal
        reversal.action_post()
        boletos = new_titles.filtered(
            lambda title: title.boleto_status and title.boleto_status != "cancelled"
        )
        boletos.with_context(skip_invoice_sync=True).write(
            {"boleto_status": "cancelled"}
        )
        self.write({"state": "undone"})
        cases = self._reopen_original_cases(originals)
        body = Markup("<p>%s</p>") % self.env._(
            "Renegotiation %(name)s undone by %(user)s: %(move)s reversed by "
            "%(reversal)s; the titles %(titles)s are open again (%(amount)s), "
            "the new titles %(new)s are settled by the reversal.",
            name=self.name,
            user=self.env.user.name,
            move=move.name,
            reversal=reversal.name,
            titles=", ".join(originals.mapped("title_number")),
            amount=format_amount(
                self.env, sum(originals.mapped("amount_residual")), self.currency_id
            ),
            new=", ".join(new_titles.mapped("title_number")) or "-",
        )
        if boletos:
            body += Markup("<p>%s</p>") % self.env._(
                "Boletos cancelled: %(titles)s.",
                titles=", ".join(boletos.mapped("title_number")),
            )
        self.env["telecobranca.settlement"]._log_settlement(
            [self, move, reversal], cases, body
        )
        return reversal

    def _reopen_original_cases(self, originals):
        """Put the reopened ``originals`` back in their customer's open case:
        the open case, else the last closed case that held them (reopened),
        else a new case. Return the cases."""
        self.ensure_one()
        Case = self.env["telecobranca.case"]
        CaseLine = self.env["telecobranca.case.line"]
        cases = Case
        for partner, titles in originals.grouped(
            lambda title: title.partner_id.commercial_partner_id
        ).items():
            case = Case._get_open_cases(partner, self.company_id)[:1]
            if not case:
                case = (
                    CaseLine.search(
                        [
                            ("move_line_id", "in", titles.ids),
                            ("case_id.state", "=", "closed"),
                        ],
                        order="id desc",
                        limit=1,
                    )
                ).case_id
                if case:
                    case._do_reopen()
            if not case:
                case = Case.create(
                    self.env["telecobranca.case.opening"]._prepare_manual_case_vals(
                        self.company_id, partner, {}
                    )
                )
            known = case.line_ids.filtered(
                lambda line, titles=titles: line.move_line_id in titles
            )
            known.write({"is_open": True})
            case.line_ids = [
                Command.create({"move_line_id": title.id})
                for title in titles - known.move_line_id
            ]
            cases |= case
        return cases
