# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import format_date

from ..models.telecobranca_cadence import CADENCE_CHANNELS


class TelecobrancaCadencePreview(models.TransientModel):
    """A line of the "tomorrow" list: one message the next run sends."""

    _name = "telecobranca.cadence.preview"
    _description = "Dunning Cadence Preview"
    _order = "step_id, channel, partner_id"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, index=True)
    date = fields.Date(required=True)
    cadence_id = fields.Many2one("telecobranca.cadence", required=True)
    step_id = fields.Many2one("telecobranca.cadence.step", required=True)
    channel = fields.Selection(CADENCE_CHANNELS, required=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    title_count = fields.Integer(string="Number of Titles")
    titles = fields.Char()
    amount = fields.Monetary(currency_field="currency_id", string="Open Amount")
    currency_id = fields.Many2one(related="company_id.currency_id")

    @api.model
    def _open_preview(self, date, company=None):
        """The list of the messages the run of ``date`` sends in ``company``
        (the current one by default), grouped by step and channel."""
        company = company or self.env.company
        messages = self.env["telecobranca.cadence"]._get_due_messages(company, date)
        Send = self.env["telecobranca.send"]
        self.search([("create_uid", "=", self.env.uid)]).unlink()
        self.create(
            [
                {
                    "company_id": company.id,
                    "date": date,
                    "cadence_id": step.cadence_id.id,
                    "step_id": step.id,
                    "channel": step.channel,
                    "partner_id": partner.id,
                    "title_count": len(titles),
                    "titles": Send._title_numbers(titles),
                    "amount": sum(titles.mapped("amount_residual")),
                }
                for partner, step, titles in messages
            ]
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "Cadence messages of %(date)s", date=format_date(self.env, date)
            ),
            "res_model": self._name,
            "view_mode": "list",
            "domain": [
                ("company_id", "=", company.id),
                ("date", "=", date),
                ("create_uid", "=", self.env.uid),
            ],
            "context": {"group_by": ["step_id", "channel"], "create": False},
        }
