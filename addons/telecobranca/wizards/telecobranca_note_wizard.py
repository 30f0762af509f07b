# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The *Note* wizard (Parecer) of a collection case (F3.1-F3.6)."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import is_html_empty

from ..models.telecobranca_promise import PROMISE_CHANNELS


class TelecobrancaNoteWizard(models.TransientModel):
    _name = "telecobranca.note.wizard"
    _inherit = ["telecobranca.wizard.mixin"]
    _description = "Collection Note Wizard"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    case_id = fields.Many2one(
        "telecobranca.case", required=True, readonly=True, ondelete="cascade"
    )
    note_id = fields.Many2one(
        "telecobranca.note",
        string="Pending Note",
        readonly=True,
        ondelete="cascade",
        help="The pending note being completed.",
    )
    partner_id = fields.Many2one(related="case_id.partner_id")
    company_id = fields.Many2one(related="case_id.company_id", store=True)
    case_type_id = fields.Many2one(related="case_id.case_type_id")
    stage_id = fields.Many2one(related="case_id.stage_id")
    allow_attachments = fields.Boolean(compute="_compute_allow_attachments")

    body = fields.Html(
        string="Note", compute="_compute_note_values", store=True, readonly=False
    )
    contact_type_id = fields.Many2one(
        "telecobranca.contact.type",
        compute="_compute_note_values",
        store=True,
        readonly=False,
    )
    contact_partner_id = fields.Many2one(
        "res.partner",
        string="Contact Person",
        compute="_compute_note_values",
        store=True,
        readonly=False,
        domain="[('commercial_partner_id', '=', partner_id)]",
    )
    next_date = fields.Date(
        string="Next Collection Date",
        compute="_compute_note_values",
        store=True,
        readonly=False,
    )
    internal_user_id = fields.Many2one(
        "res.users",
        string="Internal Contact",
        compute="_compute_note_values",
        store=True,
        readonly=False,
        domain="[('share', '=', False)]",
        help="Once set, only this user or a user of a higher collection role "
        "may remove it.",
    )
    internal_date = fields.Date(
        string="Internal Contact Date",
        compute="_compute_note_values",
        store=True,
        readonly=False,
    )
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "telecobranca_note_wizard_ir_attachment_rel",
        "wizard_id",
        "attachment_id",
        string="Attachments",
        compute="_compute_note_values",
        store=True,
        readonly=False,
    )
    decision_id = fields.Many2one(
        "telecobranca.workflow.decision",
        domain="[('stage_id', '=', stage_id)]",
        help="Where the case goes next in its workflow.",
    )

    next_center_choice_ids = fields.Many2many(
        related="decision_id.next_responsibility_center_ids",
        string="Possible Next Centers",
    )
    center_choice_needed = fields.Boolean(compute="_compute_center_choice_needed")
    next_responsibility_center_id = fields.Many2one(
        "telecobranca.responsibility.center",
        compute="_compute_next_responsibility_center_id",
        store=True,
        readonly=False,
        domain="[('id', 'in', next_center_choice_ids)]",
        help="The decision may send the case to several teams: which one.",
    )

    # scheduling (F3.3)
    schedule_date = fields.Date(string="Schedule On")
    schedule_user_id = fields.Many2one(
        "res.users",
        string="Scheduled For",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    schedule_summary = fields.Char(string="Summary")
    activity_ids = fields.Many2many(
        "mail.activity",
        compute="_compute_schedules",
        string="Schedules",
        context={"active_test": False},
        help="Schedules of the customer's cases, cancelled ones included "
        "with who cancelled them and when.",
    )
    done_message_ids = fields.Many2many(
        "mail.message",
        compute="_compute_schedules",
        string="Done Schedules",
    )

    # e-mail (F3.4)
    email_subject = fields.Char(
        string="Subject", compute="_compute_email", store=True, readonly=False
    )
    email_body = fields.Html(
        string="E-mail", compute="_compute_email", store=True, readonly=False
    )
    email_partner_ids = fields.Many2many(
        "res.partner",
        string="Recipients",
        compute="_compute_email",
        store=True,
        readonly=False,
    )

    # promise to pay (B3): recorded with the note when a date is set
    currency_id = fields.Many2one(related="case_id.currency_id")
    promise_date = fields.Date(
        string="Promised Date",
        help="Set it to record a promise to pay with this note.",
    )
    promise_channel = fields.Selection(
        PROMISE_CHANNELS, string="Promised Through", default="phone"
    )
    promise_title_choice_ids = fields.Many2many(
        "account.move.line",
        compute="_compute_promise_title_choice_ids",
        string="Open Titles of the Case",
    )
    promise_title_ids = fields.Many2many(
        "account.move.line",
        "telecobranca_note_wizard_promise_title_rel",
        "wizard_id",
        "title_id",
        string="Titles Promised",
        compute="_compute_promise_title_ids",
        store=True,
        readonly=False,
        help="The titles the promise covers: all the open titles of the case "
        "unless you choose.",
    )
    promise_amount = fields.Monetary(
        string="Promised Amount",
        compute="_compute_promise_amount",
        store=True,
        readonly=False,
        help="The open amount of the titles promised unless you change it.",
    )

    history_note_ids = fields.Many2many(
        "telecobranca.note", compute="_compute_history_note_ids", string="History"
    )

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    @api.depends("case_type_id.allow_attachments")
    def _compute_allow_attachments(self):
        for wizard in self:
            wizard.allow_attachments = (
                not wizard.case_type_id or wizard.case_type_id.allow_attachments
            )

    @api.depends("case_id", "note_id")
    def _compute_note_values(self):
        for wizard in self:
            note, case = wizard.note_id, wizard.case_id
            if note:
                wizard.body = note.body
                wizard.contact_type_id = note.contact_type_id
                wizard.contact_partner_id = note.contact_partner_id
                wizard.next_date = note.next_date
                wizard.internal_user_id = note.internal_user_id
                wizard.internal_date = note.internal_date
                wizard.attachment_ids = note.attachment_ids
                continue
            user, date = case._get_internal_contact() if case else (False, False)
            wizard.body = wizard.body or False
            wizard.contact_type_id = case.contact_type_id
            wizard.contact_partner_id = case.contact_partner_id
            wizard.next_date = False
            wizard.internal_user_id = user
            wizard.internal_date = date
            wizard.attachment_ids = False

    @api.depends("decision_id.next_responsibility_center_ids")
    def _compute_center_choice_needed(self):
        for wizard in self:
            choices = wizard.decision_id.next_responsibility_center_ids
            wizard.center_choice_needed = len(choices) > 1

    @api.depends("decision_id")
    def _compute_next_responsibility_center_id(self):
        for wizard in self:
            choices = wizard.decision_id.next_responsibility_center_ids
            if wizard.next_responsibility_center_id not in choices or not choices:
                wizard.next_responsibility_center_id = (
                    choices if len(choices) == 1 else False
                )

    @api.depends("case_id")
    def _compute_email(self):
        for wizard in self:
            case = wizard.case_id
            template = case.case_type_id.mail_template_id
            wizard.email_partner_ids = case.contact_partner_id or case.partner_id
            wizard.email_subject = False
            wizard.email_body = False
            if case and template:
                wizard.email_subject = template._render_field("subject", case.ids)[
                    case.id
                ]
                wizard.email_body = template._render_field("body_html", case.ids)[
                    case.id
                ]

    @api.depends("case_id")
    def _compute_schedules(self):
        for wizard in self:
            cases = wizard.case_id.search(
                [("partner_id", "=", wizard.partner_id.id)]
            ).ids
            wizard.activity_ids = (
                self.env["mail.activity"]
                .with_context(active_test=False)
                .search(
                    [("res_model", "=", "telecobranca.case"), ("res_id", "in", cases)]
                )
            )
            wizard.done_message_ids = self.env["mail.message"].search(
                [
                    ("model", "=", "telecobranca.case"),
                    ("res_id", "in", cases),
                    ("mail_activity_type_id", "!=", False),
                ]
            )

    @api.depends("case_id")
    def _compute_promise_title_choice_ids(self):
        for wizard in self:
            wizard.promise_title_choice_ids = wizard.case_id.line_ids.filtered(
                lambda line: line.is_open and not line.reconciled
            ).move_line_id

    @api.depends("case_id")
    def _compute_promise_title_ids(self):
        for wizard in self:
            wizard.promise_title_ids = wizard.promise_title_choice_ids

    @api.depends("promise_title_ids")
    def _compute_promise_amount(self):
        for wizard in self:
            wizard.promise_amount = sum(
                wizard.promise_title_ids.mapped("amount_residual")
            )

    @api.depends("case_id")
    def _compute_history_note_ids(self):
        for wizard in self:
            wizard.history_note_ids = wizard.case_id.note_ids.filtered(
                lambda note: note.state == "done"
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_confirm(self):
        """OK: the note is done; the case moves on."""
        self.ensure_one()
        self._check_can_confirm()
        self._do_confirm()
        case = self.case_id
        if (
            self.decision_id.requires_new_decision
            and case.state == "open"
            and case._get_allowed_decisions()
        ):
            # the workflow asks right away for a decision of the next stage
            action = case.action_open_note_wizard()
            action["name"] = self.env._("New Decision")
            return action
        return {"type": "ir.actions.act_window_close"}

    def action_save_pending(self):
        """*Save as pending* (A concluir): keep a draft to finish later."""
        self.ensure_one()
        self._check_can_save_pending()
        self.case_id._do_post_note(
            self._get_note_values(),
            attachments=self.attachment_ids,
            note=self.note_id,
            state="draft",
        )
        return {"type": "ir.actions.act_window_close"}

    def action_send_email(self):
        """Send the e-mail; its text goes into the note and into a note of
        its own on the case."""
        self.ensure_one()
        self._check_can_send_email()
        self.case_id._do_post_email_note(
            self.email_subject, self.email_body, self.email_partner_ids
        )
        body = self.body if not is_html_empty(self.body) else Markup("")
        self.write(
            {
                "body": body + self.email_body,
                "email_body": False,
                "email_subject": False,
            }
        )
        return self._reopen()

    def action_open_free_days(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "telecobranca.telecobranca_free_days_wizard_action"
        )
        action["context"] = {
            "default_user_ids": (self.schedule_user_id or self.env.user).ids,
        }
        return action

    def _check_can_save_pending(self):
        if self.promise_date:
            raise UserError(
                self.env._(
                    "A promise to pay is recorded with OK, not in a pending note."
                )
            )
        self._check_can_save()

    def _check_can_save(self):
        self.case_id._check_note_values(
            self._get_note_values(), attachments=self.attachment_ids, note=self.note_id
        )

    def _check_can_confirm(self):
        self._check_can_save()
        if is_html_empty(self.body):
            raise UserError(self.env._("Write what was done in the note."))
        if self.decision_id and (
            self.decision_id not in self.case_id._get_allowed_decisions()
        ):
            raise UserError(
                self.env._(
                    "The decision %(decision)s is not allowed from the stage "
                    "%(stage)s.",
                    decision=self.decision_id.display_name,
                    stage=self.case_id.stage_id.display_name or "-",
                )
            )
        if self.decision_id:
            self.decision_id._get_next_center(self.next_responsibility_center_id)
        if self.schedule_date:
            if self.schedule_date < fields.Date.context_today(self):
                raise UserError(
                    self.env._("A contact cannot be scheduled in the past.")
                )
            if not self.schedule_user_id:
                raise UserError(self.env._("Choose whom the contact is scheduled for."))
        if self.promise_date:
            self.env["telecobranca.promise"]._check_promise_values(
                self.case_id,
                self.promise_date,
                self.promise_amount,
                self.promise_title_ids,
            )

    def _check_can_send_email(self):
        if is_html_empty(self.email_body):
            raise UserError(self.env._("Write the e-mail first."))
        missing = self.email_partner_ids.filtered(lambda partner: not partner.email)
        if not self.email_partner_ids or missing:
            raise UserError(
                self.env._(
                    "Choose recipients with an e-mail address: %(names)s",
                    names=", ".join(missing.mapped("display_name")) or "-",
                )
            )

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _get_note_values(self):
        return {
            "body": self.body,
            "contact_type_id": self.contact_type_id.id,
            "contact_partner_id": self.contact_partner_id.id,
            "next_date": self.next_date,
            "internal_user_id": self.internal_user_id.id,
            "internal_date": self.internal_date,
        }

    def _do_confirm(self):
        # schedule first: the decision may hand the case to another team
        if self.schedule_date:
            self.case_id.activity_schedule(
                "mail.mail_activity_data_call",
                date_deadline=self.schedule_date,
                summary=self.schedule_summary or "",
                user_id=self.schedule_user_id.id,
            )
        note = self.case_id._do_post_note(
            self._get_note_values(),
            attachments=self.attachment_ids,
            note=self.note_id,
            decision=self.decision_id,
            center=self.next_responsibility_center_id,
        )
        if self.promise_date:
            self.env["telecobranca.promise"].create(self._get_promise_values(note))
        return note

    def _get_promise_values(self, note):
        return {
            "case_id": self.case_id.id,
            "note_id": note.id,
            "date": self.promise_date,
            "amount": self.promise_amount,
            "channel": self.promise_channel or "phone",
            "title_ids": [fields.Command.set(self.promise_title_ids.ids)],
        }

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Note"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
