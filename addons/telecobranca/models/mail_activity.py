# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Schedules (agendamentos) of collection cases are kept when cancelled.

The manual lists a customer's previous schedules, the cancelled ones
(*excluídos*) included, with who cancelled them and when (F3.3). Odoo deletes
a cancelled activity; on a collection case it is archived instead, marked
with the user and the time of the cancellation. Done activities, and the
activities of a deleted case, go Odoo's usual way.
"""

from odoo import fields, models

CASE_MODEL = "telecobranca.case"


class MailActivity(models.Model):
    _inherit = "mail.activity"

    telecobranca_cancel_uid = fields.Many2one(
        "res.users", string="Cancelled By", readonly=True
    )
    telecobranca_cancel_date = fields.Datetime(string="Cancelled On", readonly=True)

    def _action_done(self, feedback=False, attachment_ids=None):
        # done, not cancelled: Odoo deletes (or archives) them as usual
        return super(
            MailActivity, self.with_context(telecobranca_activity_done=True)
        )._action_done(feedback=feedback, attachment_ids=attachment_ids)

    def unlink(self):
        if self.env.context.get("telecobranca_activity_done") or self.env.context.get(
            "telecobranca_case_unlink"
        ):
            return super().unlink()
        cancelled = self.filtered(
            lambda activity: activity.res_model == CASE_MODEL and activity.active
        )
        if cancelled:
            cancelled.write(
                {
                    "active": False,
                    "telecobranca_cancel_uid": self.env.user.id,
                    "telecobranca_cancel_date": fields.Datetime.now(),
                }
            )
        return super(MailActivity, self - cancelled).unlink()
