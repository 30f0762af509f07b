# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class AccountPartialReconcile(models.Model):
    """A collection entry's reconciliations are its document's.

    Unreconciling a line of a REN, write-off or bank return entry (the
    *Unreconcile* button, ``remove_move_reconcile``, resetting the invoice
    it settled) would reopen titles behind the document's back: refused like
    resetting the entry (see ``account.move._telecobranca_check_can_change``).
    The REN entry's new titles are free: their payments come and go like any
    title's.
    """

    _inherit = "account.partial.reconcile"

    def unlink(self):
        if self:
            lines = (self.sudo().debit_move_id | self.sudo().credit_move_id).filtered(
                lambda line: (
                    line.move_id.telecobranca_origin
                    and not line.renegotiation_origin_ids
                )
            )
            lines.move_id._telecobranca_check_can_change()
        return super().unlink()
