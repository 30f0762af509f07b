# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Boleto settings of the company's bank accounts (F8.1).

A bank account issues boletos when its bank is one tools/boleto supports and it
carries what that bank needs (agency, account, wallet, agreement...). Each
account numbers its slips with its own *nosso número* sequence and its CNAB
files with its own file sequence.
"""

import base64
import re
from datetime import date
from decimal import Decimal

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..tools import boleto as boleto_tools
from ..tools import cnab240, cnab400
from .res_company import MANAGER_GROUP

BOLETO_BANKS = [
    (code, f"{code} {name}") for code, name in sorted(boleto_tools.BANK_NAMES.items())
]
BOLETO_LAYOUTS = [("plain", "Boleto"), ("hybrid", "Boleto with static PIX QR")]
BOLETO_INTEGRATIONS = [
    ("none", "None"),
    ("cnab", "CNAB file"),
    ("api", "Bank API connector"),
]
# Banks whose CNAB 400 remittances the accounts write (Santander's needs the
# account's transmission code).
CNAB400_REMITTANCE_BANKS = ("341", "237", "001", "033", "748")
# Banks whose agency or account check digit is given by the bank (no rule
# computes it) and is printed or encoded in the barcode.
BANKS_NEEDING_AGENCY_DIGIT = {"422"}
BANKS_NEEDING_ACCOUNT_DIGIT = {"004", "021", "136", "422"}
# A date and an amount every bank accepts: used to check an account's settings.
SAMPLE_DUE_DATE = date(2025, 3, 3)
SAMPLE_AMOUNT = Decimal("1.00")


class ResPartnerBank(models.Model):
    _inherit = "res.partner.bank"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    boleto_enabled = fields.Boolean(
        string="Issues Boletos",
        help="This company account issues boletos (bank slips) for titles.",
    )
    boleto_bank_code = fields.Selection(
        BOLETO_BANKS,
        string="Boleto Bank",
        help="FEBRABAN code of the bank that collects the boletos.",
    )
    boleto_agency = fields.Char(string="Agency", help="Without its check digit.")
    boleto_agency_digit = fields.Char(string="Agency Digit", size=1)
    boleto_account = fields.Char(
        string="Current Account", help="Current account number without its check digit."
    )
    boleto_account_digit = fields.Char(string="Account Digit", size=1)
    boleto_wallet = fields.Char(
        string="Wallet", help="Carteira, e.g. 17 at Banco do Brasil."
    )
    boleto_agreement = fields.Char(
        string="Agreement",
        help="Convênio / beneficiary code / client code given by the bank.",
    )
    boleto_agreement_digit = fields.Char(string="Agreement Digit", size=1)
    boleto_wallet_variation = fields.Char(
        string="Wallet Variation",
        help="Banco do Brasil wallet variation; Banestes collection type (4 to 7, "
        "registered; 4 when empty).",
    )
    boleto_post = fields.Char(string="Post", help="Sicredi: posto of the cooperative.")
    boleto_byte = fields.Char(
        string="Byte", help="Sicredi: byte of the nosso número (2-9)."
    )
    boleto_modality = fields.Char(
        string="Modality",
        help="Sicoob modality; 21 for Banco do Brasil 17-digit nosso número.",
    )
    boleto_sequence_id = fields.Many2one(
        "ir.sequence",
        string="Nosso Número Sequence",
        copy=False,
        readonly=True,
        help="Created automatically when the account starts issuing boletos.",
    )
    boleto_next_number = fields.Integer(
        string="Next Nosso Número",
        related="boleto_sequence_id.number_next_actual",
        readonly=False,
    )
    boleto_instructions = fields.Text(
        string="Instructions",
        help="Printed in the instructions box of the slip.",
    )
    boleto_fine_percent = fields.Float(
        string="Fine (%)",
        digits=(5, 2),
        help="Fine after the due date, printed on the slip.",
    )
    boleto_interest_percent = fields.Float(
        string="Interest (% per month)",
        digits=(5, 2),
        help="Late interest per month, printed on the slip as an amount a day.",
    )
    boleto_transmission_code = fields.Char(
        string="Transmission Code",
        size=20,
        help="Santander: the código de transmissão (up to 20 digits) the bank "
        "gives for CNAB 400 remittances.",
    )
    boleto_layout = fields.Selection(
        BOLETO_LAYOUTS,
        string="Layout",
        default="plain",
        help="A boleto with static PIX QR prints the account's PIX key as a QR "
        "code: no bank return reports a PIX payment of it, so such a payment "
        "must be reconciled by hand.",
    )
    boleto_integration = fields.Selection(
        BOLETO_INTEGRATIONS,
        string="Bank Integration",
        default="none",
        help="How titles are registered at the bank: not at all, by CNAB "
        "remittance files, or online through a bank API connector.",
    )
    boleto_cnab_layout = fields.Selection(
        [("240", "CNAB 240"), ("400", "CNAB 400")],
        string="CNAB Layout",
        default="240",
        required=True,
        help="Layout of the remittance files (CNAB 400 for Itaú, Bradesco, "
        "Banco do Brasil, Santander and Sicredi). Return files of either layout are "
        "recognised when imported.",
    )
    boleto_cnab400_supported = fields.Boolean(
        compute="_compute_boleto_cnab400_supported",
        help="The account's bank takes CNAB 400 remittances.",
    )
    boleto_connector = fields.Selection(
        selection="_selection_boleto_connector",
        string="Connector",
        help="Bank API connector used when the integration is 'Bank API connector'.",
    )
    boleto_cnab_sequence = fields.Integer(
        string="Last Remittance Number",
        copy=False,
        help="Sequence number (NSA) of the last CNAB remittance file.",
    )
    boleto_cnab_wallet_code = fields.Selection(
        [
            ("1", "Simple"),
            ("2", "Linked"),
            ("3", "Secured"),
            ("4", "Discounted"),
        ],
        string="Collection Type",
        default="1",
        help="FEBRABAN collection type written in CNAB remittances.",
    )
    boleto_journal_id = fields.Many2one(
        "account.journal",
        string="Payment Journal",
        domain="[('type', '=', 'bank')]",
        help="Journal of the payments read from return files (default: the "
        "bank journal of this account).",
    )
    boleto_interest_account_id = fields.Many2one(
        "account.account",
        string="Interest Income Account",
        help="Interest and fines paid with boletos.",
    )
    boleto_discount_account_id = fields.Many2one(
        "account.account",
        string="Discount Expense Account",
        help="Discounts granted on boletos paid early.",
    )
    boleto_fee_account_id = fields.Many2one(
        "account.account",
        string="Bank Fees Account",
        help="Fees the bank charges for each settled boleto.",
    )

    # ------------------------------------------------------------------
    # Compute / selection
    # ------------------------------------------------------------------
    @api.depends("boleto_bank_code")
    def _compute_boleto_cnab400_supported(self):
        for account in self:
            account.boleto_cnab400_supported = (
                account.boleto_bank_code in CNAB400_REMITTANCE_BANKS
            )

    @api.model
    def _selection_boleto_connector(self):
        return self.env["telecobranca.bank.connector"]._connector_selection()

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains(
        "boleto_enabled",
        "boleto_bank_code",
        "boleto_agency",
        "boleto_agency_digit",
        "boleto_account",
        "boleto_account_digit",
        "boleto_wallet",
        "boleto_agreement",
        "boleto_agreement_digit",
        "boleto_wallet_variation",
        "boleto_post",
        "boleto_byte",
        "boleto_modality",
        "boleto_integration",
        "boleto_connector",
    )
    def _check_boleto_settings(self):
        for account in self.filtered("boleto_enabled"):
            message = account._boleto_settings_error()
            if message:
                raise ValidationError(message)

    @api.constrains(
        "boleto_cnab_layout", "boleto_bank_code", "boleto_transmission_code"
    )
    def _check_boleto_cnab_layout(self):
        for account in self.filtered(lambda a: a.boleto_cnab_layout == "400"):
            if account.boleto_bank_code not in CNAB400_REMITTANCE_BANKS:
                raise ValidationError(
                    self.env._(
                        "CNAB 400 remittances are written for Itaú (341), "
                        "Bradesco (237), Banco do Brasil (001), Santander (033) "
                        "and Sicredi (748) only: choose CNAB 240 for the account "
                        "%(account)s.",
                        account=account.display_name,
                    )
                )
            code = account.boleto_transmission_code or ""
            if account.boleto_bank_code == "033" and not (
                code.isdigit() and len(code) <= 20
            ):
                raise ValidationError(
                    self.env._(
                        "Santander's CNAB 400 remittances need the transmission "
                        "code the bank gave (digits only, up to 20) on the account "
                        "%(account)s.",
                        account=account.display_name,
                    )
                )

    @api.constrains("boleto_connector")
    def _check_boleto_connector(self):
        """A test-only connector (the fake bank) only in tests and demos."""
        Connector = self.env["telecobranca.bank.connector"]
        for account in self.filtered("boleto_connector"):
            if not Connector._is_connector_available(account.boleto_connector):
                raise ValidationError(
                    self.env._(
                        "The bank connector %(code)s cannot be used on the account "
                        "%(account)s: it is not available on this database.",
                        code=account.boleto_connector,
                        account=account.display_name,
                    )
                )

    @api.constrains("boleto_fine_percent", "boleto_interest_percent")
    def _check_boleto_rates(self):
        for account in self:
            if not (0 <= account.boleto_fine_percent <= 100) or not (
                0 <= account.boleto_interest_percent <= 100
            ):
                raise ValidationError(
                    self.env._("Fine and interest rates must be between 0 and 100%.")
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        accounts = super().create(vals_list)
        accounts.filtered("boleto_enabled")._ensure_boleto_sequence()
        return accounts

    def write(self, vals):
        if (
            not self.env.su
            and vals
            and all(name.startswith("boleto_") for name in vals)
            and self.env.user.has_group(MANAGER_GROUP)
        ):
            # The collection manager owns the boleto settings of the accounts
            # (res_company.py, MANAGER_GROUP): on accounts he reads (company
            # rule checked as him), those fields alone, as superuser.
            self.check_access("read")
            return super(ResPartnerBank, self.sudo()).write(vals)
        res = super().write(vals)
        if vals.get("boleto_enabled"):
            self._ensure_boleto_sequence()
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_check_boleto_settings(self):
        """Button: compute a sample slip and say whether the settings work."""
        self.ensure_one()
        self._check_can_issue_boletos()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "The boleto settings of %(account)s are complete.",
                    account=self.display_name,
                ),
            },
        }

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _check_can_issue_boletos(self):
        """Raise a clear UserError when an account cannot issue boletos."""
        for account in self:
            if not account.boleto_enabled:
                raise UserError(
                    self.env._(
                        "The bank account %(account)s does not issue boletos: "
                        "enable boletos on it first.",
                        account=account.display_name,
                    )
                )
            message = account._boleto_settings_error()
            if message:
                raise UserError(message)

    def _telecobranca_company(self):
        """The company whose titles the account collects (an empty recordset
        when none): its ``company_id``, or else the company holding it.

        A company's own accounts have no ``company_id``: Odoo takes it from the
        holder, and a company's partner belongs to no company, so these
        accounts are shared by every company and only their holder tells whose
        they are.
        """
        self.ensure_one()
        if self.company_id:
            return self.company_id
        # sudo: the holder may be a company the user does not work in, which
        # must be known to refuse it; only the record is returned, to compare.
        return (
            self.env["res.company"]
            .sudo()
            .search([("partner_id", "=", self.partner_id.id)], limit=1)
            .sudo(False)
        )

    def _check_telecobranca_company(self, company, error=UserError):
        """Refuse the account for the documents of ``company`` when it is not
        one of that company's accounts (``error``: the exception raised)."""
        for account in self:
            if account._telecobranca_company() != company:
                raise error(
                    self.env._(
                        "The bank account %(account)s is not an account of the "
                        "company %(company)s.",
                        account=account.display_name,
                        company=company.display_name,
                    )
                )

    def _boleto_settings_error(self):
        """What is missing in the account's settings, or False."""
        self.ensure_one()
        if not self.boleto_bank_code:
            return self.env._(
                "Choose the bank of the boletos of the account %(account)s.",
                account=self.display_name,
            )
        if self.boleto_integration == "api" and not self.boleto_connector:
            return self.env._(
                "The account %(account)s registers boletos through a bank API: "
                "choose its connector.",
                account=self.display_name,
            )
        message = self._boleto_bank_requirements_error()
        if message:
            return message
        try:
            boleto_tools.compute(
                **self._boleto_compute_kwargs(),
                nosso_numero="1",
                due_date=SAMPLE_DUE_DATE,
                amount=SAMPLE_AMOUNT,
                document_number="1",
                issue_date=SAMPLE_DUE_DATE,
            )
        except ValueError as error:
            return self.env._(
                "The boleto settings of the account %(account)s are incomplete "
                "for %(bank)s: %(error)s",
                account=self.display_name,
                bank=dict(BOLETO_BANKS)[self.boleto_bank_code],
                error=str(error),
            )
        return False

    def _boleto_bank_requirements_error(self):
        """What the account's bank needs beyond the common settings, or False.

        Digits these banks give and no rule computes must be typed in, and
        CrediSIS prints the holder's CPF/CNPJ check digit in its nosso número.
        """
        self.ensure_one()
        code = self.boleto_bank_code
        missing = [
            name
            for name, banks in (
                ("boleto_agency_digit", BANKS_NEEDING_AGENCY_DIGIT),
                ("boleto_account_digit", BANKS_NEEDING_ACCOUNT_DIGIT),
            )
            if code in banks and not self[name]
        ]
        if missing:
            return self.env._(
                "%(bank)s prints the digits its bank gives on every boleto: "
                "fill in %(fields)s of the account %(account)s.",
                bank=dict(BOLETO_BANKS)[code],
                fields=", ".join(
                    self._fields[name].get_description(self.env)["string"]
                    for name in missing
                ),
                account=self.display_name,
            )
        if code == "097" and len(self._boleto_holder_document()) not in (11, 14):
            return self.env._(
                "CrediSIS boletos carry a check digit of the holder's CPF or CNPJ: "
                "set the tax ID of %(holder)s, holder of the account %(account)s.",
                holder=self.partner_id.display_name,
                account=self.display_name,
            )
        return False

    def _boleto_holder_document(self):
        """The digits of the account holder's CPF/CNPJ ('' when none)."""
        self.ensure_one()
        return re.sub(r"[^0-9]", "", self.partner_id.commercial_partner_id.vat or "")

    def _boleto_compute_kwargs(self):
        """The account's part of the tools.boleto.compute() arguments."""
        self.ensure_one()
        kwargs = {
            "bank_code": self.boleto_bank_code,
            "agency": self.boleto_agency,
            "account": self.boleto_account,
            "wallet": self.boleto_wallet,
            "agreement": self.boleto_agreement,
            "agency_digit": self.boleto_agency_digit,
            "account_digit": self.boleto_account_digit,
            "wallet_variation": self.boleto_wallet_variation,
            "post": self.boleto_post,
            "byte_idt": self.boleto_byte,
            "modality": self.boleto_modality,
        }
        if self.boleto_agreement_digit:
            kwargs["agreement_digit"] = self.boleto_agreement_digit
        if self.boleto_bank_code == "097":
            kwargs["beneficiary_document"] = self._boleto_holder_document()
        return kwargs

    def _ensure_boleto_sequence(self):
        for account in self.filtered(lambda a: not a.boleto_sequence_id):
            account.sudo().boleto_sequence_id = (
                self.env["ir.sequence"]
                .sudo()
                .create(
                    {
                        "name": self.env._(
                            "Nosso número %(account)s", account=account.display_name
                        ),
                        "implementation": "no_gap",
                        "padding": 1,
                        "number_increment": 1,
                        "number_next": 1,
                        "company_id": account._telecobranca_company().id,
                    }
                )
            )

    def _boleto_next_nosso_numero(self):
        self.ensure_one()
        self._ensure_boleto_sequence()
        return self.boleto_sequence_id.sudo().next_by_id()

    def _boleto_payment_journal(self):
        self.ensure_one()
        journal = (
            self.boleto_journal_id
            or self.journal_id.filtered(lambda j: j.type == "bank")[:1]
        )
        if not journal:
            raise UserError(
                self.env._(
                    "The bank account %(account)s has no bank journal to book "
                    "the boleto payments: set its payment journal.",
                    account=self.display_name,
                )
            )
        return journal

    def _boleto_pix_key(self):
        """The account's PIX key (l10n_br proxy fields), or False."""
        self.ensure_one()
        if self.proxy_type and self.proxy_type != "none" and self.proxy_value:
            return self.proxy_value
        return False

    # ------------------------------------------------------------------
    # CNAB remittances (F8.4)
    # ------------------------------------------------------------------
    def _boleto_cnab_export(self, titles, instructions=None):
        """A CNAB remittance (the account's layout) registering ``titles`` and
        carrying the queued ``instructions`` (telecobranca.bank.instruction) of
        the account: a telecobranca.cnab.remittance of the titles' company. A
        remittance of instructions only is valid.

        The titles get their boleto (nosso número) if they had none and their
        bank status becomes *sent*, the instructions are *sent*; the account's
        file sequence goes up by one.
        """
        instructions = instructions or self.env["telecobranca.bank.instruction"]
        self.ensure_one()
        if self.boleto_integration != "cnab":
            raise UserError(
                self.env._(
                    "The account %(account)s does not register boletos by CNAB "
                    "files: set its bank integration to 'CNAB file'.",
                    account=self.display_name,
                )
            )
        if not titles and not instructions:
            raise UserError(
                self.env._(
                    "Select at least one title to export: the account %(account)s "
                    "has no instruction to the bank waiting.",
                    account=self.display_name,
                )
            )
        instructions._check_can_export(self, titles)
        registered = titles.filtered(
            lambda t: t.boleto_status in ("registered", "paid", "protested")
        )
        if registered:
            raise UserError(
                self.env._(
                    "These titles are already registered at the bank: %(names)s",
                    names=", ".join(registered.mapped("title_number")),
                )
            )
        if titles:
            titles._telecobranca_issue_boleto(self)
        # One remittance number at a time per account.
        self.env.cr.execute(
            SQL(
                "SELECT boleto_cnab_sequence FROM res_partner_bank "
                "WHERE id = %s FOR UPDATE",
                self.id,
            )
        )
        self.invalidate_recordset(["boleto_cnab_sequence"])
        file_sequence = self.boleto_cnab_sequence + 1
        company = (titles.company_id or instructions.company_id)[:1]
        now = fields.Datetime.context_timestamp(self, fields.Datetime.now()).replace(
            tzinfo=None
        )
        try:
            content = self._boleto_cnab_remittance(
                company,
                titles,
                instructions=instructions,
                file_sequence=file_sequence,
                generated_at=now,
            )
        except ValueError as error:
            raise UserError(
                self.env._(
                    "The remittance cannot be written: %(error)s", error=str(error)
                )
            ) from None
        self.sudo().boleto_cnab_sequence = file_sequence
        # boleto data, not accounting: written as superuser for collectors,
        # who only read journal items; the caller checked the titles
        if titles:
            titles.sudo().write({"boleto_status": "sent"})
        name = f"CB{fields.Date.context_today(self):%d%m}{file_sequence:02d}.REM"
        # sudo: remittances are written by this flow only (users read them);
        # the account and the titles were checked above as the user, and the
        # remittance belongs to the titles' company, walled by its rule.
        remittance = (
            self.env["telecobranca.cnab.remittance"]
            .sudo()
            .create(
                {
                    "name": name,
                    "company_id": company.id,
                    "bank_account_id": self.id,
                    "file_sequence": file_sequence,
                    "title_ids": [Command.set(titles.ids)],
                    "file_data": base64.b64encode(content),
                }
            )
            .sudo(False)
        )
        # the file downloads under its own name, not the field's
        remittance._file_attachment().sudo().write(
            {"name": name, "mimetype": "text/plain"}
        )
        instructions._mark_sent(remittance=remittance)
        titles._telecobranca_log_boleto_action(
            "send_bank",
            self.env._(
                "Boleto sent to the bank in the CNAB remittance %(name)s.", name=name
            ),
        )
        return remittance

    def _boleto_cnab_remittance(self, company, titles, instructions=None, **options):
        """The remittance file (bytes) of ``titles`` in the account's layout,
        then the records of the ``instructions`` to the bank."""
        self.ensure_one()
        beneficiary = cnab240.Company(company.name, company.vat or "")
        extra = instructions._cnab_records(self) if instructions else []
        if self.boleto_cnab_layout == "400":
            return cnab400.remittance(
                beneficiary,
                self._boleto_cnab400_account(),
                [self._boleto_cnab400_title(title) for title in titles] + extra,
                **options,
            )
        return cnab240.remittance(
            beneficiary,
            self._boleto_cnab_account(),
            [title._boleto_cnab_title(self) for title in titles] + extra,
            **options,
        )

    def _boleto_cnab400_title(self, title):
        """The cnab400.Title of ``title``: its cnab240.Title with the nosso
        número as the account's sequence gave it (the bank adds wallet and
        digit) and a 10-character document number."""
        values = vars(title._boleto_cnab_title(self))
        nosso_numero = title.boleto_sequence_number or ""
        if self.boleto_bank_code in ("033", "748"):
            # the number and its digit as printed (Santander's 8 positions,
            # Sicredi's 9: year, byte, sequence and digit)
            nosso_numero = title._boleto_cnab_nosso_numero().lstrip("0") or "0"
        return cnab400.Title(
            **{
                **values,
                "nosso_numero": nosso_numero,
                "document_number": (title.title_number or "")[-10:],
            }
        )

    def _boleto_cnab400_account(self):
        """The cnab400.BankAccount of this account: the wallet as printed on
        the boleto, the account digit computed as the bank does if not set."""
        self.ensure_one()
        agency, account = self.boleto_agency or "", self.boleto_account or ""
        digit = self.boleto_account_digit or ""
        if not digit and self.boleto_bank_code == "341":
            digit = boleto_tools.modulo10(agency + account)
        elif not digit and self.boleto_bank_code == "237":
            digit = boleto_tools.modulo11(
                account, max_weight=7, results=boleto_tools.BRADESCO_RESULTS
            )
        return cnab400.BankAccount(
            bank_code=self.boleto_bank_code,
            agency=agency,
            account=account,
            account_digit=digit,
            wallet=self.boleto_wallet or "",
            agreement=(
                self.boleto_transmission_code
                if self.boleto_bank_code == "033"
                else self.boleto_agreement
            )
            or "",
            agency_digit=self.boleto_agency_digit or "",
            collection_type=self.boleto_cnab_wallet_code or "1",
            wallet_variation=self.boleto_wallet_variation or "",
        )

    def _boleto_cnab_account(self):
        self.ensure_one()
        return cnab240.BankAccount(
            bank_code=self.boleto_bank_code,
            bank_name=self.bank_id.name
            or dict(self._fields["boleto_bank_code"].selection).get(
                self.boleto_bank_code, ""
            ),
            agency=self.boleto_agency or "",
            agency_digit=self.boleto_agency_digit or "",
            account=self.boleto_account or "",
            account_digit=self.boleto_account_digit or "",
            agreement=self.boleto_agreement or "",
            wallet=self.boleto_cnab_wallet_code or "1",
        )
