# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Base class of the boleto tests: a Banco do Brasil account with PIX."""

from .common import TelecobrancaCommon

PIX_KEY = "123e4567-e89b-42d3-a456-426614174000"


class BoletoCommon(TelecobrancaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "vat": "11.222.333/0001-81",
                "city": "São Paulo",
                "street": "Avenida Paulista, 1000",
                "zip": "01310-100",
                "state_id": cls.env.ref("base.state_br_sp").id,
            }
        )
        cls.customer.write(
            {
                "street": "Rua das Flores, 10",
                "street2": "Centro",
                "zip": "01001-000",
                "city": "São Paulo",
                "state_id": cls.env.ref("base.state_br_sp").id,
                "mobile": "(11) 98765-4321",
                "email": "financeiro@paodourado.example.com",
            }
        )
        cls.bank_journal = cls.company_data["default_journal_bank"]
        cls.bb_account = cls.env["res.partner.bank"].create(
            {
                "acc_number": "99999-7",
                "partner_id": cls.company.partner_id.id,
                "boleto_enabled": True,
                "boleto_bank_code": "001",
                "boleto_agency": "1234",
                "boleto_account": "99999",
                "boleto_account_digit": "7",
                "boleto_wallet": "17",
                "boleto_agreement": "1234567",
                "boleto_layout": "hybrid",
                "boleto_fine_percent": 2.0,
                "boleto_interest_percent": 1.0,
                "boleto_instructions": "Do not accept after 30 days.",
                "boleto_integration": "cnab",
                "boleto_journal_id": cls.bank_journal.id,
                "boleto_interest_account_id": cls.company_data[
                    "default_account_revenue"
                ].id,
                "boleto_discount_account_id": cls.company_data[
                    "default_account_expense"
                ].id,
                "boleto_fee_account_id": cls.company_data["default_account_expense"].id,
                "proxy_type": "br_random",
                "proxy_value": PIX_KEY,
            }
        )
        cls.company.telecobranca_boleto_bank_account_id = cls.bb_account

    @classmethod
    def boleto_invoice(cls, amount, invoice_date="2025-06-02", **vals):
        return cls.create_invoice(
            amount,
            invoice_date,
            telecobranca_payment_form_id=cls.form_boleto.id,
            **vals,
        )
