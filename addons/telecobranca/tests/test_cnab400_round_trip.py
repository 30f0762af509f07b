# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""CNAB 400 round trip for every bank the export offers: the remittance the
account writes, then the bank's return of it, pays the titles and closes the
case (Itaú's is in test_cnab.TestCnab400)."""

import base64
from datetime import date
from decimal import Decimal

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from ..tools import cnab240, cnab400
from .test_boleto_common import BoletoCommon
from .test_cnab import balances, outstanding_account

D = Decimal
CREDIT_DATE = date(2025, 6, 18)


def bank_return(bank_code, header, details, trailer=None):
    """A CNAB 400 return of ``bank_code``, written with the tools' layouts
    of its header and detail (numbered lines, CRLF)."""
    bank = cnab400.BANKS[bank_code]
    lines = [
        cnab240.write_record(
            bank.header,
            {
                "record_type": "0",
                "file_code": "2",
                "literal": "RETORNO",
                "bank": bank_code,
                "bank_name": bank.name.upper(),
                "generation_date": CREDIT_DATE,
                **header,
            },
        )
    ]
    for detail in details:
        lines.append(cnab240.write_record(bank.detail, detail))
    last = cnab240.write_record(bank.trailer, trailer or {}) if bank.trailer else ""
    lines.append("9" + last[1:] if last else "9")
    return (
        "".join(
            f"{line.ljust(400)[:394]}{number:06d}\r\n"
            for number, line in enumerate(lines, 1)
        )
    ).encode("ascii")


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestCnab400RoundTrip(BoletoCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accounts_common = {
            "partner_id": cls.company.partner_id.id,
            "boleto_enabled": True,
            "boleto_integration": "cnab",
            "boleto_cnab_layout": "400",
            "boleto_journal_id": cls.bank_journal.id,
            "boleto_interest_account_id": cls.company_data[
                "default_account_revenue"
            ].id,
            "boleto_discount_account_id": cls.company_data[
                "default_account_expense"
            ].id,
            "boleto_fee_account_id": cls.company_data["default_account_expense"].id,
        }

    def account(self, **values):
        account = self.env["res.partner.bank"].create(
            {**self.accounts_common, **values}
        )
        self.company.telecobranca_boleto_bank_account_id = account
        return account

    def export(self, account, amounts):
        """Titles of ``amounts`` (overdue, in an open case) exported to the
        bank: (titles, case, remittance lines)."""
        invoices = self.env["account.move"]
        for amount in amounts:
            invoices |= self.boleto_invoice(amount, invoice_date="2025-04-01")
        titles = self.titles(invoices).sorted("id")
        case = self.env["telecobranca.case.opening"]._open_case_manually(
            self.customer, titles
        )
        form = Form(
            self.env["telecobranca.cnab.export"].with_context(
                active_model="account.move.line", active_ids=titles.ids
            )
        )
        form.bank_account_id = account
        wizard = form.save()
        wizard.action_export()
        content = base64.b64decode(wizard.remittance_id.file_data)
        lines = content.decode("ascii").split("\r\n")[:-1]
        self.assertEqual({len(line) for line in lines}, {400})
        self.assertEqual(lines[0][:19], "01REMESSA01COBRANCA")
        self.assertEqual(titles.mapped("boleto_status"), ["sent"] * len(titles))
        return titles, case, lines

    def import_return(self, account, content, name):
        form = Form(
            self.env["telecobranca.cnab.import"].with_context(default_file_name=name)
        )
        form.bank_account_id = account
        form.file_data = base64.b64encode(content)
        action = form.save().action_import()
        return self.env["telecobranca.cnab.return"].browse(action["res_id"])

    def check_paid(self, log, titles, case, net, fees=0.0):
        self.assertEqual(log.layout, "400")
        self.assertEqual(log.line_ids.mapped("action"), ["paid"] * len(titles))
        self.assertTrue(all(titles.mapped("reconciled")))
        self.assertEqual(titles.mapped("boleto_status"), ["paid"] * len(titles))
        self.assertEqual(titles.move_id.mapped("payment_state"), ["paid"] * len(titles))
        entry = log.line_ids.payment_move_id
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.date, CREDIT_DATE)
        gross = sum(titles.mapped("debit"))
        expected = {
            titles[0].account_id.id: -round(gross, 2),
            outstanding_account(self.bank_journal).id: net,
        }
        if fees:
            expected[self.company_data["default_account_expense"].id] = fees
        self.assertEqual(balances(entry), expected)
        self.assertEqual(case.state, "closed")

    # ------------------------------------------------------------------
    def test_bradesco(self):
        account = self.account(
            acc_number="0001234-5 BRADESCO",
            boleto_bank_code="237",
            boleto_agency="1234",
            boleto_account="0001234",
            boleto_account_digit="5",
            boleto_wallet="09",
            boleto_agreement="4567890",
        )
        titles, case, lines = self.export(account, [150.0, 49.90])
        self.assertEqual(lines[0][76:79], "237")
        details = [line for line in lines if line[:1] == "1"]
        self.assertEqual(len(details), 2)
        records = []
        by_number = {title.boleto_nosso_numero: title for title in titles}
        for line in details:
            # the nosso número the remittance gave, read back by the bank
            wallet, number, digit = line[21:24], line[70:81], line[81]
            title = by_number.pop(f"{wallet[-2:]}/{number}-{digit}")
            records.append(
                {
                    "record_type": "1",
                    "wallet": wallet,
                    "agency": "01234",
                    "account": "0001234",
                    "account_digit": "5",
                    "nosso_numero": number,
                    "nosso_numero_digit": digit,
                    "occurrence_code": "06",
                    "occurrence_date": CREDIT_DATE,
                    "nominal_amount": D(str(title.debit)),
                    "paid_amount": D(str(title.debit)),
                    "fee_amount": D("1.25"),
                    "credit_date": CREDIT_DATE,
                }
            )
        content = bank_return(
            "237",
            {"agreement": "4567890", "company_name": "EMPRESA", "file_sequence": 12},
            records,
            {"record_type": "9", "settlement_count": 2},
        )
        log = self.import_return(account, content, "CB180601.RET")
        self.check_paid(log, titles, case, net=197.40, fees=2.50)

    def test_banco_do_brasil(self):
        account = self.bb_account
        account.write({"boleto_cnab_layout": "400", "boleto_wallet_variation": "019"})
        titles, case, lines = self.export(account, [123.45])
        detail = lines[1]
        self.assertEqual(detail[63:80], title_nn := titles.boleto_nosso_numero)
        content = bank_return(
            "001",
            {
                "agency": "1234",
                "account": "00099999",
                "account_digit": "7",
                "agreement": "1234567",
                "file_sequence": 3,
            },
            [
                {
                    "record_type": "7",
                    "nosso_numero": title_nn,
                    "occurrence_code": "06",
                    "occurrence_date": CREDIT_DATE,
                    "nominal_amount": D("123.45"),
                    "paid_amount": D("123.45"),
                    "credit_date": CREDIT_DATE,
                }
            ],
        )
        log = self.import_return(account, content, "BB180601.RET")
        self.check_paid(log, titles, case, net=123.45)

    def test_santander(self):
        account = self.account(
            acc_number="013000123-4 SANTANDER",
            boleto_bank_code="033",
            boleto_agency="4042",
            boleto_account="13000123",
            boleto_account_digit="4",
            boleto_wallet="101",
            boleto_agreement="2997108",
            boleto_transmission_code="40420299710801300123",
        )
        titles, case, lines = self.export(account, [80.0, 20.0])
        header = lines[0]
        self.assertEqual(header[26:46], "40420299710801300123")  # transmission code
        self.assertEqual(header[76:79], "033")
        details = [line for line in lines if line[:1] == "1"]
        self.assertEqual([line[17:37] for line in details], [header[26:46]] * 2)
        records = []
        by_number = {title.boleto_nosso_numero: title for title in titles}
        for line in details:
            # 7 digits and the digit printed on the boleto (12 digits + digit)
            number = line[62:70]
            title = by_number.pop(f"{number[:7].zfill(12)}-{number[7]}")
            self.assertEqual(line[126:139], f"{round(title.debit * 100):013d}")
            records.append(
                {
                    "record_type": "1",
                    "nosso_numero": number,
                    "occurrence_code": "06",
                    "occurrence_date": CREDIT_DATE,
                    "nominal_amount": D(str(title.debit)),
                    "paid_amount": D(str(title.debit)),
                    "credit_date": CREDIT_DATE,
                }
            )
        trailer = lines[-1]
        self.assertEqual(trailer[1:7], f"{len(lines):06d}")
        self.assertEqual(trailer[7:20], "0000000010000")  # 100.00 in all
        content = bank_return(
            "033",
            {"agency": "4042", "agreement": "2997108", "account": "13000123"},
            records,
        )
        log = self.import_return(account, content, "SANT1806.RET")
        self.check_paid(log, titles, case, net=100.00)

    def test_sicredi(self):
        account = self.account(
            acc_number="12345-6 SICREDI",
            boleto_bank_code="748",
            boleto_agency="0165",
            boleto_post="02",
            boleto_agreement="00623",
            boleto_account="12345",
            boleto_wallet="1",
            boleto_fine_percent=2.0,
        )
        titles, case, lines = self.export(account, [250.0, 99.99])
        header = lines[0]
        self.assertEqual(header[26:31], "00623")
        self.assertEqual(header[31:45], "11222333000181")
        self.assertEqual(header[76:94], "748SICREDI        ")
        self.assertEqual(header[94:102], "20250616")
        details = [line for line in lines if line[:1] == "1"]
        records = []
        by_number = {title.boleto_nosso_numero: title for title in titles}
        for line in details:
            number = line[47:56]  # year, byte, sequence and digit
            title = by_number.pop(f"{number[:2]}/{number[2:8]}-{number[8]}")
            self.assertEqual(line[92:96], "0200")  # the account's 2 % fine
            self.assertEqual(line[126:139], f"{round(title.debit * 100):013d}")
            records.append(
                {
                    "record_type": "1",
                    "nosso_numero": number,
                    "occurrence_code": "06",
                    "occurrence_date": CREDIT_DATE,
                    "nominal_amount": D(str(title.debit)),
                    "paid_amount": D(str(title.debit)),
                    "fee_amount": D("1.99"),
                    "credit_date": CREDIT_DATE,
                }
            )
        self.assertEqual(lines[-1][:10], "9174800623")
        content = bank_return(
            "748",
            {
                "agreement": "00623",
                "company_document": "11222333000181",
                "file_sequence": 1,
            },
            records,
        )
        log = self.import_return(account, content, "0062306A.CRT")
        self.check_paid(log, titles, case, net=346.01, fees=3.98)

    def test_santander_needs_its_transmission_code(self):
        with self.assertRaisesRegex(ValidationError, "transmission code"):
            self.account(
                acc_number="013000123-4 SANTANDER",
                boleto_bank_code="033",
                boleto_agency="4042",
                boleto_account="13000123",
                boleto_account_digit="4",
                boleto_wallet="101",
                boleto_agreement="2997108",
            )
