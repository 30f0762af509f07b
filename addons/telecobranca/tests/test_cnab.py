# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
from datetime import date, time
from decimal import Decimal
from pathlib import Path
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import errors

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from ..models.telecobranca_flow import FLOW
from ..tools import cnab240, cnab400
from .test_boleto_common import BoletoCommon

D = Decimal


def return_file(
    records, *, bank="001", account="99999", agreement="1234567", sequence=7
):
    """A CNAB 240 return (file header, one batch of T/U pairs, trailers).

    Built like tests/unit/test_cnab240.py does, from tools.cnab240's tables.
    Settlements are credited on 2025-07-04 unless a record says ``credit_date``.
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
                    "credit_date": (
                        record.get("credit_date", date(2025, 7, 4))
                        if record.get("paid")
                        else None
                    ),
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


def outstanding_account(journal):
    """The account the bank journal books the boletos received on."""
    outstanding = journal._get_journal_inbound_outstanding_payment_accounts()
    return outstanding.filtered("id")[:1] or journal.default_account_id


def balances(move):
    """{account id: balance} of the entry ``move``, to the cent."""
    result = {}
    for line in move.line_ids:
        account_id = line.account_id.id
        result[account_id] = round(result.get(account_id, 0.0) + line.balance, 2)
    return result


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
        content = base64.b64decode(wizard.remittance_id.file_data)
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
            # as the bank's return would (a plain write is refused)
            titles.with_context(telecobranca_flow=FLOW).write(
                {"boleto_status": "registered"}
            )
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
        # both credited on 2025-07-04: one entry for the day
        payment = log.line_ids[1].payment_move_id
        self.assertEqual(log.line_ids[2].payment_move_id, payment)
        self.assertEqual(payment.state, "posted")
        self.assertEqual(payment.journal_id, self.bank_journal)
        self.assertEqual(payment.date, date(2025, 7, 4))
        self.assertIn("RET.RET", payment.ref)
        revenue = self.company_data["default_account_revenue"]
        expense = self.company_data["default_account_expense"]
        self.assertEqual(
            balances(payment),
            {
                revenue.id: -17.94,
                expense.id: 3.10 + 2.50,
                self.title_1.account_id.id: -1534.56,
                outstanding_account(self.bank_journal).id: 1546.90,
            },
        )
        nn_1 = self.title_1.boleto_nosso_numero
        # both boletos pay their titles whole: one credit for the customer,
        # reconciled with both titles, each log line pointing to it
        self.assertEqual(
            log.line_ids[1].payment_line_id, log.line_ids[2].payment_line_id
        )
        self.assertEqual(self.title_1.full_reconcile_id, self.title_2.full_reconcile_id)
        self.assertRecordValues(
            log.line_ids[1].payment_line_id,
            [
                {
                    "account_id": self.title_1.account_id.id,
                    "partner_id": self.customer.id,
                    "name": "Boletos paid: 2",
                    "credit": 1534.56,
                    "reconciled": True,
                    "full_reconcile_id": self.title_1.full_reconcile_id.id,
                },
            ],
        )
        self.assertEqual(self.title_1.matched_credit_ids.mapped("amount"), [1234.56])
        self.assertEqual(self.title_2.matched_credit_ids.mapped("amount"), [300.0])
        interest = payment.line_ids.filtered(lambda line: line.account_id == revenue)
        self.assertEqual(interest.name, f"Interest, boleto {nn_1}")
        self.assertEqual(interest.partner_id, self.customer)
        discount = payment.line_ids.filtered(
            lambda line: line.account_id == expense and "Discount" in line.name
        )
        self.assertEqual(
            (discount.name, discount.debit), (f"Discount, boleto {nn_1}", 2.5)
        )
        fee = payment.line_ids.filtered(
            lambda line: line.account_id == expense and "fees" in line.name
        )
        self.assertEqual(fee.debit, 3.10)
        # one note per payment on the invoices, with the amount paid
        notes = self.invoice_1.message_ids.filtered(
            lambda m: "paid at the bank" in m.body
        )
        self.assertEqual(len(notes), 1)
        self.assertIn("1,250.00", notes.body)  # format_amount, user's language
        self.assertIn(self.title_1.title_number, notes.body)
        self.assertEqual(notes.subtype_id, self.env.ref("mail.mt_note"))
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
        # booked once: one receivable credit in the entry
        payment = log.line_ids[0].payment_move_id
        self.assertFalse(log.line_ids[1].payment_move_id)
        receivable = payment.line_ids.filtered(
            lambda line: line.account_id == self.title_2.account_id
        )
        self.assertEqual(receivable, log.line_ids[0].payment_line_id)
        self.assertEqual(receivable.credit, 300.0)
        log2 = self.import_file(return_file([record], sequence=8))
        self.assertEqual(log2.line_ids.action, "error")
        payments = (log | log2).line_ids.payment_move_id
        self.assertEqual(len(payments), 1)

    def test_partial_payments_in_one_file(self):
        """Records are decided in file order: two partial payments settle the
        title, a third one finds it paid, later registrations and write-offs
        leave it paid."""
        self.export(self.title_2)
        number = self.nn(self.title_2)
        log = self.import_file(
            return_file(
                [
                    {"code": "06", "nosso_numero": number, "paid": D("100.00")},
                    {"code": "02", "nosso_numero": number},
                    {
                        "code": "06",
                        "nosso_numero": number,
                        "paid": D("200.00"),
                        "credit_date": date(2025, 7, 7),
                    },
                    {"code": "17", "nosso_numero": number, "paid": D("300.00")},
                    {"code": "02", "nosso_numero": number},
                    {"code": "09", "nosso_numero": number},
                ]
            )
        )
        self.assertEqual(
            log.line_ids.mapped("action"),
            ["paid", "registered", "paid", "error", "registered", "cancelled"],
        )
        self.assertTrue(self.title_2.reconciled)
        self.assertEqual(self.title_2.boleto_status, "paid")
        self.assertEqual(len(log.line_ids.payment_move_id), 2)
        self.assertEqual(log.line_ids.payment_line_id.mapped("credit"), [100.0, 200.0])
        notes = self.invoice_2.message_ids.filtered(
            lambda m: "paid at the bank" in m.body
        )
        self.assertEqual(len(notes), 2)
        self.assertTrue(any("200.00" in note.body for note in notes))

    def test_import_locked_title(self):
        """A title being settled elsewhere (row lock held): clear error at once,
        nothing imported, nothing booked."""
        self.export(self.title_2)
        content = return_file(
            [
                {
                    "code": "06",
                    "nosso_numero": self.nn(self.title_2),
                    "amount": D("300.00"),
                    "paid": D("300.00"),
                }
            ]
        )
        moves_before = self.env["account.move"].search_count([])
        cursor = self.env.cr
        execute = cursor.execute

        def locked(query, *args, **kwargs):
            if "FOR UPDATE NOWAIT" in str(query):
                raise errors.LockNotAvailable("could not obtain lock on row")
            return execute(query, *args, **kwargs)

        with (
            patch.object(cursor, "execute", side_effect=locked),
            self.assertRaisesRegex(UserError, "being settled by another import"),
        ):
            self.import_file(content)
        self.assertFalse(self.env["telecobranca.cnab.return"].search([]))
        self.assertFalse(self.title_2.reconciled)
        self.assertEqual(self.title_2.boleto_status, "sent")
        self.assertEqual(self.env["account.move"].search_count([]), moves_before)

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
        # the reasons described from FEBRABAN's table (note C047)
        self.assertEqual(
            self.title_1.boleto_bank_message,
            "Entry rejected (reasons 08: Invalid nosso número, 16: Invalid due date)",
        )
        self.assertEqual(log.line_ids[0].reason, "febraban-08")
        self.assertEqual(log.layout, "240")
        self.assertIn("Unknown nosso número", log.line_ids[1].message)
        # the occurrence is a code, shown through a translatable selection
        self.assertEqual(log.line_ids.mapped("occurrence"), ["03", "06"])
        self.assertEqual(log.line_ids.mapped("occurrence_code"), ["03", "06"])
        labels = dict(
            log.line_ids._fields["occurrence"]._description_selection(self.env)
        )
        self.assertEqual(labels["03"], "Entry rejected")
        self.assertEqual(labels["06"], "Settlement")
        self.assertFalse(log.line_ids.payment_move_id)

    def test_trimmed_return_imports(self):
        """A CNAB 240 return saved without the blanks that end its lines, with
        LF line ends and an EOF byte, imports as the bank sent it."""
        self.export(self.title_2)
        content = return_file(
            [
                {
                    "code": "06",
                    "nosso_numero": self.nn(self.title_2),
                    "amount": D("300.00"),
                    "paid": D("300.00"),
                    "fee": D("1.25"),
                }
            ]
        )
        lines = content.decode("latin-1").split("\r\n")
        trimmed = ("\n".join(line.rstrip() for line in lines) + "\x1a").encode()
        self.assertLess(len(trimmed), len(content) - 100)
        log = self.import_file(trimmed, "TRIMMED.RET")
        self.assertEqual(log.line_ids.mapped("action"), ["paid"])
        self.assertEqual(log.layout, "240")
        self.assertTrue(self.title_2.reconciled)
        self.assertEqual(log.line_ids.payment_line_id.credit, 300.0)
        self.assertEqual(log.line_ids.fee_amount, 1.25)

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
        with self.assertRaisesRegex(UserError, "not a valid CNAB return.*incomplete"):
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


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestCnabBatch(BoletoCommon):
    """Return files of many records: booked per credit date, in batches."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_2 = cls.customer.copy({"name": "Mercearia Boa Vista Ltda"})
        cls.invoices = cls.env["account.move"]
        for index in range(9):
            cls.invoices |= cls.boleto_invoice(
                100.0 + index,
                partner=cls.customer if index % 2 else cls.customer_2,
            )
        cls.batch_titles = cls.titles(cls.invoices).sorted("id")
        cls.batch_titles._telecobranca_issue_boleto(cls.bb_account)

    def import_records(self, records, sequence, name="BATCH.RET"):
        return self.env["telecobranca.cnab.return"]._import_file(
            self.bb_account, return_file(records, sequence=sequence), name
        )

    def paid(self, title, **values):
        amount = D(str(title.amount_residual)).quantize(D("0.01"))
        return {
            "code": "06",
            "nosso_numero": title._boleto_cnab_nosso_numero(),
            "amount": amount,
            "paid": amount,
            **values,
        }

    def test_two_credit_dates_two_entries(self):
        revenue = self.company_data["default_account_revenue"]
        expense = self.company_data["default_account_expense"]
        t1, t2, t3, t4 = self.batch_titles[:4]  # 100, 101, 102, 103
        log = self.import_records(
            [
                # 100.00 open: paid 101.23 with 1.23 interest and a 0.45 fee
                self.paid(t1, paid=D("101.23"), interest=D("1.23"), fee=D("0.45")),
                # 101.00 open: paid 99.99 with a 1.01 discount
                self.paid(t2, paid=D("99.99"), discount=D("1.01"), fee=D("0.45")),
                self.paid(t3, credit_date=date(2025, 7, 7)),
                self.paid(
                    t4,
                    paid=D("104.06"),
                    interest=D("1.06"),
                    fee=D("1.10"),
                    credit_date=date(2025, 7, 7),
                ),
            ],
            sequence=20,
        )
        self.assertEqual(log.line_ids.mapped("action"), ["paid"] * 4)
        moves = log.line_ids.payment_move_id
        self.assertRecordValues(
            moves,
            [
                {"date": date(2025, 7, 4), "state": "posted", "partner_id": False},
                {"date": date(2025, 7, 7), "state": "posted", "partner_id": False},
            ],
        )
        self.assertEqual(moves.journal_id, self.bank_journal)
        self.assertTrue(all(move.ref.startswith("BATCH.RET ") for move in moves))
        self.assertEqual(log.line_ids[:2].payment_move_id, moves[0])
        self.assertEqual(log.line_ids[2:].payment_move_id, moves[1])
        receivable = t1.account_id
        bank = outstanding_account(self.bank_journal)
        self.assertEqual(
            balances(moves[0]),
            {
                bank.id: round(101.23 - 0.45 + 99.99 - 0.45, 2),
                receivable.id: -201.0,
                revenue.id: -1.23,
                expense.id: round(1.01 + 0.45 + 0.45, 2),
            },
        )
        self.assertEqual(
            balances(moves[1]),
            {
                bank.id: round(102.0 + 104.06 - 1.10, 2),
                receivable.id: -205.0,
                revenue.id: -1.06,
                expense.id: 1.10,
            },
        )
        # one bank line and one fee line per day
        for move, fees in zip(moves, (0.90, 1.10), strict=True):
            self.assertEqual(
                len(move.line_ids.filtered(lambda line: line.account_id == bank)), 1
            )
            fee = move.line_ids.filtered(lambda line: "fees" in (line.name or ""))
            self.assertRecordValues(fee, [{"account_id": expense.id, "debit": fees}])
        self.assertRecordValues(
            log.line_ids.payment_line_id,
            [
                {
                    "move_id": moves[0].id,
                    "credit": 100.0,
                    "partner_id": t1.partner_id.id,
                },
                {
                    "move_id": moves[0].id,
                    "credit": 101.0,
                    "partner_id": t2.partner_id.id,
                },
                {
                    "move_id": moves[1].id,
                    "credit": 102.0,
                    "partner_id": t3.partner_id.id,
                },
                {
                    "move_id": moves[1].id,
                    "credit": 103.0,
                    "partner_id": t4.partner_id.id,
                },
            ],
        )
        for title, line in zip(
            (t1, t2, t3, t4), log.line_ids.payment_line_id, strict=True
        ):
            self.assertTrue(title.reconciled)
            self.assertEqual(title.boleto_status, "paid")
            self.assertEqual(line.full_reconcile_id, title.full_reconcile_id)
        self.assertEqual(set(self.invoices[:4].mapped("payment_state")), {"paid"})

    def test_one_credit_per_customer_and_day(self):
        """The boletos that pay their titles whole share their customer's
        credit of the day; a partial payment keeps its own line, so each
        title is settled with what was paid for it; interest and discounts
        are booked per customer."""
        revenue = self.company_data["default_account_revenue"]
        expense = self.company_data["default_account_expense"]
        t1, t2, t3, t4, _t5, t6 = self.batch_titles[:6]  # 100 .. 105
        self.assertEqual((t2 | t4 | t6).partner_id, self.customer)
        self.assertEqual((t1 | t3).partner_id, self.customer_2)
        log = self.import_records(
            [
                self.paid(t2),
                self.paid(t4, paid=D("50.00")),  # 103.00 open: partly paid
                self.paid(t6, paid=D("107.00"), interest=D("2.00")),
                self.paid(t1, paid=D("99.00"), discount=D("1.00"), fee=D("0.50")),
                self.paid(t3, paid=D("103.50"), interest=D("1.50")),
            ],
            sequence=22,
        )
        self.assertEqual(log.line_ids.mapped("action"), ["paid"] * 5)
        move = log.line_ids.payment_move_id
        self.assertEqual(len(move), 1)
        receivable = t1.account_id
        bank = outstanding_account(self.bank_journal)
        self.assertEqual(
            balances(move),
            {
                bank.id: 460.0,
                receivable.id: -458.0,
                revenue.id: -3.5,
                expense.id: 1.5,
            },
        )
        by_line = log.line_ids.grouped("move_line_id")
        whole = by_line[t2].payment_line_id
        self.assertEqual(by_line[t6].payment_line_id, whole)
        self.assertRecordValues(
            whole | by_line[t4].payment_line_id | by_line[t1].payment_line_id,
            [
                {
                    "partner_id": self.customer.id,
                    "name": "Boletos paid: 2",
                    "credit": 206.0,
                    "reconciled": True,
                },
                {
                    "partner_id": self.customer.id,
                    "name": f"Boleto {t4.boleto_nosso_numero}",
                    "credit": 50.0,
                    "reconciled": True,
                },
                {
                    "partner_id": self.customer_2.id,
                    "name": "Boletos paid: 2",
                    "credit": 202.0,
                    "reconciled": True,
                },
            ],
        )
        self.assertEqual(by_line[t3].payment_line_id, by_line[t1].payment_line_id)
        # each title settled with what its boleto paid, to the cent
        for title, settled in ((t1, 100.0), (t2, 101.0), (t3, 102.0), (t6, 105.0)):
            self.assertTrue(title.reconciled)
            self.assertEqual(title.matched_credit_ids.mapped("amount"), [settled])
            self.assertEqual(title.boleto_status, "paid")
        self.assertEqual(t2.full_reconcile_id, t6.full_reconcile_id)
        self.assertEqual(t1.full_reconcile_id, t3.full_reconcile_id)
        self.assertNotEqual(t1.full_reconcile_id, t2.full_reconcile_id)
        self.assertFalse(t4.reconciled)
        self.assertEqual(t4.amount_residual, 53.0)
        self.assertNotEqual(t4.boleto_status, "paid")
        self.assertEqual(t4.move_id.payment_state, "partial")
        # interest and discounts: one line per customer, with the customer
        self.assertRecordValues(
            move.line_ids.filtered(lambda line: line.account_id == revenue).sorted(
                "credit"
            ),
            [
                {
                    "partner_id": self.customer_2.id,
                    "credit": 1.5,
                    "name": f"Interest, boleto {t3.boleto_nosso_numero}",
                },
                {
                    "partner_id": self.customer.id,
                    "credit": 2.0,
                    "name": f"Interest, boleto {t6.boleto_nosso_numero}",
                },
            ],
        )
        discount = move.line_ids.filtered(lambda line: "Discount" in line.name)
        self.assertRecordValues(
            discount, [{"partner_id": self.customer_2.id, "debit": 1.0}]
        )
        # the statistics of the journal items count what the import wrote
        self.env["telecobranca.cnab.return"]._analyze_booked_tables(10**9)
        self.env.cr.execute(
            """SELECT reltuples, (SELECT count(*) FROM account_move_line)
                 FROM pg_class WHERE relname = 'account_move_line'"""
        )
        tuples, count = self.env.cr.fetchone()
        self.assertEqual(tuples, count)

    def test_missing_fee_account(self):
        self.bb_account.boleto_fee_account_id = False
        with self.assertRaisesRegex(UserError, "bank fees"):
            self.import_records(
                [self.paid(self.batch_titles[0], fee=D("0.45"))], sequence=21
            )
        self.assertFalse(self.batch_titles[0].reconciled)
        self.assertFalse(self.env["telecobranca.cnab.return"].search([]))

    def test_query_count_does_not_grow_with_records(self):
        """Importing 3N records takes (nearly) the queries of N records."""
        titles = self.batch_titles
        # warm-up: caches of the first import
        self.import_records([self.paid(titles[0])], sequence=30, name="W.RET")

        def import_counted(records, sequence):
            self.env.invalidate_all()
            self.env.flush_all()
            start = self.cr.sql_log_count
            self.import_records(records, sequence)
            self.env.flush_all()
            return self.cr.sql_log_count - start

        small = import_counted([self.paid(title) for title in titles[1:3]], 31)
        self.env.invalidate_all()
        with self.assertQueryCount(small + 3):
            self.import_records([self.paid(title) for title in titles[3:9]], 32)
        self.assertTrue(all(titles.mapped("reconciled")))


ITAU_SAMPLE = "brcobranca__CNAB400ITAU.RET"


def sample(name):
    """A public CNAB sample file of tests/data/cnab (see its README)."""
    path = Path(__file__).resolve().parents[3] / "tests" / "data" / "cnab" / name
    return path.read_bytes()


@tagged("post_install", "-at_install")
@freeze_time("2013-05-22")
class TestCnab400(BoletoCommon):
    """CNAB 400: Itaú's real return file settles its titles; remittances in
    the account's layout; the return of our own remittance pays."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.itau_account = cls.env["res.partner.bank"].create(
            {
                # agency, account and DAC of brcobranca's CNAB400ITAU.RET
                "acc_number": "03511-0",
                "partner_id": cls.company.partner_id.id,
                "boleto_enabled": True,
                "boleto_bank_code": "341",
                "boleto_agency": "0730",
                "boleto_account": "03511",
                "boleto_account_digit": "0",
                "boleto_wallet": "109",
                "boleto_integration": "cnab",
                "boleto_cnab_layout": "400",
                "boleto_fine_percent": 2.0,
                "boleto_journal_id": cls.bank_journal.id,
                "boleto_interest_account_id": cls.company_data[
                    "default_account_revenue"
                ].id,
                "boleto_discount_account_id": cls.company_data[
                    "default_account_expense"
                ].id,
                "boleto_fee_account_id": cls.company_data["default_account_expense"].id,
            }
        )
        cls.company.telecobranca_boleto_bank_account_id = cls.itau_account

    def issue(self, amount, sequence_number):
        """A boleto title of ``amount`` whose nosso número is ``sequence_number``."""
        invoice = self.boleto_invoice(amount, invoice_date="2013-04-20")
        title = self.titles(invoice)
        self.itau_account.boleto_sequence_id.sudo().number_next = sequence_number
        title._telecobranca_issue_boleto(self.itau_account)
        return title

    def import_file(self, content, name):
        wizard = Form(
            self.env["telecobranca.cnab.import"].with_context(default_file_name=name)
        )
        wizard.bank_account_id = self.itau_account
        wizard.file_data = base64.b64encode(content)
        action = wizard.save().action_import()
        return self.env["telecobranca.cnab.return"].browse(action["res_id"])

    def test_real_itau_return_settles_its_titles_to_the_cent(self):
        # the first three records: 40.00 each, fee 2.10, credited 21/05/2013
        titles = [self.issue(40.0, number) for number in (11, 35, 52)]
        self.assertEqual(
            [title.boleto_nosso_numero for title in titles],
            ["109/00000011-4", "109/00000035-3", "109/00000052-8"],
        )
        log = self.import_file(sample(ITAU_SAMPLE), "CN21053A.RET")
        self.assertRecordValues(
            log,
            [
                {
                    "layout": "400",
                    "bank_code": "341",
                    "file_sequence": 25,
                    "generation_date": date(2013, 5, 20),
                    "line_count": 52,
                    "paid_count": 3,
                    "state": "warning",  # 49 records of titles not in Odoo
                }
            ],
        )
        paid = log.line_ids.filtered(lambda line: line.action == "paid")
        self.assertEqual(paid.mapped("line_number"), [2, 3, 4])
        self.assertEqual(paid.mapped("occurrence"), ["341-06"] * 3)
        self.assertEqual(paid.mapped("fee_amount"), [2.10] * 3)
        for title in titles:
            self.assertTrue(title.reconciled)
            self.assertEqual(title.boleto_status, "paid")
            self.assertEqual(title.move_id.payment_state, "paid")
        payment = paid.payment_move_id
        self.assertEqual(len(payment), 1)
        self.assertEqual(payment.date, date(2013, 5, 21))
        expense = self.company_data["default_account_expense"]
        self.assertEqual(
            balances(payment),
            {
                titles[0].account_id.id: -120.00,
                expense.id: 6.30,  # the bank's fees: 3 x 2.10
                outstanding_account(self.bank_journal).id: 113.70,  # 3 x 37.90
            },
        )
        unknown = log.line_ids.filtered(lambda line: line.action == "error")
        self.assertEqual(len(unknown), 49)
        self.assertIn("Unknown nosso número 109/00000107-0", unknown[0].message)
        written_off = log.line_ids.filtered(lambda line: line.line_number == 53)
        self.assertEqual(written_off.occurrence, "341-09")
        self.assertEqual(written_off.action, "error")  # a title not in Odoo
        # the same file again pays nothing twice
        with self.assertRaisesRegex(UserError, "already imported"):
            self.import_file(sample(ITAU_SAMPLE), "AGAIN.RET")

    def test_remittance_in_the_account_layout_and_its_return(self):
        """Export in CNAB 400, the bank's return of it pays the titles."""
        with freeze_time("2013-05-02 12:00:00"):
            titles = [self.issue(amount, 200 + n) for n, amount in enumerate((10, 20))]
            titles = titles[0] | titles[1]
            wizard = Form(
                self.env["telecobranca.cnab.export"].with_context(
                    active_model="account.move.line", active_ids=titles.ids
                )
            ).save()
            wizard.action_export()
        content = base64.b64decode(wizard.remittance_id.file_data)
        lines = content.decode("ascii").split("\r\n")[:-1]
        self.assertEqual([len(line) for line in lines], [400] * 6)  # + 2 fines
        self.assertEqual(lines[0][:26], "01REMESSA01COBRANCA       ")
        self.assertEqual(lines[0][26:38], "073000035110")
        details = {line[62:70]: line for line in lines if line[:1] == "1"}
        self.assertEqual(sorted(details), ["00000200", "00000201"])
        self.assertEqual(details["00000200"][126:139], "0000000001000")
        self.assertEqual(details["00000201"][126:139], "0000000002000")
        # each detail followed by the fine record of the account's 2%
        self.assertEqual([line[:2] for line in lines[2:5:2]], ["22", "22"])
        self.assertEqual(lines[2][10:23], "0000000000200")
        self.assertEqual(titles.mapped("boleto_status"), ["sent", "sent"])
        # the bank's return: entry of the first, settlement of both
        head = (
            "02RETORNO01COBRANCA       073000035110        "
            + "TELECOBRANCA".ljust(30)
            + "341"
            + "BANCO ITAU S.A.".ljust(15)
            + "030513"
            + " " * 8
            + "00031"
        ).ljust(394) + "000001"

        def detail(number, code, nn, amount, fee, principal):
            line = cnab240.write_record(
                cnab400.ITAU.detail,
                {
                    "record_type": "1",
                    "wallet": "109",
                    "nosso_numero": nn,
                    "nosso_numero_digit": titles.filtered(
                        lambda t: nn in t.boleto_nosso_numero
                    ).boleto_nosso_numero[-1],
                    "occurrence_code": code,
                    "occurrence_date": date(2013, 5, 3),
                    "nominal_amount": amount,
                    "fee_amount": fee,
                    "paid_amount": principal,
                    "credit_date": date(2013, 5, 6) if code == "06" else None,
                },
            )
            return line[:394] + f"{number:06d}"

        records = [
            detail(2, "02", "00000200", D("10.00"), D("0.00"), D("0.00")),
            detail(3, "06", "00000200", D("10.00"), D("1.50"), D("8.50")),
            detail(4, "06", "00000201", D("20.00"), D("1.50"), D("18.50")),
        ]
        trailer = cnab240.write_record(
            cnab400.ITAU.trailer,
            {
                "record_type": "9",
                "detail_count": 3,
                "detail_total": D("40.00"),
                "sequence": 5,
            },
        )
        log = self.import_file(
            ("\r\n".join([head, *records, trailer]) + "\r\n").encode(), "R.RET"
        )
        self.assertEqual(log.line_ids.mapped("action"), ["registered", "paid", "paid"])
        self.assertTrue(all(titles.mapped("reconciled")))
        # one customer, both titles paid whole: one credit for both
        self.assertEqual(log.line_ids[1:].payment_line_id.mapped("credit"), [30.0])
        self.assertEqual(
            balances(log.line_ids.payment_move_id)[
                outstanding_account(self.bank_journal).id
            ],
            27.00,
        )

    def test_cnab400_only_for_banks_that_have_it(self):
        with self.assertRaisesRegex(ValidationError, "CNAB 400 remittances"):
            self.env["res.partner.bank"].create(
                {
                    "acc_number": "1234-5 CEF",
                    "partner_id": self.company.partner_id.id,
                    "boleto_bank_code": "104",
                    "boleto_cnab_layout": "400",
                }
            )

    def test_banco_do_brasil_remittance_in_cnab400(self):
        self.bb_account.write(
            {"boleto_cnab_layout": "400", "boleto_wallet_variation": "019"}
        )
        invoice = self.boleto_invoice(123.45, invoice_date="2013-05-02")
        title = self.titles(invoice)
        with freeze_time("2013-05-02 12:00:00"):
            form = Form(
                self.env["telecobranca.cnab.export"].with_context(
                    active_model="account.move.line", active_ids=title.ids
                )
            )
            form.bank_account_id = self.bb_account
            wizard = form.save()
            wizard.action_export()
        lines = base64.b64decode(wizard.remittance_id.file_data).decode().split("\r\n")
        self.assertEqual(lines[0][76:94], "001BANCODOBRASIL  ")
        detail = lines[1]
        self.assertEqual(detail[0], "7")  # the 7-digit agreement's detail
        self.assertEqual(detail[63:80], title.boleto_nosso_numero)
        self.assertEqual(detail[91:94] + detail[106:108], "01917")
        self.assertEqual(detail[126:139], "0000000012345")
        self.assertEqual(lines[2][:4], "5992")  # the account's 2% fine
        self.assertEqual(title.boleto_status, "sent")

    def test_unknown_reason_and_rejection_in_cnab400(self):
        title = self.issue(40.0, 11)
        line = cnab240.write_record(
            cnab400.ITAU.detail,
            {
                "record_type": "1",
                "wallet": "109",
                "nosso_numero": "00000011",
                "nosso_numero_digit": "4",
                "occurrence_code": "03",
                "nominal_amount": D("40.00"),
                "reasons": "0811",
            },
        )
        head = sample(ITAU_SAMPLE).decode("latin-1").splitlines()[0]
        trailer = cnab240.write_record(
            cnab400.ITAU.trailer,
            {"record_type": "9", "detail_count": 1, "detail_total": D("40.00")},
        )
        content = "\r\n".join(
            [head, line[:394] + "000002", trailer[:394] + "000003"]
        ).encode()
        log = self.import_file(content, "REJ.RET")
        self.assertEqual(log.line_ids.action, "rejected")
        self.assertEqual(log.line_ids.reason, "341-08")
        self.assertEqual(title.boleto_status, "rejected")
        self.assertEqual(
            title.boleto_bank_message,
            "Entry rejected (reasons 08: Payer name missing or misplaced, "
            "11: Invalid ZIP code)",
        )
