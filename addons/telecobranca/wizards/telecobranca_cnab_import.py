# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import binascii

from odoo import api, fields, models
from odoo.exceptions import UserError


class TelecobrancaCnabImport(models.TransientModel):
    _name = "telecobranca.cnab.import"
    _inherit = ["telecobranca.wizard.mixin"]
    _description = "Import CNAB Return"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    bank_account_id = fields.Many2one(
        "res.partner.bank",
        required=True,
        check_company=True,
        domain="[('boleto_enabled', '=', True), "
        "('partner_id', '=', company_partner_id)]",
        default=lambda self: self.env.company.telecobranca_boleto_bank_account_id,
    )
    company_partner_id = fields.Many2one(related="company_id.partner_id")
    file_data = fields.Binary(string="Return File", required=True)
    file_name = fields.Char()

    @api.model_create_multi
    def create(self, vals_list):
        # The upload is stored as an attachment, which decodes it: text that
        # is not base64 must get the clear message, not binascii's.
        for vals in vals_list:
            if vals.get("file_data"):
                self._decode_file_data(vals["file_data"])
        return super().create(vals_list)

    def _decode_file_data(self, data):
        """The bytes of an uploaded file, or a clear error."""
        try:
            if isinstance(data, str):
                data = data.encode("ascii")
            return base64.b64decode(b"".join(data.split()), validate=True)
        except (binascii.Error, ValueError, UnicodeEncodeError):
            raise UserError(
                self.env._(
                    "The uploaded file could not be read: upload the return "
                    "file (.ret) as it came from the bank."
                )
            ) from None

    def action_import(self):
        self.ensure_one()
        if not self.file_data:
            raise UserError(self.env._("Choose the return file to import."))
        content = self._decode_file_data(self.file_data)
        log = self.env["telecobranca.cnab.return"]._upload_file(
            self.bank_account_id,
            content,
            self.file_name or "return.ret",
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "telecobranca.cnab.return",
            "res_id": log.id,
            "view_mode": "form",
            "name": self.env._("CNAB Return"),
        }
