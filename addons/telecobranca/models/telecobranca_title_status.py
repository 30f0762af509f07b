# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class TelecobrancaTitleStatus(models.Model):
    """Administrative status of a title (situação administrativa do título).

    A status tells whether a title may enter collection: a title whose status
    does not enter collection (e.g. *Protested*, *Legal*) is left out of the
    automatic and manual case opening. A title with no status enters.
    """

    _name = "telecobranca.title.status"
    _description = "Title Administrative Status"
    _order = "sequence, name, id"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    enters_collection = fields.Boolean(
        default=True,
        help="Titles with this status are eligible for collection cases.",
    )
    company_id = fields.Many2one(
        "res.company",
        help="Leave empty to share the status between companies.",
    )
    description = fields.Text(translate=True)
    color = fields.Integer()

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        used = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [("collection_status_id", "in", self.ids)],
                groupby=["collection_status_id"],
            )
        )
        if used:
            raise UserError(
                self.env._(
                    "The status %(names)s is used by titles and cannot be deleted; "
                    "archive it instead.",
                    names=", ".join(status.display_name for (status,) in used),
                )
            )
