# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

# Collection roles, from the lowest to the highest.
ROLE_GROUPS = (
    "telecobranca.group_telecobranca_user",
    "telecobranca.group_telecobranca_supervisor",
    "telecobranca.group_telecobranca_manager",
)
COLLECTOR_GROUP = ROLE_GROUPS[0]


class ResUsers(models.Model):
    _inherit = "res.users"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    telecobranca_responsibility_center_ids = fields.Many2many(
        "telecobranca.responsibility.center",
        "telecobranca_responsibility_center_user_rel",
        "user_id",
        "center_id",
        string="Responsibility Centers",
        groups="telecobranca.group_telecobranca_user,base.group_erp_manager",
        help="Collection teams of the user: a collector sees the cases of his "
        "centers and takes his turn in the cases of his team.",
    )
    telecobranca_without_center = fields.Boolean(
        string="Collector Without Responsibility Center",
        compute="_compute_telecobranca_without_center",
        search="_search_telecobranca_without_center",
        groups="telecobranca.group_telecobranca_user,base.group_erp_manager",
        help="A collection user who belongs to no active responsibility center "
        "of his companies: he sees only the cases assigned to him by name and "
        "takes no turn in the automatic assignment.",
    )

    # ------------------------------------------------------------------
    # Compute and search
    # ------------------------------------------------------------------
    @api.depends(
        "groups_id",
        "company_ids",
        "telecobranca_responsibility_center_ids.active",
        "telecobranca_responsibility_center_ids.company_id",
    )
    def _compute_telecobranca_without_center(self):
        without = self._telecobranca_collectors_without_center()
        for user in self:
            user.telecobranca_without_center = user.id in without.ids

    def _search_telecobranca_without_center(self, operator, value):
        if operator not in ("=", "!="):
            return NotImplemented
        positive = (operator == "=") == bool(value)
        ids = self._telecobranca_collectors_without_center().ids
        return [("id", "in" if positive else "not in", ids)]

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _telecobranca_collectors_without_center(self, company=None):
        """Active internal users of the collector group (supervisors and
        managers included: the group is implied) in no active responsibility
        center of their companies; of ``company`` only when given."""
        group = self.env.ref(COLLECTOR_GROUP, raise_if_not_found=False)
        if not group:
            return self.browse()
        domain = [("groups_id", "in", group.ids), ("share", "=", False)]
        if company:
            domain.append(("company_ids", "in", company.ids))
        users = self.sudo().search(domain)
        centers = (
            self.env["telecobranca.responsibility.center"]
            .sudo()
            .search([("user_ids", "in", users.ids)])
        )
        with_center = self.browse()
        for center in centers:
            with_center |= center.user_ids.filtered(
                lambda user, center=center: center.company_id in user.company_ids
            )
        return (users - with_center).sudo(False)

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
