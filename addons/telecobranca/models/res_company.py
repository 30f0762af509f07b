# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------------
    # Collection (F2.1)
    # ------------------------------------------------------------------
    telecobranca_auto_open = fields.Boolean(
        string="Open Collection Cases Automatically",
        help="The daily scheduled action opens a collection case for every "
        "customer whose titles became eligible.",
    )
    telecobranca_collector_id = fields.Many2one(
        "res.users",
        string="Default Collector",
        help="Collector of the cases opened automatically.",
    )
    telecobranca_responsibility_center_id = fields.Many2one(
        "telecobranca.responsibility.center",
        string="Collection Team",
        help="When set, cases opened automatically are assigned to its members "
        "in turn (round robin) instead of to the default collector.",
    )
    telecobranca_min_days_overdue = fields.Integer(
        string="Minimum Days Overdue",
        default=0,
        help="A title enters collection when it is overdue by more than this "
        "number of days.",
    )
    telecobranca_default_status_id = fields.Many2one(
        "telecobranca.title.status",
        string="Default Title Status",
        help="Administrative status given to the titles of new invoices.",
    )
    telecobranca_case_type_id = fields.Many2one(
        "telecobranca.case.type",
        string="Default Case Type",
    )
    telecobranca_contact_type_id = fields.Many2one(
        "telecobranca.contact.type",
        string="Default Contact Type",
    )

    @api.constrains("telecobranca_min_days_overdue")
    def _check_telecobranca_day_counts(self):
        for company in self:
            if company.telecobranca_min_days_overdue < 0:
                raise ValidationError(self.env._("The minimum days overdue cannot be negative."))
