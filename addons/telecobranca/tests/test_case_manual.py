# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .case_common import TelecobrancaCaseCommon


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestCaseManualOpening(TelecobrancaCaseCommon):
    """*New collection* wizard (F2.4)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.telecobranca_auto_open = False
        cls.late = cls.invoice_due(100.0, "2025-06-01")
        cls.late_2 = cls.invoice_due(200.0, "2025-05-01")
        cls.not_due = cls.invoice_due(300.0, "2025-06-30")
        cls.recent = cls.invoice_due(400.0, "2025-06-14")  # 2 days: not eligible
        cls.contact = cls.env["res.partner"].create(
            {"name": "Maria (financeiro)", "parent_id": cls.customer.id}
        )

    def wizard_form(self, partner=None):
        action = (partner or self.customer).action_telecobranca_new_case()
        return Form(
            self.env["telecobranca.case.open.wizard"].with_context(**action["context"])
        )

    def test_preselects_eligible_titles_and_opens_case(self):
        form = self.wizard_form()
        late, late_2 = self.titles(self.late), self.titles(self.late_2)
        # every eligible title ticked, listed by due date with its number
        self.assertEqual(
            [
                (
                    row["title_number"],
                    fields.Date.to_date(row["date_maturity"]),
                    row["selected"],
                )
                for row in form.line_ids._records
            ],
            [
                (late_2.title_number, late_2.date_maturity, True),
                (late.title_number, late.date_maturity, True),
            ],
        )
        self.assertTrue(late_2.title_number.endswith("-1/1"))
        with form.line_ids.edit(0) as row:
            row.selected = False  # unticked, still listed
        self.assertEqual(len(form.line_ids), 2)
        form.note = "<p>Customer says the payment is on its way.</p>"
        form.contact_partner_id = self.contact
        form.user_id = self.collector
        form.next_date = "2025-06-20"
        wizard = form.save()
        action = wizard.action_confirm()
        case = self.Case.browse(action["res_id"])
        self.assertRecordValues(
            case,
            [
                {
                    "partner_id": self.customer.id,
                    "state": "open",
                    "opened_by": "manual",
                    "user_id": self.collector.id,
                    "contact_partner_id": self.contact.id,
                    "next_date": fields.Date.to_date("2025-06-20"),
                    "stage_id": self.stage_contact.id,
                    "case_type_id": self.case_type.id,
                }
            ],
        )
        self.assertEqual(case.title_ids, late)
        self.assertRecordValues(
            case.note_ids,
            [
                {
                    "origin": "manual",
                    "state": "done",
                    "contact_partner_id": self.contact.id,
                    "author_id": self.env.user.id,
                }
            ],
        )
        self.assertIn("on its way", case.note_ids.body)

    def test_titles_join_existing_case(self):
        case = self.env["telecobranca.case.opening"]._open_case_manually(
            self.customer, self.titles(self.late), note="<p>first</p>"
        )
        form = self.wizard_form()
        self.assertEqual(form.existing_case_id, case)
        form.note = "<p>second</p>"
        form.save().action_confirm()
        self.assertEqual(
            case.title_ids, self.titles(self.late) | self.titles(self.late_2)
        )
        self.assertEqual(len(case.note_ids), 2)
        self.assertEqual(
            self.Case.search_count([("partner_id", "=", self.customer.id)]), 1
        )

    def test_not_due_titles_with_an_overdue_one(self):
        form = self.wizard_form()
        form.include_not_due = True
        # the not-due title joins the list, ticked, still by due date
        self.assertEqual(
            [row["title_number"] for row in form.line_ids._records],
            [
                self.titles(self.late_2).title_number,
                self.titles(self.late).title_number,
                self.titles(self.not_due).title_number,
            ],
        )
        form.include_not_due = False
        self.assertEqual(len(form.line_ids), 2)
        form.include_not_due = True
        form.note = "<p>all of them</p>"
        case_action = form.save().action_confirm()
        case = self.Case.browse(case_action["res_id"])
        self.assertEqual(
            case.title_ids,
            self.titles(self.late)
            | self.titles(self.late_2)
            | self.titles(self.not_due),
        )

    def test_not_due_titles_alone_refused(self):
        Opening = self.env["telecobranca.case.opening"]
        with self.assertRaisesRegex(UserError, "at least one overdue"):
            Opening._open_case_manually(
                self.customer,
                self.titles(self.not_due),
                include_not_due=True,
                note="<p>x</p>",
            )
        self.assertFalse(self.Case.search([("partner_id", "=", self.customer.id)]))

    def test_not_due_needs_the_toggle(self):
        with self.assertRaisesRegex(UserError, "not due yet"):
            self.env["telecobranca.case.opening"]._open_case_manually(
                self.customer,
                self.titles(self.late) | self.titles(self.not_due),
                note="<p>x</p>",
            )
        self.assertFalse(self.Case.search([("partner_id", "=", self.customer.id)]))

    def test_ineligible_titles_refused_nothing_saved(self):
        Opening = self.env["telecobranca.case.opening"]
        cheque = self.invoice_due(10.0, "2025-06-01")
        self.titles(cheque).payment_form_id = self.form_check
        legal = self.invoice_due(10.0, "2025-06-01")
        self.titles(legal).collection_status_id = self.status_legal
        forecast = self.invoice_due(10.0, "2025-06-01", post=False)
        cases = [
            (cheque, "cheque"),
            (legal, "does not enter collection"),
            (forecast, "forecast"),
            (self.recent, "not overdue by more than 5 days"),
        ]
        for invoice, message in cases:
            with (
                self.subTest(message=message),
                self.assertRaisesRegex(UserError, message),
            ):
                Opening._open_case_manually(
                    self.customer,
                    self.titles(self.late) | self.titles(invoice),
                    note="<p>x</p>",
                )
        self.assertFalse(self.Case.search([("partner_id", "=", self.customer.id)]))
        self.assertFalse(
            self.env["telecobranca.note"].search(
                [("partner_id", "=", self.customer.id)]
            )
        )

    def test_title_already_in_case_refused(self):
        Opening = self.env["telecobranca.case.opening"]
        case = Opening._open_case_manually(
            self.customer, self.titles(self.late), note="<p>x</p>"
        )
        with self.assertRaisesRegex(UserError, "already in the open case"):
            Opening._open_case_manually(
                self.customer, self.titles(self.late), note="<p>y</p>"
            )
        self.assertEqual(len(case.note_ids), 1)

    def test_next_date_in_the_past_refused(self):
        form = self.wizard_form()
        form.note = "<p>x</p>"
        form.next_date = "2025-06-15"
        wizard = form.save()
        with self.assertRaisesRegex(UserError, "cannot be in the past"):
            wizard.action_confirm()
        self.assertFalse(self.Case.search([("partner_id", "=", self.customer.id)]))

    def test_no_title_refused(self):
        form = self.wizard_form(self.customer_b)
        form.note = "<p>x</p>"
        with self.assertRaisesRegex(UserError, "at least one title"):
            form.save().action_confirm()
