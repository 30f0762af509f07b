# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def action_telecobranca_renegotiate(self):
        """Start a renegotiation of the customer's titles (F5).

        The renegotiation is saved as a draft at once: the collector can
        leave it at any step and continue it later (F5.11).
        """
        self.ensure_one()
        renegotiation = self.env["telecobranca.renegotiation"].create(
            {"partner_ids": [Command.set(self.commercial_partner_id.ids)]}
        )
        renegotiation.action_load_titles()
        return renegotiation._get_form_action()
