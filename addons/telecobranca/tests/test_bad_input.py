# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bad input (issue 12): every wrong call is a clear error, nothing changes.

Each table is a list of bad calls through ``Form``, wizards and plain
``create``/``write``; each asserts the error class (``UserError`` or
``ValidationError``, never a raw ``ValueError``, ``binascii.Error`` or
database error), the message, and that nothing changed: record counts,
balances and the values written before.
"""

from unittest.mock import patch

from freezegun import freeze_time
from psycopg2.errors import UniqueViolation

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .case_common import TelecobrancaCaseCommon

COUNTED_MODELS = (
    "account.move",
    "account.move.line",
    "telecobranca.case",
    "telecobranca.note",
    "telecobranca.renegotiation",
    "telecobranca.renegotiation.line",
    "telecobranca.cnab.return",
)


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestBadInput(TelecobrancaCaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.telecobranca_auto_open = False
        cls.revenue = cls.company_data["default_account_revenue"]
        cls.expense = cls.company_data["default_account_expense"]
        cls.company.write(
            {
                "telecobranca_fine_percent": 2.0,
                "telecobranca_interest_percent": 1.0,
                "telecobranca_grace_days": 0,
                "telecobranca_proposal_validity_days": 5,
                "telecobranca_min_days_overdue": 0,
                "telecobranca_fine_account_id": cls.revenue.id,
                "telecobranca_interest_account_id": cls.revenue.id,
                "telecobranca_discount_account_id": cls.expense.id,
            }
        )
        cls.wtype = cls.env["telecobranca.writeoff.type"].create(
            {
                "name": "Uncollectible",
                "account_id": cls.expense.id,
                "company_id": cls.company.id,
            }
        )
        cls.late = cls.invoice_due(1000.0, "2025-05-01")
        cls.title = cls.titles(cls.late)
        cls.late_2 = cls.invoice_due(500.0, "2025-05-20")
        cls.title_2 = cls.titles(cls.late_2)

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    def snapshot(self):
        """Record counts and the balances of the customer's receivable."""
        counts = {
            model: self.env[model].sudo().search_count([]) for model in COUNTED_MODELS
        }
        self.env.flush_all()
        residuals = {
            title.id: title.amount_residual for title in self.title | self.title_2
        }
        return counts, residuals

    def assert_refused(self, error_class, message, call):
        """``call()`` raises ``error_class`` matching ``message`` (never a raw
        Python or database error) and leaves everything as it was."""
        before = self.snapshot()
        # Odoo's assertRaises rolls the savepoint back (and clears the cache),
        # as the transaction of the refused RPC call would be
        with self.assertRaises(error_class) as caught:
            call()
        self.assertRegex(str(caught.exception), message)
        self.assertEqual(self.snapshot(), before)

    def renegotiate(self, titles, **vals):
        return self.env["telecobranca.renegotiation"].create(
            {
                "partner_ids": [
                    Command.set(titles.sudo().partner_id.commercial_partner_id.ids)
                ],
                "line_ids": [
                    Command.create({"move_line_id": title.id}) for title in titles
                ],
                "payment_term_id": self.term_30_60_90.id,
                "date": "2025-06-16",
                **vals,
            }
        )

    def open_case(self):
        return self.env["telecobranca.case.opening"]._open_case_manually(
            self.customer, self.title, note="<p>first call</p>"
        )

    def load_pt_br(self):
        self.env["res.lang"]._activate_lang("pt_BR")
        self.env["ir.module.module"]._load_module_terms(
            ["telecobranca"], ["pt_BR"], overwrite=True
        )

    # ------------------------------------------------------------------
    # settings: bounds of the company's collection settings
    # ------------------------------------------------------------------
    def test_company_settings_bounds(self):
        cases = [
            ("telecobranca_fine_percent", -1.0, "fine must be between"),
            ("telecobranca_fine_percent", -0.01, "fine must be between"),
            ("telecobranca_fine_percent", 100.01, "fine must be between"),
            ("telecobranca_fine_percent", 500.0, "fine must be between"),
            ("telecobranca_fine_percent", 1e9, "fine must be between"),
            ("telecobranca_interest_percent", -10.0, "interest must be between"),
            ("telecobranca_interest_percent", -0.01, "interest must be between"),
            ("telecobranca_interest_percent", 100.5, "interest must be between"),
            ("telecobranca_interest_percent", 1e9, "interest must be between"),
            ("telecobranca_grace_days", -7, "grace days cannot be negative"),
            ("telecobranca_grace_days", -1, "grace days cannot be negative"),
            ("telecobranca_grace_days", -100, "grace days cannot be negative"),
            ("telecobranca_proposal_validity_days", -30, "validity"),
            ("telecobranca_proposal_validity_days", -1, "validity"),
            ("telecobranca_proposal_validity_days", -365, "validity"),
            ("telecobranca_min_days_overdue", -1, "minimum days overdue"),
            ("telecobranca_min_days_overdue", -30, "minimum days overdue"),
        ]
        for field, value, message in cases:
            with self.subTest(field=field, value=value):
                old = self.company[field]
                self.assert_refused(
                    ValidationError,
                    message,
                    lambda field=field, value=value: self.company.write({field: value}),
                )
                self.assertEqual(self.company[field], old)
        # the limits themselves are accepted
        self.company.write(
            {
                "telecobranca_fine_percent": 100.0,
                "telecobranca_interest_percent": 0.0,
                "telecobranca_grace_days": 0,
                "telecobranca_proposal_validity_days": 0,
            }
        )
        self.assertEqual(self.company.telecobranca_fine_percent, 100.0)

    def test_settings_form_bounds(self):
        cases = [
            ("telecobranca_fine_percent", 500.0, "fine must be between"),
            ("telecobranca_interest_percent", -10.0, "interest must be between"),
            ("telecobranca_proposal_validity_days", -30, "validity"),
            ("telecobranca_grace_days", -7, "grace days"),
        ]
        for field, value, message in cases:
            with self.subTest(field=field, value=value):
                old = self.company[field]

                def save(field=field, value=value):
                    form = Form(self.env["res.config.settings"])
                    setattr(form, field, value)
                    form.save().execute()

                self.assert_refused(ValidationError, message, save)
                self.assertEqual(self.company[field], old)

    def test_settings_fine_above_consumer_law_warns(self):
        settings = self.env["res.config.settings"].new(
            {"telecobranca_fine_percent": 10.0}
        )
        warning = settings._onchange_telecobranca_fine_percent()
        self.assertIn("2 %", warning["warning"]["message"])
        settings.telecobranca_fine_percent = 2.0
        self.assertFalse(settings._onchange_telecobranca_fine_percent())

    def test_settings_message_in_pt_br(self):
        self.load_pt_br()
        self.assert_refused(
            ValidationError,
            "O mínimo de dias em atraso não pode ser negativo",
            lambda: self.company.with_context(lang="pt_BR").write(
                {"telecobranca_min_days_overdue": -1}
            ),
        )

    # ------------------------------------------------------------------
    # days overdue searched with the wrong operator or value
    # ------------------------------------------------------------------
    def test_days_overdue_bad_search(self):
        Line = self.env["account.move.line"]
        cases = [
            (("days_overdue", "=", "abc"), "whole number"),
            (("days_overdue", "<", "ten"), "whole number"),
            (("days_overdue", ">", "1e3"), "whole number"),
            (("days_overdue", ">=", [1]), "whole number"),
            (("days_overdue", "in", [1, 2]), "can only be compared"),
            (("days_overdue", "not in", [1]), "can only be compared"),
            (("days_overdue", "like", "1"), "can only be compared"),
            (("days_overdue", "ilike", "3"), "can only be compared"),
        ]
        for condition, message in cases:
            with self.subTest(condition=condition):
                self.assert_refused(
                    UserError, message, lambda c=condition: Line.search([c])
                )
        # a number given as a string is still read
        self.assertIn(self.title, Line.search([("days_overdue", ">", "30")]))

    # ------------------------------------------------------------------
    # renegotiation: refused at create, charges within bounds
    # ------------------------------------------------------------------
    def test_renegotiation_refused_at_create(self):
        forecast = self.titles(self.create_invoice(100.0, "2025-05-01", post=False))
        settled_invoice = self.create_invoice(100.0, "2025-05-01")
        self.pay(settled_invoice)
        other = self.setup_other_company(name="Empresa B")["company"]
        foreign = self.titles(self.create_invoice(100.0, "2025-05-01", company=other))
        not_title = (
            self.late.line_ids.filtered(lambda line: line.account_id == self.revenue)[
                :1
            ]
            or self.late.invoice_line_ids[:1]
        )
        cases = [
            (forecast, "forecast"),
            (self.titles(settled_invoice), "already settled"),
            (foreign, "another company"),
            (self.title | foreign, "another company"),
            (not_title, "is not a title"),
        ]
        for titles, message in cases:
            with self.subTest(message=message, titles=titles.ids):
                self.assert_refused(
                    UserError, message, lambda t=titles: self.renegotiate(t)
                )

    def test_renegotiation_garbage_dates(self):
        cases = [
            {"date": "2025-13-01"},
            {"date": "abc"},
            {"date": "2025-02-30"},
            {"date_from": "31/12/2025"},
            {"proposal_valid_until": "tomorrow"},
        ]
        for vals in cases:
            with self.subTest(vals=vals):
                self.assert_refused(
                    ValidationError,
                    "is not a valid date",
                    lambda v=vals: self.renegotiate(self.title, **v),
                )

    def test_renegotiation_charge_bounds(self):
        reneg = self.renegotiate(self.title)
        line = reneg.line_ids
        fine, interest = line.fine_amount, line.interest_amount
        self.assertTrue(fine and interest)
        cases = [
            ({"interest_amount": 1e9}, "interest of the title"),
            ({"interest_amount": 10000.01}, "interest of the title"),
            ({"fine_amount": 1e9}, "fine of the title"),
            ({"fine_amount": 1000.01}, "fine of the title"),
            ({"open_amount": 1.0}, "fine of the title"),
        ]
        for vals, message in cases:
            with self.subTest(vals=vals):
                self.assert_refused(
                    ValidationError, message, lambda v=vals: line.write(v)
                )
                self.assertEqual(
                    (line.fine_amount, line.interest_amount), (fine, interest)
                )
        # at create too: nothing left behind
        self.assert_refused(
            ValidationError,
            "interest of the title",
            lambda: self.env["telecobranca.renegotiation"].create(
                {
                    "partner_ids": [Command.set(self.customer.ids)],
                    "payment_term_id": self.term_30_60_90.id,
                    "line_ids": [
                        Command.create(
                            {"move_line_id": self.title_2.id, "interest_amount": 1e9}
                        )
                    ],
                }
            ),
        )
        # a large but sensible interest is kept
        line.interest_amount = 5000.0
        self.assertEqual(line.interest_amount, 5000.0)

    def test_renegotiation_refused_in_pt_br(self):
        settled_invoice = self.create_invoice(100.0, "2025-05-01")
        self.pay(settled_invoice)
        self.load_pt_br()
        self.assert_refused(
            UserError,
            "já está baixado",
            lambda: (
                self.env["telecobranca.renegotiation"]
                .with_context(lang="pt_BR")
                .create(
                    {
                        "partner_ids": [Command.set(self.customer.ids)],
                        "payment_term_id": self.term_30_60_90.id,
                        "line_ids": [
                            Command.create(
                                {"move_line_id": self.titles(settled_invoice).id}
                            )
                        ],
                    }
                )
            ),
        )

    # ------------------------------------------------------------------
    # Close wizard
    # ------------------------------------------------------------------
    def test_close_wizard_needs_a_note(self):
        case = self.open_case()
        for note in (" ", "\n", "\t \n"):
            with self.subTest(note=repr(note)):
                wizard = self.env["telecobranca.case.close.wizard"].create(
                    {"case_ids": [Command.set(case.ids)], "note": note}
                )
                self.assert_refused(
                    UserError, "why the case is closed", wizard.action_confirm
                )
                self.assertEqual(case.state, "open")

    def test_close_note_markup_does_not_survive(self):
        case = self.open_case()
        wizard = self.env["telecobranca.case.close.wizard"].create(
            {
                "case_ids": [Command.set(case.ids)],
                "note": "<img src=x onerror=alert(1)><script>alert(2)</script>paid",
            }
        )
        wizard.action_confirm()
        self.assertEqual(case.state, "closed")
        body = str(case.note_ids.sorted("id")[-1:].body)
        self.assertIn("paid", body)
        self.assertNotIn("<img", body)
        self.assertNotIn("<script", body)

    # ------------------------------------------------------------------
    # manual opening
    # ------------------------------------------------------------------
    def test_manual_opening_garbage_dates(self):
        Opening = self.env["telecobranca.case.opening"]
        for value in ("garbage", "2025-02-30", "16/06/2025"):
            with self.subTest(value=value):
                self.assert_refused(
                    ValidationError,
                    "is not a valid date",
                    lambda v=value: Opening._open_case_manually(
                        self.customer,
                        self.title,
                        case_vals={"next_date": v},
                        note="<p>x</p>",
                    ),
                )

    def test_manual_opening_loses_the_race(self):
        """The automatic opening committed a case for the customer between
        the wizard's check and its insert: the unique index refuses the
        insert, the collector reads a clear message, nothing is saved."""
        Case = type(self.env["telecobranca.case"])

        def index_refuses(self, vals_list):
            raise UniqueViolation("duplicate key value violates unique constraint")

        with patch.object(Case, "create", index_refuses):
            self.assert_refused(
                UserError,
                "opened at the same moment by another user or by the automatic",
                lambda: self.env["telecobranca.case.opening"]._open_case_manually(
                    self.customer, self.title, note="<p>x</p>"
                ),
            )
        self.assertFalse(self.Case.search([("partner_id", "=", self.customer.id)]))

    # ------------------------------------------------------------------
    # CNAB upload that is not base64
    # ------------------------------------------------------------------
    def test_cnab_upload_not_base64(self):
        for data in (b"not base64!!", b"@@@@", "çãõ"):
            with self.subTest(data=data):
                wizard = self.env["telecobranca.cnab.import"].new(
                    {"file_data": data, "file_name": "x.ret"}
                )
                self.assert_refused(
                    UserError, "could not be read", wizard.action_import
                )

    def test_cnab_upload_not_base64_created_by_rpc(self):
        """A plain create (what an RPC caller does) gets the same clear error
        and leaves no wizard behind."""
        Import = self.env["telecobranca.cnab.import"]
        before = Import.search_count([])
        for data in ("not base64!!", "@@@@"):
            with self.subTest(data=data):
                self.assert_refused(
                    UserError,
                    "could not be read",
                    lambda data=data: Import.create(
                        {"file_data": data, "file_name": "x.ret"}
                    ),
                )
        self.assertEqual(Import.search_count([]), before)

    # ------------------------------------------------------------------
    # write-off
    # ------------------------------------------------------------------
    def writeoff_wizard(self, **vals):
        return self.env["telecobranca.writeoff.wizard"].create(
            {
                "move_line_id": self.title.id,
                "writeoff_type_id": self.wtype.id,
                "date": "2025-06-16",
                "reason": "Customer went bankrupt",
                **vals,
            }
        )

    def test_writeoff_bad_input(self):
        for reason in (" ", "\n\t"):
            with self.subTest(reason=repr(reason)):
                wizard = self.writeoff_wizard(reason=reason)
                self.assert_refused(
                    UserError, "reason of the write-off", wizard.action_confirm
                )
        for date in ("2025-02-30", "yesterday", "2025-6-1x"):
            with self.subTest(date=date):
                self.assert_refused(
                    ValidationError,
                    "is not a valid date",
                    lambda d=date: self.writeoff_wizard(date=d),
                )
        wizard = self.writeoff_wizard()
        self.assert_refused(
            ValidationError,
            "is not a valid date",
            lambda: wizard.write({"date": "31/06/2025"}),
        )
        self.load_pt_br()
        wizard = self.writeoff_wizard(reason="  ")
        self.assert_refused(
            UserError,
            "Informe o motivo da baixa",
            wizard.with_context(lang="pt_BR").action_confirm,
        )

    def test_writeoff_reason_markup_does_not_survive(self):
        case = self.open_case()
        reason = "<img src=x onerror=alert(1)> <script>alert(2)</script> bankrupt"
        action = self.writeoff_wizard(reason=reason).action_confirm()
        move = self.env["account.move"].browse(action["res_id"])
        self.assertTrue(self.title.reconciled)
        note = case.note_ids.sorted("id")[-1:]
        for body in (str(note.body), str(move.message_ids[:1].body)):
            self.assertIn("bankrupt", body)
            self.assertNotIn("<img", body)
            self.assertNotIn("<script", body)
