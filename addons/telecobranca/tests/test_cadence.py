# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .test_boleto_common import BoletoCommon

D = date(2025, 6, 18)  # a Wednesday; 19 June 2025 is Corpus Christi


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16 15:00:00")
class TestCadence(BoletoCommon):
    """One customer walked through the days of a cadence: what reaches him
    (e-mails in the mail queue, SMS, activities of the collector) and what
    the case's history says."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.email = "cobranca@empresa.example.com"
        cls.company.telecobranca_cadence_weekly_limit = 0
        cls.company.partner_id.tz = "America/Sao_Paulo"
        cls.customer.lang = "pt_BR"
        cls.reminder = cls.env.ref("telecobranca.mail_template_cadence_reminder")
        cls.overdue = cls.env.ref("telecobranca.mail_template_cadence_overdue")
        cls.collector = cls.setup_tour_collector("cadence_collector")
        cls.cadence = cls.env["telecobranca.cadence"].create(
            {
                "name": "Régua padrão",
                "company_id": cls.company.id,
                "is_default": True,
                "day_count": "calendar",
                "step_ids": [
                    Command.create(cls.email_step(-3, "Reminder", cls.reminder)),
                    Command.create(cls.email_step(0, "Due today", cls.reminder)),
                    Command.create(cls.email_step(1, "Overdue", cls.overdue)),
                    Command.create(
                        {"name": "Call", "offset_days": 5, "channel": "activity"}
                    ),
                    Command.create(cls.email_step(7, "Last notice", cls.overdue)),
                ],
            }
        )
        # due on D (invoice of 30 days)
        cls.invoice = cls.boleto_invoice(1234.56, invoice_date="2025-05-19")
        cls.title = cls.titles(cls.invoice)

    @staticmethod
    def email_step(offset, name, template):
        return {
            "name": name,
            "offset_days": offset,
            "channel": "email",
            "mail_template_id": template.id,
        }

    def subject(self, template):
        """The subject the customer reads, in his language."""
        return template.with_context(
            telecobranca_company=self.company.name
        )._render_field("subject", self.customer.ids, compute_lang=True)[
            self.customer.id
        ]

    def run_on(self, day):
        return self.env["telecobranca.cadence"]._run(date=day)

    def mails(self, partner=None):
        return self.env["mail.mail"].search(
            [("recipient_ids", "in", (partner or self.customer).ids)], order="id"
        )

    def open_case(self, titles=None, partner=None):
        return self.env["telecobranca.case"].create(
            {
                "partner_id": (partner or self.customer).id,
                "company_id": self.company.id,
                "user_id": self.collector.id,
                "line_ids": [
                    Command.create({"move_line_id": title.id})
                    for title in (titles or self.title)
                ],
            }
        )

    def test_open_promise_pauses_broken_promise_resumes(self):
        """A promise made on the due date for the next day holds the D+1
        e-mail back; broken, it lets the D+5 call go out."""
        self.company.telecobranca_promise_grace_days = 0
        case = self.open_case()
        self.assertEqual(self.run_on(D), 1)
        with freeze_time("2025-06-18 16:00:00"):
            promise = self.env["telecobranca.promise"].create(
                {
                    "case_id": case.id,
                    "date": date(2025, 6, 19),
                    "amount": 1234.56,
                    "channel": "phone",
                    "title_ids": [Command.set(self.title.ids)],
                }
            )
        # D+1: the title waits for the promise
        self.assertEqual(self.run_on(date(2025, 6, 19)), 0)
        self.assertEqual(len(self.mails()), 1)
        # nothing was paid: the promise is broken the day after
        with freeze_time("2025-06-20 09:00:00"):
            self.env["telecobranca.promise"]._run(date=date(2025, 6, 20))
        self.assertEqual(promise.state, "broken")
        # D+5: the cadence goes on with the call
        self.assertEqual(self.run_on(date(2025, 6, 23)), 1)
        self.assertEqual(
            self.env["telecobranca.cadence.log"]
            .search([("move_line_id", "=", self.title.id)])
            .step_id.sorted("offset_days")
            .mapped("offset_days"),
            [0, 5],
        )

    def test_customer_walks_through_the_cadence(self):
        self.assertEqual(self.title.date_maturity, D)
        self.title._telecobranca_issue_boleto(self.bb_account)
        # D-3: the reminder, with the boleto's codes and its PDF
        self.assertEqual(self.run_on(date(2025, 6, 15)), 1)
        mail = self.mails()
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.subject, self.subject(self.reminder))
        self.assertIn(self.company.name, mail.subject)
        self.assertIn(self.title.title_number, mail.body_html)
        self.assertIn("1.234,56", mail.body_html)
        self.assertIn(self.title.boleto_digitable_line, mail.body_html)
        self.assertIn(self.title.boleto_pix_payload, mail.body_html)
        self.assertEqual(mail.attachment_ids.mimetype, "application/pdf")
        # the same day again: nothing more
        self.assertEqual(self.run_on(date(2025, 6, 15)), 0)
        self.assertEqual(len(self.mails()), 1)
        # nothing on the days without a step
        self.assertEqual(self.run_on(date(2025, 6, 16)), 0)
        # D0, then D+1 with a case open: noted in its history
        self.assertEqual(self.run_on(D), 1)
        case = self.open_case()
        self.assertEqual(self.run_on(date(2025, 6, 19)), 1)
        self.assertEqual(self.run_on(date(2025, 6, 19)), 0)
        mails = self.mails()
        self.assertEqual(len(mails), 3)
        self.assertEqual(mails[-1].subject, self.subject(self.overdue))
        self.assertEqual(mails[-1].model, "telecobranca.case")
        self.assertEqual(mails[-1].res_id, case.id)
        notes = case.note_ids.filtered(lambda n: n.origin == "email")
        self.assertEqual(len(notes), 1)
        self.assertIn("Overdue", notes.body)
        self.assertIn(self.customer.email, notes.body)
        self.assertIn(self.title.title_number, notes.body)
        # D+5: a call for the case's collector, no e-mail
        system_notes = case.note_ids.filtered(lambda n: n.origin == "system")
        self.assertEqual(self.run_on(date(2025, 6, 23)), 1)
        self.assertEqual(len(self.mails()), 3)
        activity = case.activity_ids
        self.assertEqual(activity.user_id, self.collector)
        self.assertEqual(
            activity.activity_type_id, self.env.ref("mail.mail_activity_data_call")
        )
        self.assertIn(self.title.title_number, activity.note)
        call_note = (
            case.note_ids.filtered(lambda n: n.origin == "system") - system_notes
        )
        self.assertEqual(len(call_note), 1)
        self.assertIn("Call", call_note.body)
        # paid on D+6: the last notice (D+7) is not sent
        self.pay(self.invoice, date=date(2025, 6, 24))
        self.assertEqual(self.run_on(date(2025, 6, 25)), 0)
        self.assertEqual(len(self.mails()), 3)
        logs = self.env["telecobranca.cadence.log"].search(
            [("move_line_id", "=", self.title.id)]
        )
        self.assertEqual(sorted(logs.step_id.mapped("offset_days")), [-3, 0, 1, 5])

    def test_a_step_is_claimed_once(self):
        """Two runs claiming the same day (overlapping crons): the second
        claims nothing, so nothing is sent twice."""
        Cadence = self.env["telecobranca.cadence"]
        messages = Cadence._get_due_messages(self.company, D)
        self.assertEqual(len(messages), 1)
        self.assertEqual(len(Cadence._claim(self.company, D, messages)), 1)
        self.assertEqual(Cadence._claim(self.company, D, messages), [])
        self.assertEqual(Cadence._get_due_messages(self.company, D), [])

    def test_business_days_shift_over_a_holiday(self):
        self.cadence.day_count = "business"
        # D+1 business day is Friday 20 June: 19 June is Corpus Christi
        self.run_on(D)
        sent = len(self.mails())
        self.assertEqual(self.run_on(date(2025, 6, 19)), 0)
        self.assertEqual(self.run_on(date(2025, 6, 20)), 1)
        self.assertEqual(len(self.mails()), sent + 1)
        self.assertEqual(self.mails()[-1].subject, self.subject(self.overdue))
        # D-3 business days is Friday 13 June, not Sunday 15
        self.assertEqual(self.run_on(date(2025, 6, 15)), 0)

    def test_state_holiday_shifts_a_business_day_step(self):
        """9 July is a holiday in São Paulo, not in Rio: the D+1 business-day
        e-mail of a title due on Tuesday 8 July goes out on the 10th for a
        company of São Paulo, on the 9th for one of Rio."""
        self.cadence.day_count = "business"
        title = self.titles(self.create_invoice(500.0, "2025-06-08"))
        self.assertEqual(title.date_maturity, date(2025, 7, 8))
        self.company.state_id = self.env.ref("base.state_br_sp")
        self.assertEqual(self.run_on(date(2025, 7, 9)), 0)
        self.assertEqual(self.run_on(date(2025, 7, 10)), 1)
        self.assertEqual(self.mails().subject, self.subject(self.overdue))
        other = self.env["res.partner"].create(
            {"name": "Mercado Bom Preço", "email": "contas@bompreco.example.com"}
        )
        self.create_invoice(200.0, "2025-06-08", partner=other)
        self.company.state_id = self.env.ref("base.state_br_rj")
        self.assertEqual(self.run_on(date(2025, 7, 9)), 1)
        self.assertEqual(len(self.mails(other)), 1)
        self.assertEqual(self.run_on(date(2025, 7, 10)), 0)

    def test_legal_hand_over(self):
        """D+30: the titles go to legal collection (status Legal, a note, an
        activity for the collector), only when the company allows it, never
        for a title in dispute."""
        legal_step = {"name": "Jurídico", "offset_days": 30, "channel": "legal"}
        with self.assertRaises(ValidationError):
            self.cadence.step_ids = [Command.create(legal_step)]
        self.company.telecobranca_cadence_allow_legal = True
        self.cadence.step_ids = [Command.create(legal_step)]
        other = self.env["res.partner"].create(
            {"name": "Mercado Bom Preço", "email": "contas@bompreco.example.com"}
        )
        disputed = self.titles(self.create_invoice(300.0, "2025-05-19", partner=other))
        case = self.open_case()
        other_case = self.open_case(disputed, partner=other)
        Cadence = self.env["telecobranca.cadence"]
        day = date(2025, 7, 18)
        messages = Cadence._get_due_messages(self.company, day)
        self.assertEqual(len(messages), 2)
        # the dispute is opened after the selection, before the sending
        self.env["telecobranca.dispute"].action_open_disputes(
            disputed, "Mercadoria devolvida"
        )
        self.assertEqual(Cadence._send_messages(self.company, day, messages), 2)
        self.assertEqual(self.title.collection_status_id, self.status_legal)
        self.assertFalse(disputed.collection_status_id == self.status_legal)
        note = case.note_ids.filtered(lambda n: "Jurídico" in n.body)
        self.assertEqual(len(note), 1)
        self.assertIn(self.title.title_number, note.body)
        self.assertIn(self.status_legal.name, note.body)
        activity = case.activity_ids
        self.assertEqual(activity.user_id, self.collector)
        self.assertIn(self.title.title_number, activity.note)
        self.assertFalse(other_case.activity_ids)
        self.assertIn(
            "dispute",
            other_case.note_ids.filtered(lambda n: "Jurídico" in n.body).body,
        )
        # the company withdraws its permission: the step hands nothing over
        self.company.telecobranca_cadence_allow_legal = False
        third = self.titles(self.create_invoice(50.0, "2025-05-20"))
        self.assertEqual(self.run_on(date(2025, 7, 19)), 1)
        self.assertFalse(third.collection_status_id == self.status_legal)
        self.assertEqual(len(case.activity_ids), 1)
        self.assertTrue(
            case.note_ids.filtered(
                lambda n: "Jurídico" in n.body and third.title_number in n.body
            )
        )

    def test_excluded_tag_gets_nothing(self):
        tag = self.env["res.partner.category"].create({"name": "Não cobrar"})
        self.company.telecobranca_excluded_tag_id = tag
        self.customer.category_id = tag
        self.assertEqual(self.run_on(D), 0)
        self.assertFalse(self.mails())

    def test_weekly_limit(self):
        self.company.telecobranca_cadence_weekly_limit = 2
        self.run_on(date(2025, 6, 15))
        self.run_on(D)
        # the third message in 7 days waits: D+1 is skipped for good
        self.assertEqual(self.run_on(date(2025, 6, 19)), 0)
        self.assertEqual(len(self.mails()), 2)
        # a week after the first message, the count is back under the limit
        self.assertEqual(self.run_on(date(2025, 6, 23)), 1)

    def test_one_message_per_customer_listing_its_titles(self):
        other = self.env["res.partner"].create(
            {"name": "Mercado Bom Preço", "email": "contas@bompreco.example.com"}
        )
        second = self.create_invoice(100.0, "2025-05-19")
        third = self.create_invoice(200.0, "2025-05-19", partner=other)
        fourth = self.create_invoice(300.0, "2025-05-19", partner=other)
        self.assertEqual(self.run_on(D), 2)
        for partner, invoices in (
            (self.customer, self.invoice | second),
            (other, third | fourth),
        ):
            mail = self.mails(partner)
            self.assertEqual(len(mail), 1, partner.name)
            for title in self.titles(invoices):
                self.assertIn(title.title_number, mail.body_html)

    def test_tomorrow_preview_lists_what_the_run_sends(self):
        other = self.env["res.partner"].create(
            {"name": "Mercado Bom Preço", "email": "contas@bompreco.example.com"}
        )
        self.create_invoice(200.0, "2025-05-19", partner=other)
        self.create_invoice(300.0, "2025-05-19", partner=other)
        Preview = self.env["telecobranca.cadence.preview"]
        action = Preview._open_preview(D)
        self.assertEqual(action["context"]["group_by"], ["step_id", "channel"])
        rows = Preview.search(action["domain"])
        self.assertRecordValues(
            rows.sorted("amount"),
            [
                {"partner_id": other.id, "title_count": 2, "amount": 500.0},
                {"partner_id": self.customer.id, "title_count": 1, "amount": 1234.56},
            ],
        )
        self.assertEqual(rows.step_id.name, "Due today")
        self.assertEqual(set(rows.mapped("channel")), {"email"})
        # opened again: the same list, not twice
        self.assertEqual(len(Preview.search(Preview._open_preview(D)["domain"])), 2)
        self.assertEqual(self.run_on(D), 2)
        self.assertFalse(Preview.search(Preview._open_preview(D)["domain"]))

    def test_tomorrow_button(self):
        with freeze_time("2025-06-17 12:00:00"):
            action = self.cadence.action_preview_tomorrow()
        rows = self.env["telecobranca.cadence.preview"].search(action["domain"])
        self.assertEqual(rows.partner_id, self.customer)
        self.assertEqual(rows.date, D)

    def test_paused_cadence_sends_nothing(self):
        self.cadence.action_pause()
        self.assertEqual(self.run_on(D), 0)
        self.cadence.action_resume()
        self.assertEqual(self.run_on(D), 1)

    def test_sending_hour(self):
        """Today's run waits for the company's hour (São Paulo time)."""
        self.company.telecobranca_cadence_hour = 10
        Cadence = self.env["telecobranca.cadence"]
        with freeze_time("2025-06-18 12:30:00"):  # 09:30 in São Paulo
            self.assertEqual(Cadence._run(), 0)
        with freeze_time("2025-06-18 13:30:00"):  # 10:30
            self.assertEqual(Cadence._run(), 1)

    def test_choice_customer_tag_case_type_default(self):
        tag = self.env["res.partner.category"].create({"name": "VIP"})
        case_type = self.env["telecobranca.case.type"].create({"name": "Judicial"})
        steps = [Command.create(self.email_step(0, "Hoje", self.reminder))]
        by_type = self.cadence.copy(
            {
                "name": "Por tipo",
                "is_default": False,
                "case_type_ids": case_type.ids,
                "step_ids": steps,
            }
        )
        by_tag = self.cadence.copy(
            {
                "name": "Por etiqueta",
                "is_default": False,
                "partner_category_ids": tag.ids,
                "step_ids": steps,
            }
        )
        Cadence = self.env["telecobranca.cadence"]

        def chosen():
            return Cadence._get_due_messages(self.company, D)[0][1].cadence_id

        self.assertEqual(chosen(), self.cadence)
        case = self.open_case()
        case.case_type_id = case_type
        self.assertEqual(chosen(), by_type)
        self.customer.category_id = tag
        self.assertEqual(chosen(), by_tag)
        # a paused choice sends nothing (no fall back)
        by_tag.paused = True
        self.assertEqual(Cadence._get_due_messages(self.company, D), [])

    def test_sms_whatsapp_and_status_steps(self):
        self.cadence.step_ids.unlink()
        self.cadence.step_ids = [
            Command.create(
                {"name": "SMS", "offset_days": 0, "channel": "sms", "message": "Olá"}
            ),
            Command.create({"name": "Zap", "offset_days": 0, "channel": "whatsapp"}),
            Command.create(
                {
                    "name": "Legal",
                    "offset_days": 0,
                    "channel": "status",
                    "status_id": self.status_legal.id,
                }
            ),
        ]
        case = self.open_case()
        self.assertEqual(self.run_on(D), 3)
        sms = self.env["sms.sms"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(sms), 1)
        self.assertTrue(sms.body.startswith("Olá"))
        self.assertIn(self.title.title_number, sms.body)
        self.assertIn("1.234,56", sms.body)
        self.assertEqual(sms.state, "outgoing")
        activity = case.activity_ids
        self.assertEqual(activity.user_id, self.collector)
        self.assertIn("https://wa.me/5511987654321?text=", activity.note)
        self.assertEqual(self.title.collection_status_id, self.status_legal)
        self.assertEqual(
            sorted(case.note_ids.mapped("origin")), ["sms", "system", "whatsapp"]
        )

    def test_step_settings_checked(self):
        with self.assertRaises(ValidationError):
            self.cadence.step_ids = [
                Command.create({"name": "X", "offset_days": 0, "channel": "email"})
            ]
        with self.assertRaises(ValidationError):
            self.cadence.copy({"is_default": True})
        with self.assertRaises(ValidationError):
            self.company.telecobranca_cadence_hour = 24
        form = Form(self.env["telecobranca.cadence"])
        form.name = "Nova régua"
        with form.step_ids.new() as step:
            step.name = "Lembrete"
            step.offset_days = -2
            step.mail_template_id = self.reminder
        cadence = form.save()
        self.assertEqual(cadence.step_ids.channel, "email")

    def test_queries_do_not_grow_with_the_titles(self):
        """The run selects, claims and sends in a fixed number of queries per
        message: a reminder listing five titles costs what one costs."""
        Cadence = self.env["telecobranca.cadence"]

        def queries(day):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.assertEqual(Cadence._run(date=day), 1)
            return self.env.cr.sql_log_count - before

        queries(date(2025, 6, 15))  # warm-up: the reminder of one title
        one = queries(D)  # due today: one title
        for _i in range(5):
            self.create_invoice(10.0, "2025-05-26")  # due 25 June
        five = queries(date(2025, 6, 22))  # the reminder of five titles
        self.assertEqual(five, one)


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16 15:00:00")
class TestCadenceQueryCount(BoletoCommon):
    """The run's query count does not grow with the customers: every
    channel, a case per customer (its notes), N and 3N customers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.email = "cobranca@empresa.example.com"
        cls.company.telecobranca_cadence_weekly_limit = 0
        cls.collector = cls.setup_tour_collector("cadence_collector_q")
        overdue = cls.env.ref("telecobranca.mail_template_cadence_overdue")
        cls.cadence = cls.env["telecobranca.cadence"].create(
            {
                "name": "Régua",
                "company_id": cls.company.id,
                "is_default": True,
                "step_ids": [
                    Command.create(
                        {
                            "name": "E-mail",
                            "offset_days": 1,
                            "channel": "email",
                            "mail_template_id": overdue.id,
                        }
                    ),
                    Command.create({"name": "SMS", "offset_days": 1, "channel": "sms"}),
                    Command.create(
                        {"name": "Zap", "offset_days": 1, "channel": "whatsapp"}
                    ),
                    Command.create(
                        {"name": "Ligar", "offset_days": 1, "channel": "activity"}
                    ),
                    Command.create(
                        {
                            "name": "Jurídico",
                            "offset_days": 1,
                            "channel": "status",
                            "status_id": cls.status_legal.id,
                        }
                    ),
                ],
            }
        )

    def customers_due(self, count, invoice_date):
        """``count`` customers with two titles each (invoices of 30 days) and
        an open case."""
        partners = self.env["res.partner"].create(
            [
                {
                    "name": f"Cliente {invoice_date} {n}",
                    "email": f"cliente{n}@example.com",
                    "mobile": "+55 11 98765-4321",
                    "lang": "pt_BR",
                    "is_company": True,
                }
                for n in range(count)
            ]
        )
        for partner in partners:
            invoices = self.create_invoice(
                10.0, invoice_date, partner=partner
            ) | self.create_invoice(20.0, invoice_date, partner=partner)
            self.env["telecobranca.case"].create(
                {
                    "partner_id": partner.id,
                    "company_id": self.company.id,
                    "user_id": self.collector.id,
                    "line_ids": [
                        Command.create({"move_line_id": title.id})
                        for title in self.titles(invoices)
                    ],
                }
            )
        return partners

    def run_counting(self, day, expected):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self.assertEqual(self.env["telecobranca.cadence"]._run(date=day), expected)
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_queries_do_not_grow_with_the_customers(self):
        """Five messages per customer (e-mail, SMS, WhatsApp, call, status),
        each leaving a note: 3 customers cost what 9 cost."""
        self.customers_due(1, "2025-05-01")  # due 31 May
        self.run_counting(date(2025, 6, 1), 5)  # warm-up (caches)
        small = self.customers_due(3, "2025-05-02")
        small_count = self.run_counting(date(2025, 6, 2), 15)
        large = self.customers_due(9, "2025-05-03")
        self.assertEqual(self.run_counting(date(2025, 6, 3), 45), small_count)
        # and everything was sent: an e-mail and an SMS per customer, a call
        # and a WhatsApp activity, five notes on each case, the titles' status
        for partners in (small, large):
            mails = self.env["mail.mail"].search(
                [("recipient_ids", "in", partners.ids)]
            )
            self.assertEqual(len(mails), len(partners))
            self.assertEqual(
                self.env["sms.sms"].search_count([("partner_id", "in", partners.ids)]),
                len(partners),
            )
            cases = self.env["telecobranca.case"].search(
                [("partner_id", "in", partners.ids)]
            )
            self.assertEqual(len(cases.activity_ids), 2 * len(partners))
            self.assertEqual(len(cases.note_ids), 5 * len(partners))
            self.assertEqual(
                cases.line_ids.move_line_id.collection_status_id, self.status_legal
            )
        self.assertIn("20,00", mails[0].body_html)
        self.assertIn("10,00", mails[0].body_html)
