# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Titles and renegotiation: links between titles, credit letters, write-off.

What settling a title involves (lock, checks, write-off entry) lives in the
``telecobranca.settlement`` service.
"""

from odoo import Command, fields, models
from odoo.exceptions import UserError


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
