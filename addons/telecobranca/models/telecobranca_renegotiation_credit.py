# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class TelecobrancaRenegotiationCredit(models.Model):
    _name = "telecobranca.renegotiation.credit"
    _description = "Credit Letter Used in a Renegotiation"
    _order = "renegotiation_id, id"
    _check_company_auto = True

    renegotiation_id = fields.Many2one(
        "telecobranca.renegotiation", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="renegotiation_id.company_id", store=True, precompute=True, index=True
    )
    currency_id = fields.Many2one(related="renegotiation_id.currency_id")
    selected = fields.Boolean(default=True)
    move_line_id = fields.Many2one(
        "account.move.line",
        string="Credit Letter",
        required=True,
        ondelete="restrict",
        check_company=True,
    )
    partner_id = fields.Many2one(related="move_line_id.partner_id")
    debtor_id = fields.Many2one(
        "res.partner",
        compute="_compute_debtor_id",
        help="Commercial entity the credit letter belongs to.",
    )
    amount_available = fields.Monetary(
        string="Available", compute="_compute_amount_available"
    )
    amount_used = fields.Monetary(
        compute="_compute_amount_used",
        store=True,
        readonly=False,
    )

    @api.depends("move_line_id.partner_id")
    def _compute_debtor_id(self):
        for credit in self:
            credit.debtor_id = credit.move_line_id.partner_id.commercial_partner_id

    @api.depends("move_line_id.amount_residual")
    def _compute_amount_available(self):
        for credit in self:
            credit.amount_available = -credit.move_line_id.amount_residual

    @api.depends("move_line_id")
    def _compute_amount_used(self):
        for credit in self:
            if not credit.amount_used:
                credit.amount_used = -credit.move_line_id.amount_residual

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records.renegotiation_id._check_lines_can_change()
        return records

    def write(self, vals):
        # the amounts of a confirmed renegotiation are its REN entry's
        self.renegotiation_id._check_lines_can_change()
        res = super().write(vals)
        if "renegotiation_id" in vals:
            self.renegotiation_id._check_lines_can_change()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed(self):
        self.renegotiation_id._check_lines_can_change()
