# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from .telecobranca_flow import in_flow


class TelecobrancaRenegotiationInstallment(models.Model):
    _name = "telecobranca.renegotiation.installment"
    _description = "Installment of a Renegotiation"
    _order = "renegotiation_id, sequence, id"
    _check_company_auto = True

    renegotiation_id = fields.Many2one(
        "telecobranca.renegotiation", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="renegotiation_id.company_id", store=True)
    currency_id = fields.Many2one(related="renegotiation_id.currency_id")
    sequence = fields.Integer(default=10)
    date_maturity = fields.Date(string="Due Date", required=True)
    amount = fields.Monetary()
    payment_form_id = fields.Many2one(
        "telecobranca.payment.form", ondelete="restrict", check_company=True
    )
    check_number = fields.Char()
    debtor_id = fields.Many2one(
        "res.partner",
        string="Owed By",
        compute="_compute_debtor_id",
        store=True,
        readonly=False,
        help="The customer whose debt this installment renegotiates: each "
        "debtor's installments add up to that debtor's total (F5.2).",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Debtor",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        help="The customer, or the card/financing administrator when the "
        "company renegotiates against it (F5.9).",
    )
    move_line_id = fields.Many2one(
        "account.move.line",
        string="New Title",
        readonly=True,
        copy=False,
        check_company=True,
    )
    number = fields.Char(
        string="Installment",
        compute="_compute_number",
        # numbered among the renegotiation's installments, which the reader
        # of an installment may not read as a whole
        compute_sudo=True,
        help="Number n/N the new title gets in the renegotiation entry: the "
        "titles are numbered by due date.",
    )

    @api.depends(
        "renegotiation_id.installment_ids.date_maturity",
        "renegotiation_id.installment_ids.sequence",
    )
    def _compute_number(self):
        for reneg, installments in self.grouped("renegotiation_id").items():
            siblings = reneg.installment_ids
            ordered = sorted(
                siblings,
                key=lambda inst: (
                    inst.date_maturity or fields.Date.to_date("9999-12-31"),
                    inst.sequence,
                    inst._origin.id or 0,
                ),
            )
            numbers = {
                inst: f"{index}/{len(ordered)}"
                for index, inst in enumerate(ordered, start=1)
            }
            for inst in installments:
                inst.number = numbers.get(inst, False)

    @api.depends("renegotiation_id.partner_id")
    def _compute_debtor_id(self):
        for inst in self:
            if not inst.debtor_id:
                inst.debtor_id = inst.renegotiation_id._get_default_debtor()

    @api.depends(
        "payment_form_id",
        "debtor_id",
        "renegotiation_id.company_id.telecobranca_renegotiate_administrator",
    )
    def _compute_partner_id(self):
        for inst in self:
            reneg = inst.renegotiation_id
            form = inst.payment_form_id
            if (
                reneg.company_id.telecobranca_renegotiate_administrator
                and form.kind in ("card", "financing")
                and form.administrator_partner_id
            ):
                inst.partner_id = form.administrator_partner_id
            else:
                inst.partner_id = (
                    inst.debtor_id or reneg.partner_id
                ).commercial_partner_id

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("move_line_id") for vals in vals_list):
            self._check_can_set_new_title()
        records = super().create(vals_list)
        records.renegotiation_id._check_lines_can_change()
        return records

    def write(self, vals):
        # the amounts of a confirmed renegotiation are its REN entry's
        self.renegotiation_id._check_lines_can_change()
        if "move_line_id" in vals:
            self._check_can_set_new_title()
        res = super().write(vals)
        if "renegotiation_id" in vals:
            self.renegotiation_id._check_lines_can_change()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed(self):
        self.renegotiation_id._check_lines_can_change()

    def _check_can_set_new_title(self):
        if not in_flow(self.env):
            raise UserError(
                self.env._(
                    "The new title of an installment is set only by confirming "
                    "its renegotiation."
                )
            )
