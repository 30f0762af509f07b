# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Free days: the business days on which chosen users have nothing scheduled."""

from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date

from ..tools.business_days import is_business_day

MAX_DAYS = 366


class TelecobrancaFreeDaysWizard(models.TransientModel):
    _name = "telecobranca.free.days.wizard"
    _inherit = ["telecobranca.wizard.mixin"]
    _description = "Free Days of Users"
    _check_company_auto = True

    user_ids = fields.Many2many(
        "res.users",
        string="Users",
        required=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
    )
    date_from = fields.Date(
        string="From", required=True, default=fields.Date.context_today
    )
    date_to = fields.Date(
        string="To",
        required=True,
        default=lambda self: fields.Date.context_today(self) + timedelta(days=30),
    )
    line_ids = fields.One2many(
        "telecobranca.free.days.line", "wizard_id", string="Free Days", readonly=True
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_search(self):
        self._check_can_search()
        self._do_search()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Free Days"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def _check_can_search(self):
        for wizard in self:
            if wizard.date_to < wizard.date_from:
                raise UserError(
                    self.env._("The end of the period is before its start.")
                )
            if (wizard.date_to - wizard.date_from).days > MAX_DAYS:
                raise UserError(
                    self.env._(
                        "Choose a period of at most %(days)s days.", days=MAX_DAYS
                    )
                )

    def _do_search(self):
        for wizard in self:
            busy = wizard._get_busy_dates()
            free = []
            day = wizard.date_from
            while day <= wizard.date_to:
                if is_business_day(day) and day not in busy:
                    free.append(day)
                day += timedelta(days=1)
            wizard.line_ids = [fields.Command.clear()] + [
                fields.Command.create({"date": day}) for day in free
            ]

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _get_busy_dates(self):
        """Dates in the period on which one of the users has something scheduled.

        Activities count on their deadline; calendar events too when the
        calendar application is installed. ``calendar`` is not a dependency
        of this addon (nor of ``account``, ``contacts``, ``l10n_br`` or
        ``mail``), so the check below is a real optional module, not a guard
        that is always true.
        """
        self.ensure_one()
        activities = self.env["mail.activity"]._read_group(
            [
                ("user_id", "in", self.user_ids.ids),
                ("date_deadline", ">=", self.date_from),
                ("date_deadline", "<=", self.date_to),
            ],
            ["date_deadline:day"],
        )
        busy = {fields.Date.to_date(day) for (day,) in activities}
        if "calendar.event" in self.env:
            events = (
                self.env["calendar.event"]
                .sudo()
                .search(
                    [
                        ("partner_ids", "in", self.user_ids.partner_id.ids),
                        ("start", "<=", datetime.combine(self.date_to, time.max)),
                        ("stop", ">=", datetime.combine(self.date_from, time.min)),
                    ]
                )
            )
            for event in events:
                day = max(event.start.date(), self.date_from)
                while day <= min(event.stop.date(), self.date_to):
                    busy.add(day)
                    day += timedelta(days=1)
        return busy


class TelecobrancaFreeDaysLine(models.TransientModel):
    _name = "telecobranca.free.days.line"
    _description = "Free Day"
    _check_company_auto = True
    _order = "date"

    wizard_id = fields.Many2one(
        "telecobranca.free.days.wizard", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="wizard_id.company_id", store=True)
    date = fields.Date(required=True)
    weekday = fields.Char(compute="_compute_weekday")

    @api.depends("date")
    def _compute_weekday(self):
        for line in self:
            line.weekday = line.date and format_date(
                self.env, line.date, date_format="EEEE"
            )
