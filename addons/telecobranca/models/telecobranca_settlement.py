# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Settlement of titles: what renegotiation, write-off and CNAB import share.

Every way a title gets settled without a customer payment registered by hand
goes through this service (the ``account.move.send`` pattern of Odoo core):

- :meth:`_lock_titles`: the rows of the titles locked ``FOR UPDATE NOWAIT``,
  so that two users (or an import and a user) settling the same title at the
  same time cannot both succeed: the second one gets a clear error at once;
- :meth:`_check_can_settle`: a title can be settled when it is a posted title
  (not a forecast), still open, its settlement date is not in a locked
  period and no other renegotiation holds it;
- :meth:`_writeoff`: the write-off without cash (F7), one posted entry
  against the write-off type's account, reconciled with the title;
- :meth:`_log_settlement`: the chatter of the documents and a system note
  on the collection cases of the titles.

Callers check, lock, check again (what they read before the lock may have
changed), then book: ``_check_can_settle`` → ``_lock_titles`` →
``_check_can_settle`` → ``_do_*``.
"""

from markupsafe import escape
from psycopg2 import errors

from odoo import Command, api, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_date

from .telecobranca_flow import FLOW


class TelecobrancaSettlement(models.AbstractModel):
    _name = "telecobranca.settlement"
    _description = "Settlement of Titles"

    # ------------------------------------------------------------------
    # Lock
    # ------------------------------------------------------------------
    @api.model
    def _lock_titles(self, titles, message=None):
        """Lock the rows of ``titles`` or fail at once if someone else holds them.

        Two users settling the same title at the same time: the second one
        gets a clear error (``message``, or one naming the titles) at once
        instead of waiting, and nothing is posted. The titles' open amounts
        are read again once locked.
        """
        if not titles:
            return
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM account_move_line WHERE id IN %s "
                        "FOR UPDATE NOWAIT",
                        tuple(titles.ids),
                    ),
                    log_exceptions=False,  # the loser's error is expected
                )
        except (errors.LockNotAvailable, errors.SerializationFailure) as error:
            raise UserError(
                message
                or self.env._(
                    "The titles %(titles)s are being settled by another user "
                    "right now. Reload and try again.",
                    titles=self._title_names(titles),
                )
            ) from error
        titles.invalidate_recordset(["amount_residual", "reconciled"])

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------
    @api.model
    def _title_names(self, titles):
        return ", ".join(t.title_number or t.display_name for t in titles)

    @api.model
    def _check_can_settle(self, titles, date=None, journal=None, renegotiation=None):
        """Raise a clear ``UserError`` unless every title can be settled now.

        :param titles: the ``account.move.line`` titles to settle
        :param date: the date of the settlement entry; its accounting period
            must be open (not checked when ``None``)
        :param journal: the journal of the settlement entry (lock dates may
            depend on it)
        :param renegotiation: the renegotiation settling the titles, if any;
            a title in another *pending* renegotiation cannot be written off,
            but drafts of renegotiations are simulations: several may hold a
            title, the first confirmed settles it
        """
        for title in titles:
            name = title.title_number or title.display_name
            if not title.is_title:
                raise UserError(self.env._("%(line)s is not a title.", line=name))
            if title.is_forecast or title.parent_state != "posted":
                raise UserError(
                    self.env._(
                        "The title %(title)s is a forecast title (its entry is "
                        "not posted): it cannot be settled.",
                        title=name,
                    )
                )
            if title.reconciled or title.company_currency_id.is_zero(
                title.amount_residual
            ):
                raise UserError(
                    self.env._("The title %(title)s is already settled.", title=name)
                )
        if renegotiation is None:
            self._check_not_in_renegotiation(titles)
        if date:
            for company in titles.company_id:
                self._check_lock_date(company, date, journal)

    @api.model
    def _check_not_in_renegotiation(self, titles):
        """Raise when a title is in a pending renegotiation."""
        if not titles:
            return
        lines = (
            self.env["telecobranca.renegotiation.line"]
            .sudo()
            .search(
                [
                    ("move_line_id", "in", titles.ids),
                    ("renegotiation_id.state", "=", "draft"),
                ],
                limit=1,
            )
        )
        if lines:
            raise UserError(
                self.env._(
                    "The title %(title)s is in the pending renegotiation "
                    "%(renegotiation)s: confirm or cancel it first.",
                    title=lines.move_line_id.title_number
                    or lines.move_line_id.display_name,
                    renegotiation=lines.renegotiation_id.name,
                )
            )

    @api.model
    def _check_lock_date(self, company, date, journal):
        """Raise when ``date`` is in a locked accounting period of ``company``."""
        violations = company._get_lock_date_violations(
            date, fiscalyear=True, sale=False, purchase=False, tax=False, hard=True
        )
        if violations or date <= company._get_user_fiscal_lock_date(journal):
            raise UserError(
                self.env._(
                    "The date %(date)s is in a locked accounting period.",
                    date=format_date(self.env, date),
                )
            )

    # ------------------------------------------------------------------
    # Write-off without cash (F7)
    # ------------------------------------------------------------------
    @api.model
    def _get_writeoff_journal(self, company):
        """A miscellaneous journal of ``company`` (the REN journal if none)."""
        Journal = self.env["account.journal"]
        journal = Journal.search(
            [
                *Journal._check_company_domain(company),
                ("type", "=", "general"),
                ("code", "!=", "REN"),
            ],
            limit=1,
        )
        journal = journal or company.telecobranca_renegotiation_journal_id
        if not journal:
            raise UserError(
                self.env._(
                    "%(company)s has no miscellaneous journal to book the "
                    "write-off in: set the Renegotiation Journal in Settings > "
                    "Telecobrança.",
                    company=company.name,
                )
            )
        return journal

    @api.model
    def _check_can_writeoff(self, title, writeoff_type, date, reason):
        title.ensure_one()
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason of the write-off."))
        if writeoff_type.company_id != title.company_id:
            raise UserError(
                self.env._("The write-off type belongs to another company.")
            )
        journal = self._get_writeoff_journal(title.company_id)
        self._check_can_settle(title, date, journal)
        return journal

    @api.model
    def _writeoff(self, title, writeoff_type, date, reason):
        """Settle ``title`` without cash against the type's account (F7).

        Checks, locks the title, checks again and books. Return the posted
        write-off entry, reconciled with the title.
        """
        self._check_can_writeoff(title, writeoff_type, date, reason)
        self._lock_titles(title)
        journal = self._check_can_writeoff(title, writeoff_type, date, reason)
        return self._do_writeoff(title, writeoff_type, date, reason, journal)

    @api.model
    def _prepare_writeoff_move_vals(self, title, writeoff_type, date, reason, journal):
        amount = title.amount_residual
        label = self.env._(
            "Write-off of %(title)s: %(reason)s",
            title=title.title_number,
            reason=reason,
        )
        line = {"name": label, "partner_id": title.partner_id.id}
        return {
            "move_type": "entry",
            "journal_id": journal.id,
            "date": date,
            "company_id": title.company_id.id,
            "ref": label,
            "telecobranca_origin": "writeoff",
            "line_ids": [
                Command.create(
                    {**line, "account_id": title.account_id.id, "credit": amount}
                ),
                Command.create(
                    {
                        **line,
                        "account_id": writeoff_type.account_id.id,
                        "debit": amount,
                    }
                ),
            ],
        }

    @api.model
    def _do_writeoff(self, title, writeoff_type, date, reason, journal):
        """Book the write-off of the (checked, locked) ``title``."""
        cases = title.collection_case_id  # before the title is settled
        # the write-off flow marks its entry (account.move._telecobranca_check_can_mark)
        move = (
            self.env["account.move"]
            .with_context(telecobranca_flow=FLOW)
            .create(
                self._prepare_writeoff_move_vals(
                    title, writeoff_type, date, reason, journal
                )
            )
            .with_context(telecobranca_flow=False)
        )
        move.action_post()
        counterpart = move.line_ids.filtered(
            lambda line: line.account_id == title.account_id
        )
        (title | counterpart).reconcile()
        # the reason is plain text: escaped, its markup never reaches the
        # chatter nor the (HTML) case note
        body = escape(
            self.env._(
                "Title %(title)s written off without cash (%(type)s): %(reason)s",
                title=title.title_number,
                type=writeoff_type.name,
                reason=reason,
            )
        )
        self._log_settlement([move, title.move_id], cases, body)
        return move

    # ------------------------------------------------------------------
    # Logging
    # ------------------------------------------------------------------
    @api.model
    def _log_settlement(self, documents, cases, body):
        """Post ``body`` on the chatter of ``documents`` (a list of records,
        of any models) and as a system note
        on ``cases`` (the open cases of the titles, read before settling
        them: a settled title leaves its case)."""
        for document in documents:
            # a log, not a message: settling needs no e-mail address
            document._message_log(body=body)
        self.env["telecobranca.note"]._log_system_note(cases, body)
