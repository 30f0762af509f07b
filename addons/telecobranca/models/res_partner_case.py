# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    telecobranca_case_ids = fields.One2many(
        "telecobranca.case",
        compute="_compute_telecobranca_case_ids",
        string="Collection Cases",
    )
    telecobranca_open_case_count = fields.Integer(
        compute="_compute_telecobranca_case_ids", string="Open Cases"
    )
    telecobranca_note_ids = fields.One2many(
        "telecobranca.note",
        compute="_compute_telecobranca_note_ids",
        string="Collection Notes",
    )

    @api.depends_context("company", "allowed_company_ids")
    def _compute_telecobranca_case_ids(self):
        cases = self.env["telecobranca.case"].search(
            [("partner_id", "in", self.commercial_partner_id.ids)],
            order="state desc, id desc",
        )
        by_partner = cases.grouped("partner_id")
        for partner in self:
            partner_cases = by_partner.get(
                partner.commercial_partner_id, cases.browse()
            )
            partner.telecobranca_case_ids = partner_cases
            partner.telecobranca_open_case_count = len(
                partner_cases.filtered(lambda case: case.state == "open")
            )

    @api.depends_context("company", "allowed_company_ids")
    def _compute_telecobranca_note_ids(self):
        notes = self.env["telecobranca.note"].search(
            [("partner_id", "in", self.commercial_partner_id.ids)]
        )
        by_partner = notes.grouped("partner_id")
        for partner in self:
            partner.telecobranca_note_ids = by_partner.get(
                partner.commercial_partner_id, notes.browse()
            )

    def action_telecobranca_new_case(self):
        """Open the *New collection* wizard for this customer."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "telecobranca.telecobranca_case_open_wizard_action"
        )
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action
