# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Demo collection cases: teams, the automatic opening run once, notes.

Demo-only code, run by the addon's ``post_init_hook`` (``demo/__init__.py``).
The collector (``cobrador``) and the supervisor (``supervisor``) of
``telecobranca_demo.py`` form the collection desk: the automatic opening
gives them the cases in turn, due for contact today, so that each finds work
in *My cases to contact today* on the first login.
"""

from markupsafe import Markup

from odoo import fields

# (note, days until the next contact) of the first cases
DEMO_NOTES = [
    ("Liguei para o financeiro: pagamento prometido para a próxima semana.", 7),
    ("Sem resposta no telefone, deixei recado.", 2),
    ("Cliente pediu uma proposta de renegociação.", 3),
]


def load_case_demo_data(env):
    """Collection teams, automatic opening run once, a few notes."""
    company = env.ref("base.demo_company_br", raise_if_not_found=False)
    if not company or not company.chart_template:
        return
    admin = env.ref("base.user_admin")
    collector = env["res.users"].search([("login", "=", "cobrador")], limit=1)
    supervisor = env["res.users"].search([("login", "=", "supervisor")], limit=1)
    manager = env["res.users"].search([("login", "=", "gerente")], limit=1)
    Center = env["telecobranca.responsibility.center"]
    team = Center.create(
        {
            "name": "Mesa de Cobrança",
            "company_id": company.id,
            "user_ids": (collector | supervisor).ids,
            "leader_id": supervisor.id,
        }
    )
    legal = Center.create(
        {
            "name": "Departamento Jurídico",
            "company_id": company.id,
            "leader_id": admin.id,
            "user_ids": (admin | manager).ids,
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
    notes = []
    # the first cases of each collector get a note and a later contact
    # date; the others stay due today
    noted = (
        cases.filtered(lambda case: case.user_id == collector)[:2]
        | (cases.filtered(lambda case: case.user_id == supervisor)[:1])
    )
    for case, (text, days) in zip(noted, DEMO_NOTES, strict=False):
        next_date = fields.Date.add(today, days=days)
        notes.append(
            {
                "case_id": case.id,
                "author_id": case.user_id.id or admin.id,
                "body": Markup("<p>%s</p>") % text,
                "contact_type_id": phone.id,
                "next_date": next_date,
                "origin": "manual",
                "state": "done",
            }
        )
        case.next_date = next_date
    env["telecobranca.note"].create(notes)
    if noted:
        noted[0]._apply_decision(promised)
    if len(noted) > 2:
        noted[2]._apply_decision(promised)
        noted[2]._apply_decision(broken)
