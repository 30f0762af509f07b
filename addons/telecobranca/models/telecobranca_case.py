# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Collection case (atendimento de cobrança).

One open case per customer and company gathers the customer's titles under
collection (database guarantee: a partial unique index). The case closes by
itself when all its titles are settled (see ``account_full_reconcile.py``).
"""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_date
from odoo.tools.sql import index_exists

from .telecobranca_flow import FLOW

CLOSE_REASONS = [
    ("settled", "Titles settled"),
    ("manual", "Closed by the collector"),
]
DEFAULT_MAX_ATTACHMENT_MB = 10.0

# Note fields the *Note* wizard writes (see :meth:`_do_post_note`).
NOTE_FIELDS = (
    "body",
    "contact_type_id",
    "contact_partner_id",
    "next_date",
    "internal_user_id",
    "internal_date",
)


class TelecobrancaCase(models.Model):
    _name = "telecobranca.case"
    _description = "Collection Case"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "state desc, next_date, id desc"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('parent_id', '=', False)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        string="Collector",
        tracking=True,
        index=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    state = fields.Selection(
        [("open", "Open"), ("closed", "Closed")],
        required=True,
        default="open",
        tracking=True,
        index=True,
        copy=False,
    )
    next_date = fields.Date(
        string="Next Collection Date",
        tracking=True,
        index=True,
        help="Day the case shows up in its collector's worklist.",
    )
    case_type_id = fields.Many2one("telecobranca.case.type", check_company=True)
    stage_id = fields.Many2one(
        "telecobranca.workflow.stage",
        tracking=True,
        index="btree_not_null",
        group_expand="_read_group_stage_ids",
        domain="[('case_type_id', '=', case_type_id)]",
        copy=False,
    )
    responsibility_center_id = fields.Many2one(
        "telecobranca.responsibility.center",
        tracking=True,
        index="btree_not_null",
        check_company=True,
    )
    contact_type_id = fields.Many2one("telecobranca.contact.type", check_company=True)
    contact_partner_id = fields.Many2one(
        "res.partner",
        string="Contact Person",
        domain="[('commercial_partner_id', '=', partner_id)]",
    )
    phone = fields.Char(related="partner_id.phone")
    email = fields.Char(related="partner_id.email")
    line_ids = fields.One2many("telecobranca.case.line", "case_id", string="Lines")
    title_ids = fields.Many2many(
        "account.move.line", compute="_compute_title_ids", string="Titles"
    )
    overdue_line_ids = fields.Many2many(
        "telecobranca.case.line",
        compute="_compute_email_line_ids",
        string="Overdue Titles",
        help="Open titles of the case due before today: the collection e-mail "
        "calls only these overdue.",
    )
    upcoming_line_ids = fields.Many2many(
        "telecobranca.case.line",
        compute="_compute_email_line_ids",
        string="Titles Not Yet Due",
        help="Open titles of the case due today or later: the collection e-mail "
        "lists them apart, never as overdue.",
    )
    note_ids = fields.One2many("telecobranca.note", "case_id", string="Notes")
    note_count = fields.Integer(compute="_compute_note_count")
    promise_ids = fields.One2many("telecobranca.promise", "case_id", string="Promises")
    promise_count = fields.Integer(
        compute="_compute_promise_count", string="Open Promises"
    )
    title_count = fields.Integer(compute="_compute_amounts", string="Open Titles")
    amount_open = fields.Monetary(compute="_compute_amounts", string="Open Amount")
    amount_overdue = fields.Monetary(
        compute="_compute_amounts", string="Overdue Amount"
    )
    opened_by = fields.Selection(
        [("cron", "Automatic"), ("manual", "Manual")],
        default="manual",
        required=True,
        readonly=True,
    )
    date_closed = fields.Datetime(readonly=True, copy=False)
    close_reason = fields.Selection(CLOSE_REASONS, readonly=True, copy=False)
    close_note = fields.Text(readonly=True, copy=False)

    # ------------------------------------------------------------------
    # Database set-up
    # ------------------------------------------------------------------
    def init(self):
        res = super().init()
        # At most one open case per customer and company, whoever opens it.
        if not index_exists(self.env.cr, "telecobranca_case_open_partner_uniq"):
            self.env.cr.execute(
                SQL(
                    "CREATE UNIQUE INDEX %s ON %s (%s) WHERE %s",
                    SQL.identifier("telecobranca_case_open_partner_uniq"),
                    SQL.identifier(self._table),
                    SQL(", ").join(
                        SQL.identifier(col) for col in ["partner_id", "company_id"]
                    ),
                    SQL("state = 'open'"),
                )
            )
        return res

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    @api.depends("name")
    @api.depends_context("uid")
    def _compute_display_name(self):
        """The case's name, or a neutral label for whom its rules hide it.

        Odoo reads many2one display names as superuser (a title's
        ``collection_case_id`` shown to any reader of the title): the real
        user's read access is checked, without sudo.
        """
        readable = self.filtered("id").sudo(False)._filtered_access("read")
        for case in self:
            if case.id and case not in readable:
                case.display_name = self.env._("Restricted case")
            else:
                case.display_name = case.name

    @api.depends("line_ids.move_line_id")
    def _compute_title_ids(self):
        for case in self:
            case.title_ids = case.line_ids.move_line_id

    @api.depends_context("tz")
    @api.depends("line_ids.is_open", "line_ids.reconciled", "line_ids.date_maturity")
    def _compute_email_line_ids(self):
        today = fields.Date.context_today(self)
        for case in self:
            lines = case.line_ids.filtered(
                lambda line: line.is_open and not line.reconciled
            ).sorted(lambda line: (line.date_maturity or today, line.id))
            case.overdue_line_ids = lines.filtered(
                lambda line: line.date_maturity and line.date_maturity < today
            )
            case.upcoming_line_ids = lines - case.overdue_line_ids

    @api.depends("note_ids")
    def _compute_note_count(self):
        counts = dict(
            self.env["telecobranca.note"]._read_group(
                [("case_id", "in", self.ids)], ["case_id"], ["__count"]
            )
        )
        for case in self:
            case.note_count = counts.get(case, 0)

    @api.depends("promise_ids.state")
    def _compute_promise_count(self):
        counts = dict(
            self.env["telecobranca.promise"]._read_group(
                [("case_id", "in", self.ids), ("state", "=", "open")],
                ["case_id"],
                ["__count"],
            )
        )
        for case in self:
            case.promise_count = counts.get(case, 0)

    @api.depends_context("tz")
    @api.depends("line_ids.move_line_id.amount_residual")
    def _compute_amounts(self):
        """Open titles, open and overdue amounts: one query for all cases."""
        self.env["account.move.line"].flush_model(
            ["amount_residual", "reconciled", "date_maturity"]
        )
        self.env["telecobranca.case.line"].flush_model(["case_id", "move_line_id"])
        today = fields.Date.context_today(self)
        rows = self.env.execute_query(
            SQL(
                """SELECT line.case_id, count(*), SUM(aml.amount_residual),
                          SUM(aml.amount_residual)
                              FILTER (WHERE aml.date_maturity < %s)
                     FROM telecobranca_case_line line
                     JOIN account_move_line aml ON aml.id = line.move_line_id
                    WHERE line.case_id = ANY(%s) AND aml.reconciled IS NOT TRUE
                 GROUP BY line.case_id""",
                today,
                [case_id for case_id in self.ids if case_id],
            )
        )
        totals = {row[0]: row[1:] for row in rows}
        for case in self:
            count, amount, overdue = totals.get(case.id, (0, 0.0, 0.0))
            case.title_count = count
            case.amount_open = amount or 0.0
            case.amount_overdue = overdue or 0.0

    def _order_field_to_sql(self, alias, field_name, direction, nulls, query):
        if field_name in ("amount_overdue", "amount_open"):
            return SQL(
                "%s %s %s", self._amount_sql(alias, field_name), direction, nulls
            )
        return super()._order_field_to_sql(alias, field_name, direction, nulls, query)

    def _amount_sql(self, alias, field_name):
        """SQL of the open (or overdue) amount of the case ``alias``."""
        overdue = SQL("")
        if field_name == "amount_overdue":
            overdue = SQL("AND aml.date_maturity < %s", fields.Date.context_today(self))
        return SQL(
            """(SELECT COALESCE(SUM(aml.amount_residual), 0)
                  FROM telecobranca_case_line cl
                  JOIN account_move_line aml ON aml.id = cl.move_line_id
                 WHERE cl.case_id = %(case)s AND aml.reconciled IS NOT TRUE
                       %(overdue)s)""",
            case=SQL.identifier(alias, "id"),
            overdue=overdue,
        )

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        case_type_id = self.env.context.get("default_case_type_id")
        search_domain = [("id", "in", stages.ids)]
        if case_type_id:
            search_domain = ["|", ("case_type_id", "=", case_type_id), *search_domain]
        return stages.search(search_domain)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = (
                    self.env["ir.sequence"]
                    .with_company(company)
                    .next_by_code("telecobranca.case")
                    or "/"
                )
        return super().create(vals_list)

    def write(self, vals):
        """The state changes only through ``action_close``/``action_reopen``
        (their ``_do_close``/``_do_reopen`` put the FLOW mark in
        ``telecobranca_case_state``, which no RPC client can send):
        a plain write would leave the titles held by a closed case. Only a
        supervisor reassigns a case (``user_id``)."""
        state_flow = self.env.context.get("telecobranca_case_state") is FLOW
        if "state" in vals and not state_flow:
            raise UserError(
                self.env._(
                    "A case is closed or reopened only with its Close and "
                    "Reopen buttons, never by changing its state directly."
                )
            )
        if (
            "user_id" in vals
            and not self.env.su
            and not self.env.user.has_group(
                "telecobranca.group_telecobranca_supervisor"
            )
            and any(case.user_id.id != vals["user_id"] for case in self)
        ):
            raise UserError(
                self.env._("Only a collection supervisor may reassign a case.")
            )
        return super().write(vals)

    def unlink(self):
        # the schedules of a deleted case go with it (see mail_activity.py)
        return super(
            TelecobrancaCase, self.with_context(telecobranca_case_unlink=True)
        ).unlink()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_close(self, note=None):
        """Close the cases by hand, with ``note`` as the reason.

        From the form's button (context ``telecobranca_close_ask_note``), ask
        the reason first in the *Close case* wizard.
        """
        self._check_can_close()
        if note is None and self.env.context.get("telecobranca_close_ask_note"):
            action = self.env["ir.actions.act_window"]._for_xml_id(
                "telecobranca.telecobranca_case_close_wizard_action"
            )
            action["context"] = {
                "active_ids": self.ids,
                "active_model": "telecobranca.case",
            }
            return action
        self._do_close("manual", note=note)
        return True

    def _check_can_close(self):
        for case in self:
            if case.state != "open":
                raise UserError(
                    self.env._(
                        "The case %(name)s of %(partner)s is already closed: only "
                        "open cases can be closed.",
                        name=case.name,
                        partner=case.partner_id.display_name,
                    )
                )

    def action_reopen(self):
        self._check_can_reopen()
        self._do_reopen()
        return True

    def _check_can_reopen(self):
        if not self.env.user.has_group("telecobranca.group_telecobranca_supervisor"):
            raise UserError(
                self.env._("Only a collection supervisor may reopen cases.")
            )
        for case in self:
            if case.state != "closed":
                raise UserError(
                    self.env._(
                        "The case %(name)s of %(partner)s is not closed.",
                        name=case.name,
                        partner=case.partner_id.display_name,
                    )
                )
            if not case.line_ids.move_line_id.filtered(
                lambda title: not title.reconciled
            ):
                raise UserError(
                    self.env._(
                        "The case %(name)s of %(partner)s has no open title left: "
                        "there is nothing to collect.",
                        name=case.name,
                        partner=case.partner_id.display_name,
                    )
                )
        open_keys = {
            (case.partner_id, company)
            for company, cases in self.grouped("company_id").items()
            for case in self._get_open_cases(cases.partner_id, company)
        }
        for case in self:
            key = (case.partner_id, case.company_id)
            if key in open_keys:
                raise UserError(
                    self.env._(
                        "The customer %(partner)s already has an open case: add "
                        "the titles to it instead.",
                        partner=case.partner_id.display_name,
                    )
                )
            open_keys.add(key)
        in_other = self.env["telecobranca.case.line"].search(
            [
                ("is_open", "=", True),
                ("move_line_id", "in", self.line_ids.move_line_id.ids),
            ],
            limit=1,
        )
        if in_other:
            raise UserError(
                self.env._(
                    "The title %(title)s is already in the open case %(case)s.",
                    title=in_other.move_line_id.title_number,
                    case=in_other.case_id.name,
                )
            )

    def action_view_notes(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Notes of %(name)s", name=self.name),
            "res_model": "telecobranca.note",
            "view_mode": "list,form",
            "domain": [("case_id", "=", self.id)],
            "context": {"default_case_id": self.id},
        }

    def action_view_promises(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "telecobranca.telecobranca_promise_action"
        )
        action["domain"] = [("case_id", "=", self.id)]
        action["context"] = {"search_default_filter_open": 1}
        return action

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
            action["name"] = action["display_name"] = self.env._(
                "History of %(name)s", name=self.name
            )
        return action

    @api.model
    def action_open_worklist(self):
        """Collector worklist: cases to contact today, largest debts first."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "telecobranca.telecobranca_case_action_worklist_window"
        )
        list_view = self.env.ref("telecobranca.telecobranca_case_view_list_worklist")
        action.update(
            {
                "name": self.env._("My Cases to Contact Today"),
                "domain": self._get_worklist_domain(),
                "context": {},
                "views": [(list_view.id, "list"), (False, "form")],
                "view_mode": "list,form",
            }
        )
        return action

    @api.model
    def action_update_collections(self):
        """Manager action: run the automatic opening now for the current
        company."""
        self._check_can_update_collections()
        done = self._do_update_collections(self.env.company)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Collections updated: %(count)s customers.", count=done
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    @api.model
    def _check_can_update_collections(self):
        # the button and the server action carry the manager group too
        if not self.env.user.has_group("telecobranca.group_telecobranca_manager"):
            raise UserError(self.env._("Only a collection manager may do this."))

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _do_update_collections(self, companies):
        """Run the automatic opening now for ``companies``; returns the
        number of customers whose case was opened or extended."""
        return self.env["telecobranca.case.opening"]._run(companies=companies)

    def _do_close(self, reason, note=None):
        """Close the cases with ``reason`` (see ``CLOSE_REASONS``)."""
        cases = self.filtered(lambda case: case.state == "open")
        if not cases:
            return cases
        cases.with_context(telecobranca_case_state=FLOW).write(
            {
                "state": "closed",
                "close_reason": reason,
                "close_note": note or False,
                "date_closed": fields.Datetime.now(),
            }
        )
        cases.line_ids.with_context(telecobranca_flow=FLOW).write({"is_open": False})
        label = dict(self._fields["close_reason"]._description_selection(self.env))[
            reason
        ]
        body = Markup("<p>%s</p>") % self.env._("Case closed: %(reason)s", reason=label)
        if note:
            body += Markup("<p>%s</p>") % note
        self.env["telecobranca.note"]._log_system_note(cases, body)
        return cases

    def _do_reopen(self):
        self.with_context(telecobranca_case_state=FLOW).write(
            {
                "state": "open",
                "close_reason": False,
                "close_note": False,
                "date_closed": False,
            }
        )
        # titles settled meanwhile stay closed in the case
        self.line_ids.filtered(
            lambda line: not line.move_line_id.reconciled
        ).with_context(telecobranca_flow=FLOW).write({"is_open": True})

    def _apply_decision(self, decision, center=None):
        """Move the case along its workflow by ``decision``.

        The decision must leave from the case's current stage. The case goes
        to the decision's next stage and responsibility center: ``center``
        when the decision allows several (the collector's choice), else the
        decision's own (or the next stage's center when the decision names
        none). A closing stage closes the case.
        """
        self.ensure_one()
        if not decision:
            return self
        if decision.stage_id != self.stage_id:
            raise UserError(
                self.env._(
                    "The decision %(decision)s is not allowed from the stage "
                    "%(stage)s of the case %(case)s.",
                    decision=decision.display_name,
                    stage=self.stage_id.display_name or self.env._("(none)"),
                    case=self.name,
                )
            )
        next_stage = decision.next_stage_id
        center = (
            decision._get_next_center(center)
            or next_stage.responsibility_center_id
            or self.responsibility_center_id
        )
        self.write({"stage_id": next_stage.id, "responsibility_center_id": center.id})
        if next_stage.is_closing and self.state == "open":
            self._do_close("manual", note=decision.name)
        return self

    def _get_allowed_decisions(self):
        """Decisions the collector may take from the case's current stage."""
        self.ensure_one()
        return self.stage_id.decision_ids

    @api.model
    def _close_settled_cases(self, move_line_ids):
        """Close the open cases whose titles are all settled now (F2.5).

        Called with the titles just fully reconciled; one query finds the
        open cases among theirs that have no open title left.
        """
        self.env["account.move.line"].flush_model(
            ["reconciled", "full_reconcile_id", "amount_residual"]
        )
        self.env["telecobranca.case.line"].flush_model()
        rows = self.env.execute_query(
            SQL(
                """SELECT DISTINCT line.case_id
                     FROM telecobranca_case_line line
                    WHERE line.is_open AND line.move_line_id = ANY(%s)
                      AND NOT EXISTS (
                          SELECT 1 FROM telecobranca_case_line other
                            JOIN account_move_line aml ON aml.id = other.move_line_id
                           WHERE other.case_id = line.case_id AND other.is_open
                             AND aml.full_reconcile_id IS NULL
                             AND aml.reconciled IS NOT TRUE)""",
                list(move_line_ids),
            )
        )
        if not rows:
            return self.browse()
        cases = self.sudo().browse(case_id for (case_id,) in rows)
        return cases._do_close("settled")

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
            raise UserError(
                self.env._(
                    "The case %(name)s of %(partner)s is closed: reopen it or open "
                    "a new collection to write a note.",
                    name=self.name,
                    partner=self.partner_id.display_name,
                )
            )
        if note and note.author_id != self.env.user:
            raise UserError(
                self.env._("Only the author of a pending note may complete it.")
            )
        today = fields.Date.context_today(self)
        next_date = fields.Date.to_date(vals.get("next_date"))
        if next_date and next_date < today:
            raise UserError(
                self.env._(
                    "The next collection date of the case %(name)s (%(partner)s) "
                    "cannot be in the past: %(date)s is before today.",
                    name=self.name,
                    partner=self.partner_id.display_name,
                    date=format_date(self.env, next_date),
                )
            )
        self._check_internal_contact_removal(vals)
        self._check_note_attachments(attachments or self.env["ir.attachment"])

    def _check_internal_contact_removal(self, vals, current=None):
        """F3.2: only the internal contact, or a user of a higher collection
        role, may remove or change the internal contact user or date.

        :param vals: the new values (``internal_user_id``, ``internal_date``)
        :param current: the (user, date) being replaced; by default the
            internal contact of the case (see :meth:`_get_internal_contact`)
        """
        user, date = current if current is not None else self._get_internal_contact()
        if not user or self.env.su:
            return
        new_user = self.env["res.users"].browse(vals.get("internal_user_id") or [])
        new_date = fields.Date.to_date(vals.get("internal_date")) or False
        changed = new_user != user or (date or False) != new_date
        if not changed or self.env.user._telecobranca_may_override(user):
            return
        raise UserError(
            self.env._(
                "Only %(user)s or a user with a higher collection role may "
                "remove or change the internal contact of this case.",
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
        self,
        vals,
        attachments=None,
        note=None,
        state="done",
        decision=None,
        center=None,
    ):
        """Write the note (creating it or completing ``note``) and, when it is
        done, update the case: next date, contact, workflow decision (to the
        responsibility center ``center`` when the decision offers several)."""
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
                self._apply_decision(decision, center=center)
        return note

    def _do_post_email_note(self, subject, body, partners):
        """Send ``body`` by e-mail to ``partners`` from the case and keep it as
        a note of origin *e-mail* (F3.4)."""
        self.ensure_one()
        self.env["telecobranca.send"]._check_sender_email()
        self.message_post(
            subject=subject,
            body=body,
            partner_ids=partners.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return self.env["telecobranca.note"]._log_system_note(
            self, body, origin="email"
        )

    def _get_collection_email_cases(self):
        """The cases whose customer may receive collection e-mails."""
        return self.filtered(
            lambda case: (
                case.partner_id.email
                and case.company_id.telecobranca_excluded_tag_id
                not in case.partner_id.category_id
            )
        )

    def _send_collection_email(self):
        """Queue the collection e-mail to the customers of these cases (F2.6)."""
        return self.env["telecobranca.send"]._send_collection_email(self)

    @api.model
    def _get_open_cases(self, partners, company=None):
        """The open cases of ``partners``' commercial entities in ``company``
        (the current company by default): at most one per customer."""
        return self.search(
            [
                ("partner_id", "in", partners.commercial_partner_id.ids),
                ("company_id", "=", (company or self.env.company).id),
                ("state", "=", "open"),
            ]
        )

    @api.model
    def _get_worklist_domain(self):
        """The current user's open cases due for contact today or before."""
        return [
            ("user_id", "=", self.env.uid),
            ("state", "=", "open"),
            ("next_date", "<=", fields.Date.context_today(self)),
        ]

    @api.model
    def action_send_collection_emails(self):
        """Manager action: ask to confirm the collection e-mail to every
        customer with overdue titles in an open case of the current company,
        telling how many customers will get it."""
        self._check_can_send_collection_emails()
        wizard = self.env["telecobranca.collection.email.wizard"].create(
            {"company_id": self.env.company.id}
        )
        return wizard._get_form_action()

    @api.model
    def _check_can_send_collection_emails(self):
        if not self.env.user.has_group("telecobranca.group_telecobranca_manager"):
            raise UserError(
                self.env._("Only a collection manager may send collection e-mails.")
            )

    @api.model
    def _get_collection_email_targets(self, company=None):
        """The open cases of ``company`` (the current one by default) with an
        overdue title whose customer may receive the collection e-mail."""
        today = fields.Date.context_today(self)
        cases = self.search(
            [
                ("company_id", "=", (company or self.env.company).id),
                ("state", "=", "open"),
                (
                    "line_ids",
                    "any",
                    [
                        ("is_open", "=", True),
                        ("move_line_id.reconciled", "=", False),
                        ("move_line_id.date_maturity", "<", today),
                    ],
                ),
            ]
        )
        return cases._get_collection_email_cases()

    @api.model
    def _do_send_collection_emails(self, company=None):
        """Queue the collection e-mail of ``company``'s cases; the cases sent."""
        self._check_can_send_collection_emails()
        return self._get_collection_email_targets(company)._send_collection_email()

    # ------------------------------------------------------------------
    # Reassignment (supervisors)
    # ------------------------------------------------------------------
    def action_reassign(self, user, reason=None):
        """Give the cases to the collector ``user``, a note on each."""
        self._check_can_reassign(user)
        return self._do_reassign(user, reason=reason)

    def _check_can_reassign(self, user):
        if not self.env.user.has_group("telecobranca.group_telecobranca_supervisor"):
            raise UserError(
                self.env._("Only a collection supervisor may reassign cases.")
            )
        if not self:
            raise UserError(self.env._("Select the cases to reassign."))
        if (
            not user
            or user.share
            or not user.has_group("telecobranca.group_telecobranca_user")
        ):
            raise UserError(
                self.env._(
                    "Choose the collector who gets the cases: %(user)s is not a "
                    "collector (Telecobrança user).",
                    user=user.name or self.env._("nobody"),
                )
            )
        for case in self:
            if case.state != "open":
                raise UserError(
                    self.env._(
                        "The case %(name)s of %(partner)s is closed: only open "
                        "cases are reassigned.",
                        name=case.name,
                        partner=case.partner_id.display_name,
                    )
                )
            if case.company_id not in user.company_ids:
                raise UserError(
                    self.env._(
                        "%(user)s does not work in the company %(company)s of the "
                        "case %(name)s (%(partner)s).",
                        user=user.name,
                        company=case.company_id.name,
                        name=case.name,
                        partner=case.partner_id.display_name,
                    )
                )

    def _do_reassign(self, user, reason=None):
        """Write the new collector (the supervisor-only write of ``user_id``)
        and log who had each case, who has it now and why."""
        cases = self.filtered(lambda case: case.user_id != user)
        previous = {case: case.user_id for case in cases}
        cases.write({"user_id": user.id})
        case_bodies = []
        for case in cases:
            body = Markup("<p>%s</p>") % self.env._(
                "Case reassigned from %(old)s to %(new)s by %(by)s.",
                old=previous[case].name or self.env._("nobody"),
                new=user.name,
                by=self.env.user.name,
            )
            if reason:
                body += Markup("<p>%s</p>") % reason
            case_bodies.append((case, body))
        self.env["telecobranca.note"]._log_system_notes(case_bodies)
        return cases

    # ------------------------------------------------------------------
    # Cron
    # ------------------------------------------------------------------
    @api.model
    def _cron_open_cases(self, batch_size=None):
        """Daily: open or extend cases for titles that became eligible."""
        return self.env["telecobranca.case.opening"]._run(batch_size=batch_size)
