# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..models.telecobranca_bank_instruction import INSTRUCTION_KINDS


class TelecobrancaBankInstructionWizard(models.TransientModel):
    """Send an instruction to the bank for the selected titles' boletos."""

    _name = "telecobranca.bank.instruction.wizard"
    _inherit = ["telecobranca.wizard.mixin"]
    _description = "Send Instruction to the Bank"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    line_ids = fields.Many2many(
        "account.move.line",
        string="Titles",
        check_company=True,
        default=lambda self: self._default_line_ids(),
    )
    kind = fields.Selection(
        INSTRUCTION_KINDS, string="Instruction", required=True, default="writeoff"
    )
    new_due_date = fields.Date(help="The boleto's new due date at the bank.")
    currency_id = fields.Many2one(related="company_id.currency_id")
    rebate_amount = fields.Monetary(
        currency_field="currency_id",
        help="The rebate (abatimento) the bank takes off the boleto's amount.",
    )
    protest_days = fields.Integer(
        default=lambda self: self.env.company.telecobranca_protest_days or 5,
        help="Days the bank waits before sending the title to the notary's office.",
    )

    def _default_line_ids(self):
        if self.env.context.get("active_model") == "account.move.line":
            return self.env.context.get("active_ids")
        return False

    def action_confirm(self):
        self.ensure_one()
        options = {
            "due_date": {"new_due_date": self.new_due_date},
            "rebate": {"rebate_amount": self.rebate_amount},
            "protest": {"protest_days": self.protest_days},
        }.get(self.kind, {})
        instructions = self.env["telecobranca.bank.instruction"].action_queue(
            self.line_ids, self.kind, **options
        )
        sent = instructions.filtered(lambda i: i.state != "queued")
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(queued)s instruction(s) queued for the next CNAB remittance, "
                    "%(sent)s sent through the bank connector.",
                    queued=len(instructions) - len(sent),
                    sent=len(sent),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
