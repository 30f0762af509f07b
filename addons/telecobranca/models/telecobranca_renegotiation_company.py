# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Company helpers of renegotiation: its journal, accounts and write-off type."""

from psycopg2.errors import UniqueViolation

from odoo import models
from odoo.exceptions import UserError


class ResCompany(models.Model):
    _inherit = "res.company"

    def _telecobranca_renegotiation_journal(self):
        """Journal of the renegotiation entries (code and prefix ``REN``).

        Created on first use (the company's first renegotiation draft) for a
        company that has none; a concurrent creation is a clear error.
        """
        self.ensure_one()
        journal = self.telecobranca_renegotiation_journal_id
        if journal:
            return journal
        Journal = self.env["account.journal"].sudo()
        journal = Journal.search(
            [
                *Journal._check_company_domain(self),
                ("company_id", "=", self.id),
                ("type", "=", "general"),
                ("code", "=", "REN"),
            ],
            limit=1,
        )
        if not journal:
            try:
                with self.env.cr.savepoint():
                    journal = Journal.create(
                        {
                            "name": self.env._("Renegotiation"),
                            "code": "REN",
                            "type": "general",
                            "company_id": self.id,
                            "show_on_dashboard": False,
                        }
                    )
            except UniqueViolation:
                raise UserError(
                    self.env._(
                        "Another user is creating the renegotiation journal of "
                        "%(company)s right now: try again in a moment.",
                        company=self.name,
                    )
                ) from None
        self.sudo().telecobranca_renegotiation_journal_id = journal
        return journal.sudo(False)

    def _telecobranca_find_account(self, account_types):
        return self.env["account.account"].search(
            [
                *self.env["account.account"]._check_company_domain(self),
                ("account_type", "in", account_types),
                ("deprecated", "=", False),
            ],
            limit=1,
        )

    def _telecobranca_fine_account(self):
        self.ensure_one()
        return self.telecobranca_fine_account_id or self._telecobranca_find_account(
            ["income_other", "income"]
        )

    def _telecobranca_interest_account(self):
        self.ensure_one()
        return self.telecobranca_interest_account_id or self._telecobranca_find_account(
            ["income_other", "income"]
        )

    def _telecobranca_discount_account(self):
        self.ensure_one()
        return self.telecobranca_discount_account_id or self._telecobranca_find_account(
            ["expense", "expense_direct_cost"]
        )

    def _telecobranca_default_writeoff_type(self):
        """Default final write-off type of the company, created on first use."""
        self.ensure_one()
        wtype = self.telecobranca_writeoff_type_id
        if wtype:
            return wtype
        WriteoffType = self.env["telecobranca.writeoff.type"].sudo()
        wtype = WriteoffType.search(
            [("company_id", "=", self.id), ("is_final_no_cash", "=", True)], limit=1
        )
        if not wtype:
            account = self._telecobranca_discount_account()
            if not account:
                return WriteoffType.browse()
            wtype = WriteoffType.create(
                {
                    "name": self.env._("Renegotiation (no cash)"),
                    "company_id": self.id,
                    "account_id": account.id,
                    "is_final_no_cash": True,
                }
            )
        self.sudo().telecobranca_writeoff_type_id = wtype
        return wtype.sudo(False)
