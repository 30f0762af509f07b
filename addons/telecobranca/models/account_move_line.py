# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Receivable titles: the receivable journal items of customer invoices/entries.

A *title* (título a receber) is one installment of a customer invoice or of a
customer entry: a receivable line with a debit balance. Titles are numbered
``<move name>-<n>/<count>`` in due-date order, carry an administrative status
and a payment form, and are *forecast* while their move is not posted.

Sections: the title itself; its collection case (the open case it is in and
why it may not enter one, F2.3); its timeline (linha do tempo), where the
title comes from and where it went. The timeline lists its *ancestors*
(titles it was renegotiated from, recursively; negative levels), the title
itself (level 0) and its *descendants* (payments, bank return payments,
renegotiations, write-offs and credit notes reconciled with it, each named by
what it is, and the titles renegotiated from it with their own
settlements; positive levels). When the company works with cost centers,
each title shows the analytic distribution of its invoice. Renegotiation
links the titles (``renegotiation_origin_ids``/``renegotiation_child_ids``) and
flags credit letters; what settling a title involves (lock, checks, write-off
entry) lives in the ``telecobranca.settlement`` service.
"""

from collections import defaultdict
from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, float_is_zero, formatLang
from odoo.tools.sql import column_exists, create_column, create_index

from .telecobranca_flow import in_flow

TITLE_MOVE_TYPES = ("out_invoice", "out_receipt", "entry")
# key of the REN entry's line that consumes a credit letter (see
# telecobranca.renegotiation._prepare_move_vals): never a title
CREDIT_LETTER_KEY_PREFIX = "credit-letter:"
# computed from the entry or kept by the cases' flows: never a plain write
TITLE_DERIVED_FIELDS = frozenset(
    {"is_title", "title_number", "is_forecast", "telecobranca_case_line_ids"}
)


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"
    # a title is found by its number wherever a journal item is picked
    _rec_names_search = ["name", "move_id", "product_id", "title_number"]

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
    telecobranca_issue_date = fields.Date(
        string="Issue Date",
        compute="_compute_telecobranca_issue_date",
        help="Date the title was issued: the invoice date, or the date of its "
        "entry for titles of journal entries (renegotiation titles).",
    )
    telecobranca_original_amount = fields.Monetary(
        string="Original Amount",
        compute="_compute_telecobranca_original_amount",
        currency_field="company_currency_id",
        help="What the title adds to the customer's debt, counted once: its "
        "amount, less the part a renegotiation moved into new titles (that part "
        "is counted in the renegotiation's titles, which carry it with its "
        "charges and discounts). A title renegotiated in full counts 0, so a "
        "total adds no debt twice.",
    )
    is_forecast = fields.Boolean(
        string="Forecast",
        compute="_compute_is_forecast",
        store=True,
        help="The title's entry is not posted yet: it is never collected nor "
        "renegotiated.",
    )

    # collection case (F2)
    telecobranca_case_line_ids = fields.One2many(
        "telecobranca.case.line", "move_line_id", string="Collection Case Lines"
    )
    collection_case_id = fields.Many2one(
        "telecobranca.case",
        string="Open Case",
        compute="_compute_collection_case_id",
        search="_search_collection_case_id",
        help="Open collection case the title is in.",
    )

    # renegotiation (F5)
    renegotiation_origin_ids = fields.Many2many(
        "account.move.line",
        "telecobranca_renegotiation_title_rel",
        "child_id",
        "origin_id",
        string="Renegotiated From",
        copy=False,
        help="Titles this title was renegotiated from.",
    )
    renegotiation_child_ids = fields.Many2many(
        "account.move.line",
        "telecobranca_renegotiation_title_rel",
        "origin_id",
        "child_id",
        string="Renegotiated Into",
        copy=False,
        help="Titles created by the renegotiation of this title.",
    )
    is_credit_letter = fields.Boolean(
        string="Credit Letter",
        copy=False,
        help="An open credit the company owes the partner, usable in a "
        "renegotiation of the partner's titles.",
    )
    telecobranca_title_note = fields.Text(
        string="Title Note",
        copy=False,
        help="Observation on the title, typed during its renegotiation.",
    )
    telecobranca_renegotiation_key = fields.Char(
        string="Renegotiation Key",
        copy=False,
        readonly=True,
        help="What this line of a renegotiation entry stands for (original "
        "titles, installment, charge or credit letter of a debtor): "
        "the confirmation maps the lines back by it.",
    )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def write(self, vals):
        flow = in_flow(self.env)  # superuser or the FLOW mark, never RPC
        links = {"renegotiation_origin_ids", "renegotiation_child_ids"} & set(vals)
        if links and not flow:
            # the links are the REN entry's trail: only its flow writes them
            raise UserError(
                self.env._(
                    "The links between renegotiated and new titles are written "
                    "only by confirming or undoing a renegotiation."
                )
            )
        if (
            "is_credit_letter" in vals
            and not flow
            and not self.env.user.has_group("telecobranca.group_telecobranca_manager")
        ):
            # a credit letter is money the company owes and lets deduct (F5.4)
            raise UserError(
                self.env._("Only a collection manager may flag a credit letter.")
            )
        derived = sorted(TITLE_DERIVED_FIELDS & set(vals))
        if derived and not flow:
            # what makes a journal item a title under collection follows its
            # entry (computed) and its cases (their flows)
            raise UserError(
                self.env._(
                    "The title data of a journal item (%(fields)s) follows its "
                    "entry and its collection cases: it is never written "
                    "directly.",
                    fields=", ".join(self._fields[name].string for name in derived),
                )
            )
        if "telecobranca_renegotiation_key" in vals and not flow:
            raise UserError(
                self.env._(
                    "The renegotiation key of a journal item is written only by "
                    "the renegotiation that posts it."
                )
            )
        if (
            "collection_status_id" in vals
            and not flow
            and not self.env.user.has_group(
                "telecobranca.group_telecobranca_supervisor"
            )
            and any(
                line.collection_status_id.id != (vals["collection_status_id"] or False)
                for line in self
            )
        ):
            raise UserError(
                self.env._(
                    "Only a collection supervisor may change the administrative "
                    "status of a title."
                )
            )
        return super().write(vals)

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
        # The *Titles* list in its default order (open first, then by due
        # date): its first page is read from this index, not sorted from all
        # titles.
        create_index(
            self.env.cr,
            "account_move_line_telecobranca_title_list_idx",
            self._table,
            ["COALESCE(reconciled, FALSE)", "date_maturity", "id"],
            where="is_title",
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
        "telecobranca_renegotiation_key",
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
                # a credit letter consumed by a renegotiation is not a debt
                and not (line.telecobranca_renegotiation_key or "").startswith(
                    CREDIT_LETTER_KEY_PREFIX
                )
            )

    @api.depends("move_id", "ref", "product_id", "title_number")
    @api.depends_context("telecobranca_title_name")
    def _compute_display_name(self):
        """Where a title is picked (write-off, timeline), it is named by its
        number, the name a collector knows it by."""
        res = super()._compute_display_name()
        if self.env.context.get("telecobranca_title_name"):
            for line in self:
                if line.title_number:
                    line.display_name = line.title_number
        return res

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

    @api.depends("move_id.invoice_date", "move_id.date")
    def _compute_telecobranca_issue_date(self):
        for line in self:
            move = line.move_id
            line.telecobranca_issue_date = move.invoice_date or move.date

    @api.depends(
        "is_title",
        "balance",
        "matched_credit_ids.amount",
        "matched_credit_ids.credit_move_id.move_id.telecobranca_origin",
    )
    def _compute_telecobranca_original_amount(self):
        for line in self:
            if not line.is_title:
                line.telecobranca_original_amount = 0.0
                continue
            renegotiated = sum(
                partial.amount
                for partial in line.matched_credit_ids
                if partial.credit_move_id.move_id.telecobranca_origin == "renegotiation"
            )
            line.telecobranca_original_amount = line.balance - renegotiated

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
            raise UserError(
                self.env._(
                    "The days overdue can only be compared (=, !=, <, <=, >, >=) "
                    "with a number, not searched with %(operator)s.",
                    operator=operator,
                )
            )
        try:
            value = int(value or 0)
        except (TypeError, ValueError):
            raise UserError(
                self.env._(
                    "The days overdue must be compared with a whole number, "
                    "not %(value)s.",
                    value=value,
                )
            ) from None
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

    @api.depends("telecobranca_case_line_ids.is_open")
    def _compute_collection_case_id(self):
        lines = (
            self.env["telecobranca.case.line"]
            .sudo()
            .search([("move_line_id", "in", self.ids), ("is_open", "=", True)])
        )
        case_by_title = {line.move_line_id.id: line.case_id.id for line in lines}
        for title in self:
            title.collection_case_id = case_by_title.get(title._origin.id, False)

    def _search_collection_case_id(self, operator, value):
        if operator in ("=", "!=") and not value:
            in_case = [("telecobranca_case_line_ids", "any", [("is_open", "=", True)])]
            if operator == "=":
                return [
                    ("telecobranca_case_line_ids", "not any", [("is_open", "=", True)])
                ]
            return in_case
        if isinstance(value, str):
            case_domain = [("case_id.name", operator, value)]
        else:
            case_domain = [("case_id", operator, value)]
        return [
            (
                "telecobranca_case_line_ids",
                "any",
                [("is_open", "=", True), *case_domain],
            )
        ]

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("is_credit_letter", "account_id", "balance")
    def _check_telecobranca_credit_letter(self):
        for line in self.filtered("is_credit_letter"):
            if (
                line.account_id.account_type
                not in (
                    "asset_receivable",
                    "liability_payable",
                )
                or not line.company_currency_id.compare_amounts(line.balance, 0) < 0
            ):
                raise ValidationError(
                    self.env._(
                        "Only a credit on a receivable or payable account can be "
                        "a credit letter (%(line)s).",
                        line=line.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_open_telecobranca_timeline(self):
        """Open the timeline of the selected titles."""
        titles = self.filtered("is_title")
        timeline = self.env["telecobranca.timeline"].create(
            {"title_ids": [fields.Command.set(titles.ids)]}
        )
        timeline._do_build()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Timeline"),
            "res_model": "telecobranca.timeline",
            "res_id": timeline.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_telecobranca_writeoff(self):
        """Open the write-off without cash wizard on one title (F7)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "telecobranca.telecobranca_writeoff_wizard_action"
        )
        action["context"] = {"default_move_line_id": self.id}
        return action

    def action_telecobranca_renegotiate(self):
        """Start a renegotiation of the selected titles (F5)."""
        titles = self.filtered("is_title")
        if not titles:
            raise UserError(self.env._("Select the titles to renegotiate."))
        Reneg = self.env["telecobranca.renegotiation"]
        # refused now rather than on save; the form stores nothing until then
        self.env["telecobranca.settlement"]._check_can_settle(
            titles, renegotiation=Reneg
        )
        return Reneg._get_new_form_action(titles=titles)

    # ------------------------------------------------------------------
    # Business: shared queries
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
    # Business: eligibility (F2.3), title by title, the wizard's
    # explanations. The cron applies the same rules in SQL
    # (telecobranca.case.opening).
    # ------------------------------------------------------------------
    def _get_telecobranca_ineligibility_reason(self, partner=None):
        """Why this title cannot enter collection now (False: it can)."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        min_days = self.company_id.telecobranca_min_days_overdue
        if not self.is_title or (
            partner and self.partner_id.commercial_partner_id != partner
        ):
            return "not_title"
        if self.is_forecast or self.parent_state != "posted":
            return "forecast"
        if self.reconciled or self.amount_residual <= 0:
            return "settled"
        if (
            self.collection_status_id
            and not self.collection_status_id.enters_collection
        ):
            return "status"
        if self.payment_form_id.kind == "check":
            return "check"
        if self.collection_case_id:
            return "in_case"
        if not self.date_maturity or self.date_maturity >= today:
            return "not_due"
        if self.date_maturity >= fields.Date.subtract(today, days=min_days):
            return "not_late_enough"
        return False

    def _get_telecobranca_ineligibility_message(self, reason):
        self.ensure_one()
        title = self.title_number or self.display_name
        messages = {
            "not_title": self.env._(
                "%(title)s is not a receivable title of this customer.", title=title
            ),
            "forecast": self.env._(
                "The title %(title)s is a forecast (its entry is not posted).",
                title=title,
            ),
            "settled": self.env._(
                "The title %(title)s is already settled.", title=title
            ),
            "status": self.env._(
                "The administrative status %(status)s of the title %(title)s does "
                "not enter collection.",
                status=self.collection_status_id.display_name,
                title=title,
            ),
            "check": self.env._(
                "The title %(title)s is paid by cheque: cheque titles are not "
                "collected.",
                title=title,
            ),
            "in_case": self.env._(
                "The title %(title)s is already in the open case %(case)s.",
                title=title,
                case=self.collection_case_id.name,
            ),
            "not_due": self.env._(
                "The title %(title)s is not due yet: tick *Titles not yet due* to "
                "add it.",
                title=title,
            ),
            "not_late_enough": self.env._(
                "The title %(title)s is not overdue by more than %(days)s days.",
                title=title,
                days=self.company_id.telecobranca_min_days_overdue,
            ),
        }
        return messages.get(reason, title)

    # ------------------------------------------------------------------
    # Business: timeline
    # ------------------------------------------------------------------
    def _telecobranca_timeline_parents(self):
        """Titles ``self`` (one title) was renegotiated from."""
        self.ensure_one()
        return self.renegotiation_origin_ids

    def _telecobranca_timeline_children(self):
        """Titles renegotiated from ``self`` (one title)."""
        self.ensure_one()
        return self.renegotiation_child_ids

    def _telecobranca_timeline_settlements(self):
        """Reconciliation counterparts of ``self`` (one title).

        Return a list of ``(counterpart line, date, amount)``: the amount is
        the part of the title the counterpart settled, in company currency.
        """
        self.ensure_one()
        partials = self.matched_credit_ids | self.matched_debit_ids
        exchange_moves = partials.exchange_move_id
        result = []
        for partial in partials.sorted(lambda p: (p.max_date, p.id)):
            other = (
                partial.credit_move_id
                if partial.debit_move_id == self
                else partial.debit_move_id
            )
            if other.move_id in exchange_moves:
                continue
            result.append((other, partial.max_date or other.date, partial.amount))
        return result

    def _telecobranca_timeline_kind(self):
        """Kind of a settlement line ``self`` (one line) on the timeline: a
        payment, a payment booked from a bank return file (CNAB), a
        renegotiation, a write-off without cash, a credit note, or another
        journal entry (see ``KINDS`` in ``wizards/telecobranca_timeline.py``)."""
        self.ensure_one()
        move = self.move_id
        if move.origin_payment_id or move.statement_line_id:
            return "payment"
        if move.move_type in ("out_refund", "in_refund"):
            return "credit_note"
        # sudo: the timeline names what settled the title, whoever booked it
        if (
            self.env["telecobranca.cnab.return.line"]
            .sudo()
            .search_count([("payment_move_id", "=", move.id)], limit=1)
        ):
            return "bank_payment"
        if (
            self.env["telecobranca.renegotiation"]
            .sudo()
            .search_count([("move_id", "=", move.id)], limit=1)
        ):
            return "renegotiation"
        writeoff_accounts = (
            self.env["telecobranca.writeoff.type"]
            .sudo()
            .with_context(active_test=False)
            .search([("company_id", "=", move.company_id.id)])
            .account_id
        )
        if move.line_ids.account_id & writeoff_accounts:
            return "write_off"
        return "entry"

    def _telecobranca_analytic_text(self):
        """Analytic distribution of the invoice of ``self`` (one title).

        The distributions of the invoice's product lines are weighted by
        their amounts: ``"Sales 60%, Support 40%"``; empty without analytic.
        """
        self.ensure_one()
        lines = self.move_id.invoice_line_ids.filtered(
            lambda line: line.display_type == "product" and line.analytic_distribution
        )
        total = sum(abs(line.balance) for line in self.move_id.invoice_line_ids)
        if not lines or not total:
            return ""
        shares = defaultdict(float)
        for line in lines:
            for key, percent in line.analytic_distribution.items():
                for account_id in str(key).split(","):
                    shares[int(account_id)] += abs(line.balance) * percent / total
        accounts = self.env["account.analytic.account"].browse(list(shares)).exists()

        def percent(value):
            # in the user's language: "60", "33,33" in Portuguese
            digits = 0 if float_is_zero(value - round(value), precision_digits=2) else 2
            return formatLang(self.env, value, digits=digits)

        return ", ".join(
            self.env._(
                "%(account)s %(percent)s%%",
                account=account.display_name,
                percent=percent(shares[account.id]),
            )
            for account in accounts.sorted(lambda a: (-shares[a.id], a.display_name))
        )
