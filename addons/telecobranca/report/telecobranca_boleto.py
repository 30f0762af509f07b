# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Values of the boleto QWeb report: one slip per title."""

import base64
import io

from odoo import api, fields, models
from odoo.tools import format_amount, format_date, formatLang

from ..tools import boleto as boleto_tools
from ..tools.numbers import money_decimal


def format_document(vat):
    """CPF/CNPJ with its punctuation (as given when it is neither)."""
    digits = "".join(ch for ch in vat or "" if ch.isdigit())
    if len(digits) == 14:
        return f"{digits[:2]}.{digits[2:5]}.{digits[5:8]}/{digits[8:12]}-{digits[12:]}"
    if len(digits) == 11:
        return f"{digits[:3]}.{digits[3:6]}.{digits[6:9]}-{digits[9:]}"
    return vat or ""


def svg_data_uri(svg):
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def qr_png_data_uri(text):
    import qrcode

    image = qrcode.make(text, box_size=6, border=1)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


class ReportTelecobrancaBoleto(models.AbstractModel):
    _name = "report.telecobranca.report_boleto"
    _description = "Boleto Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        """One slip per title, read from its issued boleto.

        Rendering never issues: a title without its boleto is refused (the
        flow issues it first, see ``telecobranca.send``).
        """
        titles = self.env["account.move.line"].browse(docids)
        self.env["telecobranca.send"]._check_boletos_issued(titles)
        report = self.with_context(lang=self._get_slip_lang())
        return {
            "doc_ids": docids,
            "doc_model": "account.move.line",
            "docs": titles,
            "slips": [report._prepare_slip(title) for title in titles],
        }

    @api.model
    def _get_slip_lang(self):
        """A boleto is a Brazilian bank document: pt_BR when it is installed."""
        active = [code for code, _name in self.env["res.lang"].get_installed()]
        return "pt_BR" if "pt_BR" in active else self.env.lang

    @api.model
    def _prepare_slip(self, title):
        """Everything one slip prints, as display strings."""
        env = self.env
        account = title.boleto_account_id
        company = title.company_id
        currency = title.company_currency_id
        payer = title.partner_id.commercial_partner_id
        amount = title.boleto_amount

        def lang_date(value):
            return format_date(env, value) if value else ""

        def number(value):
            return formatLang(env, value, digits=2)

        def money(value):
            return format_amount(env, value, currency)

        instructions = []
        if account.boleto_fine_percent:
            instructions.append(
                env._(
                    "After %(date)s charge a fine of %(percent)s%% (%(amount)s).",
                    date=lang_date(title.boleto_due_date),
                    percent=number(account.boleto_fine_percent),
                    amount=money(amount * account.boleto_fine_percent / 100),
                )
            )
        if account.boleto_interest_percent:
            instructions.append(
                env._(
                    "After %(date)s charge interest of %(percent)s%% a month "
                    "(%(amount)s a day).",
                    date=lang_date(title.boleto_due_date),
                    percent=number(account.boleto_interest_percent),
                    amount=money(amount * account.boleto_interest_percent / 100 / 30),
                )
            )
        if account.boleto_instructions:
            instructions += account.boleto_instructions.splitlines()
        address = ", ".join(
            filter(
                None,
                [payer.street, payer.street2, payer.zip and f"CEP {payer.zip}"],
            )
        )
        city = " - ".join(filter(None, [payer.city, payer.state_id.code]))
        company_address = ", ".join(
            filter(
                None,
                [
                    company.street,
                    company.street2,
                    company.city,
                    company.state_id.code,
                    company.zip,
                ],
            )
        )
        bank_code = account.boleto_bank_code
        payload = title.boleto_pix_payload or ""
        return {
            "title": title,
            "company": company,
            "company_address": company_address,
            "company_vat": format_document(company.vat),
            "bank_name": boleto_tools.BANK_NAMES.get(bank_code, ""),
            "bank_code": (
                f"{bank_code}-{boleto_tools.BANK_CODE_DIGITS.get(bank_code, '')}"
            ),
            "digitable_line": title.boleto_digitable_line,
            "barcode_uri": svg_data_uri(boleto_tools.itf_svg(title.boleto_barcode)),
            "due_date": lang_date(title.boleto_due_date),
            "document_date": lang_date(title.invoice_date or title.date),
            "processing_date": lang_date(fields.Date.context_today(self)),
            "document_number": title.title_number or "",
            "nosso_numero": title.boleto_nosso_numero,
            "agency_account": self._agency_account(title),
            "wallet": account.boleto_wallet or "",
            "amount": number(amount),
            "payer_name": payer.name or "",
            "payer_vat": format_document(payer.vat),
            "payer_address": address,
            "payer_city": city,
            "instructions": instructions,
            "pix_payload": title.boleto_pix_payload or "",
            "pix_chunks": [
                payload[index : index + 70] for index in range(0, len(payload), 70)
            ],
            "pix_qr_uri": (
                qr_png_data_uri(title.boleto_pix_payload)
                if title.boleto_pix_payload
                else ""
            ),
            "payment_place": env._(
                "Payable at any bank, lottery outlet or banking app until the due date."
            ),
        }

    @api.model
    def _agency_account(self, title):
        account = title.boleto_account_id
        try:
            return boleto_tools.compute(
                **account._boleto_compute_kwargs(),
                nosso_numero=title.boleto_sequence_number,
                due_date=title.boleto_due_date,
                amount=money_decimal(title.boleto_amount),
                document_number=title.boleto_sequence_number,
                issue_date=title.invoice_date or title.date,
            ).agency_account
        except ValueError:
            return f"{account.boleto_agency or ''} / {account.boleto_account or ''}"
