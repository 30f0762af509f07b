# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The pure tools raise ValueError; the user reads a translated UserError."""

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import TelecobrancaCommon


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestToolBoundaries(TelecobrancaCommon):
    def test_charges_with_bad_settings(self):
        invoice = self.create_invoice(100.0, "2025-04-20")
        title = self.titles(invoice)
        reneg = self.env["telecobranca.renegotiation"].create(
            {"partner_ids": [Command.set(self.customer.ids)], "date": "2025-06-16"}
        )
        # a negative fine is refused by the settings now (issue 12); a
        # company saved before that constraint may still hold one
        with self.assertRaises(ValidationError) as refused:
            self.company.telecobranca_fine_percent = -2.0
        self.assertIn("fine must be between", str(refused.exception))
        self.env.cr.execute(
            "UPDATE res_company SET telecobranca_fine_percent = -2 WHERE id = %s",
            [self.company.id],
        )
        self.company.invalidate_recordset(["telecobranca_fine_percent"])
        with (
            self.assertRaisesRegex(UserError, "cannot be computed") as caught,
            self.env.cr.savepoint(),
        ):
            reneg.line_ids = [Command.create({"move_line_id": title.id})]
        message = str(caught.exception)
        self.assertIn(title.title_number, message)
        self.assertIn(self.company.name, message)
        self.assertIn("fine_percent must be a non-negative number", message)
        # with sound settings the charges are computed: 2 % fine, 1 % a month
        self.company.telecobranca_fine_percent = 2.0
        self.company.telecobranca_interest_percent = 1.0
        self.company.telecobranca_grace_days = 0
        reneg.invalidate_recordset()
        self.assertFalse(reneg.line_ids)  # nothing was added
        reneg.line_ids = [Command.create({"move_line_id": title.id})]
        self.assertRecordValues(
            reneg.line_ids, [{"open_amount": 100.0, "fine_amount": 2.0}]
        )
