# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""CNAB 240 return files imported for a boleto account (F8.4).

Each import is logged with its lines: the record read, the title found, what
was done. Confirmed entries mark titles registered, rejections mark them
rejected, settlements book a journal entry on the account's journal (interest,
discount and bank fees on the accounts set on the bank account) and reconcile
it with the title. A file is never imported twice and no title is paid twice.
"""

import hashlib
from decimal import Decimal

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..tools import cnab240
from .account_move_line_boleto import boleto_match_key

RETURN_ACTIONS = [
    ("registered", "Registered"),
    ("rejected", "Rejected"),
    ("paid", "Paid"),
    ("cancelled", "Written off"),
    ("ignored", "Ignored"),
    ("error", "Not processed"),
]


class TelecobrancaCnabReturn(models.Model):
    _name = "telecobranca.cnab.return"
    _description = "CNAB Return File"
    _order = "create_date desc, id desc"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(string="File Name", required=True, readonly=True)
    checksum = fields.Char(required=True, readonly=True, index=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    bank_account_id = fields.Many2one("res.partner.bank", required=True, readonly=True)
    bank_code = fields.Char(string="Bank", readonly=True)
    file_sequence = fields.Integer(readonly=True)
    generation_date = fields.Date(readonly=True)
    state = fields.Selection(
        [("done", "Imported"), ("warning", "Imported with rejections")],
        readonly=True,
        default="done",
    )
    line_ids = fields.One2many(
        "telecobranca.cnab.return.line", "return_id", readonly=True
    )
    line_count = fields.Integer(compute="_compute_counts")
    paid_count = fields.Integer(compute="_compute_counts")
    error_count = fields.Integer(compute="_compute_counts")

    _sql_constraints = [
        (
            "checksum_uniq",
            "unique(company_id, checksum)",
            "This return file was already imported.",
        ),
    ]

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    @api.depends("line_ids.action")
    def _compute_counts(self):
        for record in self:
            actions = record.line_ids.mapped("action")
            record.line_count = len(actions)
            record.paid_count = actions.count("paid")
            record.error_count = actions.count("error")

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _import_file(self, account, content, filename):
        """Import the return file ``content`` (bytes) for ``account``."""
        account.ensure_one()
        account._check_can_issue_boletos()
        if not content:
            raise UserError(self.env._("The return file is empty."))
        checksum = hashlib.sha256(content).hexdigest()
        try:
            header = cnab240.parse_header(content)
            records = cnab240.parse_return(content)
        except ValueError as error:
            raise UserError(
                self.env._(
                    "The file %(name)s is not a valid CNAB 240 return: %(error)s",
                    name=filename,
                    error=str(error),
                )
            ) from None
        self._check_header(account, header, filename)
        self._check_not_imported(account, header, checksum)
        log = self.create(
            {
                "name": filename,
                "checksum": checksum,
                "company_id": (account.company_id or self.env.company).id,
                "bank_account_id": account.id,
                "bank_code": header.bank,
                "file_sequence": header.file_sequence,
                "generation_date": header.generation_date,
            }
        )
        titles = self._find_titles(account, records)
        line_vals = []
        for record in records:
            title = self._match(titles, record)
            action, message, payment = self._process(account, record, title)
            line_vals.append(
                {
                    "return_id": log.id,
                    "line_number": record.line_number,
                    "nosso_numero": record.nosso_numero,
                    "document_number": record.document_number,
                    "occurrence_code": record.occurrence_code,
                    "occurrence": record.occurrence,
                    "nominal_amount": float(record.nominal_amount),
                    "paid_amount": float(record.paid_amount),
                    "interest_amount": float(record.interest_amount),
                    "discount_amount": float(
                        record.discount_amount + record.rebate_amount
                    ),
                    "fee_amount": float(record.fee_amount),
                    "occurrence_date": record.occurrence_date,
                    "credit_date": record.credit_date,
                    "move_line_id": title.id if title else False,
                    "payment_move_id": payment.id if payment else False,
                    "action": action,
                    "message": message,
                }
            )
        self.env["telecobranca.cnab.return.line"].create(line_vals)
        if any(vals["action"] == "error" for vals in line_vals):
            log.state = "warning"
        return log

    def _check_header(self, account, header, filename):
        if header.file_code != cnab240.RETURN_FILE_CODE:
            raise UserError(
                self.env._("The file %(name)s is not a return file.", name=filename)
            )
        if header.bank != account.boleto_bank_code:
            raise UserError(
                self.env._(
                    "The file %(name)s comes from the bank %(bank)s, not from the "
                    "bank %(account_bank)s of the account %(account)s.",
                    name=filename,
                    bank=header.bank,
                    account_bank=account.boleto_bank_code,
                    account=account.display_name,
                )
            )

        def same(left, right):
            left = (left or "").strip().lstrip("0")
            right = (right or "").strip().lstrip("0")
            return bool(left) and left == right

        if not (
            same(header.account, account.boleto_account)
            or same(header.agreement, account.boleto_agreement)
        ):
            raise UserError(
                self.env._(
                    "The file %(name)s is for the account %(file_account)s "
                    "(agreement %(agreement)s), not for %(account)s.",
                    name=filename,
                    file_account=header.account.lstrip("0"),
                    agreement=header.agreement,
                    account=account.display_name,
                )
            )

    def _check_not_imported(self, account, header, checksum):
        domain = [("checksum", "=", checksum)]
        if header.file_sequence:
            domain = [
                "|",
                ("checksum", "=", checksum),
                "&",
                ("bank_account_id", "=", account.id),
                ("file_sequence", "=", header.file_sequence),
            ]
        previous = self.sudo().search(domain, limit=1)
        if previous:
            raise UserError(
                self.env._(
                    "This return file (sequence %(sequence)s) was already imported "
                    "on %(date)s as %(name)s.",
                    sequence=header.file_sequence,
                    date=fields.Date.to_string(previous.create_date.date()),
                    name=previous.name,
                )
            )

    @api.model
    def _find_titles(self, account, records):
        """Titles of the account by nosso número key, in one search."""
        keys = set()
        for record in records:
            key = boleto_match_key(record.nosso_numero)
            keys.update({key, key[:-1]})
        keys.discard("")
        titles = self.env["account.move.line"].search(
            [
                ("boleto_account_id", "=", account.id),
                ("boleto_match_key", "in", list(keys)),
            ]
        )
        return {title.boleto_match_key: title for title in titles}

    @api.model
    def _match(self, titles, record):
        key = boleto_match_key(record.nosso_numero)
        return titles.get(key) or titles.get(key[:-1]) if key else None

    def _process(self, account, record, title):
        """(action, message, payment entry) for one record."""
        code = record.occurrence_code
        if not title:
            return (
                "error",
                self.env._(
                    "Unknown nosso número %(number)s.", number=record.nosso_numero
                ),
                None,
            )
        if code == "02":
            if title.boleto_status != "paid":
                title.write(
                    {"boleto_status": "registered", "boleto_bank_message": False}
                )
            return "registered", record.occurrence, None
        if code in cnab240.REJECTION_OCCURRENCES:
            reasons = ", ".join(record.reasons)
            message = record.occurrence + (f" ({reasons})" if reasons else "")
            if code == "03":
                title.write(
                    {"boleto_status": "rejected", "boleto_bank_message": message}
                )
            return "rejected", message, None
        if code in cnab240.SETTLEMENT_OCCURRENCES:
            return self._pay(account, record, title)
        if code in cnab240.WRITE_OFF_OCCURRENCES:
            if title.boleto_status != "paid":
                title.write({"boleto_status": "cancelled"})
            return "cancelled", record.occurrence, None
        return "ignored", record.occurrence, None

    def _pay(self, account, record, title):
        currency = title.company_currency_id
        if title.reconciled or currency.is_zero(title.amount_residual):
            return (
                "error",
                self.env._(
                    "The title %(name)s is already paid: nothing was booked.",
                    name=title.title_number,
                ),
                None,
            )
        paid = record.paid_amount
        interest = record.interest_amount
        discount = record.discount_amount + record.rebate_amount
        fee = record.fee_amount
        settled = paid + discount - interest
        if paid <= 0 or settled <= 0:
            return (
                "error",
                self.env._("Settlement without a paid amount: nothing was booked."),
                None,
            )
        move = self._create_payment_move(
            account, title, record, paid, interest, discount, fee, settled
        )
        receivable = move.line_ids.filtered(
            lambda line: line.account_id == title.account_id
        )
        (receivable + title).reconcile()
        status = "paid" if title.reconciled else title.boleto_status
        title.write({"boleto_status": status})
        amount = f"{paid:.2f}"
        title._telecobranca_log_boleto_action(
            "paid",
            self.env._(
                "Boleto paid at the bank (return file): %(amount)s.",
                amount=amount,
            ),
        )
        return "paid", record.occurrence, move

    def _create_payment_move(
        self, account, title, record, paid, interest, discount, fee, settled
    ):
        journal = account._boleto_payment_journal()
        # The journal's outstanding receipts account, or its bank account; the
        # list may hold an empty record when the company has none configured.
        outstanding = journal._get_journal_inbound_outstanding_payment_accounts()
        bank_account = outstanding.filtered("id")[:1] or journal.default_account_id
        needed = {
            "interest": (interest, account.boleto_interest_account_id),
            "discount": (discount, account.boleto_discount_account_id),
            "fee": (fee, account.boleto_fee_account_id),
        }
        labels = {
            "interest": self.env._("interest income"),
            "discount": self.env._("discount expense"),
            "fee": self.env._("bank fees"),
        }
        for kind, (amount, gl_account) in needed.items():
            if amount and not gl_account:
                raise UserError(
                    self.env._(
                        "The return file books %(what)s: set its account on the bank "
                        "account %(account)s.",
                        what=labels[kind],
                        account=account.display_name,
                    )
                )
        date = (
            record.credit_date
            or record.occurrence_date
            or fields.Date.context_today(self)
        )
        label = self.env._("Boleto %(number)s", number=title.boleto_nosso_numero)
        partner = title.partner_id.commercial_partner_id

        def line(account_record, debit, credit, name):
            return Command.create(
                {
                    "account_id": account_record.id,
                    "partner_id": partner.id,
                    "name": name,
                    "debit": float(debit),
                    "credit": float(credit),
                }
            )

        lines = [
            line(bank_account, paid - fee, Decimal(0), label),
            line(title.account_id, Decimal(0), settled, label),
        ]
        if fee:
            lines.append(
                line(account.boleto_fee_account_id, fee, 0, self.env._("Bank fee"))
            )
        if discount:
            lines.append(
                line(
                    account.boleto_discount_account_id,
                    discount,
                    0,
                    self.env._("Discount"),
                )
            )
        if interest:
            lines.append(
                line(
                    account.boleto_interest_account_id,
                    0,
                    interest,
                    self.env._("Interest"),
                )
            )
        move = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": journal.id,
                "date": date,
                "ref": label,
                "partner_id": partner.id,
                "line_ids": lines,
            }
        )
        move.action_post()
        return move


class TelecobrancaCnabReturnLine(models.Model):
    _name = "telecobranca.cnab.return.line"
    _description = "CNAB Return File Record"
    _order = "return_id, line_number, id"

    return_id = fields.Many2one(
        "telecobranca.cnab.return", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="return_id.company_id", store=True)
    line_number = fields.Integer()
    nosso_numero = fields.Char()
    document_number = fields.Char()
    occurrence_code = fields.Char(string="Code")
    occurrence = fields.Char()
    nominal_amount = fields.Float(digits="Account")
    paid_amount = fields.Float(digits="Account")
    interest_amount = fields.Float(digits="Account")
    discount_amount = fields.Float(digits="Account")
    fee_amount = fields.Float(digits="Account")
    occurrence_date = fields.Date()
    credit_date = fields.Date()
    move_line_id = fields.Many2one("account.move.line", string="Title")
    payment_move_id = fields.Many2one("account.move", string="Payment Entry")
    action = fields.Selection(RETURN_ACTIONS, string="Action Taken")
    message = fields.Char()
