# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------------
    # Collection (F2.1)
    # ------------------------------------------------------------------
    telecobranca_auto_open = fields.Boolean(
        string="Open Collection Cases Automatically",
        help="The daily scheduled action opens a collection case for every "
        "customer whose titles became eligible.",
    )
    telecobranca_collector_id = fields.Many2one(
        "res.users",
        string="Default Collector",
        help="Collector of the cases opened automatically.",
    )
    telecobranca_responsibility_center_id = fields.Many2one(
        "telecobranca.responsibility.center",
        string="Collection Team",
        help="When set, cases opened automatically are assigned to its members "
        "in turn (round robin) instead of to the default collector.",
    )
    telecobranca_min_days_overdue = fields.Integer(
        string="Minimum Days Overdue",
        default=0,
        help="A title enters collection when it is overdue by more than this "
        "number of days.",
    )
    telecobranca_default_status_id = fields.Many2one(
        "telecobranca.title.status",
        string="Default Title Status",
        help="Administrative status given to the titles of new invoices.",
    )
    telecobranca_case_type_id = fields.Many2one(
        "telecobranca.case.type",
        string="Default Case Type",
    )
    telecobranca_contact_type_id = fields.Many2one(
        "telecobranca.contact.type",
        string="Default Contact Type",
    )
    # Collection e-mails (F2.6)
    telecobranca_email_on_open = fields.Boolean(
        string="E-mail Customers on Automatic Opening",
        help="Send the collection e-mail to the customer when a case is opened "
        "automatically.",
    )
    telecobranca_reply_to = fields.Char(
        string="Collection Reply-To",
        help="Address customers reply to; the company's e-mail when empty.",
    )
    telecobranca_excluded_tag_id = fields.Many2one(
        "res.partner.category",
        string="No Collection E-mail Tag",
        help="Customers with this tag never receive collection e-mails.",
    )
    # ------------------------------------------------------------------
    # Boletos (F8)
    # ------------------------------------------------------------------
    telecobranca_boleto_bank_account_id = fields.Many2one(
        "res.partner.bank",
        string="Default Boleto Account",
        domain="[('boleto_enabled', '=', True), ('partner_id', '=', partner_id)]",
        help="Bank account proposed when printing boletos.",
    )

    # ------------------------------------------------------------------
    # Renegotiation (F5, F6)
    # ------------------------------------------------------------------
    telecobranca_fine_percent = fields.Float(
        string="Fine (%)",
        default=2.0,
        digits=(5, 4),
        help="Fine charged once on a late title renegotiated.",
    )
    telecobranca_interest_percent = fields.Float(
        string="Monthly Interest (%)",
        default=1.0,
        digits=(5, 4),
        help="Simple interest per month (30 days), pro rata die.",
    )
    telecobranca_grace_days = fields.Integer(
        string="Grace Days",
        default=0,
        help="Days late without fine nor interest.",
    )
    telecobranca_optimized_renegotiation = fields.Boolean(
        string="Optimized Renegotiation",
        help="With one title selected, go straight to the terms: one new title.",
    )
    telecobranca_credit_letters_unselected = fields.Boolean(
        string="Show Credit Letters Unselected",
    )
    telecobranca_renegotiate_administrator = fields.Boolean(
        string="Renegotiate Against the Card Administrator",
        help="Card and financing installments are issued to the administrator.",
    )
    telecobranca_proposal_validity_days = fields.Integer(
        string="Proposal Validity (Days)",
        default=5,
    )
    telecobranca_renegotiation_journal_id = fields.Many2one(
        "account.journal",
        string="Renegotiation Journal",
        domain="[('type', '=', 'general')]",
    )
    telecobranca_fine_account_id = fields.Many2one(
        "account.account",
        string="Fine Income Account",
    )
    telecobranca_interest_account_id = fields.Many2one(
        "account.account",
        string="Interest Income Account",
    )
    telecobranca_discount_account_id = fields.Many2one(
        "account.account",
        string="Discount Expense Account",
    )
    telecobranca_writeoff_type_id = fields.Many2one(
        "telecobranca.writeoff.type",
        string="Default Write-off Type",
    )

    @api.constrains("telecobranca_min_days_overdue")
    def _check_telecobranca_day_counts(self):
        for company in self:
            if company.telecobranca_min_days_overdue < 0:
                raise ValidationError(
                    self.env._("The minimum days overdue cannot be negative.")
                )
