# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class TelecobrancaCollectionEmailWizard(models.TransientModel):
    """Confirm *Send collection e-mails*: how many customers get one (F2.6)."""

    _name = "telecobranca.collection.email.wizard"
    _inherit = ["telecobranca.wizard.mixin"]
    _description = "Confirm the Collection E-mails"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    case_ids = fields.Many2many(
        "telecobranca.case",
        compute="_compute_case_ids",
        string="Cases",
        help="Open cases with overdue titles whose customer gets the e-mail.",
    )
    customer_count = fields.Integer(
        compute="_compute_case_ids", string="Customers to E-mail"
    )

    @api.depends("company_id")
    def _compute_case_ids(self):
        Case = self.env["telecobranca.case"]
        for wizard in self:
            cases = Case._get_collection_email_targets(wizard.company_id)
            wizard.case_ids = cases
            wizard.customer_count = len(cases.partner_id)

    def _get_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send Collection E-mails"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_confirm(self):
        self.ensure_one()
        sent = self.env["telecobranca.case"]._do_send_collection_emails(self.company_id)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s collection e-mails queued.", count=len(sent)
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
