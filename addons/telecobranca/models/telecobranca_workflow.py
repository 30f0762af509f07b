# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Workflow of a case type: stages and the decisions allowed from each.

A case sits in a stage; confirming a note, the collector picks one of the
decisions of that stage, which moves the case to the decision's next stage
and hands it to the next responsibility center (CR).
"""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class TelecobrancaWorkflowStage(models.Model):
    _name = "telecobranca.workflow.stage"
    _description = "Collection Workflow Stage"
    _order = "case_type_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    case_type_id = fields.Many2one(
        "telecobranca.case.type", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="case_type_id.company_id", store=True)
    responsibility_center_id = fields.Many2one(
        "telecobranca.responsibility.center",
        help="Team that owns the cases while they are in this stage.",
    )
    decision_ids = fields.One2many("telecobranca.workflow.decision", "stage_id")
    is_closing = fields.Boolean(
        string="Closing Stage", help="Cases reaching this stage are finished."
    )
    fold = fields.Boolean(string="Folded in Kanban")


class TelecobrancaWorkflowDecision(models.Model):
    _name = "telecobranca.workflow.decision"
    _description = "Collection Workflow Decision"
    _order = "stage_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    stage_id = fields.Many2one(
        "telecobranca.workflow.stage",
        string="From Stage",
        required=True,
        index=True,
        ondelete="cascade",
    )
    case_type_id = fields.Many2one(related="stage_id.case_type_id", store=True)
    company_id = fields.Many2one(related="stage_id.company_id", store=True)
    next_stage_id = fields.Many2one(
        "telecobranca.workflow.stage",
        required=True,
        ondelete="restrict",
        domain="[('case_type_id', '=', case_type_id)]",
    )
    next_responsibility_center_id = fields.Many2one(
        "telecobranca.responsibility.center",
        help="Team the case goes to; empty: the next stage's team, or unchanged.",
    )
    next_responsibility_center_ids = fields.Many2many(
        "telecobranca.responsibility.center",
        "telecobranca_workflow_decision_next_center_rel",
        "decision_id",
        "center_id",
        string="Possible Next Centers",
        help="Teams the case may go to: with several, the collector picks the "
        "next one when taking the decision; with one, it is taken.",
    )
    requires_new_decision = fields.Boolean(
        help="After this decision, the collector is asked right away for a "
        "decision of the next stage.",
    )

    @api.constrains("stage_id", "next_stage_id")
    def _check_same_case_type(self):
        for decision in self:
            if decision.next_stage_id.case_type_id != decision.stage_id.case_type_id:
                raise ValidationError(
                    self.env._(
                        "The decision %(name)s must lead to a stage of the same "
                        "case type.",
                        name=decision.name,
                    )
                )

    def _get_next_center(self, center=None):
        """The responsibility center the case goes to by ``self`` (one
        decision), ``center`` being the one the collector picked (F3.6).

        Empty when the decision names no center (the next stage's team, or
        unchanged, see ``telecobranca.case._apply_decision``).
        """
        self.ensure_one()
        choices = self.next_responsibility_center_ids
        if len(choices) <= 1:
            return choices or self.next_responsibility_center_id
        if not center:
            raise UserError(
                self.env._(
                    "The decision %(decision)s may send the case to several "
                    "responsibility centers: choose the next one.",
                    decision=self.display_name,
                )
            )
        if center not in choices:
            raise UserError(
                self.env._(
                    "The decision %(decision)s does not send cases to the "
                    "responsibility center %(center)s.",
                    decision=self.display_name,
                    center=center.display_name,
                )
            )
        return center
