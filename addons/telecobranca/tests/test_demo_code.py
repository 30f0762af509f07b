# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Demo and test code stay out of production paths."""

import unittest
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.modules import module as odoo_module
from odoo.tests import TransactionCase, tagged
from odoo.tools import config

from odoo.addons.telecobranca import demo as demo_package
from odoo.addons.telecobranca.demo.telecobranca_demo import DEMO_CUSTOMERS
from odoo.addons.telecobranca.hooks import post_init_hook

from .test_boleto_common import BoletoCommon


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestDemoCode(BoletoCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Connector = cls.env["telecobranca.bank.connector"]
        cls.module = cls.env["ir.module.module"].search([("name", "=", "telecobranca")])
        cls.invoice = cls.boleto_invoice(1234.56)
        cls.title = cls.titles(cls.invoice)

    def _production(self):
        """Pretend to be a production database: no test run, no demo data."""
        self.patch(type(self.Connector), "_test_connectors_allowed", lambda self: False)

    def test_fake_connector_offered_in_tests_and_demo_only(self):
        self.assertTrue(self.Connector._test_connectors_allowed())
        with (
            patch.dict(config.options, {"test_enable": False}),
            patch.object(odoo_module, "current_test", False),
        ):
            self.module.demo = False
            self.assertFalse(self.Connector._test_connectors_allowed())
            self.module.demo = True
            self.assertTrue(self.Connector._test_connectors_allowed())

    def test_fake_connector_not_selectable_in_production(self):
        self.assertIn("fake", dict(self.Connector._connector_selection()))
        self._production()
        self.assertNotIn("fake", dict(self.Connector._connector_selection()))
        selection = self.bb_account._fields["boleto_connector"]._description_selection(
            self.env
        )
        self.assertNotIn("fake", dict(selection))
        with (
            self.assertRaisesRegex(ValidationError, "not available on this database"),
            self.env.cr.savepoint(),
        ):
            self.bb_account.write(
                {"boleto_integration": "api", "boleto_connector": "fake"}
            )
        self.bb_account.invalidate_recordset()
        self.assertFalse(self.bb_account.boleto_connector)  # nothing was written
        with self.assertRaisesRegex(UserError, "no bank connector fake"):
            self.Connector._get_connector("fake")

    def test_fake_connector_registers_in_tests(self):
        self.bb_account.write({"boleto_integration": "api", "boleto_connector": "fake"})
        self.title._telecobranca_register_at_bank(self.bb_account)
        self.assertEqual(self.title.boleto_status, "registered")
        self.assertEqual(self.title.boleto_bank_reference, "FAKE-12345670000000001")

    def test_no_demo_model_in_the_registry(self):
        self.assertNotIn("telecobranca.demo", self.env.registry)
        self.assertFalse(
            self.env["ir.model"].search([("model", "=like", "telecobranca.demo%")])
        )

    def test_demo_generated_only_with_demo_data(self):
        env = self.env(su=True)  # Odoo runs the hook as superuser
        with patch.object(demo_package, "load_demo_data") as load:
            self.module.demo = False
            post_init_hook(env)
            load.assert_not_called()
            self.module.demo = True
            post_init_hook(env)
            load.assert_called_once_with(env)


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    """What a person finds on the demo database (setup/demo): Portuguese,
    a collector and a supervisor with work for today, complete addresses.
    Dates follow the day of install: nothing here freezes time."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.demo_company = cls.env.ref("base.demo_company_br", raise_if_not_found=False)
        module = cls.env["ir.module.module"].search([("name", "=", "telecobranca")])
        if not (module.demo and cls.demo_company and cls.demo_company.chart_template):
            raise unittest.SkipTest("the database has no demo data")
        cls.Users = cls.env["res.users"]

    def demo_user(self, login):
        user = self.Users.search([("login", "=", login)])
        self.assertEqual(len(user), 1, login)
        return user

    def test_collector_and_supervisor(self):
        collector = self.demo_user("cobrador")
        supervisor = self.demo_user("supervisor")
        self.assertEqual(collector.name, "Carla Cobradora")
        for user, group in (
            (collector, "group_telecobranca_user"),
            (supervisor, "group_telecobranca_supervisor"),
        ):
            self.assertRecordValues(
                user,
                [
                    {
                        "lang": "pt_BR",
                        "tz": "America/Sao_Paulo",
                        "company_id": self.demo_company.id,
                    }
                ],
            )
            self.assertTrue(user.email)
            self.assertTrue(user.has_group(f"telecobranca.{group}"))
            # login = password
            user.with_user(user)._check_credentials(
                {"type": "password", "password": user.login}, {"interactive": False}
            )
            self.assertTrue(user.telecobranca_responsibility_center_ids)
            self.assertFalse(user.telecobranca_without_center)
        self.assertFalse(
            collector.has_group("telecobranca.group_telecobranca_supervisor")
        )
        self.assertEqual(self.demo_company.telecobranca_collector_id, collector)
        self.assertEqual(
            self.demo_company.telecobranca_responsibility_center_id.user_ids,
            collector | supervisor,
        )
        self.assertFalse(self.demo_company.telecobranca_missing_settings)
        self.assertEqual(
            self.demo_company.telecobranca_collectors_without_center_count, 0
        )

    def test_each_finds_cases_to_contact_today(self):
        Case = self.env["telecobranca.case"]
        for login in ("cobrador", "supervisor"):
            user = self.demo_user(login)
            own = Case.search([("user_id", "=", user.id), ("state", "=", "open")])
            self.assertGreaterEqual(len(own), 2, login)
            action = (
                Case.with_user(user)
                .with_company(self.demo_company)
                .action_open_worklist()
            )
            worklist = Case.with_user(user).search(action["domain"])
            self.assertTrue(worklist, login)
            self.assertLess(len(worklist), len(own), login)  # some noted for later
            self.assertEqual(worklist.user_id, user)
        # the collector's notes are hers, in Portuguese
        notes = self.env["telecobranca.note"].search(
            [("author_id", "=", self.demo_user("cobrador").id)]
        )
        self.assertEqual(len(notes), 2)
        self.assertIn("pagamento prometido", " ".join(notes.mapped("body")))

    def test_customers_in_portuguese_with_complete_addresses(self):
        customers = self.env["res.partner"].search(
            [("name", "in", [row[0] for row in DEMO_CUSTOMERS])]
        )
        self.assertEqual(len(customers), len(DEMO_CUSTOMERS))
        for customer in customers:
            self.assertEqual(customer.lang, "pt_BR", customer.name)
            for field in ("street_name", "street_number", "street2", "city"):
                self.assertTrue(customer[field], f"{customer.name}: {field}")
            self.assertTrue(customer.state_id, customer.name)
            self.assertEqual(customer.country_id, self.env.ref("base.br"))
            self.assertRegex(customer.zip, r"^\d{5}-\d{3}$", customer.name)
            self.assertIn(customer.street_number, customer.street)
        padaria = customers.filtered(lambda c: c.name.startswith("Padaria"))
        self.assertEqual(padaria.street, "Rua Augusta 1508")
        self.assertEqual(padaria.city_id.name, "São Paulo")
        # the CNAB 240 payer of a boleto title has every field the bank needs
        title = self.env["account.move.line"].search(
            [
                ("company_id", "=", self.demo_company.id),
                ("is_title", "=", True),
                ("boleto_barcode", "!=", False),
            ],
            limit=1,
        )
        self.assertTrue(title)
        payer = title._boleto_cnab_title(title.boleto_account_id)
        for field in (
            "payer_address",
            "payer_district",
            "payer_zip",
            "payer_city",
            "payer_state",
        ):
            self.assertTrue(getattr(payer, field), field)

    def test_demo_texts_in_portuguese(self):
        self.assertEqual(
            self.env.ref("telecobranca.demo_stage_first_contact").name,
            "Primeiro contato",
        )
        self.assertEqual(
            self.env.ref("telecobranca.demo_case_type_defaulting").name,
            "Cliente inadimplente",
        )
        self.assertEqual(
            self.env.ref("telecobranca.demo_contact_type_phone").name, "Telefone"
        )
        centers = self.env["telecobranca.responsibility.center"].search(
            [("company_id", "=", self.demo_company.id)]
        )
        self.assertIn("Mesa de Cobrança", centers.mapped("name"))
        # data records (statuses) read in Portuguese by a pt_BR user
        status = self.env.ref("telecobranca.title_status_protested")
        pt_name = status.with_context(lang="pt_BR").name
        self.assertNotEqual(pt_name, status.with_context(lang="en_US").name)

    def test_cadence_promises_and_dispute(self):
        """The demo company's cadence runs with its four steps and tomorrow's
        list has a customer for each; a promise is open, one broken (its
        case due today, the collector notified), a title in dispute."""
        cadence = self.env["telecobranca.cadence"].search(
            [("company_id", "=", self.demo_company.id), ("is_default", "=", True)]
        )
        self.assertEqual(len(cadence), 1)
        self.assertFalse(cadence.paused)
        self.assertEqual(cadence.name, "Régua padrão")
        self.assertEqual(
            [(s.offset_days, s.channel) for s in cadence.step_ids],
            [(-3, "email"), (0, "sms"), (1, "email"), (5, "activity")],
        )
        Preview = self.env["telecobranca.cadence.preview"].with_company(
            self.demo_company
        )
        action = cadence.with_company(self.demo_company).action_preview_tomorrow()
        rows = Preview.search(action["domain"])
        self.assertEqual(rows.step_id, cadence.step_ids)
        promises = self.env["telecobranca.promise"].search(
            [("company_id", "=", self.demo_company.id)]
        )
        self.assertEqual(sorted(promises.mapped("state")), ["broken", "open"])
        broken = promises.filtered(lambda p: p.state == "broken")
        self.assertEqual(broken.case_id.next_date, broken.date_done)
        self.assertTrue(broken.case_id.activity_ids)
        disputes = self.env["telecobranca.dispute"].search(
            [("company_id", "=", self.demo_company.id), ("state", "=", "open")]
        )
        self.assertEqual(len(disputes), 1)
        self.assertIn("avaria", disputes.reason)
