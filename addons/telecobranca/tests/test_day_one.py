# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Day one (issue 13): a new collector finds his cases, nothing asks for an
e-mail address that nothing sends from, the settings the flows need are
there (or shown missing), the accountant reads what collection posts."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged

from .common import TelecobrancaCommon
from .test_renegotiation import RenegotiationCommon


def company_user(env, login, groups, company, **values):
    return new_test_user(
        env,
        login=login,
        groups=groups,
        company_id=company.id,
        company_ids=[company.id],
        **values,
    )


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestDayOneAssignment(TelecobrancaCommon):
    """F2.1: every opening (daily run, *New collection*, RPC) gives the case
    a collector by the same rule; the administrator sees the collectors in
    no responsibility center."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "base.group_user,telecobranca.group_telecobranca_user"
        cls.carla = company_user(cls.env, "carla", groups, cls.company)
        cls.bruno = company_user(cls.env, "bruno", groups, cls.company)
        cls.company.write(
            {"telecobranca_auto_open": True, "telecobranca_min_days_overdue": 5}
        )
        cls.Case = cls.env["telecobranca.case"]
        cls.Opening = cls.env["telecobranca.case.opening"]

    def overdue_customers(self, count):
        customers = self.env["res.partner"].create(
            [{"name": f"Cliente {n}", "is_company": True} for n in range(count)]
        )
        for customer in customers:
            self.create_invoice(100.0, "2025-04-01", partner=customer)
        return customers

    def cases_of(self, customers):
        return self.Case.search(
            [("partner_id", "in", customers.ids), ("state", "=", "open")], order="id"
        )

    def test_setting_collector_gets_every_case(self):
        self.company.telecobranca_collector_id = self.carla
        auto = self.overdue_customers(2)
        self.Case._cron_open_cases()
        self.assertEqual(self.cases_of(auto).user_id, self.carla)
        by_hand, by_rpc = self.overdue_customers(2)
        # New collection proposes her, and saves her
        wizard = self.env["telecobranca.case.open.wizard"].create(
            {"partner_id": by_hand.id, "note": "<p>Parecer</p>"}
        )
        self.assertEqual(wizard.user_id, self.carla)
        wizard.action_confirm()
        self.assertEqual(self.cases_of(by_hand).user_id, self.carla)
        # an RPC caller who names nobody gets the same rule
        titles = self.env["account.move.line"].search(
            [("partner_id", "=", by_rpc.id), ("is_title", "=", True)]
        )
        case = self.Opening._open_case_manually(by_rpc, titles)
        self.assertEqual(case.user_id, self.carla)

    def test_round_robin_two_members_four_customers(self):
        team = self.env["telecobranca.responsibility.center"].create(
            {"name": "Mesa de Cobrança", "user_ids": (self.carla | self.bruno).ids}
        )
        self.company.write(
            {
                "telecobranca_responsibility_center_id": team.id,
                # the team's members come first; the collector is the fallback
                "telecobranca_collector_id": self.env.user.id,
            }
        )
        customers = self.overdue_customers(4)
        self.Case._cron_open_cases()
        cases = self.cases_of(customers)
        self.assertEqual(len(cases), 4)
        self.assertEqual(len(cases.filtered(lambda c: c.user_id == self.carla)), 2)
        self.assertEqual(len(cases.filtered(lambda c: c.user_id == self.bruno)), 2)
        last = cases[-1].user_id
        # the manual opening and the API take the next turn too
        manual, rpc = self.overdue_customers(2)
        wizard = self.env["telecobranca.case.open.wizard"].create(
            {"partner_id": manual.id, "note": "<p>Parecer</p>"}
        )
        self.assertEqual(wizard.user_id, (self.carla | self.bruno) - last)
        wizard.action_confirm()
        case = self.cases_of(manual)
        self.assertEqual(case.user_id, (self.carla | self.bruno) - last)
        titles = self.env["account.move.line"].search(
            [("partner_id", "=", rpc.id), ("is_title", "=", True)]
        )
        rpc_case = self.Opening._open_case_manually(rpc, titles)
        self.assertEqual(rpc_case.user_id, last)

    def test_manual_opening_keeps_the_open_case_collector(self):
        self.company.telecobranca_collector_id = self.carla
        (customer,) = self.overdue_customers(1)
        self.Case._cron_open_cases()
        case = self.cases_of(customer)
        case.user_id = self.bruno
        self.create_invoice(50.0, "2025-04-10", partner=customer)
        wizard = self.env["telecobranca.case.open.wizard"].create(
            {"partner_id": customer.id, "note": "<p>Mais um título</p>"}
        )
        self.assertEqual(wizard.user_id, self.bruno)

    def test_manual_opening_without_settings_is_the_user(self):
        (customer,) = self.overdue_customers(1)
        titles = self.env["account.move.line"].search(
            [("partner_id", "=", customer.id), ("is_title", "=", True)]
        )
        case = self.Opening.with_user(self.carla)._open_case_manually(
            customer.with_user(self.carla), titles.with_user(self.carla)
        )
        self.assertEqual(case.user_id, self.carla)

    def test_collectors_without_center(self):
        Users = self.env["res.users"]
        without = Users._telecobranca_collectors_without_center(self.company)
        self.assertIn(self.carla, without)
        self.assertIn(self.bruno, without)
        self.assertEqual(
            Users.search([("telecobranca_without_center", "=", True)]) & without,
            without,
        )
        count = self.company.telecobranca_collectors_without_center_count
        self.assertEqual(count, len(without))
        self.env["telecobranca.responsibility.center"].create(
            {"name": "Mesa", "user_ids": self.carla.ids}
        )
        self.company.invalidate_recordset()
        self.assertEqual(
            self.company.telecobranca_collectors_without_center_count, count - 1
        )
        self.assertFalse(
            Users.search(
                [
                    ("telecobranca_without_center", "=", True),
                    ("id", "=", self.carla.id),
                ]
            )
        )
        # the button of the settings lists them
        action = self.company.action_telecobranca_collectors_without_center()
        listed = Users.search(action["domain"])
        self.assertIn(self.bruno, listed)
        self.assertNotIn(self.carla, listed)
        # the warning is on the Collection Settings form, with its button
        arch = self.env["res.company"].get_views(
            [(self.env.ref("telecobranca.res_company_view_form_collection").id, "form")]
        )["views"]["form"]["arch"]
        self.assertIn("telecobranca_collectors_without_center_alert", arch)
        self.assertIn("action_telecobranca_collectors_without_center", arch)
        # and a filter in Settings > Users
        search = Users.get_views([(False, "search")])["views"]["search"]["arch"]
        self.assertIn("filter_telecobranca_without_center", search)


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestDayOneWorklist(TelecobrancaCommon):
    """*My cases to contact today* says so when nothing is due."""

    def test_empty_worklist_says_nothing_due(self):
        collector = company_user(
            self.env,
            "worklist_collector",
            "base.group_user,telecobranca.group_telecobranca_user",
            self.company,
        )
        Case = self.env["telecobranca.case"].with_user(collector)
        action = Case.action_open_worklist()
        self.assertIn("Nothing due for you today", action["help"])
        self.assertIn("New collection", action["help"])
        self.assertFalse(Case.search(action["domain"]))
        today = fields.Date.to_date("2025-06-16")
        others = self.env["res.partner"].create(
            [{"name": f"Cliente {n}", "is_company": True} for n in range(4)]
        )
        due, late, tomorrow, colleague = self.env["telecobranca.case"].create(
            [
                {
                    "company_id": self.company.id,
                    "partner_id": partner.id,
                    "user_id": user.id,
                    "next_date": today + timedelta(days=days),
                }
                for partner, user, days in zip(
                    others,
                    (collector, collector, collector, self.env.user),
                    (0, -3, 1, 0),
                    strict=True,
                )
            ]
        )
        self.assertEqual(Case.search(action["domain"]), due | late)
        self.assertTrue(tomorrow and colleague)


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestDayOneSettings(TelecobrancaCommon):
    """Settings the flows need: filled for a Brazilian chart, shown missing
    otherwise; the accountant reads the entries of collection."""

    def assert_br_settings(self, company):
        ChartTemplate = self.env["account.chart.template"].with_company(company)

        def chart_account(xmlid):
            return ChartTemplate.ref(xmlid)

        journal = company.telecobranca_renegotiation_journal_id
        self.assertEqual((journal.code, journal.type), ("REN", "general"))
        self.assertRecordValues(
            company,
            [
                {
                    "telecobranca_fine_account_id": chart_account(
                        "account_template_30101050124"
                    ).id,
                    "telecobranca_interest_account_id": chart_account(
                        "account_template_30101050132"
                    ).id,
                    "telecobranca_discount_account_id": chart_account(
                        "account_template_31101010202"
                    ).id,
                    "telecobranca_bad_debt_account_id": chart_account(
                        "account_template_30101070125"
                    ).id,
                    "telecobranca_missing_settings": False,
                }
            ],
        )
        self.assertEqual(
            company.telecobranca_writeoff_type_id.account_id,
            company.telecobranca_discount_account_id,
        )
        self.assertEqual(
            company.telecobranca_bad_debt_writeoff_type_id.account_id,
            company.telecobranca_bad_debt_account_id,
        )

    def test_brazilian_chart_fills_the_settings(self):
        # the test company got the l10n_br chart after its creation, like a
        # company an administrator creates and gives a chart to
        self.assert_br_settings(self.company)

    def test_company_given_the_brazilian_chart_later(self):
        self.env["res.lang"]._activate_lang("pt_BR")
        company = self.env["res.company"].create(
            {"name": "Nova Filial Ltda", "country_id": self.env.ref("base.br").id}
        )
        self.assertTrue(company.telecobranca_missing_settings)
        self.env["account.chart.template"].try_loading(
            "br", company=company, install_demo=False
        )
        company.invalidate_recordset()
        self.assert_br_settings(company)
        # created in English at install, named in every active language
        wtype = company.telecobranca_bad_debt_writeoff_type_id
        self.assertEqual(wtype.with_context(lang="en_US").name, "Bad debt loss")
        self.assertEqual(
            wtype.with_context(lang="pt_BR").name,
            self.env(context={"lang": "pt_BR"})._("Bad debt loss"),
        )

    def test_missing_settings_warning(self):
        company = self.env["res.company"].create({"name": "Sem Plano de Contas"})
        missing = company.telecobranca_missing_settings.splitlines()
        for name in (
            "Renegotiation Journal",
            "Fine Income Account",
            "Interest Income Account",
            "Discount Expense Account",
            "Default Write-off Type",
            "Bad Debt Loss Account",
            "Bad Debt Write-off Type",
        ):
            self.assertIn(name, missing)
        self.assertEqual(len(missing), 7)
        company.telecobranca_auto_open = True
        self.assertIn(
            "the cases opened automatically have no collector",
            company.telecobranca_missing_settings,
        )
        # the banner of the Collection Settings form and of the Settings app
        form = self.env["res.company"].get_views(
            [(self.env.ref("telecobranca.res_company_view_form_collection").id, "form")]
        )["views"]["form"]["arch"]
        self.assertIn("telecobranca_missing_settings_alert", form)
        self.assertIn('name="telecobranca_missing_settings"', form)
        settings = self.env["res.config.settings"].get_views([(False, "form")])
        self.assertIn(
            "telecobranca_missing_settings_alert", settings["views"]["form"]["arch"]
        )
        self.assertFalse(
            Form(self.env["res.config.settings"]).telecobranca_missing_settings
        )


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestDayOneEmail(RenegotiationCommon):
    """Nothing asks for the acting user's e-mail address unless an e-mail is
    sent; then the message says it is his own address that is missing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.collector = company_user(
            cls.env,
            "sem_email_cobrador",
            "base.group_user,telecobranca.group_telecobranca_user",
            cls.company,
            email=False,
        )
        cls.manager = company_user(
            cls.env,
            "sem_email_gerente",
            "base.group_user,telecobranca.group_telecobranca_manager",
            cls.company,
            email=False,
        )
        cls.accountant = company_user(
            cls.env,
            "contador",
            "base.group_user,account.group_account_user",
            cls.company,
        )
        cls.auditor = company_user(
            cls.env,
            "auditor",
            "base.group_user,account.group_account_readonly",
            cls.company,
        )
        cls.company.partner_id.email = False
        cls.invoice = cls.create_invoice(900.0, "2025-04-01", term=cls.term_30_60_90)
        cls.first, cls.second, cls.third = cls.titles(cls.invoice)
        cls.case = cls.env["telecobranca.case"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.company.id,
                "user_id": cls.collector.id,
                "line_ids": [
                    Command.create({"move_line_id": title.id})
                    for title in (cls.first | cls.second | cls.third)
                ],
            }
        )
        cls.wtype = cls.env["telecobranca.writeoff.type"].create(
            {"name": "Perda", "account_id": cls.expense.id}
        )

    def notes(self):
        return self.env["telecobranca.note"].search(
            [("case_id", "=", self.case.id), ("origin", "=", "system")]
        )

    def confirm_renegotiation(self, user):
        reneg = (
            self.env["telecobranca.renegotiation"]
            .with_user(user)
            .create(
                {
                    "partner_ids": [Command.set(self.customer.ids)],
                    "line_ids": [Command.create({"move_line_id": self.first.id})],
                    "payment_term_id": self.term_30.id,
                    "date": "2025-06-16",
                }
            )
        )
        reneg.action_compute_installments()
        reneg.action_confirm()
        return reneg

    def writeoff(self, user, title):
        wizard = Form(
            self.env["telecobranca.writeoff.wizard"]
            .with_user(user)
            .with_context(default_move_line_id=title.id)
        )
        wizard.writeoff_type_id = self.wtype
        wizard.reason = "Acordo de perda"
        action = wizard.save().action_confirm()
        return self.env["account.move"].browse(action["res_id"])

    def test_collector_without_email_confirms_a_renegotiation(self):
        self.assertFalse(self.collector.email)
        reneg = self.confirm_renegotiation(self.collector)
        self.assertEqual(reneg.state, "done")
        self.assertTrue(self.first.reconciled)
        note = self.notes().filtered(lambda n: "Renegotiation confirmed" in n.body)
        self.assertEqual(note.author_id, self.collector)
        message = reneg.message_ids.filtered(
            lambda m: "Renegotiation confirmed" in (m.body or "")
        )
        self.assertEqual(message.author_id, self.collector.partner_id)

    def test_manager_without_email_writes_off_and_confirms(self):
        self.assertFalse(self.manager.email)
        move = self.writeoff(self.manager, self.second)
        self.assertEqual(move.state, "posted")
        self.assertTrue(self.second.reconciled)
        self.assertIn("Acordo de perda", move.message_ids[:1].body)
        self.assertEqual(move.message_ids[:1].author_id, self.manager.partner_id)
        self.assertTrue(self.notes().filtered(lambda n: "Acordo de perda" in n.body))
        reneg = self.confirm_renegotiation(self.manager)
        self.assertEqual(reneg.state, "done")

    def test_email_without_own_address_says_so(self):
        Send = self.env["telecobranca.send"].with_user(self.collector)
        own_address = "your own e-mail address"
        with self.assertRaisesRegex(UserError, own_address) as caught:
            Send._prepare_boleto_email(self.third.with_user(self.collector))
        self.assertIn("My Preferences", str(caught.exception))
        self.assertIn("Settings > Users", str(caught.exception))
        with self.assertRaisesRegex(UserError, own_address):
            self.case.with_user(self.collector)._do_post_email_note(
                "Cobrança", "<p>Olá</p>", self.customer
            )
        # the collection e-mail goes from the company or the user: neither
        self.customer.email = "financeiro@padaria.example.com"
        with self.assertRaisesRegex(UserError, own_address) as caught:
            Send._send_collection_email(self.case.with_user(self.collector))
        self.assertIn(self.company.name, str(caught.exception))
        # nothing was sent nor noted
        self.assertFalse(self.notes().filtered(lambda n: n.origin == "email"))
        # with the company's address, the collection e-mail goes
        self.company.partner_id.email = "cobranca@empresa.example.com"
        self.assertEqual(
            Send._send_collection_email(self.case.with_user(self.collector)),
            self.case,
        )

    def test_accountant_reads_collection_entries(self):
        reneg = self.confirm_renegotiation(self.env.user)
        writeoff = self.writeoff(self.env.user, self.second)
        moves = reneg.move_id | writeoff
        for user in (self.accountant, self.auditor):
            Line = self.env["account.move.line"].with_user(user)
            fields_shown = Line.get_views([(False, "list")])["models"][
                "account.move.line"
            ]["fields"]
            rows = Line.search_read([("move_id", "in", moves.ids)], list(fields_shown))
            self.assertEqual(
                {row["id"] for row in rows}, set(moves.line_ids.ids), user.login
            )
            self.assertEqual(
                sum(row["debit"] for row in rows),
                sum(moves.line_ids.mapped("debit")),
            )
            form = Form(reneg.move_id.with_user(user))
            self.assertEqual(form.name, reneg.move_id.name)
            menus = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
            self.assertIn(
                self.env.ref("account.menu_action_move_journal_line_form").id, menus
            )
