# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Disputes: the customer contests a title, collection waits.

A title in dispute (an open ``telecobranca.dispute``) leaves the dunning
cadence until the dispute is resolved. A dispute is opened and resolved only
by its actions (:meth:`TelecobrancaDispute._do_open`, :meth:`_do_resolve`),
which log a note on the title's case; nobody edits it otherwise, as the
flows own the other collection state (``telecobranca_flow.py``).
"""

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .telecobranca_flow import FLOW, in_flow

DISPUTE_FLOW_FIELDS = frozenset(
    {
        "move_line_id",
        "case_id",
        "reason",
        "state",
        "user_id",
        "date",
        "resolution",
        "resolved_by_id",
        "date_resolved",
    }
)


class TelecobrancaDispute(models.Model):
    _name = "telecobranca.dispute"
    _description = "Title Dispute"
    _order = "state, date desc, id desc"
    _check_company_auto = True
    _rec_name = "move_line_id"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    move_line_id = fields.Many2one(
        "account.move.line",
        string="Title",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
    )
    case_id = fields.Many2one(
        "telecobranca.case", readonly=True, index="btree_not_null"
    )
    partner_id = fields.Many2one(
        related="move_line_id.partner_id.commercial_partner_id",
        string="Customer",
        store=True,
        index=True,
    )
    company_id = fields.Many2one(
        related="move_line_id.company_id", store=True, index=True
    )
    currency_id = fields.Many2one(related="move_line_id.company_currency_id")
    date_maturity = fields.Date(related="move_line_id.date_maturity")
    amount_residual = fields.Monetary(
        related="move_line_id.amount_residual", currency_field="currency_id"
    )
    reason = fields.Text(required=True, readonly=True)
    state = fields.Selection(
        [("open", "In Dispute"), ("resolved", "Resolved")],
        required=True,
        default="open",
        readonly=True,
        index=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Opened By", readonly=True, default=lambda s: s.env.user
    )
    date = fields.Datetime(
        string="Opened On", readonly=True, default=fields.Datetime.now
    )
    resolution = fields.Text(readonly=True)
    resolved_by_id = fields.Many2one("res.users", readonly=True)
    date_resolved = fields.Datetime(string="Resolved On", readonly=True)

    def init(self):
        # one open dispute per title
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (move_line_id) "
                "WHERE state = 'open'",
                SQL.identifier("telecobranca_dispute_open_title_uniq"),
                SQL.identifier(self._table),
            )
        )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not in_flow(self.env):
            raise UserError(
                self.env._(
                    "A dispute is opened only with the Dispute button of the "
                    "title or of the case."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if DISPUTE_FLOW_FIELDS & set(vals) and not in_flow(self.env):
            raise UserError(
                self.env._(
                    "A dispute changes only through its actions: open it with "
                    "Dispute and close it with Resolve."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_flow(self):
        if not in_flow(self.env):
            raise UserError(
                self.env._("A dispute is never deleted: resolve it instead.")
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    @api.model
    def action_open_disputes(self, titles, reason):
        """Put ``titles`` in dispute for ``reason``; returns the disputes."""
        self._check_can_open(titles, reason)
        return self._do_open(titles, reason)

    @api.model
    def _check_can_open(self, titles, reason):
        if not titles:
            raise UserError(self.env._("Select the titles in dispute."))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason of the dispute."))
        titles.check_access("read")
        not_open = titles.filtered(
            lambda t: not t.is_title or t.reconciled or t.parent_state != "posted"
        )
        if not_open:
            raise UserError(
                self.env._(
                    "Only open titles can be disputed: %(titles)s is not.",
                    titles=self.env["telecobranca.send"]._title_numbers(not_open),
                )
            )
        disputed = titles.filtered("telecobranca_in_dispute")
        if disputed:
            raise UserError(
                self.env._(
                    "The titles %(titles)s are already in dispute.",
                    titles=self.env["telecobranca.send"]._title_numbers(disputed),
                )
            )

    @api.model
    def _do_open(self, titles, reason):
        cases = self.env["telecobranca.note"]._get_title_cases(titles)
        open_cases = {
            title_id: case for title_id, case in cases.items() if case.state == "open"
        }
        disputes = self.with_context(telecobranca_flow=FLOW).create(
            [
                {
                    "move_line_id": title.id,
                    "case_id": open_cases[title.id].id
                    if title.id in open_cases
                    else False,
                    "reason": reason.strip(),
                }
                for title in titles
            ]
        )
        disputes._invalidate_dispute_fields()
        disputes._log(
            self.env._("Titles put in dispute: %(reason)s", reason=reason.strip())
        )
        return disputes

    def action_resolve(self, resolution):
        """Resolve the disputes with ``resolution``: collection resumes."""
        self._check_can_resolve(resolution)
        return self._do_resolve(resolution)

    def _check_can_resolve(self, resolution):
        if not self:
            raise UserError(self.env._("Select the disputes to resolve."))
        if not (resolution or "").strip():
            raise UserError(self.env._("Say how the dispute was resolved."))
        self.check_access("write")
        if self.filtered(lambda d: d.state != "open"):
            raise UserError(self.env._("This dispute is already resolved."))

    def _do_resolve(self, resolution):
        self.with_context(telecobranca_flow=FLOW).write(
            {
                "state": "resolved",
                "resolution": resolution.strip(),
                "resolved_by_id": self.env.uid,
                "date_resolved": fields.Datetime.now(),
            }
        )
        self._invalidate_dispute_fields()
        self._log(
            self.env._(
                "Dispute resolved, collection resumes: %(resolution)s",
                resolution=resolution.strip(),
            )
        )
        return True

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _invalidate_dispute_fields(self):
        """The computed marks of titles and customers follow the disputes."""
        self.env["account.move.line"].invalidate_model(["telecobranca_in_dispute"])
        self.env["res.partner"].invalidate_model(["telecobranca_dispute_count"])

    def _log(self, text):
        """Note ``text`` and the titles concerned on the titles' cases."""
        Send = self.env["telecobranca.send"]
        self.env["telecobranca.note"]._log_system_notes(
            [
                (
                    case,
                    Markup("<p>%s</p><p>%s</p>")
                    % (
                        escape(text),
                        escape(Send._title_numbers(disputes.move_line_id)),
                    ),
                )
                for case, disputes in self.filtered("case_id")
                .grouped("case_id")
                .items()
            ]
        )


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"  # pylint: disable=consider-merging-classes-inherited

    telecobranca_in_dispute = fields.Boolean(
        string="In Dispute",
        compute="_compute_telecobranca_in_dispute",
        search="_search_telecobranca_in_dispute",
        help="The customer disputes the title: the dunning cadence skips it "
        "until the dispute is resolved.",
    )

    def _compute_telecobranca_in_dispute(self):
        disputed = set(
            self.env["telecobranca.dispute"]
            .sudo()
            .search([("move_line_id", "in", self.ids), ("state", "=", "open")])
            .move_line_id.ids
        )
        for line in self:
            line.telecobranca_in_dispute = line.id in disputed

    def _search_telecobranca_in_dispute(self, operator, value):
        if operator not in ("=", "!="):
            return NotImplemented
        subquery = (
            self.env["telecobranca.dispute"]
            .sudo()
            ._search([("state", "=", "open")])
            .subselect("move_line_id")
        )
        positive = (operator == "=") == bool(value)
        return [("id", "in" if positive else "not in", subquery)]


class TelecobrancaCase(models.Model):
    _inherit = "telecobranca.case"

    dispute_ids = fields.One2many(
        "telecobranca.dispute", "case_id", string="Disputes", readonly=True
    )
    dispute_count = fields.Integer(
        string="Titles in Dispute", compute="_compute_dispute_count"
    )

    @api.depends("dispute_ids.state")
    def _compute_dispute_count(self):
        counts = dict(
            self.env["telecobranca.dispute"]._read_group(
                [("case_id", "in", self.ids), ("state", "=", "open")],
                ["case_id"],
                ["__count"],
            )
        )
        for case in self:
            case.dispute_count = counts.get(case, 0)

    def action_open_dispute_wizard(self):
        """Put the case's open titles in dispute."""
        self.ensure_one()
        titles = self.line_ids.filtered("is_open").move_line_id.filtered(
            lambda t: not t.reconciled and not t.telecobranca_in_dispute
        )
        return self.env["telecobranca.dispute.wizard"]._open_wizard(titles)

    def action_resolve_dispute_wizard(self):
        """Resolve the open disputes of the case."""
        self.ensure_one()
        disputes = self.dispute_ids.filtered(lambda d: d.state == "open")
        return self.env["telecobranca.dispute.wizard"]._open_wizard(
            self.env["account.move.line"], disputes
        )


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    telecobranca_dispute_count = fields.Integer(
        string="Titles in Dispute", compute="_compute_telecobranca_dispute_count"
    )

    def _compute_telecobranca_dispute_count(self):
        counts = dict(
            self.env["telecobranca.dispute"]._read_group(
                [
                    ("partner_id", "in", self.commercial_partner_id.ids),
                    ("state", "=", "open"),
                ],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.telecobranca_dispute_count = counts.get(
                partner.commercial_partner_id, 0
            )

    def action_telecobranca_view_disputes(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Disputes"),
            "res_model": "telecobranca.dispute",
            "view_mode": "list,form",
            "domain": [("partner_id", "=", self.commercial_partner_id.id)],
            "context": {"create": False, "search_default_open": 1},
        }
