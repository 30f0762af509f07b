# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The API for integrators through a real XML-RPC client.

Every call goes over HTTP to ``/xmlrpc/2/object`` (``execute_kw``) as a real
user with a password: a collector and a manager of company A, a collector of
company B. The outcomes are read back from the database: entries, balances,
reconciliations, files, codes; each refusal is checked to leave nothing.
"""

import base64
import json
import re
from datetime import date
from decimal import Decimal
from xmlrpc.client import Fault

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import HttpCase, get_db_name, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.base.controllers.rpc import (
    RPC_FAULT_CODE_ACCESS_ERROR,
    RPC_FAULT_CODE_WARNING,
)

from ..tools import boleto as boleto_tools
from ..tools import cnab240
from .test_boleto_common import BoletoCommon
from .test_cnab import return_file

D = Decimal


@tagged("post_install", "-at_install")
class TestApi(BoletoCommon, HttpCase):
    freeze_time = "2025-06-16 12:00:00"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "telecobranca_fine_percent": 2.0,
                "telecobranca_interest_percent": 1.0,
                "telecobranca_grace_days": 0,
                "telecobranca_min_days_overdue": 0,
                "telecobranca_optimized_renegotiation": False,
            }
        )
        cls.company_b = cls.setup_other_company(name="Empresa B")["company"]
        cls.collector_a = cls.api_user("api_collector_a", "user")
        cls.manager_a = cls.api_user("api_manager_a", "manager")
        cls.collector_b = cls.api_user("api_collector_b", "user", cls.company_b)
        cls.customer_2 = cls.customer.copy(
            {"name": "Mercearia Boa Vista Ltda", "email": "contas@boavista.example.com"}
        )
        # due Wednesday 2025-06-04: 12 days late on 2025-06-16
        cls.invoice_1 = cls.boleto_invoice(1000.0, "2025-05-05")
        cls.invoice_2 = cls.boleto_invoice(
            500.0, "2025-05-05", partner_id=cls.customer_2.id
        )
        cls.title_1 = cls.titles(cls.invoice_1)
        cls.title_2 = cls.titles(cls.invoice_2)
        cls.invoice_b = cls.create_invoice(700.0, "2025-05-05", company=cls.company_b)
        cls.title_b = cls.titles(cls.invoice_b)

    @classmethod
    def api_user(cls, login, group, company=None):
        company = company or cls.company
        return new_test_user(
            cls.env,
            login=login,
            password=f"{login}-pwd",
            email=f"{login}@example.com",
            groups=f"telecobranca.group_telecobranca_{group}",
            company_id=company.id,
            company_ids=[company.id],
        )

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    def rpc(self, user, method, *args, **kwargs):
        """``telecobranca.api.<method>`` called over XML-RPC as ``user``."""
        result = self.xmlrpc_object.execute_kw(
            get_db_name(),
            user.id,
            f"{user.login}-pwd",
            "telecobranca.api",
            method,
            list(args),
            kwargs,
        )
        self.env.invalidate_all()
        return result

    def rpc_fault(self, user, method, *args, **kwargs):
        """The fault the call raises (logged by the server, muted here)."""
        with (
            mute_logger("odoo.http", "odoo.sql_db"),
            self.assertRaises(Fault) as caught,
        ):
            self.rpc(user, method, *args, **kwargs)
        self.env.invalidate_all()
        return caught.exception

    def assertFault(self, fault, code, text):
        self.assertEqual(fault.faultCode, code, fault.faultString)
        self.assertIn(text, fault.faultString)

    def counts(self):
        """What a refused call must not change."""
        env = self.env
        return {
            "renegotiations": env["telecobranca.renegotiation"].search_count([]),
            "moves": env["account.move"].search_count([]),
            "cases": env["telecobranca.case"].search_count([]),
            "partials": env["account.partial.reconcile"].search_count([]),
            "attachments": env["ir.attachment"].search_count(
                [("res_model", "=", "res.partner.bank")]
            ),
            "returns": env["telecobranca.cnab.return"].search_count([]),
            "issued": env["account.move.line"].search_count(
                [("boleto_nosso_numero", "!=", False)]
            ),
        }

    def balance_by_partner(self, move):
        result = {}
        for line in move.line_ids:
            partner = line.partner_id.commercial_partner_id
            result[partner] = round(result.get(partner, 0.0) + line.balance, 2)
        return result

    # ------------------------------------------------------------------
    # renegotiate
    # ------------------------------------------------------------------
    def test_renegotiate_two_customers_as_collector(self):
        result = self.rpc(
            self.collector_a,
            "renegotiate",
            [self.title_1.id, self.title_2.id],
            {
                "installment_count": 3,
                "first_due_date": "2025-07-16",
                "surcharge": 30.0,
                "discount": 12.0,
                "note": "Acordo por telefone",
            },
        )
        reneg = self.env["telecobranca.renegotiation"].browse(
            result["renegotiation_id"]
        )
        self.assertRecordValues(
            reneg,
            [
                {
                    "state": "done",
                    "create_uid": self.collector_a.id,
                    "amount_open": 1500.0,
                    "amount_fine": 30.0,  # 2 % of 1 000 and of 500
                    "amount_interest": 6.0,  # 1 % a month, 12 days
                    "amount_total": 1554.0,
                }
            ],
        )
        self.assertEqual(result["amount_total"], 1554.0)
        self.assertEqual(result["move_id"], reneg.move_id.id)
        self.assertEqual(result["name"], reneg.name)
        move = reneg.move_id
        self.assertEqual((move.state, move.journal_id.code), ("posted", "REN"))
        # each customer: 1 000 + 20 fine + 4 interest + 20 surcharge - 8
        # discount = 1 036; 500 + 10 + 2 + 10 - 4 = 518 (shares of 1 024/512)
        new_titles = self.env["account.move.line"].browse(result["new_title_ids"])
        self.assertEqual(new_titles, reneg.new_title_ids)
        note = "Acordo por telefone"  # in the label of every new title
        rows = sorted(
            (t.partner_id.name, t.date_maturity, t.debit, note in t.name)
            for t in new_titles
        )
        self.assertEqual(
            rows,
            [
                ("Mercearia Boa Vista Ltda", date(2025, 7, 16), 172.67, True),
                ("Mercearia Boa Vista Ltda", date(2025, 8, 15), 172.67, True),
                ("Mercearia Boa Vista Ltda", date(2025, 9, 14), 172.66, True),
                ("Padaria Pão Dourado Ltda", date(2025, 7, 16), 345.33, True),
                ("Padaria Pão Dourado Ltda", date(2025, 8, 15), 345.33, True),
                ("Padaria Pão Dourado Ltda", date(2025, 9, 14), 345.34, True),
            ],
        )
        self.assertTrue(all(new_titles.mapped("is_title")))
        # balanced for each customer: nobody's debt moved to the other
        self.assertEqual(
            self.balance_by_partner(move), {self.customer: 0.0, self.customer_2: 0.0}
        )
        self.assertTrue(self.title_1.reconciled and self.title_2.reconciled)
        self.assertEqual(self.title_1.amount_residual, 0.0)
        self.assertEqual(
            new_titles.renegotiation_origin_ids, self.title_1 | self.title_2
        )

    def test_renegotiate_single_payer_without_charges(self):
        result = self.rpc(
            self.collector_a,
            "renegotiate",
            [self.title_1.id, self.title_2.id],
            {
                "charge_fine": False,
                "charge_interest": False,
                "payer_partner_id": self.customer.id,
            },
        )
        new_titles = self.env["account.move.line"].browse(result["new_title_ids"])
        # one title of the payer, due on the renegotiation date
        self.assertRecordValues(
            new_titles,
            [
                {
                    "partner_id": self.customer.id,
                    "debit": 1500.0,
                    "date_maturity": date(2025, 6, 16),
                }
            ],
        )
        self.assertEqual(result["amount_total"], 1500.0)

    def test_renegotiate_refused_leaves_nothing(self):
        before = self.counts()
        titles = [self.title_1.id, self.title_2.id]
        cases = [
            # company B's collector on company A's titles
            (
                self.collector_b,
                [titles, {}],
                RPC_FAULT_CODE_ACCESS_ERROR,
                "You may not read the journal items",
            ),
            # a collector of A on a title of B he may not read
            (
                self.collector_a,
                [[self.title_b.id], {}],
                RPC_FAULT_CODE_ACCESS_ERROR,
                "You may not read the journal items",
            ),
            (
                self.collector_a,
                [titles, {"installment_count": 0}],
                RPC_FAULT_CODE_WARNING,
                "between 1 and 360",
            ),
            (
                self.collector_a,
                [titles, {"surcharge": -5.0}],
                RPC_FAULT_CODE_WARNING,
                "cannot be negative",
            ),
            (
                self.collector_a,
                [titles, {"instalments": 3}],
                RPC_FAULT_CODE_WARNING,
                "Unknown renegotiation terms: instalments",
            ),
            (
                self.collector_a,
                [titles, {"installment_count": 2, "first_due_date": "2025-13-45"}],
                RPC_FAULT_CODE_WARNING,
                "must be a date written as YYYY-MM-DD",
            ),
            (
                self.collector_a,
                [titles, {"installment_count": "3"}],
                RPC_FAULT_CODE_WARNING,
                "must be a whole number",
            ),
            (
                self.collector_a,
                [[], {}],
                RPC_FAULT_CODE_WARNING,
                "Give the titles as a list of journal item ids",
            ),
            (
                self.collector_a,
                [[999999999], {}],
                RPC_FAULT_CODE_WARNING,
                "There are no journal items 999999999",
            ),
            (
                self.collector_a,
                [[self.invoice_1.line_ids.filtered("credit").id], {}],
                RPC_FAULT_CODE_WARNING,
                "is not a title",
            ),
            # refused by the renegotiation itself, once its draft exists:
            # the draft goes with the refusal
            (
                self.collector_a,
                [titles, {"discount": 5000.0}],
                RPC_FAULT_CODE_WARNING,
                "is larger than the total",
            ),
        ]
        for user, args, code, text in cases:
            with self.subTest(user=user.login, args=args):
                fault = self.rpc_fault(user, "renegotiate", *args)
                self.assertFault(fault, code, text)
                self.assertEqual(self.counts(), before)
        self.assertFalse(self.title_1.reconciled or self.title_2.reconciled)

    def test_renegotiate_settled_title(self):
        self.pay(self.invoice_1)
        before = self.counts()
        fault = self.rpc_fault(
            self.collector_a, "renegotiate", [self.title_1.id, self.title_2.id], {}
        )
        self.assertFault(fault, RPC_FAULT_CODE_WARNING, "is already settled")
        self.assertEqual(self.counts(), before)

    def test_refused_in_process_leaves_no_draft(self):
        """A Python caller that catches the error finds no draft either."""
        Api = self.env["telecobranca.api"].with_user(self.collector_a)
        Reneg = self.env["telecobranca.renegotiation"]
        before = Reneg.search_count([])
        with self.assertRaisesRegex(UserError, "is larger than the total"):
            Api.renegotiate([self.title_1.id], {"discount": 5000.0})
        self.assertEqual(Reneg.search_count([]), before)

    # ------------------------------------------------------------------
    # write off
    # ------------------------------------------------------------------
    def test_write_off(self):
        writeoff_type = self.company.telecobranca_writeoff_type_id
        self.assertTrue(writeoff_type)
        before = self.counts()
        # a collector may not write off (a supervisor's job)
        fault = self.rpc_fault(
            self.collector_a,
            "write_off",
            [self.title_1.id],
            writeoff_type.id,
            "Cliente faliu",
        )
        self.assertEqual(fault.faultCode, RPC_FAULT_CODE_ACCESS_ERROR)
        self.assertEqual(self.counts(), before)
        fault = self.rpc_fault(
            self.manager_a, "write_off", [self.title_1.id], writeoff_type.id, "  "
        )
        self.assertFault(fault, RPC_FAULT_CODE_WARNING, "Give the reason")
        self.assertEqual(self.counts(), before)

        result = self.rpc(
            self.manager_a,
            "write_off",
            [self.title_1.id, self.title_2.id],
            writeoff_type.id,
            "Cliente faliu",
            date="2025-06-16",
        )
        self.assertEqual(result["amount"], 1500.0)
        moves = self.env["account.move"].browse(result["move_ids"])
        self.assertEqual(len(moves), 2)
        for move, title in zip(moves, self.title_1 | self.title_2, strict=True):
            self.assertEqual(move.state, "posted")
            self.assertEqual(move.date, date(2025, 6, 16))
            amount = title.debit
            self.assertRecordValues(
                move.line_ids.sorted("debit"),
                [
                    {"account_id": title.account_id.id, "debit": 0.0, "credit": amount},
                    {
                        "account_id": writeoff_type.account_id.id,
                        "debit": amount,
                        "credit": 0.0,
                    },
                ],
            )
            self.assertTrue(title.reconciled)
            self.assertIn("Cliente faliu", move.ref)
        # written off: a second time is refused
        fault = self.rpc_fault(
            self.manager_a, "write_off", [self.title_1.id], writeoff_type.id, "Again"
        )
        self.assertFault(fault, RPC_FAULT_CODE_WARNING, "is already settled")

    # ------------------------------------------------------------------
    # open cases
    # ------------------------------------------------------------------
    def test_open_cases(self):
        before = self.counts()
        fault = self.rpc_fault(self.collector_a, "open_cases")
        self.assertFault(
            fault, RPC_FAULT_CODE_WARNING, "Only a collection manager may do this."
        )
        fault = self.rpc_fault(self.manager_a, "open_cases", self.company_b.id)
        self.assertFault(
            fault, RPC_FAULT_CODE_ACCESS_ERROR, "You do not work in the company"
        )
        self.assertEqual(self.counts(), before)

        result = self.rpc(self.manager_a, "open_cases")
        cases = self.env["telecobranca.case"].browse(result["case_ids"])
        self.assertEqual(result["opened_case_ids"], cases.ids)
        self.assertEqual(cases.company_id, self.company)
        self.assertEqual(result["customer_count"], len(cases))
        self.assertEqual(result["title_count"], len(cases.line_ids))
        by_partner = {case.partner_id: case for case in cases}
        self.assertIn(self.title_1, by_partner[self.customer].line_ids.move_line_id)
        self.assertEqual(
            by_partner[self.customer_2].line_ids.move_line_id, self.title_2
        )
        self.assertEqual(set(cases.mapped("state")), {"open"})
        # company B's title stays out; nothing is left for a second run
        self.assertNotIn(self.title_b, cases.line_ids.move_line_id)
        again = self.rpc(self.manager_a, "open_cases", self.company.id)
        self.assertEqual(
            again,
            {
                "case_ids": [],
                "opened_case_ids": [],
                "customer_count": 0,
                "title_count": 0,
            },
        )

    # ------------------------------------------------------------------
    # boletos, remittance, return
    # ------------------------------------------------------------------
    def test_boletos_remittance_and_return(self):
        before = self.counts()
        fault = self.rpc_fault(self.collector_b, "issue_boletos", [self.title_1.id])
        self.assertFault(
            fault, RPC_FAULT_CODE_ACCESS_ERROR, "You may not read the journal items"
        )
        fault = self.rpc_fault(
            self.collector_b, "export_remittance", self.bb_account.id, [self.title_1.id]
        )
        self.assertEqual(fault.faultCode, RPC_FAULT_CODE_ACCESS_ERROR)
        self.assertEqual(self.counts(), before)

        # issue: nosso número and codes, as the bank will read them
        [boleto] = self.rpc(self.collector_a, "issue_boletos", [self.title_1.id])
        expected = boleto_tools.compute(
            "001",
            agency="1234",
            account="99999",
            account_digit="7",
            wallet="17",
            agreement="1234567",
            nosso_numero=self.title_1.boleto_sequence_number,
            due_date=date(2025, 6, 4),
            amount=D("1000.00"),
        )
        self.assertEqual(
            boleto,
            {
                "title_id": self.title_1.id,
                "title_number": self.title_1.title_number,
                "nosso_numero": expected.nosso_numero,
                "digitable_line": expected.digitable_line_formatted,
                "barcode": expected.barcode,
                "pix_copy_paste": self.title_1.boleto_pix_payload,
                "amount": 1000.0,
                "due_date": "2025-06-04",
                "bank_account_id": self.bb_account.id,
                "status": "not_sent",
            },
        )
        digits = re.sub(r"\D", "", boleto["digitable_line"])
        # bank 001, currency 9 ... due factor 1102 (2025-06-04), R$ 1 000,00
        self.assertEqual((digits[:4], digits[-14:]), ("0019", "11020000100000"))
        self.assertTrue(boleto["pix_copy_paste"].startswith("000201"))

        # remittance of what waits to be sent
        result = self.rpc(self.collector_a, "export_remittance", self.bb_account.id)
        self.assertEqual(result["title_ids"], [self.title_1.id])
        attachment = self.env["ir.attachment"].browse(result["attachment_id"])
        self.assertEqual(result["file_name"], attachment.name)
        self.assertRegex(attachment.name, r"^CB1606\d\d\.REM$")
        content = base64.b64decode(attachment.datas)
        header = cnab240.parse_header(content)
        self.assertEqual((header.bank, header.file_code), ("001", "1"))
        lines = content.decode("latin-1").split("\r\n")
        segments_p = [line for line in lines if line[13:14] == "P"]
        self.assertEqual(len(segments_p), 1)
        self.assertIn(self.title_1._boleto_cnab_nosso_numero(), segments_p[0])
        self.assertEqual(self.title_1.boleto_status, "sent")
        fault = self.rpc_fault(
            self.collector_a, "export_remittance", self.bb_account.id
        )
        self.assertFault(fault, RPC_FAULT_CODE_WARNING, "waits to be sent")

        # the bank's return: one boleto paid, one record unknown
        content = return_file(
            [
                {
                    "code": "06",
                    "nosso_numero": self.title_1._boleto_cnab_nosso_numero(),
                    "amount": D("1000.00"),
                    "paid": D("1000.00"),
                },
                {
                    "code": "06",
                    "nosso_numero": "99999999999999999",
                    "amount": D("10.00"),
                    "paid": D("10.00"),
                },
            ]
        )
        encoded = base64.b64encode(content).decode()
        fault = self.rpc_fault(self.collector_a, "import_return_file", "not base64!")
        self.assertFault(fault, RPC_FAULT_CODE_WARNING, "could not be read")
        result = self.rpc(
            self.collector_a,
            "import_return_file",
            encoded,
            self.bb_account.id,
            file_name="RET0407.RET",
        )
        log = self.env["telecobranca.cnab.return"].browse(result["return_id"])
        self.assertEqual(
            result,
            {
                "return_id": log.id,
                "state": "warning",
                "processed": 1,
                "unprocessed": 1,
                "paid": 1,
                "payment_move_ids": log.line_ids.payment_move_id.ids,
            },
        )
        self.assertEqual(log.name, "RET0407.RET")
        self.assertTrue(self.title_1.reconciled)
        self.assertEqual(self.title_1.boleto_status, "paid")
        payment = log.line_ids.payment_move_id
        self.assertEqual((payment.state, payment.date), ("posted", date(2025, 7, 4)))
        title_line = payment.line_ids.filtered(
            lambda line: line.account_id == self.title_1.account_id
        )
        self.assertEqual(title_line.credit, 1000.0)
        self.assertEqual(sum(payment.line_ids.mapped("balance")), 0.0)
        # the same file again is refused, nothing booked twice
        before = self.counts()
        fault = self.rpc_fault(
            self.collector_a, "import_return_file", encoded, self.bb_account.id
        )
        self.assertFault(fault, RPC_FAULT_CODE_WARNING, "already imported")
        self.assertEqual(self.counts(), before)

    def test_send_boletos(self):
        fault = self.rpc_fault(self.collector_b, "send_boletos", [self.title_1.id])
        self.assertEqual(fault.faultCode, RPC_FAULT_CODE_ACCESS_ERROR)
        result = self.rpc(
            self.manager_a, "send_boletos", [self.title_1.id, self.title_2.id]
        )
        # issued first, then one e-mail per customer with its boleto
        self.assertTrue(self.title_1.boleto_digitable_line)
        self.assertTrue(self.title_2.boleto_digitable_line)
        messages = self.env["mail.message"].browse(result["message_ids"])
        self.assertEqual(len(messages), 2)
        self.assertEqual(
            set(messages.mapped("res_id")), {self.invoice_1.id, self.invoice_2.id}
        )
        mails = self.env["mail.mail"].browse(result["mail_ids"])
        self.assertEqual(len(mails), 2)
        self.assertEqual(set(mails.mapped("state")), {"outgoing"})
        self.assertEqual(
            set(mails.recipient_ids.mapped("email")),
            {self.customer.email, self.customer_2.email},
        )
        for mail in mails:
            self.assertEqual(len(mail.attachment_ids), 1)
            self.assertTrue(mail.attachment_ids.name.startswith("Boleto "))
        self.customer_2.email = False
        fault = self.rpc_fault(self.manager_a, "send_boletos", [self.title_2.id])
        self.assertFault(fault, RPC_FAULT_CODE_WARNING, "has no e-mail address")

    def test_bad_arguments(self):
        for method, args, text in [
            ("issue_boletos", ["x"], "Give the titles as a list"),
            ("issue_boletos", [[True]], "must be a record id"),
            ("export_remittance", [0], "Choose the bank account"),
            ("import_return_file", [""], "Choose the return file"),
            ("open_cases", ["A"], "must be a record id"),
            (
                "issue_boletos",
                [[self.title_1.id, self.title_b.id]],
                "You may not read",
            ),
        ]:
            with self.subTest(method=method, args=args):
                fault = self.rpc_fault(self.manager_a, method, *args)
                self.assertIn(text, fault.faultString)
        self.assertFalse(self.title_1.boleto_nosso_numero)
        # private helpers are not callable from outside
        with self.assertRaises(Fault), mute_logger("odoo.http"):
            self.rpc(self.manager_a, "_get_titles", [self.title_1.id])

    def test_multi_company_titles(self):
        user = self.api_user("api_both", "user")
        user.company_ids = [Command.link(self.company_b.id)]
        fault = self.rpc_fault(
            user, "issue_boletos", [self.title_1.id, self.title_b.id]
        )
        self.assertFault(fault, RPC_FAULT_CODE_WARNING, "several companies")

    def test_json_rpc_and_language(self):
        """JSON-RPC reaches the same methods; errors speak the user's language."""

        def call(method, args, kwargs=None):
            response = self.url_open(
                "/jsonrpc",
                data=json.dumps(
                    {
                        "jsonrpc": "2.0",
                        "method": "call",
                        "id": 1,
                        "params": {
                            "service": "object",
                            "method": "execute_kw",
                            "args": [
                                get_db_name(),
                                self.collector_a.id,
                                "api_collector_a-pwd",
                                "telecobranca.api",
                                method,
                                args,
                                kwargs or {},
                            ],
                        },
                    }
                ),
                headers={"Content-Type": "application/json"},
            )
            self.env.invalidate_all()
            return response.json()

        [boleto] = call("issue_boletos", [[self.title_2.id]])["result"]
        self.assertEqual(boleto["nosso_numero"], self.title_2.boleto_nosso_numero)
        self.assertEqual(boleto["amount"], 500.0)
        with mute_logger("odoo.http"):
            answer = call(
                "renegotiate",
                [[self.title_2.id], {"discount": -1.0}],
                {"context": {"lang": "pt_BR"}},
            )
        self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.UserError")
        self.assertEqual(
            answer["error"]["data"]["message"],
            "O acréscimo e o desconto não podem ser negativos.",
        )
        self.assertFalse(self.title_2.reconciled)

    def test_send_boletos_as_collector(self):
        result = self.rpc(self.collector_a, "send_boletos", [self.title_1.id])
        mail = self.env["mail.mail"].browse(result["mail_ids"])
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertEqual(mail.author_id, self.collector_a.partner_id)
        self.assertIn(
            self.title_1.boleto_digitable_line, mail.attachment_ids.raw.decode()
        )
