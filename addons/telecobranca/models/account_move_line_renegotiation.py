# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Titles and renegotiation: links between titles, credit letters, write-off.

What settling a title involves (lock, checks, write-off entry) lives in the
``telecobranca.settlement`` service.
"""

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

# key of the REN entry's line that consumes a credit letter (see
# telecobranca.renegotiation._prepare_move_vals): never a title
CREDIT_LETTER_KEY_PREFIX = "credit-letter:"


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
    telecobranca_title_note = fields.Text(
        string="Title Note",
        copy=False,
        help="Observation on the title, typed during its renegotiation.",
    )
    telecobranca_renegotiation_key = fields.Char(
        string="Renegotiation Key",
        copy=False,
        readonly=True,
        help="What this line of a renegotiation entry stands for (original "
        "titles, installment, charge or credit letter of a debtor): "
        "the confirmation maps the lines back by it.",
    )

    # ------------------------------------------------------------------
    # Compute and constraints
    # ------------------------------------------------------------------
    @api.depends("telecobranca_renegotiation_key")
    def _compute_is_title(self):
        super()._compute_is_title()
        for line in self:
            key = line.telecobranca_renegotiation_key or ""
            if key.startswith(CREDIT_LETTER_KEY_PREFIX):
                line.is_title = False  # a credit letter consumed, not a debt

    @api.constrains("is_credit_letter", "account_id", "balance")
    def _check_telecobranca_credit_letter(self):
        for line in self.filtered("is_credit_letter"):
            if (
                line.account_id.account_type
                not in (
                    "asset_receivable",
                    "liability_payable",
                )
                or not line.company_currency_id.compare_amounts(line.balance, 0) < 0
            ):
                raise ValidationError(
                    self.env._(
                        "Only a credit on a receivable or payable account can be "
                        "a credit letter (%(line)s).",
                        line=line.display_name,
                    )
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
