# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class TelecobrancaCaseReassignWizard(models.TransientModel):
    """A supervisor gives the selected cases to another collector; each case
    gets a note (see ``telecobranca.case.action_reassign``)."""

    _name = "telecobranca.case.reassign.wizard"
    _inherit = ["telecobranca.wizard.mixin"]
    _description = "Reassign Collection Cases"
    _check_company_auto = True

    case_ids = fields.Many2many(
        "telecobranca.case",
        default=lambda self: self.env.context.get("active_ids"),
        required=True,
        string="Cases",
    )
    case_count = fields.Integer(compute="_compute_case_count", string="Number of Cases")
    user_id = fields.Many2one(
        "res.users",
        string="New Collector",
        required=True,
        domain=lambda self: [
            ("share", "=", False),
            (
                "groups_id",
                "in",
                self.env.ref("telecobranca.group_telecobranca_user").ids,
            ),
        ],
    )
    reason = fields.Text(help="Why the cases change hands; kept in their notes.")
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)

    @api.depends("case_ids")
    def _compute_case_count(self):
        for wizard in self:
            wizard.case_count = len(wizard.case_ids)

    def action_confirm(self):
        self.ensure_one()
        self.case_ids.action_reassign(
            self.user_id, reason=(self.reason or "").strip() or None
        )
        return {"type": "ir.actions.act_window_close"}
