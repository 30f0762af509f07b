# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .res_company import TELECOBRANCA_CONSUMER_FINE_PERCENT


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    telecobranca_auto_open = fields.Boolean(
        related="company_id.telecobranca_auto_open", readonly=False
    )
    telecobranca_collector_id = fields.Many2one(
        related="company_id.telecobranca_collector_id", readonly=False
    )
    telecobranca_responsibility_center_id = fields.Many2one(
        related="company_id.telecobranca_responsibility_center_id", readonly=False
    )
    telecobranca_min_days_overdue = fields.Integer(
        related="company_id.telecobranca_min_days_overdue", readonly=False
    )
    telecobranca_default_status_id = fields.Many2one(
        related="company_id.telecobranca_default_status_id", readonly=False
    )
    telecobranca_case_type_id = fields.Many2one(
        related="company_id.telecobranca_case_type_id", readonly=False
    )
    telecobranca_contact_type_id = fields.Many2one(
        related="company_id.telecobranca_contact_type_id", readonly=False
    )
    telecobranca_email_on_open = fields.Boolean(
        related="company_id.telecobranca_email_on_open", readonly=False
    )
    telecobranca_reply_to = fields.Char(
        related="company_id.telecobranca_reply_to", readonly=False
    )
    telecobranca_excluded_tag_id = fields.Many2one(
        related="company_id.telecobranca_excluded_tag_id", readonly=False
    )
    telecobranca_cadence_hour = fields.Integer(
        related="company_id.telecobranca_cadence_hour", readonly=False
    )
    telecobranca_cnab_background_records = fields.Integer(
        related="company_id.telecobranca_cnab_background_records", readonly=False
    )
    telecobranca_cadence_weekly_limit = fields.Integer(
        related="company_id.telecobranca_cadence_weekly_limit", readonly=False
    )
    telecobranca_cadence_protest = fields.Boolean(
        related="company_id.telecobranca_cadence_protest", readonly=False
    )
    telecobranca_protest_days = fields.Integer(
        related="company_id.telecobranca_protest_days", readonly=False
    )
    telecobranca_cadence_allow_legal = fields.Boolean(
        related="company_id.telecobranca_cadence_allow_legal", readonly=False
    )
    telecobranca_boleto_bank_account_id = fields.Many2one(
        related="company_id.telecobranca_boleto_bank_account_id", readonly=False
    )
    # Renegotiation (F5, F6)
    telecobranca_fine_percent = fields.Float(
        related="company_id.telecobranca_fine_percent", readonly=False
    )
    telecobranca_interest_percent = fields.Float(
        related="company_id.telecobranca_interest_percent", readonly=False
    )
    telecobranca_grace_days = fields.Integer(
        related="company_id.telecobranca_grace_days", readonly=False
    )
    telecobranca_optimized_renegotiation = fields.Boolean(
        related="company_id.telecobranca_optimized_renegotiation", readonly=False
    )
    telecobranca_credit_letters_unselected = fields.Boolean(
        related="company_id.telecobranca_credit_letters_unselected", readonly=False
    )
    telecobranca_renegotiate_administrator = fields.Boolean(
        related="company_id.telecobranca_renegotiate_administrator", readonly=False
    )
    telecobranca_proposal_validity_days = fields.Integer(
        related="company_id.telecobranca_proposal_validity_days", readonly=False
    )
    telecobranca_renegotiation_journal_id = fields.Many2one(
        related="company_id.telecobranca_renegotiation_journal_id", readonly=False
    )
    telecobranca_fine_account_id = fields.Many2one(
        related="company_id.telecobranca_fine_account_id", readonly=False
    )
    telecobranca_interest_account_id = fields.Many2one(
        related="company_id.telecobranca_interest_account_id", readonly=False
    )
    telecobranca_discount_account_id = fields.Many2one(
        related="company_id.telecobranca_discount_account_id", readonly=False
    )
    telecobranca_writeoff_type_id = fields.Many2one(
        related="company_id.telecobranca_writeoff_type_id", readonly=False
    )
    telecobranca_bad_debt_account_id = fields.Many2one(
        related="company_id.telecobranca_bad_debt_account_id", readonly=False
    )
    telecobranca_bad_debt_writeoff_type_id = fields.Many2one(
        related="company_id.telecobranca_bad_debt_writeoff_type_id", readonly=False
    )

    telecobranca_missing_settings = fields.Text(
        related="company_id.telecobranca_missing_settings"
    )
    telecobranca_collectors_without_center_count = fields.Integer(
        related="company_id.telecobranca_collectors_without_center_count"
    )

    def action_telecobranca_collectors_without_center(self):
        """The company's collectors in no responsibility center."""
        self.ensure_one()
        return self.company_id.action_telecobranca_collectors_without_center()

    @api.onchange("telecobranca_fine_percent")
    def _onchange_telecobranca_fine_percent(self):
        """Warn above the consumer law's fine (CDC art. 52: 2 %)."""
        if self.telecobranca_fine_percent > TELECOBRANCA_CONSUMER_FINE_PERCENT:
            return {
                "warning": {
                    "title": self.env._("Fine above the consumer law"),
                    "message": self.env._(
                        "The consumer protection code limits the fine on "
                        "consumers to %(max)s %%: keep %(fine)s %% only for "
                        "business customers.",
                        max=TELECOBRANCA_CONSUMER_FINE_PERCENT,
                        fine=self.telecobranca_fine_percent,
                    ),
                }
            }
        return None
