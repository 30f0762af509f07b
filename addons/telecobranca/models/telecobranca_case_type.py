# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class TelecobrancaCaseType(models.Model):
    """Type of a collection case (tipo de atendimento).

    Types may be grouped: a parent such as *Collection* with children such as
    *Defaulting customer*. The child type carries the behaviour (attachments,
    e-mail template, workflow).
    """

    _name = "telecobranca.case.type"
    _description = "Collection Case Type"
    _parent_store = True
    _order = "complete_name, id"
    _rec_name = "complete_name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    complete_name = fields.Char(
        compute="_compute_complete_name", store=True, recursive=True
    )
    parent_id = fields.Many2one(
        "telecobranca.case.type", index=True, ondelete="restrict", check_company=True
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("telecobranca.case.type", "parent_id")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company")
    allow_attachments = fields.Boolean(
        default=True, help="Notes of cases of this type may carry attachments."
    )
    max_attachment_size_mb = fields.Float(
        string="Attachment Size Limit (MB)",
        default=10.0,
        help="Largest file a note of this case type accepts.",
    )
    description = fields.Text(translate=True)
    stage_ids = fields.One2many(
        "telecobranca.workflow.stage", "case_type_id", string="Workflow Stages"
    )
    first_stage_id = fields.Many2one(
        "telecobranca.workflow.stage",
        compute="_compute_first_stage_id",
        help="Stage of the new cases of this type: the first of its workflow.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="E-mail Template",
        domain="[('model', '=', 'telecobranca.case')]",
        help="Default text of the e-mails sent from the notes of this type's cases.",
    )

    _sql_constraints = [
        (
            "max_attachment_size_mb_positive",
            "CHECK(max_attachment_size_mb >= 0)",
            "The attachment size limit cannot be negative.",
        ),
    ]

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for case_type in self:
            if case_type.parent_id:
                case_type.complete_name = (
                    f"{case_type.parent_id.complete_name} / {case_type.name}"
                )
            else:
                case_type.complete_name = case_type.name

    @api.depends("stage_ids.sequence")
    def _compute_first_stage_id(self):
        for case_type in self:
            case_type.first_stage_id = case_type.stage_ids.sorted(
                lambda stage: (stage.sequence, stage.id)
            )[:1]

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A case type cannot be its own ancestor."))
