# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# Odoo's Settings (res.config.settings) are for base.group_system only, and
# companies and bank accounts are written by the administrators. The
# collection manager (F9.2) owns the collection settings of his companies
# (the telecobranca_* fields, in the *Collection Settings* form) and the boleto
# settings of their bank accounts (res_partner_bank_boleto.py): a write of
# those fields alone, by a manager, on records his rules let him read, runs
# as superuser; any other field keeps Odoo's rights.
MANAGER_GROUP = "telecobranca.group_telecobranca_manager"

# Accounts of the Brazilian chart (l10n_br) set as the renegotiation defaults
# when the company uses it: {company field: chart template xml id}.
L10N_BR_SETTLEMENT_ACCOUNTS = {
    # 3.01.01.05.01.24 Multas e Outras Vantagens Recebidas
    "telecobranca_fine_account_id": "account_template_30101050124",
    # 3.01.01.05.01.32 Juros Auferidos com Outros Ativos Financeiros
    "telecobranca_interest_account_id": "account_template_30101050132",
    # 3.11.01.01.02.02 (-) Descontos Incondicionais e Abatimentos (the
    # chart's own early payment discount loss account)
    "telecobranca_discount_account_id": "account_template_31101010202",
    # 3.01.01.07.01.25 (-) Perdas em Operações de Crédito
    "telecobranca_bad_debt_account_id": "account_template_30101070125",
}


# Settings the renegotiation and write-off flows cannot do without; filled
# at install for the Brazilian chart (_telecobranca_setup_settlement), listed
# as missing in the settings otherwise.
TELECOBRANCA_REQUIRED_SETTINGS = (
    "telecobranca_renegotiation_journal_id",
    "telecobranca_fine_account_id",
    "telecobranca_interest_account_id",
    "telecobranca_discount_account_id",
    "telecobranca_writeoff_type_id",
    "telecobranca_bad_debt_account_id",
    "telecobranca_bad_debt_writeoff_type_id",
)

# Ceiling of the fine and of the monthly interest (%); the consumer law's 2 %
# fine is a warning of the settings, not a constraint.
TELECOBRANCA_MAX_PERCENT = 100
TELECOBRANCA_CONSUMER_FINE_PERCENT = 2


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
    # dunning cadence (B4)
    telecobranca_cadence_hour = fields.Integer(
        string="Cadence Sending Hour",
        default=8,
        help="The dunning cadence sends nothing before this hour (0-23, the "
        "company's time zone).",
    )
    telecobranca_cadence_weekly_limit = fields.Integer(
        string="Cadence Messages per Week",
        default=3,
        help="At most this many cadence messages per customer in 7 days (0: no limit).",
    )
    telecobranca_cadence_protest = fields.Boolean(
        string="Allow Protest by the Cadence",
        help="Cadence steps of the Protest action send the bank a protest "
        "instruction for their titles (never for a title in dispute).",
    )
    telecobranca_protest_days = fields.Integer(
        string="Protest Days",
        default=5,
        help="Days the bank waits before sending a title to the notary's office "
        "(protest instructions, 1-99).",
    )
    telecobranca_cadence_allow_legal = fields.Boolean(
        string="Cadence Hands Over to Legal",
        help="Let the cadence's steps 'Hand over to legal' set the titles' "
        "administrative status to Legal (never for a title in dispute).",
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
    telecobranca_cnab_background_records = fields.Integer(
        string="Background Import Above (records)",
        default=500,
        help="A CNAB return file with more records than this is imported in the "
        "background, its progress shown on the return; smaller files are "
        "imported at once (0: always at once).",
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
    telecobranca_promise_grace_days = fields.Integer(
        string="Promise Grace Days",
        default=2,
        help="Days after the promised date a payment still keeps a promise to "
        "pay (0 to 30): the daily check judges the promise after them.",
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
    telecobranca_bad_debt_account_id = fields.Many2one(
        "account.account",
        string="Bad Debt Loss Account",
        help="Expense account of the titles written off as uncollectible.",
    )
    telecobranca_bad_debt_writeoff_type_id = fields.Many2one(
        "telecobranca.writeoff.type",
        string="Bad Debt Write-off Type",
        help="Write-off type of uncollectible titles (perdas / incobrável), "
        "booked on the bad debt loss account.",
    )

    # What the administrator must still set (computed, shown as warnings)
    telecobranca_missing_settings = fields.Text(
        string="Missing Collection Settings",
        compute="_compute_telecobranca_missing_settings",
        help="Settings the collection flows need and that are not set yet.",
    )
    telecobranca_collectors_without_center_count = fields.Integer(
        string="Collectors Without Responsibility Center",
        compute="_compute_telecobranca_collectors_without_center_count",
    )

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    @api.depends(*TELECOBRANCA_REQUIRED_SETTINGS, "telecobranca_auto_open")
    @api.depends_context("lang")
    def _compute_telecobranca_missing_settings(self):
        for company in self:
            company.telecobranca_missing_settings = (
                "\n".join(company._telecobranca_get_missing_settings()) or False
            )

    def _compute_telecobranca_collectors_without_center_count(self):
        Users = self.env["res.users"]
        for company in self:
            company.telecobranca_collectors_without_center_count = len(
                Users._telecobranca_collectors_without_center(company)
            )

    @api.constrains(
        "telecobranca_min_days_overdue",
        "telecobranca_grace_days",
        "telecobranca_proposal_validity_days",
        "telecobranca_promise_grace_days",
    )
    def _check_telecobranca_day_counts(self):
        for company in self:
            if not 0 <= company.telecobranca_promise_grace_days <= 30:
                raise ValidationError(
                    self.env._("The promise grace days go from 0 to 30.")
                )
            if company.telecobranca_min_days_overdue < 0:
                raise ValidationError(
                    self.env._("The minimum days overdue cannot be negative.")
                )
            if company.telecobranca_grace_days < 0:
                raise ValidationError(self.env._("The grace days cannot be negative."))
            if company.telecobranca_proposal_validity_days < 0:
                raise ValidationError(
                    self.env._("The proposal validity (days) cannot be negative.")
                )

    @api.constrains("telecobranca_cadence_hour", "telecobranca_cadence_weekly_limit")
    def _check_telecobranca_cadence_settings(self):
        for company in self:
            if not 0 <= company.telecobranca_cadence_hour <= 23:
                raise ValidationError(
                    self.env._("The cadence sending hour is between 0 and 23.")
                )
            if company.telecobranca_cadence_weekly_limit < 0:
                raise ValidationError(
                    self.env._("The cadence messages per week cannot be negative.")
                )

    @api.constrains("telecobranca_cnab_background_records")
    def _check_telecobranca_cnab_background_records(self):
        if any(company.telecobranca_cnab_background_records < 0 for company in self):
            raise ValidationError(
                self.env._("The background import threshold cannot be negative.")
            )

    @api.constrains("telecobranca_boleto_bank_account_id")
    def _check_telecobranca_boleto_bank_account(self):
        """The default boleto account is one of the company's accounts."""
        for company in self:
            company.telecobranca_boleto_bank_account_id._check_telecobranca_company(
                company, error=ValidationError
            )

    @api.constrains("telecobranca_fine_percent", "telecobranca_interest_percent")
    def _check_telecobranca_charge_percents(self):
        """Fine 0-100 % and monthly interest 0-100 %. A fine above the 2 % of
        the consumer law (CDC art. 52) is allowed (business contracts) but the
        settings show a warning (:meth:`ResConfigSettings._onchange_...`)."""
        for company in self:
            fine = company.telecobranca_fine_percent
            if fine < 0 or fine > TELECOBRANCA_MAX_PERCENT:
                raise ValidationError(
                    self.env._(
                        "The fine must be between 0 %% and %(max)s %%.",
                        max=TELECOBRANCA_MAX_PERCENT,
                    )
                )
            interest = company.telecobranca_interest_percent
            if interest < 0 or interest > TELECOBRANCA_MAX_PERCENT:
                raise ValidationError(
                    self.env._(
                        "The monthly interest must be between 0 %% and %(max)s %%.",
                        max=TELECOBRANCA_MAX_PERCENT,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        # a company with a chart of accounts already (its accounts come with
        # the chart otherwise: see account.chart.template._post_load_data)
        companies.filtered("chart_template")._telecobranca_setup_settlement()
        return companies

    def write(self, vals):
        if self._telecobranca_manager_may_write(vals):
            # only collection settings of the manager's own companies (above)
            return super(ResCompany, self.sudo()).write(vals)
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_telecobranca_collectors_without_center(self):
        """The collectors of the company in no responsibility center: the
        administrator adds them to a center (Collection > Configuration)."""
        self.ensure_one()
        users = self.env["res.users"]._telecobranca_collectors_without_center(self)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Collectors Without Responsibility Center"),
            "res_model": "res.users",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", users.ids)],
            "context": {"create": False},
        }

    def action_telecobranca_settings(self):
        """The *Collection Settings* form of the current company."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Collection Settings"),
            "res_model": "res.company",
            "res_id": self.env.company.id,
            "view_mode": "form",
            "views": [
                (
                    self.env.ref("telecobranca.res_company_view_form_collection").id,
                    "form",
                )
            ],
            "target": "current",
        }

    # ------------------------------------------------------------------
    # Business: what the collection manager owns (F9.2)
    # ------------------------------------------------------------------
    def _telecobranca_manager_may_write(self, vals):
        """Whether ``vals`` are collection settings the manager writes
        (checked as him: only companies he works in)."""
        if self.env.su or not vals or not self.env.user.has_group(MANAGER_GROUP):
            return False
        if not all(name.startswith("telecobranca_") for name in vals):
            return False
        self.check_access("read")
        return self <= self.env.user.company_ids

    # ------------------------------------------------------------------
    # Renegotiation and write-off setup (F5, F7)
    # ------------------------------------------------------------------
    def _telecobranca_setup_settlement(self):
        """Create what renegotiation and write-off need, explicitly.

        Called at install for the existing companies and when a company gets
        its chart of accounts: the REN journal, the default accounts of the
        Brazilian chart (when the company uses it), the default write-off
        type (on the discount account) and the bad debt write-off type (on
        the bad debt loss account). Never overwrites a setting. Nothing is
        created on first use: a missing account is a clear error.
        """
        for company in self:
            company._telecobranca_create_renegotiation_journal()
            company._telecobranca_set_default_accounts()
            if company.telecobranca_discount_account_id:
                company._telecobranca_create_default_writeoff_type()
            if company.telecobranca_bad_debt_account_id:
                company._telecobranca_create_bad_debt_writeoff_type()

    def _telecobranca_create_renegotiation_journal(self):
        """The journal of the renegotiation entries (code and prefix ``REN``),
        created when the company has none.

        The first renegotiation draft of a company calls it too: two first
        drafts at once give one journal, and the second user a clear error.
        """
        self.ensure_one()
        journal = self.telecobranca_renegotiation_journal_id
        if journal:
            return journal
        Journal = self.env["account.journal"].sudo()
        journal = Journal.search(
            [
                *Journal._check_company_domain(self),
                ("company_id", "=", self.id),
                ("type", "=", "general"),
                ("code", "=", "REN"),
            ],
            limit=1,
        )
        if not journal:
            try:
                with self.env.cr.savepoint():
                    journal = Journal.create(
                        {
                            "name": self.env._("Renegotiation"),
                            "code": "REN",
                            "type": "general",
                            "company_id": self.id,
                            "show_on_dashboard": False,
                        }
                    )
                    self._telecobranca_translate_name(
                        journal, lambda env: env._("Renegotiation")
                    )
            except UniqueViolation:
                raise UserError(
                    self.env._(
                        "Another user is creating the renegotiation journal of "
                        "%(company)s right now: try again in a moment.",
                        company=self.name,
                    )
                ) from None
        self.sudo().telecobranca_renegotiation_journal_id = journal
        return journal.sudo(False)

    def _telecobranca_set_default_accounts(self):
        """Fill the empty fine, interest and discount accounts with the
        Brazilian chart's (nothing when the company uses another chart)."""
        self.ensure_one()
        if self.chart_template != "br":
            return
        ChartTemplate = self.env["account.chart.template"].with_company(self)
        values = {}
        for field_name, xmlid in L10N_BR_SETTLEMENT_ACCOUNTS.items():
            account = ChartTemplate.ref(xmlid, raise_if_not_found=False)
            if not self[field_name] and account:
                values[field_name] = account.id
        if values:
            self.sudo().write(values)

    def _telecobranca_create_default_writeoff_type(self):
        """The company's default final write-off type, created (on the
        discount account) when it has none."""
        self.ensure_one()
        wtype = self.telecobranca_writeoff_type_id
        if wtype:
            return wtype
        WriteoffType = self.env["telecobranca.writeoff.type"].sudo()
        wtype = WriteoffType.search(
            [
                ("company_id", "=", self.id),
                ("is_final_no_cash", "=", True),
                ("id", "!=", self.telecobranca_bad_debt_writeoff_type_id.id),
            ],
            limit=1,
        )
        if not wtype:
            account = self._telecobranca_get_account("telecobranca_discount_account_id")
            wtype = WriteoffType.create(
                {
                    "name": self.env._("Renegotiation (no cash)"),
                    "company_id": self.id,
                    "account_id": account.id,
                    "is_final_no_cash": True,
                }
            )
            self._telecobranca_translate_name(
                wtype, lambda env: env._("Renegotiation (no cash)")
            )
        self.sudo().telecobranca_writeoff_type_id = wtype
        return wtype.sudo(False)

    def _telecobranca_create_bad_debt_writeoff_type(self):
        """The company's bad debt write-off type ("Bad debt loss", perdas /
        incobrável), created on the bad debt loss account when it has none;
        separate from the renegotiation's type."""
        self.ensure_one()
        wtype = self.telecobranca_bad_debt_writeoff_type_id
        if wtype:
            return wtype
        account = self._telecobranca_get_account("telecobranca_bad_debt_account_id")
        WriteoffType = self.env["telecobranca.writeoff.type"].sudo()
        wtype = WriteoffType.search(
            [
                ("company_id", "=", self.id),
                ("account_id", "=", account.id),
                ("is_final_no_cash", "=", True),
                ("id", "!=", self.telecobranca_writeoff_type_id.id),
            ],
            limit=1,
        )
        if not wtype:
            wtype = WriteoffType.create(
                {
                    "name": self.env._("Bad debt loss"),
                    "company_id": self.id,
                    "account_id": account.id,
                    "is_final_no_cash": True,
                    "sequence": 20,
                }
            )
            self._telecobranca_translate_name(wtype, lambda env: env._("Bad debt loss"))
        self.sudo().telecobranca_bad_debt_writeoff_type_id = wtype
        return wtype.sudo(False)

    def _telecobranca_translate_name(self, record, name_of):
        """Give ``record`` (created at install, in the installer's language)
        its ``name`` in every active language: ``name_of(env)`` is the
        translated name in ``env``'s language."""
        for code, _name in self.env["res.lang"].get_installed():
            translated = record.with_context(lang=code)
            translated.name = name_of(translated.env)

    def _telecobranca_get_missing_settings(self):
        """Labels of the settings the flows need and that are empty."""
        self.ensure_one()
        missing = [
            self._fields[name]._description_string(self.env)
            for name in TELECOBRANCA_REQUIRED_SETTINGS
            if not self[name]
        ]
        if self.telecobranca_auto_open and not (
            self.telecobranca_collector_id
            or self.telecobranca_responsibility_center_id.user_ids
        ):
            missing.insert(
                0,
                self.env._(
                    "Default Collector (or a Collection Team with members): "
                    "the cases opened automatically have no collector"
                ),
            )
        return missing

    def _telecobranca_get_renegotiation_journal(self):
        """The REN journal; a clear error when it is not set."""
        self.ensure_one()
        journal = self.telecobranca_renegotiation_journal_id
        if not journal:
            raise UserError(
                self.env._(
                    "Set the Renegotiation Journal of %(company)s in Settings > "
                    "Telecobrança.",
                    company=self.name,
                )
            )
        return journal

    def _telecobranca_get_account(self, field_name):
        """The account of the setting ``field_name``; a clear error naming the
        setting when it is not set (no guessing)."""
        self.ensure_one()
        account = self[field_name]
        if not account:
            raise UserError(
                self.env._(
                    "Set the %(setting)s of %(company)s in Settings > Telecobrança.",
                    setting=self._fields[field_name]._description_string(self.env),
                    company=self.name,
                )
            )
        return account
