# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Values of the renegotiation statement (F5.12) and proposal letter (F6)."""

from num2words import num2words

from odoo import api, fields, models


def amount_in_words(amount):
    """Amount in reais written out in Brazilian Portuguese."""
    amount = round(abs(amount or 0.0), 2)
    words = num2words(amount, lang="pt_BR", to="currency")
    if int(amount) == 0 and amount:
        words = words.replace("zero reais e ", "")
    return words


def partner_address(partner):
    """One-line address of ``partner`` without empty parts."""
    parts = (
        partner.street,
        partner.street2,
        partner.city,
        partner.state_id.code,
        partner.zip,
    )
    return ", ".join(part for part in parts if part)


class ReportRenegotiationStatement(models.AbstractModel):
    _name = "report.telecobranca.report_renegotiation_statement"
    _description = "Renegotiation Statement"

    def _get_company_info(self, company):
        partner = company.partner_id
        address = partner_address(partner)
        return {
            "company": company,
            "company_vat": company.vat or "",
            "company_address": address,
            "company_contact": " - ".join(
                part for part in (partner.phone, partner.email) if part
            ),
        }

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["telecobranca.renegotiation"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "telecobranca.renegotiation",
            "docs": docs,
            "companies": {
                doc.id: self._get_company_info(doc.company_id) for doc in docs
            },
            "amount_in_words": amount_in_words,
            "partner_address": partner_address,
            "today": fields.Date.context_today(self),
        }


class ReportRenegotiationProposal(models.AbstractModel):
    _name = "report.telecobranca.report_renegotiation_proposal"
    _inherit = "report.telecobranca.report_renegotiation_statement"
    _description = "Renegotiation Proposal Letter"
