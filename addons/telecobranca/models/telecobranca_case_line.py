# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.sql import create_index, index_exists

from .telecobranca_flow import in_flow


class TelecobrancaCaseLine(models.Model):
    """A title in a collection case.

    Plain model written in bulk by the opening cron. ``is_open`` mirrors the
    case's state; a partial unique index keeps a title in at most one open
    case, whatever opens it and however many runs overlap.
    """

    _name = "telecobranca.case.line"
    _description = "Collection Case Title"
    _order = "case_id, date_maturity, id"
    _check_company_auto = True

    # no index of its own: UNIQUE(case_id, move_line_id) serves the lookups
    # by case, and one index less is cheaper for the opening's bulk inserts
    case_id = fields.Many2one("telecobranca.case", required=True, ondelete="cascade")
    move_line_id = fields.Many2one(
        "account.move.line",
        string="Title",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(related="case_id.company_id", store=True)
    partner_id = fields.Many2one(related="case_id.partner_id", store=True)
    is_open = fields.Boolean(default=True, readonly=True)
    date_added = fields.Datetime(default=fields.Datetime.now, readonly=True)
    title_number = fields.Char(related="move_line_id.title_number")
    date_maturity = fields.Date(related="move_line_id.date_maturity", store=True)
    currency_id = fields.Many2one(related="move_line_id.company_currency_id")
    amount_residual = fields.Monetary(
        related="move_line_id.amount_residual", string="Open Amount"
    )
    reconciled = fields.Boolean(related="move_line_id.reconciled")

    _sql_constraints = [
        (
            "case_title_uniq",
            "UNIQUE(case_id, move_line_id)",
            "A title is listed once in a case.",
        ),
    ]

    def write(self, vals):
        """A title enters and leaves the open titles of a case only through
        the case's flows (opening, close, reopen, renegotiation undo): a plain
        write would keep a title in a closed case or free the title of an open
        one. The flows carry the FLOW mark (telecobranca_flow.py)."""
        if {"is_open", "case_id", "move_line_id"} & set(vals) and not in_flow(self.env):
            raise UserError(
                self.env._(
                    "The titles of a case are opened and closed with the case "
                    "itself (New Collection, Close, Reopen), never directly."
                )
            )
        return super().write(vals)

    def init(self):
        res = super().init()
        # The database guarantee: a title is in at most one open case.
        if not index_exists(self.env.cr, "telecobranca_case_line_open_title_uniq"):
            self.env.cr.execute(
                SQL(
                    "CREATE UNIQUE INDEX %s ON %s (%s) WHERE %s",
                    SQL.identifier("telecobranca_case_line_open_title_uniq"),
                    SQL.identifier(self._table),
                    SQL(", ").join(SQL.identifier(col) for col in ["move_line_id"]),
                    SQL("is_open"),
                )
            )
        # The case opening reads the open lines of a chunk of customers.
        create_index(
            self.env.cr,
            "telecobranca_case_line_open_partner_idx",
            self._table,
            ["partner_id"],
            where="is_open",
        )
        return res
