# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Opening of collection cases, automatic (cron) and manual (wizard).

The automatic opening is set-based: per company and chunk of customers, a
fixed number of SQL queries select the eligible titles, create the missing
cases and add the titles to the customers' open cases. The chunks are paged
by customer key and claimed with an advisory lock, so several processes
running the opening at once share the work. Two overlapping runs
never duplicate anything: a partial unique index allows one open case per
customer and company and one open case per title, every INSERT is
``ON CONFLICT DO NOTHING``, and the open cases being extended are locked with
``FOR UPDATE SKIP LOCKED`` (a concurrent run skips them, no global lock).
Odoo's transactions are REPEATABLE READ: a conflict with a transaction that
committed after ours started is a serialization failure, caught in a
savepoint; the customers concerned are skipped, the next run takes them.
"""

import logging
import socket

from markupsafe import Markup, escape
from psycopg2.errors import SerializationFailure, UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.misc import get_lang

from .telecobranca_input import check_date_values

_logger = logging.getLogger(__name__)

# Where the cron's next call resumes: {(database, company, lastcall): last
# customer id done}. The cron framework calls ``_run`` again in the same
# process while customers remain, with the same ``lastcall`` until the job is
# fully done; another process (or a new day) starts from the first customer.
_CRON_CURSORS = {}


class TelecobrancaCaseOpening(models.AbstractModel):
    _name = "telecobranca.case.opening"
    _description = "Collection Case Opening"

    _batch_size = 2000  # customers per chunk

    # ------------------------------------------------------------------
    # Eligibility (F2.3)
    # ------------------------------------------------------------------
    @api.model
    def _eligible_titles_sql(
        self, company, partner_ids=None, line_ids=None, in_case=False, chunk=None
    ):
        """SQL selecting ``(line_id, partner_id)`` of the eligible titles.

        Eligible: a posted receivable title with an open amount, whose status
        enters collection (or that has no status), overdue by more than the
        company's minimum days, whose payment form is not a cheque and that
        is in no open case. ``partner_id`` is the commercial partner.

        The titles in an open case are removed with ``EXCEPT``, a hashed or
        sorted set operation whatever the statistics say: a ``NOT EXISTS``
        anti-join on the case lines turns quadratic when the planner believes
        the table empty (right after installation, or while the run fills
        it). ``in_case=True`` keeps them (the cheapest form, for a statement
        that must not read the case lines, e.g. the benchmark's floor).

        ``chunk`` (``(after, last)``, two SQL expressions) keeps the customers
        (commercial partners) ``after < id <= last``: both sides of the
        ``EXCEPT`` then read only the chunk's partners, through the indexes on
        ``res_partner.commercial_partner_id``, the open titles by partner and
        the open case lines by partner, so a chunk costs the same whatever
        the size of the database.
        """
        today = fields.Date.context_today(self)
        threshold = fields.Date.subtract(
            today, days=company.telecobranca_min_days_overdue
        )
        title_conditions = [
            SQL("aml.company_id = %s", company.id),
            SQL("aml.is_title"),
            SQL("aml.parent_state = 'posted'"),
            SQL("aml.reconciled IS NOT TRUE"),
            SQL("aml.amount_residual > 0"),
            SQL("aml.date_maturity < %s", threshold),
        ]
        if line_ids is not None:
            title_conditions.append(SQL("aml.id = ANY(%s)", list(line_ids)))
        case_line_conditions = [SQL("case_line.is_open")]
        if chunk is not None:
            chunk_partners = SQL(
                """(SELECT chunk_partner.id FROM res_partner chunk_partner
                     WHERE chunk_partner.commercial_partner_id > %s
                       AND chunk_partner.commercial_partner_id <= %s)""",
                *chunk,
            )
            title_conditions.append(SQL("aml.partner_id IN %s", chunk_partners))
            case_line_conditions.append(
                SQL("case_line.partner_id IN %s", chunk_partners)
            )
        conditions = [
            SQL("(status.id IS NULL OR status.enters_collection)"),
            SQL("(form.id IS NULL OR form.kind != 'check')"),
        ]
        if in_case:
            titles = SQL("account_move_line aml")
            conditions += title_conditions
        else:
            titles = SQL(
                """(SELECT aml.id FROM account_move_line aml WHERE %s
                     EXCEPT
                    SELECT case_line.move_line_id
                      FROM telecobranca_case_line case_line
                     WHERE %s) candidate
                  JOIN account_move_line aml ON aml.id = candidate.id""",
                SQL(" AND ").join(title_conditions),
                SQL(" AND ").join(case_line_conditions),
            )
        if partner_ids is not None:
            conditions.append(
                SQL("partner.commercial_partner_id = ANY(%s)", list(partner_ids))
            )
        if chunk is not None:
            conditions.append(
                SQL(
                    "partner.commercial_partner_id > %s"
                    " AND partner.commercial_partner_id <= %s",
                    *chunk,
                )
            )
        return SQL(
            """SELECT aml.id AS line_id,
                      partner.commercial_partner_id AS partner_id,
                      aml.title_number, aml.amount_residual, aml.date_maturity
                 FROM %s
                 JOIN res_partner partner ON partner.id = aml.partner_id
            LEFT JOIN telecobranca_title_status status
                   ON status.id = aml.collection_status_id
            LEFT JOIN telecobranca_payment_form form ON form.id = aml.payment_form_id
                WHERE %s""",
            titles,
            SQL(" AND ").join(conditions),
        )

    def _flush_for_opening(self):
        self.env["account.move.line"].flush_model(
            [
                "company_id",
                "is_title",
                "parent_state",
                "reconciled",
                "amount_residual",
                "date_maturity",
                "collection_status_id",
                "payment_form_id",
                "partner_id",
                "title_number",
            ]
        )
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        self.env["telecobranca.title.status"].flush_model(["enters_collection"])
        self.env["telecobranca.payment.form"].flush_model(["kind"])
        self.env["telecobranca.case"].flush_model()
        self.env["telecobranca.case.line"].flush_model()

    @api.model
    def _get_eligible_titles(self, company, partner_ids=None, line_ids=None):
        """Eligible titles (``account.move.line``) of ``company``."""
        self._flush_for_opening()
        rows = self.env.execute_query(
            self._eligible_titles_sql(company, partner_ids, line_ids)
        )
        return self.env["account.move.line"].browse(row[0] for row in rows)

    # ------------------------------------------------------------------
    # Automatic opening (F2.2)
    # ------------------------------------------------------------------
    @api.model
    def _run(self, companies=None, batch_size=None):
        """Open cases for the eligible titles of ``companies``.

        The customers are taken in chunks of ``batch_size`` by key (commercial
        partner id, ``WHERE id > last``): a chunk reads only its own titles
        and case lines, so the time per title stays flat however large the
        database. Each chunk is claimed with a transaction-level advisory
        lock before it is worked: several processes running the opening at
        once (Odoo processes on several machines, the cron and the *Update
        collections* action) share the chunks, each working the ones the
        others did not claim, and nothing is done twice.

        Called by the cron, each call handles one chunk with work per company
        and reports its progress: the cron framework commits and calls again
        while customers remain, and the next call resumes after the last
        customer done (in the same process and job run, see
        ``_CRON_CURSORS``) instead of walking the done chunks again. Called
        otherwise (the *Update collections* action, tests), it works until
        the last chunk.
        """
        if companies is None:
            companies = (
                self.env["res.company"]
                .sudo()
                .search([("telecobranca_auto_open", "=", True)])
            )
        batch_size = batch_size or self._batch_size
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        done = remaining = 0
        lastcall = self.env.context.get("lastcall")
        for company in companies:
            opening = self.with_company(company)
            cursor = (self.env.cr.dbname, company.id, str(lastcall))
            resume = in_cron and lastcall
            after = _CRON_CURSORS.get(cursor, 0) if resume else 0
            while True:
                batch_done, last, more = opening._open_batch(company, batch_size, after)
                done += batch_done
                if not more:
                    _CRON_CURSORS.pop(cursor, None)
                    break
                after = last
                if in_cron and batch_done:
                    if resume:
                        _CRON_CURSORS[cursor] = after
                    remaining += opening._count_customers_after(company, after)
                    break
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done

    @api.model
    def _open_batch(self, company, limit, after=0):
        """Open/extend the cases of the next chunk of customers of
        ``company``: the first ``limit`` customers (commercial partners) with
        open titles whose id is greater than ``after``.

        A fixed number of queries whatever the number of titles: (1) claim
        the chunk and read its eligible titles, (2) lock the customers' open
        cases, (3) insert the missing cases, (4) one statement inserts the
        case lines and one summary message per case that received titles.
        A chunk another transaction claimed is skipped (only query 1).

        :return: (customers done, last customer id of the chunk, whether
            customers may follow the chunk)
        """
        self._flush_for_opening()
        # (1) the chunk, its claim and its eligible titles, in one statement
        rows = self.env.execute_query(
            SQL(
                """WITH chunk AS MATERIALIZED (
                        SELECT DISTINCT customer.commercial_partner_id AS id
                          FROM res_partner customer
                         WHERE customer.commercial_partner_id > %(after)s
                           AND EXISTS (
                               SELECT 1 FROM account_move_line title
                                WHERE title.company_id = %(company)s
                                  AND title.partner_id = customer.id
                                  AND title.is_title
                                  AND title.reconciled IS NOT TRUE)
                      ORDER BY customer.commercial_partner_id
                         LIMIT %(limit)s),
                        bound AS MATERIALIZED (
                        SELECT max(id) AS last, count(*) AS customers,
                               pg_try_advisory_xact_lock(
                                   hashtext(%(claim)s), min(id)) AS claimed
                          FROM chunk)
                   SELECT bound.last, bound.customers, bound.claimed,
                          titles.partner_id, titles.line_ids
                     FROM bound
                LEFT JOIN LATERAL (
                          SELECT eligible.partner_id,
                                 array_agg(eligible.line_id) AS line_ids
                            FROM (%(eligible)s) eligible
                           WHERE bound.claimed
                        GROUP BY eligible.partner_id) titles ON TRUE""",
                after=after,
                company=company.id,
                limit=limit,
                claim=f"telecobranca.case.opening/{company.id}",
                eligible=self._eligible_titles_sql(
                    company, chunk=(after, SQL("(SELECT last FROM bound)"))
                ),
            )
        )
        last, customers, claimed = rows[0][:3]
        more = customers == limit
        titles_by_partner = {
            partner_id: line_ids for *_b, partner_id, line_ids in rows if partner_id
        }
        if not titles_by_partner:
            if customers and not claimed:
                _logger.info(
                    "Collection: company %s, the customers of ids %s..%s are "
                    "claimed by another run",
                    company.id,
                    after + 1,
                    last,
                )
            return 0, last, more
        batch_partner_ids = list(titles_by_partner)
        # (2) lock the open cases to extend; a concurrent run skips them
        names = {}  # {case: name}, for the summaries
        case_by_partner, partner_ids = self._lock_open_cases(
            company, batch_partner_ids, names
        )
        # (3) create the missing cases
        missing = [pid for pid in partner_ids if pid not in case_by_partner]
        created = self._insert_cases(company, missing, names) if missing else {}
        case_by_partner.update(created)
        # (4) add the titles to the cases, one summary message per case
        added = self._insert_case_lines(
            company, case_by_partner, titles_by_partner, set(created.values()), names
        )
        self.env["telecobranca.case"].invalidate_model()
        self.env["telecobranca.case.line"].invalidate_model()
        self.env["mail.message"].invalidate_model()
        self.env["account.move.line"].invalidate_model(
            ["telecobranca_case_line_ids", "collection_case_id"]
        )
        if created and company.telecobranca_email_on_open:
            self.env["telecobranca.case"].browse(
                created.values()
            )._send_collection_email()
        _logger.info(
            "Collection: company %s, %s customers, %s cases created, %s titles added",
            company.id,
            len(case_by_partner),
            len(created),
            added,
        )
        return len(case_by_partner), last, more

    @api.model
    def _count_customers_after(self, company, after):
        """Customers of ``company`` with open titles whose id is greater than
        ``after`` (the cron's *remaining*, an upper bound of the work left)."""
        return self.env.execute_query(
            SQL(
                """SELECT count(DISTINCT customer.commercial_partner_id)
                     FROM res_partner customer
                    WHERE customer.commercial_partner_id > %(after)s
                      AND EXISTS (
                          SELECT 1 FROM account_move_line title
                           WHERE title.company_id = %(company)s
                             AND title.partner_id = customer.id
                             AND title.is_title
                             AND title.reconciled IS NOT TRUE)""",
                after=after,
                company=company.id,
            )
        )[0][0]

    def _lock_open_cases(self, company, partner_ids, names=None):
        """Lock the open cases of ``partner_ids`` (SKIP LOCKED); their names
        go into ``names`` ({case: name}) when given.

        :return: ({partner: open case locked}, customers that can be processed)
        """
        rows = self._try_query(
            SQL(
                """SELECT partner_id, id, name FROM telecobranca_case
                    WHERE company_id = %s AND state = 'open'
                      AND partner_id = ANY(%s)
                      FOR UPDATE SKIP LOCKED""",
                company.id,
                partner_ids,
            )
        )
        if rows is not None:
            if names is not None:
                names.update((case_id, name) for _p, case_id, name in rows)
            case_by_partner = {partner_id: case_id for partner_id, case_id, _n in rows}
            return case_by_partner, partner_ids
        # A case changed since our transaction began: leave the customers with
        # an open case to the next run.
        busy = self.env.execute_query(
            SQL(
                """SELECT partner_id FROM telecobranca_case
                    WHERE company_id = %s AND state = 'open'
                      AND partner_id = ANY(%s)""",
                company.id,
                partner_ids,
            )
        )
        busy_ids = {partner_id for (partner_id,) in busy}
        return {}, [pid for pid in partner_ids if pid not in busy_ids]

    def _insert_case_lines(
        self, company, case_by_partner, titles_by_partner, created_ids, names=None
    ):
        """Add the eligible titles of the customers (read by the batch's
        first query, within the same snapshot) to their cases, and post one
        summary message on each case that received titles, in one statement;
        returns the number of titles added. A title another run put in an
        open case meanwhile is left out by ON CONFLICT DO NOTHING.

        The messages are inserted with SQL (an ORM create costs milliseconds
        per message, the run must handle tens of thousands of cases): they
        are internal notes without recipients nor attachments, the amounts
        are formatted in SQL like ``format_amount`` (checked by a test).
        """
        if not case_by_partner:
            return 0
        if names is None or not set(case_by_partner.values()) <= set(names):
            names = dict(
                self.env["telecobranca.case"]
                .browse(case_by_partner.values())
                .mapped(lambda case: (case.id, case.name))
            )
        line_ids, case_ids, partner_ids, news, case_names = [], [], [], [], []
        for partner_id, case_id in case_by_partner.items():
            is_new, name = case_id in created_ids, names[case_id]
            for line_id in titles_by_partner[partner_id]:
                line_ids.append(line_id)
                case_ids.append(case_id)
                partner_ids.append(partner_id)
                news.append(is_new)
                case_names.append(name)
        author = self.env.user.partner_id
        email_from = author.email_formatted or company.email_formatted or None
        query = SQL(
            """WITH eligible AS (
                    SELECT new.line_id, new.case_id, new.partner_id, new.is_new,
                           new.case_name, aml.title_number, aml.amount_residual,
                           aml.date_maturity
                      FROM unnest(%(lines)s::int[], %(cases)s::int[],
                                  %(partners)s::int[], %(news)s::bool[],
                                  %(names)s::varchar[])
                           AS new(line_id, case_id, partner_id, is_new, case_name)
                      JOIN account_move_line aml ON aml.id = new.line_id),
                    added AS (
                    INSERT INTO telecobranca_case_line
                           (case_id, move_line_id, company_id, partner_id,
                            date_maturity, is_open, date_added, create_uid,
                            create_date, write_uid, write_date)
                    SELECT eligible.case_id, eligible.line_id, %(company)s,
                           eligible.partner_id, eligible.date_maturity, TRUE,
                           %(now)s, %(uid)s, %(now)s, %(uid)s, %(now)s
                      FROM eligible
                        ON CONFLICT DO NOTHING
                 RETURNING case_id, move_line_id),
                    summary AS (
                    INSERT INTO mail_message
                           (model, res_id, record_name, message_type, subtype_id,
                            is_internal, author_id, email_from, reply_to,
                            email_add_signature, message_id, body, date,
                            create_uid, create_date, write_uid, write_date)
                    SELECT 'telecobranca.case', eligible.case_id, eligible.case_name,
                           'notification',
                           %(subtype)s, FALSE, %(author)s, %(email_from)s,
                           %(email_from)s, TRUE,
                           '<' || substr(md5(random()::text), 1, 15) || '.'
                               || extract(epoch FROM clock_timestamp())
                               || '-openerp-' || eligible.case_id
                               || '-telecobranca.case@' || %(host)s || '>',
                           '<p>' || replace(CASE WHEN eligible.is_new
                                                 THEN %(head_new)s
                                                 ELSE %(head_joined)s END,
                                            '{count}', count(*)::text)
                               || '</p><ul>'
                               || string_agg('<li>' || %(number)s || ': '
                                             || %(amount)s || '</li>',
                                             '' ORDER BY eligible.date_maturity,
                                                         eligible.line_id)
                               || '</ul>',
                           %(now)s, %(uid)s, %(now)s, %(uid)s, %(now)s
                      FROM added
                      JOIN eligible ON eligible.line_id = added.move_line_id
                  GROUP BY eligible.case_id, eligible.case_name, eligible.is_new
                 RETURNING id)
             SELECT (SELECT count(*) FROM added), (SELECT count(*) FROM summary)""",
            lines=line_ids,
            cases=case_ids,
            partners=partner_ids,
            company=company.id,
            now=fields.Datetime.now(),
            uid=self.env.uid,
            subtype=self.env.ref("mail.mt_note").id,
            author=author.id or None,
            email_from=email_from,
            host=socket.gethostname(),
            news=news,
            names=case_names,
            head_new=escape(
                self.env._(
                    "Case opened automatically with %(count)s titles:",
                    count="{count}",
                )
            ),
            head_joined=escape(
                self.env._("%(count)s titles joined the case:", count="{count}")
            ),
            number=self._sql_html_escape(SQL("eligible.title_number")),
            amount=self._sql_format_amount(
                SQL("eligible.amount_residual"), company.currency_id
            ),
        )
        result = self._try_query(query)
        if result is None:
            _logger.info("Collection: titles added concurrently, left to the next run")
            return 0
        return result[0][0]

    @api.model
    def _sql_html_escape(self, expression):
        """SQL escaping ``expression`` like ``markupsafe.escape``."""
        for char, entity in (
            ("&", "&amp;"),
            ("<", "&lt;"),
            (">", "&gt;"),
            ('"', "&#34;"),
            ("'", "&#39;"),
        ):
            expression = SQL("replace(%s, %s, %s)", expression, char, entity)
        return SQL("coalesce(%s, '')", expression)

    @api.model
    def _sql_format_amount(self, expression, currency):
        """SQL formatting the positive amount ``expression`` like
        ``odoo.tools.format_amount`` in the user's language (grouping by
        thousands, as every language installed by default)."""
        lang = get_lang(self.env)
        decimals = currency.decimal_places
        pattern = "FM999,999,999,999,990" + ("." + "0" * decimals if decimals else "")
        thousands = (lang.thousands_sep or "").replace(" ", "\N{NO-BREAK SPACE}")
        if currency.position == "before":
            pre, post = f"{currency.symbol or ''}\N{NO-BREAK SPACE}", ""
        else:
            pre, post = "", f"\N{NO-BREAK SPACE}{currency.symbol or ''}"
        return SQL(
            "%s || translate(to_char(%s, %s), '.,', %s) || %s",
            pre,
            expression,
            pattern,
            (lang.decimal_point or ".") + thousands,
            post,
        )

    def _insert_cases(self, company, partner_ids, case_names=None):
        """INSERT the open cases of ``partner_ids``; returns {partner: case}
        (their names go into ``case_names``, {case: name}, when given).

        A customer whose open case another transaction just created is left
        out (ON CONFLICT DO NOTHING on the partial unique index).
        """
        case_type = company.telecobranca_case_type_id
        stage = case_type.first_stage_id
        center = (
            stage.responsibility_center_id
            or company.telecobranca_responsibility_center_id
        )
        users = self._get_collectors(company, len(partner_ids))
        names = self._next_case_names(company, len(partner_ids))
        now = fields.Datetime.now()

        def insert_sql(names, partner_ids, users):
            return SQL(
                """INSERT INTO telecobranca_case
                       (name, partner_id, company_id, user_id, state, next_date,
                        case_type_id, stage_id, responsibility_center_id,
                        contact_type_id, opened_by, create_uid, create_date,
                        write_uid, write_date)
                   SELECT new.name, new.partner_id, %(company)s, new.user_id, 'open',
                          %(today)s, %(case_type)s, %(stage)s, %(center)s,
                          %(contact_type)s, 'cron', %(uid)s, %(now)s, %(uid)s, %(now)s
                     FROM unnest(%(names)s::varchar[], %(partners)s::int[],
                                 %(users)s::int[]) AS new(name, partner_id, user_id)
                    WHERE NOT EXISTS (
                          SELECT 1 FROM telecobranca_case open_case
                           WHERE open_case.partner_id = new.partner_id
                             AND open_case.company_id = %(company)s
                             AND open_case.state = 'open')
                       ON CONFLICT DO NOTHING
                RETURNING partner_id, id, name""",
                company=company.id,
                today=fields.Date.context_today(self),
                case_type=case_type.id or None,
                stage=stage.id or None,
                center=center.id or None,
                contact_type=company.telecobranca_contact_type_id.id or None,
                uid=self.env.uid,
                now=now,
                names=names,
                partners=partner_ids,
                users=users,
            )

        rows = self._try_query(insert_sql(names, partner_ids, users))
        if rows is None:
            # Another run opened some of these cases after our transaction
            # began: insert them one by one, skipping the conflicting ones.
            rows = []
            for name, partner_id, user_id in zip(
                names, partner_ids, users, strict=True
            ):
                rows += (
                    self._try_query(insert_sql([name], [partner_id], [user_id])) or []
                )
        if case_names is not None:
            case_names.update((case_id, name) for _p, case_id, name in rows)
        return {partner_id: case_id for partner_id, case_id, _name in rows}

    def _try_query(self, query):
        """Run ``query`` in a savepoint; None on a serialization failure."""
        cr = self.env.cr
        try:
            with cr.savepoint(flush=False):
                cr.execute(query, log_exceptions=False)
                return cr.fetchall()
        except SerializationFailure:
            return None

    @api.model
    def _get_collectors(self, company, count):
        """Collectors (user ids) of ``count`` new cases of ``company`` (F2.1),
        the one rule of every opening (daily run, *New collection*, RPC):

        - the members of the company's collection team (its responsibility
          center) in turn, round robin continuing after the member who got the
          company's last case;
        - else the company's default collector;
        - else nobody (``None``): the manual opening then gives the case to
          the user who opens it.
        """
        members = company.telecobranca_responsibility_center_id.user_ids.filtered(
            "active"
        ).sorted("id")
        if not members:
            return [company.telecobranca_collector_id.id or None] * count
        self.env["telecobranca.case"].flush_model(["company_id", "user_id"])
        last = self.env.execute_query(
            SQL(
                """SELECT user_id FROM telecobranca_case
                    WHERE company_id = %s AND user_id = ANY(%s)
                 ORDER BY id DESC LIMIT 1""",
                company.id,
                members.ids,
            )
        )
        start = members.ids.index(last[0][0]) + 1 if last else 0
        return [members.ids[(start + n) % len(members)] for n in range(count)]

    @api.model
    def _get_next_collector(self, company):
        """The collector the next case of ``company`` gets (``res.users``,
        empty when the settings name none); see :meth:`_get_collectors`."""
        return self.env["res.users"].browse(self._get_collectors(company, 1)[0] or [])

    def _next_case_names(self, company, count):
        """``count`` case references drawn from the sequence in one query."""
        sequence = (
            self.env["ir.sequence"]
            .sudo()
            .search(
                [
                    ("code", "=", "telecobranca.case"),
                    ("company_id", "in", [company.id, False]),
                ],
                order="company_id",
                limit=1,
            )
        )
        if not sequence:
            return ["/"] * count
        if sequence.implementation != "standard" or sequence.use_date_range:
            return [sequence._next() for _n in range(count)]
        numbers = self.env.execute_query(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                f"ir_sequence_{sequence.id:03d}",
                count,
            )
        )
        # sequence.get_next_char(number), with the prefix interpolated once
        prefix, suffix = sequence._get_prefix_suffix()
        return [
            f"{prefix}{number:0{sequence.padding}d}{suffix}" for (number,) in numbers
        ]

    # ------------------------------------------------------------------
    # Manual opening (F2.4)
    # ------------------------------------------------------------------
    @api.model
    def _get_not_due_titles(self, company, partner):
        """Open titles of ``partner`` not yet due that could join a case."""
        today = fields.Date.context_today(self)
        Title = self.env["account.move.line"]
        titles = Title.search(
            [
                *Title._telecobranca_open_titles_domain(partner, company),
                ("date_maturity", ">=", today),
            ]
        )
        return titles.filtered(
            lambda title: title._get_telecobranca_ineligibility_reason() == "not_due"
        )

    @api.model
    def _open_case_manually(
        self, partner, titles, *, include_not_due=False, case_vals=None, note=None
    ):
        """Open (or extend) ``partner``'s case with ``titles`` chosen by hand.

        Every title must be eligible, or not yet due when ``include_not_due``
        is set and at least one overdue title is in the case. Raises a
        ``UserError`` naming the first title refused; nothing is saved then.
        """
        company = self.env.company
        partner = partner.commercial_partner_id
        case_vals = dict(case_vals or {})
        today = fields.Date.context_today(self)
        check_date_values(self.env["telecobranca.case"], [case_vals], ["next_date"])
        if (
            case_vals.get("next_date")
            and fields.Date.to_date(case_vals["next_date"]) < today
        ):
            raise UserError(
                self.env._("The next collection date cannot be in the past.")
            )
        if not titles:
            raise UserError(self.env._("Select at least one title to collect."))
        eligible = self._get_eligible_titles(
            company, partner_ids=partner.ids, line_ids=titles.ids
        )
        not_due = self.env["account.move.line"]
        for title in titles - eligible:
            reason = title._get_telecobranca_ineligibility_reason(partner)
            if reason == "not_due" and include_not_due:
                not_due |= title
                continue
            raise UserError(title._get_telecobranca_ineligibility_message(reason))
        case = self.env["telecobranca.case"].search(
            [
                ("partner_id", "=", partner.id),
                ("company_id", "=", company.id),
                ("state", "=", "open"),
            ],
            limit=1,
        )
        already_overdue = case.line_ids.filtered(
            lambda line: (
                line.is_open
                and not line.reconciled
                and line.date_maturity
                and line.date_maturity < today
            )
        )
        if not_due and not eligible and not already_overdue:
            raise UserError(
                self.env._(
                    "Titles not yet due can only join a case that has at least one "
                    "overdue open title: select an overdue title too."
                )
            )
        # the partial unique indexes (one open case per customer, a title in
        # one open case) refuse what another user or the automatic opening
        # has just committed: the loser gets a clear message
        try:
            with self.env.cr.savepoint():
                if case:
                    case.write(
                        {key: value for key, value in case_vals.items() if value}
                    )
                else:
                    case = self.env["telecobranca.case"].create(
                        self._prepare_manual_case_vals(company, partner, case_vals)
                    )
                self.env["telecobranca.case.line"].create(
                    [
                        {"case_id": case.id, "move_line_id": title.id}
                        for title in (eligible | not_due)
                    ]
                )
        except UniqueViolation:
            raise UserError(
                self.env._(
                    "A collection case of %(partner)s or one of its titles was "
                    "opened at the same moment by another user or by the "
                    "automatic opening: reload the customer and add the "
                    "titles to the open case.",
                    partner=partner.display_name,
                )
            ) from None
        if note:
            self.env["telecobranca.note"].create(
                {
                    "case_id": case.id,
                    "body": note,
                    "origin": "manual",
                    "state": "done",
                    "contact_type_id": case_vals.get("contact_type_id"),
                    "contact_partner_id": case_vals.get("contact_partner_id"),
                    "next_date": case_vals.get("next_date"),
                }
            )
        items = Markup("").join(
            Markup("<li>%s</li>") % title.title_number for title in eligible | not_due
        )
        # a log, not a message: the user needs no e-mail address for it
        case._message_log(
            body=Markup("<p>%s</p><ul>%s</ul>")
            % (
                self.env._("%(count)s titles added by hand:", count=len(titles)),
                items,
            )
        )
        return case

    @api.model
    def _prepare_manual_case_vals(self, company, partner, case_vals):
        case_type = (
            self.env["telecobranca.case.type"].browse(case_vals.get("case_type_id"))
            or company.telecobranca_case_type_id
        )
        stage = case_type.first_stage_id
        return {
            "partner_id": partner.id,
            "company_id": company.id,
            "opened_by": "manual",
            "case_type_id": case_type.id,
            "stage_id": stage.id,
            "responsibility_center_id": (
                stage.responsibility_center_id
                or company.telecobranca_responsibility_center_id
            ).id,
            "contact_type_id": company.telecobranca_contact_type_id.id,
            "user_id": (self._get_next_collector(company) or self.env.user).id,
            **{key: value for key, value in case_vals.items() if value},
        }
