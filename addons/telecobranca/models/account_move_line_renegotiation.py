# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Titles and renegotiation: links between titles, credit letters, write-off."""

from psycopg2 import errors

from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    renegotiation_origin_ids = fields.Many2many(
        "account.move.line",
        "telecobranca_renegotiation_title_rel",
        "child_id",
        "origin_id",
        string="Renegotiated From",
        copy=False,
        help="Titles this title was renegotiated from.",
    )
    renegotiation_child_ids = fields.Many2many(
        "account.move.line",
        "telecobranca_renegotiation_title_rel",
        "origin_id",
        "child_id",
        string="Renegotiated Into",
        copy=False,
        help="Titles created by the renegotiation of this title.",
    )
    is_credit_letter = fields.Boolean(
        string="Credit Letter",
        copy=False,
        help="An open credit the company owes the partner, usable in a "
        "renegotiation of the partner's titles.",
    )

    # ------------------------------------------------------------------
    # Timeline hooks
    # ------------------------------------------------------------------
    def _telecobranca_timeline_parents(self):
        return super()._telecobranca_timeline_parents() | self.renegotiation_origin_ids

    def _telecobranca_timeline_children(self):
        return super()._telecobranca_timeline_children() | self.renegotiation_child_ids

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_telecobranca_writeoff(self):
        """Open the write-off without cash wizard on one title (F7)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "telecobranca.telecobranca_writeoff_wizard_action"
        )
        action["context"] = {"default_move_line_id": self.id}
        return action

    def action_telecobranca_renegotiate(self):
        """Start a renegotiation of the selected titles (F5)."""
        titles = self.filtered("is_title")
        if not titles:
            raise UserError(self.env._("Select the titles to renegotiate."))
        renegotiation = self.env["telecobranca.renegotiation"].create(
            {
                "company_id": titles[0].company_id.id,
                "partner_ids": [
                    Command.set(titles.partner_id.commercial_partner_id.ids)
                ],
                "line_ids": [
                    Command.create({"move_line_id": title.id}) for title in titles
                ],
            }
        )
        return renegotiation._get_form_action()

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _telecobranca_check_settleable(self):
        """Raise unless every title of ``self`` can be settled now."""
        for line in self:
            if not line.is_title:
                raise UserError(
                    self.env._("%(line)s is not a title.", line=line.display_name)
                )
            if line.is_forecast or line.parent_state != "posted":
                raise UserError(
                    self.env._(
                        "The title %(title)s is a forecast title (its entry is "
                        "not posted): it cannot be settled.",
                        title=line.title_number,
                    )
                )
            if line.reconciled or line.company_currency_id.is_zero(
                line.amount_residual
            ):
                raise UserError(
                    self.env._(
                        "The title %(title)s is already settled.",
                        title=line.title_number,
                    )
                )

    def _telecobranca_lock_titles(self, message=None):
        """Lock the rows of ``self`` or fail at once if someone else holds them.

        Two users settling the same title at the same time: the second one
        gets a clear error (``message``, or one naming the titles) at once
        instead of waiting, and nothing is posted.
        """
        if not self:
            return
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM account_move_line WHERE id IN %s "
                        "FOR UPDATE NOWAIT",
                        tuple(self.ids),
                    ),
                    log_exceptions=False,  # the loser's error is expected
                )
        except (errors.LockNotAvailable, errors.SerializationFailure) as error:
            raise UserError(
                message
                or self.env._(
                    "The titles %(titles)s are being settled by another user "
                    "right now. Reload and try again.",
                    titles=", ".join(t.title_number or t.name or "" for t in self),
                )
            ) from error
        self.invalidate_recordset(["amount_residual", "reconciled"])

    def _telecobranca_check_lock_date(self, company, date, journal):
        """Raise when ``date`` is in a locked period of ``company``."""
        violations = company._get_lock_date_violations(
            date, fiscalyear=True, sale=False, purchase=False, tax=False, hard=True
        )
        if violations or date <= company._get_user_fiscal_lock_date(journal):
            raise UserError(
                self.env._(
                    "The date %(date)s is in a locked accounting period.",
                    date=fields.Date.to_string(date),
                )
            )

    def _telecobranca_writeoff_journal(self, company):
        journals = self.env["account.journal"].search(
            [
                *self.env["account.journal"]._check_company_domain(company),
                ("type", "=", "general"),
                ("code", "!=", "REN"),
            ],
            limit=1,
        )
        return journals or company._telecobranca_renegotiation_journal()

    def _telecobranca_do_writeoff(self, writeoff_type, date, reason):
        """Settle the title ``self`` without cash against the type's account (F7).

        Return the posted write-off entry, reconciled with the title.
        """
        self.ensure_one()
        self._telecobranca_check_settleable()
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason of the write-off."))
        if writeoff_type.company_id != self.company_id:
            raise UserError(
                self.env._("The write-off type belongs to another company.")
            )
        company = self.company_id
        journal = self._telecobranca_writeoff_journal(company)
        self._telecobranca_check_lock_date(company, date, journal)
        self._telecobranca_lock_titles()
        self._telecobranca_check_settleable()
        amount = self.amount_residual
        label = self.env._(
            "Write-off of %(title)s: %(reason)s", title=self.title_number, reason=reason
        )
        move = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": journal.id,
                "date": date,
                "company_id": company.id,
                "ref": label,
                "line_ids": [
                    Command.create(
                        {
                            "name": label,
                            "account_id": self.account_id.id,
                            "partner_id": self.partner_id.id,
                            "credit": amount,
                        }
                    ),
                    Command.create(
                        {
                            "name": label,
                            "account_id": writeoff_type.account_id.id,
                            "partner_id": self.partner_id.id,
                            "debit": amount,
                        }
                    ),
                ],
            }
        )
        cases = self._telecobranca_open_cases()
        move.action_post()
        counterpart = move.line_ids.filtered(
            lambda line: line.account_id == self.account_id
        )
        (self | counterpart).reconcile()
        body = self.env._(
            "Title %(title)s written off without cash (%(type)s): %(reason)s",
            title=self.title_number,
            type=writeoff_type.name,
            reason=reason,
        )
        move.message_post(body=body)
        self.move_id.message_post(body=body)
        self._telecobranca_log_case_note(cases, body)
        return move

    def _telecobranca_open_cases(self):
        """Open collection cases of the titles ``self`` (empty without cases)."""
        if "collection_case_id" not in self._fields:
            return None
        return self.collection_case_id

    def _telecobranca_log_case_note(self, cases, body):
        """Add a system note on ``cases``."""
        self.env["telecobranca.note"]._log_system_note(cases, body)
