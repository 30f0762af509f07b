# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The money of a renegotiation: per debtor, credit letters, keys (issue 11).

Every amount is checked to the cent, per debtor: a renegotiation of several
customers never moves one customer's debt to another unless a single payer
is chosen explicitly.
"""

from decimal import Decimal
from unittest.mock import patch
from urllib.parse import unquote

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from ..models.telecobranca_renegotiation import TelecobrancaRenegotiation
from .test_renegotiation import RenegotiationCommon


def cents(value):
    return Decimal(repr(value)).quantize(Decimal("0.01"))


class RenegotiationMoneyCommon(RenegotiationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        partner_vals = {"is_company": True, "country_id": cls.env.ref("base.br").id}
        cls.customer_b = cls.env["res.partner"].create(
            {"name": "Mercearia Boa Vista Ltda", **partner_vals}
        )
        cls.customer_c = cls.env["res.partner"].create(
            {"name": "Armazém Central Ltda", **partner_vals}
        )
        cls.receivable = cls.company_data["default_account_receivable"]
        cls.payable = cls.company_data["default_account_payable"]

    def receivable_balance(self, partner):
        lines = self.env["account.move.line"].search(
            [
                ("partner_id", "=", partner.id),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
            ]
        )
        return sum(cents(b) for b in lines.mapped("balance"))

    def debtor_titles(self, reneg, debtor):
        return reneg.installment_ids.filtered(
            lambda inst: inst.debtor_id == debtor
        ).move_line_id

    def assert_debtor_invariant(self, reneg, debtor, credit=0.0):
        """F5.10 for one debtor: their new titles = their open amounts +
        fines + interest + their share of surcharge - discount - credits."""
        lines = reneg.line_ids.filtered(
            lambda line: line.move_line_id.partner_id.commercial_partner_id == debtor
        )
        amounts = reneg._get_debtor_amounts()[debtor]
        expected = (
            sum(cents(v) for v in lines.mapped("open_amount"))
            + sum(cents(v) for v in lines.mapped("fine_amount"))
            + sum(cents(v) for v in lines.mapped("interest_amount"))
            + cents(amounts["surcharge"])
            - cents(amounts["discount"])
            - cents(credit)
        )
        titles = self.debtor_titles(reneg, debtor)
        self.assertEqual(sum(cents(b) for b in titles.mapped("balance")), expected)
        for title in titles:
            self.assertTrue(title.is_title)
            self.assertEqual(title.renegotiation_origin_ids, lines.move_line_id)
        return titles

    def assert_balanced(self, move):
        self.assertEqual(
            sum(cents(d) for d in move.line_ids.mapped("debit")),
            sum(cents(c) for c in move.line_ids.mapped("credit")),
        )

    def refund_line(self, amount, partner=None):
        refund = self.create_invoice(
            amount, "2025-05-10", partner=partner, move_type="out_refund"
        )
        return refund.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )

    def payable_line(self, amount, partner=None):
        """A payable entry of ``partner``: what the company owes them."""
        entry = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": self.company_data["default_journal_misc"].id,
                "date": "2025-05-10",
                "line_ids": [
                    Command.create(
                        {
                            "name": "Bonificação",
                            "account_id": self.expense.id,
                            "debit": amount,
                        }
                    ),
                    Command.create(
                        {
                            "name": "Bonificação a pagar",
                            "account_id": self.payable.id,
                            "partner_id": (partner or self.customer).id,
                            "credit": amount,
                        }
                    ),
                ],
            }
        )
        entry.action_post()
        return entry.line_ids.filtered(lambda line: line.account_id == self.payable)

    def open_case(self, partner, titles):
        return self.env["telecobranca.case"].create(
            {
                "partner_id": partner.id,
                "company_id": self.company.id,
                "line_ids": [Command.create({"move_line_id": t.id}) for t in titles],
            }
        )


@tagged("post_install", "-at_install")
class TestRenegotiationSeveralCustomers(RenegotiationMoneyCommon):
    """F5.2: each debtor gets their own titles for their own debt."""

    @freeze_time("2025-06-16")
    def test_each_debtor_gets_their_own_titles(self):
        # A: 1000.00 due 01/05 (holiday), 46 days: fine 20.00, interest 15.33
        # B: 500.00 due 01/05, 46 days: fine 10.00, interest 7.67
        title_a = self.titles(self.create_invoice(1000.0, "2025-04-01"))
        title_b = self.titles(
            self.create_invoice(500.0, "2025-04-01", partner=self.customer_b)
        )
        before_a = self.receivable_balance(self.customer)
        before_b = self.receivable_balance(self.customer_b)
        reneg = self.renegotiate(title_a | title_b, surcharge=30.0, discount=15.0)
        self.assertEqual(reneg.amount_total, 1568.0)
        reneg.action_compute_installments()
        # surcharge and discount shared by open amounts plus charges
        amounts = reneg._get_debtor_amounts()
        self.assertEqual(
            {
                d: (v["surcharge"], v["discount"], v["total"])
                for d, v in amounts.items()
            },
            {
                self.customer: (20.0, 10.0, 1045.33),
                self.customer_b: (10.0, 5.0, 522.67),
            },
        )
        self.assertEqual(
            reneg.installment_ids.mapped("debtor_id"), self.customer | self.customer_b
        )
        reneg.action_confirm()
        move = reneg.move_id
        self.assert_balanced(move)
        self.assertTrue(title_a.reconciled and title_b.reconciled)
        new_a = self.assert_debtor_invariant(reneg, self.customer)
        new_b = self.assert_debtor_invariant(reneg, self.customer_b)
        self.assertEqual(len(new_a), 3)
        self.assertEqual(len(new_b), 3)
        self.assertEqual(new_a.partner_id, self.customer)
        self.assertEqual(new_b.partner_id, self.customer_b)
        self.assertEqual(sum(cents(b) for b in new_a.mapped("balance")), cents(1045.33))
        self.assertEqual(sum(cents(b) for b in new_b.mapped("balance")), cents(522.67))
        # each debtor's receivable changes by their own charges only
        self.assertEqual(
            self.receivable_balance(self.customer) - before_a, cents(45.33)
        )  # 20.00 + 15.33 + 20.00 - 10.00
        self.assertEqual(
            self.receivable_balance(self.customer_b) - before_b, cents(22.67)
        )  # 10.00 + 7.67 + 10.00 - 5.00
        # one balanced group of lines per debtor, charges on the debtor
        for partner in (self.customer, self.customer_b):
            group = move.line_ids.filtered(lambda line, p=partner: line.partner_id == p)
            self.assertEqual(sum(cents(b) for b in group.mapped("balance")), 0)
        self.assertRecordValues(
            move.line_ids.filtered(lambda line: line.name.endswith("Fines")).sorted(
                "credit"
            ),
            [
                {"partner_id": self.customer_b.id, "credit": 10.0},
                {"partner_id": self.customer.id, "credit": 20.0},
            ],
        )

    @freeze_time("2025-06-16")
    def test_installment_of_another_debtor_refused(self):
        title_a = self.titles(self.create_invoice(1000.0, "2025-04-01"))
        title_b = self.titles(
            self.create_invoice(500.0, "2025-04-01", partner=self.customer_b)
        )
        reneg = self.renegotiate(title_a | title_b)
        reneg.action_compute_installments()
        # moving one of B's installments to A keeps the total, not the debts
        reneg.installment_ids.filtered(lambda inst: inst.debtor_id == self.customer_b)[
            :1
        ].debtor_id = self.customer
        with self.assertRaisesRegex(UserError, "installments of .* add up to"):
            reneg.action_confirm()
        self.assertEqual(reneg.state, "draft")
        self.assertFalse(title_a.reconciled or title_b.reconciled)

    @freeze_time("2025-06-16")
    def test_single_payer(self):
        title_a = self.titles(self.create_invoice(1000.0, "2025-04-01"))
        title_b = self.titles(
            self.create_invoice(500.0, "2025-04-01", partner=self.customer_b)
        )
        case_a = self.open_case(self.customer, title_a)
        case_b = self.open_case(self.customer_b, title_b)
        reneg = self.renegotiate(
            title_a | title_b,
            is_single_payer=True,
            payer_partner_id=self.customer_b.id,
        )
        reneg.action_compute_installments()
        self.assertEqual(reneg.installment_ids.debtor_id, self.customer_b)
        self.assertEqual(reneg.installment_ids.partner_id, self.customer_b)
        reneg.action_confirm()
        self.assert_balanced(reneg.move_id)
        new_titles = reneg.new_title_ids
        self.assertEqual(new_titles.partner_id, self.customer_b)
        self.assertEqual(
            sum(cents(b) for b in new_titles.mapped("balance")), cents(1553.0)
        )
        self.assertEqual(self.receivable_balance(self.customer), 0)
        self.assertEqual(self.receivable_balance(self.customer_b), cents(1553.0))
        for new in new_titles:
            self.assertEqual(new.renegotiation_origin_ids, title_a | title_b)
        charges = reneg.move_id.line_ids.filtered(
            lambda line: line.account_id == self.revenue
        )
        self.assertEqual(charges.partner_id, self.customer_b)
        # logged on every debtor's case
        for case in (case_a, case_b):
            notes = self.env["telecobranca.note"].search([("case_id", "=", case.id)])
            single = notes.filtered(lambda n: "single payer" in n.body)
            self.assertEqual(len(single), 1, case.partner_id.name)
            self.assertIn(self.customer_b.name, single.body)
            self.assertEqual(single.origin, "system")
        # and shown on the statement
        report = self.env.ref(
            "telecobranca.telecobranca_renegotiation_statement_report"
        ).with_context(force_report_rendering=True)
        html = report._render_qweb_html(report, reneg.ids)[0].decode()
        self.assertIn("Single payer:", html)
        self.assertIn(self.customer_b.name, html)

    @freeze_time("2025-06-16")
    def test_single_payer_must_be_a_customer(self):
        title_a = self.titles(self.create_invoice(1000.0, "2025-04-01"))
        with self.assertRaisesRegex(ValidationError, "not one of the customers"):
            self.renegotiate(
                title_a, is_single_payer=True, payer_partner_id=self.customer_c.id
            )
        reneg = self.renegotiate(title_a, is_single_payer=True)
        reneg.action_compute_installments()
        with self.assertRaisesRegex(UserError, "Choose the single payer"):
            reneg.action_confirm()

    @freeze_time("2025-06-16")
    def test_done_when_three_customers(self):
        """Issue 11's "done when": three customers, one with a credit letter,
        one with a card installment: the REN entry balances, each debtor's
        new titles equal their open amounts plus charges minus credits, all
        original titles are reconciled."""
        self.company.telecobranca_renegotiate_administrator = True
        letter = self.refund_line(200.0)  # A's credit letter
        title_a = self.titles(self.create_invoice(1000.0, "2025-04-01"))
        title_b = self.titles(
            self.create_invoice(500.0, "2025-04-01", partner=self.customer_b)
        )
        # C: due 19/06, not late: no charges
        title_c = self.titles(
            self.create_invoice(300.0, "2025-05-20", partner=self.customer_c)
        )
        originals = title_a | title_b | title_c
        before = {
            partner: self.receivable_balance(partner)
            for partner in (self.customer, self.customer_b, self.customer_c)
        }
        reneg = self.env["telecobranca.renegotiation"].create(
            {
                "partner_ids": [
                    Command.set((self.customer | self.customer_b | self.customer_c).ids)
                ],
                "date": "2025-06-16",
                "payment_term_id": self.term_30_60_90.id,
            }
        )
        reneg.action_load_titles()
        self.assertEqual(reneg.line_ids.move_line_id, originals)
        self.assertEqual(reneg.credit_line_ids.move_line_id, letter)
        reneg.line_ids.selected = True
        reneg.step = "titles"
        reneg.action_next_step()  # charges
        reneg.action_next_step()  # terms: installments computed
        self.assertEqual(reneg.amount_total, 1653.0)  # 1035.33+517.67+300-200
        # B pays by card: issued to the administrator (F5.9)
        b_installments = reneg.installment_ids.filtered(
            lambda inst: inst.debtor_id == self.customer_b
        )
        b_installments[0].payment_form_id = self.form_card
        self.assertEqual(b_installments[0].partner_id, self.admin_partner)
        self.assertEqual(b_installments[1:].partner_id, self.customer_b)
        reneg.action_confirm()
        move = reneg.move_id
        self.assert_balanced(move)
        for title in originals:
            self.assertTrue(title.reconciled, title.title_number)
        self.assertTrue(letter.reconciled)
        self.assertEqual(letter.amount_residual, 0.0)
        new_a = self.assert_debtor_invariant(reneg, self.customer, credit=200.0)
        new_b = self.assert_debtor_invariant(reneg, self.customer_b)
        new_c = self.assert_debtor_invariant(reneg, self.customer_c)
        self.assertEqual(sum(cents(b) for b in new_a.mapped("balance")), cents(835.33))
        self.assertEqual(sum(cents(b) for b in new_b.mapped("balance")), cents(517.67))
        self.assertEqual(sum(cents(b) for b in new_c.mapped("balance")), cents(300.0))
        self.assertEqual(new_a.partner_id, self.customer)
        self.assertEqual(new_c.partner_id, self.customer_c)
        self.assertEqual(new_b.partner_id, self.customer_b | self.admin_partner)
        # the only titles of the entry are the installments: 1/9 ... 9/9
        self.assertEqual(move.line_ids.filtered("is_title"), reneg.new_title_ids)
        self.assertEqual(
            sorted(t.title_number.rsplit("-", 1)[1] for t in reneg.new_title_ids),
            sorted(f"{n}/9" for n in range(1, 10)),
        )
        # receivables: A gains its charges and uses its letter, C unchanged
        self.assertEqual(
            self.receivable_balance(self.customer) - before[self.customer],
            cents(35.33),
        )
        self.assertEqual(
            self.receivable_balance(self.customer_c) - before[self.customer_c], 0
        )
        card_title = b_installments[0].move_line_id
        self.assertEqual(
            self.receivable_balance(self.customer_b) - before[self.customer_b],
            cents(17.67) - cents(card_title.balance),
        )
        self.assertEqual(
            self.receivable_balance(self.admin_partner), cents(card_title.balance)
        )


@tagged("post_install", "-at_install")
class TestRenegotiationCreditLetters(RenegotiationMoneyCommon):
    """F5.4, F5.10: credit letters consumed by reconciliation, never titles."""

    @freeze_time("2025-06-16")
    def test_refund_letter_is_no_title(self):
        letter = self.refund_line(200.0)
        title = self.titles(self.create_invoice(1000.0, "2025-04-01"))
        reneg = self.renegotiate(title)
        reneg._load_credit_letters()
        self.assertEqual(reneg.credit_line_ids.move_line_id, letter)
        reneg.action_compute_installments()
        reneg.action_confirm()
        move = reneg.move_id
        self.assert_balanced(move)
        new_titles = self.assert_debtor_invariant(reneg, self.customer, credit=200.0)
        self.assertEqual(
            sum(cents(b) for b in new_titles.mapped("balance")), cents(835.33)
        )
        self.assertEqual(move.line_ids.filtered("is_title"), new_titles)
        self.assertEqual(
            [t.title_number.rsplit("-", 1)[1] for t in new_titles],
            ["1/3", "2/3", "3/3"],
        )
        consuming = letter.matched_debit_ids.debit_move_id
        self.assertEqual(consuming.move_id, move)
        self.assertFalse(consuming.is_title)
        self.assertTrue(letter.reconciled)
        # the customer's titles are the new ones only, nothing settled extra
        titles = self.env["account.move.line"].search(
            [("partner_id", "=", self.customer.id), ("is_title", "=", True)]
        )
        self.assertEqual(titles, title | new_titles)

    @freeze_time("2025-06-16")
    def test_payable_credit_letter(self):
        bill_line = self.payable_line(150.0)
        title = self.titles(self.create_invoice(1000.0, "2025-04-01"))
        reneg = self.renegotiate(title)
        reneg._load_credit_letters()
        self.assertFalse(reneg.credit_line_ids)  # not flagged yet
        bill_line.is_credit_letter = True
        reneg._load_credit_letters()
        self.assertRecordValues(
            reneg.credit_line_ids,
            [{"move_line_id": bill_line.id, "selected": True, "amount_used": 150.0}],
        )
        self.assertEqual(reneg.amount_total, 885.33)
        reneg.action_compute_installments()
        reneg.action_confirm()
        move = reneg.move_id
        self.assert_balanced(move)
        new_titles = self.assert_debtor_invariant(reneg, self.customer, credit=150.0)
        self.assertEqual(
            sum(cents(b) for b in new_titles.mapped("balance")), cents(885.33)
        )
        self.assertTrue(bill_line.reconciled)
        payable_debit = move.line_ids.filtered(
            lambda line: line.account_id == bill_line.account_id
        )
        self.assertRecordValues(
            payable_debit,
            [
                {
                    "debit": 150.0,
                    "partner_id": self.customer.id,
                    "reconciled": True,
                    "is_title": False,
                }
            ],
        )
        self.assertEqual(move.line_ids.filtered("is_title"), new_titles)
        self.assertEqual(self.receivable_balance(self.customer), cents(885.33))

    @freeze_time("2025-06-16")
    def test_letter_of_another_customer_not_used(self):
        letter_b = self.refund_line(100.0, partner=self.customer_b)
        title_a = self.titles(self.create_invoice(1000.0, "2025-04-01"))
        self.titles(self.create_invoice(500.0, "2025-04-01", partner=self.customer_b))
        reneg = self.env["telecobranca.renegotiation"].create(
            {
                "partner_ids": [Command.set((self.customer | self.customer_b).ids)],
                "date": "2025-06-16",
            }
        )
        reneg.action_load_titles()
        self.assertTrue(reneg.credit_line_ids.filtered("selected"))
        reneg.line_ids.filtered(
            lambda line: line.move_line_id == title_a
        ).selected = True
        reneg.action_next_step()
        self.assertEqual(reneg.credit_line_ids.move_line_id, letter_b)
        self.assertFalse(reneg.credit_line_ids.selected)
        self.assertEqual(reneg.amount_total, 1035.33)
        # selected anyway: refused, B owes nothing here
        reneg.credit_line_ids.selected = True
        reneg.action_compute_installments()
        with self.assertRaisesRegex(UserError, "credit letters of .* exceed"):
            reneg.action_confirm()

    def test_only_credits_can_be_letters(self):
        invoice = self.create_invoice(100.0, "2025-05-20")
        with self.assertRaisesRegex(ValidationError, "Only a credit"):
            self.titles(invoice).is_credit_letter = True

    def test_flag_shown_to_managers_only(self):
        Line = self.env["account.move.line"]
        for view_type in ("list", "form"):
            arch = Line.get_views([(False, view_type)])["views"][view_type]["arch"]
            self.assertIn('name="is_credit_letter"', arch)
        collector = self.env["res.users"].create(
            {
                "name": "Collector",
                "login": "collector_credit_letter",
                "company_id": self.company.id,
                "company_ids": [Command.set(self.company.ids)],
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
        Line = Line.with_user(collector)
        for view_type in ("list", "form"):
            arch = Line.get_views([(False, view_type)])["views"][view_type]["arch"]
            self.assertNotIn('name="is_credit_letter"', arch)


@tagged("post_install", "-at_install")
class TestRenegotiationConfirmation(RenegotiationMoneyCommon):
    """Title notes, explicit line keys, the statement offered after Confirm."""

    @freeze_time("2025-06-16")
    def test_title_note_kept_and_printed(self):
        title = self.titles(self.create_invoice(1000.0, "2025-04-01"))
        reneg = self.renegotiate(title)
        reneg.line_ids.note = "Cliente prometeu pagar na sexta"
        reneg.action_compute_installments()
        reneg.action_confirm()
        self.assertEqual(
            title.telecobranca_title_note, "Cliente prometeu pagar na sexta"
        )
        report = self.env.ref(
            "telecobranca.telecobranca_renegotiation_statement_report"
        ).with_context(force_report_rendering=True)
        html = report._render_qweb_html(report, reneg.ids)[0].decode()
        self.assertIn("Cliente prometeu pagar na sexta", html)
        # a later renegotiation of the title starts from its note
        other = self.titles(self.create_invoice(50.0, "2025-05-20"))
        other.telecobranca_title_note = "Boleto extraviado"
        self.assertEqual(self.renegotiate(other).line_ids.note, "Boleto extraviado")

    @freeze_time("2025-06-16")
    def test_lines_mapped_by_key_not_position(self):
        letter = self.refund_line(100.0)
        titles = self.titles(self.create_invoice(900.0, "2025-04-01")) | self.titles(
            self.create_invoice(300.0, "2025-04-01", partner=self.customer_b)
        )
        reneg = self.renegotiate(titles)
        reneg._load_credit_letters()
        reneg.action_compute_installments()
        reneg.installment_ids[0].amount -= 1.0
        reneg.installment_ids[1].amount += 1.0
        original = TelecobrancaRenegotiation._prepare_move_vals

        def reversed_lines(self, line_vals=None):
            vals = original(self, line_vals)
            vals["line_ids"] = vals["line_ids"][::-1]
            return vals

        with patch.object(
            TelecobrancaRenegotiation, "_prepare_move_vals", reversed_lines
        ):
            reneg.action_confirm()
        for inst in reneg.installment_ids:
            title = inst.move_line_id
            self.assertEqual(
                title.telecobranca_renegotiation_key, f"installment:{inst.id}"
            )
            self.assertEqual(title.debit, inst.amount)
            self.assertEqual(title.date_maturity, inst.date_maturity)
            self.assertEqual(title.partner_id, inst.partner_id)
        self.assertTrue(all(titles.mapped("reconciled")))
        self.assertTrue(letter.reconciled)
        self.assert_debtor_invariant(reneg, self.customer, credit=100.0)
        self.assert_debtor_invariant(reneg, self.customer_b)

    @freeze_time("2025-06-16")
    def test_line_without_key_refused(self):
        title = self.titles(self.create_invoice(1000.0, "2025-04-01"))
        reneg = self.renegotiate(title)
        reneg.action_compute_installments()
        original = TelecobrancaRenegotiation._prepare_move_vals

        def keyless(self, line_vals=None):
            vals = original(self, line_vals)
            vals["line_ids"][-1][2].pop("telecobranca_renegotiation_key")
            return vals

        with (
            patch.object(TelecobrancaRenegotiation, "_prepare_move_vals", keyless),
            self.assertRaisesRegex(UserError, "renegotiation key"),
        ):
            reneg.action_confirm()
        self.assertEqual(reneg.state, "draft")
        self.assertFalse(title.reconciled)

    @freeze_time("2025-06-16")
    def test_confirm_offers_the_statement(self):
        title = self.titles(self.create_invoice(1000.0, "2025-04-01"))
        reneg = self.renegotiate(title)
        reneg.action_compute_installments()
        action = reneg.action_confirm()
        self.assertEqual(reneg.state, "done")
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(
            action["report_name"], "telecobranca.report_renegotiation_statement"
        )
        self.assertEqual(action["context"]["active_ids"], reneg.ids)


@tagged("post_install", "-at_install")
class TestRenegotiationProposalExpiry(RenegotiationMoneyCommon):
    """F6.2: an expired simulation never goes out with stale amounts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.mobile = "(11) 98765-4321"

    @freeze_time("2025-06-16")
    def test_expired_proposal_recalculated_before_sending(self):
        self.company.telecobranca_proposal_validity_days = 5
        title = self.titles(self.create_invoice(1000.0, "2025-04-01"))
        with freeze_time("2025-06-01"):
            # 31 days late on 01/06: fine 20.00, interest 10.33
            reneg = self.renegotiate(title, date="2025-06-01")
            reneg.action_compute_installments()
            wizard = self.env["telecobranca.renegotiation.proposal.wizard"].create(
                {"renegotiation_id": reneg.id}
            )
        self.assertEqual(reneg.amount_total, 1030.33)
        # the sender pushes "Valid until" beyond today: still recalculated
        wizard.valid_until = "2025-06-30"
        action = wizard.action_send_whatsapp()
        # 10 days beyond the validity (06/06 to 16/06): 1000 * 1% * 10 / 30
        self.assertEqual(reneg.line_ids.interest_amount, 13.66)
        self.assertEqual(str(reneg.date), "2025-06-16")
        self.assertEqual(reneg.amount_total, 1033.66)
        self.assertEqual(
            sum(cents(a) for a in reneg.installment_ids.mapped("amount")),
            cents(1033.66),
        )
        self.assertEqual(str(reneg.proposal_valid_until), "2025-06-30")
        # the text is in the customer's language (English here)
        self.assertIn("R$\xa01,033.66", unquote(action["url"]))
        report = self.env.ref(
            "telecobranca.telecobranca_renegotiation_proposal_report"
        ).with_context(force_report_rendering=True)
        html = report._render_qweb_html(report, reneg.ids)[0].decode()
        self.assertIn("1,033.66", html)
        self.assertIn("mil e trinta e três reais e sessenta e seis centavos", html)
        self.assertIn("30/06/2025", html)

    @freeze_time("2025-06-16")
    def test_send_wizard_opens_recalculated(self):
        self.company.telecobranca_proposal_validity_days = 5
        title = self.titles(self.create_invoice(1000.0, "2025-04-01"))
        with freeze_time("2025-06-01"):
            reneg = self.renegotiate(title, date="2025-06-01")
            reneg.action_compute_installments()
        action = reneg.action_send_proposal()
        self.assertEqual(reneg.amount_total, 1033.66)
        wizard = (
            self.env[action["res_model"]].with_context(**action["context"]).create({})
        )
        self.assertEqual(str(wizard.valid_until), "2025-06-21")
        # a stale "Valid until" before the simulation date is refused
        wizard.valid_until = "2025-06-06"
        with self.assertRaisesRegex(ValidationError, "before its simulation date"):
            wizard.action_send_whatsapp()


@tagged("post_install", "-at_install")
class TestBadDebtWriteoffType(RenegotiationMoneyCommon):
    """A default write-off type for bad debt, on its own account setting."""

    def test_bad_debt_type_shipped(self):
        company = self.setup_other_company(name="Empresa Perdas")["company"]
        ref = self.env["account.chart.template"].with_company(company).ref
        account = ref("account_template_30101070125")
        self.assertEqual(company.telecobranca_bad_debt_account_id, account)
        bad_debt = company.telecobranca_bad_debt_writeoff_type_id
        self.assertRecordValues(
            bad_debt,
            [
                {
                    "name": "Bad debt loss",
                    "account_id": account.id,
                    "is_final_no_cash": True,
                    "company_id": company.id,
                }
            ],
        )
        self.assertNotEqual(bad_debt, company.telecobranca_writeoff_type_id)
        self.assertEqual(
            company.telecobranca_writeoff_type_id.account_id,
            company.telecobranca_discount_account_id,
        )
        # set up again: nothing duplicated nor overwritten
        company._telecobranca_setup_settlement()
        self.assertEqual(company.telecobranca_bad_debt_writeoff_type_id, bad_debt)
        self.assertEqual(
            self.env["telecobranca.writeoff.type"].search_count(
                [("company_id", "=", company.id), ("account_id", "=", account.id)]
            ),
            1,
        )

    @freeze_time("2025-06-16")
    def test_bad_debt_writeoff_books_on_its_account(self):
        bad_debt = self.company.telecobranca_bad_debt_writeoff_type_id
        self.assertTrue(bad_debt)
        title = self.titles(self.create_invoice(321.45, "2025-04-01"))
        move = self.env["telecobranca.settlement"]._writeoff(
            title, bad_debt, self.today, "Cliente falido"
        )
        self.assertTrue(title.reconciled)
        loss = move.line_ids.filtered(
            lambda line: (
                line.account_id == self.company.telecobranca_bad_debt_account_id
            )
        )
        self.assertEqual(loss.debit, 321.45)
