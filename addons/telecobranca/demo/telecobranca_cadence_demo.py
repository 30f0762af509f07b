# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Demo dunning cadence, promises to pay and a dispute.

Demo-only code, run by the addon's ``post_init_hook`` (``demo/__init__.py``)
after the demo cases are open. The Brazilian demo company's default cadence
runs (it is not paused): a reminder e-mail three days before the due date, an
SMS on the due date, an e-mail the day after and a call for the collector
five days after. A few invoices fall due so that each step has a customer
tomorrow (the cadence's *Tomorrow* list is never empty on the day of
install). Two cases get a promise to pay (one open, one broken by the daily
check) and a third a title in dispute.
"""

from datetime import timedelta

from odoo import Command, fields
from odoo.tools import SQL

# (customer, days from today to the due date of its new invoice, amount):
# tomorrow is the reminder's D-3, the SMS's D0, the e-mail's D+1, the call's D+5
DEMO_CADENCE_INVOICES = [
    ("Padaria Pão Dourado Ltda", 4, 1850.0),
    ("Mercadinho Boa Vista Ltda", 1, 742.9),
    ("Farmácia Saúde Total Ltda", 0, 2310.45),
    ("Livraria Ponto Final Ltda", -4, 968.0),
]
DEMO_SMS = (
    "Olá! Seus títulos vencem hoje. Pague pelo boleto ou pelo PIX copia e cola "
    "abaixo e evite juros."
)
DEMO_DISPUTE_REASON = (
    "Cliente contesta a cobrança: mercadoria entregue com avaria, aguardando "
    "laudo do transportador."
)


def load_cadence_demo_data(env):
    """The running cadence, invoices due around tomorrow, promises, a dispute."""
    company = env.ref("base.demo_company_br", raise_if_not_found=False)
    if not company or not company.chart_template:
        return
    env = env["res.company"].with_company(company).env
    _create_demo_cadence(env, company)
    _create_demo_cadence_invoices(env, company)
    _create_demo_promises_and_dispute(env, company)


def _create_demo_cadence(env, company):
    reminder = env.ref("telecobranca.mail_template_cadence_reminder")
    overdue = env.ref("telecobranca.mail_template_cadence_overdue")
    return env["telecobranca.cadence"].create(
        {
            "name": "Régua padrão",
            "company_id": company.id,
            "is_default": True,
            "paused": False,
            "day_count": "calendar",
            "step_ids": [
                Command.create(
                    {
                        "name": "Lembrete: vence em 3 dias",
                        "offset_days": -3,
                        "channel": "email",
                        "mail_template_id": reminder.id,
                    }
                ),
                Command.create(
                    {
                        "name": "Vence hoje",
                        "offset_days": 0,
                        "channel": "sms",
                        "message": DEMO_SMS,
                    }
                ),
                Command.create(
                    {
                        "name": "Vencido há 1 dia",
                        "offset_days": 1,
                        "channel": "email",
                        "mail_template_id": overdue.id,
                    }
                ),
                Command.create(
                    {
                        "name": "Vencido há 5 dias: ligar",
                        "offset_days": 5,
                        "channel": "activity",
                    }
                ),
            ],
        }
    )


def _create_demo_cadence_invoices(env, company):
    today = fields.Date.context_today(env.user)
    journal = env["account.journal"].search(
        [("company_id", "=", company.id), ("type", "=", "sale")], limit=1
    )
    income = env["account.account"].search(
        [("company_ids", "in", company.id), ("account_type", "=", "income")],
        limit=1,
    )
    vals_list = []
    for name, days, amount in DEMO_CADENCE_INVOICES:
        partner = env["res.partner"].search([("name", "=", name)], limit=1)
        if not partner:
            continue
        due = today + timedelta(days=days)
        vals_list.append(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": due - timedelta(days=30),
                "date": due - timedelta(days=30),
                "invoice_date_due": due,
                "journal_id": journal.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Mercadorias",
                            "quantity": 1,
                            "price_unit": amount,
                            "account_id": income.id,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
    invoices = env["account.move"].create(vals_list)
    invoices.action_post()
    return invoices


def _open_titles(case):
    return case.line_ids.filtered(
        lambda line: line.is_open and not line.move_line_id.reconciled
    ).move_line_id


def _create_demo_promises_and_dispute(env, company):
    """An open promise, a broken one (made a week ago for three days ago,
    judged by the daily check) and a title in dispute, on three cases
    without notes of the demo."""
    cases = (
        env["telecobranca.case"]
        .search([("company_id", "=", company.id), ("state", "=", "open")], order="id")
        .filtered(lambda case: not case.note_ids and _open_titles(case))
    )
    if len(cases) < 3:
        return
    today = fields.Date.context_today(env.user)
    Promise = env["telecobranca.promise"]
    promise_vals = []
    for case, days, channel in ((cases[0], 5, "phone"), (cases[1], 0, "whatsapp")):
        titles = _open_titles(case)
        promise_vals.append(
            {
                "case_id": case.id,
                "user_id": case.user_id.id,
                "date": today + timedelta(days=days),
                "amount": sum(titles.mapped("amount_residual")),
                "channel": channel,
                "title_ids": [Command.set(titles.ids)],
            }
        )
    open_promise, broken_promise = Promise.create(promise_vals)
    # the second promise was made a week ago for three days ago: the daily
    # check (the promise's own run) finds nothing paid and breaks it
    Promise.flush_model()
    env.cr.execute(
        SQL(
            "UPDATE telecobranca_promise SET date = %s, date_made = %s WHERE id = %s",
            today - timedelta(days=company.telecobranca_promise_grace_days + 3),
            today - timedelta(days=company.telecobranca_promise_grace_days + 7),
            broken_promise.id,
        )
    )
    broken_promise.invalidate_recordset()
    Promise._run(date=today)
    env["telecobranca.dispute"].action_open_disputes(
        _open_titles(cases[2])[:1], DEMO_DISPUTE_REASON
    )
    return open_promise | broken_promise
