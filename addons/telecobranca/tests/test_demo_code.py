# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Demo and test code stay out of production paths."""

from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.modules import module as odoo_module
from odoo.tests import tagged
from odoo.tools import config

from odoo.addons.telecobranca import demo as demo_package
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
