# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

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
    # Eligibility (F2.3), title by title: the wizard's explanations. The
    # cron applies the same rules in SQL (telecobranca.case.opening).
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
