# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Dunning cadence (régua de cobrança): reminders that go out by themselves.

A cadence is a list of steps; a step fires on a day counted from each open
title's due date (calendar or business days) and sends one message per
customer, listing every title of the customer due for that step that day.

Which cadence a customer follows: the cadence naming the customer (or one of
its tags), else the cadence of the case type of its open case, else the
company's default cadence. A paused cadence sends nothing (its customers do
not fall back to another one).

The daily run (:meth:`TelecobrancaCadence._run`) is set-based: one query per
company selects the ``(step, title)`` pairs due that day; the pairs are
inserted in the sent log with ``INSERT ... ON CONFLICT DO NOTHING`` on the
unique ``(step_id, move_line_id)``, and only the pairs this run inserted are
sent, so a repeated or overlapping run never sends a step twice for a title.
"""

import logging
from collections import defaultdict
from datetime import timedelta

import pytz
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, create_index, format_amount, format_date

from ..tools.business_days import is_business_day, state_holidays
from .telecobranca_flow import FLOW

_logger = logging.getLogger(__name__)

CADENCE_CHANNELS = [
    ("email", "E-mail"),
    ("sms", "SMS"),
    ("whatsapp", "WhatsApp"),
    ("activity", "Call Activity"),
    ("legal", "Hand Over to Legal"),
    ("status", "Change Administrative Status"),
    ("protest", "Protest (Instruction to the Bank)"),
]
# origin of the case note each channel leaves
CHANNEL_NOTE_ORIGIN = {
    "email": "email",
    "sms": "sms",
    "whatsapp": "whatsapp",
    "activity": "system",
    "legal": "system",
    "status": "system",
    "protest": "system",
}
DEFAULT_TIMEZONE = "America/Sao_Paulo"
# customers' messages sent per batch (the cron reports its progress by them)
MESSAGE_BATCH = 500
# widest offset (days) a step may have
MAX_OFFSET = 365


def shift_days(day, offset, business, holidays=()):
    """The day a step of ``offset`` days fires for a title due on ``day``.

    Calendar days: ``day + offset``. Business days: offset 0 is the first
    business day from the due date (a title due on a holiday is payable on
    the next business day); ``n > 0`` the n-th business day after it; ``n < 0``
    the n-th business day before the due date.
    """
    if not business:
        return day + timedelta(days=offset)
    if offset >= 0:
        while not is_business_day(day, holidays):
            day += timedelta(days=1)
        for _i in range(offset):
            day += timedelta(days=1)
            while not is_business_day(day, holidays):
                day += timedelta(days=1)
        return day
    for _i in range(-offset):
        day -= timedelta(days=1)
        while not is_business_day(day, holidays):
            day -= timedelta(days=1)
    return day


def due_dates_firing_on(run_date, offset, business, holidays=()):
    """The due dates whose step of ``offset`` days fires on ``run_date``."""
    if not business:
        return [run_date - timedelta(days=offset)]
    # a business day is at most a couple of weeks of calendar days away
    # (Carnival, Christmas): search a window wide enough around it
    span = 2 * abs(offset) + 15
    centre = run_date - timedelta(days=offset)
    return [
        centre + timedelta(days=delta)
        for delta in range(-span, span + 1)
        if shift_days(centre + timedelta(days=delta), offset, True, holidays)
        == run_date
    ]


class TelecobrancaCadence(models.Model):
    _name = "telecobranca.cadence"
    _description = "Dunning Cadence"
    _order = "sequence, id"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    is_default = fields.Boolean(
        string="Company Default",
        help="Customers with no cadence of their own or of their case type "
        "follow this one.",
    )
    paused = fields.Boolean(
        help="A paused cadence sends nothing; its customers do not follow "
        "another cadence meanwhile.",
    )
    day_count = fields.Selection(
        [("calendar", "Calendar Days"), ("business", "Business Days")],
        string="Count Days In",
        required=True,
        default="calendar",
        help="Business days skip weekends, bank holidays and the holidays of "
        "the company's state.",
    )
    step_ids = fields.One2many("telecobranca.cadence.step", "cadence_id", "Steps")
    case_type_ids = fields.Many2many(
        "telecobranca.case.type",
        "telecobranca_cadence_telecobranca_case_type_rel",
        "telecobranca_cadence_id",
        "telecobranca_case_type_id",
        string="Case Types",
        help="Customers whose open case has one of these types follow this cadence.",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "res_partner_telecobranca_cadence_rel",
        "telecobranca_cadence_id",
        "res_partner_id",
        string="Customers",
        domain="[('is_company', '=', True)]",
        help="These customers follow this cadence, whatever their case type.",
    )
    partner_category_ids = fields.Many2many(
        "res.partner.category",
        "res_partner_category_telecobranca_cadence_rel",
        "telecobranca_cadence_id",
        "res_partner_category_id",
        string="Customer Tags",
        help="Customers with one of these tags follow this cadence, whatever "
        "their case type.",
    )
    step_count = fields.Integer(compute="_compute_step_count")

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    @api.depends("step_ids")
    def _compute_step_count(self):
        for cadence in self:
            cadence.step_count = len(cadence.step_ids)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("is_default", "active", "company_id")
    def _check_one_default(self):
        for cadence in self.filtered(lambda c: c.is_default and c.active):
            if self.search_count(
                [
                    ("id", "!=", cadence.id),
                    ("company_id", "=", cadence.company_id.id),
                    ("is_default", "=", True),
                    ("active", "=", True),
                ]
            ):
                raise ValidationError(
                    self.env._(
                        "%(company)s already has a default cadence: unmark it first.",
                        company=cadence.company_id.name,
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_pause(self):
        self.paused = True

    def action_resume(self):
        self.paused = False

    def action_preview_tomorrow(self):
        """What the run of tomorrow sends, by step and channel."""
        return self.env["telecobranca.cadence.preview"]._open_preview(
            fields.Date.context_today(self) + timedelta(days=1)
        )

    # ------------------------------------------------------------------
    # Business: selection of what is due
    # ------------------------------------------------------------------
    @api.model
    def _get_paused_title_conditions(self):
        """SQL conditions on the title (alias ``aml``) that keep it out of
        every cadence while they hold, whatever the step.

        The one place where the cadence learns that a title must wait: in
        dispute (an open ``telecobranca.dispute``), covered by an open promise
        to pay (``telecobranca.promise``: the cadence waits for it and goes on
        when the promise is broken), its customer carrying the company's
        excluded tag. A feature that pauses titles appends its condition here;
        the run and the "tomorrow" preview both read them.
        """
        return [
            SQL(
                """NOT EXISTS (SELECT 1 FROM telecobranca_promise_title_rel rel
                                 JOIN telecobranca_promise promise
                                   ON promise.id = rel.promise_id
                                WHERE rel.title_id = aml.id
                                  AND promise.state = 'open')"""
            ),
            SQL(
                """NOT EXISTS (SELECT 1 FROM telecobranca_dispute dispute
                                WHERE dispute.move_line_id = aml.id
                                  AND dispute.state = 'open')"""
            ),
            SQL(
                """NOT EXISTS (
                    SELECT 1 FROM res_company company
                      JOIN res_partner_res_partner_category_rel tag
                        ON tag.category_id = company.telecobranca_excluded_tag_id
                      JOIN res_partner title_partner
                        ON title_partner.id = aml.partner_id
                     WHERE company.id = aml.company_id
                       AND tag.partner_id IN (title_partner.id,
                                              title_partner.commercial_partner_id))"""
            ),
        ]

    @api.model
    def _get_holidays(self, company, date_from, date_to):
        """Holidays beyond the national bank holidays between two dates, a
        set of dates: the public holidays of the state of a Brazilian
        company's address (São Paulo's 9 July, Rio's 23 April...). An addon
        with a city calendar extends it (``super()`` plus its own days)."""
        state = company.state_id
        if not state or state.country_id.code != "BR":
            return set()
        years = range(date_from.year, date_to.year + 1)
        return {
            day
            for day in state_holidays(state.code, years)
            if date_from <= day <= date_to
        }

    @api.model
    def _due_steps_values(self, company, run_date):
        """SQL ``VALUES (step_id, due_date)`` of the steps of ``company``'s
        running cadences and the due dates they fire for on ``run_date``."""
        steps = (
            self.env["telecobranca.cadence.step"]
            .sudo()
            .search(
                [
                    ("cadence_id.company_id", "=", company.id),
                    ("cadence_id.paused", "=", False),
                ]
            )
        )
        holidays = self._get_holidays(
            company,
            run_date - timedelta(days=2 * MAX_OFFSET),
            run_date + timedelta(days=2 * MAX_OFFSET),
        )
        pairs = [
            SQL("(%s, %s::date)", step.id, due_date)
            for step in steps
            for due_date in due_dates_firing_on(
                run_date,
                step.offset_days,
                step.cadence_id.day_count == "business",
                holidays,
            )
        ]
        return SQL(", ").join(pairs) if pairs else None

    @api.model
    def _flush_for_run(self):
        self.env["account.move.line"].flush_model(
            [
                "company_id",
                "is_title",
                "is_forecast",
                "parent_state",
                "reconciled",
                "amount_residual",
                "date_maturity",
                "partner_id",
            ]
        )
        self.env["res.partner"].flush_model(["commercial_partner_id", "category_id"])
        for model in (
            "telecobranca.cadence",
            "telecobranca.cadence.step",
            "telecobranca.cadence.log",
            "telecobranca.dispute",
            "telecobranca.promise",
            "telecobranca.case",
        ):
            self.env[model].flush_model()
        self.env["res.company"].flush_model(["telecobranca_excluded_tag_id"])

    @api.model
    def _due_titles_sql(self, company, run_date):
        """SQL of ``(step_id, line_id, partner_id)`` due on ``run_date`` in
        ``company``: open titles (posted, not settled, not forecast) of
        customers whose cadence (customer or tag → case type → company
        default) has a step firing for their due date, not yet sent for that
        step, not paused (:meth:`_get_paused_title_conditions`)."""
        values = self._due_steps_values(company, run_date)
        if values is None:
            return None
        return SQL(
            """
            WITH due_step(step_id, due_date) AS (VALUES %(values)s),
            customer AS (
                SELECT DISTINCT partner.commercial_partner_id AS partner_id
                  FROM account_move_line aml
                  JOIN res_partner partner ON partner.id = aml.partner_id
                 WHERE aml.company_id = %(company)s AND aml.is_title
                   AND aml.parent_state = 'posted' AND aml.reconciled IS NOT TRUE
                   AND aml.date_maturity IN (SELECT due_date FROM due_step)
            ),
            choice AS (
                SELECT DISTINCT ON (customer.partner_id)
                       customer.partner_id, cadence.id AS cadence_id
                  FROM customer
                  JOIN telecobranca_cadence cadence
                    ON cadence.company_id = %(company)s AND cadence.active
                  LEFT JOIN telecobranca_case open_case
                    ON open_case.partner_id = customer.partner_id
                   AND open_case.company_id = %(company)s
                   AND open_case.state = 'open'
                 CROSS JOIN LATERAL (SELECT CASE
                    WHEN EXISTS (
                        SELECT 1 FROM res_partner_telecobranca_cadence_rel rel
                         WHERE rel.telecobranca_cadence_id = cadence.id
                           AND rel.res_partner_id = customer.partner_id)
                      OR EXISTS (
                        SELECT 1
                          FROM res_partner_category_telecobranca_cadence_rel rel
                          JOIN res_partner_res_partner_category_rel tag
                            ON tag.category_id = rel.res_partner_category_id
                         WHERE rel.telecobranca_cadence_id = cadence.id
                           AND tag.partner_id = customer.partner_id) THEN 1
                    WHEN EXISTS (
                        SELECT 1
                          FROM telecobranca_cadence_telecobranca_case_type_rel rel
                         WHERE rel.telecobranca_cadence_id = cadence.id
                           AND rel.telecobranca_case_type_id
                               = open_case.case_type_id) THEN 2
                    WHEN cadence.is_default THEN 3
                    END AS rank) choice_rank
                 WHERE choice_rank.rank IS NOT NULL
              ORDER BY customer.partner_id, choice_rank.rank, cadence.sequence,
                       cadence.id
            )
            SELECT step.id, aml.id, choice.partner_id
              FROM choice
              JOIN telecobranca_cadence cadence
                ON cadence.id = choice.cadence_id AND cadence.paused IS NOT TRUE
              JOIN telecobranca_cadence_step step ON step.cadence_id = cadence.id
              JOIN due_step ON due_step.step_id = step.id
              JOIN res_partner partner
                ON partner.commercial_partner_id = choice.partner_id
              JOIN account_move_line aml
                ON aml.partner_id = partner.id
               AND aml.date_maturity = due_step.due_date
             WHERE aml.company_id = %(company)s AND aml.is_title
               AND aml.parent_state = 'posted' AND aml.reconciled IS NOT TRUE
               AND aml.is_forecast IS NOT TRUE AND aml.amount_residual > 0
               AND NOT EXISTS (SELECT 1 FROM telecobranca_cadence_log sent
                                WHERE sent.step_id = step.id
                                  AND sent.move_line_id = aml.id)
               AND %(paused)s
          ORDER BY choice.partner_id, step.sequence, step.id, aml.date_maturity,
                   aml.id
            """,
            values=values,
            company=company.id,
            paused=SQL(" AND ").join(self._get_paused_title_conditions()),
        )

    @api.model
    def _get_due_messages(self, company, run_date):
        """The messages due on ``run_date`` in ``company``: a list of
        ``(partner, step, titles)``, one per customer and step, within the
        company's weekly limit of messages per customer."""
        self._flush_for_run()
        query = self._due_titles_sql(company, run_date)
        if query is None:
            return []
        grouped = defaultdict(list)
        for step_id, line_id, partner_id in self.env.execute_query(query):
            grouped[partner_id, step_id].append(line_id)
        if not grouped:
            return []
        limit = company.telecobranca_cadence_weekly_limit
        already = defaultdict(int)
        if limit:
            already.update(
                self.env.execute_query(
                    SQL(
                        """SELECT partner_id, count(DISTINCT (step_id, date))
                             FROM telecobranca_cadence_log
                            WHERE company_id = %s AND partner_id = ANY(%s)
                              AND date > %s AND date <= %s
                         GROUP BY partner_id""",
                        company.id,
                        list({partner_id for partner_id, _step in grouped}),
                        run_date - timedelta(days=7),
                        run_date,
                    )
                )
            )
        messages = []
        for (partner_id, step_id), line_ids in grouped.items():
            if limit and already[partner_id] >= limit:
                continue
            already[partner_id] += 1
            messages.append((partner_id, step_id, line_ids))
        return self._browse_messages(messages)

    @api.model
    def _browse_messages(self, messages):
        """``(partner, step, titles)`` of ``messages`` given by ids, every
        record prefetched with those of all the messages: reading a field of
        one message's titles reads it for the titles of every message at
        once, in one query whatever the number of messages."""
        partner_ids = list({partner_id for partner_id, _s, _l in messages})
        step_ids = list({step_id for _p, step_id, _l in messages})
        line_ids = list({line_id for _p, _s, lines in messages for line_id in lines})
        Partner = self.env["res.partner"].sudo().with_prefetch(partner_ids)
        Step = self.env["telecobranca.cadence.step"].sudo().with_prefetch(step_ids)
        Line = self.env["account.move.line"].sudo().with_prefetch(line_ids)
        return [
            (
                Partner.browse(partner_id).with_prefetch(partner_ids),
                Step.browse(step_id).with_prefetch(step_ids),
                Line.browse(lines).with_prefetch(line_ids),
            )
            for partner_id, step_id, lines in messages
        ]

    # ------------------------------------------------------------------
    # Business: the daily run
    # ------------------------------------------------------------------
    @api.model
    def _company_now(self, company):
        tz = pytz.timezone(company.partner_id.tz or DEFAULT_TIMEZONE)
        return pytz.utc.localize(fields.Datetime.now()).astimezone(tz)

    @api.model
    def _run(self, date=None, companies=None, limit=None):
        """Send the steps due on ``date`` (today by default) for every
        company with cadences; returns the number of messages sent.

        Today's run waits for each company's sending hour (a run on another
        ``date``, by a test or an operator, does not). ``limit`` bounds the
        messages of this call (the cron's batches): the rest is reported as
        remaining and sent by the next call.
        """
        run_date = fields.Date.to_date(date) if date else None
        if companies is None:
            companies = (
                self.env["telecobranca.cadence"]
                .sudo()
                .search([("paused", "=", False)])
                .company_id
            )
        done = remaining = 0
        for company in companies:
            company_date = run_date
            if not company_date:
                now = self._company_now(company)
                if now.hour < company.telecobranca_cadence_hour:
                    continue
                company_date = now.date()
            messages = (
                self.sudo()
                .with_company(company)
                ._get_due_messages(company, company_date)
            )
            if limit is not None:
                budget = max(limit - done, 0)
                remaining += max(len(messages) - budget, 0)
                messages = messages[:budget]
            for start in range(0, len(messages), MESSAGE_BATCH):
                batch = messages[start : start + MESSAGE_BATCH]
                done += (
                    self.sudo()
                    .with_company(company)
                    ._send_messages(company, company_date, batch)
                )
                self.env["ir.cron"]._notify_progress(
                    done=done, remaining=remaining + len(messages) - start - len(batch)
                )
        return done

    @api.model
    def _cron_run(self):
        self._run(limit=MESSAGE_BATCH * 10)

    @api.model
    def _claim(self, company, run_date, messages):
        """Insert the sent log of ``messages``; keep the titles this call
        inserted (a concurrent run that inserted a pair sends it instead)."""
        rows = [
            SQL(
                "(%s, %s, %s, %s, %s, %s, %s, now() at time zone 'UTC', %s,"
                " now() at time zone 'UTC')",
                step.id,
                title.id,
                partner.id,
                company.id,
                run_date,
                step.channel,
                self.env.uid,
                self.env.uid,
            )
            for partner, step, titles in messages
            for title in titles
        ]
        if not rows:
            return []
        inserted = {
            (step_id, line_id)
            for step_id, line_id in self.env.execute_query(
                SQL(
                    """INSERT INTO telecobranca_cadence_log
                         (step_id, move_line_id, partner_id, company_id, date,
                          channel, create_uid, create_date, write_uid,
                          write_date)
                       VALUES %s
                       ON CONFLICT (step_id, move_line_id) DO NOTHING
                       RETURNING step_id, move_line_id""",
                    SQL(", ").join(rows),
                )
            )
        }
        self.env["telecobranca.cadence.log"].invalidate_model()
        claimed = []
        for partner, step, titles in messages:
            mine = [t_id for t_id in titles.ids if (step.id, t_id) in inserted]
            if mine:
                claimed.append((partner.id, step.id, mine))
        return self._browse_messages(claimed)

    @api.model
    def _send_messages(self, company, run_date, messages):
        """Send ``messages`` (``(partner, step, titles)``) in one batch per
        channel; each leaves a note on the customer's open case."""
        messages = self._claim(company, run_date, messages)
        cases = {
            case.partner_id.id: case
            for case in self.env["telecobranca.case"]._get_open_cases(
                self.env["res.partner"].union(*(m[0] for m in messages)), company
            )
        }
        by_channel = defaultdict(list)
        for partner, step, titles in messages:
            by_channel[step.channel].append(
                (partner, step, titles, cases.get(partner.id))
            )
        notes = []
        for channel, channel_messages in by_channel.items():
            sender = getattr(self, f"_send_{channel}")
            notes += sender(company, channel_messages)
        for origin in {origin for _case, _body, origin in notes}:
            self.env["telecobranca.note"]._log_system_notes(
                [(case, body) for case, body, o in notes if case and o == origin],
                origin=origin,
            )
        return len(messages)

    # ------------------------------------------------------------------
    # Business: the message
    # ------------------------------------------------------------------
    @api.model
    def _title_lines(self, env, titles, codes=True):
        """One line per title: number, due date, amount (and the boleto's
        digitable line and PIX copy-and-paste when it has them)."""
        lines = []
        for title in titles.sorted(lambda t: (t.date_maturity, t.id)):
            lines.append(
                env._(
                    "%(number)s, due %(date)s: %(amount)s",
                    number=title.title_number or title.move_id.name,
                    date=format_date(env, title.date_maturity),
                    amount=format_amount(
                        env, title.amount_residual, title.company_currency_id
                    ),
                )
            )
            if codes and title.boleto_digitable_line:
                lines.append(
                    env._("Digitable line: %(line)s", line=title.boleto_digitable_line)
                )
            if codes and title.boleto_pix_payload:
                lines.append(
                    env._("PIX copy and paste: %(code)s", code=title.boleto_pix_payload)
                )
        return lines

    @api.model
    def _message_text(self, partner, step, titles):
        """The plain text of an SMS or WhatsApp message of ``step``."""
        env = self.env["telecobranca.send"]._customer_env(partner)
        intro = step.with_env(env).message or env._(
            "%(company)s: reminder of your titles.",
            company=step.company_id.name,
        )
        return "\n".join([intro, *self._title_lines(env, titles)])

    @api.model
    def _note_body(self, step, titles, text, message=None):
        Send = self.env["telecobranca.send"]
        return Markup("<p>%s</p><p>%s</p>%s") % (
            escape(text),
            escape(Send._title_numbers(titles)),
            Send._message_html(message),
        )

    @api.model
    def _step_text(self, step):
        return self.env._(
            "Cadence %(cadence)s, step %(step)s",
            cadence=step.cadence_id.name,
            step=step.name,
        )

    # ------------------------------------------------------------------
    # Business: channels (each returns [(case, note body, note origin)])
    # ------------------------------------------------------------------
    @api.model
    def _send_email(self, company, messages):
        """Queue one e-mail per customer and step (Odoo's mail queue sends
        them), with the boletos' PDF of the titles issued."""
        Send = self.env["telecobranca.send"]
        vals_list, notes = [], []
        email_from = company.email_formatted or self.env.user.email_formatted
        if not email_from:
            text = self.env._(
                "%(company)s has no e-mail address: the cadence sent no e-mail.",
                company=company.name,
            )
            return [
                (case, self._note_body(step, titles, text), "system")
                for _partner, step, titles, case in messages
            ]
        rendered = self._render_templates(company, messages)
        for partner, step, titles, case in messages:
            if not partner.email:
                notes.append(
                    (
                        case,
                        self._note_body(
                            step,
                            titles,
                            self.env._(
                                "%(step)s: no e-mail sent, the customer has no "
                                "e-mail address.",
                                step=self._step_text(step),
                            ),
                        ),
                        "system",
                    )
                )
                continue
            env = Send._customer_env(partner)
            subject, body = rendered[step.mail_template_id][partner.id]
            listing = Markup("<ul>%s</ul>") % Markup("").join(
                Markup("<li>%s</li>") % line for line in self._title_lines(env, titles)
            )
            attachments = []
            issued = titles.filtered("boleto_barcode")
            if issued and step.attach_boleto:
                attachments = Send._create_boleto_attachment(issued).ids
            vals_list.append(
                {
                    "subject": subject,
                    "body_html": Markup("%s%s") % (body, listing),
                    "email_from": email_from,
                    "reply_to": company.telecobranca_reply_to or email_from,
                    "recipient_ids": [(6, 0, partner.ids)],
                    "attachment_ids": [(6, 0, attachments)],
                    "model": case._name if case else partner._name,
                    "res_id": case.id if case else partner.id,
                    "auto_delete": True,
                }
            )
            notes.append(
                (
                    case,
                    self._note_body(
                        step,
                        titles,
                        self.env._(
                            "%(step)s: e-mail %(subject)s sent to %(email)s.",
                            step=self._step_text(step),
                            subject=subject,
                            email=partner.email,
                        ),
                    ),
                    "email",
                )
            )
        self.env["mail.mail"].sudo().create(vals_list)
        return notes

    @api.model
    def _render_templates(self, company, messages):
        """{template: {partner id: (subject, body)}}: each template of the
        e-mail steps rendered once for all its customers (each in his
        language), not once per message."""
        partners = defaultdict(set)
        for partner, step, _titles, _case in messages:
            if partner.email:
                partners[step.mail_template_id].add(partner.id)
        rendered = {}
        for template, partner_ids in partners.items():
            ids = sorted(partner_ids)
            renderer = template.with_context(telecobranca_company=company.name)
            subjects = renderer._render_field("subject", ids, compute_lang=True)
            bodies = renderer._render_field("body_html", ids, compute_lang=True)
            rendered[template] = {
                partner_id: (subjects[partner_id], bodies[partner_id])
                for partner_id in ids
            }
        return rendered

    @api.model
    def _send_sms(self, company, messages):
        """Queue one SMS per customer and step in Odoo's SMS queue."""
        vals_list, notes = [], []
        for partner, step, titles, case in messages:
            number = partner.mobile or partner.phone
            if not number:
                notes.append(
                    (
                        case,
                        self._note_body(
                            step,
                            titles,
                            self.env._(
                                "%(step)s: no SMS sent, the customer has no "
                                "mobile number.",
                                step=self._step_text(step),
                            ),
                        ),
                        "system",
                    )
                )
                continue
            text = self._message_text(partner, step, titles)
            vals_list.append(
                {
                    "number": number,
                    "body": text,
                    "partner_id": partner.id,
                    "state": "outgoing",
                }
            )
            notes.append(
                (
                    case,
                    self._note_body(
                        step,
                        titles,
                        self.env._(
                            "%(step)s: SMS sent to %(number)s.",
                            step=self._step_text(step),
                            number=number,
                        ),
                        text,
                    ),
                    "sms",
                )
            )
        self.env["sms.sms"].sudo().create(vals_list)
        return notes

    @api.model
    def _send_whatsapp_gateway(self, company, messages):
        """Send WhatsApp ``messages`` (``(partner, step, titles, case, text)``)
        through a WhatsApp Business gateway; return those it could not send.

        None here: a gateway addon overrides this method, sends what it can
        and calls ``super()`` with the rest, which become activities of the
        collector with the prepared click-to-chat link.
        """
        return messages

    @api.model
    def _send_whatsapp(self, company, messages):
        prepared = [
            (partner, step, titles, case, self._message_text(partner, step, titles))
            for partner, step, titles, case in messages
        ]
        left = self._send_whatsapp_gateway(company, prepared)
        sent = [m for m in prepared if m not in left]
        notes = [
            (
                case,
                self._note_body(
                    step,
                    titles,
                    self.env._(
                        "%(step)s: WhatsApp message sent.", step=self._step_text(step)
                    ),
                    text,
                ),
                "whatsapp",
            )
            for _partner, step, titles, case, text in sent
        ]
        Send = self.env["telecobranca.send"]
        activities = []
        for partner, step, titles, case, text in left:
            number = partner.mobile or partner.phone
            try:
                url = Send._get_whatsapp_url(number, text)
            except UserError:
                url = False
            note = self._note_body(step, titles, self._step_text(step), text)
            if url:
                # the link as text too: the HTML sanitizer drops an href whose
                # text looks like a scheme ("...data: ...")
                note += Markup(
                    '<p><a href="%s" target="_blank">%s</a></p><p>%s</p>'
                ) % (
                    url,
                    self.env._("Open WhatsApp with this message"),
                    url,
                )
            activities.append(
                (
                    partner,
                    step,
                    case,
                    self.env._("Send the WhatsApp message of the cadence"),
                    note,
                )
            )
            notes.append(
                (
                    case,
                    self._note_body(
                        step,
                        titles,
                        self.env._(
                            "%(step)s: WhatsApp message prepared for the collector.",
                            step=self._step_text(step),
                        ),
                        text,
                    ),
                    "whatsapp",
                )
            )
        self._create_activities(company, activities)
        return notes

    @api.model
    def _send_activity(self, company, messages):
        activities, notes = [], []
        for partner, step, titles, case in messages:
            env = self.env
            listing = Markup("<ul>%s</ul>") % Markup("").join(
                Markup("<li>%s</li>") % line
                for line in self._title_lines(env, titles, codes=False)
            )
            activities.append(
                (
                    partner,
                    step,
                    case,
                    self.env._("Call the customer (cadence)"),
                    Markup("<p>%s</p>%s") % (self._step_text(step), listing),
                )
            )
            notes.append(
                (
                    case,
                    self._note_body(
                        step,
                        titles,
                        self.env._(
                            "%(step)s: call scheduled for the collector.",
                            step=self._step_text(step),
                        ),
                    ),
                    "system",
                )
            )
        self._create_activities(company, activities)
        return notes

    @api.model
    def _create_activities(self, company, activities):
        """One activity each ``(partner, step, case, summary, note)`` for the
        case's collector (the company's default collector without a case),
        on the case (the customer without one), due today."""
        today = fields.Date.context_today(self)
        call = self.env.ref("mail.mail_activity_data_call", raise_if_not_found=False)
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_ids = {
            name: self.env["ir.model"]._get_id(name)
            for name in ("telecobranca.case", "res.partner")
        }
        vals_list = []
        for partner, step, case, summary, note in activities:
            record = case or partner
            user = (case and case.user_id) or company.telecobranca_collector_id
            vals_list.append(
                {
                    "res_model_id": model_ids[record._name],
                    "res_id": record.id,
                    "user_id": (user or self.env.user).id,
                    "activity_type_id": (
                        (call or todo) if step.channel == "activity" else todo
                    ).id,
                    "summary": summary,
                    "note": note,
                    "date_deadline": today,
                }
            )
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        ).create(vals_list)

    @api.model
    def _send_status(self, company, messages):
        """Set the step's administrative status on the titles."""
        notes = []
        for status, status_messages in self._group_by_status(messages).items():
            titles = self.env["account.move.line"].union(
                *(titles for _p, _s, titles, _c in status_messages)
            )
            # an administrative field: nothing of the entries changes, their
            # taxes and terms need no synchronisation (one per entry else)
            titles.with_context(telecobranca_flow=FLOW, skip_invoice_sync=True).write(
                {"collection_status_id": status.id}
            )
            for _partner, step, step_titles, case in status_messages:
                notes.append(
                    (
                        case,
                        self._note_body(
                            step,
                            step_titles,
                            self.env._(
                                "%(step)s: administrative status set to %(status)s.",
                                step=self._step_text(step),
                                status=status.name,
                            ),
                        ),
                        "system",
                    )
                )
        return notes

    @api.model
    def _send_protest(self, company, messages):
        """Hand the step's titles over to protest: a protest instruction to
        the bank for each, only when the company allows it, never for a title
        in dispute (``telecobranca.bank.instruction._queue_cadence_protests``)."""
        Instruction = self.env["telecobranca.bank.instruction"]
        notes = []
        for _partner, step, titles, case in messages:
            if not company.telecobranca_cadence_protest:
                instructions, left = Instruction.browse(), titles
                text = self.env._(
                    "%(step)s: no protest, the company does not allow protest by "
                    "the cadence.",
                    step=self._step_text(step),
                )
            else:
                instructions, left = Instruction._queue_cadence_protests(titles)
                text = self.env._(
                    "%(step)s: protest instruction to the bank for %(count)s "
                    "title(s); %(left)s left out (not registered, in dispute or "
                    "already waiting).",
                    step=self._step_text(step),
                    count=len(instructions),
                    left=len(left),
                )
            notes.append((case, self._note_body(step, titles, text), "system"))
        return notes

    @api.model
    def _send_legal(self, company, messages):
        """Hand the titles over to legal collection: their administrative
        status becomes *Legal*, a note on the case and an activity for its
        collector. Only when the company allows it, and never for a title in
        dispute (checked again here: a dispute may have been opened since the
        titles were selected)."""
        status = self.env.ref("telecobranca.title_status_legal")
        if not company.telecobranca_cadence_allow_legal:
            return [
                (
                    case,
                    self._note_body(
                        step,
                        titles,
                        self.env._(
                            "%(step)s: not handed over to legal, %(company)s "
                            "does not allow the cadence to do it.",
                            step=self._step_text(step),
                            company=company.name,
                        ),
                    ),
                    "system",
                )
                for _partner, step, titles, case in messages
            ]
        Line = self.env["account.move.line"]
        disputed = Line.union(*(m[2] for m in messages)).filtered(
            "telecobranca_in_dispute"
        )
        handed_ids, activities, notes = [], [], []
        for partner, step, titles, case in messages:
            in_dispute, kept = titles & disputed, titles - disputed
            if in_dispute:
                notes.append(
                    (
                        case,
                        self._note_body(
                            step,
                            in_dispute,
                            self.env._(
                                "%(step)s: not handed over to legal, the titles "
                                "are in dispute.",
                                step=self._step_text(step),
                            ),
                        ),
                        "system",
                    )
                )
            if not kept:
                continue
            handed_ids += kept.ids
            text = self.env._(
                "%(step)s: titles handed over to legal collection (status %(status)s).",
                step=self._step_text(step),
                status=status.name,
            )
            notes.append((case, self._note_body(step, kept, text), "system"))
            activities.append(
                (
                    partner,
                    step,
                    case,
                    self.env._("Hand the titles over to the legal department"),
                    self._note_body(step, kept, text),
                )
            )
        # an administrative field: nothing of the entries changes
        Line.browse(handed_ids).with_context(
            telecobranca_flow=FLOW, skip_invoice_sync=True
        ).write({"collection_status_id": status.id})
        self._create_activities(company, activities)
        return notes

    @api.model
    def _group_by_status(self, messages):
        grouped = defaultdict(list)
        for message in messages:
            grouped[message[1].status_id].append(message)
        return grouped


class TelecobrancaCadenceStep(models.Model):
    _name = "telecobranca.cadence.step"
    _description = "Dunning Cadence Step"
    _order = "cadence_id, offset_days, sequence, id"
    _check_company_auto = True

    cadence_id = fields.Many2one(
        "telecobranca.cadence", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="cadence_id.company_id", store=True, index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    offset_days = fields.Integer(
        string="Days From Due Date",
        required=True,
        help="Negative: before the due date (reminder); 0: on the due date; "
        "positive: days overdue.",
    )
    channel = fields.Selection(
        CADENCE_CHANNELS, string="Action", required=True, default="email"
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="E-mail Template",
        domain="[('model', '=', 'res.partner')]",
        help="Template of the customer; the titles concerned are listed "
        "below its text.",
    )
    attach_boleto = fields.Boolean(
        string="Attach Boletos",
        default=True,
        help="Attach the boleto PDF of the titles whose boleto is issued.",
    )
    message = fields.Text(
        translate=True,
        help="Text of the SMS or WhatsApp message; the titles concerned are "
        "listed below it.",
    )
    status_id = fields.Many2one(
        "telecobranca.title.status",
        string="New Administrative Status",
        check_company=True,
    )

    @api.constrains("offset_days", "channel", "mail_template_id", "status_id")
    def _check_step(self):
        for step in self:
            if abs(step.offset_days) > MAX_OFFSET:
                raise ValidationError(
                    self.env._(
                        "A step fires at most %(days)s days from the due date.",
                        days=MAX_OFFSET,
                    )
                )
            if step.channel == "email" and not step.mail_template_id:
                raise ValidationError(
                    self.env._(
                        "Choose the e-mail template of the step %(step)s.",
                        step=step.name,
                    )
                )
            if (
                step.channel == "legal"
                and not step.company_id.telecobranca_cadence_allow_legal
            ):
                raise ValidationError(
                    self.env._(
                        "%(company)s does not let the cadence hand titles over "
                        "to legal: allow it in the settings first.",
                        company=step.company_id.name,
                    )
                )
            if step.channel == "status" and not step.status_id:
                raise ValidationError(
                    self.env._(
                        "Choose the administrative status the step %(step)s sets.",
                        step=step.name,
                    )
                )


class TelecobrancaCadenceLog(models.Model):
    """What the cadence sent: one row per step and title, inserted by the run
    in SQL (``ON CONFLICT DO NOTHING``); its uniqueness is what keeps a step
    from being sent twice for a title."""

    _name = "telecobranca.cadence.log"
    _description = "Dunning Cadence Sent Log"
    _order = "date desc, id desc"
    _check_company_auto = True

    step_id = fields.Many2one(
        "telecobranca.cadence.step", required=True, ondelete="cascade", index=True
    )
    move_line_id = fields.Many2one(
        "account.move.line", string="Title", required=True, ondelete="cascade"
    )
    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    company_id = fields.Many2one("res.company", required=True, index=True)
    date = fields.Date(required=True)
    channel = fields.Selection(CADENCE_CHANNELS, required=True)

    _sql_constraints = [
        (
            "step_title_uniq",
            "UNIQUE (step_id, move_line_id)",
            "A cadence step is sent once for a title.",
        )
    ]

    def init(self):
        create_index(
            self.env.cr,
            "telecobranca_cadence_log_partner_date_idx",
            self._table,
            ["partner_id", "date"],
        )
