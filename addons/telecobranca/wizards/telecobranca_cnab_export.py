# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class TelecobrancaCnabExport(models.TransientModel):
    _name = "telecobranca.cnab.export"
    _inherit = ["telecobranca.wizard.mixin"]
    _description = "Export CNAB Remittance"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    bank_account_id = fields.Many2one(
        "res.partner.bank",
        required=True,
        check_company=True,
        domain="[('boleto_enabled', '=', True), "
        "('partner_id', '=', company_partner_id), "
        "('boleto_integration', '=', 'cnab')]",
        default=lambda self: (
            self.env.company.telecobranca_boleto_bank_account_id.filtered(
                lambda a: a.boleto_integration == "cnab"
            )
        ),
    )
    company_partner_id = fields.Many2one(related="company_id.partner_id")
    line_ids = fields.Many2many(
        "account.move.line", string="Titles", check_company=True
    )
    include_instructions = fields.Boolean(
        string="Include Instructions to the Bank",
        default=True,
        help="The file also carries the instructions to the bank queued for "
        "this account (write-off, due date change, rebate, protest...).",
    )
    instruction_count = fields.Integer(
        string="Queued Instructions", compute="_compute_instruction_count"
    )
    remittance_id = fields.Many2one("telecobranca.cnab.remittance", readonly=True)
    file_name = fields.Char(related="remittance_id.name")
    file_data = fields.Binary(related="remittance_id.file_data")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if (
            "line_ids" in fields_list
            and not values.get("line_ids")
            and context.get("active_model") == "account.move.line"
        ):
            values["line_ids"] = [Command.set(context.get("active_ids") or [])]
        return values

    @api.depends("bank_account_id", "company_id")
    def _compute_instruction_count(self):
        Instruction = self.env["telecobranca.bank.instruction"]
        for wizard in self:
            wizard.instruction_count = (
                len(Instruction._get_queued(wizard.bank_account_id, wizard.company_id))
                if wizard.bank_account_id
                else 0
            )

    def action_export(self):
        self.ensure_one()
        instructions = self.env["telecobranca.bank.instruction"]
        if self.include_instructions:
            instructions = instructions._get_queued(
                self.bank_account_id, self.company_id
            )
        if not self.line_ids and not instructions:
            raise UserError(
                self.env._(
                    "Select at least one title to export: no instruction to the "
                    "bank is waiting for this account."
                )
            )
        self.remittance_id = self.bank_account_id._boleto_cnab_export(
            self.line_ids, instructions=instructions
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("CNAB Remittance"),
        }
