# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Instructions to the bank after registration (issue 14): what the file the
bank reads says, position by position, what the bank's answer does to the
instruction and to the title's bank status, and what is refused."""

import base64
from datetime import date
from decimal import Decimal

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, tagged

from ..models.telecobranca_flow import FLOW
from .test_boleto_common import BoletoCommon
from .test_cnab import return_file

D = Decimal


def at(line, start, end):
    """Positions ``start``-``end`` (1-based, inclusive) of ``line``."""
    return line[start - 1 : end]


class InstructionCommon(BoletoCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice_1 = cls.boleto_invoice(1234.56)
        cls.invoice_2 = cls.boleto_invoice(300.0)
        cls.title_1 = cls.titles(cls.invoice_1)
        cls.title_2 = cls.titles(cls.invoice_2)
        cls.Instruction = cls.env["telecobranca.bank.instruction"]

    def export(self, titles=None):
        context = {"active_model": "account.move.line", "active_ids": []}
        if titles:
            context["active_ids"] = titles.ids
        wizard = Form(self.env["telecobranca.cnab.export"].with_context(**context))
        wizard = wizard.save()
        wizard.action_export()
        return wizard.remittance_id

    def register(self, titles, account=None):
        """The titles' boletos as the bank's return confirms them."""
        if account is None or account.boleto_integration == "cnab":
            self.export(titles)
        else:
            titles._telecobranca_issue_boleto(account)
        titles.with_context(telecobranca_flow=FLOW).write(
            {"boleto_status": "registered"}
        )

    def instruct(self, titles, kind, **values):
        form = Form(
            self.env["telecobranca.bank.instruction.wizard"].with_context(
                active_model="account.move.line", active_ids=titles.ids
            )
        )
        form.kind = kind
        for name, value in values.items():
            setattr(form, name, value)
        form.save().action_confirm()
        return self.Instruction.search(
            [("title_id", "in", titles.ids), ("kind", "=", kind)], order="id desc"
        )

    def lines(self, remittance):
        content = base64.b64decode(remittance.file_data).decode("ascii")
        return content.split("\r\n")[:-1]

    def segments_p(self, lines):
        return [line for line in lines if at(line, 8, 8) == "3" and line[13] == "P"]

    def import_file(self, content, name="RET.RET"):
        wizard = Form(
            self.env["telecobranca.cnab.import"].with_context(default_file_name=name)
        )
        wizard.file_data = base64.b64encode(content)
        action = wizard.save().action_import()
        return self.env["telecobranca.cnab.return"].browse(action["res_id"])

    def nn(self, title):
        return title._boleto_cnab_nosso_numero()


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestBankInstruction(InstructionCommon):
    def test_instructions_reach_the_next_remittance_with_their_codes(self):
        """Due date change, rebate and protest from the wizard: queued, then
        the remittance of instructions only carries them, FEBRABAN's codes in
        segment P (06, 04, 09) with the new due date, the rebate, the days."""
        third = self.titles(self.boleto_invoice(500.0))
        self.register(self.title_1 | self.title_2 | third)
        due = self.instruct(self.title_1, "due_date", new_due_date=date(2025, 8, 1))
        rebate = self.instruct(self.title_2, "rebate", rebate_amount=50.25)
        protest = self.instruct(third, "protest", protest_days=7)
        instructions = due | rebate | protest
        self.assertEqual(instructions.mapped("state"), ["queued"] * 3)
        self.assertIn(
            "Instruction to the bank queued: Due Date Change to 08/01/2025.",
            self.invoice_1.message_ids[0].body,
        )
        remittance = self.export()
        self.assertEqual(remittance.title_ids, self.env["account.move.line"])
        self.assertEqual(remittance.instruction_ids, instructions)
        lines = self.lines(remittance)
        self.assertEqual(len(lines), 2 + 3 * 2 + 2)  # P and Q each, no fine (R)
        by_number = {at(p, 38, 57).strip(): p for p in self.segments_p(lines)}
        p_due = by_number[self.nn(self.title_1)]
        p_rebate = by_number[self.nn(self.title_2)]
        p_protest = by_number[self.nn(third)]
        self.assertEqual(at(p_due, 16, 17), "06")
        self.assertEqual(at(p_due, 78, 85), "01082025")
        self.assertEqual(at(p_due, 86, 100), "000000000123456")
        self.assertEqual(at(p_rebate, 16, 17), "04")
        self.assertEqual(at(p_rebate, 181, 195), "000000000005025")
        self.assertEqual(at(p_protest, 16, 17), "09")
        self.assertEqual(at(p_protest, 221, 223), "107")
        self.assertRecordValues(
            instructions,
            [
                {"state": "sent", "code": "06", "remittance_id": remittance.id},
                {"state": "sent", "code": "04", "remittance_id": remittance.id},
                {"state": "sent", "code": "09", "remittance_id": remittance.id},
            ],
        )
        # the bank status of the titles does not move until the bank answers
        self.assertEqual(
            (self.title_1 | self.title_2 | third).mapped("boleto_status"),
            ["registered"] * 3,
        )

    def test_new_titles_and_instructions_in_one_file(self):
        self.register(self.title_1)
        instruction = self.instruct(self.title_1, "writeoff")
        remittance = self.export(self.title_2)
        p = self.segments_p(self.lines(remittance))
        self.assertEqual([at(line, 16, 17) for line in p], ["01", "02"])
        self.assertEqual(remittance.title_ids, self.title_2)
        self.assertEqual(instruction.state, "sent")
        self.assertEqual(self.title_2.boleto_status, "sent")

    def test_export_without_instructions_keeps_them_queued(self):
        self.register(self.title_1)
        instruction = self.instruct(self.title_1, "writeoff")
        form = Form(
            self.env["telecobranca.cnab.export"].with_context(
                active_model="account.move.line", active_ids=self.title_2.ids
            )
        )
        self.assertEqual(form.instruction_count, 1)
        form.include_instructions = False
        form.save().action_export()
        self.assertEqual(instruction.state, "queued")
        with self.assertRaisesRegex(UserError, "no instruction to the bank"):
            wizard = Form(self.env["telecobranca.cnab.export"])
            wizard.include_instructions = False
            wizard.save().action_export()

    def test_return_confirms_rejects_and_protests(self):
        """The bank's answers: 14 confirms the due date change, 26 rejects the
        rebate with its reason (the boleto stays registered), 23 sends the
        protested title to the notary's office, 09 writes off."""
        third = self.titles(self.boleto_invoice(500.0))
        fourth = self.titles(self.boleto_invoice(200.0))
        titles = self.title_1 | self.title_2 | third | fourth
        self.register(titles)
        barcode = self.title_1.boleto_barcode
        due = self.instruct(self.title_1, "due_date", new_due_date=date(2025, 8, 1))
        rebate = self.instruct(self.title_2, "rebate", rebate_amount=10.0)
        protest = self.instruct(third, "protest", protest_days=5)
        writeoff = self.instruct(fourth, "writeoff")
        self.export()
        log = self.import_file(
            return_file(
                [
                    {"code": "14", "nosso_numero": self.nn(self.title_1)},
                    {
                        "code": "26",
                        "nosso_numero": self.nn(self.title_2),
                        "reasons": "08",
                    },
                    {"code": "23", "nosso_numero": self.nn(third)},
                    {"code": "09", "nosso_numero": self.nn(fourth)},
                ]
            )
        )
        self.assertRecordValues(
            due | rebate | protest | writeoff,
            [
                {"state": "confirmed"},
                {"state": "rejected"},
                {"state": "confirmed"},
                {"state": "confirmed"},
            ],
        )
        self.assertTrue(rebate.bank_message)
        # the log says which records answered an instruction, not "Ignored"
        self.assertEqual(
            log.line_ids.sorted("line_number").mapped("action"),
            ["instruction", "instruction", "instruction", "cancelled"],
        )
        self.assertEqual(
            rebate.bank_message, log.line_ids.filtered("move_line_id")[1].message
        )
        self.assertEqual(
            titles.mapped("boleto_status"),
            ["registered", "registered", "protested", "written_off"],
        )
        # the slip of the title whose due date moved is due on the new date
        self.assertEqual(self.title_1.boleto_due_date, date(2025, 8, 1))
        self.assertNotEqual(self.title_1.boleto_barcode, barcode)
        self.assertEqual(self.title_1.boleto_amount, 1234.56)
        self.assertEqual(
            self.title_1.boleto_barcode,
            self.title_1._telecobranca_compute_boleto(
                self.bb_account,
                self.title_1.boleto_sequence_number,
                D("1234.56"),
                due_date=date(2025, 8, 1),
            ).barcode,
        )
        self.assertIn(
            "The bank rejected the instruction Rebate",
            self.invoice_2.message_ids[0].body,
        )
        # a protested title's protest may be cancelled
        cancel = self.instruct(third, "cancel_protest")
        self.assertEqual(cancel.state, "queued")

    def test_return_of_cnab400_itau_instructions(self):
        """Itaú CNAB 400: the occurrence code in 109-110 (18 sustar o
        protesto, 02 baixa), and the write-off of a protested boleto."""
        itau = self.env["res.partner.bank"].create(
            {
                "acc_number": "03511-0",
                "partner_id": self.company.partner_id.id,
                "boleto_enabled": True,
                "boleto_bank_code": "341",
                "boleto_agency": "0730",
                "boleto_account": "03511",
                "boleto_account_digit": "0",
                "boleto_wallet": "109",
                "boleto_integration": "cnab",
                "boleto_cnab_layout": "400",
                "boleto_journal_id": self.bank_journal.id,
            }
        )
        self.company.telecobranca_boleto_bank_account_id = itau
        titles = self.title_1 | self.title_2
        self.register(titles, itau)
        titles[1].with_context(telecobranca_flow=FLOW).write(
            {"boleto_status": "protested"}
        )
        self.instruct(self.title_1, "writeoff")
        self.instruct(self.title_2, "cancel_protest")
        wizard = Form(self.env["telecobranca.cnab.export"]).save()
        self.assertEqual(wizard.bank_account_id, itau)
        wizard.action_export()
        lines = self.lines(wizard.remittance_id)
        details = [line for line in lines if line[0] == "1"]
        self.assertEqual([at(line, 109, 110) for line in details], ["02", "18"])
        self.assertEqual(
            [at(line, 63, 70) for line in details],
            [t.boleto_sequence_number.zfill(8) for t in titles],
        )
        self.assertEqual(len(lines), 4)  # header, two details, trailer

    def test_refusals_change_nothing(self):
        self.register(self.title_1)
        count = self.Instruction.search_count([])
        Instruction = self.Instruction
        cases = [
            (self.title_2, "writeoff", {}, "no boleto registered at the bank"),
            (
                self.title_1,
                "due_date",
                {"new_due_date": date(2025, 6, 15)},
                "must be today or later",
            ),
            (
                self.title_1,
                "rebate",
                {"rebate_amount": 1234.56},
                "less than its open amount",
            ),
            (self.title_1, "rebate", {"rebate_amount": 0.0}, "more than zero"),
            (self.title_1, "protest", {"protest_days": 0}, "1 to 99"),
            (self.title_1, "cancel_protest", {}, "is not protested"),
            (self.title_1, "renegotiate", {}, "Unknown instruction"),
        ]
        for title, kind, options, message in cases:
            with (
                self.subTest(kind=kind, message=message),
                self.assertRaisesRegex(UserError, message),
            ):
                Instruction.action_queue(title, kind, **options)
        self.assertEqual(self.Instruction.search_count([]), count)
        # a duplicate of a waiting instruction
        Instruction.action_queue(self.title_1, "writeoff")
        with self.assertRaisesRegex(UserError, "already waiting for the bank"):
            Instruction.action_queue(self.title_1, "writeoff")
        # a title in dispute is never protested
        self.env["telecobranca.dispute"].action_open_disputes(
            self.title_1, "Goods returned"
        )
        with self.assertRaisesRegex(UserError, "in dispute"):
            Instruction.action_queue(self.title_1, "protest", protest_days=5)
        self.assertEqual(self.Instruction.search_count([]), count + 1)

    def test_written_only_by_its_flows(self):
        self.register(self.title_1)
        instruction = self.instruct(self.title_1, "writeoff")
        collector = self.setup_tour_collector("instruction_collector")
        with self.assertRaisesRegex(UserError, "created only by Send Instruction"):
            self.Instruction.with_user(collector).create(
                {
                    "title_id": self.title_2.id,
                    "company_id": self.company.id,
                    "bank_account_id": self.bb_account.id,
                    "kind": "writeoff",
                }
            )
        for user in (self.env.user, collector):
            with (
                self.subTest(user=user.login),
                self.assertRaisesRegex(UserError, "changes only when it is sent"),
            ):
                instruction.with_user(user).write({"state": "confirmed"})
            with self.assertRaises(AccessError):
                instruction.with_user(user).with_context(
                    telecobranca_flow=True
                ).unlink()
        self.assertEqual(instruction.state, "queued")
        # the collector reads it and sends instructions of his company
        self.assertEqual(instruction.with_user(collector).kind, "writeoff")
        self.title_2.with_context(telecobranca_flow=FLOW).write(
            {"boleto_status": "registered", "boleto_account_id": self.bb_account.id}
        )
        done = self.Instruction.with_user(collector).action_queue(
            self.title_2.with_user(collector), "due_date", new_due_date="2025-07-30"
        )
        self.assertEqual(done.sudo().user_id, collector)

    def test_collector_of_another_company_is_refused(self):
        self.register(self.title_1)
        other = self.setup_other_company(name="Empresa B")["company"]
        stranger = self.env["res.users"].create(
            {
                "name": "Cobrador B",
                "login": "instruction_stranger",
                "company_id": other.id,
                "company_ids": [Command.set(other.ids)],
                "groups_id": [
                    Command.set(
                        [
                            self.env.ref("base.group_user").id,
                            self.env.ref("telecobranca.group_telecobranca_user").id,
                        ]
                    )
                ],
            }
        )
        with self.assertRaises(AccessError):
            self.Instruction.with_user(stranger).action_queue(
                self.title_1.with_user(stranger), "writeoff"
            )
        self.assertFalse(self.Instruction.search([]))
        instruction = self.instruct(self.title_1, "writeoff")
        self.assertFalse(
            self.Instruction.with_user(stranger).search([("id", "=", instruction.id)])
        )


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestBankInstructionSettlement(InstructionCommon):
    """Settled in Odoo, a registered boleto is written off at the bank: one
    write-off instruction, none for a boleto the bank does not hold, none
    when the bank's own return paid it."""

    def writeoffs(self, titles=None):
        domain = [("kind", "=", "writeoff")]
        if titles is not None:
            domain.append(("title_id", "in", titles.ids))
        return self.Instruction.search(domain)

    def test_payment_queues_one_writeoff(self):
        self.register(self.title_1)
        due = self.instruct(self.title_1, "due_date", new_due_date=date(2025, 8, 1))
        self.pay(self.invoice_1)
        self.assertTrue(self.title_1.reconciled)
        writeoff = self.writeoffs(self.title_1)
        self.assertRecordValues(writeoff, [{"state": "queued", "origin": "settlement"}])
        # the due date change queued before is pointless now
        self.assertEqual(due.state, "cancelled")
        # the title's boleto was never sent: nothing for it
        self.pay(self.invoice_2)
        self.assertTrue(self.title_2.reconciled)
        self.assertFalse(self.writeoffs(self.title_2))
        # the next remittance carries the write-off (code 02)
        remittance = self.export()
        self.assertEqual(
            [at(p, 16, 17) for p in self.segments_p(self.lines(remittance))], ["02"]
        )

    def test_writeoff_without_cash_queues_one_writeoff(self):
        self.register(self.title_1)
        wtype = self.env["telecobranca.writeoff.type"].create(
            {
                "name": "Incobrável",
                "account_id": self.company_data["default_account_expense"].id,
                "company_id": self.company.id,
            }
        )
        self.env["telecobranca.settlement"]._writeoff(
            self.title_1, wtype, date(2025, 6, 16), "Cliente faliu"
        )
        self.assertEqual(len(self.writeoffs(self.title_1)), 1)

    def test_renegotiation_queues_one_writeoff_per_registered_title(self):
        self.register(self.title_1)
        result = self.env["telecobranca.api"].renegotiate(
            (self.title_1 | self.title_2).ids, {"installment_count": 2}
        )
        self.assertTrue(self.title_1.reconciled and self.title_2.reconciled)
        self.assertEqual(len(self.writeoffs(self.title_1)), 1)
        self.assertFalse(self.writeoffs(self.title_2))
        self.assertFalse(
            self.writeoffs(
                self.env["account.move.line"].browse(result["new_title_ids"])
            )
        )

    def test_queries_do_not_grow_with_the_titles(self):
        """The write-offs of a settlement are queued set-based: six titles
        cost the queries two cost."""
        titles = self.env["account.move.line"].union(
            *(self.titles(self.boleto_invoice(100.0 + n)) for n in range(9))
        )
        self.register(titles)

        def queries(batch):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            queued = self.Instruction._queue_writeoffs(batch)
            self.assertEqual(len(queued), len(batch))
            return self.env.cr.sql_log_count - before

        queries(titles[:1])  # warm-up
        two = queries(titles[1:3])
        six = queries(titles[3:9])
        self.assertEqual(six, two)

    def test_bank_return_payment_queues_nothing(self):
        self.register(self.title_1)
        self.import_file(
            return_file(
                [
                    {
                        "code": "06",
                        "nosso_numero": self.nn(self.title_1),
                        "amount": D("1234.56"),
                        "paid": D("1234.56"),
                    }
                ]
            )
        )
        self.assertTrue(self.title_1.reconciled)
        self.assertEqual(self.title_1.boleto_status, "paid")
        self.assertFalse(self.writeoffs())


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestBankInstructionConnector(InstructionCommon):
    """An account with a bank API connector: instructions leave at once and
    the bank's answer moves the title's bank status."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bb_account.write({"boleto_integration": "api", "boleto_connector": "fake"})

    def test_connector_sends_and_answers(self):
        titles = self.title_1 | self.title_2
        titles._telecobranca_register_at_bank(self.bb_account)
        self.assertEqual(titles.mapped("boleto_status"), ["registered"] * 2)
        protest = self.instruct(self.title_1, "protest", protest_days=3)
        self.assertRecordValues(
            protest, [{"state": "confirmed", "connector": "fake", "code": False}]
        )
        self.assertEqual(self.title_1.boleto_status, "protested")
        cancel = self.instruct(self.title_1, "cancel_protest")
        self.assertEqual(cancel.state, "confirmed")
        self.assertEqual(self.title_1.boleto_status, "registered")
        # settled in Odoo: the write-off is queued, the scheduled action sends it
        self.pay(self.invoice_2)
        writeoff = self.Instruction.search(
            [("title_id", "=", self.title_2.id), ("kind", "=", "writeoff")]
        )
        self.assertEqual(writeoff.state, "queued")
        self.Instruction._cron_send_instructions()
        self.assertEqual(writeoff.state, "confirmed")
        self.assertEqual(self.title_2.boleto_status, "written_off")
        self.assertIn(
            "The bank confirmed the instruction Write-off",
            self.invoice_2.message_ids[0].body,
        )

    def test_connector_rejection(self):
        self.title_1._telecobranca_register_at_bank(self.bb_account)
        instruction = self.Instruction._do_queue(
            self.title_1, "rebate", rebate_amount=5000.0
        )
        self.assertEqual(instruction.state, "rejected")
        self.assertEqual(
            instruction.bank_message, "The rebate is not less than the amount."
        )
        self.assertEqual(self.title_1.boleto_status, "registered")


@tagged("post_install", "-at_install")
@freeze_time("2025-07-12 15:00:00")
class TestCadenceProtest(InstructionCommon):
    """The cadence's protest step: a protest instruction for the step's
    titles, only when the company allows it, never for a disputed title."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.telecobranca_cadence_weekly_limit = 0
        cls.company.partner_id.tz = "America/Sao_Paulo"
        cls.cadence = cls.env["telecobranca.cadence"].create(
            {
                "name": "Protesto",
                "company_id": cls.company.id,
                "is_default": True,
                "day_count": "calendar",
                "step_ids": [
                    Command.create(
                        {"name": "Protest", "offset_days": 10, "channel": "protest"}
                    )
                ],
            }
        )
        # a second customer whose title is in dispute
        cls.customer_2 = cls.customer.copy({"name": "Cliente em disputa"})
        cls.invoice_3 = cls.boleto_invoice(400.0, partner=cls.customer_2)
        cls.title_3 = cls.titles(cls.invoice_3)

    def protests(self):
        return self.Instruction.search([("kind", "=", "protest")])

    def run_cadence(self):
        return self.env["telecobranca.cadence"]._run(date=date(2025, 7, 12))

    def test_not_allowed_by_the_company(self):
        with freeze_time("2025-06-16"):
            self.register(self.title_1 | self.title_3)
        self.company.telecobranca_cadence_protest = False
        self.run_cadence()
        self.assertFalse(self.protests())

    def test_protest_step_queues_protests_but_for_disputes(self):
        with freeze_time("2025-06-16"):
            self.register(self.title_1 | self.title_3)
        self.company.write(
            {"telecobranca_cadence_protest": True, "telecobranca_protest_days": 4}
        )
        self.env["telecobranca.dispute"].action_open_disputes(
            self.title_3, "Mercadoria devolvida"
        )
        self.run_cadence()
        protest = self.protests()
        self.assertRecordValues(
            protest,
            [
                {
                    "title_id": self.title_1.id,
                    "origin": "cadence",
                    "protest_days": 4,
                    "state": "queued",
                }
            ],
        )
        # the title not registered at the bank (title_2) got nothing either
        self.assertFalse(self.protests().filtered(lambda i: i.title_id == self.title_2))


@tagged("post_install", "-at_install")
class TestBankInstructionTour(InstructionCommon, HttpCase):
    """A pt_BR collector sends a due date change from the title's form."""

    def test_due_date_change_from_the_title(self):
        self.env["res.lang"]._activate_lang("pt_BR")
        collector = self.setup_tour_collector("tour_instruction")
        self.env["telecobranca.case"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company.id,
                "user_id": collector.id,
                "line_ids": [Command.create({"move_line_id": self.title_1.id})],
            }
        )
        self.register(self.title_1)
        action = self.env.ref("telecobranca.account_move_line_title_action")
        self.start_tour(
            f"/odoo/action-{action.id}/{self.title_1.id}",
            "telecobranca_bank_instruction",
            login="tour_instruction",
            timeout=300,
        )
        self.assertRecordValues(
            self.title_1.boleto_instruction_ids,
            [
                {
                    "kind": "due_date",
                    "new_due_date": date(2030, 12, 31),
                    "state": "queued",
                    "user_id": collector.id,
                }
            ],
        )
