# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError


class TelecobrancaCaseCloseWizard(models.TransientModel):
    """Close collection cases by hand, with the reason written down (F2.5)."""

    _name = "telecobranca.case.close.wizard"
    _inherit = ["telecobranca.wizard.mixin"]
    _description = "Close Collection Case"
    _check_company_auto = True

    case_ids = fields.Many2many(
        "telecobranca.case",
        default=lambda self: self.env.context.get("active_ids"),
        required=True,
    )
    note = fields.Text(required=True, help="Why the case is closed.")
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)

    def action_confirm(self):
        self.ensure_one()
        note = (self.note or "").strip()
        if not note:
            raise UserError(
                self.env._("Write down why the case is closed (the closing note).")
            )
        self.case_ids.action_close(note)
        return {"type": "ir.actions.act_window_close"}
