# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount, format_date, html2plaintext

# words of the note's text shown in its name (breadcrumb, form title)
DISPLAY_NAME_WORDS = 8

NOTE_ORIGINS = [
    ("manual", "Manual"),
    ("email", "E-mail"),
    ("whatsapp", "WhatsApp"),
    ("sms", "SMS"),
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
    # Compute
    # ------------------------------------------------------------------
    @api.depends("case_id.name", "date", "body")
    @api.depends_context("tz", "lang")
    def _compute_display_name(self):
        """``<case> – <date> – <first words>``: the note, not its model name
        and id, in the breadcrumb and the form's title."""
        for note in self:
            date = (
                fields.Datetime.context_timestamp(note, note.date).date()
                if note.date
                else False
            )
            words = html2plaintext(note.body or "").split()
            text = " ".join(words[:DISPLAY_NAME_WORDS])
            if len(words) > DISPLAY_NAME_WORDS:
                text += "…"
            parts = [note.case_id.name, date and format_date(note.env, date), text]
            note.display_name = " – ".join(part for part in parts if part)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        # F3.2 whoever creates the note (wizard, form, RPC): a done manual
        # note sets the case's internal contact
        for vals in vals_list:
            if (
                vals.get("state", "done") == "done"
                and vals.get("origin", "manual") == "manual"
                and vals.get("case_id")
            ):
                case = self.env["telecobranca.case"].browse(vals["case_id"])
                case._check_internal_contact_removal(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_internal_contact_write(vals)
        return super().write(vals)

    def _check_internal_contact_write(self, vals):
        """F3.2 on ``write``: a done note keeps its internal contact unless
        the user may override it; a pending note being completed must not
        override the case's internal contact."""
        if self.env.su or not (
            {"internal_user_id", "internal_date", "state"} & set(vals)
        ):
            return
        for note in self:
            if note.origin != "manual":
                continue
            new_vals = {
                name: vals.get(
                    name, note[name].id if name == "internal_user_id" else note[name]
                )
                for name in ("internal_user_id", "internal_date")
            }
            if note.state == "done":
                note.case_id._check_internal_contact_removal(
                    new_vals, current=(note.internal_user_id, note.internal_date)
                )
            elif vals.get("state") == "done":
                note.case_id._check_internal_contact_removal(new_vals)

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
        return self._log_system_notes([(case, body) for case in cases], origin)

    @api.model
    def _log_system_notes(self, case_bodies, origin="system"):
        """:meth:`_log_system_note` with a text per case: ``case_bodies`` is
        a list of ``(case, body)``; one ``create()`` for all."""
        if not case_bodies:
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
                    for case, body in case_bodies
                ]
            )
            .sudo(False)
        )

    @api.model
    def _get_title_cases(self, titles):
        """{title id: case} of the case holding each of ``titles`` (account
        move lines): its open case, else the last case that held it."""
        lines = (
            self.env["telecobranca.case.line"]
            .sudo()
            .search([("move_line_id", "in", titles.ids)], order="is_open desc, id desc")
        )
        cases = {}
        for line in lines:
            cases.setdefault(line.move_line_id.id, line.case_id)
        return cases

    @api.model
    def _log_title_notes(self, title_bodies, origin="system"):
        """Log a note per title on the case that holds (or held) it:
        ``title_bodies`` is a list of ``(title, body)``; titles in no case
        are skipped. Returns the notes."""
        titles = self.env["account.move.line"].union(
            *(title for title, _body in title_bodies)
        )
        cases = self._get_title_cases(titles)
        return self._log_system_notes(
            [
                (cases[title.id], body)
                for title, body in title_bodies
                if title.id in cases
            ],
            origin,
        )

    @api.model
    def _log_cnab_return(self, filename, titles, results):
        """The payments and rejections of a bank return file ``filename``
        in the history of the titles' cases (F8.4).

        :param titles: the title of each record of the file (or ``None``)
        :param results: ``(action, message, settlement)`` of each record (see
            ``telecobranca.cnab.return._process``)
        """
        title_bodies = []
        for title, (action, message, settlement) in zip(titles, results, strict=True):
            if not title or action not in ("paid", "rejected"):
                continue
            number = title.title_number or title.display_name
            if action == "paid":
                body = self.env._(
                    "Boleto of the title %(title)s paid at the bank (return file "
                    "%(file)s): %(amount)s.",
                    title=number,
                    file=filename,
                    amount=format_amount(
                        self.env, float(settlement["paid"]), title.company_currency_id
                    ),
                )
            else:
                body = self.env._(
                    "Boleto of the title %(title)s rejected by the bank (return "
                    "file %(file)s): %(reason)s",
                    title=number,
                    file=filename,
                    reason=message,
                )
            title_bodies.append((title, Markup("<p>%s</p>") % body))
        return self._log_title_notes(title_bodies)
