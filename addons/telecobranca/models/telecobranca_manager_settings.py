# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the collection manager owns, configured without Administration rights.

Odoo's *Settings* (``res.config.settings``) are for ``base.group_system``
only, and companies and bank accounts are written by the administrators and
the contact managers. The collection manager (F9.2) owns two parts of them:
the collection settings of his companies (the ``telecobranca_*`` fields of
``res.company``, in the *Collection Settings* form) and the boleto settings of
their bank accounts (the ``boleto_*`` fields of ``res.partner.bank``). A
write of those fields alone, by a manager, on records his record rules let
him read, runs as superuser; any other field keeps Odoo's rights.
"""

from odoo import models

MANAGER_GROUP = "telecobranca.group_telecobranca_manager"


class ResCompany(models.Model):
    _inherit = "res.company"

    def _telecobranca_manager_may_write(self, vals):
        """Whether ``vals`` are collection settings the manager writes
        (checked as him: only companies he works in)."""
        if self.env.su or not vals or not self.env.user.has_group(MANAGER_GROUP):
            return False
        if not all(name.startswith("telecobranca_") for name in vals):
            return False
        self.check_access("read")
        return self <= self.env.user.company_ids

    def write(self, vals):
        if self._telecobranca_manager_may_write(vals):
            # only collection settings of the manager's own companies (above)
            return super(ResCompany, self.sudo()).write(vals)
        return super().write(vals)

    def action_telecobranca_settings(self):
        """The *Collection Settings* form of the current company."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Collection Settings"),
            "res_model": "res.company",
            "res_id": self.env.company.id,
            "view_mode": "form",
            "views": [
                (
                    self.env.ref("telecobranca.res_company_view_form_collection").id,
                    "form",
                )
            ],
            "target": "current",
        }


class ResPartnerBank(models.Model):
    _inherit = "res.partner.bank"

    def write(self, vals):
        if (
            not self.env.su
            and vals
            and all(name.startswith("boleto_") for name in vals)
            and self.env.user.has_group(MANAGER_GROUP)
        ):
            # the account's boleto settings, on accounts the manager reads
            # (company rule checked as him); nothing else of the account
            self.check_access("read")
            return super(ResPartnerBank, self.sudo()).write(vals)
        return super().write(vals)
