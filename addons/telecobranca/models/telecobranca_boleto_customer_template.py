# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Documents sent to a title's customer: folders, letters, notices (F8.3)."""

from odoo import api, fields, models

TEMPLATE_CATEGORIES = [
    ("folder", "Folder"),
    ("post_sale_letter", "Post-sale Letter"),
    ("notice", "Notice"),
    ("price_adjustment", "Price-adjustment Notice"),
]


class TelecobrancaCustomerTemplate(models.Model):
    _name = "telecobranca.customer.template"
    _description = "Send-to-customer Template"
    _order = "category, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    category = fields.Selection(TEMPLATE_CATEGORIES, required=True, default="notice")
    subject = fields.Char(translate=True)
    body_html = fields.Html(string="Body", sanitize_style=True, translate=True)
    group_ids = fields.Many2many(
        "res.groups",
        string="Allowed Groups",
        help="Only users of these groups may send this template; empty: everyone.",
    )
    company_id = fields.Many2one("res.company", help="Empty: shared between companies.")

    @api.model
    def _allowed_domain(self):
        """Templates the current user may send."""
        return [
            "|",
            ("group_ids", "=", False),
            ("group_ids", "in", self.env.user.groups_id.ids),
        ]
