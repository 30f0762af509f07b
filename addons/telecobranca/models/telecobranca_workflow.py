# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Workflow of a case type: stages and the decisions allowed from each.

A case sits in a stage; confirming a note, the collector picks one of the
decisions of that stage, which moves the case to the decision's next stage
and hands it to the next responsibility center (CR).
"""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


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
