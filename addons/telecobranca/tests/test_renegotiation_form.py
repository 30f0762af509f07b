# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The renegotiation as the collector works it in its form: nothing stored
before saving, installments following the terms, the titles to be generated
previewed and edited, amounts written in the user's language."""

import html

from freezegun import freeze_time
from lxml import etree

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools import format_amount

from .test_renegotiation import RenegotiationCommon


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestRenegotiationForm(RenegotiationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # due 31/05/2025 (a Saturday: late from Monday 02/06), 7240.81 open
        cls.invoice = cls.create_invoice(7240.81, "2025-05-01")
        cls.title = cls.titles(cls.invoice)
        cls.Reneg = cls.env["telecobranca.renegotiation"]

    def open_form(self, record_or_action):
        if isinstance(record_or_action, dict):
            return Form(self.Reneg.with_context(**record_or_action["context"]))
        return Form(record_or_action)

    def draft_at(self, step, term=None):
        """A stored draft of the title, walked to ``step``."""
        reneg = self.renegotiate(self.title, term=term or self.term_30)
        order = ["titles", "charges", "terms", "final"]
        while order.index(reneg.step) < order.index(step):
            reneg.action_next_step()
        return reneg

    # ------------------------------------------------------------------
    # A draft is stored only when saved
    # ------------------------------------------------------------------
    def test_renegotiate_stores_nothing_until_saved(self):
        count = self.Reneg.search_count([])
        lines = self.env["telecobranca.renegotiation.line"].search_count([])
        action = self.customer.action_telecobranca_renegotiate()
        self.assertFalse(action.get("res_id"))
        form = self.open_form(action)
        # the titles are listed with their charges, as on a stored draft
        self.assertEqual(len(form.line_ids), 1)
        with form.line_ids.edit(0) as line:
            self.assertEqual(line.move_line_id, self.title)
            self.assertEqual(line.title_number, self.title.title_number)
            self.assertEqual(line.open_amount, 7240.81)
            self.assertEqual(line.fine_amount, 144.82)  # 2 %
            self.assertFalse(line.selected)
            line.selected = True
        self.assertEqual(form.amount_open, 7240.81)
        # nothing is stored while the collector works in the form
        self.assertEqual(self.Reneg.search_count([]), count)
        self.assertEqual(
            self.env["telecobranca.renegotiation.line"].search_count([]), lines
        )
        # Save renegotiation (or Next) stores it, with the same charges a
        # stored draft computes
        reneg = form.save()
        self.assertEqual(self.Reneg.search_count([]), count + 1)
        fine, interest = reneg.line_ids.fine_amount, reneg.line_ids.interest_amount
        reneg.action_compute_charges()
        self.assertRecordValues(
            reneg.line_ids,
            [{"selected": True, "fine_amount": fine, "interest_amount": interest}],
        )
        saved = reneg.action_save()
        self.assertEqual(saved["params"]["type"], "success")
        self.assertEqual(
            saved["params"]["message"],
            f"Pending renegotiation {reneg.name} saved: 1 titles selected, total "
            f"{format_amount(self.env, reneg.amount_total, reneg.currency_id)}. "
            "Reopen it from the customer's renegotiation proposals to continue.",
        )

    def test_form_buttons(self):
        """Cancel asks first; the proposal letter prints from the form."""
        arch = etree.fromstring(
            self.env.ref("telecobranca.telecobranca_renegotiation_view_form").arch
        )
        cancel = arch.xpath("//button[@name='action_cancel']")[0]
        self.assertIn("Cancel this pending renegotiation?", cancel.get("confirm"))
        self.assertTrue(arch.xpath("//header/button[@name='action_print_proposal']"))
        reneg = self.draft_at("terms")
        action = reneg.action_print_proposal()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(
            action["report_name"], "telecobranca.report_renegotiation_proposal"
        )

    # ------------------------------------------------------------------
    # Terms: installments follow the term, surcharge and discount
    # ------------------------------------------------------------------
    def test_terms_change_recomputes_installments(self):
        reneg = self.draft_at("terms")
        total = reneg.amount_total
        self.assertEqual(reneg.installment_ids.mapped("amount"), [total])
        form = self.open_form(reneg)
        form.payment_term_id = self.term_30_60_90
        self.assertEqual(len(form.installment_ids), 3)
        self.assertAlmostEqual(form.amount_installments, total, places=2)
        self.assertEqual(form.amount_installments_difference, 0.0)
        form.discount = 100.0
        self.assertAlmostEqual(form.amount_installments, total - 100.0, places=2)
        form.surcharge = 40.0
        self.assertAlmostEqual(form.amount_installments, total - 60.0, places=2)
        form.save()
        self.assertEqual(len(reneg.installment_ids), 3)
        self.assertEqual(reneg.installment_ids.mapped("number"), ["1/3", "2/3", "3/3"])
        self.assertEqual(
            reneg.installment_ids.mapped("date_maturity"),
            [
                fields.Date.to_date(d)
                for d in ("2025-07-16", "2025-08-15", "2025-09-14")
            ],
        )
        self.assertAlmostEqual(
            sum(reneg.installment_ids.mapped("amount")), total - 60.0, places=2
        )
        self.assertFalse(reneg.installments_edited)

    def test_terms_change_after_hand_edit_says_so(self):
        reneg = self.draft_at("terms", term=self.term_30_60_90)
        form = self.open_form(reneg)
        with form.installment_ids.edit(0) as inst:
            inst.amount += 10.0
        self.assertTrue(form.installments_edited)
        self.assertEqual(form.amount_installments_difference, -10.0)
        with self.assertLogs("odoo.tests.form.onchange", level="WARNING") as logs:
            form.payment_term_id = self.term_30
        self.assertIn("Installments recomputed", logs.output[0])
        self.assertIn(
            format_amount(self.env, reneg.amount_total, reneg.currency_id),
            logs.output[0],
        )
        self.assertEqual(len(form.installment_ids), 1)
        self.assertEqual(form.amount_installments_difference, 0.0)
        self.assertFalse(form.installments_edited)

    # ------------------------------------------------------------------
    # Confirmation: the titles to be generated, previewed and edited
    # ------------------------------------------------------------------
    def test_preview_edited_becomes_the_ren_titles(self):
        reneg = self.draft_at("final", term=self.term_30_60_90)
        total = reneg.amount_total
        form = self.open_form(reneg)
        self.assertEqual(len(form.installment_ids), 3)
        with form.installment_ids.edit(0) as inst:
            self.assertEqual(inst.number, "1/3")
            self.assertEqual(inst.partner_id, self.customer)
            inst.amount = 1000.0
            inst.date_maturity = fields.Date.to_date("2025-06-30")
        with form.installment_ids.edit(2) as inst:
            inst.date_maturity = fields.Date.to_date("2025-10-10")
        self.assertTrue(form.installments_warning)
        with form.installment_ids.edit(1) as inst:
            second = reneg.currency_id.round(
                total - 1000.0 - form.installment_ids._records[2]["amount"]
            )
            inst.amount = second
        self.assertEqual(form.amount_installments_difference, 0.0)
        self.assertFalse(form.installments_warning)
        form.save()
        reneg.action_confirm()
        self.assertEqual(reneg.state, "done")
        new_titles = self.assert_invariant(reneg, self.title)
        move = reneg.move_id
        self.assertEqual(
            [
                (t.title_number, t.date_maturity, t.balance, t.partner_id)
                for t in new_titles.sorted("date_maturity")
            ],
            [
                (
                    f"{move.name}-{inst.number}",
                    inst.date_maturity,
                    inst.amount,
                    self.customer,
                )
                for inst in reneg.installment_ids.sorted("date_maturity")
            ],
        )
        first = new_titles.sorted("date_maturity")[0]
        self.assertEqual(first.date_maturity, fields.Date.to_date("2025-06-30"))
        self.assertEqual(first.balance, 1000.0)
        self.assertEqual(
            new_titles.sorted("date_maturity")[-1].date_maturity,
            fields.Date.to_date("2025-10-10"),
        )

    def test_preview_that_does_not_add_up_is_refused(self):
        reneg = self.draft_at("final", term=self.term_30_60_90)
        total = reneg.amount_total
        form = self.open_form(reneg)
        with form.installment_ids.edit(0) as inst:
            inst.amount += 0.01
        self.assertEqual(form.amount_installments_difference, -0.01)
        currency = reneg.currency_id

        def money(amount):
            return format_amount(self.env, amount, currency)

        self.assertEqual(
            form.installments_warning,
            f"The installments add up to {money(total + 0.01)} but the total is "
            f"{money(total)} (difference {money(-0.01)}): correct them before "
            "going on.",
        )
        form.save()
        moves = self.env["account.move"].search_count([])
        with self.assertRaises(UserError) as caught:
            reneg.action_confirm()
        self.assertEqual(
            str(caught.exception),
            "The installments of Padaria Pão Dourado Ltda add up to "
            f"{format_amount(self.env, total + 0.01, currency)} but their total "
            f"is {format_amount(self.env, total, currency)}.",
        )
        self.assertEqual(self.env["account.move"].search_count([]), moves)
        self.assertEqual(reneg.state, "draft")
        self.assertFalse(self.title.reconciled)

    # ------------------------------------------------------------------
    # Amounts in the user's language
    # ------------------------------------------------------------------
    def test_messages_in_pt_br_amounts(self):
        self.env["res.lang"]._activate_lang("pt_BR")
        reneg = self.draft_at("final").with_context(lang="pt_BR")
        total = reneg.amount_total
        self.assertGreater(total, 7240.81)
        pt_total = format_amount(reneg.env, total, reneg.currency_id)
        self.assertRegex(pt_total, r"^R\$\s7\.\d{3},\d{2}$")
        raw = f"{total:.2f}"  # what a user must never read
        message = reneg.action_save()["params"]["message"]
        self.assertIn(pt_total, message)
        self.assertNotIn(raw, message)
        reneg.installment_ids.amount += 1.0
        self.assertIn(pt_total, reneg.installments_warning)
        self.assertNotIn(raw, reneg.installments_warning)
        with self.assertRaises(UserError) as caught:
            reneg.action_confirm()
        self.assertIn(pt_total, str(caught.exception))
        self.assertNotIn(raw, str(caught.exception))
        reneg.installment_ids.amount = total
        reneg.action_confirm()
        bodies = [html.unescape(str(body)) for body in reneg.message_ids.mapped("body")]
        confirmed = [body for body in bodies if pt_total in body]
        self.assertTrue(confirmed, bodies)
        self.assertFalse([body for body in bodies if raw in body])
