# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import random
from decimal import Decimal

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import TelecobrancaCommon


class RenegotiationCommon(TelecobrancaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.revenue = cls.company_data["default_account_revenue"]
        cls.expense = cls.company_data["default_account_expense"]
        cls.company.write(
            {
                "telecobranca_fine_percent": 2.0,
                "telecobranca_interest_percent": 1.0,
                "telecobranca_grace_days": 0,
                "telecobranca_fine_account_id": cls.revenue.id,
                "telecobranca_interest_account_id": cls.revenue.id,
                "telecobranca_discount_account_id": cls.expense.id,
            }
        )
        cls.admin_partner = cls.env["res.partner"].create(
            {"name": "Cielo Administradora", "is_company": True}
        )
        cls.form_card = cls.env["telecobranca.payment.form"].create(
            {
                "name": "Cartão Crédito",
                "kind": "card",
                "administrator_partner_id": cls.admin_partner.id,
            }
        )

    def renegotiate(self, titles, date="2025-06-16", term=None, **vals):
        """Create a renegotiation like an XML-RPC client would."""
        return self.env["telecobranca.renegotiation"].create(
            {
                "partner_ids": [
                    Command.set(titles.partner_id.commercial_partner_id.ids)
                ],
                "line_ids": [
                    Command.create({"move_line_id": title.id}) for title in titles
                ],
                "payment_term_id": (term or self.term_30_60_90).id,
                "date": date,
                **vals,
            }
        )

    def assert_invariant(self, reneg, titles):
        """The REN entry settles the originals and the new titles add up."""
        move = reneg.move_id
        self.assertEqual(move.state, "posted")
        self.assertTrue(move.name.startswith("REN"), move.name)
        self.assertEqual(move.journal_id.code, "REN")
        debit = sum(move.line_ids.mapped("debit"))
        credit = sum(move.line_ids.mapped("credit"))
        self.assertAlmostEqual(debit, credit, places=2)
        for title in titles:
            self.assertTrue(title.reconciled, title.title_number)
        new_titles = reneg.installment_ids.move_line_id
        self.assertEqual(len(new_titles), len(reneg.installment_ids))
        cents = Decimal("0.01")

        def dec(value):
            return Decimal(repr(value)).quantize(cents)

        expected = (
            sum(dec(v) for v in reneg.line_ids.mapped("open_amount"))
            + sum(dec(v) for v in reneg.line_ids.mapped("fine_amount"))
            + sum(dec(v) for v in reneg.line_ids.mapped("interest_amount"))
            + dec(reneg.surcharge)
            - dec(reneg.discount)
            - sum(dec(v) for v in reneg.credit_line_ids.mapped("amount_used"))
        )
        self.assertEqual(sum(dec(b) for b in new_titles.mapped("balance")), expected)
        for new in new_titles:
            self.assertTrue(new.is_title)
            self.assertEqual(new.renegotiation_origin_ids, titles)
        return new_titles


@tagged("post_install", "-at_install")
class TestRenegotiation(RenegotiationCommon):
    """Renegotiation model, charges and confirmation (F5)."""

    @freeze_time("2025-06-16")
    def test_plain_create_and_confirm(self):
        # due 01/05/2025, a holiday: late from 02/05, 46 days on 16/06
        invoice = self.create_invoice(1000.0, "2025-04-01")
        title = self.titles(invoice)
        reneg = self.renegotiate(title)
        self.assertRecordValues(
            reneg.line_ids,
            [{"open_amount": 1000.0, "fine_amount": 20.0, "interest_amount": 15.33}],
        )
        self.assertEqual(reneg.amount_total, 1035.33)
        reneg.action_compute_installments()
        self.assertEqual(
            reneg.installment_ids.mapped("amount"), [345.08, 345.08, 345.17]
        )
        self.assertEqual(
            reneg.installment_ids.mapped("date_maturity"),
            [
                fields.Date.to_date(d)
                for d in ("2025-07-16", "2025-08-15", "2025-09-14")
            ],
        )
        reneg.action_confirm()
        self.assertEqual(reneg.state, "done")
        new_titles = self.assert_invariant(reneg, title)
        self.assertEqual(title.renegotiation_child_ids, new_titles)
        self.assertEqual(new_titles.partner_id, self.customer)
        self.assertTrue(new_titles[0].title_number.startswith("REN"))
        self.assertIn("Renegotiation confirmed", reneg.message_ids[0].body)
        fine_line = reneg.move_id.line_ids.filtered(
            lambda line: line.account_id == self.revenue and line.name.endswith("Fines")
        )
        self.assertEqual(fine_line.credit, 20.0)
        # timeline hooks see the links
        self.assertEqual(new_titles[0]._telecobranca_timeline_parents(), title)
        self.assertEqual(title._telecobranca_timeline_children(), new_titles)

    @freeze_time("2025-06-16")
    def test_journal_created_with_first_draft(self):
        """Two first confirmations at once must not both create the journal."""
        old = self.company.telecobranca_renegotiation_journal_id
        if old:
            old.code = "OLD"
            self.company.telecobranca_renegotiation_journal_id = False
        reneg = self.renegotiate(self.titles(self.create_invoice(100.0, "2025-04-01")))
        journal = self.company.telecobranca_renegotiation_journal_id
        self.assertRecordValues(journal, [{"code": "REN", "type": "general"}])
        self.assertEqual(reneg.state, "draft")

    @freeze_time("2025-06-16")
    def test_one_credit_line_per_customer_account(self):
        """The originals of one customer are credited by one line, reconciled
        with each of them for exactly its open amount."""
        first = self.titles(self.create_invoice(100.0, "2025-04-01"))
        second = self.titles(self.create_invoice(250.55, "2025-05-01"))
        third = self.titles(self.create_invoice(49.45, "2025-05-10"))
        titles = first | second | third
        reneg = self.renegotiate(titles)
        reneg.action_compute_installments()
        reneg.action_confirm()
        self.assert_invariant(reneg, titles)
        credit = reneg.move_id.line_ids.filtered(
            lambda line: line.account_id == first.account_id and line.credit
        )
        self.assertRecordValues(
            credit,
            [
                {
                    "credit": 400.0,
                    "partner_id": self.customer.id,
                    "name": "Renegotiation of 3 titles",
                    "reconciled": True,
                }
            ],
        )
        for title in titles:
            self.assertEqual(title.matched_credit_ids.credit_move_id, credit)
            self.assertAlmostEqual(
                sum(title.matched_credit_ids.mapped("amount")), title.balance
            )

    @freeze_time("2025-06-16")
    def test_charges_worked_examples(self):
        # due Saturday 14/06/2025: not late on Monday 16/06 (next business day)
        invoice = self.create_invoice(1000.0, "2025-05-15")
        title = self.titles(invoice)
        self.assertEqual(title.date_maturity, fields.Date.to_date("2025-06-14"))
        on_monday = self.renegotiate(title, date="2025-06-16")
        self.assertRecordValues(
            on_monday.line_ids, [{"fine_amount": 0.0, "interest_amount": 0.0}]
        )
        # on Tuesday it is 3 days late, counted from the Saturday
        on_tuesday = self.renegotiate(title, date="2025-06-17")
        self.assertRecordValues(
            on_tuesday.line_ids,
            [{"days_late": 3, "fine_amount": 20.0, "interest_amount": 1.0}],
        )
        # 1234.56 due 01/05 (holiday), 46 days on 16/06 at 2% / 1.5% a month
        self.company.telecobranca_interest_percent = 1.5
        invoice = self.create_invoice(1234.56, "2025-04-01")
        reneg = self.renegotiate(self.titles(invoice))
        # fine 24.6912 -> 24.69; interest 1234.56 * 1.5 * 46 / 3000 = 28.39488
        self.assertRecordValues(
            reneg.line_ids, [{"fine_amount": 24.69, "interest_amount": 28.39}]
        )
        # within the grace days: nothing
        self.company.telecobranca_grace_days = 3
        within = self.renegotiate(title, date="2025-06-17")
        self.assertRecordValues(
            within.line_ids, [{"fine_amount": 0.0, "interest_amount": 0.0}]
        )
        # explicit values are kept (editable per title)
        kept = self.env["telecobranca.renegotiation"].create(
            {
                "partner_ids": [Command.set(self.customer.ids)],
                "date": "2025-06-16",
                "line_ids": [
                    Command.create(
                        {
                            "move_line_id": self.titles(invoice).id,
                            "fine_amount": 5.0,
                            "interest_amount": 0.0,
                        }
                    )
                ],
            }
        )
        self.assertRecordValues(
            kept.line_ids, [{"fine_amount": 5.0, "interest_amount": 0.0}]
        )

    @freeze_time("2025-06-16")
    def test_property_invariant(self):
        """30+ random renegotiations: balanced, settled, new titles add up."""
        rng = random.Random(20250616)
        terms = [self.term_30, self.term_30_60_90]
        for iteration in range(32):
            self.company.write(
                {
                    "telecobranca_fine_percent": rng.choice([0, 1, 2, 2.5]),
                    "telecobranca_interest_percent": rng.choice([0, 0.5, 1, 3.33]),
                    "telecobranca_grace_days": rng.choice([0, 0, 5]),
                }
            )
            invoices = self.env["account.move"]
            for _i in range(rng.randint(1, 3)):
                invoices |= self.create_invoice(
                    rng.randint(1000, 900000) / 100,
                    fields.Date.to_date("2025-01-02")
                    + fields.date.resolution * rng.randint(0, 160),
                    term=rng.choice(terms),
                )
            open_titles = self.titles(invoices)
            titles = (
                open_titles.filtered(lambda _t: rng.random() < 0.7) or open_titles[0]
            )
            reneg = self.renegotiate(
                titles,
                term=rng.choice(terms),
                surcharge=rng.choice([0, 0, rng.randint(0, 5000) / 100]),
            )
            reneg.line_ids[0].interest_amount += rng.choice([0, 0.01, 1.23])
            maximum = int(reneg.amount_subtotal * 100) // 2
            reneg.discount = rng.choice([0, rng.randint(0, maximum) / 100])
            reneg.action_compute_installments()
            if rng.random() < 0.3 and len(reneg.installment_ids) > 1:
                # edited installments keep the sum
                first, second = reneg.installment_ids[:2]
                moved = round(first.amount / 3, 2)
                first.amount -= moved
                second.amount += moved
            with self.subTest(iteration=iteration):
                reneg.action_confirm()
                self.assert_invariant(reneg, titles)

    @freeze_time("2025-06-16")
    def test_optimized_one_to_one(self):
        self.company.telecobranca_optimized_renegotiation = True
        invoice = self.create_invoice(600.0, "2025-04-01", term=self.term_30_60_90)
        title = self.titles(invoice)[0]
        reneg = self.renegotiate(title)
        self.assertTrue(reneg.is_optimized)
        reneg.step = "titles"
        reneg.action_next_step()
        self.assertEqual(reneg.step, "terms")
        self.assertEqual(len(reneg.installment_ids), 1)
        self.assertEqual(reneg.installment_ids.amount, reneg.amount_total)
        reneg.action_confirm()
        new_titles = self.assert_invariant(reneg, title)
        self.assertEqual(len(new_titles), 1)
        # not optimized with two titles
        self.assertFalse(self.renegotiate(self.titles(invoice)[1:]).is_optimized)

    @freeze_time("2025-06-16")
    def test_card_administrator(self):
        invoice = self.create_invoice(900.0, "2025-05-20")
        title = self.titles(invoice)
        for against_administrator, debtor in (
            (False, self.customer),
            (True, self.admin_partner),
        ):
            self.company.telecobranca_renegotiate_administrator = against_administrator
            reneg = self.renegotiate(title)
            reneg.action_compute_installments()
            reneg.installment_ids.payment_form_id = self.form_card
            self.assertEqual(reneg.installment_ids.partner_id, debtor)
        reneg.action_confirm()
        new_titles = self.assert_invariant(reneg, title)
        self.assertEqual(new_titles.partner_id, self.admin_partner)
        self.assertEqual(new_titles.payment_form_id, self.form_card)

    @freeze_time("2025-06-16")
    def test_check_numbering(self):
        invoice = self.create_invoice(900.0, "2025-05-20")
        reneg = self.renegotiate(self.titles(invoice), initial_check_number=1001)
        reneg.action_compute_installments()
        first, second, third = reneg.installment_ids
        (first | third).payment_form_id = self.form_check
        second.payment_form_id = self.form_boleto
        reneg.action_fill_check_numbers()
        self.assertEqual(
            reneg.installment_ids.mapped("check_number"), ["1001", False, "1002"]
        )
        reneg.installment_ids.payment_form_id = self.form_check
        reneg.action_fill_check_numbers()
        self.assertEqual(
            reneg.installment_ids.mapped("check_number"), ["1001", "1002", "1003"]
        )
        reneg.action_confirm()
        self.assert_invariant(reneg, self.titles(invoice))

    def _refund(self, amount, invoice_date="2025-05-10"):
        refund = self.create_invoice(amount, invoice_date, move_type="out_refund")
        return refund.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )

    @freeze_time("2025-06-16")
    def test_credit_letters(self):
        letter = self._refund(200.0)
        invoice = self.create_invoice(1000.0, "2025-05-20")
        title = self.titles(invoice)
        reneg = self.env["telecobranca.renegotiation"].create(
            {"partner_ids": [Command.set(self.customer.ids)], "date": "2025-06-16"}
        )
        reneg.action_load_titles()
        self.assertEqual(reneg.line_ids.move_line_id, title)
        self.assertFalse(reneg.line_ids.selected)
        self.assertRecordValues(
            reneg.credit_line_ids,
            [{"move_line_id": letter.id, "selected": True, "amount_used": 200.0}],
        )
        reneg.line_ids.selected = True
        self.assertEqual(reneg.amount_total, 800.0)
        reneg.credit_line_ids.amount_used = 150.0
        reneg.action_compute_installments()
        reneg.action_confirm()
        self.assert_invariant(reneg, title)
        self.assertEqual(letter.amount_residual, -50.0)
        # the rest of the letter can be used later; unselected by setting
        self.company.telecobranca_credit_letters_unselected = True
        invoice = self.create_invoice(100.0, "2025-05-20")
        reneg = self.env["telecobranca.renegotiation"].create(
            {"partner_ids": [Command.set(self.customer.ids)], "date": "2025-06-16"}
        )
        reneg.action_load_titles()
        self.assertRecordValues(
            reneg.credit_line_ids,
            [{"move_line_id": letter.id, "selected": False, "amount_used": 50.0}],
        )

    @freeze_time("2025-07-01")
    def test_proposal_expiry(self):
        self.company.telecobranca_proposal_validity_days = 5
        invoice = self.create_invoice(3000.0, "2025-04-01")
        title = self.titles(invoice)
        with freeze_time("2025-06-16"):
            reneg = self.renegotiate(title, date="2025-06-16")
            reneg.action_compute_installments()
            self.assertFalse(reneg.proposal_expired)
        self.assertEqual(reneg.proposal_valid_until, fields.Date.to_date("2025-06-21"))
        reneg.invalidate_recordset(["proposal_expired"])
        self.assertTrue(reneg.proposal_expired)
        interest = reneg.line_ids.interest_amount  # 3000 * 1% * 46 / 30 = 46.00
        self.assertEqual(interest, 46.0)
        reneg.action_update_proposal()
        # 10 days beyond the validity: 3000 * 1% * 10 / 30 = 10.00
        self.assertEqual(reneg.line_ids.interest_amount, 56.0)
        self.assertEqual(reneg.date, fields.Date.to_date("2025-07-01"))
        self.assertEqual(reneg.proposal_valid_until, fields.Date.to_date("2025-07-06"))
        self.assertFalse(reneg.proposal_expired)
        self.assertEqual(
            sum(reneg.installment_ids.mapped("amount")), 3116.0
        )  # + fine 60.00
        self.assertEqual(
            reneg.installment_ids[0].date_maturity, fields.Date.to_date("2025-07-31")
        )

    @freeze_time("2025-06-16")
    def test_drafts_save_reopen_delete(self):
        invoice = self.create_invoice(500.0, "2025-05-20")
        Reneg = self.env["telecobranca.renegotiation"]
        count = Reneg.search_count([])
        action = self.customer.action_telecobranca_renegotiate()
        # the form opens unsaved: nothing is stored by the click
        self.assertFalse(action.get("res_id"))
        self.assertEqual(Reneg.search_count([]), count)
        form = Form(Reneg.with_context(**action["context"]))
        self.assertEqual(form.state, "draft")
        self.assertEqual(form.step, "titles")
        self.assertEqual(Reneg.search_count([]), count)
        reneg = form.save()  # what Next does first
        self.assertEqual(reneg.line_ids.move_line_id, self.titles(invoice))
        self.assertFalse(reneg.line_ids.selected)
        with self.assertRaisesRegex(UserError, "Select the titles"):
            reneg.action_next_step()
        with Form(reneg) as form, form.line_ids.edit(0) as line:
            line.selected = True
            line.note = "Customer promised to pay"
        reneg.action_next_step()
        self.assertEqual(reneg.step, "charges")
        saved = reneg.action_save()
        self.assertEqual(saved["tag"], "display_notification")
        self.assertIn(reneg.name, saved["params"]["message"])
        # reopen and continue
        reneg.action_next_step()
        self.assertEqual(reneg.step, "terms")
        self.assertTrue(reneg.installment_ids)
        reneg.action_previous_step()
        self.assertEqual(reneg.step, "charges")
        reneg.unlink()
        self.assertFalse(reneg.exists())
        # a confirmed renegotiation cannot be deleted
        done = self.renegotiate(self.titles(invoice))
        done.action_compute_installments()
        done.action_confirm()
        with self.assertRaisesRegex(UserError, "pending"):
            done.unlink()
        with self.assertRaisesRegex(UserError, "pending"):
            done.action_cancel()

    @freeze_time("2025-06-16")
    def test_from_titles_list(self):
        invoice = self.create_invoice(900.0, "2025-04-01", term=self.term_30_60_90)
        titles = self.titles(invoice)[:2]
        Reneg = self.env["telecobranca.renegotiation"]
        count = Reneg.search_count([])
        action = titles.action_telecobranca_renegotiate()
        self.assertFalse(action.get("res_id"))
        form = Form(Reneg.with_context(**action["context"]))
        self.assertEqual(Reneg.search_count([]), count)
        reneg = form.save()
        self.assertEqual(reneg.line_ids.move_line_id, titles)
        self.assertTrue(all(reneg.line_ids.mapped("selected")))
        # a settled title is refused at the click, before any form
        paid = self.create_invoice(100.0, "2025-04-01")
        self.pay(paid)
        with self.assertRaisesRegex(UserError, "already settled"):
            self.titles(paid).action_telecobranca_renegotiate()

    @freeze_time("2025-06-16")
    def test_filter_relative_period(self):
        old = self.create_invoice(100.0, "2025-03-10")
        recent = self.create_invoice(200.0, "2025-05-20")
        reneg = self.env["telecobranca.renegotiation"].create(
            {
                "partner_ids": [Command.set(self.customer.ids)],
                "step": "filter",
                # first day of last month .. today - 1 day
                "period_start_anchor": "first_day_of_month",
                "period_start_offset": -1,
                "period_start_unit": "month",
                "period_end_anchor": "today",
                "period_end_offset": -1,
                "period_end_unit": "day",
            }
        )
        self.assertEqual(
            reneg._get_period(),
            (fields.Date.to_date("2025-05-01"), fields.Date.to_date("2025-06-15")),
        )
        reneg.action_next_step()
        self.assertEqual(reneg.step, "titles")
        self.assertEqual(reneg.line_ids.move_line_id, self.titles(recent))
        # empty date: only the manual period
        reneg.write({"period_start_anchor": "manual", "date_from": "2025-03-01"})
        reneg.action_load_titles()
        self.assertEqual(
            reneg.line_ids.move_line_id, self.titles(recent) | self.titles(old)
        )


@tagged("post_install", "-at_install")
class TestRenegotiationBadInput(RenegotiationCommon):
    """Each bad input is a clear error and nothing is posted."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls.create_invoice(1000.0, "2025-05-20")
        cls.title = cls.titles(cls.invoice)

    def assert_refused(self, reneg, message):
        moves = self.env["account.move"].search_count([])
        with self.assertRaisesRegex(UserError, message):
            reneg.action_confirm()
        self.assertEqual(self.env["account.move"].search_count([]), moves)
        self.assertEqual(reneg.state, "draft")
        self.assertFalse(reneg.move_id)
        self.assertFalse(self.title.reconciled)

    def draft(self, titles=None, **vals):
        reneg = self.renegotiate(titles or self.title, **vals)
        reneg.action_compute_installments()
        return reneg

    def assert_refused_at_create(self, message, create):
        """``create()`` is refused: no renegotiation (draft) nor entry stays."""
        Reneg = self.env["telecobranca.renegotiation"]
        renegs, lines = (
            Reneg.search_count([]),
            self.env["telecobranca.renegotiation.line"].search_count([]),
        )
        moves = self.env["account.move"].search_count([])
        with self.assertRaises(UserError) as caught:
            create()
        self.assertRegex(str(caught.exception), message)
        self.assertEqual(Reneg.search_count([]), renegs)
        self.assertEqual(
            self.env["telecobranca.renegotiation.line"].search_count([]), lines
        )
        self.assertEqual(self.env["account.move"].search_count([]), moves)
        self.assertFalse(self.title.reconciled)

    @freeze_time("2025-06-16")
    def test_forecast_title(self):
        forecast = self.titles(self.create_invoice(100.0, "2025-05-20", post=False))
        self.assert_refused_at_create("forecast", lambda: self.draft(forecast))

    @freeze_time("2025-06-16")
    def test_settled_title(self):
        invoice = self.create_invoice(100.0, "2025-05-20")
        self.pay(invoice)
        self.assert_refused_at_create(
            "already settled", lambda: self.renegotiate(self.titles(invoice))
        )

    @freeze_time("2025-06-16")
    def test_other_company_title(self):
        other = self.setup_other_company(name="Empresa B")["company"]
        invoice = self.create_invoice(100.0, "2025-05-20", company=other)
        reneg = self.draft(self.title)
        lines = reneg.line_ids

        def add_foreign_title():
            reneg.line_ids = [Command.create({"move_line_id": self.titles(invoice).id})]

        self.assert_refused_at_create("another company", add_foreign_title)
        self.assertEqual(reneg.line_ids, lines)
        # the title settled since the draft: refused at confirmation
        self.pay(self.invoice)
        moves = self.env["account.move"].search_count([])
        with self.assertRaisesRegex(UserError, "already settled|changed"):
            reneg.action_confirm()
        self.assertEqual(self.env["account.move"].search_count([]), moves)
        self.assertEqual(reneg.state, "draft")

    @freeze_time("2025-06-16")
    def test_shared_title_second_confirm(self):
        first, second = self.draft(), self.draft()
        first.action_confirm()
        moves = self.env["account.move"].search_count([])
        with self.assertRaisesRegex(UserError, "already settled"):
            second.action_confirm()
        self.assertEqual(self.env["account.move"].search_count([]), moves)
        self.assertEqual(second.state, "draft")

    @freeze_time("2025-06-16")
    def test_discount_larger_than_total(self):
        reneg = self.draft(discount=5000.0)
        self.assert_refused(reneg, "discount")

    @freeze_time("2025-06-16")
    def test_zero_or_negative_installments(self):
        for amount in (0.0, -10.0):
            reneg = self.draft()
            first, second = reneg.installment_ids[:2]
            first.amount += second.amount - amount
            second.amount = amount
            self.assert_refused(reneg, "positive amount")

    @freeze_time("2025-06-16")
    def test_installment_sum_differs(self):
        reneg = self.draft()
        reneg.installment_ids[0].amount += 0.01
        self.assert_refused(reneg, "add up to")

    @freeze_time("2025-06-16")
    def test_due_date_before_renegotiation(self):
        reneg = self.draft()
        reneg.installment_ids[0].date_maturity = "2025-06-15"
        self.assert_refused(reneg, "due before")

    @freeze_time("2025-06-16")
    def test_locked_period(self):
        self.company.fiscalyear_lock_date = "2025-06-30"
        self.assert_refused(self.draft(), "locked")

    @freeze_time("2025-06-16")
    def test_credit_letters_exceed_total(self):
        refund = self.create_invoice(5000.0, "2025-05-10", move_type="out_refund")
        letter = refund.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        reneg = self.draft()
        reneg.credit_line_ids = [Command.create({"move_line_id": letter.id})]
        self.assertEqual(reneg.credit_line_ids.amount_used, 5000.0)
        self.assert_refused(reneg, "exceed")

    @freeze_time("2025-06-16")
    def test_no_titles(self):
        reneg = self.draft()
        reneg.line_ids.selected = False
        self.assert_refused(reneg, "Select the titles")


@tagged("post_install", "-at_install")
class TestRenegotiationCases(RenegotiationCommon):
    """Collection cases get a system note."""

    @freeze_time("2025-06-16")
    def test_case_note_on_confirm_and_writeoff(self):
        invoice = self.create_invoice(800.0, "2025-04-01", term=self.term_30_60_90)
        first, second = self.titles(invoice)[:2]
        case = self.env["telecobranca.case"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company.id,
                "line_ids": [
                    Command.create({"move_line_id": title.id})
                    for title in (first | second)
                ],
            }
        )
        self.assertEqual(first.collection_case_id, case)
        reneg = self.renegotiate(first)
        reneg.action_compute_installments()
        reneg.action_confirm()
        notes = self.env["telecobranca.note"].search([("case_id", "=", case.id)])
        self.assertTrue(
            notes.filtered(
                lambda n: n.origin == "system" and "Renegotiation confirmed" in n.body
            )
        )
        wtype = self.env["telecobranca.writeoff.type"].create(
            {"name": "Loss", "account_id": self.expense.id}
        )
        self.env["telecobranca.settlement"]._writeoff(
            second, wtype, self.today, "Agreed loss"
        )
        notes = self.env["telecobranca.note"].search([("case_id", "=", case.id)])
        self.assertTrue(notes.filtered(lambda n: "Agreed loss" in n.body))
