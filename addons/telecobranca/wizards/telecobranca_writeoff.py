# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..models.telecobranca_input import check_date_values


class TelecobrancaWriteoffWizard(models.TransientModel):
    """Write off a title without cash (baixa sem numerário, SPEC F7)."""

    _name = "telecobranca.writeoff.wizard"
    _inherit = ["telecobranca.wizard.mixin"]
    _description = "Write-off Without Cash"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", help="Customer whose titles are proposed."
    )
    move_line_id = fields.Many2one(
        "account.move.line",
        string="Title",
        required=True,
        domain="[('is_title', '=', True), ('reconciled', '=', False), "
        "('parent_state', '=', 'posted')] "
        "+ ([('partner_id', 'child_of', partner_id)] if partner_id else [])",
    )
    company_id = fields.Many2one(related="move_line_id.company_id", store=True)
    currency_id = fields.Many2one(related="move_line_id.company_currency_id")
    amount_residual = fields.Monetary(
        related="move_line_id.amount_residual", string="Open Amount"
    )
    writeoff_type_id = fields.Many2one(
        "telecobranca.writeoff.type",
        string="Write-off Type",
        required=True,
        check_company=True,
        compute="_compute_writeoff_type_id",
        store=True,
        readonly=False,
    )
    account_id = fields.Many2one(related="writeoff_type_id.account_id")
    date = fields.Date(required=True, default=fields.Date.context_today)
    reason = fields.Text(required=True)

    @api.model_create_multi
    def create(self, vals_list):
        check_date_values(self, vals_list, ["date"])
        return super().create(vals_list)

    def write(self, vals):
        check_date_values(self, [vals], ["date"])
        return super().write(vals)

    @api.depends("company_id")
    def _compute_writeoff_type_id(self):
        for wizard in self:
            if wizard.company_id and not wizard.writeoff_type_id:
                wizard.writeoff_type_id = (
                    wizard.company_id.telecobranca_writeoff_type_id
                )

    def action_confirm(self):
        self.ensure_one()
        move = self.env["telecobranca.settlement"]._writeoff(
            self.move_line_id, self.writeoff_type_id, self.date, self.reason
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": move.id,
            "view_mode": "form",
        }
