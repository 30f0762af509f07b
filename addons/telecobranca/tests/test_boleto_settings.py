# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .test_boleto_common import BoletoCommon


@tagged("post_install", "-at_install")
class TestBoletoSettings(BoletoCommon):
    def test_default_account_in_settings(self):
        self.company.telecobranca_boleto_bank_account_id = False
        settings = self.env["res.config.settings"].create(
            {"telecobranca_boleto_bank_account_id": self.bb_account.id}
        )
        settings.execute()
        self.assertEqual(
            self.company.telecobranca_boleto_bank_account_id, self.bb_account
        )
        self.assertEqual(
            self.env["res.config.settings"]
            .create({})
            .telecobranca_boleto_bank_account_id,
            self.bb_account,
        )
