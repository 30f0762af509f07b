# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Receivable titles: the receivable journal items of customer invoices/entries.

A *title* (título a receber) is one installment of a customer invoice or of a
customer entry: a receivable line with a debit balance. Titles are numbered
``<move name>-<n>/<count>`` in due-date order, carry an administrative status
and a payment form, and are *forecast* while their move is not posted.
"""

from datetime import date

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column, create_index

TITLE_MOVE_TYPES = ("out_invoice", "out_receipt", "entry")


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    is_title = fields.Boolean(
        string="Is a Title",
        compute="_compute_is_title",
        store=True,
        precompute=True,
        help="Receivable installment of a customer invoice or entry.",
    )
    title_number = fields.Char(
        compute="_compute_title_number",
        store=True,
        index="trigram",
        help="Invoice number, installment and installment count.",
    )
    collection_status_id = fields.Many2one(
        "telecobranca.title.status",
        string="Administrative Status",  # not "Collection Status"
        compute="_compute_collection_status_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
    )
    payment_form_id = fields.Many2one(
        "telecobranca.payment.form",
        compute="_compute_payment_form_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
    )
    days_overdue = fields.Integer(
        compute="_compute_days_overdue",
        search="_search_days_overdue",
        help="Days since the due date of an open title; 0 when not yet due or settled.",
    )
    is_forecast = fields.Boolean(
        string="Forecast",
        compute="_compute_is_forecast",
        store=True,
        help="The title's entry is not posted yet: it is never collected nor "
        "renegotiated.",
    )

    # ------------------------------------------------------------------
    # Shared queries
    # ------------------------------------------------------------------
    @api.model
    def _telecobranca_open_titles_domain(self, partners, companies=None):
        """Open titles of ``partners`` (and their contacts) in ``companies``
        (the user's active companies by default): posted, not settled.

        The one definition of "what this customer still owes" used by the
        manual opening, renegotiation, boleto printing and the flows after
        them; callers add their own conditions to it.
        """
        return [
            ("is_title", "=", True),
            ("parent_state", "=", "posted"),
            ("reconciled", "=", False),
            ("partner_id", "child_of", partners.commercial_partner_id.ids),
            ("company_id", "in", (companies or self.env.companies).ids),
        ]

    # ------------------------------------------------------------------
    # Database set-up
    # ------------------------------------------------------------------
    def _auto_init(self):
        """Create the title columns with SQL on an existing database.

        Computing them through the ORM would load every journal item of the
        database at install time; one UPDATE per column does the same work.
        """
        cr = self.env.cr
        if not column_exists(cr, self._table, "is_title"):
            create_column(cr, self._table, "is_title", "boolean")
            cr.execute(
                SQL(
                    """
                    UPDATE account_move_line line
                       SET is_title = TRUE
                      FROM account_move move, account_account account
                     WHERE move.id = line.move_id
                       AND account.id = line.account_id
                       AND account.account_type = 'asset_receivable'
                       AND line.balance > 0
                       AND move.move_type IN %s
                       AND move.origin_payment_id IS NULL
                       AND move.statement_line_id IS NULL
                    """,
                    TITLE_MOVE_TYPES,
                )
            )
        if not column_exists(cr, self._table, "is_forecast"):
            create_column(cr, self._table, "is_forecast", "boolean")
            cr.execute(
                "UPDATE account_move_line SET is_forecast = TRUE "
                "WHERE is_title AND parent_state = 'draft'"
            )
        if not column_exists(cr, self._table, "title_number"):
            create_column(cr, self._table, "title_number", "varchar")
            cr.execute(
                """
                UPDATE account_move_line line
                   SET title_number = CASE
                           WHEN move.name IS NULL OR move.name = '/'
                           THEN '*' || move.id ELSE move.name END
                       || '-' || numbered.n || '/' || numbered.total
                  FROM (SELECT id, move_id,
                               row_number() OVER (PARTITION BY move_id
                                   ORDER BY date_maturity NULLS LAST, id) AS n,
                               count(*) OVER (PARTITION BY move_id) AS total
                          FROM account_move_line
                         WHERE is_title) numbered, account_move move
                 WHERE numbered.id = line.id AND move.id = numbered.move_id
                """
            )
        return super()._auto_init()

    def init(self):
        res = super().init()
        # Open titles are what collection reads all day long: the partner
        # section, the case cron and the overdue searches.
        create_index(
            self.env.cr,
            "account_move_line_telecobranca_open_title_idx",
            self._table,
            ["company_id", "partner_id", "date_maturity"],
            where="is_title AND reconciled IS NOT TRUE",
        )
        return res

    # ------------------------------------------------------------------
    # Compute / search
    # ------------------------------------------------------------------
    @api.depends(
        "account_id.account_type",
        "balance",
        "move_id.move_type",
        "move_id.origin_payment_id",
        "move_id.statement_line_id",
    )
    def _compute_is_title(self):
        for line in self:
            move = line.move_id
            line.is_title = bool(
                line.account_id.account_type == "asset_receivable"
                and line.balance > 0
                and move.move_type in TITLE_MOVE_TYPES
                and not move.origin_payment_id
                and not move.statement_line_id
            )

    @api.depends(
        "is_title",
        "date_maturity",
        "move_id.name",
        "move_id.line_ids.is_title",
        "move_id.line_ids.date_maturity",
    )
    def _compute_title_number(self):
        for move, lines in self.grouped("move_id").items():
            titles = move.line_ids.filtered("is_title")
            ordered = sorted(
                enumerate(titles),
                key=lambda pos_line: (
                    pos_line[1].date_maturity or date.max,
                    pos_line[1]._origin.id or 0,
                    pos_line[0],
                ),
            )
            name = (
                move.name if move.name and move.name != "/" else f"*{move._origin.id}"
            )
            numbers = {
                line: f"{name}-{n}/{len(titles)}"
                for n, (_pos, line) in enumerate(ordered, start=1)
            }
            for line in lines:
                line.title_number = numbers.get(line, False)

    @api.depends("is_title", "company_id")
    def _compute_collection_status_id(self):
        for line in self:
            if not line.is_title:
                line.collection_status_id = False
            elif not line.collection_status_id:
                line.collection_status_id = (
                    line.company_id.telecobranca_default_status_id
                )

    @api.depends("is_title", "move_id.telecobranca_payment_form_id", "partner_id")
    def _compute_payment_form_id(self):
        for line in self:
            if not line.is_title:
                line.payment_form_id = False
                continue
            line.payment_form_id = (
                line.move_id.telecobranca_payment_form_id
                or line.payment_form_id
                or line.partner_id.commercial_partner_id.with_company(
                    line.company_id
                ).telecobranca_payment_form_id
            )

    @api.depends("is_title", "parent_state")
    def _compute_is_forecast(self):
        for line in self:
            line.is_forecast = line.is_title and line.parent_state == "draft"

    @api.depends_context("tz")
    @api.depends("is_title", "date_maturity", "amount_residual")
    def _compute_days_overdue(self):
        today = fields.Date.context_today(self)
        for line in self:
            late = (
                line.is_title
                and line.amount_residual
                and line.date_maturity
                and line.date_maturity < today
            )
            line.days_overdue = (today - line.date_maturity).days if late else 0

    def _search_days_overdue(self, operator, value):
        """Translate a condition on the days overdue into due dates.

        A title is *late* when it is open and its due date is before today;
        its days overdue are then ``today - due date``. Every other line has
        0 days overdue.
        """
        if operator not in ("=", "!=", "<", "<=", ">", ">="):
            raise NotImplementedError(operator)
        value = int(value or 0)
        today = fields.Date.context_today(self)
        threshold = fields.Date.subtract(today, days=value)
        # d OP value  <=>  due date OP' today - value (the order flips)
        flipped = {"=": "=", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
        late_domain = [
            ("is_title", "=", True),
            ("amount_residual", "!=", 0),
            ("date_maturity", "<", today),
            ("date_maturity", flipped[operator], threshold),
        ]
        zero_matches = {
            "=": 0 == value,
            "!=": 0 != value,
            "<": 0 < value,
            "<=": 0 <= value,
            ">": 0 > value,
            ">=": 0 >= value,
        }[operator]
        if not zero_matches:
            return late_domain
        not_late_domain = [
            "|",
            "|",
            "|",
            ("is_title", "=", False),
            ("amount_residual", "=", 0),
            ("date_maturity", "=", False),
            ("date_maturity", ">=", today),
        ]
        return expression.OR([late_domain, not_late_domain])

    def _order_field_to_sql(self, alias, field_name, direction, nulls, query):
        if field_name == "days_overdue":
            return SQL("%s %s %s", self._days_overdue_sql(alias), direction, nulls)
        return super()._order_field_to_sql(alias, field_name, direction, nulls, query)

    def _days_overdue_sql(self, alias):
        """SQL expression of :attr:`days_overdue` for the table ``alias``."""
        table = SQL.identifier(alias)
        today = fields.Date.context_today(self)
        return SQL(
            """(CASE WHEN %(t)s.is_title AND %(t)s.amount_residual != 0
                      AND %(t)s.date_maturity < %(today)s
                     THEN %(today)s - %(t)s.date_maturity ELSE 0 END)""",
            t=table,
            today=today,
        )
