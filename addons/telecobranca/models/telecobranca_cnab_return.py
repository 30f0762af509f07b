# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""CNAB return files imported for a boleto account (F8.4).

The file tells its layout (CNAB 240 or the bank's CNAB 400) and its bank by
its header (``tools/cnab.py``): the user only picks the account. Each record
is acted on by what its occurrence means (``ReturnRecord.kind``), whatever
the bank's code for it; its description and the bank's reasons for a
rejection come from the bank's tables, translated.

Each import is logged with its lines: the record read, the title found, what
was done. Confirmed entries mark titles registered, rejections mark them
rejected, settlements book a journal entry on the account's journal (interest,
discount and bank fees on the accounts set on the bank account) and reconcile
it with the title. A file is never imported twice and no title is paid twice,
not even by two imports at once: the titles a file settles are locked first
(``FOR UPDATE NOWAIT``), the second import gets a clear error and changes
nothing.

The import is set-based, no query is run per record (Odoo still writes rows by
hundreds and bumps each customer's rank once): the records are decided in file
order in memory (a title paid by an earlier record of the file is already paid
for a later one, a registration after its payment leaves it paid), then
everything is written in batches: one journal entry per booking date (credit
date, else occurrence date, else today) for all the dates in one ``create()``,
posted by one ``action_post()``, all the titles reconciled by one
``_reconcile_plan()``, one write per new status values, the chatter notes in
one batch, the log lines in one ``create()``. What is left is Odoo's own work
per partial reconciliation, message and log line.

The entry of a date (reference: file name and date) is what the accountant
reconciling the bank statement and the customers' accounts expects, with as
few journal items as that allows:

- one debit on the journal's outstanding receipts account (or its bank
  account) of the net amount the bank credits that day (paid - fees): the one
  line the day's bank statement line is matched with;
- per customer (and receivable account), one credit of the amount settled
  (paid + discount - interest) by the boletos that pay what their title still
  owes, labelled "Boleto <nosso número>" for one boleto, "Boletos paid: <n>"
  for several, reconciled with all those titles (one full reconciliation per
  customer and day: the customer's statement shows the day's payment once);
- a credit of its own, "Boleto <nosso número>", for a boleto that pays part
  of its title or more than it owes (or in another currency): it is
  reconciled with its title only, so that each title is settled with exactly
  what was paid for it, and the title stays open for the rest;
- per customer, one line of interest (income) and one of discounts
  (expense), labelled with the nosso número when there is one boleto;
- one debit of the bank fees of the day (expense): the bank charges them
  together with the credit, the log lines keep the fee of each boleto.

Each log line points to the entry and to the receivable line that settled
its title (``payment_line_id``), and keeps the boleto's own amounts. The entry
and its bank and fee lines carry the customer when the day's boletos all come
from one customer. Before reconciling, the tables the import filled (journal
items, partial reconciliations) are analysed when they grew by more than
autovacuum would wait for: Odoo's full-reconcile update turns quadratic on
stale statistics.

Big files are imported in the background (``_upload_file``): a file of more
records than the company's threshold is checked at once as the user (account,
header, first import, accounts it books on), stored as a *queued* return and
imported by the cron ``_cron_import_queued`` by chunks of records, each chunk
in its own transaction, as the user who uploaded it. A worker claims a
return with ``FOR UPDATE SKIP LOCKED``, so several workers never import the
same chunk; the return keeps how many records are done, so a crash, or a
failed chunk (rolled back whole, its error shown), resumes where it stopped.
The uploader is notified on the return when it is done.
"""

import base64
import hashlib
import logging
from collections import defaultdict, namedtuple
from decimal import Decimal

import psycopg2

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_amount, format_date

from ..tools import cnab, cnab240, cnab400
from ..tools.boleto import boleto_match_key
from .telecobranca_flow import FLOW, in_flow

_logger = logging.getLogger(__name__)

ZERO = Decimal("0.00")
# Status values of a title the import may change.
STATUS_FIELDS = ("boleto_status", "boleto_bank_message")

# The return occurrences: FEBRABAN's (note C044, CNAB 240) by code, each
# CNAB 400 bank's by "<bank>-<code>"; the tools read the code, the selection
# gives its label, translated, in the language of who reads the log.
OCCURRENCES = sorted(cnab240.OCCURRENCES.items()) + cnab400.occurrence_choices()
# The reasons banks give for a rejection, by "<bank>-<code>" (FEBRABAN's by
# "febraban-<code>").
REASONS = cnab400.reason_choices()
CNAB_LAYOUTS = [("240", "CNAB 240"), ("400", "CNAB 400")]
OCCURRENCE_KEYS = frozenset(key for key, _label in OCCURRENCES)
# The records of the file a worker process is importing in the background,
# by checksum (``_queued_records``): immutable, so never stale.
_PARSED_FILES = {}

# A return file read and checked: its header, records and checksum.
ReturnFile = namedtuple("ReturnFile", "header records checksum company")
RETURN_STATES = [
    ("queued", "Queued"),
    ("running", "Importing"),
    ("done", "Imported"),
    ("warning", "Imported with rejections"),
    ("failed", "Failed"),
]
# What only the import writes.
IMPORT_FIELDS = frozenset(
    {"state", "record_total", "record_done", "error_message", "file_data"}
)

RETURN_ACTIONS = [
    ("registered", "Registered"),
    ("rejected", "Rejected"),
    ("paid", "Paid"),
    ("cancelled", "Written off"),
    ("instruction", "Instruction answered"),
    ("ignored", "Ignored"),
    ("error", "Not processed"),
]


class TelecobrancaCnabReturn(models.Model):
    _name = "telecobranca.cnab.return"
    _inherit = ["mail.thread"]
    _description = "CNAB Return File"
    _order = "create_date desc, id desc"
    _check_company_auto = True
    # records imported by one transaction of the background import
    _import_chunk_size = 1000

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
    bank_account_id = fields.Many2one(
        "res.partner.bank", required=True, readonly=True, check_company=True
    )
    bank_code = fields.Char(string="Bank", readonly=True)
    layout = fields.Selection(CNAB_LAYOUTS, readonly=True)
    file_sequence = fields.Integer(readonly=True)
    generation_date = fields.Date(readonly=True)
    state = fields.Selection(RETURN_STATES, readonly=True, default="done")
    file_data = fields.Binary(
        string="Return File",
        attachment=True,
        readonly=True,
        help="The file as uploaded, kept while it is imported in the background.",
    )
    record_total = fields.Integer(string="Records", readonly=True)
    record_done = fields.Integer(string="Records Imported", readonly=True)
    import_progress = fields.Float(
        string="Progress", compute="_compute_import_progress"
    )
    error_message = fields.Text(string="Error", readonly=True)
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

    @api.depends("record_done", "record_total")
    def _compute_import_progress(self):
        for record in self:
            total = record.record_total
            record.import_progress = 100.0 * record.record_done / total if total else 0

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not in_flow(self.env) and any(
            vals.get("file_data") or vals.get("state") in ("queued", "running")
            for vals in vals_list
        ):
            raise UserError(self.env._("A return file is queued by its upload only."))
        return super().create(vals_list)

    def write(self, vals):
        if IMPORT_FIELDS.intersection(vals) and not in_flow(self.env):
            raise UserError(
                self.env._(
                    "The state and the progress of a return file are set by its "
                    "import only."
                )
            )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_retry_import(self):
        """Queue a failed background import again, from where it stopped."""
        self._check_can_retry_import()
        self._do_retry_import()

    def _check_can_retry_import(self):
        for record in self:
            if record.state != "failed" or not record.file_data:
                raise UserError(
                    self.env._(
                        "Only a failed background import can be started again "
                        "(%(name)s).",
                        name=record.name,
                    )
                )

    def _do_retry_import(self):
        self.sudo().with_context(telecobranca_flow=FLOW).write(
            {"state": "queued", "error_message": False}
        )
        self.env.ref("telecobranca.ir_cron_import_cnab_returns")._trigger()

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _upload_file(self, account, content, filename):
        """Import the return file ``content`` (bytes) for ``account`` now, or
        queue it for the background import when it has more records than the
        company's threshold. Either way the file is checked at once."""
        file = self._read_file(account, content, filename)
        threshold = file.company.telecobranca_cnab_background_records
        if threshold and len(file.records) > threshold:
            return self._queue_file(account, file, content, filename)
        return self._import_read_file(account, file, filename)

    @api.model
    def _import_file(self, account, content, filename):
        """Import the return file ``content`` (bytes) for ``account`` now."""
        return self._import_read_file(
            account, self._read_file(account, content, filename), filename
        )

    @api.model
    def _read_file(self, account, content, filename):
        """The ReturnFile of ``content``, checked: the account's, a return of
        its bank and account, never imported nor queued by its company."""
        account.ensure_one()
        account._check_can_issue_boletos()
        company = account._telecobranca_company()
        if company not in self.env.companies:
            # another company's account (or one of no company): name ours
            account._check_telecobranca_company(self.env.company)
        if not content:
            raise UserError(self.env._("The return file is empty."))
        checksum = hashlib.sha256(content).hexdigest()
        try:
            header = cnab.parse_header(content)
            records = cnab.parse_return(content)
        except ValueError as error:
            raise UserError(
                self.env._(
                    "The file %(name)s is not a valid CNAB return: %(error)s",
                    name=filename,
                    error=str(error),
                )
            ) from None
        self._check_header(account, header, filename)
        self._check_not_imported(account, header, checksum)
        return ReturnFile(header, records, checksum, company)

    @api.model
    def _prepare_return_vals(self, account, file, filename):
        header = file.header
        return {
            "name": filename,
            "checksum": file.checksum,
            "company_id": file.company.id,
            "bank_account_id": account.id,
            "bank_code": header.bank,
            "layout": "400" if header.layout_version == "400" else "240",
            "file_sequence": header.file_sequence,
            "generation_date": header.generation_date,
            "record_total": len(file.records),
        }

    @api.model
    def _import_read_file(self, account, file, filename):
        """Import the checked ReturnFile ``file`` in this transaction."""
        records = file.records
        # Decide every record in file order, in memory; then write in batches.
        matches, results, statuses, initial = self._decide_records(
            account, records, filename
        )
        log = self.with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True
        ).create(
            {
                **self._prepare_return_vals(account, file, filename),
                "record_done": len(records),
                # set at creation: a collector creates logs, never writes them
                # (importing is his job, unprocessed records included)
                "state": (
                    "warning"
                    if any(action == "error" for action, _m, _s in results)
                    else "done"
                ),
            }
        )
        log._book_records(
            account, filename, records, matches, results, statuses, initial
        )
        return log

    @api.model
    def _decide_records(self, account, records, filename):
        """(titles matched, results, statuses, initial statuses) of
        ``records``: titles found and locked, records decided, accounts
        checked; nothing written."""
        titles = self._find_titles(account, records)
        matches = [self._match(titles, record) for record in records]
        self._lock_titles(
            {
                title.id
                for title, record in zip(matches, records, strict=True)
                if title and record.kind == cnab240.KIND_PAID
            },
            filename,
        )
        results, statuses, initial = self._decide(records, matches)
        settlements = [settlement for _a, _m, settlement in results if settlement]
        self._check_settlement_accounts(account, settlements)
        return matches, results, statuses, initial

    def _book_records(
        self, account, filename, records, matches, results, statuses, initial
    ):
        """Write what the decided ``records`` do, and their lines in this log."""
        log = self
        settlements = [settlement for _a, _m, settlement in results if settlement]
        # A collector imports returns but may not post entries nor write
        # journal items (security/telecobranca_groups.xml): once the file is
        # checked as him (its account, header, first import, titles he reads,
        # locked), the flow books as superuser what the file says, nothing else.
        booking = self.sudo()
        booking._book_settlements(account, filename, settlements)
        self.env["telecobranca.note"]._log_cnab_return(filename, matches, results)
        booking._reconcile_settlements(settlements)
        booking._write_statuses(statuses, initial)
        _answered, positions = self._answer_instructions(
            log, records, matches, results, initial
        )
        self._log_payments(settlements)
        # a record that answers an instruction (confirmed or refused) says so
        # in the log rather than "Ignored"/"Rejected": the boleto is still held
        # (the instruction's answer is noted on the title's entry)
        results = [
            ("instruction", message, settlement)
            if position in positions and action in ("ignored", "rejected")
            else (action, message, settlement)
            for position, (action, message, settlement) in enumerate(results)
        ]
        self.env["telecobranca.cnab.return.line"].create(
            [
                self._prepare_line_vals(log, record, title, *result)
                for record, title, result in zip(records, matches, results, strict=True)
            ]
        )

    @api.model
    def _queue_file(self, account, file, content, filename):
        """The queued return of the checked ReturnFile ``file``, the
        background import triggered. Its records are decided once now, as
        the user, so what would stop the import (accounts to set...) is said
        at once; nothing is written but the queued return."""
        self._decide_records(account, file.records, filename)
        log = self.with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True, telecobranca_flow=FLOW
        ).create(
            {
                **self._prepare_return_vals(account, file, filename),
                "state": "queued",
                "file_data": base64.b64encode(content),
            }
        )
        self.env.ref("telecobranca.ir_cron_import_cnab_returns")._trigger()
        return log

    # ------------------------------------------------------------------
    # Cron
    # ------------------------------------------------------------------
    @api.model
    def _cron_import_queued(self):
        """Import the next chunk of records of one queued return.

        The scheduler calls it again while records remain (``remaining``), in
        a new transaction each time: a chunk is committed with its progress.
        """
        log = self._claim_queued()
        done = log._import_next_chunk() if log else 0
        self.env["ir.cron"]._notify_progress(
            done=done, remaining=self._queued_record_count()
        )
        return done

    @api.model
    def _claim_queued(self):
        """The oldest return to import that no other worker is importing,
        locked until the end of the transaction (``SKIP LOCKED``)."""
        self.flush_model(["state"])
        self.env.cr.execute(
            SQL(
                """SELECT id FROM %s WHERE state IN ('queued', 'running')
                    ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED""",
                SQL.identifier(self._table),
            )
        )
        row = self.env.cr.fetchone()
        return self.sudo().browse(row[0]) if row else self.sudo().browse()

    @api.model
    def _queued_record_count(self):
        """Records still to import, in every queued or running return."""
        groups = self.sudo()._read_group(
            [("state", "in", ("queued", "running"))],
            aggregates=["record_total:sum", "record_done:sum"],
        )
        total, done = groups[0] if groups else (0, 0)
        return max((total or 0) - (done or 0), 0)

    def _import_next_chunk(self):
        """Import the next chunk of records of this (claimed) return as the
        user who uploaded it: the number of records imported. A chunk that
        fails is rolled back whole and the return shows the error."""
        self.ensure_one()
        log = self.with_context(telecobranca_flow=FLOW)
        user = log.create_uid
        # the import itself as the uploader, as when he imports at once
        me = (
            self.with_user(user)
            .with_company(log.company_id)
            .with_context(lang=user.lang or self.env.lang)
        )
        start = log.record_done
        try:
            with self.env.cr.savepoint():
                records = log._queued_records()
                chunk = records[start : start + self._import_chunk_size]
                account = me.bank_account_id
                matches, results, statuses, initial = me._decide_records(
                    account, chunk, log.name
                )
                me._book_records(
                    account, log.name, chunk, matches, results, statuses, initial
                )
                log.write({"state": "running", "record_done": start + len(chunk)})
                if log.record_done >= len(records):
                    me._finish_import()
        except Exception as error:
            _logger.exception("Background import of %s failed", log.name)
            me._fail_import(error)
            return 0
        return len(chunk)

    def _queued_records(self):
        """The records of this queued return's file, read once per worker
        process and file (its checksum): each chunk would read the whole file
        again, a time per record growing with the file."""
        cached = _PARSED_FILES.get(self.checksum)
        if cached is None:
            cached = cnab.parse_return(base64.b64decode(self.file_data))
            _PARSED_FILES.clear()  # one file at a time, the one being imported
            _PARSED_FILES[self.checksum] = cached
        return cached

    def _finish_import(self):
        """The import is done: the state of what it did, the file dropped,
        the uploader notified."""
        errors = self.env["telecobranca.cnab.return.line"].search_count(
            [("return_id", "=", self.id), ("action", "=", "error")]
        )
        self.sudo().with_context(telecobranca_flow=FLOW).write(
            {"state": "warning" if errors else "done", "file_data": False}
        )
        self._notify_import(
            self.env._(
                "The return file %(name)s is imported: %(count)s records, "
                "%(paid)s boletos paid, %(errors)s not processed.",
                name=self.name,
                count=self.record_total,
                paid=self.paid_count,
                errors=errors,
            )
        )

    def _fail_import(self, error):
        """Show why the import stopped and tell the uploader; what earlier
        chunks booked stays (each chunk whole), the rest waits for a retry."""
        message = (
            error.args[0]
            if isinstance(error, UserError) and error.args
            else self.env._("Unexpected error: %(error)s", error=str(error))
        )
        self.sudo().with_context(telecobranca_flow=FLOW).write(
            {"state": "failed", "error_message": message}
        )
        self._notify_import(
            self.env._(
                "The import of the return file %(name)s stopped after %(done)s of "
                "%(count)s records: %(error)s",
                name=self.name,
                done=self.record_done,
                count=self.record_total,
                error=message,
            )
        )

    def _notify_import(self, body):
        """A message on the return for the user who uploaded it (his inbox)."""
        self.sudo().message_post(
            body=body,
            partner_ids=self.create_uid.partner_id.ids,
            subtype_xmlid="mail.mt_comment",
        )

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
        """Refuse a file the account's company imported already (same bytes,
        or the account's remittance number again).

        Searched as the user, in the account's company only (one of his,
        checked by the caller): the same bytes imported by another company are
        not a duplicate of ours, and its log (name, date) is not ours to show.
        """
        company = account._telecobranca_company()
        domain = [("checksum", "=", checksum)]
        if header.file_sequence:
            domain = [
                "|",
                ("checksum", "=", checksum),
                "&",
                ("bank_account_id", "=", account.id),
                ("file_sequence", "=", header.file_sequence),
            ]
        previous = self.search([("company_id", "=", company.id), *domain], limit=1)
        if previous.state in ("queued", "running", "failed"):
            raise UserError(
                self.env._(
                    "This return file (sequence %(sequence)s) was uploaded on "
                    "%(date)s as %(name)s and its import is not finished: open it "
                    "to follow it (a failed import is started again from there).",
                    sequence=header.file_sequence,
                    date=format_date(self.env, previous.create_date.date()),
                    name=previous.name,
                )
            )
        if previous:
            raise UserError(
                self.env._(
                    "This return file (sequence %(sequence)s) was already imported "
                    "on %(date)s as %(name)s.",
                    sequence=header.file_sequence,
                    date=format_date(self.env, previous.create_date.date()),
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

    def _lock_titles(self, title_ids, filename):
        """Lock the titles the file settles, or fail at once.

        Two imports (or an import and a user) settling the same title at the
        same time: the second one gets a clear error instead of waiting, and
        nothing is changed. The titles are read again once locked.
        """
        if not title_ids:
            return
        titles = self.env["account.move.line"].browse(sorted(title_ids))
        self.env["telecobranca.settlement"]._lock_titles(
            titles,
            self.env._(
                "Titles of the return file %(name)s are being settled by another "
                "import or user right now: nothing was imported. Try again in "
                "a moment.",
                name=filename,
            ),
        )
        titles.invalidate_recordset(["amount_residual", "reconciled", *STATUS_FIELDS])

    def _decide(self, records, matches):
        """(result of each record, new status values, initial status values).

        A result is (action, message, settlement or None); status values are
        {title: {field: value}}.
        """
        statuses = {
            title: {name: title[name] for name in STATUS_FIELDS}
            for title in set(filter(None, matches))
        }
        initial = {title: dict(values) for title, values in statuses.items()}
        residuals = {}
        results = [
            self._process(record, title, statuses, residuals)
            for record, title in zip(records, matches, strict=True)
        ]
        return results, statuses, initial

    def _process(self, record, title, statuses, residuals):
        """(action, message, settlement or None) for one record.

        Nothing is written: ``statuses`` ({title: status values}) and
        ``residuals`` ({title: open amount}) follow what the earlier records of
        the file did to the titles.
        """
        kind = record.kind
        if not title:
            return (
                "error",
                self.env._(
                    "Unknown nosso número %(number)s.", number=record.nosso_numero
                ),
                None,
            )
        status = statuses[title]
        if kind == cnab240.KIND_REGISTERED:
            if status["boleto_status"] != "paid":
                status.update(boleto_status="registered", boleto_bank_message=False)
            return "registered", self._occurrence_message(record), None
        if kind in (cnab240.KIND_REJECTED, cnab240.KIND_INSTRUCTION_REJECTED):
            message = self._occurrence_message(record)
            if kind == cnab240.KIND_REJECTED:
                status.update(boleto_status="rejected", boleto_bank_message=message)
            return "rejected", message, None
        if kind == cnab240.KIND_PAID:
            return self._plan_payment(record, title, status, residuals)
        if kind == cnab240.KIND_WRITTEN_OFF:
            if status["boleto_status"] != "paid":
                status["boleto_status"] = "written_off"
            return "cancelled", self._occurrence_message(record), None
        return "ignored", self._occurrence_message(record), None

    @api.model
    def _selection_labels(self, field_name):
        """{value: label} of a selection of the log lines, translated (Odoo
        caches the translated selections per language)."""
        return dict(
            self.env["telecobranca.cnab.return.line"]
            ._fields[field_name]
            ._description_selection(self.env)
        )

    @api.model
    def _occurrence_label(self, record):
        """The label of the occurrence of ``record`` in the user's language."""
        key = record.occurrence_key or record.occurrence_code
        return self._selection_labels("occurrence").get(key) or self.env._(
            "Unknown occurrence (code %(code)s)", code=record.occurrence_code or "-"
        )

    @api.model
    def _occurrence_message(self, record):
        """The occurrence of ``record`` with the bank's reasons, if any: the
        description of each reason the bank's tables know, else its code."""
        label = self._occurrence_label(record)
        if not record.reasons:
            return label
        reasons = self._selection_labels("reason")
        described = []
        for code in record.reasons:
            key = cnab400.reason_key(record, code)
            described.append(
                self.env._("%(code)s: %(reason)s", code=code, reason=reasons[key])
                if key in reasons
                else code
            )
        return self.env._(
            "%(occurrence)s (reasons %(reasons)s)",
            occurrence=label,
            reasons=", ".join(described),
        )

    def _plan_payment(self, record, title, status, residuals):
        """(action, message, settlement) of a settlement record, not booked yet.

        The title's open amount is followed in memory in the company currency:
        the reconciliation settles min(open amount, amount settled).
        """
        if title not in residuals:
            currency = title.company_currency_id
            residuals[title] = (
                ZERO
                if title.reconciled
                else Decimal(str(currency.round(title.amount_residual)))
            )
        residual = residuals[title]
        if not residual:
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
        if residual > 0:
            residuals[title] = max(residual - settled, ZERO)
        if not residuals[title]:
            status["boleto_status"] = "paid"
        settlement = {
            "title": title,
            "date": record.credit_date
            or record.occurrence_date
            or fields.Date.context_today(self),
            "paid": paid,
            "interest": interest,
            "discount": discount,
            "fee": fee,
            "settled": settled,
        }
        return "paid", self._occurrence_message(record), settlement

    def _check_settlement_accounts(self, account, settlements):
        """The journal and the accounts of the interest, discounts and fees
        booked must be set."""
        if settlements:
            account._boleto_payment_journal()
        needed = {
            "interest": (
                account.boleto_interest_account_id,
                self.env._("interest income"),
            ),
            "discount": (
                account.boleto_discount_account_id,
                self.env._("discount expense"),
            ),
            "fee": (account.boleto_fee_account_id, self.env._("bank fees")),
        }
        for kind, (gl_account, label) in needed.items():
            if not gl_account and any(item[kind] for item in settlements):
                raise UserError(
                    self.env._(
                        "The return file books %(what)s: set its account on the bank "
                        "account %(account)s.",
                        what=label,
                        account=account.display_name,
                    )
                )

    def _book_settlements(self, account, filename, settlements):
        """Book the settlements: their entries created and posted at once.

        Sets on each settlement its entry (``move``) and the receivable line
        that settles its title (``line``): the customer's line of the day for
        a boleto that pays its title's open amount, its own line otherwise.
        """
        if not settlements:
            return
        journal = account._boleto_payment_journal()
        # The journal's outstanding receipts account, or its bank account; the
        # list may hold an empty record when the company has none configured.
        outstanding = journal._get_journal_inbound_outstanding_payment_accounts()
        bank_account = outstanding.filtered("id")[:1] or journal.default_account_id
        by_date = defaultdict(list)
        for settlement, whole in self._whole_settlements(settlements):
            by_date[settlement["date"]].append((settlement, whole))
        dates = sorted(by_date)
        line_defaults = self._settlement_line_defaults(journal.company_id)
        move_vals, owners = [], []
        for date in dates:
            vals, line_owners = self._prepare_settlement_move_vals(
                account,
                journal,
                bank_account,
                filename,
                date,
                by_date[date],
                line_defaults,
            )
            move_vals.append(vals)
            owners.append(line_owners)
        moves = self.env["account.move"].create(move_vals)
        moves.action_post()
        # The lines of the commands come back first, in their order (Odoo may
        # add lines after them, tax lines for instance): each receivable line
        # goes to the settlements it books.
        for move, date, line_owners in zip(moves, dates, owners, strict=True):
            lines = move.line_ids.sorted("id")[: len(line_owners)]
            for line, line_settlements in zip(lines, line_owners, strict=False):
                for settlement in line_settlements:
                    settlement.update(move=move, line=line)
            if any(
                settlement.get("move") != move
                or settlement["line"].account_id != settlement["title"].account_id
                for line_settlements in line_owners
                for settlement in line_settlements
            ):
                raise UserError(
                    self.env._(
                        "The entry of the boletos received on %(date)s does not have "
                        "the lines it was created with.",
                        date=format_date(self.env, date),
                    )
                )

    @api.model
    def _whole_settlements(self, settlements):
        """(settlement, whole) of each settlement in file order: ``whole`` when
        it settles exactly what its title still owes at that point of the
        file (the earlier records of the file followed, as ``_plan_payment``
        does). Only those share their customer's receivable line: a title
        partly paid, or paid more than it owes, keeps a line of its own, so
        that the reconciliation settles each title with what was paid for it.
        """
        residuals = {}
        result = []
        for settlement in settlements:
            title = settlement["title"]
            if title not in residuals:
                residuals[title] = Decimal(
                    str(title.company_currency_id.round(title.amount_residual))
                )
            residual = residuals[title]
            settled = settlement["settled"]
            # in the company currency only, like the entry
            same_currency = title.currency_id == title.company_currency_id
            whole = settled == residual and same_currency
            residuals[title] = max(residual - settled, ZERO)
            result.append((settlement, whole))
        return result

    def _reconcile_settlements(self, settlements):
        """Reconcile the titles with the receivable lines that settle them,
        all in one reconciliation: one group per title with its own lines,
        joined with the other titles its customer's line of the day settles.
        The tables the import fills are analysed first when they grew."""
        if not settlements:
            return
        # Union-find of titles and lines: what settles what, connected.
        parent = {}

        def find(key):
            while parent.setdefault(key, key) != key:
                parent[key] = parent[parent[key]]
                key = parent[key]
            return key

        for settlement in settlements:
            parent[find(("title", settlement["title"].id))] = find(
                ("line", settlement["line"].id)
            )
        groups = defaultdict(list)
        for key in parent:
            groups[find(key)].append(key[1])
        Line = self.env["account.move.line"]
        all_lines = Line.browse([line_id for ids in groups.values() for line_id in ids])
        self._analyze_booked_tables(len(all_lines))
        # Their entries' lines read at once (Odoo's line synchronisation would
        # read them entry by entry).
        all_lines.move_id.line_ids.mapped("tax_ids")
        Line._reconcile_plan(
            [
                all_lines.browse(sorted(ids)).with_prefetch(all_lines._prefetch_ids)
                for ids in groups.values()
            ]
        )

    @api.model
    def _analyze_booked_tables(self, count):
        """Refresh PostgreSQL's statistics of the journal items and partial
        reconciliations when this import's ``count`` rows (its titles and
        payment lines) and the rows changed since the last analysis make them
        stale (autovacuum's rule: 50 rows + 10 %). Odoo's full reconciliation
        runs a plan chosen on these statistics; a big import left unanalysed
        turns it quadratic. ANALYZE sees the rows of this transaction."""
        tables = ("account_move_line", "account_partial_reconcile")
        self.env["account.move.line"].flush_model()
        self.env["account.partial.reconcile"].flush_model()
        self.env.cr.execute(
            SQL(
                """SELECT c.relname, GREATEST(c.reltuples, 0),
                          COALESCE(s.n_mod_since_analyze, 0)
                     FROM pg_class c
                LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
                    WHERE c.relname IN %s AND c.relkind = 'r'
                      AND pg_has_role(c.relowner, 'USAGE')""",
                tables,
            )
        )
        for name, tuples, changed in self.env.cr.fetchall():
            if count + changed <= 50 + 0.1 * tuples:
                continue
            # ANALYZE keeps its lock to the end of the transaction: when
            # another import (or autovacuum) analyses the table, it refreshes
            # the statistics itself; this one never waits for it.
            try:
                with self.env.cr.savepoint(flush=False):
                    self.env.cr.execute(
                        SQL(
                            "LOCK TABLE %s IN SHARE UPDATE EXCLUSIVE MODE NOWAIT",
                            SQL.identifier(name),
                        ),
                        log_exceptions=False,
                    )
                    self.env.cr.execute(SQL("ANALYZE %s", SQL.identifier(name)))
            except psycopg2.errors.LockNotAvailable:
                _logger.info("%s is being analysed: not analysed again", name)

    def _settlement_line_defaults(self, company):
        """Values of the entry lines Odoo would compute, given at once.

        Odoo computes them line by line, which is the slow part of a large
        entry; they are the same for every line of a journal entry in the
        company currency. The analytic distribution is computed with one
        search per line (its cache misses as soon as a partner is involved):
        without any analytic distribution model for the company it is known
        to be empty, otherwise Odoo computes it.
        """
        defaults = {"display_type": "product", "currency_id": company.currency_id.id}
        models = self.env["account.analytic.distribution.model"].sudo()
        if not models.search_count(
            [("company_id", "in", [company.id, False])], limit=1
        ):
            defaults["analytic_distribution"] = False
        return defaults

    def _prepare_settlement_move_vals(
        self, account, journal, bank_account, filename, date, settlements, defaults
    ):
        """(values of the entry of ``date``, settlements of each of its lines).

        ``settlements`` are (settlement, whole) pairs (``_whole_settlements``).
        Per customer and receivable account, one credit for all the boletos
        that pay their title's open amount, a credit of its own for any other;
        per customer one line of interest and one of discounts.
        """
        partners = {
            item["title"].partner_id.commercial_partner_id for item, _w in settlements
        }
        common_partner = partners.pop() if len(partners) == 1 else None
        taxes = {}

        def line(gl_account, amount, name, partner=common_partner):
            if gl_account not in taxes:
                # Odoo's default taxes of a journal entry line: its account's.
                taxes[gl_account] = gl_account.tax_ids._filter_taxes_by_company(
                    journal.company_id
                )
            return Command.create(
                {
                    **defaults,
                    "account_id": gl_account.id,
                    "partner_id": partner.id if partner else False,
                    "name": name,
                    "balance": float(amount),
                    "amount_currency": float(amount),
                    "tax_ids": [Command.set(taxes[gl_account].ids)],
                }
            )

        def label(items, one, several):
            if len(items) == 1:
                return one % {"number": items[0]["title"].boleto_nosso_numero}
            return several % {"count": len(items)}

        count = len(settlements)
        lines = [
            line(
                bank_account,
                sum(item["paid"] - item["fee"] for item, _w in settlements),
                self.env._(
                    "Boletos received: %(count)s (return file %(name)s)",
                    count=count,
                    name=filename,
                ),
            )
        ]
        owners = [[]]
        # receivable credits: {(partner, account) or settlement index: items}
        receivables = defaultdict(list)
        by_partner = defaultdict(list)
        for index, (item, whole) in enumerate(settlements):
            title = item["title"]
            partner = title.partner_id.commercial_partner_id
            receivables[(partner, title.account_id) if whole else index].append(item)
            by_partner[partner].append(item)
        for items in receivables.values():
            title = items[0]["title"]
            lines.append(
                line(
                    title.account_id,
                    -sum(item["settled"] for item in items),
                    label(
                        items,
                        self.env._("Boleto %(number)s"),
                        self.env._("Boletos paid: %(count)s"),
                    ),
                    title.partner_id.commercial_partner_id,
                )
            )
            owners.append(items)
        for partner, items in by_partner.items():
            for kind, gl_account, sign, one, several in (
                (
                    "discount",
                    account.boleto_discount_account_id,
                    1,
                    self.env._("Discount, boleto %(number)s"),
                    self.env._("Discounts: %(count)s boleto(s)"),
                ),
                (
                    "interest",
                    account.boleto_interest_account_id,
                    -1,
                    self.env._("Interest, boleto %(number)s"),
                    self.env._("Interest: %(count)s boleto(s)"),
                ),
            ):
                charged = [item for item in items if item[kind]]
                if charged:
                    lines.append(
                        line(
                            gl_account,
                            sign * sum(item[kind] for item in charged),
                            label(charged, one, several),
                            partner,
                        )
                    )
                    owners.append([])
        fees = sum(item["fee"] for item, _w in settlements)
        if fees:
            lines.append(
                line(
                    account.boleto_fee_account_id,
                    fees,
                    self.env._("Bank fees: %(count)s boleto(s)", count=count),
                )
            )
            owners.append([])
        vals = {
            "move_type": "entry",
            "journal_id": journal.id,
            "date": date,
            "ref": f"{filename} {format_date(self.env, date)}",
            "partner_id": common_partner.id if common_partner else False,
            "telecobranca_origin": "bank_return",
            "line_ids": lines,
        }
        return vals, owners

    def _write_statuses(self, statuses, initial):
        """Write the new status values of the titles: one write per values."""
        groups = defaultdict(list)
        for title, values in statuses.items():
            changes = {
                name: value
                for name, value in values.items()
                if value != initial[title][name]
            }
            if changes:
                groups[tuple(sorted(changes.items()))].append(title.id)
        # The boleto fields are no accounting data: no need for Odoo to
        # synchronise the invoices' tax and payment term lines on write.
        lines = self.env["account.move.line"].with_context(skip_invoice_sync=True)
        for changes, title_ids in groups.items():
            lines.browse(title_ids).write(dict(changes))

    def _answer_instructions(self, log, records, matches, results, initial):
        """(instructions, positions of the records answering them): the
        instructions to the bank the file confirms or rejects
        (``telecobranca.bank.instruction._apply_return``)."""
        return self.env["telecobranca.bank.instruction"]._apply_return(
            log.layout,
            log.bank_code,
            records,
            matches,
            [message for _action, message, _settlement in results],
            {title: values["boleto_status"] for title, values in initial.items()},
        )

    def _log_payments(self, settlements):
        """Log each payment on its title's entry, all in one batch.

        A title paid twice by the file (partial payments) gets two notes: one
        batch per payment rank.
        """
        batches = []
        for item in settlements:
            title = item["title"]
            body = self.env._(
                "Boleto paid at the bank (return file): %(amount)s.",
                amount=format_amount(
                    self.env, float(item["paid"]), title.company_currency_id
                ),
            )
            batch = next((batch for batch in batches if title.id not in batch), None)
            if batch is None:
                batch = {}
                batches.append(batch)
            batch[title.id] = body
        for bodies in batches:
            self.env["account.move.line"].browse(
                list(bodies)
            )._telecobranca_log_boleto_action("paid", bodies)

    @api.model
    def _prepare_line_vals(self, log, record, title, action, message, settlement):
        settlement = settlement or {}
        return {
            "return_id": log.id,
            "line_number": record.line_number,
            "nosso_numero": record.nosso_numero,
            "document_number": record.document_number,
            "occurrence_code": record.occurrence_code,
            "occurrence": record.occurrence_key
            if record.occurrence_key in OCCURRENCE_KEYS
            else False,
            "reason": next(
                filter(None, (cnab400.reason_key(record, c) for c in record.reasons)),
                False,
            ),
            "nominal_amount": float(record.nominal_amount),
            "paid_amount": float(record.paid_amount),
            "interest_amount": float(record.interest_amount),
            "discount_amount": float(record.discount_amount + record.rebate_amount),
            "fee_amount": float(record.fee_amount),
            "occurrence_date": record.occurrence_date,
            "credit_date": record.credit_date,
            "move_line_id": title.id if title else False,
            "payment_move_id": settlement.get("move", self.env["account.move"]).id,
            "payment_line_id": settlement.get("line", self.env["account.move.line"]).id,
            "action": action,
            "message": message,
        }


class TelecobrancaCnabReturnLine(models.Model):
    _name = "telecobranca.cnab.return.line"
    _description = "CNAB Return File Record"
    _order = "return_id, line_number, id"
    _check_company_auto = True

    return_id = fields.Many2one(
        "telecobranca.cnab.return", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="return_id.company_id", store=True, precompute=True
    )
    line_number = fields.Integer()
    nosso_numero = fields.Char()
    document_number = fields.Char()
    occurrence_code = fields.Char(string="Code")
    occurrence = fields.Selection(OCCURRENCES)
    reason = fields.Selection(
        REASONS, help="The bank's first reason for a rejection, from its table."
    )
    nominal_amount = fields.Float(digits="Account")
    paid_amount = fields.Float(digits="Account")
    interest_amount = fields.Float(digits="Account")
    discount_amount = fields.Float(digits="Account")
    fee_amount = fields.Float(digits="Account")
    occurrence_date = fields.Date()
    credit_date = fields.Date()
    move_line_id = fields.Many2one(
        "account.move.line", string="Title", check_company=True
    )
    payment_move_id = fields.Many2one(
        "account.move", string="Payment Entry", check_company=True
    )
    payment_line_id = fields.Many2one(
        "account.move.line",
        check_company=True,
        help="The receivable line of the payment entry reconciled with the title.",
    )
    action = fields.Selection(RETURN_ACTIONS, string="Action Taken")
    message = fields.Char()
