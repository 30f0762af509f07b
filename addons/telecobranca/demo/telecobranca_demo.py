# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Demo collection data: customers, payment terms, invoices, payments.

Demo-only code, run by the addon's ``post_init_hook`` when the database has
demo data (see ``demo/__init__.py``); never imported by the models. Due dates
are relative to the day of install, so the data is generated in Python with a
fixed seed rather than written as static XML records.
"""

import random
import unicodedata

from dateutil.relativedelta import relativedelta

from odoo import Command, fields

# name, CPF/CNPJ, city, state code, payment form xml id
DEMO_CUSTOMERS = [
    (
        "Padaria Pão Dourado Ltda",
        "87.921.742/0001-38",
        "São Paulo",
        "SP",
        "payment_form_boleto",
    ),
    (
        "Mercadinho Boa Vista Ltda",
        "18.096.792/0001-05",
        "Campinas",
        "SP",
        "payment_form_boleto",
    ),
    (
        "Oficina Mecânica Irmãos Souza",
        "90.810.033/0001-90",
        "Curitiba",
        "PR",
        "payment_form_pix",
    ),
    (
        "Farmácia Saúde Total Ltda",
        "90.757.938/0001-43",
        "Belo Horizonte",
        "MG",
        "payment_form_boleto",
    ),
    (
        "Construtora Alicerce S.A.",
        "34.701.746/0001-44",
        "Rio de Janeiro",
        "RJ",
        "payment_form_check",
    ),
    (
        "Restaurante Sabor Mineiro",
        "81.453.840/0001-01",
        "Juiz de Fora",
        "MG",
        "demo_payment_form_card",
    ),
    (
        "Auto Peças Rota Sul Ltda",
        "19.161.461/0001-74",
        "Porto Alegre",
        "RS",
        "payment_form_transfer",
    ),
    (
        "Livraria Ponto Final Ltda",
        "52.601.815/9083-69",
        "Salvador",
        "BA",
        "payment_form_boleto",
    ),
    ("Ana Paula Ferreira", "711.471.049-64", "Recife", "PE", "payment_form_pix"),
    (
        "Bruno Henrique Almeida",
        "746.507.529-73",
        "Fortaleza",
        "CE",
        "demo_payment_form_financing",
    ),
    ("Carla Regina Monteiro", "170.342.366-66", "Goiânia", "GO", "payment_form_boleto"),
    (
        "Diego Martins Rocha",
        "712.768.426-00",
        "Florianópolis",
        "SC",
        "payment_form_cash",
    ),
    ("Eduarda Lima Castro", "846.563.212-06", "Manaus", "AM", "payment_form_other"),
    (
        "Fernando Augusto Nogueira",
        "233.079.244-19",
        "Natal",
        "RN",
        "payment_form_boleto",
    ),
    ("Gabriela Souza Prado", "026.859.952-18", "Belém", "PA", "payment_form_pix"),
]


def load_collection_demo_data(env):
    """Customers, invoices and payments of the Brazilian demo company."""
    company = env.ref("base.demo_company_br", raise_if_not_found=False)
    if not company or not company.chart_template:
        return
    _configure_demo_company(env, company)
    customers = _create_demo_customers(env)
    terms = _create_demo_payment_terms(env, company)
    company_env = env["res.company"].with_company(company).env
    _create_demo_invoices(company_env, customers, terms)


def _configure_demo_company(env, company):
    company.write(
        {
            "telecobranca_default_status_id": env.ref(
                "telecobranca.title_status_normal"
            ).id,
            "telecobranca_min_days_overdue": 5,
            "telecobranca_collector_id": env.ref("base.user_admin").id,
            "telecobranca_case_type_id": env.ref(
                "telecobranca.demo_case_type_defaulting"
            ).id,
            "telecobranca_contact_type_id": env.ref(
                "telecobranca.demo_contact_type_phone"
            ).id,
        }
    )
    # The demo is about this company: make it the administrator's current one.
    env.ref("base.user_admin").write(
        {"company_ids": [Command.link(company.id)], "company_id": company.id}
    )


def _create_demo_customers(env):
    cnpj = env.ref("l10n_br.cnpj")
    cpf = env.ref("l10n_br.cpf")
    brazil = env.ref("base.br")
    states = {
        state.code: state
        for state in env["res.country.state"].search([("country_id", "=", brazil.id)])
    }
    vals_list = []
    for name, document, city, state, _form in DEMO_CUSTOMERS:
        is_company = "/" in document
        slug = (
            unicodedata.normalize("NFKD", name.split()[0].lower())
            .encode("ascii", "ignore")
            .decode()
        )
        vals_list.append(
            {
                "name": name,
                "is_company": is_company,
                "vat": document,
                "l10n_latam_identification_type_id": (cnpj if is_company else cpf).id,
                "country_id": brazil.id,
                "state_id": states[state].id,
                "city": city,
                "email": f"financeiro@{slug}.example.com",
                "phone": f"+55 11 9{len(vals_list) * 37:04d}-{len(name) * 91:04d}",
                "customer_rank": 1,
            }
        )
    customers = env["res.partner"].create(vals_list)
    company = env.ref("base.demo_company_br")
    for customer, row in zip(customers, DEMO_CUSTOMERS, strict=True):
        form = env.ref(f"telecobranca.{row[-1]}")
        customer.with_company(company).telecobranca_payment_form_id = form
    return customers


def _create_demo_payment_terms(env, company):
    def term(name, count):
        share = round(100.0 / count, 2)
        lines = []
        for index in range(count):
            last = index == count - 1
            lines.append(
                Command.create(
                    {
                        "value": "percent",
                        "value_amount": 100.0 - share * (count - 1) if last else share,
                        "nb_days": 30 * (index + 1),
                    }
                )
            )
        return {"name": name, "company_id": company.id, "line_ids": lines}

    return env["account.payment.term"].create(
        [term("30 days", 1), term("30/60 days", 2), term("30/60/90 days", 3)]
    )


def _create_demo_invoices(env, customers, terms):
    """~60 invoices: due dates from 150 days ago to 60 days ahead, some
    paid, some partly paid, a few left in draft (forecast titles)."""
    rng = random.Random(2026)
    today = fields.Date.context_today(env.user)
    company = env.company
    journal = env["account.journal"].search(
        [("company_id", "=", company.id), ("type", "=", "sale")], limit=1
    )
    income = env["account.account"].search(
        [("company_ids", "in", company.id), ("account_type", "=", "income")],
        limit=1,
    )
    vals_list = []
    for index in range(60):
        term = rng.choice(terms)
        installments = len(term.line_ids)
        # first due date 30 days after the invoice, the last one 30 * n
        last_due_offset = rng.randint(-150 + 30 * (installments - 1), 60)
        invoice_date = today + relativedelta(days=last_due_offset - 30 * installments)
        vals_list.append(
            {
                "move_type": "out_invoice",
                "partner_id": customers[index % len(customers)].id,
                "invoice_date": invoice_date,
                "date": invoice_date,
                "journal_id": journal.id,
                "invoice_payment_term_id": term.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": rng.choice(
                                [
                                    "Mercadorias",
                                    "Serviços de manutenção",
                                    "Assinatura mensal",
                                ]
                            ),
                            "quantity": rng.randint(1, 5),
                            "price_unit": rng.randint(8000, 250000) / 100.0,
                            "account_id": income.id,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
    invoices = env["account.move"].create(vals_list)
    drafts = invoices[-5:]
    posted = invoices - drafts
    posted.action_post()
    _set_demo_statuses(env, posted, rng)
    _register_demo_payments(env, posted, rng)


def _set_demo_statuses(env, invoices, rng):
    titles = invoices.line_ids.filtered("is_title")
    for xmlid in (
        "title_status_protested",
        "title_status_legal",
        "title_status_negotiation",
    ):
        rng.choice(titles).collection_status_id = env.ref(f"telecobranca.{xmlid}")


def _register_demo_payments(env, invoices, rng):
    """A fifth of the invoices paid, a sixth partly paid (a third)."""
    for invoice in invoices:
        luck = rng.random()
        if luck > 0.37:
            continue
        register = (
            env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"payment_date": invoice.invoice_date})
        )
        if luck > 0.2:
            register.amount = invoice.currency_id.round(invoice.amount_total / 3)
        register._create_payments()
