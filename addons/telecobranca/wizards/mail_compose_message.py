# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class MailComposeMessage(models.TransientModel):
    _inherit = "mail.compose.message"

    def _action_send_mail(self, auto_commit=False):
        """Once sent, note on the customer's case what ``telecobranca.send``
        prepared in this composer (context key ``telecobranca_send_log``)."""
        result = super()._action_send_mail(auto_commit=auto_commit)
        log = self.env.context.get("telecobranca_send_log")
        if isinstance(log, dict):
            for composer in self:
                self.env["telecobranca.send"]._log_composer_sent(
                    log, composer.partner_ids
                )
        return result
