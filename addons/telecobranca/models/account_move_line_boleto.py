# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Boleto of a title (F8.2): nosso número, barcode, digitable line, PIX, status.

A title gets its boleto the first time it is printed, sent or registered: the
bank account's sequence gives it a nosso número (once, never twice) and
tools/boleto computes the barcode and the digitable line. While the bank has
not registered the slip, the codes follow the title's open amount and due date.
"""

import re
from collections import defaultdict
from decimal import Decimal

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import boleto as boleto_tools
from ..tools import cnab240
from ..tools import pix as pix_tools
from ..tools.boleto import boleto_match_key
from ..tools.numbers import money_decimal
from .res_partner_bank_boleto import BOLETO_LAYOUTS
from .telecobranca_flow import in_flow

BOLETO_STATUSES = [
    ("not_sent", "Not Sent"),
    ("sent", "Sent"),
    ("registered", "Registered"),
    ("rejected", "Rejected"),
    ("paid", "Paid"),
    ("protested", "Protested"),
    ("written_off", "Written Off"),
    ("cancelled", "Cancelled"),
]
# Statuses in which the bank holds the slip: its codes are frozen.
BANK_HELD_STATUSES = ("sent", "registered", "paid", "protested")
# Statuses of a slip the bank does not know (yet, or any more).
NOT_AT_BANK_STATUSES = ("not_sent", "rejected", False)


# The boleto of a title is a large, self-contained concern (CONVENTIONS.md):
# it has its own file beside the main one, models/account_move_line.py, and
# holds nothing other features use.
class AccountMoveLine(models.Model):
    _inherit = "account.move.line"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    boleto_account_id = fields.Many2one(
        "res.partner.bank",
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        help="Company bank account that issued the boleto of this title.",
    )
    boleto_sequence_number = fields.Char(
        copy=False,
        readonly=True,
        help="Number taken from the account's nosso número sequence.",
    )
    boleto_nosso_numero = fields.Char(
        string="Nosso Número",
        copy=False,
        readonly=True,
        help="Nosso número as printed on the slip, check digit included.",
    )
    boleto_match_key = fields.Char(copy=False, readonly=True, index="btree_not_null")
    boleto_amount = fields.Monetary(
        currency_field="company_currency_id",
        copy=False,
        readonly=True,
    )
    boleto_due_date = fields.Date(copy=False, readonly=True)
    boleto_barcode = fields.Char(string="Barcode", copy=False, readonly=True)
    boleto_digitable_line = fields.Char(
        string="Digitable Line", copy=False, readonly=True
    )
    boleto_pix_payload = fields.Char(
        string="PIX Copy and Paste", copy=False, readonly=True
    )
    boleto_layout = fields.Selection(
        BOLETO_LAYOUTS,
        copy=False,
        readonly=True,
    )
    boleto_status = fields.Selection(
        BOLETO_STATUSES,
        string="Bank Status",
        copy=False,
        readonly=True,
        index="btree_not_null",
    )
    boleto_bank_reference = fields.Char(
        string="Bank Reference",
        copy=False,
        readonly=True,
        help="Identifier the bank gave when registering the boleto.",
    )
    boleto_bank_message = fields.Char(
        string="Bank Message",
        copy=False,
        readonly=True,
        help="Last message of the bank about this boleto (rejection reason...).",
    )
    boleto_instruction_ids = fields.One2many(
        "telecobranca.bank.instruction",
        "title_id",
        string="Instructions to the Bank",
        readonly=True,
    )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def write(self, vals):
        # The bank state of a title is written only by the flows that own it
        # (issue, CNAB return, bank status, renegotiation), which run as
        # superuser or carry the FLOW mark (telecobranca_flow.py): never by a
        # plain write, over RPC neither.
        fields_ = sorted(name for name in vals if name.startswith("boleto_"))
        if fields_ and not in_flow(self.env):
            raise UserError(
                self.env._(
                    "The boleto data of a title (%(fields)s) is written only by "
                    "issuing the boleto and by the bank's returns.",
                    fields=", ".join(self._fields[name].string for name in fields_),
                )
            )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Database set-up
    # ------------------------------------------------------------------
    def init(self):
        res = super().init()
        # A nosso número is given once: never twice on the same account.
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON account_move_line "
                "(boleto_account_id, boleto_sequence_number) "
                "WHERE boleto_sequence_number IS NOT NULL",
                SQL.identifier("account_move_line_telecobranca_nosso_numero_uniq"),
            )
        )
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_telecobranca_print_boleto(self):
        """Open the Print boleto wizard for the selected titles."""
        titles = self._telecobranca_boleto_titles()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Print Boleto"),
            "res_model": "telecobranca.boleto.print",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_line_ids": titles.ids,
                "default_partner_id": titles.partner_id[:1].id,
            },
        }

    def action_telecobranca_fetch_bank_status(self):
        """Ask the bank API connector for the status of the boletos."""
        titles = self.filtered(
            lambda t: t.boleto_account_id.boleto_integration == "api"
        )
        if not titles:
            raise UserError(
                self.env._("None of these boletos is registered through a bank API.")
            )
        for account, account_titles in titles.grouped("boleto_account_id").items():
            account_titles._telecobranca_fetch_bank_status(account)
        return True

    def action_telecobranca_bank_instruction(self):
        """Open the wizard sending an instruction to the bank for the titles."""
        titles = self._telecobranca_boleto_titles()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send Instruction to the Bank"),
            "res_model": "telecobranca.bank.instruction.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_line_ids": titles.ids},
        }

    def action_telecobranca_export_cnab(self):
        titles = self._telecobranca_boleto_titles()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Export CNAB Remittance"),
            "res_model": "telecobranca.cnab.export",
            "view_mode": "form",
            "target": "new",
            "context": {"default_line_ids": titles.ids},
        }

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _telecobranca_boleto_titles(self):
        """The titles of the selection, or a clear error when there are none."""
        titles = self.filtered("is_title")
        if not titles:
            raise UserError(self.env._("Select at least one title."))
        return titles

    def _check_can_issue_boleto(self, account):
        """Titles must be open, posted boleto titles of the account's company."""
        account._check_can_issue_boletos()
        for title in self:
            name = title.title_number or title.display_name
            if not title.is_title:
                raise UserError(self.env._("%(name)s is not a title.", name=name))
            if title.payment_form_id.kind != "boleto":
                raise UserError(
                    self.env._(
                        "The title %(name)s of %(partner)s is not paid by boleto "
                        "(payment form: %(form)s): set a boleto payment form on "
                        "the title or on its invoice.",
                        name=name,
                        partner=title.partner_id.commercial_partner_id.display_name,
                        form=title.payment_form_id.name or self.env._("none"),
                    )
                )
            if title.is_forecast or title.parent_state != "posted":
                raise UserError(
                    self.env._(
                        "The title %(name)s of %(partner)s is a forecast: post "
                        "its entry %(entry)s before issuing its boleto.",
                        name=name,
                        partner=title.partner_id.commercial_partner_id.display_name,
                        entry=title.move_id.display_name,
                    )
                )
            if title.reconciled or title.company_currency_id.is_zero(
                title.amount_residual
            ):
                raise UserError(
                    self.env._("The title %(name)s is already settled.", name=name)
                )
            if title.boleto_status == "cancelled":
                raise UserError(
                    self.env._(
                        "The boleto of the title %(name)s is cancelled.", name=name
                    )
                )
            if title.boleto_account_id and title.boleto_account_id != account:
                raise UserError(
                    self.env._(
                        "The boleto of the title %(name)s was issued on the account "
                        "%(account)s.",
                        name=name,
                        account=title.boleto_account_id.display_name,
                    )
                )
            if account._telecobranca_company() != title.company_id:
                raise UserError(
                    self.env._(
                        "The account %(account)s belongs to another company than the "
                        "title %(name)s.",
                        account=account.display_name,
                        name=name,
                    )
                )

    def _telecobranca_issue_boleto(self, account, layout=None):
        """Give the titles their nosso número and (re)compute their codes.

        Codes of slips held by the bank (sent, registered, paid) are kept.
        """
        self._check_can_issue_boleto(account)
        for title in self:
            if title.boleto_status in BANK_HELD_STATUSES and title.boleto_barcode:
                continue
            vals = title._prepare_boleto_vals(account, layout or account.boleto_layout)
            # boleto data, not accounting: written as superuser for collectors,
            # who only read journal items; the caller checked the titles
            title.sudo().write(vals)
        return True

    def _prepare_boleto_vals(self, account, layout):
        """Values of the title's boleto on ``account``: number, codes, PIX."""
        self.ensure_one()
        sequence_number = self.boleto_sequence_number
        if not sequence_number:
            # Lock the title so two prints at once cannot number it twice.
            self.env.cr.execute(
                SQL(
                    "SELECT boleto_sequence_number FROM account_move_line "
                    "WHERE id = %s FOR UPDATE",
                    self.id,
                )
            )
            self.invalidate_recordset(["boleto_sequence_number"])
            sequence_number = (
                self.boleto_sequence_number or account._boleto_next_nosso_numero()
            )
        amount = money_decimal(self.amount_residual)
        result = self._telecobranca_compute_boleto(account, sequence_number, amount)
        vals = {
            "boleto_account_id": account.id,
            "boleto_sequence_number": sequence_number,
            "boleto_nosso_numero": result.nosso_numero,
            "boleto_match_key": boleto_match_key(result.nosso_numero),
            "boleto_amount": float(result.amount),
            "boleto_due_date": result.due_date,
            "boleto_barcode": result.barcode,
            "boleto_digitable_line": result.digitable_line_formatted,
            "boleto_layout": layout,
            "boleto_pix_payload": False,
            "boleto_status": self.boleto_status or "not_sent",
        }
        if layout == "hybrid" and account._boleto_pix_key():
            vals["boleto_pix_payload"] = self._telecobranca_pix_payload(
                account, amount, result.nosso_numero
            )
        return vals

    def _telecobranca_compute_boleto(
        self, account, sequence_number, amount, due_date=None
    ):
        """tools.boleto.compute() for this title (due on ``due_date``, by
        default its own due date), errors as UserError."""
        self.ensure_one()
        name = self.title_number or self.display_name
        due_date = due_date or self.date_maturity
        if not due_date:
            raise UserError(
                self.env._(
                    "The title %(name)s of %(partner)s has no due date: fill in "
                    "the due date of its entry.",
                    name=name,
                    partner=self.partner_id.commercial_partner_id.display_name,
                )
            )
        try:
            return boleto_tools.compute(
                **account._boleto_compute_kwargs(),
                nosso_numero=sequence_number,
                due_date=due_date,
                amount=amount,
                document_number=sequence_number,
                issue_date=self.invoice_date or self.date,
            )
        except ValueError as error:
            raise UserError(
                self.env._(
                    "The boleto of the title %(name)s cannot be computed: %(error)s",
                    name=name,
                    error=str(error),
                )
            ) from None

    def _telecobranca_change_boleto_due_date(self, due_date):
        """The bank moved the boleto's due date (an instruction it confirmed):
        the slip's due date, barcode and digitable line follow; its nosso
        número, amount and PIX code stay."""
        for title in self.filtered("boleto_sequence_number"):
            result = title._telecobranca_compute_boleto(
                title.boleto_account_id,
                title.boleto_sequence_number,
                money_decimal(title.boleto_amount),
                due_date=due_date,
            )
            # boleto data: written by the flow that got the bank's answer
            title.sudo().with_context(skip_invoice_sync=True).write(
                {
                    "boleto_due_date": result.due_date,
                    "boleto_barcode": result.barcode,
                    "boleto_digitable_line": result.digitable_line_formatted,
                }
            )

    def _telecobranca_pix_payload(self, account, amount, nosso_numero):
        """Static PIX BR Code of the title (tools.pix), errors as UserError."""
        self.ensure_one()
        company = self.company_id
        txid = re.sub(r"[^A-Za-z0-9]", "", nosso_numero)[-25:] or None
        try:
            return pix_tools.payload(
                account._boleto_pix_key(),
                amount=amount,
                merchant_name=company.name,
                merchant_city=company.city or "BRASIL",
                txid=txid,
            )
        except ValueError as error:
            raise UserError(
                self.env._(
                    "The PIX code of the title %(name)s cannot be built: %(error)s",
                    name=self.title_number or self.display_name,
                    error=str(error),
                )
            ) from None

    # CNAB 240 (F8.4)
    def _boleto_cnab_nosso_numero(self):
        """The nosso número as written in remittances (letters and digits)."""
        self.ensure_one()
        return "".join(ch for ch in self.boleto_nosso_numero or "" if ch.isalnum())

    def _boleto_cnab_title(self, account):
        """The cnab240.Title of this title."""
        self.ensure_one()
        self._check_telecobranca_boleto_payer()
        payer = self.partner_id.commercial_partner_id
        amount = money_decimal(self.boleto_amount)
        interest_per_day = None
        if account.boleto_interest_percent:
            interest_per_day = money_decimal(
                float(amount) * account.boleto_interest_percent / 100 / 30
            ) or Decimal("0.01")
        return cnab240.Title(
            nosso_numero=self._boleto_cnab_nosso_numero(),
            document_number=(self.title_number or "")[-15:],
            due_date=self.boleto_due_date,
            amount=amount,
            issue_date=self.invoice_date or self.date,
            payer_name=payer.name or "",
            payer_document=payer.vat or "",
            payer_address=" ".join(filter(None, [payer.street])) or "",
            payer_district=payer.street2 or payer.city or "",
            payer_zip=payer.zip or "",
            payer_city=payer.city or "",
            payer_state=payer.state_id.code or "",
            fine_percent=(
                money_decimal(account.boleto_fine_percent)
                if account.boleto_fine_percent
                else None
            ),
            interest_per_day=interest_per_day,
            company_reference=str(self.id),
        )

    def _check_telecobranca_boleto_payer(self):
        """The payer data a bank needs to register the boletos: the CPF/CNPJ,
        the ZIP code (CEP), the state (UF) and the city of each title's
        customer. The error names the customer, the field and the title."""
        for title in self:
            payer = title.partner_id.commercial_partner_id
            values = {
                "partner": payer.display_name,
                "title": title.title_number or title.display_name,
            }
            document = re.sub(r"[.\-/ ]", "", payer.vat or "")
            if not document:
                raise UserError(
                    self.env._(
                        "Fill in the CPF/CNPJ (Tax ID) of %(partner)s (title "
                        "%(title)s).",
                        **values,
                    )
                )
            if not document.isdigit() or len(document) not in (11, 14):
                raise UserError(
                    self.env._(
                        "The CPF/CNPJ %(vat)s of %(partner)s is not a CPF (11 "
                        "digits) or CNPJ (14 digits): correct it (title %(title)s).",
                        vat=payer.vat,
                        **values,
                    )
                )
            zip_code = re.sub(r"[.\- ]", "", payer.zip or "")
            if not zip_code:
                raise UserError(
                    self.env._(
                        "Fill in the ZIP code (CEP) of %(partner)s (title %(title)s).",
                        **values,
                    )
                )
            if not re.fullmatch(r"[0-9]{8}", zip_code):
                raise UserError(
                    self.env._(
                        "The ZIP code (CEP) %(zip)s of %(partner)s is not 8 "
                        "digits: correct it (title %(title)s).",
                        zip=payer.zip,
                        **values,
                    )
                )
            if (payer.state_id.code or "").upper() not in cnab240.BRAZILIAN_STATES:
                raise UserError(
                    self.env._(
                        "Fill in the state (UF) of %(partner)s with a Brazilian "
                        "state (title %(title)s).",
                        **values,
                    )
                )
            if not payer.city:
                raise UserError(
                    self.env._(
                        "Fill in the city of %(partner)s (title %(title)s).",
                        **values,
                    )
                )

    def _telecobranca_boleto_not_at_bank(self):
        """The titles whose slip the bank has not registered."""
        return self.filtered(lambda t: t.boleto_status in NOT_AT_BANK_STATUSES)

    def _check_can_send_boletos_to_bank(self, account):
        if account.boleto_integration == "none":
            raise UserError(
                self.env._(
                    "The account %(account)s is not integrated with its bank.",
                    account=account.display_name,
                )
            )
        pending = self._telecobranca_boleto_not_at_bank()
        if not pending:
            raise UserError(
                self.env._(
                    "The boletos of %(titles)s are already registered at the bank.",
                    titles=", ".join(
                        self.mapped(lambda t: t.title_number or t.display_name)
                    ),
                )
            )
        pending._check_telecobranca_boleto_payer()

    def _telecobranca_send_boletos_to_bank(self, account):
        """Send the titles not registered yet to the bank of ``account``.

        CNAB accounts get a remittance file (returned as a download action),
        API accounts register the slips through their connector (returned as a
        notification). The titles must have been issued on ``account``.
        """
        self._check_can_send_boletos_to_bank(account)
        pending = self._telecobranca_boleto_not_at_bank()
        if account.boleto_integration == "cnab":
            remittance = account._boleto_cnab_export(pending)
            attachment = remittance._file_attachment()
            return {
                "type": "ir.actions.act_url",
                "url": f"/web/content/{attachment.id}?download=true",
                "target": "self",
            }
        return pending._telecobranca_register_at_bank(account)

    def _telecobranca_register_at_bank(self, account):
        """Register the boletos through the account's bank API connector."""
        if account.boleto_integration != "api":
            raise UserError(
                self.env._(
                    "The account %(account)s does not use a bank API connector.",
                    account=account.display_name,
                )
            )
        self._telecobranca_issue_boleto(account)
        connector = self.env["telecobranca.bank.connector"]._get_connector(
            account.boleto_connector
        )
        results = connector._register_titles(self)
        for title, (status, reference, message) in results.items():
            # boleto data, not accounting: written as superuser for collectors,
            # who only read journal items; the caller checked the titles
            title.sudo().write(
                {
                    "boleto_status": status,
                    "boleto_bank_reference": reference or title.boleto_bank_reference,
                    "boleto_bank_message": message,
                }
            )
        registered = self.filtered(lambda t: t.boleto_status == "registered")
        rejected = self - registered
        if registered:
            registered._telecobranca_log_boleto_action(
                "send_bank", self.env._("Boleto registered at the bank.")
            )
        for title in rejected:
            title._telecobranca_log_boleto_action(
                "send_bank",
                self.env._(
                    "The bank did not register the boleto: %(message)s",
                    message=title.boleto_bank_message or "",
                ),
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning" if rejected else "success",
                "message": self.env._(
                    "%(registered)s boleto(s) registered, %(rejected)s rejected.",
                    registered=len(registered),
                    rejected=len(rejected),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _telecobranca_fetch_bank_status(self, account):
        """Update the bank status of the titles from the API connector."""
        connector = self.env["telecobranca.bank.connector"]._get_connector(
            account.boleto_connector
        )
        for title, (status, message) in connector._fetch_status(self).items():
            if status != title.boleto_status:
                # boleto data, not accounting: written as superuser for collectors,
                # who only read journal items; the caller checked the titles
                title.sudo().write(
                    {"boleto_status": status, "boleto_bank_message": message}
                )
        return True

    def _telecobranca_log_boleto_action(self, action, body):
        """Log a boleto action on the titles' entries: one note per entry and text.

        ``body`` is the text of the note, or a dict {title id: text} when each
        title has its own (the amount a return file paid). The notes are
        logged in batches by ``_message_log_batch`` (no notification): one
        batch per rank of text, an entry rarely has more than one.

        What reaches the customer is also noted on the case, by
        ``telecobranca.send``.
        """
        if not self:
            return True
        texts = body if isinstance(body, dict) else dict.fromkeys(self.ids, body)
        groups = defaultdict(list)
        for title in self:
            groups[title.move_id, texts[title.id]].append(title.title_number or "")
        notes = defaultdict(list)  # entry id: [note, ...]
        for (move, text), numbers in groups.items():
            notes[move.id].append(
                Markup("<p>%s</p><p>%s</p>")
                % (escape(text), escape(", ".join(numbers)))
            )
        for rank in range(max(len(bodies) for bodies in notes.values())):
            bodies = {
                move_id: bodies[rank]
                for move_id, bodies in notes.items()
                if len(bodies) > rank
            }
            self.env["account.move"].browse(bodies)._message_log_batch(bodies)
        return True

    @api.model
    def _telecobranca_boleto_status_label(self, status):
        return dict(BOLETO_STATUSES).get(status, "")
