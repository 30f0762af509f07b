# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class TelecobrancaDisputeWizard(models.TransientModel):
    """Put titles in dispute with a reason, or resolve disputes with a note."""

    _name = "telecobranca.dispute.wizard"
    _inherit = ["telecobranca.wizard.mixin"]
    _description = "Title Dispute"
    _check_company_auto = True

    mode = fields.Selection(
        [("open", "Put in Dispute"), ("resolve", "Resolve")],
        required=True,
        default="open",
    )
    line_ids = fields.Many2many(
        "account.move.line",
        string="Titles",
        default=lambda self: self._default_line_ids(),
    )
    dispute_ids = fields.Many2many("telecobranca.dispute", string="Disputes")
    text = fields.Text(
        string="Reason",
        required=True,
        help="Why the customer disputes the titles, or how the dispute was resolved.",
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)

    def _default_line_ids(self):
        if self.env.context.get("active_model") == "account.move.line":
            return self.env.context.get("active_ids")
        return False

    @api.model
    def _open_wizard(self, titles, disputes=None):
        """The wizard putting ``titles`` in dispute, or resolving ``disputes``."""
        resolve = bool(disputes)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Resolve Dispute") if resolve else self.env._("Dispute"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_mode": "resolve" if resolve else "open",
                "default_line_ids": titles.ids,
                "default_dispute_ids": disputes.ids if resolve else [],
            },
        }

    def action_confirm(self):
        self.ensure_one()
        if self.mode == "resolve":
            self.dispute_ids.action_resolve(self.text)
        else:
            self.env["telecobranca.dispute"].action_open_disputes(
                self.line_ids, self.text
            )
        return {"type": "ir.actions.act_window_close"}
