# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

PAYMENT_FORM_KINDS = [
    ("boleto", "Boleto"),
    ("check", "Check"),
    ("card", "Card"),
    ("financing", "Financing"),
    ("pix", "PIX"),
    ("cash", "Cash"),
    ("transfer", "Transfer"),
    ("other", "Other"),
]
# Kinds whose titles are owed by an administrator (card acquirer, finance
# company) rather than by the customer.
ADMINISTERED_KINDS = ("card", "financing")


class TelecobrancaPaymentForm(models.Model):
    """How a title is meant to be paid (forma de pagamento).

    Cheque titles never enter collection; card and financing titles name the
    administrator that pays them, which renegotiation may issue new titles to.
    """

    _name = "telecobranca.payment.form"
    _description = "Title Payment Form"
    _order = "sequence, name, id"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    kind = fields.Selection(PAYMENT_FORM_KINDS, required=True, default="boleto")
    administrator_partner_id = fields.Many2one(
        "res.partner",
        string="Administrator",
        check_company=True,
        help="Card acquirer or finance company that pays the titles of this form.",
    )
    company_id = fields.Many2one(
        "res.company",
        help="Leave empty to share the payment form between companies.",
    )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("kind", "administrator_partner_id")
    def _check_administrator(self):
        for form in self:
            if form.kind in ADMINISTERED_KINDS and not form.administrator_partner_id:
                raise ValidationError(
                    self.env._(
                        "The payment form %(name)s is a card or financing form: "
                        "set its administrator.",
                        name=form.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        used = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [("payment_form_id", "in", self.ids)], groupby=["payment_form_id"]
            )
        )
        if used:
            raise UserError(
                self.env._(
                    "The payment form %(names)s is used by titles and cannot be "
                    "deleted; archive it instead.",
                    names=", ".join(form.display_name for (form,) in used),
                )
            )
