# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""CNAB remittance files sent to the bank (F8.4).

Each export of boletos to the bank by a CNAB file is kept as one remittance:
the file, its sequence number (NSA), the account and the titles it registers.
The remittance belongs to the company of its titles and is walled by its
company rule; its file is an attachment of the remittance, so it is read only
by who reads the remittance (a bank account, shared by every company in Odoo,
could not keep it). Remittances are written only by the export
(``res.partner.bank._boleto_cnab_export``): users read them.
"""

from odoo import api, fields, models


class TelecobrancaCnabRemittance(models.Model):
    _name = "telecobranca.cnab.remittance"
    _description = "CNAB Remittance File"
    _order = "create_date desc, id desc"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(string="File Name", required=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    bank_account_id = fields.Many2one(
        "res.partner.bank", required=True, readonly=True, check_company=True
    )
    file_sequence = fields.Integer(string="Remittance Number", readonly=True)
    title_ids = fields.Many2many(
        "account.move.line",
        "telecobranca_cnab_remittance_title_rel",
        "remittance_id",
        "title_id",
        string="Titles",
        readonly=True,
        check_company=True,
    )
    title_count = fields.Integer(compute="_compute_title_count")
    instruction_ids = fields.One2many(
        "telecobranca.bank.instruction",
        "remittance_id",
        string="Instructions to the Bank",
        readonly=True,
    )
    file_data = fields.Binary(string="Remittance File", attachment=True, readonly=True)

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    @api.depends("title_ids")
    def _compute_title_count(self):
        for remittance in self:
            remittance.title_count = len(remittance.title_ids)

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _file_attachment(self):
        """The ir.attachment holding the file (as the current user)."""
        self.ensure_one()
        self.check_access("read")
        # sudo: Odoo hides the attachments of binary fields from searches; the
        # remittance was read above, so its own file is what is returned.
        return (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_field", "=", "file_data"),
                    ("res_id", "=", self.id),
                ],
                limit=1,
            )
            .sudo(False)
        )
