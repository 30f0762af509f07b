# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup

from odoo import api, fields, models


class TelecobrancaDemo(models.AbstractModel):
    _inherit = "telecobranca.demo"

    @api.model
    def _load_case_demo_data(self):
        """Collection teams, automatic opening run once, a few notes."""
        company = self.env.ref("base.demo_company_br", raise_if_not_found=False)
        if not company or not company.chart_template:
            return
        admin = self.env.ref("base.user_admin")
        Center = self.env["telecobranca.responsibility.center"]
        team = Center.create(
            {"name": "Collection Desk", "company_id": company.id, "user_ids": admin.ids}
        )
        legal = Center.create(
            {
                "name": "Legal Department",
                "company_id": company.id,
                "leader_id": admin.id,
            }
        )
        self.env.ref(
            "telecobranca.demo_stage_first_contact"
        ).responsibility_center_id = team
        self.env.ref("telecobranca.demo_stage_legal").responsibility_center_id = legal
        company.write(
            {
                "telecobranca_auto_open": True,
                "telecobranca_responsibility_center_id": team.id,
                "telecobranca_reply_to": "cobranca@example.com",
            }
        )
        self.env["telecobranca.case"].with_company(company)._cron_open_cases()
        cases = self.env["telecobranca.case"].search(
            [("company_id", "=", company.id), ("state", "=", "open")], order="id"
        )
        phone = self.env.ref("telecobranca.demo_contact_type_phone")
        promised = self.env.ref("telecobranca.demo_decision_promised")
        broken = self.env.ref("telecobranca.demo_decision_broken")
        today = fields.Date.context_today(self)
        texts = [
            "Called the finance department: payment promised for next week.",
            "No answer on the phone, message left.",
            "Customer asked for a renegotiation proposal.",
        ]
        notes = []
        for case, text in zip(cases[:3], texts, strict=False):
            notes.append(
                {
                    "case_id": case.id,
                    "author_id": admin.id,
                    "body": Markup("<p>%s</p>") % text,
                    "contact_type_id": phone.id,
                    "next_date": fields.Date.add(today, days=7),
                    "origin": "manual",
                    "state": "done",
                }
            )
        self.env["telecobranca.note"].create(notes)
        if cases:
            cases[0]._apply_decision(promised)
        if len(cases) > 1:
            cases[1]._apply_decision(promised)
            cases[1]._apply_decision(broken)
