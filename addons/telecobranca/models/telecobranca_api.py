# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The API for integrators: what a partner's script calls over XML-RPC/JSON-RPC.

``telecobranca.api`` gathers in public ``@api.model`` methods the flows a
person runs from the screens: open the collection cases now, renegotiate
titles, write them off, import a bank return, export a remittance, issue and
e-mail boletos. Each method is a thin caller, like a wizard: it checks the
arguments (a clear ``UserError``/``ValidationError`` naming what is wrong),
then runs the flow the way its screen does (through the wizard models and the
services), as the caller: access rights, record rules and company walls hold
as they do in the browser, and the flows use superuser only where their own
docstrings say why.

Every method returns ids (or a small dict of ids, counts and amounts, with
plain types only: dates as ``YYYY-MM-DD`` strings) and leaves nothing behind
when it refuses: its work runs in a savepoint, undone on any error, even for
a Python caller that catches the error.

Call it with ``execute_kw(db, uid, password, "telecobranca.api", method,
args, kwargs)``; the README's *API for integrators* section shows an odoorpc
and an xmlrpc.client example.
"""

import base64
import binascii

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

# Upper bounds of the renegotiation terms an integrator may ask for.
MAX_INSTALLMENTS = 360
MAX_INTERVAL_DAYS = 366

# The renegotiation terms ``renegotiate`` understands, with their type.
RENEGOTIATION_TERMS = {
    "date": "date",
    "installment_count": "int",
    "first_due_date": "date",
    "interval_days": "int",
    "payment_term_id": "id",
    "surcharge": "amount",
    "discount": "amount",
    "charge_fine": "bool",
    "charge_interest": "bool",
    "use_credit_letters": "bool",
    "payer_partner_id": "id",
    "contact_partner_id": "id",
    "writeoff_type_id": "id",
    "initial_check_number": "int",
    "note": "text",
}
TERM_MODELS = {
    "payment_term_id": "account.payment.term",
    "payer_partner_id": "res.partner",
    "contact_partner_id": "res.partner",
    "writeoff_type_id": "telecobranca.writeoff.type",
}


class TelecobrancaApi(models.AbstractModel):
    _name = "telecobranca.api"
    _description = "Telecobrança API for Integrators"

    # ------------------------------------------------------------------
    # Public API
    # ------------------------------------------------------------------
    @api.model
    def open_cases(self, company_id=None):
        """Run the opening of collection cases now, as the daily job does.

        For a collection manager, in ``company_id`` (default: the caller's
        current company), which must be one of the caller's companies.

        :param company_id: id of the company (optional)
        :return: ``{"case_ids": [...], "opened_case_ids": [...],
            "customer_count": n, "title_count": n}``: the cases that
            received titles, the ones among them created now, how many
            customers and titles entered collection
        """
        company = self._get_company(company_id)
        Case = self.env["telecobranca.case"].with_company(company)
        Case._check_can_update_collections()
        with self.env.cr.savepoint():
            last_case_id, last_line_id = self._last_ids(
                ["telecobranca_case", "telecobranca_case_line"]
            )
            done = Case._do_update_collections(company)
            lines = (
                self.env["telecobranca.case.line"]
                .with_company(company)
                .search(
                    [("id", ">", last_line_id), ("company_id", "=", company.id)],
                    order="id",
                )
            )
        cases = lines.case_id.sorted("id")
        return {
            "case_ids": cases.ids,
            "opened_case_ids": cases.filtered(lambda c: c.id > last_case_id).ids,
            "customer_count": done,
            "title_count": len(lines),
        }

    @api.model
    def renegotiate(self, title_ids, terms=None):
        """Create and confirm a renegotiation of ``title_ids`` in one call.

        The titles (receivable journal items of one company, of one or more
        customers) are settled by one posted ``REN`` entry that creates the
        new titles, exactly as the renegotiation screen does; each customer
        gets their own new titles unless a single payer is given. Nothing is
        kept when the call is refused: no draft is left behind.

        :param title_ids: ids of the titles (``account.move.line``)
        :param terms: dict, every key optional:

            - ``date``: date of the renegotiation (default: today)
            - ``installment_count``: number of new titles per customer
              (1 to 360), due every ``interval_days`` (default 30) from
              ``first_due_date`` (default: the date plus the interval); or
            - ``payment_term_id``: an ``account.payment.term`` that splits
              the total (without either: one title due on the date)
            - ``surcharge``, ``discount``: amounts (not negative), shared
              between the customers in proportion to what they owe
            - ``charge_fine``, ``charge_interest``: apply the company's fine
              and interest on the late titles (default: true)
            - ``use_credit_letters``: use the customers' open credit letters
              and refunds (default: the company setting)
            - ``payer_partner_id``: the single payer, one of the customers
            - ``contact_partner_id``, ``writeoff_type_id``,
              ``initial_check_number``, ``note`` (written on the new titles)
        :return: ``{"renegotiation_id", "name", "move_id", "new_title_ids",
            "amount_total"}``
        """
        terms = self._check_renegotiation_terms(terms)
        titles = self._get_titles(title_ids)
        company = self._get_titles_company(titles)
        Renegotiation = self.env["telecobranca.renegotiation"].with_company(company)
        with self.env.cr.savepoint():
            reneg = Renegotiation.create(
                self._prepare_renegotiation_vals(titles, company, terms)
            )
            # the steps of the screen: titles (checks, credit letters) ...
            reneg.action_next_step()
            if "use_credit_letters" in terms:
                reneg.credit_line_ids.selected = terms["use_credit_letters"]
                reneg._unselect_foreign_credit_letters()
            # ... fine and interest, terms (installments), confirmation
            reneg.action_compute_installments()
            if terms.get("installment_count"):
                reneg.installment_ids = [Command.clear()] + [
                    Command.create(vals)
                    for vals in self._prepare_installment_vals(reneg, terms)
                ]
                reneg.action_fill_check_numbers()
            while reneg.step != "final":
                reneg.action_next_step()
            reneg.action_confirm()
        return {
            "renegotiation_id": reneg.id,
            "name": reneg.name,
            "move_id": reneg.move_id.id,
            "new_title_ids": reneg.new_title_ids.sorted(
                lambda t: (t.date_maturity, t.id)
            ).ids,
            "amount_total": reneg.amount_total,
        }

    @api.model
    def write_off(self, title_ids, writeoff_type_id=None, reason=None, date=None):
        """Write the titles off without cash (F7), one entry per title.

        For collection supervisors, as the *Write-off* screen: each title is
        settled by a posted entry against the write-off type's account.

        :param title_ids: ids of the titles (``account.move.line``)
        :param writeoff_type_id: ``telecobranca.writeoff.type`` id (default:
            the company's default type)
        :param reason: why, required (kept on the entry and the case)
        :param date: date of the entries (default: today)
        :return: ``{"move_ids": [...], "amount": total written off}``
        """
        titles = self._get_titles(title_ids)
        company = self._get_titles_company(titles)
        writeoff_type = self._get_record(
            "telecobranca.writeoff.type", writeoff_type_id, "writeoff_type_id"
        )
        if reason is not None and not isinstance(reason, str):
            raise UserError(self.env._("Give the reason of the write-off."))
        Wizard = self.env["telecobranca.writeoff.wizard"].with_company(company)
        moves = self.env["account.move"]
        amount = 0.0
        with self.env.cr.savepoint():
            for title in titles:
                amount += title.amount_residual
                vals = {"move_line_id": title.id, "reason": reason, "date": date}
                if writeoff_type:
                    vals["writeoff_type_id"] = writeoff_type.id
                action = Wizard.create(
                    {key: value for key, value in vals.items() if value is not None}
                ).action_confirm()
                moves |= moves.browse(action["res_id"])
        return {"move_ids": moves.ids, "amount": company.currency_id.round(amount)}

    @api.model
    def import_return_file(self, content_base64, bank_account_id=None, file_name=None):
        """Import a CNAB 240 return file of the bank, as *Import CNAB Return*.

        Paid boletos are booked (one entry per credit date) and reconciled
        with their titles; records that cannot be processed (unknown nosso
        número, nothing paid, already paid) are logged, never a reason to
        lose the others. The same file twice is refused. A file of more
        records than the company's background threshold is checked and queued
        (``state`` ``"queued"``, nothing processed yet): read the return
        (``telecobranca.cnab.return``) for its progress and its lines.

        :param content_base64: the file as it came from the bank, in base64
            (or, over XML-RPC, the file itself as a ``Binary``)
        :param bank_account_id: ``res.partner.bank`` id (default: the
            company's boleto account)
        :param file_name: the file's name (default ``return.ret``)
        :return: ``{"return_id", "state", "processed", "unprocessed", "paid",
            "payment_move_ids"}``
        """
        if not isinstance(content_base64, (str, bytes)) or not content_base64:
            raise UserError(self.env._("Choose the return file to import."))
        if isinstance(content_base64, bytes):
            # an XML-RPC ``Binary``: the file itself
            content_base64 = base64.b64encode(content_base64)
        else:
            content_base64 = self._check_base64(content_base64)
        account = self._get_record("res.partner.bank", bank_account_id, "bank_account")
        company = self._get_company(account.company_id.id or None)
        vals = {"file_data": content_base64, "file_name": file_name or "return.ret"}
        if account:
            vals["bank_account_id"] = account.id
        with self.env.cr.savepoint():
            wizard = (
                self.env["telecobranca.cnab.import"].with_company(company).create(vals)
            )
            log = self.env["telecobranca.cnab.return"].browse(
                wizard.action_import()["res_id"]
            )
        return {
            "return_id": log.id,
            "state": log.state,
            "processed": log.line_count - log.error_count,
            "unprocessed": log.error_count,
            "paid": log.paid_count,
            "payment_move_ids": log.line_ids.payment_move_id.ids,
        }

    @api.model
    def export_remittance(self, bank_account_id, title_ids=None):
        """Write the CNAB 240 remittance that registers boletos at the bank.

        The titles get their boleto (nosso número) if they had none and
        their bank status becomes *sent*; the file is kept in a remittance
        (``telecobranca.cnab.remittance``) of the titles' company.

        :param bank_account_id: ``res.partner.bank`` id, integrated by CNAB
        :param title_ids: ids of the titles (default: the titles whose
            boleto was issued on the account and is not at the bank yet)
        :return: ``{"remittance_id", "attachment_id", "file_name",
            "title_ids"}`` (``attachment_id``: the remittance's file)
        """
        account = self._get_record("res.partner.bank", bank_account_id, "bank_account")
        if not account:
            raise UserError(self.env._("Choose the bank account of the boletos."))
        if title_ids is None:
            titles = self.env["account.move.line"].search(
                [
                    ("boleto_account_id", "=", account.id),
                    ("boleto_status", "in", ["not_sent", "rejected"]),
                    ("reconciled", "=", False),
                    ("parent_state", "=", "posted"),
                ],
                order="date_maturity, id",
            )
            if not titles:
                raise UserError(
                    self.env._(
                        "No boleto of the account %(account)s waits to be sent "
                        "to the bank.",
                        account=account.display_name,
                    )
                )
        else:
            titles = self._get_titles(title_ids)
        company = self._get_titles_company(titles)
        with self.env.cr.savepoint():
            wizard = (
                self.env["telecobranca.cnab.export"]
                .with_company(company)
                .create(
                    {
                        "bank_account_id": account.id,
                        "line_ids": [Command.set(titles.ids)],
                    }
                )
            )
            wizard.action_export()
        return {
            "remittance_id": wizard.remittance_id.id,
            "attachment_id": wizard.remittance_id._file_attachment().id,
            "file_name": wizard.remittance_id.name,
            "title_ids": titles.ids,
        }

    @api.model
    def issue_boletos(self, title_ids, bank_account_id=None):
        """Issue the boletos of the titles, as *Print boleto* does first.

        A title gets its nosso número once; its barcode, digitable line and
        PIX follow its open amount while the bank does not hold the slip.

        :param title_ids: ids of the titles, paid by boleto
        :param bank_account_id: ``res.partner.bank`` id (default: the account
            that issued the title's boleto, else the company's boleto account)
        :return: a list of ``{"title_id", "title_number", "nosso_numero",
            "digitable_line", "barcode", "pix_copy_paste", "amount",
            "due_date", "bank_account_id", "status"}``, one per title
        """
        titles = self._get_titles(title_ids)
        company = self._get_titles_company(titles)
        account = self._get_record("res.partner.bank", bank_account_id, "bank_account")
        with self.env.cr.savepoint():
            self._issue(titles, company, account)
        return [
            {
                "title_id": title.id,
                "title_number": title.title_number or "",
                "nosso_numero": title.boleto_nosso_numero or "",
                "digitable_line": title.boleto_digitable_line or "",
                "barcode": title.boleto_barcode or "",
                "pix_copy_paste": title.boleto_pix_payload or "",
                "amount": title.boleto_amount,
                "due_date": fields.Date.to_string(title.boleto_due_date) or "",
                "bank_account_id": title.boleto_account_id.id,
                "status": title.boleto_status or "",
            }
            for title in titles
        ]

    @api.model
    def send_boletos(self, title_ids):
        """E-mail the boletos (PDF attached) to their customers.

        One e-mail per customer, with the boleto template, posted on the
        title's entry and noted on the customer's collection case, as the
        *E-mail* button of *Print boleto* does once its composer is sent. The
        titles' boletos are issued first when they have none. E-mails are
        queued: the mail queue sends them.

        :param title_ids: ids of the titles, paid by boleto
        :return: ``{"mail_ids": [...], "message_ids": [...]}``
        """
        titles = self._get_titles(title_ids)
        company = self._get_titles_company(titles)
        messages = self.env["mail.message"]
        with self.env.cr.savepoint():
            for customer_titles in titles.grouped(
                lambda title: title.partner_id.commercial_partner_id
            ).values():
                wizard = self._issue(customer_titles, company)
                recipient = self.env["telecobranca.send"]._get_customer(customer_titles)
                if not recipient.email:
                    raise UserError(
                        self.env._(
                            "%(contact)s has no e-mail address.",
                            contact=recipient.display_name,
                        )
                    )
                action = wizard._do_email()
                composer = (
                    self.env["mail.compose.message"]
                    .with_context(**action["context"], mail_notify_force_send=False)
                    .create({})
                )
                _mails, posted = composer._action_send_mail()
                messages |= posted
        # the ids of the e-mails of the messages just posted, which the
        # caller may not read (mail.mail is technical): nothing else is read
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search([("mail_message_id", "in", messages.ids)], order="id")
        )
        return {"mail_ids": mails.ids, "message_ids": messages.ids}

    # ------------------------------------------------------------------
    # Arguments
    # ------------------------------------------------------------------
    @api.model
    def _check_id(self, value, what):
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise UserError(
                self.env._(
                    "%(what)s must be a record id (a positive integer), not %(value)r.",
                    what=what,
                    value=value,
                )
            )
        return value

    @api.model
    def _get_company(self, company_id=None):
        """The company ``company_id`` (default: the current one), which the
        caller must work in."""
        if not company_id:
            return self.env.company
        self._check_id(company_id, "company_id")
        if not self.env.su and company_id not in self.env.user._get_company_ids():
            raise AccessError(
                self.env._(
                    "You do not work in the company %(company)s: ask an "
                    "administrator to add it to your companies.",
                    company=company_id,
                )
            )
        return self.env["res.company"].browse(company_id)

    @api.model
    def _get_titles(self, title_ids):
        """The titles ``title_ids``, each readable by the caller (record
        rules and companies apply), in the order given."""
        if isinstance(title_ids, int) and not isinstance(title_ids, bool):
            title_ids = [title_ids]
        if not isinstance(title_ids, (list, tuple)) or not title_ids:
            raise UserError(
                self.env._("Give the titles as a list of journal item ids.")
            )
        ids = list(dict.fromkeys(self._check_id(i, "title_ids") for i in title_ids))
        Title = self.env["account.move.line"]
        readable = set(Title.search([("id", "in", ids)]).ids)
        hidden = [i for i in ids if i not in readable]
        if hidden:
            missing = set(hidden) - set(Title.browse(hidden).exists().ids)
            if missing:
                raise UserError(
                    self.env._(
                        "There are no journal items %(ids)s.",
                        ids=", ".join(str(i) for i in sorted(missing)),
                    )
                )
            raise AccessError(
                self.env._(
                    "You may not read the journal items %(ids)s: they belong "
                    "to a company you do not work in, or are outside what "
                    "your collection role shows.",
                    ids=", ".join(str(i) for i in hidden),
                )
            )
        titles = Title.browse(ids)
        not_titles = titles.filtered(lambda line: not line.is_title)
        if not_titles:
            raise UserError(
                self.env._("%(line)s is not a title.", line=not_titles[0].display_name)
            )
        return titles

    @api.model
    def _get_titles_company(self, titles):
        companies = titles.company_id
        if len(companies) > 1:
            raise UserError(
                self.env._(
                    "The titles belong to several companies (%(companies)s): "
                    "give the titles of one company per call.",
                    companies=", ".join(companies.mapped("name")),
                )
            )
        return self._get_company(companies.id)

    @api.model
    def _get_record(self, model, record_id, what):
        """The ``model`` record ``record_id`` the caller may read (empty for
        no id)."""
        if not record_id:
            return self.env[model]
        self._check_id(record_id, what)
        record = self.env[model].search([("id", "=", record_id)])
        if not record:
            raise UserError(
                self.env._(
                    "There is no %(model)s with the id %(id)s that you may use.",
                    model=self.env["ir.model"]._get(model).name or model,
                    id=record_id,
                )
            )
        return record

    @api.model
    def _check_base64(self, text):
        """``text`` as base64 bytes; the upload's clear error when it is not
        base64 (the file field would raise a bare ``binascii.Error``)."""
        try:
            data = b"".join(text.encode("ascii").split())
            base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError, UnicodeEncodeError):
            raise UserError(
                self.env._(
                    "The uploaded file could not be read: upload the return "
                    "file (.ret) as it came from the bank."
                )
            ) from None
        return data

    @api.model
    def _last_ids(self, tables):
        """The highest id of each of ``tables`` now (0 when empty)."""
        self.env.flush_all()
        return [
            self.env.execute_query(
                SQL("SELECT COALESCE(max(id), 0) FROM %s", SQL.identifier(table))
            )[0][0]
            for table in tables
        ]

    # ------------------------------------------------------------------
    # Renegotiation terms
    # ------------------------------------------------------------------
    @api.model
    def _check_renegotiation_terms(self, terms):
        """``terms`` checked, with their defaults: a clear error for an
        unknown key, a wrong type or a value out of bounds."""
        if terms is None:
            terms = {}
        if not isinstance(terms, dict):
            raise UserError(self.env._("Give the renegotiation terms as a dictionary."))
        unknown = sorted(set(terms) - set(RENEGOTIATION_TERMS))
        if unknown:
            raise UserError(
                self.env._(
                    "Unknown renegotiation terms: %(unknown)s. Known terms: %(known)s.",
                    unknown=", ".join(map(str, unknown)),
                    known=", ".join(RENEGOTIATION_TERMS),
                )
            )
        checked = {}
        for key, value in terms.items():
            if value is None or (value is False and RENEGOTIATION_TERMS[key] != "bool"):
                continue
            checked[key] = self._check_term(key, RENEGOTIATION_TERMS[key], value)
        count = checked.get("installment_count")
        if count is not None and not 1 <= count <= MAX_INSTALLMENTS:
            raise UserError(
                self.env._(
                    "The number of installments must be between 1 and %(max)s.",
                    max=MAX_INSTALLMENTS,
                )
            )
        interval = checked.get("interval_days")
        if interval is not None and not 1 <= interval <= MAX_INTERVAL_DAYS:
            raise UserError(
                self.env._(
                    "The interval between installments must be between 1 and "
                    "%(max)s days.",
                    max=MAX_INTERVAL_DAYS,
                )
            )
        if count and checked.get("payment_term_id"):
            raise UserError(
                self.env._(
                    "Give either the number of installments or the payment "
                    "terms, not both."
                )
            )
        if ("first_due_date" in checked or "interval_days" in checked) and not count:
            raise UserError(
                self.env._(
                    "The first due date and the interval go with the number of "
                    "installments."
                )
            )
        if checked.get("surcharge", 0) < 0 or checked.get("discount", 0) < 0:
            raise UserError(
                self.env._("The surcharge and the discount cannot be negative.")
            )
        if checked.get("initial_check_number", 0) < 0:
            raise UserError(self.env._("The first check number cannot be negative."))
        return checked

    @api.model
    def _check_term(self, key, kind, value):
        ok = {
            "int": isinstance(value, int) and not isinstance(value, bool),
            "id": isinstance(value, int) and not isinstance(value, bool),
            "amount": isinstance(value, (int, float)) and not isinstance(value, bool),
            "bool": isinstance(value, bool),
            "text": isinstance(value, str),
            "date": isinstance(value, str),
        }[kind]
        if ok and kind == "date":
            try:
                value = fields.Date.to_date(value)
            except ValueError:
                ok = False
        if not ok:
            expected = {
                "int": self.env._("a whole number"),
                "id": self.env._("a record id"),
                "amount": self.env._("an amount"),
                "bool": self.env._("true or false"),
                "text": self.env._("a text"),
                "date": self.env._("a date written as YYYY-MM-DD"),
            }[kind]
            raise ValidationError(
                self.env._(
                    "The renegotiation term %(term)s must be %(expected)s, not "
                    "%(value)r.",
                    term=key,
                    expected=expected,
                    value=value,
                )
            )
        if kind == "id":
            return self._get_record(TERM_MODELS[key], value, key)
        return value

    @api.model
    def _prepare_renegotiation_vals(self, titles, company, terms):
        """Values of the renegotiation of ``titles`` with ``terms``: the
        titles selected, the fine and interest waived when asked."""
        line_vals = {}
        if not terms.get("charge_fine", True):
            line_vals["fine_amount"] = 0.0
        if not terms.get("charge_interest", True):
            line_vals["interest_amount"] = 0.0
        vals = {
            "company_id": company.id,
            "partner_ids": [Command.set(titles.partner_id.commercial_partner_id.ids)],
            "line_ids": [
                Command.create({**line_vals, "move_line_id": title.id})
                for title in titles
            ],
            "surcharge": terms.get("surcharge", 0.0),
            "discount": terms.get("discount", 0.0),
            "note": terms.get("note") or False,
            "initial_check_number": terms.get("initial_check_number", 0),
        }
        if terms.get("date"):
            vals["date"] = terms["date"]
        for key in ("payment_term_id", "contact_partner_id", "writeoff_type_id"):
            if terms.get(key):
                vals[key] = terms[key].id
        if terms.get("payer_partner_id"):
            vals["is_single_payer"] = True
            vals["payer_partner_id"] = terms["payer_partner_id"].id
        return vals

    @api.model
    def _prepare_installment_vals(self, reneg, terms):
        """``installment_count`` installments of each debtor's total, due
        every ``interval_days`` from ``first_due_date``, the rounding rest
        on the last one; payment form and debtor as the screen gives them."""
        count = terms["installment_count"]
        interval = terms.get("interval_days", 30)
        first = terms.get("first_due_date") or fields.Date.add(
            reneg.date, days=interval
        )
        currency = reneg.currency_id
        vals_list = []
        for debtor, values in reneg._get_debtor_amounts().items():
            total = values["total"]
            for base in reneg._prepare_debtor_installment_vals(debtor, total)[:1]:
                share = currency.round(total / count)
                for index in range(count):
                    amount = (
                        share
                        if index < count - 1
                        else currency.round(total - share * (count - 1))
                    )
                    vals_list.append(
                        {
                            **base,
                            "sequence": len(vals_list) + 1,
                            "date_maturity": fields.Date.add(
                                first, days=interval * index
                            ),
                            "amount": amount,
                        }
                    )
        return vals_list

    # ------------------------------------------------------------------
    # Boletos
    # ------------------------------------------------------------------
    @api.model
    def _issue(self, titles, company, account=None):
        """Issue the boletos of ``titles`` through the *Print boleto* wizard
        (its account chosen as the screen does unless ``account``); returns
        the wizard."""
        vals = {"line_ids": [Command.set(titles.ids)], "company_id": company.id}
        if account:
            vals["bank_account_id"] = account.id
        wizard = (
            self.env["telecobranca.boleto.print"].with_company(company).create(vals)
        )
        wizard._check_can_run()
        wizard._issue()
        return wizard
