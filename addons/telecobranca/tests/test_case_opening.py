# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time
from markupsafe import escape
from psycopg2 import IntegrityError

from odoo import fields
from odoo.tests import tagged
from odoo.tools import SQL, format_amount, mute_logger

from .case_common import TelecobrancaCaseCommon


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestCaseOpening(TelecobrancaCaseCommon):
    """Automatic opening (F2.1-F2.3): today is 2025-06-16, 5 days minimum:
    a title is eligible when due before 2025-06-11."""

    def test_eligible_title_opens_case(self):
        invoice = self.invoice_due(100.0, "2025-06-10")  # 6 days late
        self.open_cases()
        case = self.case_of()
        self.assertRecordValues(
            case,
            [
                {
                    "state": "open",
                    "user_id": self.collector.id,
                    "case_type_id": self.case_type.id,
                    "stage_id": self.stage_contact.id,
                    "contact_type_id": self.contact_type.id,
                    "opened_by": "cron",
                    "next_date": fields.Date.to_date("2025-06-16"),
                    "company_id": self.company.id,
                }
            ],
        )
        self.assertTrue(case.name.startswith("COB/"))
        self.assertEqual(case.title_ids, self.titles(invoice))
        self.assertEqual(self.titles(invoice).collection_case_id, case)
        self.assertAlmostEqual(case.amount_overdue, 100.0)
        self.assertEqual(case.line_ids.is_open, True)
        summary = case.message_ids.filtered(
            lambda message: "opened automatically" in (message.body or "")
        )
        self.assertEqual(len(summary), 1)
        self.assertIn(self.titles(invoice).title_number, summary.body)

    def test_summary_message(self):
        """The summary posted with SQL reads like one posted by the ORM."""
        self.customer.name = "Ana <b> & Filhos"
        invoice = self.invoice_due(1234567.5, "2025-06-01")
        late = self.invoice_due(10.0, "2025-05-01")
        self.open_cases()
        case = self.case_of()
        message = case.message_ids.filtered(
            lambda message: "opened automatically" in (message.body or "")
        )
        self.assertRecordValues(
            message,
            [
                {
                    "model": "telecobranca.case",
                    "res_id": case.id,
                    "record_name": case.name,
                    "message_type": "notification",
                    "subtype_id": self.env.ref("mail.mt_note").id,
                    "author_id": self.env.user.partner_id.id,
                }
            ],
        )
        self.assertTrue(message.message_id.startswith("<"))
        first, second = self.titles(late), self.titles(invoice)
        expected = (
            "<p>Case opened automatically with 2 titles:</p><ul>"
            f"<li>{first.title_number}: "
            f"{format_amount(self.env, 10.0, self.company.currency_id)}</li>"
            f"<li>{second.title_number}: "
            f"{format_amount(self.env, 1234567.5, self.company.currency_id)}</li>"
            "</ul>"
        )
        self.assertEqual(str(message.body), expected)

    def test_sql_format_amount(self):
        """Amounts formatted in SQL equal ``format_amount`` in every language."""
        opening = self.env["telecobranca.case.opening"]
        self.env["res.lang"]._activate_lang("pt_BR")
        self.env["res.lang"]._activate_lang("fr_FR")
        usd = self.env.ref("base.USD")
        eur = self.env.ref("base.EUR")
        for lang in ("en_US", "pt_BR", "fr_FR"):
            env = self.env(context=dict(self.env.context, lang=lang))
            for currency in (self.company.currency_id, usd, eur):
                for amount in (0.01, 5, 999.99, 1000, 1234567.891, 98765432109.5):
                    sql = opening.with_env(env)._sql_format_amount(
                        SQL("%s::numeric", amount), currency
                    )
                    (formatted,) = self.env.execute_query(SQL("SELECT %s", sql))[0]
                    self.assertEqual(
                        formatted, format_amount(env, amount, currency), (lang, amount)
                    )

    def test_sql_html_escape(self):
        opening = self.env["telecobranca.case.opening"]
        text = '<a href="x">R&D\'s</a>'
        (escaped,) = self.env.execute_query(
            SQL("SELECT %s", opening._sql_html_escape(SQL("%s", text)))
        )[0]
        self.assertEqual(escaped, str(escape(text)))

    def test_days_threshold_boundary(self):
        self.invoice_due(100.0, "2025-06-11")  # exactly 5 days late: not yet
        self.open_cases()
        self.assertFalse(self.case_of())
        self.company.telecobranca_min_days_overdue = 4
        self.open_cases()
        self.assertTrue(self.case_of())

    def test_status_rules(self):
        entering = self.invoice_due(100.0, "2025-06-01")
        legal = self.invoice_due(200.0, "2025-06-01")
        no_status = self.invoice_due(300.0, "2025-06-01")
        self.titles(legal).collection_status_id = self.status_legal
        self.titles(no_status).collection_status_id = False
        self.assertFalse(self.status_legal.enters_collection)
        self.open_cases()
        self.assertEqual(
            self.case_of().title_ids, self.titles(entering) | self.titles(no_status)
        )

    def test_cheque_excluded_other_forms_and_none_included(self):
        cheque = self.invoice_due(100.0, "2025-06-01")
        pix = self.invoice_due(200.0, "2025-06-01")
        no_form = self.invoice_due(300.0, "2025-06-01")
        self.titles(cheque).payment_form_id = self.form_check
        self.titles(pix).payment_form_id = self.form_pix
        self.titles(no_form).payment_form_id = False
        self.open_cases()
        self.assertEqual(
            self.case_of().title_ids, self.titles(pix) | self.titles(no_form)
        )

    def test_forecast_and_reconciled_excluded(self):
        self.invoice_due(100.0, "2025-06-01", post=False)
        paid = self.invoice_due(200.0, "2025-06-01")
        self.pay(paid)
        self.open_cases()
        self.assertFalse(self.case_of())

    def test_partly_paid_title_enters_with_open_amount(self):
        invoice = self.invoice_due(300.0, "2025-06-01")
        self.pay(invoice, amount=100.0)
        self.open_cases()
        self.assertAlmostEqual(self.case_of().amount_open, 200.0)

    def test_company_without_auto_open(self):
        self.company.telecobranca_auto_open = False
        self.invoice_due(100.0, "2025-06-01")
        self.open_cases()
        self.assertFalse(self.case_of())

    def test_one_case_per_partner_and_new_titles_join(self):
        first = self.invoice_due(100.0, "2025-05-01")
        second = self.invoice_due(
            600.0, "2025-03-01", term=self.term_30_60_90
        )  # due 03-31, 04-30, 05-30
        other = self.invoice_due(50.0, "2025-06-01", partner=self.customer_b)
        self.open_cases()
        case = self.case_of()
        self.assertEqual(len(case), 1)
        self.assertEqual(case.title_ids, self.titles(first) | self.titles(second))
        self.assertEqual(self.case_of(self.customer_b).title_ids, self.titles(other))
        # a week later, a new title is eligible: it joins the open case
        later = self.invoice_due(70.0, "2025-06-12")
        with freeze_time("2025-06-23"):
            self.open_cases()
        self.assertEqual(self.case_of(), case)
        self.assertIn(self.titles(later), case.title_ids)
        joined = case.message_ids.filtered(
            lambda message: "joined the case" in (message.body or "")
        )
        self.assertEqual(len(joined), 1)

    def test_idempotent(self):
        self.invoice_due(100.0, "2025-06-01")
        self.invoice_due(100.0, "2025-06-01", partner=self.customer_b)
        self.open_cases()
        cases = self.Case.search([])
        lines = self.env["telecobranca.case.line"].search([])
        messages = self.env["mail.message"].search_count(
            [("model", "=", "telecobranca.case")]
        )
        self.open_cases()
        self.assertEqual(self.Case.search([]), cases)
        self.assertEqual(self.env["telecobranca.case.line"].search([]), lines)
        self.assertEqual(
            self.env["mail.message"].search_count(
                [("model", "=", "telecobranca.case")]
            ),
            messages,
        )

    def test_round_robin(self):
        second = self.env["res.users"].create(
            {
                "name": "Bruno Cobrador",
                "login": "bruno.cobrador",
                "company_id": self.company.id,
                "company_ids": [(6, 0, self.company.ids)],
            }
        )
        team = self.env["telecobranca.responsibility.center"].create(
            {
                "name": "Collection team",
                "company_id": self.company.id,
                "user_ids": [(6, 0, (self.collector | second).ids)],
            }
        )
        self.company.telecobranca_responsibility_center_id = team
        partners = self.env["res.partner"].create(
            [{"name": f"Customer {n}"} for n in range(3)]
        )
        for partner in partners:
            self.invoice_due(10.0, "2025-06-01", partner=partner)
        self.open_cases()
        cases = self.Case.search([("partner_id", "in", partners.ids)], order="id")
        users = (self.collector | second).sorted("id")
        self.assertEqual(cases.mapped("user_id").ids, users.ids)  # both used
        self.assertEqual(
            [case.user_id for case in cases], [users[0], users[1], users[0]]
        )
        self.assertEqual(cases.responsibility_center_id, team)
        # the turn goes on from the last automatic case
        late = self.env["res.partner"].create({"name": "Customer 4"})
        self.invoice_due(10.0, "2025-06-01", partner=late)
        self.open_cases()
        self.assertEqual(self.case_of(late).user_id, users[1])

    def test_batches_and_progress(self):
        partners = self.env["res.partner"].create(
            [{"name": f"Customer {n}"} for n in range(5)]
        )
        for partner in partners:
            self.invoice_due(10.0, "2025-06-01", partner=partner)
        cron = self.env.ref("telecobranca.ir_cron_open_cases")
        progress = (
            self.env["ir.cron.progress"]
            .sudo()
            .create({"cron_id": cron.id, "remaining": 0, "done": 0})
        )
        self.Case.with_context(ir_cron_progress_id=progress.id)._cron_open_cases(
            batch_size=2
        )
        self.assertRecordValues(progress, [{"done": 2, "remaining": 3}])
        self.assertEqual(
            self.Case.search_count([("partner_id", "in", partners.ids)]), 2
        )
        # outside the cron, everything is done at once
        self.Case._cron_open_cases(batch_size=2)
        self.assertEqual(
            self.Case.search_count([("partner_id", "in", partners.ids)]), 5
        )

    def test_cron_calls_resume_after_the_last_customer(self):
        """The cron's next call (same job run, same ``lastcall``) goes on
        after the customers done; a new run starts from the first again."""
        partners = self.env["res.partner"].create(
            [{"name": f"Customer {n}"} for n in range(5)]
        )
        for partner in partners:
            self.invoice_due(10.0, "2025-06-01", partner=partner)
        cron = self.env.ref("telecobranca.ir_cron_open_cases")
        Progress = self.env["ir.cron.progress"].sudo()

        def cron_call(lastcall):
            progress = Progress.create({"cron_id": cron.id, "remaining": 0})
            self.Case.with_context(
                ir_cron_progress_id=progress.id, lastcall=lastcall
            )._cron_open_cases(batch_size=2)
            return progress

        first = cron_call("2025-06-15 03:00:00")
        self.assertRecordValues(first, [{"done": 2, "remaining": 3}])
        # a title of a customer already done becomes eligible meanwhile
        self.invoice_due(20.0, "2025-06-02", partner=partners[0])
        second = cron_call("2025-06-15 03:00:00")
        self.assertRecordValues(second, [{"done": 2, "remaining": 1}])
        third = cron_call("2025-06-15 03:00:00")
        self.assertRecordValues(third, [{"done": 1, "remaining": 0}])
        self.assertEqual(
            self.Case.search_count([("partner_id", "in", partners.ids)]), 5
        )
        self.assertEqual(len(self.case_of(partners[0]).line_ids), 1)
        # the next run (a new lastcall) starts again from the first customer
        cron_call("2025-06-16 03:00:00")
        self.assertEqual(len(self.case_of(partners[0]).line_ids), 2)

    def _make_titles(self, partner_count, per_partner=3):
        partners = self.env["res.partner"].create(
            [{"name": f"Bulk {n}"} for n in range(partner_count)]
        )
        for partner in partners:
            for _n in range(per_partner):
                self.invoice_due(10.0, "2025-06-01", partner=partner)
        return partners

    def _run_counting_queries(self):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        self.open_cases()
        return self.cr.sql_log_count - before

    def test_query_count_constant(self):
        """Set-based: the same number of queries for N and 3N titles."""
        self._make_titles(1)
        self._run_counting_queries()  # warm-up (caches, sequence)
        small = self._make_titles(2)  # 6 titles
        small_count = self._run_counting_queries()
        large = self._make_titles(6)  # 18 titles
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(small_count):
            self.open_cases()
        for partners, count in ((small, 2), (large, 6)):
            cases = self.Case.search([("partner_id", "in", partners.ids)])
            self.assertEqual(len(cases), count)
            self.assertEqual(len(cases.line_ids), 3 * count)

    def test_query_count_locked(self):
        """The opening's query count is locked: a new query is a decision."""
        self._make_titles(1)
        self._run_counting_queries()  # warm-up (caches, sequence)
        self._make_titles(40)  # 40 customers, 120 titles: one batch
        self.env.flush_all()
        self.env.invalidate_all()
        # 4 to read the user and the companies, 3 per savepoint-guarded
        # statement (lock, cases, lines and messages), the rest reads the
        # eligible customers, the configuration and the sequence (21 on a
        # database without demo data, 22 with it: an upper bound)
        with self.assertQueryCount(22):
            self.open_cases()

    def test_database_guarantee(self):
        invoice = self.invoice_due(100.0, "2025-06-01")
        self.open_cases()
        case = self.case_of()
        other = self.Case.create(
            {"partner_id": self.customer_b.id, "company_id": self.company.id}
        )
        self.env.flush_all()
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self.cr.execute(
                "INSERT INTO telecobranca_case_line (case_id, move_line_id, is_open) "
                "VALUES (%s, %s, TRUE)",
                (other.id, self.titles(invoice).id),
            )
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self.cr.execute(
                "INSERT INTO telecobranca_case (name, partner_id, company_id, state, "
                "opened_by) VALUES ('X', %s, %s, 'open', 'manual')",
                (self.customer.id, self.company.id),
            )
        # a closed case does not count
        case._do_close("manual")
        self.env.flush_all()
        self.cr.execute(
            "INSERT INTO telecobranca_case_line (case_id, move_line_id, is_open) "
            "VALUES (%s, %s, TRUE)",
            (other.id, self.titles(invoice).id),
        )

    def test_title_search_by_case(self):
        invoice = self.invoice_due(100.0, "2025-06-01")
        free = self.invoice_due(100.0, "2025-06-14")
        self.open_cases()
        case = self.case_of()
        Line = self.env["account.move.line"]
        titles = self.titles(invoice) | self.titles(free)
        self.assertEqual(
            Line.search(
                [("id", "in", titles.ids), ("collection_case_id", "=", case.id)]
            ),
            self.titles(invoice),
        )
        self.assertEqual(
            Line.search([("id", "in", titles.ids), ("collection_case_id", "=", False)]),
            self.titles(free),
        )
        self.assertEqual(
            Line.search(
                [("id", "in", titles.ids), ("collection_case_id", "!=", False)]
            ),
            self.titles(invoice),
        )

    def test_title_already_in_open_case_not_taken_again(self):
        first = self.invoice_due(100.0, "2025-06-01")
        second = self.invoice_due(100.0, "2025-06-02")
        manual = self.env["telecobranca.case.opening"]._open_case_manually(
            self.customer, self.titles(first), note="<p>by hand</p>"
        )
        self.open_cases()
        self.assertEqual(self.case_of(), manual)
        self.assertEqual(manual.title_ids, self.titles(first) | self.titles(second))
        self.assertEqual(len(manual.line_ids), 2)


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestEligibilityParity(TelecobrancaCaseCommon):
    """The SQL rule of the automatic opening and its Python twin
    (``_get_telecobranca_ineligibility_reason``, used by the manual opening)
    agree title by title, in every situation a title can be in.

    Today is 2025-06-16; company A waits 5 days (eligible when due before
    2025-06-11), company B 10 days (before 2025-06-06)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.setup_other_company(name="Empresa B")["company"]
        cls.company_b.write(
            {
                "telecobranca_min_days_overdue": 10,
                "telecobranca_default_status_id": cls.status_normal.id,
            }
        )
        cls.customer_c = cls.env["res.partner"].create(
            {"name": "Farmácia Saúde Total", "is_company": True}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Ana (financeiro)", "parent_id": cls.customer.id}
        )

    def _situations(self):
        """{label: (line, expected reason)}: the titles in every situation."""
        titles = self.titles
        # in an open case (opened by hand), and in a case closed since
        in_case = self.invoice_due(100.0, "2025-06-01", partner=self.customer_b)
        Opening = self.env["telecobranca.case.opening"]
        Opening._open_case_manually(
            self.customer_b, titles(in_case), note="<p>by hand</p>"
        )
        closed = self.invoice_due(100.0, "2025-06-01", partner=self.customer_c)
        Opening._open_case_manually(
            self.customer_c, titles(closed), note="<p>by hand</p>"
        )
        self.case_of(self.customer_c)._do_close("manual", note="done")

        overdue = self.invoice_due(100.0, "2025-06-01")
        partly_paid = self.invoice_due(300.0, "2025-06-01")
        self.pay(partly_paid, amount=100.0)
        paid = self.invoice_due(200.0, "2025-06-01")
        self.pay(paid)
        forecast = self.invoice_due(100.0, "2025-06-01", post=False)
        legal = self.invoice_due(100.0, "2025-06-01")
        titles(legal).collection_status_id = self.status_legal
        no_status = self.invoice_due(100.0, "2025-06-01")
        titles(no_status).collection_status_id = False
        cheque = self.invoice_due(100.0, "2025-06-01")
        titles(cheque).payment_form_id = self.form_check
        pix = self.invoice_due(100.0, "2025-06-01")
        titles(pix).payment_form_id = self.form_pix
        no_form = self.invoice_due(100.0, "2025-06-01")
        titles(no_form).payment_form_id = False
        contact = self.invoice_due(100.0, "2025-06-01", partner=self.contact)
        refund = self.create_invoice(80.0, "2025-05-01", move_type="out_refund")
        refund_line = refund.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        b_late = self.invoice_due(100.0, "2025-06-05", company=self.company_b)
        b_not_late = self.invoice_due(100.0, "2025-06-08", company=self.company_b)
        b_paid = self.invoice_due(100.0, "2025-06-01", company=self.company_b)
        self.pay(b_paid)
        return {
            "overdue": (titles(overdue), False),
            "partly paid": (titles(partly_paid), False),
            "one day past the minimum": (
                titles(self.invoice_due(100.0, "2025-06-10")),
                False,
            ),
            "exactly the minimum days late": (
                titles(self.invoice_due(100.0, "2025-06-11")),
                "not_late_enough",
            ),
            "due yesterday": (
                titles(self.invoice_due(100.0, "2025-06-15")),
                "not_late_enough",
            ),
            "due today": (titles(self.invoice_due(100.0, "2025-06-16")), "not_due"),
            "not due": (titles(self.invoice_due(100.0, "2025-07-16")), "not_due"),
            "forecast (draft entry)": (titles(forecast), "forecast"),
            "reconciled": (titles(paid), "settled"),
            "blocked status": (titles(legal), "status"),
            "status entering collection": (
                titles(self.invoice_due(100.0, "2025-06-01")),
                False,
            ),
            "no status": (titles(no_status), False),
            "cheque": (titles(cheque), "check"),
            "pix": (titles(pix), False),
            "no payment form": (titles(no_form), False),
            "already in an open case": (titles(in_case), "in_case"),
            "in a closed case": (titles(closed), False),
            "invoiced to a contact of the customer": (titles(contact), False),
            "credit note": (refund_line, "not_title"),
            "income line of an invoice": (
                overdue.line_ids.filtered(
                    lambda line: line.account_id.account_type == "income"
                ),
                "not_title",
            ),
            "other company, late enough there": (titles(b_late), False),
            "other company, not late enough there": (
                titles(b_not_late),
                "not_late_enough",
            ),
            "other company, reconciled": (titles(b_paid), "settled"),
        }

    def test_sql_rule_and_python_twin_agree(self):
        situations = self._situations()
        lines = self.env["account.move.line"].concat(
            *(line for line, _reason in situations.values())
        )
        self.assertEqual(len(lines), len(situations))  # one line per situation
        self.assertEqual(lines.company_id, self.company | self.company_b)
        Opening = self.env["telecobranca.case.opening"]
        eligible = {
            company: Opening._get_eligible_titles(company, line_ids=lines.ids)
            for company in self.company | self.company_b
        }
        # the SQL rule stays within its company
        for company, titles in eligible.items():
            self.assertEqual(titles.company_id, company)
        in_sql = eligible[self.company] | eligible[self.company_b]
        for label, (line, expected) in situations.items():
            with self.subTest(situation=label):
                reason = line._get_telecobranca_ineligibility_reason()
                self.assertEqual(reason, expected)
                self.assertEqual(
                    line in in_sql,
                    reason is False,
                    f"{label}: SQL {'takes' if line in in_sql else 'leaves'} the "
                    f"title, Python says {reason!r}",
                )
        self.assertEqual(len(in_sql), [r for _l, r in situations.values()].count(False))
