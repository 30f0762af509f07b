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

# Every customer has the address a bank needs to register a boleto (CNAB
# 240 segment Q: street and number, district, CEP, city, state).
# name, CPF/CNPJ, (street, number, district, CEP, city, state code),
# payment form xml id
DEMO_CUSTOMERS = [
    (
        "Padaria Pão Dourado Ltda",
        "87.921.742/0001-38",
        ("Rua Augusta", "1508", "Consolação", "01304-001", "São Paulo", "SP"),
        "payment_form_boleto",
    ),
    (
        "Mercadinho Boa Vista Ltda",
        "18.096.792/0001-05",
        ("Rua Barão de Jaguara", "1200", "Centro", "13015-002", "Campinas", "SP"),
        "payment_form_boleto",
    ),
    (
        "Oficina Mecânica Irmãos Souza",
        "90.810.033/0001-90",
        ("Rua XV de Novembro", "700", "Centro", "80020-310", "Curitiba", "PR"),
        "payment_form_pix",
    ),
    (
        "Farmácia Saúde Total Ltda",
        "90.757.938/0001-43",
        ("Avenida Afonso Pena", "1500", "Centro", "30130-005", "Belo Horizonte", "MG"),
        "payment_form_boleto",
    ),
    (
        "Construtora Alicerce S.A.",
        "34.701.746/0001-44",
        ("Avenida Rio Branco", "156", "Centro", "20040-003", "Rio de Janeiro", "RJ"),
        "payment_form_check",
    ),
    (
        "Restaurante Sabor Mineiro",
        "81.453.840/0001-01",
        ("Rua Halfeld", "414", "Centro", "36010-002", "Juiz de Fora", "MG"),
        "demo_payment_form_card",
    ),
    (
        "Auto Peças Rota Sul Ltda",
        "19.161.461/0001-74",
        ("Avenida Ipiranga", "2500", "Azenha", "90160-093", "Porto Alegre", "RS"),
        "payment_form_transfer",
    ),
    (
        "Livraria Ponto Final Ltda",
        "52.601.815/9083-69",
        ("Avenida Sete de Setembro", "1200", "Centro", "40060-001", "Salvador", "BA"),
        "payment_form_boleto",
    ),
    (
        "Ana Paula Ferreira",
        "711.471.049-64",
        ("Rua da Aurora", "325", "Boa Vista", "50050-000", "Recife", "PE"),
        "payment_form_pix",
    ),
    (
        "Bruno Henrique Almeida",
        "746.507.529-73",
        ("Avenida Beira Mar", "3000", "Meireles", "60165-121", "Fortaleza", "CE"),
        "demo_payment_form_financing",
    ),
    (
        "Carla Regina Monteiro",
        "170.342.366-66",
        ("Rua 85", "120", "Setor Sul", "74080-010", "Goiânia", "GO"),
        "payment_form_boleto",
    ),
    (
        "Diego Martins Rocha",
        "712.768.426-00",
        ("Rua Felipe Schmidt", "515", "Centro", "88010-001", "Florianópolis", "SC"),
        "payment_form_cash",
    ),
    (
        "Eduarda Lima Castro",
        "846.563.212-06",
        ("Avenida Eduardo Ribeiro", "620", "Centro", "69010-001", "Manaus", "AM"),
        "payment_form_other",
    ),
    (
        "Fernando Augusto Nogueira",
        "233.079.244-19",
        ("Avenida Prudente de Morais", "1000", "Tirol", "59020-400", "Natal", "RN"),
        "payment_form_boleto",
    ),
    (
        "Gabriela Souza Prado",
        "026.859.952-18",
        ("Avenida Presidente Vargas", "800", "Campina", "66017-000", "Belém", "PA"),
        "payment_form_pix",
    ),
]

# The demo's language: customers, the collector and the supervisor.
DEMO_LANG = "pt_BR"
DEMO_TZ = "America/Sao_Paulo"

# login (= password), name, collection group
DEMO_USERS = [
    ("cobrador", "Carla Cobradora", "group_telecobranca_user"),
    ("supervisor", "Sérgio Supervisor", "group_telecobranca_supervisor"),
    ("gerente", "Gabriela Gerente", "group_telecobranca_manager"),
]


def load_collection_demo_data(env):
    """Customers, invoices and payments of the Brazilian demo company."""
    company = env.ref("base.demo_company_br", raise_if_not_found=False)
    if not company or not company.chart_template:
        return
    lang = _activate_demo_lang(env)
    users = _create_demo_users(env, company, lang)
    _configure_demo_company(env, company, users)
    customers = _create_demo_customers(env, lang)
    terms = _create_demo_payment_terms(env, company)
    company_env = env["res.company"].with_company(company).env
    _create_demo_invoices(company_env, customers, terms)


def _activate_demo_lang(env):
    """pt_BR, activated when the database was created without it (setup/demo
    loads it with its translations: ``--load-language=pt_BR``)."""
    Lang = env["res.lang"]
    if not Lang._lang_get(DEMO_LANG).active:
        Lang._activate_lang(DEMO_LANG)
    return DEMO_LANG


def _create_demo_users(env, company, lang):
    """The demo's collector and supervisor (login = password), in pt_BR."""
    return env["res.users"].create(
        [
            {
                "name": name,
                "login": login,
                "password": login,
                "email": f"{login}@example.com",
                "lang": lang,
                "tz": DEMO_TZ,
                "company_id": company.id,
                "company_ids": [Command.set(company.ids)],
                "groups_id": [
                    Command.set(
                        [
                            env.ref("base.group_user").id,
                            env.ref(f"telecobranca.{group}").id,
                        ]
                    )
                ],
            }
            for login, name, group in DEMO_USERS
        ]
    )


def _configure_demo_company(env, company, users):
    company.write(
        {
            "telecobranca_default_status_id": env.ref(
                "telecobranca.title_status_normal"
            ).id,
            "telecobranca_min_days_overdue": 5,
            "telecobranca_collector_id": users[0].id,
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


def _create_demo_customers(env, lang):
    cnpj = env.ref("l10n_br.cnpj")
    cpf = env.ref("l10n_br.cpf")
    brazil = env.ref("base.br")
    states = {
        state.code: state
        for state in env["res.country.state"].search([("country_id", "=", brazil.id)])
    }
    cities = {
        (city.name, city.state_id.code): city
        for city in env["res.city"].search([("country_id", "=", brazil.id)])
    }
    vals_list = []
    for name, document, address, _form in DEMO_CUSTOMERS:
        street, number, district, zip_code, city, state = address
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
                "city_id": cities.get((city, state), env["res.city"]).id,
                "city": city,
                "street_name": street,
                "street_number": number,
                "street2": district,
                "zip": zip_code,
                "lang": lang,
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
        [term("30 dias", 1), term("30/60 dias", 2), term("30/60/90 dias", 3)]
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
