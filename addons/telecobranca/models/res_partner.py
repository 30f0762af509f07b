# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The customer's Telecobrança tab: titles, cases, notes and the actions
started from the customer (new collection, note, history, renegotiation)."""

from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    telecobranca_payment_form_id = fields.Many2one(
        "telecobranca.payment.form",
        string="Payment Form",
        company_dependent=True,
        help="Payment form given to the titles of this customer's invoices.",
    )
    # titles (F1.2)
    telecobranca_title_ids = fields.One2many(
        "account.move.line",
        compute="_compute_telecobranca_title_ids",
        string="Linked Titles",
        help="The customer's titles not settled yet, forecasts included.",
    )
    telecobranca_settled_title_ids = fields.One2many(
        "account.move.line",
        compute="_compute_telecobranca_title_ids",
        string="Settled Titles",
        help="The customer's titles settled (paid, renegotiated, written off).",
    )
    telecobranca_title_count = fields.Integer(
        compute="_compute_telecobranca_amounts", string="Open Titles"
    )
    telecobranca_open_amount = fields.Monetary(
        compute="_compute_telecobranca_amounts",
        string="Open Amount",
        currency_field="telecobranca_currency_id",
    )
    telecobranca_overdue_amount = fields.Monetary(
        compute="_compute_telecobranca_amounts",
        string="Overdue Amount",
        currency_field="telecobranca_currency_id",
    )
    telecobranca_overdue_count = fields.Integer(
        compute="_compute_telecobranca_amounts", string="Overdue Titles"
    )
    telecobranca_currency_id = fields.Many2one(
        "res.currency", compute="_compute_telecobranca_currency_id"
    )
    # cases and notes (F2.4, F3.7)
    telecobranca_case_ids = fields.One2many(
        "telecobranca.case",
        compute="_compute_telecobranca_case_ids",
        string="Collection Cases",
    )
    telecobranca_open_case_count = fields.Integer(
        compute="_compute_telecobranca_case_ids", string="Open Cases"
    )
    telecobranca_note_ids = fields.One2many(
        "telecobranca.note",
        compute="_compute_telecobranca_note_ids",
        string="Collection Notes",
    )

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    def _get_telecobranca_title_domain(self):
        """Titles of these partners' commercial entities, forecast included."""
        return [
            ("is_title", "=", True),
            ("partner_id", "in", self.commercial_partner_id.ids),
            ("parent_state", "in", ("draft", "posted")),
        ]

    @api.depends_context("company", "allowed_company_ids")
    def _compute_telecobranca_currency_id(self):
        self.telecobranca_currency_id = self.env.company.currency_id

    def _telecobranca_ids_by_partner(self, model, domain, order, *columns):
        """Rows ``(partner_id, id, *columns)`` of the records of ``model``
        matching ``domain`` (record rules applied) in ``order``: the ids the
        section lists, read in one query, without loading the records (the
        lists show 40 rows of thousands)."""
        Model = self.env[model]
        query = Model._search(domain)
        if query.is_empty():
            return []
        table = query.table
        if isinstance(order, str):
            order = Model._order_to_sql(order, query)
        query.order = order
        return self.env.execute_query(
            query.select(
                SQL.identifier(table, "partner_id"),
                SQL.identifier(table, "id"),
                *(SQL.identifier(table, column) for column in columns),
            )
        )

    @api.depends_context("company", "allowed_company_ids")
    def _compute_telecobranca_title_ids(self):
        """Open titles (overdue first) and settled titles (latest first): the
        tab lists what is still owed, settled titles apart. One query for
        both lists, ordered in SQL."""
        Line = self.env["account.move.line"]
        Line.flush_model(
            ["partner_id", "reconciled", "date_maturity", "amount_residual"]
        )
        line = SQL.identifier(Line._table)
        settled = SQL("%s.reconciled IS TRUE", line)
        # open: days overdue desc, due date, id; settled: due date desc, id desc
        order = SQL(
            """%(settled)s, %(days)s DESC,
               CASE WHEN %(settled)s THEN NULL ELSE %(t)s.date_maturity END,
               CASE WHEN %(settled)s THEN %(t)s.date_maturity END DESC,
               CASE WHEN %(settled)s THEN -%(t)s.id ELSE %(t)s.id END""",
            settled=settled,
            days=Line._days_overdue_sql(Line._table),
            t=line,
        )
        rows = self._telecobranca_ids_by_partner(
            "account.move.line",
            self._get_telecobranca_title_domain(),
            order,
            "reconciled",
        )
        open_ids, settled_ids = defaultdict(list), defaultdict(list)
        for partner_id, line_id, reconciled in rows:
            (settled_ids if reconciled else open_ids)[partner_id].append(line_id)
        for partner in self:
            commercial_id = partner.commercial_partner_id.id
            partner.telecobranca_title_ids = Line.browse(open_ids[commercial_id])
            partner.telecobranca_settled_title_ids = Line.browse(
                settled_ids[commercial_id]
            )

    @api.depends_context("company", "allowed_company_ids")
    def _compute_telecobranca_amounts(self):
        """Open and overdue counts and amounts: one SQL aggregate."""
        Line = self.env["account.move.line"]
        Line.flush_model(["partner_id", "amount_residual", "date_maturity"])
        query = Line._search(
            [
                *self._get_telecobranca_title_domain(),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
            ]
        )
        line = SQL.identifier(query.table)
        late = SQL(
            "FILTER (WHERE %s.date_maturity < %s)",
            line,
            fields.Date.context_today(self),
        )
        query.groupby = SQL("%s.partner_id", line)
        rows = (
            []
            if query.is_empty()
            else self.env.execute_query(
                query.select(
                    SQL("%s.partner_id", line),
                    SQL("COUNT(*)"),
                    SQL("SUM(%s.amount_residual)", line),
                    SQL("COUNT(*) %s", late),
                    SQL("SUM(%s.amount_residual) %s", line, late),
                )
            )
        )
        totals = {partner_id: row for partner_id, *row in rows}
        for partner in self:
            count, amount, late_count, late_amount = totals.get(
                partner.commercial_partner_id.id, (0, 0.0, 0, 0.0)
            )
            partner.telecobranca_title_count = count
            partner.telecobranca_open_amount = amount or 0.0
            partner.telecobranca_overdue_count = late_count
            partner.telecobranca_overdue_amount = late_amount or 0.0

    @api.depends_context("company", "allowed_company_ids")
    def _compute_telecobranca_case_ids(self):
        Case = self.env["telecobranca.case"]
        Case.flush_model(["partner_id", "state"])
        rows = self._telecobranca_ids_by_partner(
            "telecobranca.case",
            [("partner_id", "in", self.commercial_partner_id.ids)],
            "state desc, id desc",
            "state",
        )
        case_ids, open_counts = defaultdict(list), defaultdict(int)
        for partner_id, case_id, state in rows:
            case_ids[partner_id].append(case_id)
            open_counts[partner_id] += state == "open"
        for partner in self:
            commercial_id = partner.commercial_partner_id.id
            partner.telecobranca_case_ids = Case.browse(case_ids[commercial_id])
            partner.telecobranca_open_case_count = open_counts[commercial_id]

    @api.depends_context("company", "allowed_company_ids")
    def _compute_telecobranca_note_ids(self):
        Note = self.env["telecobranca.note"]
        Note.flush_model(["partner_id"])
        rows = self._telecobranca_ids_by_partner(
            "telecobranca.note",
            [("partner_id", "in", self.commercial_partner_id.ids)],
            Note._order,
        )
        note_ids = defaultdict(list)
        for partner_id, note_id in rows:
            note_ids[partner_id].append(note_id)
        for partner in self:
            partner.telecobranca_note_ids = Note.browse(
                note_ids[partner.commercial_partner_id.id]
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_view_telecobranca_titles(self):
        """Open this customer's titles, the overdue ones first."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "telecobranca.account_move_line_title_action"
        )
        action["domain"] = self._get_telecobranca_title_domain()
        action["context"] = {
            "search_default_filter_open": 1,
            "search_default_filter_overdue": 1,
        }
        action["display_name"] = self.commercial_partner_id.display_name
        return action

    def action_telecobranca_print_statement(self):
        """Print the statement of the customer's open and overdue titles."""
        self.ensure_one()
        return self.env["telecobranca.send"]._get_statement_report_action(
            self.commercial_partner_id
        )

    def action_telecobranca_email_statement(self):
        """E-mail the statement (PDF) to the customer, in a composer."""
        self.ensure_one()
        return self.env["telecobranca.send"]._prepare_statement_email(
            self.commercial_partner_id
        )

    def action_telecobranca_new_case(self):
        """Open the *New collection* wizard for this customer."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "telecobranca.telecobranca_case_open_wizard_action"
        )
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_telecobranca_note(self):
        """*Note* on the customer's open case."""
        self.ensure_one()
        self._check_can_telecobranca_note()
        return self._telecobranca_open_case().action_open_note_wizard()

    def _check_can_telecobranca_note(self):
        if not self._telecobranca_open_case():
            raise UserError(
                self.env._(
                    "%(partner)s has no open collection case.",
                    partner=self.display_name,
                )
            )

    def action_telecobranca_history(self):
        """*History*: the notes of all the customer's cases."""
        self.ensure_one()
        cases = self.env["telecobranca.case"].search(
            [("partner_id", "=", self.commercial_partner_id.id)]
        )
        action = cases.action_view_history()
        action["name"] = action["display_name"] = self.env._(
            "History of %(name)s", name=self.display_name
        )
        return action

    def action_telecobranca_renegotiate(self):
        """Start a renegotiation of the customer's titles (F5): a new form,
        stored as a draft only when the collector saves it or goes on
        (F5.11)."""
        self.ensure_one()
        return self.env["telecobranca.renegotiation"]._get_new_form_action(
            partners=self
        )

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _telecobranca_open_case(self):
        """The open collection case of the customer in the current company."""
        self.ensure_one()
        return self.env["telecobranca.case"]._get_open_cases(self)

    def _telecobranca_whatsapp_contacts(self):
        """The customer ``self`` and its contacts that have a mobile or phone
        number, the customer first: whom a WhatsApp message can go to."""
        self.ensure_one()
        contacts = self.search(
            [
                ("commercial_partner_id", "=", self.commercial_partner_id.id),
                "|",
                ("mobile", "!=", False),
                ("phone", "!=", False),
            ],
            order="id",
        )
        return contacts.filtered(lambda p: p == self) | (contacts - self)
