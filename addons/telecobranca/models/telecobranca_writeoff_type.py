# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class TelecobrancaWriteoffType(models.Model):
    """How a title is settled without cash (tipo de baixa).

    A write-off without cash books the title's open amount against the type's
    account; *final, no cash* types are the ones renegotiation and the
    write-off wizard offer (SPEC F5.6, F7).
    """

    _name = "telecobranca.writeoff.type"
    _description = "Write-off Type"
    _order = "sequence, name, id"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    account_id = fields.Many2one(
        "account.account",
        required=True,
        check_company=True,
        domain="[('account_type', 'not in', ('asset_receivable', 'liability_payable', "
        "'asset_cash', 'liability_credit_card', 'off_balance'))]",
        help="Account debited with the open amount of the titles written off.",
    )
    is_final_no_cash = fields.Boolean(
        string="Final, No Cash",
        default=True,
        help="The title is settled for good without any money coming in.",
    )
