# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Title timeline (linha do tempo) screen.

See the timeline section of ``models/account_move_line.py`` for what it shows.
"""

from odoo import api, fields, models

KINDS = [
    ("title", "Title"),
    ("payment", "Payment"),
    ("bank_payment", "Bank Return Payment"),
    ("renegotiation", "Renegotiation"),
    ("write_off", "Write-off"),
    ("credit_note", "Credit Note"),
    ("entry", "Journal Entry"),
]


class TelecobrancaTimeline(models.TransientModel):
    _name = "telecobranca.timeline"
    _description = "Title Timeline"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    title_ids = fields.Many2many(
        "account.move.line",
        string="Titles",
        domain=[("is_title", "=", True)],
        readonly=True,
    )
    line_ids = fields.One2many(
        "telecobranca.timeline.line", "timeline_id", string="Events", readonly=True
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    show_analytic = fields.Boolean(
        compute="_compute_show_analytic",
        help="The company works with cost centers (analytic accounting).",
    )

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    @api.depends("line_ids.analytic")
    def _compute_show_analytic(self):
        uses_analytic = self.env.user.has_group("analytic.group_analytic_accounting")
        for timeline in self:
            timeline.show_analytic = uses_analytic or any(
                timeline.line_ids.mapped("analytic")
            )

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _do_build(self):
        """(Re)create the timeline events of the titles."""
        for timeline in self:
            vals_list = []
            for title in timeline.title_ids:
                vals_list += timeline._prepare_title_events(title)
            for sequence, vals in enumerate(vals_list, start=1):
                vals["sequence"] = sequence
            timeline.line_ids = [fields.Command.clear()] + [
                fields.Command.create(vals) for vals in vals_list
            ]

    def _prepare_title_events(self, root):
        """Events of the timeline of the title ``root``, in display order."""
        seen = set()
        ancestors = []

        def walk_up(title, level):
            for parent in title._telecobranca_timeline_parents():
                if parent.id in seen:
                    continue
                seen.add(parent.id)
                walk_up(parent, level - 1)
                ancestors.append(self._prepare_title_vals(root, parent, level))

        seen.add(root.id)
        walk_up(root, -1)
        events = ancestors
        seen_down = {root.id}

        def walk_down(title, level):
            events.append(self._prepare_title_vals(root, title, level))
            for other, date, amount in title._telecobranca_timeline_settlements():
                events.append(
                    {
                        "root_title_id": root.id,
                        "move_line_id": other.id,
                        "level": level + 1,
                        "kind": other._telecobranca_timeline_kind(),
                        "date": date,
                        "amount": amount,
                        "reference": other.move_id.display_name,
                    }
                )
            for child in title._telecobranca_timeline_children():
                if child.id not in seen_down:
                    seen_down.add(child.id)
                    walk_down(child, level + 1)

        walk_down(root, 0)
        return events

    def _prepare_title_vals(self, root, title, level):
        return {
            "root_title_id": root.id,
            "move_line_id": title.id,
            "level": level,
            "kind": "title",
            "date": title.date_maturity or title.date,
            "amount": title.balance,
            "reference": title.title_number or title.move_id.display_name,
            "analytic": title._telecobranca_analytic_text(),
        }


class TelecobrancaTimelineLine(models.TransientModel):
    _name = "telecobranca.timeline.line"
    _description = "Title Timeline Event"
    _check_company_auto = True
    _order = "timeline_id, sequence, id"

    timeline_id = fields.Many2one(
        "telecobranca.timeline", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="timeline_id.company_id", store=True)
    sequence = fields.Integer()
    root_title_id = fields.Many2one(
        "account.move.line", string="For Title", ondelete="cascade"
    )
    move_line_id = fields.Many2one(
        "account.move.line", string="Journal Item", ondelete="cascade"
    )
    move_id = fields.Many2one(related="move_line_id.move_id", string="Entry")
    level = fields.Integer(
        help="Negative: titles it comes from; 0: the title; positive: what "
        "settled or replaced it."
    )
    kind = fields.Selection(KINDS, required=True)
    date = fields.Date()
    company_currency_id = fields.Many2one(related="move_line_id.company_currency_id")
    amount = fields.Monetary(currency_field="company_currency_id")
    reference = fields.Char()
    analytic = fields.Char(string="Analytic Distribution")
