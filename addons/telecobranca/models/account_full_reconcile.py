# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class AccountFullReconcile(models.Model):
    """Close the collection cases whose titles all got settled (F2.5), and
    write off at the bank the boletos of titles settled in Odoo.

    A title is settled when its receivable line is fully reconciled, be it by
    a payment, a renegotiation or a write-off: every path goes through the
    creation of an ``account.full.reconcile``.
    """

    _inherit = "account.full.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        fulls = super().create(vals_list)
        line_ids = fulls.reconciled_line_ids.ids
        if line_ids:
            self.env["telecobranca.case"]._close_settled_cases(line_ids)
            self.env["telecobranca.bank.instruction"]._queue_settlement_writeoffs(fulls)
        return fulls
