# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    telecobranca_payment_form_id = fields.Many2one(
        "telecobranca.payment.form",
        string="Payment Form",
        company_dependent=True,
        help="Payment form given to the titles of this customer's invoices.",
    )
    telecobranca_title_ids = fields.One2many(
        "account.move.line",
        compute="_compute_telecobranca_title_ids",
        string="Linked Titles",
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
        lines = self.env["account.move.line"].search(
            self._get_telecobranca_title_domain(),
            order="reconciled, days_overdue desc, date_maturity, id",
        )
        by_partner = lines.grouped("partner_id")
        for partner in self:
            partner.telecobranca_title_ids = by_partner.get(
                partner.commercial_partner_id, lines.browse()
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
