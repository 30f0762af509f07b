# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    def _post_load_data(self, template_code, company, template_data):
        """A company that gets its chart of accounts gets what renegotiation
        and write-off need too (REN journal, default accounts, write-off type)."""
        result = super()._post_load_data(template_code, company, template_data)
        (company or self.env.company)._telecobranca_setup_settlement()
        return result
