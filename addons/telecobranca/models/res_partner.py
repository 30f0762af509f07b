# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The customer's Telecobrança tab: titles, cases, notes and the actions
started from the customer (new collection, note, history, renegotiation)."""

from odoo import api, fields, models
from odoo.exceptions import UserError


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

    @api.depends_context("company", "allowed_company_ids")
    def _compute_telecobranca_title_ids(self):
        """Open titles (overdue first) and settled titles (latest first): the
        tab lists what is still owed, settled titles apart."""
        Line = self.env["account.move.line"]
        domain = self._get_telecobranca_title_domain()
        open_lines = Line.search(
            [*domain, ("reconciled", "=", False)],
            order="days_overdue desc, date_maturity, id",
        )
        settled_lines = Line.search(
            [*domain, ("reconciled", "=", True)],
            order="date_maturity desc, id desc",
        )
        open_by_partner = open_lines.grouped("partner_id")
        settled_by_partner = settled_lines.grouped("partner_id")
        for partner in self:
            commercial = partner.commercial_partner_id
            partner.telecobranca_title_ids = open_by_partner.get(
                commercial, Line.browse()
            )
            partner.telecobranca_settled_title_ids = settled_by_partner.get(
                commercial, Line.browse()
            )

    @api.depends_context("company", "allowed_company_ids")
    def _compute_telecobranca_amounts(self):
        Line = self.env["account.move.line"]
        open_domain = [
            *self._get_telecobranca_title_domain(),
            ("parent_state", "=", "posted"),
            ("reconciled", "=", False),
        ]
        today = fields.Date.context_today(self)
        open_totals = {
            partner: (count, amount)
            for partner, count, amount in Line._read_group(
                open_domain,
                groupby=["partner_id"],
                aggregates=["__count", "amount_residual:sum"],
            )
        }
        overdue_totals = {
            partner: (count, amount)
            for partner, count, amount in Line._read_group(
                [*open_domain, ("date_maturity", "<", today)],
                groupby=["partner_id"],
                aggregates=["__count", "amount_residual:sum"],
            )
        }
        for partner in self:
            commercial = partner.commercial_partner_id
            count, amount = open_totals.get(commercial, (0, 0.0))
            late_count, late_amount = overdue_totals.get(commercial, (0, 0.0))
            partner.telecobranca_title_count = count
            partner.telecobranca_open_amount = amount
            partner.telecobranca_overdue_count = late_count
            partner.telecobranca_overdue_amount = late_amount

    @api.depends_context("company", "allowed_company_ids")
    def _compute_telecobranca_case_ids(self):
        cases = self.env["telecobranca.case"].search(
            [("partner_id", "in", self.commercial_partner_id.ids)],
            order="state desc, id desc",
        )
        by_partner = cases.grouped("partner_id")
        for partner in self:
            partner_cases = by_partner.get(
                partner.commercial_partner_id, cases.browse()
            )
            partner.telecobranca_case_ids = partner_cases
            partner.telecobranca_open_case_count = len(
                partner_cases.filtered(lambda case: case.state == "open")
            )

    @api.depends_context("company", "allowed_company_ids")
    def _compute_telecobranca_note_ids(self):
        notes = self.env["telecobranca.note"].search(
            [("partner_id", "in", self.commercial_partner_id.ids)]
        )
        by_partner = notes.grouped("partner_id")
        for partner in self:
            partner.telecobranca_note_ids = by_partner.get(
                partner.commercial_partner_id, notes.browse()
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
