# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
from datetime import date, time
from decimal import Decimal

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from ..tools import cnab240
from .test_boleto_common import BoletoCommon

D = Decimal


def return_file(
    records, *, bank="001", account="99999", agreement="1234567", sequence=7
):
    """A CNAB 240 return (file header, one batch of T/U pairs, trailers).

    Built like tests/unit/test_cnab240.py does, from tools.cnab240's tables.
    """
    lines = [
        cnab240.write_record(
            cnab240.FILE_HEADER,
            {
                "bank": bank,
                "company_document_type": "2",
                "company_document": "11222333000181",
                "agreement": agreement,
                "agency": "1234",
                "account": account,
                "account_digit": "7",
                "company_name": "Empresa Teste",
                "bank_name": "Banco do Brasil",
                "file_code": "2",
                "generation_date": date(2025, 7, 4),
                "generation_time": time(8, 30),
                "file_sequence": sequence,
                "layout_version": "087",
            },
        ),
        cnab240.write_record(
            cnab240.BATCH_HEADER,
            {"bank": bank, "batch": 1, "operation": "T", "service": "01"},
        ),
    ]
    number = 0
    for record in records:
        common = {"bank": bank, "batch": 1, "movement_code": record["code"]}
        number += 1
        lines.append(
            cnab240.write_record(
                cnab240.SEGMENT_T,
                {
                    **common,
                    "sequence": number,
                    "nosso_numero": record["nosso_numero"],
                    "document_number": "DOC",
                    "due_date": date(2025, 7, 2),
                    "nominal_amount": record.get("amount", D("0")),
                    "fee_amount": record.get("fee", D("0")),
                    "reasons": record.get("reasons", ""),
                },
            )
        )
        number += 1
        lines.append(
            cnab240.write_record(
                cnab240.SEGMENT_U,
                {
                    **common,
                    "sequence": number,
                    "interest_amount": record.get("interest", D("0")),
                    "discount_amount": record.get("discount", D("0")),
                    "paid_amount": record.get("paid", D("0")),
                    "occurrence_date": date(2025, 7, 3),
                    "credit_date": date(2025, 7, 4) if record.get("paid") else None,
                },
            )
        )
    lines.append(
        cnab240.write_record(
            cnab240.BATCH_TRAILER,
            {"bank": bank, "batch": 1, "record_count": number + 2},
        )
    )
    lines.append(
        cnab240.write_record(
            cnab240.FILE_TRAILER,
            {"bank": bank, "batch_count": 1, "record_count": len(lines) + 1},
        )
    )
    return ("\r\n".join(lines) + "\r\n").encode("latin-1")


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestCnab(BoletoCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice_1 = cls.boleto_invoice(1234.56)
        cls.invoice_2 = cls.boleto_invoice(300.0)
        cls.title_1 = cls.titles(cls.invoice_1)
        cls.title_2 = cls.titles(cls.invoice_2)

    def export(self, titles):
        form = Form(
            self.env["telecobranca.cnab.export"].with_context(
                active_model="account.move.line", active_ids=titles.ids
            )
        )
        wizard = form.save()
        wizard.action_export()
        return wizard

    def import_file(self, content, name="RET.RET"):
        wizard = Form(
            self.env["telecobranca.cnab.import"].with_context(default_file_name=name)
        )
        wizard.file_data = base64.b64encode(content)
        action = wizard.save().action_import()
        return self.env["telecobranca.cnab.return"].browse(action["res_id"])

    def nn(self, title):
        return title._boleto_cnab_nosso_numero()

    # ------------------------------------------------------------------
    def test_export_remittance(self):
        titles = self.title_1 | self.title_2
        wizard = self.export(titles)
        self.assertEqual(wizard.bank_account_id, self.bb_account)
        content = base64.b64decode(wizard.attachment_id.datas)
        header = cnab240.parse_header(content)
        self.assertEqual(
            (header.bank, header.file_code, header.file_sequence), ("001", "1", 1)
        )
        lines = content.decode().split("\r\n")
        self.assertEqual(len([line for line in lines if line[13:14] == "P"]), 2)
        self.assertIn(self.nn(self.title_1), content.decode())
        self.assertEqual(titles.mapped("boleto_status"), ["sent", "sent"])
        self.assertEqual(self.bb_account.boleto_cnab_sequence, 1)
        with self.assertRaisesRegex(UserError, "already registered"):
            titles.write({"boleto_status": "registered"})
            self.export(titles)

    def test_export_needs_payer_address(self):
        self.customer.zip = False
        with self.assertRaisesRegex(UserError, "ZIP code"):
            self.export(self.title_1)
        self.assertEqual(self.bb_account.boleto_cnab_sequence, 0)

    def test_payment_without_outstanding_receipts_account(self):
        """A bank journal with no outstanding receipts account books on its own
        bank account."""
        self.bank_journal.inbound_payment_method_line_ids.payment_account_id = False
        self.export(self.title_1)
        content = return_file(
            [
                {
                    "code": "06",
                    "nosso_numero": self.nn(self.title_1),
                    "amount": D("1234.56"),
                    "paid": D("1234.56"),
                }
            ]
        )
        log = self.import_file(content)
        self.assertEqual(log.line_ids.mapped("action"), ["paid"])
        self.assertTrue(self.title_1.reconciled)
        payment = log.line_ids.payment_move_id
        self.assertIn(self.bank_journal.default_account_id, payment.line_ids.account_id)

    def test_round_trip_pays_titles(self):
        self.export(self.title_1 | self.title_2)
        content = return_file(
            [
                {"code": "02", "nosso_numero": self.nn(self.title_2)},
                {
                    "code": "06",
                    "nosso_numero": self.nn(self.title_1),
                    "amount": D("1234.56"),
                    "paid": D("1250.00"),
                    "interest": D("17.94"),
                    "discount": D("2.50"),
                    "fee": D("3.10"),
                },
                {
                    "code": "06",
                    "nosso_numero": self.nn(self.title_2),
                    "amount": D("300.00"),
                    "paid": D("300.00"),
                },
            ]
        )
        log = self.import_file(content)
        self.assertRecordValues(
            log,
            [
                {
                    "bank_code": "001",
                    "file_sequence": 7,
                    "state": "done",
                    "paid_count": 2,
                }
            ],
        )
        self.assertEqual(log.line_ids.mapped("action"), ["registered", "paid", "paid"])
        self.assertTrue(self.title_1.reconciled)
        self.assertTrue(self.title_2.reconciled)
        self.assertEqual(self.title_1.boleto_status, "paid")
        payment = log.line_ids[1].payment_move_id
        self.assertEqual(payment.state, "posted")
        self.assertEqual(payment.journal_id, self.bank_journal)
        self.assertEqual(payment.date, date(2025, 7, 4))
        by_account = {}
        for line in payment.line_ids:
            by_account.setdefault(line.account_id, 0.0)
            by_account[line.account_id] += line.balance
        revenue = self.company_data["default_account_revenue"]
        expense = self.company_data["default_account_expense"]
        self.assertAlmostEqual(by_account[revenue], -17.94, places=2)
        self.assertAlmostEqual(by_account[expense], 3.10 + 2.50, places=2)
        self.assertAlmostEqual(by_account[self.title_1.account_id], -1234.56, places=2)
        bank_lines = payment.line_ids.filtered(
            lambda l: l.debit and l.account_id not in (expense,)
        )
        self.assertAlmostEqual(sum(bank_lines.mapped("debit")), 1246.90, places=2)
        # the same file again, or another with the same sequence: refused
        with self.assertRaisesRegex(UserError, "already imported"):
            self.import_file(content, "AGAIN.RET")
        with self.assertRaisesRegex(UserError, "already imported"):
            self.import_file(
                content.replace(b"EMPRESA TESTE", b"EMPRESA OUTRA"), "OTHER.RET"
            )

    def test_title_never_paid_twice(self):
        self.export(self.title_2)
        record = {
            "code": "06",
            "nosso_numero": self.nn(self.title_2),
            "amount": D("300.00"),
            "paid": D("300.00"),
        }
        log = self.import_file(return_file([record, dict(record, code="17")]))
        self.assertEqual(log.line_ids.mapped("action"), ["paid", "error"])
        self.assertIn("already paid", log.line_ids[1].message)
        self.assertEqual(log.state, "warning")
        log2 = self.import_file(return_file([record], sequence=8))
        self.assertEqual(log2.line_ids.action, "error")
        payments = (log | log2).line_ids.payment_move_id
        self.assertEqual(len(payments), 1)

    def test_rejection_and_unknown(self):
        self.export(self.title_1)
        log = self.import_file(
            return_file(
                [
                    {
                        "code": "03",
                        "nosso_numero": self.nn(self.title_1),
                        "reasons": "0816",
                    },
                    {"code": "06", "nosso_numero": "99999999999", "paid": D("10.00")},
                ]
            )
        )
        self.assertEqual(log.line_ids.mapped("action"), ["rejected", "error"])
        self.assertEqual(self.title_1.boleto_status, "rejected")
        self.assertIn("08, 16", self.title_1.boleto_bank_message)
        self.assertIn("Unknown nosso número", log.line_ids[1].message)
        self.assertFalse(log.line_ids.payment_move_id)

    def test_bad_files(self):
        self.export(self.title_1)
        record = {"code": "02", "nosso_numero": self.nn(self.title_1)}
        with self.assertRaisesRegex(UserError, "bank 237"):
            self.import_file(return_file([record], bank="237"))
        with self.assertRaisesRegex(UserError, "not for"):
            self.import_file(
                return_file([record], account="55555", agreement="7654321")
            )
        truncated = b"\r\n".join(return_file([record]).split(b"\r\n")[:3])
        with self.assertRaisesRegex(
            UserError, "not a valid CNAB 240 return.*incomplete"
        ):
            self.import_file(truncated)
        self.assertFalse(self.env["telecobranca.cnab.return"].search([]))
        self.assertEqual(self.title_1.boleto_status, "sent")

    def test_collector_rights(self):
        """A collector (no accounting rights) exports, imports and gets paid."""
        collector = new_test_user(
            self.env,
            login="boleto_collector",
            groups="telecobranca.group_telecobranca_user",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
        )
        self.env = self.env(user=collector)
        title = self.title_2.with_user(collector)
        self.export(title)
        log = self.import_file(
            return_file(
                [
                    {
                        "code": "06",
                        "nosso_numero": self.nn(title),
                        "amount": D("300.00"),
                        "paid": D("300.00"),
                    }
                ]
            )
        )
        self.assertEqual(log.line_ids.action, "paid")
        self.assertTrue(title.reconciled)
        with self.assertRaises(AccessError):
            self.bb_account.with_user(collector).boleto_agreement = "7654321"
