# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The collection trail: what settles a title is in its case's history.

Bank return payments and rejections (CNAB), write-offs and renegotiations
each leave a system note on the case of the titles, listed by *History*
newest first; the title timeline names each of them by what it is.
"""

import base64
from decimal import Decimal

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .test_boleto_common import BoletoCommon
from .test_cnab import return_file
from .test_renegotiation import RenegotiationCommon


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestCaseTrail(RenegotiationCommon, BoletoCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.wtype = cls.env["telecobranca.writeoff.type"].create(
            {
                "name": "Uncollectible",
                "account_id": cls.company_data["default_account_expense"].id,
                "company_id": cls.company.id,
            }
        )
        cls.invoice_1 = cls.boleto_invoice(1234.56)
        cls.invoice_2 = cls.boleto_invoice(300.0)
        cls.title_1 = cls.titles(cls.invoice_1)
        cls.title_2 = cls.titles(cls.invoice_2)
        cls.case = cls.env["telecobranca.case"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.company.id,
                "line_ids": [
                    Command.create({"move_line_id": title.id})
                    for title in cls.title_1 | cls.title_2
                ],
            }
        )

    def history(self):
        """The notes *History* lists, in its order."""
        action = self.case.action_view_history()
        return self.env["telecobranca.note"].search(action["domain"])

    def export(self):
        """Send the two titles to the bank: they get their nosso número."""
        Form(
            self.env["telecobranca.cnab.export"].with_context(
                active_model="account.move.line",
                active_ids=(self.title_1 | self.title_2).ids,
            )
        ).save().action_export()

    def import_return(self, records):
        wizard = Form(
            self.env["telecobranca.cnab.import"].with_context(
                default_file_name="RET.RET"
            )
        )
        wizard.file_data = base64.b64encode(return_file(records))
        action = wizard.save().action_import()
        return self.env["telecobranca.cnab.return"].browse(action["res_id"])

    def writeoff(self, title):
        form = Form(
            self.env["telecobranca.writeoff.wizard"].with_context(
                default_move_line_id=title.id
            )
        )
        form.writeoff_type_id = self.wtype
        form.date = "2025-06-16"
        form.reason = "Customer went bankrupt"
        return self.env["account.move"].browse(form.save().action_confirm()["res_id"])

    def nn(self, title):
        return title._boleto_cnab_nosso_numero()

    # ------------------------------------------------------------------
    def test_cnab_payment_and_rejection_in_history(self):
        self.export()
        self.import_return(
            [
                {
                    "code": "03",
                    "nosso_numero": self.nn(self.title_2),
                    "reasons": "0816",
                },
                {
                    "code": "06",
                    "nosso_numero": self.nn(self.title_1),
                    "amount": Decimal("1234.56"),
                    "paid": Decimal("1234.56"),
                },
            ]
        )
        history = self.history()
        self.assertEqual(len(history), 2)
        self.assertEqual(history.mapped("origin"), ["system", "system"])
        # newest first: the payment, the last record of the file
        self.assertIn(self.title_1.title_number, history[0].body)
        self.assertIn("paid at the bank", history[0].body)
        self.assertIn("RET.RET", history[0].body)
        self.assertIn("1,234.56", history[0].body)
        self.assertIn(self.title_2.title_number, history[1].body)
        self.assertIn("rejected by the bank", history[1].body)
        self.assertIn("08: Invalid nosso número, 16: Invalid due date", history[1].body)
        self.assertGreater(history[0].id, history[1].id)
        # a later write-off comes on top of them
        self.writeoff(self.title_2)
        history = self.history()
        self.assertIn("written off without cash", history[0].body)
        self.assertIn("rejected by the bank", history.mapped("body")[-1])

    def test_cnab_payment_closing_the_case_is_in_its_history(self):
        """The payment that settles the last title stays in the history of
        the case it closes."""
        self.export()
        self.writeoff(self.title_2)
        self.import_return(
            [
                {
                    "code": "06",
                    "nosso_numero": self.nn(self.title_1),
                    "amount": Decimal("1234.56"),
                    "paid": Decimal("1234.56"),
                },
            ]
        )
        self.assertEqual(self.case.state, "closed")
        bodies = self.history().mapped("body")
        self.assertIn("Case closed", bodies[0])
        self.assertIn("paid at the bank", bodies[1])
        self.assertIn("written off without cash", bodies[2])

    def test_writeoff_in_history(self):
        self.writeoff(self.title_1)
        history = self.history()
        self.assertEqual(len(history), 1)
        self.assertRecordValues(
            history, [{"origin": "system", "author_id": self.env.user.id}]
        )
        self.assertIn(self.title_1.title_number, history.body)
        self.assertIn("Uncollectible", history.body)
        self.assertIn("Customer went bankrupt", history.body)

    def test_renegotiation_in_history(self):
        self.writeoff(self.title_2)
        reneg = self.renegotiate(self.title_1)
        reneg.action_compute_installments()
        reneg.action_confirm()
        history = self.history()
        self.assertIn("Renegotiation confirmed", history[0].body)
        self.assertIn(reneg.move_id.name, history[0].body)
        self.assertEqual(history[0].origin, "system")
        self.assertIn("written off without cash", history.mapped("body")[-1])

    def test_timeline_names_each_descendant(self):
        """Payment, bank return payment, renegotiation, write-off and credit
        note: each descendant by what it is."""
        invoices = [self.boleto_invoice(amount) for amount in (100.0, 200.0, 300.0)]
        paid, reneg_title, refunded = (self.titles(inv) for inv in invoices)
        self.pay(invoices[0], amount=40.0)
        self.export()
        self.import_return(
            [
                {
                    "code": "06",
                    "nosso_numero": self.nn(self.title_1),
                    "amount": Decimal("1234.56"),
                    "paid": Decimal("1234.56"),
                }
            ]
        )
        self.writeoff(self.title_2)
        reneg = self.renegotiate(reneg_title)
        reneg.action_compute_installments()
        reneg.action_confirm()
        invoices[2]._reverse_moves(cancel=True)  # a credit note of all of it
        titles = paid | self.title_1 | self.title_2 | reneg_title | refunded
        action = titles.action_open_telecobranca_timeline()
        timeline = self.env["telecobranca.timeline"].browse(action["res_id"])
        kinds = {
            (line.root_title_id, line.kind)
            for line in timeline.line_ids
            if line.level == 1 and line.kind != "title"
        }
        self.assertEqual(
            kinds,
            {
                (paid, "payment"),
                (self.title_1, "bank_payment"),
                (self.title_2, "write_off"),
                (reneg_title, "renegotiation"),
                (refunded, "credit_note"),
            },
        )

    def test_wizards_without_required_value(self):
        """Write-off, CNAB import and proposal wizards created by the API
        without a required value: a clear error, not a NotNullViolation."""
        self.company.telecobranca_writeoff_type_id = False
        checks = [
            (
                "telecobranca.writeoff.wizard",
                {"move_line_id": self.title_1.id, "reason": "Bankrupt"},
                "Write-off Type",
            ),
            ("telecobranca.writeoff.wizard", {"reason": "Bankrupt"}, "Title"),
            (
                "telecobranca.cnab.import",
                {"bank_account_id": self.bb_account.id},
                "Return File",
            ),
            ("telecobranca.renegotiation.proposal.wizard", {}, "Renegotiation"),
        ]
        for model, vals, label in checks:
            with (
                self.subTest(model=model),
                self.assertRaisesRegex(ValidationError, f"required fields: .*{label}"),
            ):
                self.env[model].create(vals)
