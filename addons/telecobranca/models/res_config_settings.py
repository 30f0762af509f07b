# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    telecobranca_auto_open = fields.Boolean(
        related="company_id.telecobranca_auto_open", readonly=False
    )
    telecobranca_collector_id = fields.Many2one(
        related="company_id.telecobranca_collector_id", readonly=False
    )
    telecobranca_responsibility_center_id = fields.Many2one(
        related="company_id.telecobranca_responsibility_center_id", readonly=False
    )
    telecobranca_min_days_overdue = fields.Integer(
        related="company_id.telecobranca_min_days_overdue", readonly=False
    )
    telecobranca_default_status_id = fields.Many2one(
        related="company_id.telecobranca_default_status_id", readonly=False
    )
    telecobranca_case_type_id = fields.Many2one(
        related="company_id.telecobranca_case_type_id", readonly=False
    )
    telecobranca_contact_type_id = fields.Many2one(
        related="company_id.telecobranca_contact_type_id", readonly=False
    )
