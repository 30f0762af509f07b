# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    telecobranca_payment_form_id = fields.Many2one(
        "telecobranca.payment.form",
        string="Payment Form",
        compute="_compute_telecobranca_payment_form_id",
        store=True,
        readonly=False,
        precompute=True,
        ondelete="restrict",
        check_company=True,
        help="How the customer pays this invoice; its titles take this form.",
    )

    @api.depends("partner_id")
    def _compute_telecobranca_payment_form_id(self):
        for move in self:
            if move.is_sale_document(include_receipts=True) and move.partner_id:
                partner = move.partner_id.commercial_partner_id.with_company(
                    move.company_id
                )
                move.telecobranca_payment_form_id = (
                    partner.telecobranca_payment_form_id
                    or move.telecobranca_payment_form_id
                )
            elif not move.is_sale_document(include_receipts=True):
                move.telecobranca_payment_form_id = False
