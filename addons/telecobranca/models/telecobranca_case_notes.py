# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Writing notes (pareceres) on a case: checks and effects (F3.1-F3.6).

The *Note* wizard gathers the input and calls :meth:`_check_note_values`
then :meth:`_do_post_note`; a pending note (*A concluir*) is a draft note its
author resumes from *Pending notes*.
"""

from odoo import fields, models
from odoo.exceptions import UserError

# Collection roles, from the lowest to the highest.
ROLE_GROUPS = (
    "telecobranca.group_telecobranca_user",
    "telecobranca.group_telecobranca_supervisor",
    "telecobranca.group_telecobranca_manager",
)
DEFAULT_MAX_ATTACHMENT_MB = 10.0

# Note fields the wizard writes.
NOTE_FIELDS = (
    "body",
    "contact_type_id",
    "contact_partner_id",
    "next_date",
    "internal_user_id",
    "internal_date",
)


class ResUsers(models.Model):
    _inherit = "res.users"

    def _telecobranca_role_level(self):
        """Collection role of the user: 0 none, 1 user, 2 supervisor, 3 manager."""
        self.ensure_one()
        level = 0
        for rank, group in enumerate(ROLE_GROUPS, start=1):
            if self.has_group(group):
                level = rank
        return level


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _telecobranca_open_case(self):
        """The open collection case of the customer in the current company."""
        self.ensure_one()
        return self.env["telecobranca.case"]._get_open_cases(self)

    def action_telecobranca_note(self):
        """*Note* on the customer's open case."""
        self.ensure_one()
        case = self._telecobranca_open_case()
        if not case:
            raise UserError(
                self.env._(
                    "%(partner)s has no open collection case.",
                    partner=self.display_name,
                )
            )
        return case.action_open_note_wizard()

    def action_telecobranca_history(self):
        """*History*: the notes of all the customer's cases."""
        self.ensure_one()
        cases = self.env["telecobranca.case"].search(
            [("partner_id", "=", self.commercial_partner_id.id)]
        )
        action = cases.action_view_history()
        action["name"] = self.env._("History of %(name)s", name=self.display_name)
        return action


class TelecobrancaCase(models.Model):
    _inherit = "telecobranca.case"

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_open_note_wizard(self):
        """Open the *Note* wizard on the case."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Note"),
            "res_model": "telecobranca.note.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_id": self.id},
        }

    def action_view_history(self):
        """*History*: every note of the cases, newest first (F3.7)."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "telecobranca.telecobranca_note_action_history"
        )
        action["domain"] = [("case_id", "in", self.ids), ("state", "=", "done")]
        if len(self) == 1:
            action["name"] = self.env._("History of %(name)s", name=self.name)
        return action

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _get_internal_contact(self):
        """The internal contact (user, date) set by the last note of the case."""
        self.ensure_one()
        # sudo: the rule holds whoever may read the previous notes
        note = (
            self.env["telecobranca.note"]
            .sudo()
            .search(
                [
                    ("case_id", "=", self.id),
                    ("state", "=", "done"),
                    ("origin", "=", "manual"),
                ],
                limit=1,
            )
        )
        return note.internal_user_id.sudo(False), note.internal_date

    def _check_note_values(self, vals, attachments=None, note=None):
        """Refuse note values breaking the rules F3.1, F3.2 and F3.5.

        :param vals: values of the note (see ``NOTE_FIELDS``)
        :param attachments: ``ir.attachment`` records of the note
        :param note: the pending note being completed, if any
        """
        self.ensure_one()
        if self.state != "open":
            raise UserError(self.env._("The case %(name)s is closed.", name=self.name))
        if note and note.author_id != self.env.user:
            raise UserError(
                self.env._("Only the author of a pending note may complete it.")
            )
        today = fields.Date.context_today(self)
        next_date = fields.Date.to_date(vals.get("next_date"))
        if next_date and next_date < today:
            raise UserError(
                self.env._("The next collection date cannot be in the past.")
            )
        self._check_internal_contact_removal(vals)
        self._check_note_attachments(attachments or self.env["ir.attachment"])

    def _check_internal_contact_removal(self, vals):
        """F3.2: only the internal contact, or a user of a higher collection
        role, may remove the internal contact user or date."""
        user, date = self._get_internal_contact()
        new_user = self.env["res.users"].browse(vals.get("internal_user_id") or [])
        removed = (user and new_user != user) or (
            date and not vals.get("internal_date")
        )
        if not removed or not user or self.env.user == user:
            return
        me = self.env.user
        if me._telecobranca_role_level() <= user.sudo()._telecobranca_role_level():
            raise UserError(
                self.env._(
                    "Only %(user)s or a user with a higher collection role may "
                    "remove the internal contact of this case.",
                    user=user.name,
                )
            )

    def _check_note_attachments(self, attachments):
        """F3.5: attachments allowed by the case type, within its size limit."""
        if not attachments:
            return
        case_type = self.case_type_id
        if case_type and not case_type.allow_attachments:
            raise UserError(
                self.env._(
                    "The case type %(type)s does not allow attachments on notes.",
                    type=case_type.display_name,
                )
            )
        limit_mb = case_type.max_attachment_size_mb or DEFAULT_MAX_ATTACHMENT_MB
        for attachment in attachments:
            if attachment.file_size > limit_mb * 1024 * 1024:
                limit = f"{limit_mb:g}"
                raise UserError(
                    self.env._(
                        "The file %(name)s is larger than the limit of %(limit)s MB.",
                        name=attachment.name,
                        limit=limit,
                    )
                )

    def _do_post_note(
        self, vals, attachments=None, note=None, state="done", decision=None
    ):
        """Write the note (creating it or completing ``note``) and, when it is
        done, update the case: next date, contact, workflow decision."""
        self.ensure_one()
        attachments = attachments or self.env["ir.attachment"]
        values = {
            **{name: vals.get(name) or False for name in NOTE_FIELDS},
            "state": state,
            "decision_id": decision.id if decision else False,
            "attachment_ids": [fields.Command.set(attachments.ids)],
        }
        if note:
            values["date"] = fields.Datetime.now()
            note.write(values)
        else:
            note = self.env["telecobranca.note"].create(
                {**values, "case_id": self.id, "origin": "manual"}
            )
        attachments.sudo().write({"res_model": note._name, "res_id": note.id})
        if state == "done":
            case_vals = {"next_date": vals.get("next_date") or self.next_date}
            for name in ("contact_type_id", "contact_partner_id"):
                if vals.get(name):
                    case_vals[name] = vals[name]
            self.write(case_vals)
            if decision:
                self._apply_decision(decision)
        return note

    def _do_post_email_note(self, subject, body, partners):
        """Send ``body`` by e-mail to ``partners`` from the case and keep it as
        a note of origin *e-mail* (F3.4)."""
        self.ensure_one()
        self.message_post(
            subject=subject,
            body=body,
            partner_ids=partners.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return self.env["telecobranca.note"].create(
            {
                "case_id": self.id,
                "body": body,
                "origin": "email",
                "state": "done",
            }
        )


class TelecobrancaNote(models.Model):
    _inherit = "telecobranca.note"

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_resume(self):
        """Reopen a pending note in the *Note* wizard."""
        self.ensure_one()
        self._check_can_resume()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Note"),
            "res_model": "telecobranca.note.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_id": self.case_id.id, "default_note_id": self.id},
        }

    def _check_can_resume(self):
        for note in self:
            if note.state != "draft":
                raise UserError(self.env._("This note is not pending."))
            if note.author_id != self.env.user:
                raise UserError(
                    self.env._("Only the author of a pending note may complete it.")
                )
