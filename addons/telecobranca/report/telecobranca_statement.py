# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Values of the customer statement: the open and overdue titles of one
customer in the current company, outside any renegotiation.

Amounts and dates are formatted here in the customer's language (the
template only prints them), totals in company currency: open, overdue and
not yet due.
"""

from odoo import api, fields, models
from odoo.tools import format_amount, format_date

from .telecobranca_renegotiation_report import partner_address


class ReportCustomerStatement(models.AbstractModel):
    _name = "report.telecobranca.report_customer_statement"
    _description = "Customer Statement of Open Titles"

    @api.model
    def _get_statement(self, partner, company):
        """The statement of ``partner`` (a commercial entity) in ``company``:
        its titles, their amounts and the totals, formatted in the customer's
        language."""
        env = self.with_context(lang=partner.lang or self.env.lang).env
        currency = company.currency_id
        today = fields.Date.context_today(self)
        titles = self.env["account.move.line"].search(
            self.env["account.move.line"]._telecobranca_open_titles_domain(
                partner, companies=company
            ),
            order="date_maturity, id",
        )
        rows = []
        totals = {"open": 0.0, "overdue": 0.0, "not_due": 0.0}
        for title in titles:
            late = bool(title.date_maturity and title.date_maturity < today)
            days = (today - title.date_maturity).days if late else 0
            totals["open"] += title.amount_residual
            totals["overdue" if late else "not_due"] += title.amount_residual
            rows.append(
                {
                    "title": title,
                    "number": title.title_number or title.display_name,
                    "issue_date": format_date(env, title.telecobranca_issue_date),
                    "due_date": format_date(env, title.date_maturity),
                    "original": format_amount(env, title.balance, currency),
                    "open": format_amount(env, title.amount_residual, currency),
                    "days_overdue": days,
                    "late": late,
                }
            )
        company_partner = company.partner_id
        return {
            "partner": partner,
            "company": company,
            "company_vat": company.vat or "",
            "company_address": partner_address(company_partner),
            "company_contact": " - ".join(
                part for part in (company_partner.phone, company_partner.email) if part
            ),
            "partner_address": partner_address(partner),
            "date": format_date(env, today),
            "rows": rows,
            "count": len(rows),
            "overdue_count": len([row for row in rows if row["late"]]),
            "total_open": format_amount(env, totals["open"], currency),
            "total_overdue": format_amount(env, totals["overdue"], currency),
            "total_not_due": format_amount(env, totals["not_due"], currency),
        }

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["res.partner"].browse(docids).commercial_partner_id
        company = self.env.company
        return {
            "doc_ids": docs.ids,
            "doc_model": "res.partner",
            "docs": docs,
            "statements": {doc.id: self._get_statement(doc, company) for doc in docs},
        }
