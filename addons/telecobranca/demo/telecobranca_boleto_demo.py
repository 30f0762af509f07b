# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Demo boleto account of the Brazilian demo company, and a few boletos.

Demo-only code, run by the addon's ``post_init_hook`` (``demo/__init__.py``).
"""


def load_boleto_demo_data(env):
    company = env.ref("base.demo_company_br", raise_if_not_found=False)
    if not company or not company.chart_template:
        return
    env = env["res.company"].with_company(company).env
    journal = env["account.journal"].search(
        [("company_id", "=", company.id), ("type", "=", "bank")], limit=1
    )
    Account = env["account.account"]

    def account_of(kind):
        return Account.search(
            [("company_ids", "in", company.id), ("account_type", "=", kind)],
            limit=1,
        )

    bank = env["res.bank"].search([("bic", "=", "BRASBRRJ")], limit=1) or env[
        "res.bank"
    ].create({"name": "Banco do Brasil", "bic": "BRASBRRJ"})
    account = env["res.partner.bank"].create(
        {
            "acc_number": "0012345-6",
            "bank_id": bank.id,
            "partner_id": company.partner_id.id,
            "boleto_enabled": True,
            "boleto_bank_code": "001",
            "boleto_agency": "1234",
            "boleto_agency_digit": "3",
            "boleto_account": "12345",
            "boleto_account_digit": "6",
            "boleto_wallet": "17",
            "boleto_wallet_variation": "019",
            "boleto_agreement": "2345678",
            "boleto_layout": "hybrid",
            "boleto_fine_percent": 2.0,
            "boleto_interest_percent": 1.0,
            "boleto_instructions": "Não receber após 30 dias do vencimento.",
            "boleto_integration": "cnab",
            "boleto_journal_id": journal.id,
            "boleto_interest_account_id": account_of("income_other").id
            or account_of("income").id,
            "boleto_discount_account_id": account_of("expense").id,
            "boleto_fee_account_id": account_of("expense").id,
            "proxy_type": "br_random",
            "proxy_value": "7d9f0335-8dcc-4054-9bf9-0dbd61d36906",
        }
    )
    company.telecobranca_boleto_bank_account_id = account
    titles = env["account.move.line"].search(
        [
            ("company_id", "=", company.id),
            ("is_title", "=", True),
            ("parent_state", "=", "posted"),
            ("reconciled", "=", False),
            ("payment_form_id.kind", "=", "boleto"),
        ],
        order="date_maturity desc, id",
        limit=4,
    )
    titles._telecobranca_issue_boleto(account)
    titles[:2].write({"boleto_status": "registered"})
