# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from ..tools import boleto as boleto_tools
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


# One published slip of each bank added to the 9 first ones: the account's
# settings, the title's nosso número, due date and amount, and the digitable
# line the bank's example prints (sources cited with the same slips in
# tests/unit/test_boleto.py of the repository: brcobranca's specs and
# BoletoNetCore's tests).
PUBLISHED_SLIPS = {
    "004": (
        {"boleto_agency": "0016", "boleto_account": "0001193"}
        | {"boleto_account_digit": "2", "boleto_wallet": "21"},
        2720,
        "2012-09-08",
        54.00,
        "00490.01605 00119.320000 27200.210006 7 54500000005400",
        "0002720-0",
    ),
    "021": (
        {"boleto_agency": "274", "boleto_account": "2720129"}
        | {"boleto_account_digit": "2", "boleto_wallet": "11"}
        | {"boleto_wallet_variation": "4"},
        32,
        "2016-12-26",
        80.00,
        "02190.00007 03200.027203 12924.021798 1 70200000008000",
        "00000032-98",
    ),
    "070": (
        {"boleto_agency": "082", "boleto_account": "0000528", "boleto_wallet": "2"},
        1,
        "2015-04-30",
        10.00,
        "07090.00087 20000.528206 00001.070135 9 64140000001000",
        "200000107013",
    ),
    "084": (
        {"boleto_agency": "0012", "boleto_account": "47744", "boleto_wallet": "09"},
        10035,
        "2023-09-25",
        712.40,
        "08490.01201 90000.001009 35004.774408 7 94840000071240",
        "09/00000010035-0",
    ),
    "085": (
        {"boleto_agency": "0101", "boleto_account": "231560"}
        | {"boleto_account_digit": "2", "boleto_agreement": "101104"}
        | {"boleto_wallet": "1"},
        74644,
        "2021-09-28",
        80.21,
        "08591.01107 40231.560208 00074.644014 1 87570000008021",
        "02315602000074644",
    ),
    "097": (
        {"boleto_agency": "0001", "boleto_account": "0000002"}
        | {"boleto_agreement": "100000", "boleto_wallet": "18"},
        95,
        "2008-02-01",
        135.00,
        "09790.00007 09750.001100 00000.000950 1 37690000013500",
        "09750001100000000095",
    ),
    "136": (
        {"boleto_agency": "1234", "boleto_account": "12345"}
        | {"boleto_account_digit": "7", "boleto_wallet": "21"},
        13871,
        "2012-01-24",
        2952.95,
        "13691.23409 00012.345708 00001.387117 1 52220000295295",
        "0000013871-1",
    ),
    "422": (
        {"boleto_agency": "1150", "boleto_agency_digit": "0"}
        | {"boleto_account": "00627672", "boleto_account_digit": "9"},
        50153004,
        "2016-03-30",
        5543.05,
        "42297.11504 00062.767298 50153.004523 1 67490000554305",
        "50153004-5",
    ),
    "745": (
        {"boleto_agency": "0121", "boleto_agreement": "0264424020"}
        | {"boleto_wallet": "611"},
        159,
        "2013-09-27",
        2.00,
        "74593.61122 64424.020002 00000.015974 1 58340000000200",
        "00000000159.7",
    ),
}
# The bank code with its digit, as the banks print it.
PRINTED_BANK_CODES = {
    "004": "004-3",
    "021": "021-3",
    "070": "070-1",
    "084": "084-1",
    "085": "085-0",
    "097": "097-3",
    "136": "136-8",
    "422": "422-7",
    "745": "745-5",
}
# The CPF of the beneficiary of brcobranca's CrediSIS example.
CREDISIS_HOLDER_CPF = "123.456.789-12"


@tagged("post_install", "-at_install")
class TestBoletoMoreBanks(BoletoCommon):
    """The 9 banks added later: settings checked, published slips issued."""

    def _bank_account(self, bank, settings, **vals):
        # A number of its own each time: a refused create may leave its row.
        self.accounts_made = getattr(self, "accounts_made", 0) + 1
        return self.env["res.partner.bank"].create(
            {
                "acc_number": f"boleto-{bank}-{self.accounts_made}",
                "partner_id": self.company.partner_id.id,
                "boleto_enabled": True,
                "boleto_bank_code": bank,
                **settings,
                **vals,
            }
        )

    def test_bank_selection_follows_the_library(self):
        selection = dict(
            self.env["res.partner.bank"]._fields["boleto_bank_code"].selection
        )
        self.assertEqual(len(selection), 18)
        self.assertEqual(set(selection), set(boleto_tools.FREE_FIELD_BUILDERS))
        self.assertEqual(selection["085"], "085 Ailos")
        self.assertEqual(selection["422"], "422 Safra")

    def test_published_slip_of_each_bank(self):
        for bank, (
            settings,
            number,
            due,
            amount,
            line,
            nosso,
        ) in PUBLISHED_SLIPS.items():
            with self.subTest(bank=bank):
                if bank == "097":
                    self.company.partner_id.with_context(
                        no_vat_validation=True
                    ).vat = CREDISIS_HOLDER_CPF
                account = self._bank_account(bank, settings)
                account.boleto_next_number = number
                due_date = fields.Date.to_date(due)
                invoice = self.boleto_invoice(
                    amount, invoice_date=due_date - timedelta(days=30)
                )
                title = self.titles(invoice)
                self.assertEqual(title.date_maturity, due_date)
                title._telecobranca_issue_boleto(account)
                self.assertRecordValues(
                    title,
                    [
                        {
                            "boleto_account_id": account.id,
                            "boleto_sequence_number": str(number),
                            "boleto_nosso_numero": nosso,
                            "boleto_digitable_line": line,
                            "boleto_amount": amount,
                            "boleto_due_date": due_date,
                        }
                    ],
                )
                # What the slip prints: the bank, its code with its digit.
                slip = self.env["report.telecobranca.report_boleto"]._prepare_slip(
                    title
                )
                self.assertEqual(slip["digitable_line"], line)
                self.assertEqual(slip["bank_code"], PRINTED_BANK_CODES[bank])
                self.assertEqual(slip["bank_name"], boleto_tools.BANK_NAMES[bank])

    def test_settings_each_bank_needs(self):
        cases = [
            # (bank, settings, what the error says)
            ("004", {"boleto_agency": "16", "boleto_account": "1193"}, "Account Digit"),
            ("021", {"boleto_agency": "274", "boleto_account": "1"}, "Account Digit"),
            ("136", {"boleto_agency": "1", "boleto_account": "1"}, "Account Digit"),
            (
                "422",
                {"boleto_agency": "1", "boleto_account": "1"},
                "Agency Digit, Account Digit",
            ),
            (
                "004",
                {"boleto_agency": "16", "boleto_account": "1193"}
                | {"boleto_account_digit": "2", "boleto_wallet": "31"},
                "wallet 31 is not supported: only 21",
            ),
            (
                "021",
                {"boleto_agency": "274", "boleto_account": "1"}
                | {"boleto_account_digit": "2", "boleto_wallet_variation": "2"},
                "collection type 2",
            ),
            (
                "070",
                {"boleto_agency": "82", "boleto_account": "528"}
                | {"boleto_wallet": "1"},
                "BRB wallet 1",
            ),
            (
                "084",
                {"boleto_agency": "12", "boleto_account": "47744"}
                | {"boleto_wallet": "06"},
                "only 09",
            ),
            ("085", {"boleto_agency": "101", "boleto_account": "231560"}, "agreement"),
            ("745", {"boleto_agency": "121", "boleto_wallet": "611"}, "agreement"),
        ]
        for bank, settings, message in cases:
            with (
                self.subTest(bank=bank, message=message),
                self.assertRaisesRegex(ValidationError, message),
            ):
                self._bank_account(bank, settings)

    def test_credisis_needs_the_holder_tax_id(self):
        self.company.partner_id.with_context(no_vat_validation=True).vat = False
        settings = PUBLISHED_SLIPS["097"][0]
        with self.assertRaisesRegex(ValidationError, "CPF or CNPJ"):
            self._bank_account("097", settings)
        self.company.partner_id.with_context(
            no_vat_validation=True
        ).vat = "11.222.333/0001-81"
        account = self._bank_account("097", settings)
        self.assertEqual(
            account.action_check_boleto_settings()["params"]["type"], "success"
        )
        self.company.partner_id.with_context(no_vat_validation=True).vat = False
        with self.assertRaisesRegex(UserError, "CPF or CNPJ"):
            account.action_check_boleto_settings()

    def test_zero_padded_wallet_is_accepted(self):
        # Banks print and send the wallet with its zeros: 09 and 9, 21 and 021.
        settings = dict(PUBLISHED_SLIPS["084"][0], boleto_wallet="9")
        account = self._bank_account("084", settings)
        self.assertEqual(
            account.action_check_boleto_settings()["params"]["type"], "success"
        )
