# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

# Collection roles, from the lowest to the highest.
ROLE_GROUPS = (
    "telecobranca.group_telecobranca_user",
    "telecobranca.group_telecobranca_supervisor",
    "telecobranca.group_telecobranca_manager",
)


class ResUsers(models.Model):
    _inherit = "res.users"

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    def _telecobranca_role_level(self):
        """Collection role of the user: 0 none, 1 user, 2 supervisor, 3 manager."""
        self.ensure_one()
        level = 0
        for rank, group in enumerate(ROLE_GROUPS, start=1):
            if self.has_group(group):
                level = rank
        return level

    def _telecobranca_may_override(self, other):
        """Whether ``self`` may undo what the user ``other`` set (F3.2): it
        is ``other`` himself or has a higher collection role."""
        self.ensure_one()
        return self == other or (
            self._telecobranca_role_level() > other.sudo()._telecobranca_role_level()
        )
