# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

NOTE_ORIGINS = [
    ("manual", "Manual"),
    ("email", "E-mail"),
    ("whatsapp", "WhatsApp"),
    ("system", "System"),
]


class TelecobrancaNote(models.Model):
    """A note (parecer) on a collection case.

    Plain model: the case is the document people talk about; its notes are
    its history. A draft note is pending (*A concluir*): its author resumes it
    from *Pending notes*.
    """

    _name = "telecobranca.note"
    _description = "Collection Case Note"
    _order = "date desc, id desc"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    case_id = fields.Many2one(
        "telecobranca.case",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    partner_id = fields.Many2one(
        related="case_id.partner_id", store=True, index=True, string="Customer"
    )
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True)
    author_id = fields.Many2one(
        "res.users", required=True, default=lambda self: self.env.user, index=True
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    body = fields.Html(string="Note", sanitize_style=True)
    contact_type_id = fields.Many2one("telecobranca.contact.type", check_company=True)
    contact_partner_id = fields.Many2one(
        "res.partner", string="Contact Person", check_company=True
    )
    next_date = fields.Date(string="Next Collection Date")
    internal_user_id = fields.Many2one("res.users", string="Internal Contact")
    internal_date = fields.Date(string="Internal Contact Date")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "telecobranca_note_ir_attachment_rel",
        "note_id",
        "attachment_id",
        string="Attachments",
    )
    origin = fields.Selection(NOTE_ORIGINS, required=True, default="manual", index=True)
    state = fields.Selection(
        [("draft", "Pending"), ("done", "Done")],
        required=True,
        default="done",
        index=True,
    )
    decision_id = fields.Many2one("telecobranca.workflow.decision", ondelete="restrict")

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

    # ------------------------------------------------------------------
    # Business (service)
    # ------------------------------------------------------------------
    @api.model
    def _log_system_note(self, cases, body, origin="system"):
        """Record ``body`` as a done note on each of ``cases``; returns the notes.

        The one way every flow (closing, write-off, renegotiation, CNAB
        return, sending) leaves its trace in the collection history. It never
        e-mails anybody, so the author needs no e-mail address. It runs as
        superuser because the flow that calls it has already checked the
        caller's rights on what it did; it only writes notes on ``cases``.
        """
        if not cases:
            return self
        return (
            self.sudo()
            .create(
                [
                    {
                        "case_id": case.id,
                        "body": body,
                        "origin": origin,
                        "state": "done",
                        "author_id": self.env.user.id,
                    }
                    for case in cases
                ]
            )
            .sudo(False)
        )
