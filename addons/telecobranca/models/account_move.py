# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Journal entries: payment form of invoices, and the entries the addon posts.

The renegotiation (REN) entry, the write-off entry and the bank credit entry
of a CNAB return are the accounting side of a collection document: resetting
one to draft, cancelling, reversing or unreconciling it on its own would
reopen titles behind the back of the document that settled them (a
renegotiation still *Confirmed* whose originals are open again). They are
marked with ``telecobranca_origin`` and refused those operations, whoever
calls, unless the owning document's own undo does it: the undo puts the
owning *record* in the context key ``telecobranca_undo`` (a recordset, which
no RPC client can send), and only its entries are let through.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.sql import column_exists, table_exists

from .telecobranca_flow import in_flow

ORIGINS = [
    ("renegotiation", "Renegotiation"),
    ("writeoff", "Write-off Without Cash"),
    ("bank_return", "Bank Return (CNAB)"),
]


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
    telecobranca_origin = fields.Selection(
        ORIGINS,
        string="Collection Origin",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Collection document that posted this entry: it can only be "
        "undone through that document.",
    )

    # ------------------------------------------------------------------
    # Database set-up
    # ------------------------------------------------------------------
    def _auto_init(self):
        """Mark the entries the addon posted before the field existed."""
        fill = not column_exists(self.env.cr, self._table, "telecobranca_origin")
        res = super()._auto_init()
        if fill:
            self._telecobranca_fill_origin()
        return res

    def _telecobranca_fill_origin(self):
        """Set ``telecobranca_origin`` of the unmarked entries, by SQL.

        REN entries are the renegotiations' ``move_id`` (and the reversal of
        an undone one), bank credit entries the CNAB return lines'
        ``payment_move_id``; a write-off entry is an entry of two lines whose
        receivable credit is reconciled and whose debit is on the account of
        a write-off type of its company. Reads and writes the database
        directly: flush before, invalidate after when called outside
        ``_auto_init``.
        """
        cr = self.env.cr
        if table_exists(cr, "telecobranca_renegotiation"):
            cr.execute(
                SQL(
                    """
                    UPDATE account_move move SET telecobranca_origin = 'renegotiation'
                      FROM telecobranca_renegotiation reneg
                     WHERE reneg.move_id IS NOT NULL
                       AND move.telecobranca_origin IS NULL
                       AND (move.id = reneg.move_id
                            OR move.reversed_entry_id = reneg.move_id)
                    """
                )
            )
        if table_exists(cr, "telecobranca_cnab_return_line"):
            cr.execute(
                SQL(
                    """
                    UPDATE account_move move SET telecobranca_origin = 'bank_return'
                      FROM telecobranca_cnab_return_line line
                     WHERE move.id = line.payment_move_id
                       AND move.telecobranca_origin IS NULL
                    """
                )
            )
        if table_exists(cr, "telecobranca_writeoff_type"):
            cr.execute(
                SQL(
                    """
                    UPDATE account_move move SET telecobranca_origin = 'writeoff'
                     WHERE move.telecobranca_origin IS NULL
                       AND move.move_type = 'entry'
                       AND (SELECT count(*) FROM account_move_line l
                             WHERE l.move_id = move.id) = 2
                       AND EXISTS (
                           SELECT 1 FROM account_move_line l
                             JOIN telecobranca_writeoff_type wtype
                               ON wtype.account_id = l.account_id
                              AND wtype.company_id = move.company_id
                            WHERE l.move_id = move.id AND l.debit > 0)
                       AND EXISTS (
                           SELECT 1 FROM account_move_line l
                             JOIN account_account account ON account.id = l.account_id
                            WHERE l.move_id = move.id AND l.credit > 0
                              AND account.account_type = 'asset_receivable'
                              AND l.reconciled)
                    """
                )
            )

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
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

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("telecobranca_origin") for vals in vals_list):
            self._telecobranca_check_can_mark()
        return super().create(vals_list)

    def write(self, vals):
        # clearing the mark would let the entry be reset, cancelled, reversed
        if "telecobranca_origin" in vals:
            self._telecobranca_check_can_mark()
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions: what the entries of a collection document refuse
    # ------------------------------------------------------------------
    def button_draft(self):
        self._telecobranca_check_can_change()
        return super().button_draft()

    def button_cancel(self):
        self._telecobranca_check_can_change()
        return super().button_cancel()

    def action_reverse(self):
        self._telecobranca_check_can_change()
        return super().action_reverse()

    def _reverse_moves(self, default_values_list=None, cancel=False):
        self._telecobranca_check_can_change()
        return super()._reverse_moves(default_values_list, cancel=cancel)

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _telecobranca_undo_allowed_moves(self):
        """The entries the owning document's undo running now may change.

        ``telecobranca_undo`` must be a record (never a value an RPC client
        can put in a context) of a document that says which entries are its
        own through ``_telecobranca_undo_moves()``.
        """
        owner = self.env.context.get("telecobranca_undo")
        if isinstance(owner, models.BaseModel) and hasattr(
            owner, "_telecobranca_undo_moves"
        ):
            return owner._telecobranca_undo_moves()
        return self.browse()

    def _telecobranca_check_can_mark(self):
        """Only the flows that post the entries mark them: as superuser, with
        the FLOW mark (``telecobranca_flow.py``), or the owning document's
        undo (a record in ``telecobranca_undo``): no RPC client can send
        either."""
        context = self.env.context
        if in_flow(self.env) or isinstance(
            context.get("telecobranca_undo"), models.BaseModel
        ):
            return
        raise UserError(
            self.env._(
                "The collection origin of an entry is set only by the renegotiation, "
                "the write-off or the bank return that posts it."
            )
        )

    def _telecobranca_check_can_change(self):
        """Raise unless the posted collection entries of ``self`` may be reset
        to draft, cancelled, reversed or unreconciled: only by their
        document's own undo."""
        protected = self.sudo().filtered(
            lambda move: move.telecobranca_origin and move.state != "draft"
        )
        protected -= self._telecobranca_undo_allowed_moves().sudo()
        if protected:
            raise UserError(protected[:1]._telecobranca_protected_message())

    def _telecobranca_protected_message(self):
        """Which document owns the (sudo) entry ``self`` and how to undo it."""
        self.ensure_one()
        if self.telecobranca_origin == "renegotiation":
            Reneg = self.env["telecobranca.renegotiation"].sudo()
            reneg = Reneg.search([("move_id", "=", self.id)], limit=1)
            if reneg:
                return self.env._(
                    "The journal entry %(move)s belongs to the renegotiation "
                    "%(document)s: it cannot be reset to draft, cancelled, "
                    "reversed or unreconciled on its own. A collection manager "
                    "can undo the renegotiation with the Undo button of "
                    "%(document)s.",
                    move=self.name,
                    document=reneg.name,
                )
            reneg = self.reversed_entry_id and Reneg.search(
                [("move_id", "=", self.reversed_entry_id.id)], limit=1
            )
            return self.env._(
                "The journal entry %(move)s undid the renegotiation "
                "%(document)s: it cannot be reset to draft, cancelled, reversed "
                "or unreconciled.",
                move=self.name,
                document=reneg.name or self.reversed_entry_id.name or "-",
            )
        if self.telecobranca_origin == "bank_return":
            line = (
                self.env["telecobranca.cnab.return.line"]
                .sudo()
                .search([("payment_move_id", "=", self.id)], limit=1)
            )
            return self.env._(
                "The journal entry %(move)s books the boletos paid in the bank "
                "return %(document)s: it cannot be reset to draft, cancelled, "
                "reversed or unreconciled on its own. The bank received this "
                "money: book a refund or a correction as a new entry.",
                move=self.name,
                document=line.return_id.display_name or "-",
            )
        titles = self.line_ids._all_reconciled_lines().filtered(
            lambda line: line.move_id != self and line.is_title
        )
        return self.env._(
            "The journal entry %(move)s is the write-off without cash of the "
            "title %(document)s: it cannot be reset to draft, cancelled, "
            "reversed or unreconciled on its own. A write-off is final: to "
            "charge the customer again, create a new title.",
            move=self.name,
            document=", ".join(t.title_number or t.display_name for t in titles) or "-",
        )
