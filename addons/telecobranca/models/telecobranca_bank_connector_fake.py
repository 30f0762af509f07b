# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""An in-process bank connector, deterministic and offline (tests, demos).

It registers every boleto whose payer has a CPF/CNPJ and rejects the others,
as a bank would; the bank reference is derived from the nosso número. It is
test-only: offered in tests and on demo databases, never on a production bank
account (see ``telecobranca.bank.connector``).
"""

from odoo import api, models


class TelecobrancaBankConnectorFake(models.AbstractModel):
    _name = "telecobranca.bank.connector.fake"
    _inherit = "telecobranca.bank.connector"
    _description = "Bank API Connector: Fake (offline)"

    _connector_code = "fake"
    _connector_label = "Fake bank (offline, for tests)"
    _connector_test_only = True

    @api.model
    def _register_titles(self, titles):
        result = {}
        for title in titles:
            if not title.partner_id.commercial_partner_id.vat:
                result[title] = (
                    "rejected",
                    False,
                    self.env._("Payer without CPF/CNPJ."),
                )
            else:
                result[title] = (
                    "registered",
                    f"FAKE-{title.boleto_match_key}",
                    self.env._("Registered."),
                )
        return result

    @api.model
    def _send_instructions(self, instructions):
        """Every instruction is taken, as a bank would, but a protest to
        cancel where none is and a rebate not less than the slip's amount."""
        result = {}
        for instruction in instructions:
            title = instruction.title_id
            if (
                instruction.kind == "cancel_protest"
                and title.boleto_status != "protested"
            ):
                result[instruction] = (
                    "rejected",
                    self.env._("The title is not protested."),
                )
            elif (
                instruction.kind == "rebate"
                and instruction.rebate_amount >= title.boleto_amount
            ):
                result[instruction] = (
                    "rejected",
                    self.env._("The rebate is not less than the amount."),
                )
            else:
                result[instruction] = ("confirmed", self.env._("Instruction taken."))
        return result

    @api.model
    def _fetch_status(self, titles):
        """Paid once reconciled; a slip sent earlier is registered by now."""
        result = {}
        for title in titles:
            status = title.boleto_status or "not_sent"
            if title.reconciled:
                status = "paid"
            elif status == "sent":
                status = "registered"
            result[title] = (status, False)
        return result
