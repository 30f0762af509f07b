# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Demo collection cases: teams, the automatic opening run once, notes.

Demo-only code, run by the addon's ``post_init_hook`` (``demo/__init__.py``).
"""

from markupsafe import Markup

from odoo import fields


def load_case_demo_data(env):
    """Collection teams, automatic opening run once, a few notes."""
    company = env.ref("base.demo_company_br", raise_if_not_found=False)
    if not company or not company.chart_template:
        return
    admin = env.ref("base.user_admin")
    Center = env["telecobranca.responsibility.center"]
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
    env.ref("telecobranca.demo_stage_first_contact").responsibility_center_id = team
    env.ref("telecobranca.demo_stage_legal").responsibility_center_id = legal
    company.write(
        {
            "telecobranca_auto_open": True,
            "telecobranca_responsibility_center_id": team.id,
            "telecobranca_reply_to": "cobranca@example.com",
        }
    )
    env["telecobranca.case"].with_company(company)._cron_open_cases()
    cases = env["telecobranca.case"].search(
        [("company_id", "=", company.id), ("state", "=", "open")], order="id"
    )
    phone = env.ref("telecobranca.demo_contact_type_phone")
    promised = env.ref("telecobranca.demo_decision_promised")
    broken = env.ref("telecobranca.demo_decision_broken")
    today = fields.Date.context_today(env.user)
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
    env["telecobranca.note"].create(notes)
    if cases:
        cases[0]._apply_decision(promised)
    if len(cases) > 1:
        cases[1]._apply_decision(promised)
        cases[1]._apply_decision(broken)
