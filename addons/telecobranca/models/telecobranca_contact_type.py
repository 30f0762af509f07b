# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class TelecobrancaContactType(models.Model):
    """How the customer was reached (tipo de contato): phone, e-mail, visit..."""

    _name = "telecobranca.contact.type"
    _description = "Collection Contact Type"
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company")
