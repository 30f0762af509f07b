# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Promise to pay (promessa de pagamento) of a collection case (B3).

A collector records a promise from the *Note* wizard (or an integrator over
RPC): a date, an amount, the channel and the titles of the case it covers.
The daily run (:meth:`TelecobrancaPromise._run`) judges every open promise
whose date plus the company's grace days has passed:

- **kept** when the titles received at least the promised amount in money
  from the day the promise was made to its date plus the grace days;
- **broken** otherwise: the case is due for contact on the run date, its
  collector gets a to-do activity and the case a note.

*Received* is the sum of the partial reconciliations of the promise's titles
(in the company's currency) dated (``max_date``) in that window against an
entry that brings money: payments, bank statements and bank returns (CNAB).
A credit note, a renegotiation (REN entry) or a write-off without cash
reduces what the customer owes but is no payment, so it does not keep a
promise: a renegotiation replaces the promise, and the collector cancels it
with that reason.
"""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare, format_amount, format_date

from .telecobranca_flow import FLOW, in_flow
from .telecobranca_input import check_date_values

PROMISE_CHANNELS = [
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("whatsapp", "WhatsApp"),
    ("in_person", "In Person"),
    ("other", "Other"),
]
PROMISE_STATES = [
    ("open", "Open"),
    ("kept", "Kept"),
    ("broken", "Broken"),
    ("cancelled", "Cancelled"),
]
# entries that reduce a title without bringing money (see the module's doc)
NOT_MONEY_ORIGINS = ("renegotiation", "writeoff")
# promises judged per run; the cron is called again for the rest
RUN_BATCH_SIZE = 1000


class TelecobrancaPromise(models.Model):
    _name = "telecobranca.promise"
    _description = "Promise to Pay"
    _order = "date desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["case_id", "partner_id"]

    # fields only the promise's flows (create, run, cancel) write
    _PROTECTED_FIELDS = frozenset(
        {
            "case_id",
            "note_id",
            "user_id",
            "date",
            "date_made",
            "amount",
            "channel",
            "title_ids",
            "state",
            "date_done",
            "amount_received",
        }
    )

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    case_id = fields.Many2one(
        "telecobranca.case",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    note_id = fields.Many2one(
        "telecobranca.note",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
        help="The note in which the collector recorded the promise.",
    )
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(
        related="case_id.partner_id", store=True, index=True, string="Customer"
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        string="Collector",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        help="The collector who got the promise.",
    )
    date_made = fields.Date(
        string="Made On",
        required=True,
        default=fields.Date.context_today,
        help="Payments from this day on count for the promise.",
    )
    date = fields.Date(
        string="Promised Date", required=True, index=True, help="Day the customer pays."
    )
    amount = fields.Monetary(string="Promised Amount", required=True)
    channel = fields.Selection(PROMISE_CHANNELS, required=True, default="phone")
    title_ids = fields.Many2many(
        "account.move.line",
        "telecobranca_promise_title_rel",
        "promise_id",
        "title_id",
        string="Titles",
        check_company=True,
        help="The titles of the case the promise covers.",
    )
    state = fields.Selection(
        PROMISE_STATES, required=True, default="open", index=True, copy=False
    )
    date_done = fields.Date(
        string="Kept/Broken On",
        copy=False,
        help="Day the promise was found kept, broken or was cancelled.",
    )
    amount_received = fields.Monetary(
        copy=False,
        help="Money the titles received from the day the promise was made to "
        "its date plus the grace days, when it was judged.",
    )
    cancel_reason = fields.Text(
        copy=False, help="Why the promise was cancelled (required to cancel it)."
    )
    date_deadline = fields.Date(
        string="Checked After",
        compute="_compute_date_deadline",
        help="Promised date plus the company's grace days: the promise is "
        "judged by the first run after this day.",
    )

    _sql_constraints = [
        ("amount_positive", "CHECK(amount > 0)", "A promised amount is positive."),
    ]

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    @api.depends("date", "company_id.telecobranca_promise_grace_days")
    def _compute_date_deadline(self):
        for promise in self:
            promise.date_deadline = promise.date and fields.Date.add(
                promise.date, days=promise.company_id.telecobranca_promise_grace_days
            )

    @api.depends("case_id.name", "date", "amount")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for promise in self:
            if not promise.date:
                promise.display_name = promise.case_id.name or ""
                continue
            promise.display_name = self.env._(
                "%(case)s – %(amount)s on %(date)s",
                case=promise.case_id.name or "",
                amount=format_amount(self.env, promise.amount, promise.currency_id),
                date=format_date(self.env, promise.date),
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        check_date_values(self, vals_list, ["date", "date_made"])
        for vals in vals_list:
            if not in_flow(self.env):
                for name in ("state", "date_done", "amount_received", "cancel_reason"):
                    vals.pop(name, None)
                vals.pop("date_made", None)
            case = self.env["telecobranca.case"].browse(vals.get("case_id"))
            user = self.env["res.users"].browse(vals.get("user_id") or self.env.uid)
            titles = self.env["account.move.line"].browse(
                self._get_title_ids(vals.get("title_ids"))
            )
            self._check_promise_values(
                case,
                fields.Date.to_date(vals.get("date")),
                vals.get("amount") or 0.0,
                titles,
                user=user,
            )
        return super().create(vals_list)

    def write(self, vals):
        """A promise is what the customer said: its terms do not change, and
        its state follows only its run and its *Cancel* button."""
        if self._PROTECTED_FIELDS & set(vals) and not in_flow(self.env):
            raise UserError(
                self.env._(
                    "A promise to pay is not changed: it is kept or broken by "
                    "the daily check, or cancelled with its Cancel button. "
                    "Record a new promise from a note instead."
                )
            )
        if "cancel_reason" in vals and not in_flow(self.env):
            self._check_can_cancel()
        return super().write(vals)

    @api.model
    def _get_title_ids(self, commands):
        """Title ids of a ``title_ids`` value of ``create`` (commands or ids)."""
        ids = []
        for command in commands or []:
            if isinstance(command, int):
                ids.append(command)
            elif command[0] == fields.Command.SET:
                ids = list(command[2])
            elif command[0] == fields.Command.LINK:
                ids.append(command[1])
            elif command[0] == fields.Command.CLEAR:
                ids = []
            else:
                raise UserError(
                    self.env._("The titles of a promise are existing titles.")
                )
        return ids

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------
    @api.model
    def _check_promise_values(self, case, date, amount, titles, user=None):
        """Refuse a promise that cannot be kept: a clear ``UserError``.

        ``case`` open and readable by the caller; ``date`` today or later;
        ``amount`` positive and not above the open amount of ``titles``
        (late charges are not part of a promise: the customer promises what
        the titles say); ``titles`` open titles of ``case`` (so of its
        customer and company); ``user`` the caller (or, for a supervisor,
        any user).
        """
        if not case:
            raise UserError(self.env._("A promise to pay belongs to a case."))
        case.check_access("read")
        if case.state != "open":
            raise UserError(
                self.env._(
                    "The case %(name)s is closed: a promise to pay is recorded "
                    "on an open case.",
                    name=case.name,
                )
            )
        user = user or self.env.user
        if (
            user != self.env.user
            and not self.env.su
            and not self.env.user.has_group(
                "telecobranca.group_telecobranca_supervisor"
            )
        ):
            raise UserError(
                self.env._("A collector records his own promises to pay only.")
            )
        if not date:
            raise UserError(self.env._("Set the date the customer promises to pay."))
        today = fields.Date.context_today(self)
        if date < today:
            raise UserError(
                self.env._(
                    "The promised date %(date)s is in the past.",
                    date=format_date(self.env, date),
                )
            )
        if not titles:
            raise UserError(self.env._("Choose the titles the promise covers."))
        open_titles = (
            case.sudo()
            .line_ids.filtered(
                lambda line: line.is_open and not line.move_line_id.reconciled
            )
            .move_line_id
        )
        foreign = titles.sudo() - open_titles
        if foreign:
            raise UserError(
                self.env._(
                    "The title %(title)s is not an open title of the case "
                    "%(case)s (%(partner)s): a promise covers only the case's "
                    "open titles.",
                    title=foreign[0].title_number or foreign[0].display_name,
                    case=case.name,
                    partner=case.partner_id.display_name,
                )
            )
        currency = case.company_id.currency_id
        if float_compare(amount, 0.0, precision_rounding=currency.rounding) <= 0:
            raise UserError(self.env._("The promised amount must be positive."))
        open_amount = sum(titles.sudo().mapped("amount_residual"))
        if float_compare(amount, open_amount, precision_rounding=currency.rounding) > 0:
            raise UserError(
                self.env._(
                    "The promised amount %(amount)s is above the open amount "
                    "of the chosen titles, %(open)s.",
                    amount=format_amount(self.env, amount, currency),
                    open=format_amount(self.env, open_amount, currency),
                )
            )

    def _check_can_cancel(self):
        is_supervisor = self.env.su or self.env.user.has_group(
            "telecobranca.group_telecobranca_supervisor"
        )
        for promise in self:
            if promise.state != "open":
                raise UserError(
                    self.env._(
                        "The promise %(promise)s is no longer open.",
                        promise=promise.display_name,
                    )
                )
            if promise.user_id != self.env.user and not is_supervisor:
                raise UserError(
                    self.env._(
                        "Only %(user)s or a collection supervisor may cancel "
                        "this promise.",
                        user=promise.user_id.name,
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_cancel(self, reason=None):
        """Cancel open promises with ``reason`` (or the reason written on
        them); the case's history says who and why."""
        self._check_can_cancel()
        for promise in self:
            text = (reason or promise.cancel_reason or "").strip()
            if not text:
                raise UserError(self.env._("Write why the promise is cancelled first."))
            promise._do_cancel(text)
        return True

    def _do_cancel(self, reason):
        self.ensure_one()
        today = fields.Date.context_today(self)
        self.with_context(telecobranca_flow=FLOW).write(
            {"state": "cancelled", "date_done": today, "cancel_reason": reason}
        )
        body = self.env._(
            "Promise to pay of %(amount)s for %(date)s cancelled by %(user)s: "
            "%(reason)s",
            amount=format_amount(self.env, self.amount, self.currency_id),
            date=format_date(self.env, self.date),
            user=self.env.user.name,
            reason=reason,
        )
        self.env["telecobranca.note"]._log_system_note(
            self.case_id, Markup("<p>%s</p>") % body
        )

    # ------------------------------------------------------------------
    # Daily run
    # ------------------------------------------------------------------
    @api.model
    def _run(self, date=None, batch_size=RUN_BATCH_SIZE):
        """Judge the open promises whose date plus grace days is before
        ``date`` (today by default); returns the promises judged.

        One query claims the due promises (``FOR UPDATE SKIP LOCKED``: an
        overlapping run skips them, a repeated run finds them judged), one
        query sums what their titles received; then a write per promise (its
        outcome and what it received), one ``create`` for all the notes, one
        write of the broken promises' cases and an activity per broken
        promise.
        """
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        self.flush_model(["state", "date", "date_made", "company_id", "amount"])
        self.env["res.company"].flush_model(["telecobranca_promise_grace_days"])
        self.env["account.partial.reconcile"].flush_model()
        self.env["account.move"].flush_model(["move_type", "telecobranca_origin"])
        rows = self.env.execute_query(
            SQL(
                """SELECT promise.id
                     FROM telecobranca_promise promise
                     JOIN res_company company ON company.id = promise.company_id
                    WHERE promise.state = 'open'
                      AND promise.date
                          + COALESCE(company.telecobranca_promise_grace_days, 0) < %s
                 ORDER BY promise.date, promise.id
                    LIMIT %s
               FOR UPDATE OF promise SKIP LOCKED""",
                date,
                batch_size + 1,
            )
        )
        remaining = max(len(rows) - batch_size, 0)
        promises = self.sudo().browse([row[0] for row in rows[:batch_size]])
        if not promises:
            return self
        received = promises._get_amounts_received()
        kept, broken = self.sudo().browse(), self.sudo().browse()
        for promise in promises:
            amount = received.get(promise.id, 0.0)
            if (
                float_compare(
                    amount,
                    promise.amount,
                    precision_rounding=promise.currency_id.rounding,
                )
                >= 0
            ):
                kept |= promise
            else:
                broken |= promise
        flow = {"telecobranca_flow": FLOW}
        for promise in promises:
            promise.with_context(**flow).write(
                {
                    "state": "kept" if promise in kept else "broken",
                    "date_done": date,
                    "amount_received": received.get(promise.id, 0.0),
                }
            )
        promises._log_outcome(date)
        if broken:
            broken._do_broken(date)
        if self.env.context.get("cron_id"):
            self.env["ir.cron"]._notify_progress(
                done=len(promises), remaining=remaining
            )
        return promises.sudo(False)

    def _get_amounts_received(self):
        """{promise id: money its titles received in its window} (see the
        module's doc), in one query."""
        rows = self.env.execute_query(
            SQL(
                """SELECT rel.promise_id, SUM(part.amount)
                     FROM telecobranca_promise_title_rel rel
                     JOIN telecobranca_promise promise ON promise.id = rel.promise_id
                     JOIN res_company company ON company.id = promise.company_id
                     JOIN account_partial_reconcile part
                          ON part.debit_move_id = rel.title_id
                     JOIN account_move_line payment ON payment.id = part.credit_move_id
                     JOIN account_move move ON move.id = payment.move_id
                    WHERE rel.promise_id = ANY(%s)
                      AND part.max_date >= promise.date_made
                      AND part.max_date <= promise.date
                          + COALESCE(company.telecobranca_promise_grace_days, 0)
                      AND move.move_type NOT IN ('out_refund', 'in_refund')
                      AND (move.telecobranca_origin IS NULL
                           OR move.telecobranca_origin NOT IN %s)
                 GROUP BY rel.promise_id""",
                self.ids,
                NOT_MONEY_ORIGINS,
            )
        )
        return dict(rows)

    def _log_outcome(self, date):
        """A note on the case of each promise judged on ``date``."""
        case_bodies = []
        for promise in self:
            values = {
                "amount": format_amount(self.env, promise.amount, promise.currency_id),
                "date": format_date(self.env, promise.date),
                "received": format_amount(
                    self.env, promise.amount_received, promise.currency_id
                ),
                "deadline": format_date(self.env, promise.date_deadline),
            }
            if promise.state == "kept":
                body = self.env._(
                    "Promise to pay of %(amount)s for %(date)s kept: %(received)s "
                    "received by %(deadline)s.",
                    **values,
                )
            else:
                body = self.env._(
                    "Promise to pay of %(amount)s for %(date)s broken: %(received)s "
                    "received by %(deadline)s. The case is due for contact today.",
                    **values,
                )
            case_bodies.append((promise.case_id, Markup("<p>%s</p>") % body))
        self.env["telecobranca.note"]._log_system_notes(case_bodies)

    def _do_broken(self, date):
        """The cases of broken promises are due for contact on ``date`` and
        their collector gets a to-do."""
        cases = self.case_id.filtered(lambda case: case.state == "open")
        cases.sudo().write({"next_date": date})
        for promise in self:
            case = promise.case_id
            if case.state != "open":
                continue
            # the collector's e-mail about his to-do goes to the mail queue:
            # sent by the mail cron, not while the run commits
            case.sudo().with_context(mail_notify_force_send=False).activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=date,
                summary=self.env._(
                    "Broken promise: %(amount)s for %(date)s",
                    amount=format_amount(self.env, promise.amount, promise.currency_id),
                    date=format_date(self.env, promise.date),
                ),
                user_id=(case.user_id or promise.user_id).id,
            )
