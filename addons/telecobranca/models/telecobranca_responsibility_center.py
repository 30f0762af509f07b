# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class TelecobrancaResponsibilityCenter(models.Model):
    """A named team of users that can own collection cases (centro de
    responsabilidade). Collectors see the cases of their centers."""

    _name = "telecobranca.responsibility.center"
    _description = "Responsibility Center"
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    user_ids = fields.Many2many(
        "res.users",
        "telecobranca_responsibility_center_user_rel",
        "center_id",
        "user_id",
        string="Members",
        check_company=True,
    )
    leader_id = fields.Many2one("res.users", check_company=True)
