# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import TelecobrancaCommon


@tagged("post_install", "-at_install")
class TestNotes(TelecobrancaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.email = "financeiro@padaria.example.com"
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "Maria Caixa",
                "parent_id": cls.customer.id,
                "email": "maria@padaria.example.com",
            }
        )
        users = {}
        for login, group in (
            ("collector_a", "user"),
            ("collector_b", "user"),
            ("supervisor_s", "supervisor"),
        ):
            users[login] = new_test_user(
                cls.env,
                login,
                groups=f"base.group_user,telecobranca.group_telecobranca_{group}",
                company_id=cls.company.id,
                company_ids=[Command.set(cls.company.ids)],
            )
        cls.collector_a = users["collector_a"]
        cls.collector_b = users["collector_b"]
        cls.supervisor = users["supervisor_s"]
        Center = cls.env["telecobranca.responsibility.center"]
        cls.center_phone = Center.create(
            {
                "name": "Phone",
                "company_id": cls.company.id,
                "user_ids": [Command.set((cls.collector_a | cls.collector_b).ids)],
            }
        )
        cls.center_legal = Center.create(
            {"name": "Legal", "company_id": cls.company.id}
        )
        cls.center_agency = Center.create(
            {"name": "Agency", "company_id": cls.company.id}
        )
        cls.template = cls.env["mail.template"].create(
            {
                "name": "Collection reminder",
                "model_id": cls.env["ir.model"]._get_id("telecobranca.case"),
                "subject": "Overdue titles {{ object.name }}",
                "body_html": "<p>Dear <t t-out='object.partner_id.name'/>, "
                "please pay.</p>",
            }
        )
        cls.case_type = cls.env["telecobranca.case.type"].create(
            {
                "name": "Collection",
                "allow_attachments": True,
                "max_attachment_size_mb": 0.001,  # 1048 bytes
                "mail_template_id": cls.template.id,
            }
        )
        Stage = cls.env["telecobranca.workflow.stage"]
        cls.stage_contact = Stage.create(
            {
                "name": "Contact",
                "sequence": 1,
                "case_type_id": cls.case_type.id,
                "responsibility_center_id": cls.center_phone.id,
            }
        )
        cls.stage_legal = Stage.create(
            {
                "name": "Legal",
                "sequence": 2,
                "case_type_id": cls.case_type.id,
                "responsibility_center_id": cls.center_legal.id,
            }
        )
        Decision = cls.env["telecobranca.workflow.decision"]
        cls.decision_to_legal = Decision.create(
            {
                "name": "No agreement: send to an agency",
                "stage_id": cls.stage_contact.id,
                "next_stage_id": cls.stage_legal.id,
                "next_responsibility_center_id": cls.center_agency.id,
            }
        )
        cls.decision_back = Decision.create(
            {
                "name": "Back to phone",
                "stage_id": cls.stage_legal.id,
                "next_stage_id": cls.stage_contact.id,
            }
        )
        cls.contact_type = cls.env["telecobranca.contact.type"].create(
            {"name": "Phone call"}
        )
        cls.case = cls.env["telecobranca.case"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.company.id,
                "user_id": cls.collector_a.id,
                "case_type_id": cls.case_type.id,
                "stage_id": cls.stage_contact.id,
                "responsibility_center_id": cls.center_phone.id,
            }
        )

    def note_form(self, case=None, user=None, **context):
        case = (case or self.case).with_user(user or self.env.user)
        action = case.action_open_note_wizard()
        Wizard = self.env["telecobranca.note.wizard"].with_user(user or self.env.user)
        return Form(Wizard.with_context(**action["context"], **context))

    def notes(self, case=None):
        return self.env["telecobranca.note"].search(
            [("case_id", "=", (case or self.case).id)]
        )

    # ------------------------------------------------------------------
    # F3.1: the note and the case
    # ------------------------------------------------------------------
    @freeze_time("2025-06-16")
    def test_note_updates_case(self):
        with self.note_form() as form:
            form.body = "<p>Customer promises to pay on Friday.</p>"
            form.contact_type_id = self.contact_type
            form.contact_partner_id = self.contact
            form.next_date = fields.Date.to_date("2025-06-20")
            form.schedule_date = fields.Date.to_date("2025-06-20")
            form.schedule_user_id = self.collector_a
            form.schedule_summary = "Check the payment"
        form.record.action_confirm()
        note = self.notes()
        self.assertRecordValues(
            note,
            [
                {
                    "state": "done",
                    "origin": "manual",
                    "author_id": self.env.user.id,
                    "contact_type_id": self.contact_type.id,
                    "contact_partner_id": self.contact.id,
                    "next_date": fields.Date.to_date("2025-06-20"),
                }
            ],
        )
        self.assertRecordValues(
            self.case,
            [
                {
                    "next_date": fields.Date.to_date("2025-06-20"),
                    "contact_type_id": self.contact_type.id,
                    "contact_partner_id": self.contact.id,
                }
            ],
        )
        self.assertRecordValues(
            self.case.activity_ids,
            [
                {
                    "user_id": self.collector_a.id,
                    "date_deadline": fields.Date.to_date("2025-06-20"),
                    "summary": "Check the payment",
                }
            ],
        )
        # the next note shows the schedule of the customer's case
        self.assertEqual(self.note_form().save().activity_ids, self.case.activity_ids)

    @freeze_time("2025-06-16")
    def test_previous_and_done_schedules(self):
        """The wizard lists the customer's schedules, done ones included."""
        other_case = self.env["telecobranca.case"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company.id,
                "state": "closed",
            }
        )
        pending = self.case.activity_schedule(
            "mail.mail_activity_data_call",
            date_deadline=fields.Date.to_date("2025-06-18"),
            user_id=self.collector_a.id,
        )
        done = other_case.activity_schedule(
            "mail.mail_activity_data_call",
            date_deadline=fields.Date.to_date("2025-06-10"),
            summary="Old call",
            user_id=self.collector_a.id,
        )
        done.action_feedback(feedback="Customer answered")
        wizard = self.note_form().save()
        self.assertEqual(wizard.activity_ids, pending)
        self.assertEqual(len(wizard.done_message_ids), 1)
        self.assertIn("Customer answered", wizard.done_message_ids.body)

    @freeze_time("2025-06-16")
    def test_next_date_in_the_past_refused(self):
        form = self.note_form()
        form.body = "<p>Called.</p>"
        form.next_date = fields.Date.to_date("2025-06-13")
        wizard = form.save()
        with self.assertRaisesRegex(UserError, "past"):
            wizard.action_confirm()
        with self.assertRaisesRegex(UserError, "past"):
            wizard.action_save_pending()
        self.assertFalse(self.notes())
        self.assertFalse(self.case.next_date)

    @freeze_time("2025-06-16")
    def test_schedule_in_the_past_refused(self):
        form = self.note_form()
        form.body = "<p>Called.</p>"
        form.schedule_date = fields.Date.to_date("2025-06-10")
        with self.assertRaisesRegex(UserError, "past"):
            form.save().action_confirm()
        self.assertFalse(self.notes())
        self.assertFalse(self.case.activity_ids)

    # ------------------------------------------------------------------
    # F3.2: internal contact
    # ------------------------------------------------------------------
    def post_internal_contact(self):
        with self.note_form(user=self.collector_a) as form:
            form.body = "<p>Ask the sales team.</p>"
            form.internal_user_id = self.collector_a
            form.internal_date = fields.Date.to_date("2025-06-30")
        form.record.action_confirm()

    @freeze_time("2025-06-16")
    def test_internal_contact_kept_by_default(self):
        self.post_internal_contact()
        form = self.note_form(user=self.collector_b)
        self.assertEqual(form.internal_user_id, self.collector_a)
        self.assertEqual(form.internal_date, fields.Date.to_date("2025-06-30"))

    @freeze_time("2025-06-16")
    def test_internal_contact_removal_refused(self):
        """A collector of the same role cannot remove another's internal
        contact: nothing is saved."""
        self.post_internal_contact()
        form = self.note_form(user=self.collector_b)
        form.body = "<p>Nothing to ask anymore.</p>"
        form.internal_user_id = self.env["res.users"]
        wizard = form.save()
        with self.assertRaisesRegex(UserError, "higher collection role"):
            wizard.action_confirm()
        form = self.note_form(user=self.collector_b)
        form.body = "<p>Nothing to ask anymore.</p>"
        form.internal_date = False
        with self.assertRaisesRegex(UserError, "higher collection role"):
            form.save().action_confirm()
        self.assertEqual(len(self.notes()), 1)
        self.assertEqual(
            self.case._get_internal_contact(),
            (self.collector_a, fields.Date.to_date("2025-06-30")),
        )

    @freeze_time("2025-06-16")
    def test_internal_contact_removal_allowed(self):
        """The internal contact himself, or a supervisor above him, may."""
        self.post_internal_contact()
        # the supervisor is above the collector
        form = self.note_form(user=self.supervisor)
        form.body = "<p>Not needed.</p>"
        form.internal_user_id = self.env["res.users"]
        form.internal_date = False
        form.save().action_confirm()
        self.assertEqual(
            self.case._get_internal_contact(), (self.env["res.users"], False)
        )
        # the internal contact himself
        self.post_internal_contact()
        form = self.note_form(user=self.collector_a)
        form.body = "<p>Done with it.</p>"
        form.internal_user_id = self.env["res.users"]
        form.internal_date = False
        form.save().action_confirm()
        self.assertEqual(len(self.notes()), 4)
        self.assertFalse(self.case._get_internal_contact()[0])

    # ------------------------------------------------------------------
    # F3.4: e-mail
    # ------------------------------------------------------------------
    @freeze_time("2025-06-16")
    def test_email_makes_two_notes(self):
        form = self.note_form(user=self.collector_a)
        self.assertIn("please pay", form.email_body)
        self.assertEqual(form.email_subject, f"Overdue titles {self.case.name}")
        self.assertEqual(form.email_partner_ids[:], self.customer)
        form.body = "<p>Sent a reminder.</p>"
        wizard = form.save()
        wizard.action_send_email()
        self.assertIn("please pay", wizard.body)
        self.assertIn("Sent a reminder", wizard.body)
        message = self.case.message_ids.filtered(lambda m: m.subject)[:1]
        self.assertIn("please pay", message.body)
        self.assertIn(self.customer, message.partner_ids)
        wizard.action_confirm()
        notes = self.notes()
        self.assertEqual(len(notes), 2)
        self.assertEqual(sorted(notes.mapped("origin")), ["email", "manual"])
        email_note = notes.filtered(lambda n: n.origin == "email")
        self.assertIn("please pay", email_note.body)
        self.assertIn("please pay", notes.filtered(lambda n: n.origin == "manual").body)

    def test_email_without_address_refused(self):
        self.customer.email = False
        wizard = self.note_form().save()
        with self.assertRaisesRegex(UserError, "e-mail address"):
            wizard.action_send_email()
        self.assertFalse(self.notes())

    # ------------------------------------------------------------------
    # F3.5: attachments
    # ------------------------------------------------------------------
    def attachment(self, size):
        return self.env["ir.attachment"].create(
            {"name": f"file{size}.txt", "datas": base64.b64encode(b"x" * size)}
        )

    def test_attachment_within_limit(self):
        small = self.attachment(100)
        form = self.note_form()
        form.body = "<p>Receipt attached.</p>"
        form.attachment_ids.add(small)
        form.save().action_confirm()
        note = self.notes()
        self.assertEqual(note.attachment_ids, small)
        self.assertRecordValues(
            small, [{"res_model": "telecobranca.note", "res_id": note.id}]
        )

    def test_attachment_over_limit_refused(self):
        form = self.note_form()
        form.body = "<p>Big scan.</p>"
        form.attachment_ids.add(self.attachment(2000))
        wizard = form.save()
        with self.assertRaisesRegex(UserError, "larger than the limit of 0.001 MB"):
            wizard.action_confirm()
        with self.assertRaisesRegex(UserError, "larger"):
            wizard.action_save_pending()
        self.assertFalse(self.notes())

    def test_attachment_not_allowed_refused(self):
        self.case_type.allow_attachments = False
        form = self.note_form()
        self.assertFalse(form.allow_attachments)
        form.body = "<p>Scan.</p>"
        wizard = form.save()
        wizard.attachment_ids = self.attachment(10)
        with self.assertRaisesRegex(UserError, "does not allow attachments"):
            wizard.action_confirm()
        self.assertFalse(self.notes())

    # ------------------------------------------------------------------
    # Pending notes (A concluir)
    # ------------------------------------------------------------------
    @freeze_time("2025-06-16")
    def test_pending_note_resumed_then_confirmed(self):
        form = self.note_form(user=self.collector_a)
        form.body = "<p>Half written</p>"
        form.next_date = fields.Date.to_date("2025-06-18")
        form.save().action_save_pending()
        draft = self.notes()
        self.assertRecordValues(
            draft, [{"state": "draft", "author_id": self.collector_a.id}]
        )
        self.assertFalse(self.case.next_date, "a pending note does not move the case")
        # it is in the author's Pending notes only
        action = self.env.ref("telecobranca.telecobranca_note_action_pending")
        Note = self.env["telecobranca.note"]
        for user, expected in ((self.collector_a, draft), (self.collector_b, Note)):
            domain = safe_eval(action.domain, {"uid": user.id})
            self.assertEqual(Note.with_user(user).search(domain), expected)
        with self.assertRaisesRegex(UserError, "author"):
            draft.with_user(self.collector_b).action_resume()
        # the author resumes it where he left it
        resume = draft.with_user(self.collector_a).action_resume()
        form = Form(
            self.env["telecobranca.note.wizard"]
            .with_user(self.collector_a)
            .with_context(**resume["context"])
        )
        self.assertEqual(form.note_id, draft)
        self.assertIn("Half written", form.body)
        self.assertEqual(form.next_date, fields.Date.to_date("2025-06-18"))
        form.body = "<p>Half written, now complete.</p>"
        form.save().action_confirm()
        self.assertEqual(self.notes(), draft, "the same note, no new one")
        self.assertRecordValues(
            draft, [{"state": "done", "body": "<p>Half written, now complete.</p>"}]
        )
        self.assertEqual(self.case.next_date, fields.Date.to_date("2025-06-18"))
        with self.assertRaisesRegex(UserError, "not pending"):
            draft.with_user(self.collector_a).action_resume()

    # ------------------------------------------------------------------
    # F3.6: workflow decision
    # ------------------------------------------------------------------
    def test_decision_moves_stage_and_center(self):
        form = self.note_form()
        form.body = "<p>No agreement.</p>"
        form.decision_id = self.decision_to_legal
        form.save().action_confirm()
        self.assertRecordValues(
            self.case,
            [
                {
                    "stage_id": self.stage_legal.id,
                    "responsibility_center_id": self.center_agency.id,
                    "state": "open",
                }
            ],
        )
        self.assertEqual(self.notes().decision_id, self.decision_to_legal)

    def test_decision_asking_a_new_decision(self):
        self.decision_to_legal.requires_new_decision = True
        form = self.note_form()
        form.body = "<p>No agreement.</p>"
        form.decision_id = self.decision_to_legal
        action = form.save().action_confirm()
        self.assertEqual(action["res_model"], "telecobranca.note.wizard")
        form = Form(
            self.env["telecobranca.note.wizard"].with_context(**action["context"])
        )
        self.assertEqual(form.stage_id, self.stage_legal)
        form.body = "<p>Back to the phone team.</p>"
        form.decision_id = self.decision_back
        self.assertEqual(
            form.save().action_confirm(), {"type": "ir.actions.act_window_close"}
        )
        self.assertRecordValues(
            self.case,
            [
                {
                    "stage_id": self.stage_contact.id,
                    "responsibility_center_id": self.center_phone.id,
                }
            ],
        )

    def test_decision_not_allowed_refused(self):
        wizard = self.env["telecobranca.note.wizard"].create(
            {
                "case_id": self.case.id,
                "body": "<p>Back.</p>",
                "decision_id": self.decision_back.id,
            }
        )
        with self.assertRaisesRegex(UserError, "not allowed"):
            wizard.action_confirm()
        self.assertFalse(self.notes())
        self.assertEqual(self.case.stage_id, self.stage_contact)
        self.assertEqual(self.case.responsibility_center_id, self.center_phone)

    def test_decision_domain(self):
        wizard = self.note_form().save()
        allowed = self.env["telecobranca.workflow.decision"].search(
            [("stage_id", "=", wizard.stage_id.id)]
        )
        self.assertEqual(allowed, self.decision_to_legal)

    # ------------------------------------------------------------------
    # F3.7: history
    # ------------------------------------------------------------------
    def test_history_newest_first(self):
        Note = self.env["telecobranca.note"]
        day = fields.Datetime.to_datetime("2025-06-02 10:00:00")
        old = Note.create({"case_id": self.case.id, "body": "<p>old</p>", "date": day})
        system = Note.create(
            {
                "case_id": self.case.id,
                "body": "<p>renegotiated</p>",
                "origin": "system",
                "date": day + timedelta(days=2),
            }
        )
        email = Note.create(
            {
                "case_id": self.case.id,
                "body": "<p>mail</p>",
                "origin": "email",
                "date": day + timedelta(days=1),
            }
        )
        Note.create(
            {
                "case_id": self.case.id,
                "body": "<p>pending</p>",
                "state": "draft",
                "date": day + timedelta(days=3),
            }
        )
        action = self.case.action_view_history()
        self.assertEqual(action["res_model"], "telecobranca.note")
        self.assertEqual(Note.search(action["domain"]), system | email | old)
        self.assertEqual(
            Note.search(action["domain"]).ids, [system.id, email.id, old.id]
        )
        # the customer's history gathers every case of the customer
        self.case.action_close()
        other = self.env["telecobranca.case"].create(
            {"partner_id": self.customer.id, "company_id": self.company.id}
        )
        newest = Note.create(
            {
                "case_id": other.id,
                "body": "<p>new case</p>",
                "date": day + timedelta(days=5),
            }
        )
        closing = self.case.note_ids.filtered(lambda n: n.body and "closed" in n.body)
        action = self.customer.action_telecobranca_history()
        notes = Note.search(action["domain"])
        self.assertEqual(notes[0], closing[:1] or newest)
        self.assertIn(newest, notes)
        self.assertEqual(len(notes), 5)
        self.assertEqual(notes, notes.sorted(lambda n: n.date, reverse=True))

    def test_free_days_from_the_note(self):
        form = self.note_form()
        form.schedule_user_id = self.collector_b
        action = form.save().action_open_free_days()
        self.assertEqual(action["res_model"], "telecobranca.free.days.wizard")
        wizard = Form(
            self.env["telecobranca.free.days.wizard"].with_context(**action["context"])
        )
        self.assertEqual(wizard.user_ids[:], self.collector_b)

    def test_partner_note_button(self):
        arch = self.env["res.partner"].get_view(
            self.env.ref("base.view_partner_form").id
        )["arch"]
        self.assertIn("action_telecobranca_note", arch)
        self.assertIn("action_telecobranca_history", arch)
        arch = self.env["telecobranca.case"].get_view(
            self.env.ref("telecobranca.telecobranca_case_view_form").id
        )["arch"]
        self.assertIn("action_open_note_wizard", arch)
        self.assertIn("action_view_history", arch)
        action = self.customer.action_telecobranca_note()
        self.assertEqual(action["res_model"], "telecobranca.note.wizard")
        self.assertEqual(action["context"]["default_case_id"], self.case.id)
        self.case.action_close()
        with self.assertRaisesRegex(UserError, "no open collection case"):
            self.customer.action_telecobranca_note()

    # ------------------------------------------------------------------
    # F3.2 through the API: the note model itself refuses
    # ------------------------------------------------------------------
    @freeze_time("2025-06-16")
    def test_internal_contact_rpc_create_refused(self):
        """A caller of the API creating a note cannot drop or change another
        collector's internal contact either."""
        self.post_internal_contact()
        contact = (self.collector_a, fields.Date.to_date("2025-06-30"))
        Note = self.env["telecobranca.note"].with_user(self.collector_b)
        for vals in (
            {},
            {"internal_user_id": self.collector_b.id, "internal_date": "2025-06-30"},
            {"internal_user_id": self.collector_a.id, "internal_date": "2025-07-31"},
            {"internal_user_id": self.collector_a.id},
        ):
            with self.assertRaisesRegex(UserError, "higher collection role"):
                Note.create({"case_id": self.case.id, "body": "<p>RPC</p>", **vals})
        self.assertEqual(len(self.notes()), 1)
        self.assertEqual(self.case._get_internal_contact(), contact)
        # keeping it is allowed
        Note.create(
            {
                "case_id": self.case.id,
                "body": "<p>Called again.</p>",
                "internal_user_id": self.collector_a.id,
                "internal_date": "2025-06-30",
            }
        )
        self.assertEqual(len(self.notes()), 2)
        self.assertEqual(self.case._get_internal_contact(), contact)
        # the supervisor, above the collector, may remove it
        self.env["telecobranca.note"].with_user(self.supervisor).create(
            {"case_id": self.case.id, "body": "<p>Not needed.</p>"}
        )
        self.assertEqual(
            self.case._get_internal_contact(), (self.env["res.users"], False)
        )

    @freeze_time("2025-06-16")
    def test_internal_contact_rpc_write_refused(self):
        self.post_internal_contact()
        note = self.notes()
        for vals in (
            {"internal_user_id": False},
            {"internal_date": False},
            {"internal_date": "2025-07-31"},
            {"internal_user_id": self.collector_b.id},
        ):
            with self.assertRaisesRegex(UserError, "higher collection role"):
                note.with_user(self.collector_b).write(vals)
        self.assertRecordValues(
            note,
            [
                {
                    "internal_user_id": self.collector_a.id,
                    "internal_date": fields.Date.to_date("2025-06-30"),
                }
            ],
        )
        # other values of the note are not the internal contact's
        note.with_user(self.collector_b).write({"body": "<p>Typo fixed.</p>"})
        self.assertIn("Typo fixed", note.body)
        # the internal contact himself may move his date
        note.with_user(self.collector_a).write({"internal_date": "2025-07-31"})
        self.assertEqual(note.internal_date, fields.Date.to_date("2025-07-31"))
        # a pending note completed by the API may not drop it
        draft = (
            self.env["telecobranca.note"]
            .with_user(self.collector_b)
            .create({"case_id": self.case.id, "body": "<p>Draft</p>", "state": "draft"})
        )
        with self.assertRaisesRegex(UserError, "higher collection role"):
            draft.write({"state": "done"})
        self.assertEqual(draft.state, "draft")
        self.assertEqual(
            self.case._get_internal_contact(),
            (self.collector_a, fields.Date.to_date("2025-07-31")),
        )

    # ------------------------------------------------------------------
    # Wizards created by the API without a required value
    # ------------------------------------------------------------------
    def test_wizards_without_required_value(self):
        """A clear error naming the field, in the user's language; never the
        database's NotNullViolation."""
        checks = [
            ("telecobranca.note.wizard", {"body": "<p>RPC</p>"}, "Case"),
            (
                "telecobranca.case.close.wizard",
                {"case_ids": [Command.set(self.case.ids)]},
                "Note",
            ),
            (
                "telecobranca.case.open.wizard",
                {"note": "<p>Call</p>"},
                "Customer",
            ),
            ("telecobranca.case.close.wizard", {"note": "Paid"}, "Case"),
        ]
        for model, vals, label in checks:
            with (
                self.subTest(model=model),
                self.assertRaisesRegex(ValidationError, f"required fields: .*{label}"),
            ):
                self.env[model].with_user(self.collector_a).create(vals)
        # in the user's language
        self.env["res.lang"]._activate_lang("pt_BR")
        self.env["ir.module.module"]._load_module_terms(
            ["telecobranca"], ["pt_BR"], overwrite=True
        )
        with self.assertRaisesRegex(ValidationError, "Cliente"):
            self.env["telecobranca.case.open.wizard"].with_user(
                self.collector_a
            ).with_context(lang="pt_BR").create({"note": "<p>Ligar</p>"})
        # emptied later
        wizard = self.env["telecobranca.case.close.wizard"].create(
            {"case_ids": [Command.set(self.case.ids)], "note": "Paid"}
        )
        with self.assertRaisesRegex(ValidationError, "required fields"):
            wizard.write({"note": False})

    # ------------------------------------------------------------------
    # F3.3: cancelled schedules are kept
    # ------------------------------------------------------------------
    @freeze_time("2025-06-16 10:00:00")
    def test_cancelled_schedule_listed_with_who_and_when(self):
        activity = self.case.with_user(self.collector_a).activity_schedule(
            "mail.mail_activity_data_call",
            date_deadline=fields.Date.to_date("2025-06-18"),
            summary="Call back",
            user_id=self.collector_a.id,
        )
        activity.with_user(self.collector_b).action_cancel()
        self.assertFalse(self.case.activity_ids)
        cancelled = activity.with_context(active_test=False).exists()
        self.assertTrue(cancelled)
        self.assertRecordValues(
            cancelled,
            [
                {
                    "active": False,
                    "summary": "Call back",
                    "telecobranca_cancel_uid": self.collector_b.id,
                    "telecobranca_cancel_date": fields.Datetime.to_datetime(
                        "2025-06-16 10:00:00"
                    ),
                }
            ],
        )
        wizard = self.note_form().save()
        self.assertEqual(wizard.activity_ids, cancelled)
        arch = self.env["telecobranca.note.wizard"].get_view(
            self.env.ref("telecobranca.telecobranca_note_wizard_view_form").id
        )["arch"]
        self.assertIn("telecobranca_cancel_uid", arch)
        self.assertIn("telecobranca_cancel_date", arch)
        # a plain unlink by the API is a cancellation too
        other = self.case.activity_schedule(
            "mail.mail_activity_data_call",
            date_deadline=fields.Date.to_date("2025-06-19"),
            user_id=self.collector_a.id,
        )
        other.unlink()
        self.assertEqual(self.note_form().save().activity_ids, cancelled | other)
        # the schedules of a deleted case go with it
        other_customer = self.env["res.partner"].create({"name": "Mercado Sul"})
        case = self.env["telecobranca.case"].create(
            {"partner_id": other_customer.id, "company_id": self.company.id}
        )
        gone = case.activity_schedule(
            "mail.mail_activity_data_call",
            date_deadline=fields.Date.to_date("2025-06-19"),
            user_id=self.collector_a.id,
        )
        case.unlink()
        self.assertFalse(gone.with_context(active_test=False).exists())

    # ------------------------------------------------------------------
    # F3.6: the collector picks the next responsibility center
    # ------------------------------------------------------------------
    def test_decision_with_several_next_centers(self):
        self.decision_to_legal.next_responsibility_center_ids = [
            Command.set((self.center_agency | self.center_legal).ids)
        ]
        form = self.note_form()
        form.body = "<p>No agreement.</p>"
        form.decision_id = self.decision_to_legal
        self.assertFalse(form.next_responsibility_center_id)
        self.assertTrue(form.center_choice_needed)
        self.assertEqual(
            form.next_center_choice_ids[:], self.center_agency | self.center_legal
        )
        wizard = self.env["telecobranca.note.wizard"].create(
            {
                "case_id": self.case.id,
                "body": "<p>No agreement.</p>",
                "decision_id": self.decision_to_legal.id,
            }
        )
        with self.assertRaisesRegex(UserError, "choose the next one"):
            wizard.action_confirm()
        self.assertFalse(self.notes())
        wizard.next_responsibility_center_id = self.center_phone
        with self.assertRaisesRegex(UserError, "does not send cases"):
            wizard.action_confirm()
        form.next_responsibility_center_id = self.center_legal
        form.save().action_confirm()
        self.assertRecordValues(
            self.case,
            [
                {
                    "stage_id": self.stage_legal.id,
                    "responsibility_center_id": self.center_legal.id,
                }
            ],
        )

    def test_decision_with_one_next_center(self):
        self.decision_to_legal.next_responsibility_center_ids = [
            Command.set(self.center_legal.ids)
        ]
        form = self.note_form()
        form.body = "<p>No agreement.</p>"
        form.decision_id = self.decision_to_legal
        self.assertEqual(form.next_responsibility_center_id, self.center_legal)
        self.assertFalse(form.center_choice_needed)
        form.save().action_confirm()
        self.assertEqual(self.case.responsibility_center_id, self.center_legal)
