# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import format_date

from .case_common import TelecobrancaCaseCommon


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestCaseLifecycle(TelecobrancaCaseCommon):
    """Auto-close (F2.5), reopening, workflow (F3.6), worklist, e-mails (F2.6)
    and record rules (F9.2)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.first = cls.invoice_due(100.0, "2025-06-01")
        cls.second = cls.invoice_due(200.0, "2025-05-01")
        cls.Case._cron_open_cases()
        cls.case = cls.Case.search([("partner_id", "=", cls.customer.id)])

    # ------------------------------------------------------------------
    # Closing
    # ------------------------------------------------------------------
    def test_auto_close_when_all_titles_paid(self):
        self.pay(self.first)
        self.assertEqual(self.case.state, "open")
        self.pay(self.second)
        self.assertRecordValues(
            self.case, [{"state": "closed", "close_reason": "settled"}]
        )
        self.assertFalse(self.case.line_ids.filtered("is_open"))
        system_note = self.case.note_ids.filtered(lambda note: note.origin == "system")
        self.assertEqual(len(system_note), 1)
        self.assertIn("Titles settled", system_note.body)
        # the titles are free again for a new case
        self.assertFalse(self.titles(self.first).collection_case_id)

    def test_partial_payment_keeps_case_open(self):
        self.pay(self.first)
        self.pay(self.second, amount=50.0)
        self.assertEqual(self.case.state, "open")

    def test_unreconcile_does_not_reopen_but_supervisor_may(self):
        self.pay(self.first)
        self.pay(self.second)
        self.assertEqual(self.case.state, "closed")
        self.titles(self.second).remove_move_reconcile()
        self.assertEqual(self.case.state, "closed")
        with self.assertRaisesRegex(UserError, "supervisor"):
            self.case.with_user(self.collector).action_reopen()
        self.case.action_reopen()
        self.assertEqual(self.case.state, "open")
        self.assertEqual(
            self.case.line_ids.filtered("is_open").move_line_id,
            self.titles(self.second),
        )

    def test_reopen_refused_when_nothing_to_collect(self):
        self.pay(self.first)
        self.pay(self.second)
        with self.assertRaisesRegex(UserError, "no open title"):
            self.case.action_reopen()

    def test_reopen_refused_when_customer_has_another_open_case(self):
        self.case.action_close("Customer asked for time")
        self.assertRecordValues(
            self.case, [{"state": "closed", "close_reason": "manual"}]
        )
        self.Case._cron_open_cases()  # the titles open a new case
        self.assertEqual(len(self.case_of()), 1)
        with self.assertRaisesRegex(UserError, "already has an open case"):
            self.case.action_reopen()

    def test_note_display_name_is_the_note(self):
        """The note's name (form title, breadcrumb) is the note itself."""
        note = self.env["telecobranca.note"].create(
            {
                "case_id": self.case.id,
                "date": "2025-06-16 15:00:00",
                "body": "<p>Customer promised to pay the two titles on "
                "Friday after the bank opens</p>",
            }
        )
        date = format_date(self.env, fields.Date.to_date("2025-06-16"))
        self.assertEqual(
            note.display_name,
            f"{self.case.name} – {date} – Customer promised to pay the two titles on…",
        )
        self.assertNotIn("telecobranca.note", note.display_name)

    def test_close_twice_refused(self):
        self.case.action_close()
        with self.assertRaisesRegex(
            UserError,
            f"The case {self.case.name} of Padaria Pão Dourado Ltda is already closed",
        ):
            self.case.action_close()

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def test_workflow_transitions(self):
        self.assertEqual(self.case.stage_id, self.stage_contact)
        self.assertEqual(self.case._get_allowed_decisions(), self.decision_promise)
        with self.assertRaisesRegex(UserError, "not allowed from the stage"):
            self.case._apply_decision(self.decision_broken)
        self.assertEqual(self.case.stage_id, self.stage_contact)
        self.case._apply_decision(self.decision_promise)
        self.assertEqual(self.case.stage_id, self.stage_promise)
        self.case._apply_decision(self.decision_broken)
        self.assertRecordValues(
            self.case,
            [
                {
                    "stage_id": self.stage_legal.id,
                    "responsibility_center_id": self.center_legal.id,
                    "state": "open",
                }
            ],
        )

    def test_decision_to_closing_stage_closes(self):
        done = self.env["telecobranca.workflow.stage"].create(
            {"name": "Done", "case_type_id": self.case_type.id, "is_closing": True}
        )
        decision = self.env["telecobranca.workflow.decision"].create(
            {
                "name": "Agreement reached",
                "stage_id": self.stage_contact.id,
                "next_stage_id": done.id,
                "next_responsibility_center_id": self.center_legal.id,
            }
        )
        self.case._apply_decision(decision)
        self.assertRecordValues(
            self.case,
            [
                {
                    "stage_id": done.id,
                    "state": "closed",
                    "responsibility_center_id": self.center_legal.id,
                }
            ],
        )

    # ------------------------------------------------------------------
    # Worklist
    # ------------------------------------------------------------------
    def test_worklist(self):
        later = self.Case.create(
            {
                "partner_id": self.customer_b.id,
                "user_id": self.collector.id,
                "next_date": "2025-06-20",
            }
        )
        Case = self.Case.with_user(self.collector)
        action = (
            self.env.ref("telecobranca.telecobranca_case_action_worklist")
            .with_user(self.collector)
            .run()
        )
        self.assertEqual(action["res_model"], "telecobranca.case")
        found = Case.search(action["domain"])
        self.assertEqual(found, self.case)
        self.assertNotIn(later, found)
        self.case.next_date = "2025-06-10"  # overdue contact still shows
        self.assertEqual(Case.search(action["domain"]), self.case)
        self.case.action_close()
        self.assertFalse(Case.search(action["domain"]))

    def test_worklist_sorted_by_overdue_amount(self):
        big = self.invoice_due(5000.0, "2025-06-01", partner=self.customer_b)
        self.Case._cron_open_cases()
        cases = self.Case.search(
            [("id", "in", (self.case | self.case_of(self.customer_b)).ids)],
            order="amount_overdue desc",
        )
        self.assertEqual(cases[0].title_ids, self.titles(big))
        self.assertAlmostEqual(cases[1].amount_overdue, 300.0)

    # ------------------------------------------------------------------
    # Collection e-mails
    # ------------------------------------------------------------------
    def test_collection_emails_skip_excluded_tag(self):
        tag = self.env["res.partner.category"].create({"name": "No dunning"})
        self.company.telecobranca_excluded_tag_id = tag
        self.company.telecobranca_reply_to = "cobranca@example.com"
        self.customer_b.write({"email": "b@example.com", "category_id": [(4, tag.id)]})
        self.invoice_due(100.0, "2025-06-01", partner=self.customer_b)
        self.Case._cron_open_cases()
        Mail = self.env["mail.mail"].sudo()
        before = Mail.search([])
        self.confirm_collection_emails(expected_customers=1)
        mails = Mail.search([]) - before
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.recipient_ids, self.customer)
        self.assertEqual(mails.reply_to, "cobranca@example.com")
        self.assertIn(self.titles(self.first).title_number, str(mails.body_html))

    def confirm_collection_emails(self, expected_customers):
        """*Send collection e-mails*: the confirmation tells how many customers
        get one; confirming sends them."""
        action = self.Case.action_send_collection_emails()
        self.assertEqual(action["res_model"], "telecobranca.collection.email.wizard")
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(wizard.customer_count, expected_customers)
        return wizard.action_confirm()

    def test_collection_emails_ask_with_the_customer_count(self):
        self.customer_b.email = "b@example.com"
        self.invoice_due(100.0, "2025-06-01", partner=self.customer_b)
        self.Case._cron_open_cases()
        Mail = self.env["mail.mail"].sudo()
        before = Mail.search([])
        action = self.Case.action_send_collection_emails()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(wizard.customer_count, 2)
        self.assertEqual(wizard.case_ids.partner_id, self.customer | self.customer_b)
        # nothing is sent before the manager confirms
        self.assertFalse(Mail.search([]) - before)
        result = wizard.action_confirm()
        self.assertEqual(len(Mail.search([]) - before), 2)
        self.assertIn("2", result["params"]["message"])
        with self.assertRaisesRegex(UserError, "collection manager"):
            self.Case.with_user(self.collector).action_send_collection_emails()

    def test_collection_email_never_calls_not_due_overdue(self):
        """A title not yet due is listed under its own heading, not as overdue
        (in English: the pt_BR text of the new template comes with the
        translations)."""
        self.customer.lang = "en_US"
        upcoming = self.titles(self.invoice_due(450.0, "2025-07-10"))
        self.env["telecobranca.case.line"].create(
            {"case_id": self.case.id, "move_line_id": upcoming.id}
        )
        self.assertEqual(
            self.case.overdue_line_ids.move_line_id,
            self.titles(self.second) | self.titles(self.first),
        )
        self.assertEqual(self.case.upcoming_line_ids.move_line_id, upcoming)
        Mail = self.env["mail.mail"].sudo()
        before = Mail.search([])
        self.confirm_collection_emails(expected_customers=1)
        body = str((Mail.search([]) - before).body_html)
        overdue_part, _sep, upcoming_part = body.partition("not due yet")
        self.assertIn("are overdue", overdue_part)
        self.assertIn(self.titles(self.first).title_number, overdue_part)
        self.assertIn(self.titles(self.second).title_number, overdue_part)
        self.assertNotIn(upcoming.title_number, overdue_part)
        self.assertIn(upcoming.title_number, upcoming_part)
        self.assertIn("07/10/2025", upcoming_part)
        self.assertIn("450.00", upcoming_part)

    def test_email_on_automatic_opening(self):
        self.company.telecobranca_email_on_open = True
        self.customer_b.email = "b@example.com"
        Mail = self.env["mail.mail"].sudo()
        before = Mail.search([])
        self.invoice_due(100.0, "2025-06-01", partner=self.customer_b)
        self.Case._cron_open_cases()
        mails = Mail.search([]) - before
        self.assertEqual(mails.recipient_ids, self.customer_b)
        # reply-to falls back on the company's address
        self.assertTrue(mails.reply_to)

    def test_update_collections_action(self):
        self.company.telecobranca_auto_open = False
        self.invoice_due(100.0, "2025-06-01", partner=self.customer_b)
        self.Case.with_company(self.company).action_update_collections()
        self.assertTrue(self.case_of(self.customer_b))
        with self.assertRaisesRegex(UserError, "manager"):
            self.Case.with_user(self.collector).action_update_collections()

    # ------------------------------------------------------------------
    # Security
    # ------------------------------------------------------------------
    def test_collector_sees_own_and_team_cases(self):
        other = self.Case.create({"partner_id": self.customer_b.id})
        Case = self.Case.with_user(self.collector)
        self.assertEqual(Case.search([]), self.case)
        with self.assertRaises(AccessError):
            other.with_user(self.collector).read(["name"])
        team = self.env["telecobranca.responsibility.center"].create(
            {
                "name": "Team",
                "company_id": self.company.id,
                "user_ids": [(4, self.collector.id)],
            }
        )
        other.responsibility_center_id = team
        self.assertEqual(Case.search([]), self.case | other)
        # notes of the visible cases only
        note = self.env["telecobranca.note"].create(
            {"case_id": other.id, "body": "<p>x</p>"}
        )
        other.responsibility_center_id = False
        with self.assertRaises(AccessError):
            note.with_user(self.collector).read(["body"])

    def test_supervisor_sees_all_cases_of_company(self):
        other = self.Case.create({"partner_id": self.customer_b.id})
        supervisor = self.collector.copy(
            {
                "login": "case_supervisor",
                "groups_id": [
                    (
                        6,
                        0,
                        self.env.ref("telecobranca.group_telecobranca_supervisor").ids,
                    )
                ],
            }
        )
        self.assertEqual(self.Case.with_user(supervisor).search([]), self.case | other)

    def test_other_company_cases_hidden(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        case = self.Case.sudo().create(
            {"partner_id": self.customer_b.id, "company_id": other_company.id}
        )
        supervisor = self.collector.copy(
            {
                "login": "supervisor2",
                "groups_id": [
                    (
                        6,
                        0,
                        self.env.ref("telecobranca.group_telecobranca_supervisor").ids,
                    )
                ],
            }
        )
        self.assertNotIn(case, self.Case.with_user(supervisor).search([]))

    # ------------------------------------------------------------------
    # Partner section (F1.2)
    # ------------------------------------------------------------------
    def test_partner_section_lists_cases_open_first_with_notes(self):
        self.case.action_close("done")
        self.Case._cron_open_cases()
        new_case = self.case_of()
        self.env.invalidate_all()  # a new request in the UI
        self.assertEqual(self.customer.telecobranca_case_ids, new_case | self.case)
        self.assertEqual(self.customer.telecobranca_case_ids[0], new_case)
        self.assertEqual(self.customer.telecobranca_open_case_count, 1)
        self.assertEqual(
            self.customer.telecobranca_note_ids, self.case.note_ids
        )  # the closing note
        contact = self.env["res.partner"].create(
            {"name": "Contact", "parent_id": self.customer.id}
        )
        self.env.invalidate_all()
        self.assertEqual(
            contact.telecobranca_case_ids, self.customer.telecobranca_case_ids
        )
        # the form view with the section renders
        form = Form(self.customer)
        self.assertEqual(len(form.telecobranca_case_ids), 2)

    def test_close_wizard_records_the_note(self):
        wizard = (
            self.env["telecobranca.case.close.wizard"]
            .with_context(active_ids=self.case.ids)
            .create({"note": "Customer went bankrupt"})
        )
        wizard.action_confirm()
        self.assertRecordValues(
            self.case,
            [
                {
                    "state": "closed",
                    "close_reason": "manual",
                    "close_note": "Customer went bankrupt",
                }
            ],
        )
        self.assertIn("bankrupt", self.case.note_ids.body)

    def test_close_button_asks_for_the_note(self):
        action = self.case.with_context(telecobranca_close_ask_note=True).action_close()
        self.assertEqual(action["res_model"], "telecobranca.case.close.wizard")
        self.assertEqual(self.case.state, "open")

    def test_title_column_of_another_collectors_case(self):
        """A collector reads the title of another's case without error, and
        sees that it is in a case, not the case's name: a name is shown only
        to who may read the case."""
        self.case.user_id = self.env.user
        title = self.titles(self.first).with_user(self.collector)
        values = title.web_read(
            {"collection_case_id": {"fields": {"display_name": {}}}}
        )
        self.assertEqual(values[0]["collection_case_id"]["id"], self.case.id)
        self.assertEqual(
            values[0]["collection_case_id"]["display_name"], "Restricted case"
        )

    def test_case_views_render(self):
        form = Form(self.case)
        self.assertEqual(form.partner_id, self.customer)
        form.next_date = "2025-06-20"
        form.save()
        self.assertEqual(str(self.case.next_date), "2025-06-20")
        for view in ("list", "kanban", "search"):
            self.Case.get_view(view_type=view)
        self.Case.get_view(
            self.env.ref("telecobranca.telecobranca_case_view_list_worklist").id, "list"
        )
