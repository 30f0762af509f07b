# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Company walls on what goes to and comes from the bank (issue 12).

A company's own bank accounts have no ``company_id`` in Odoo (their holder,
the company's partner, belongs to no company), so every company reads them:
the collector of company B must still never issue, export or import on the
accounts of company A, nor read A's remittances.
"""

import base64

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .test_boleto_common import BoletoCommon
from .test_cnab import return_file
from .test_security import SecurityCommon


class CompanyWallsCommon(SecurityCommon, BoletoCommon):
    """Companies A (with its Banco do Brasil boleto account) and B."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice_a = cls.boleto_invoice(150.0)
        cls.title_a = cls.titles(cls.invoice_a)
        cls.invoice_b = cls.boleto_invoice(200.0, company=cls.company_b)
        cls.title_b = cls.titles(cls.invoice_b)


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestCompanyWallsIO(CompanyWallsCommon):
    def test_boleto_of_b_refused_on_account_of_a(self):
        account = self.bb_account.with_user(self.collector_b)
        next_number = self.bb_account.boleto_next_number
        with self.assertRaises(UserError) as caught:
            self.title_b.with_user(self.collector_b)._telecobranca_issue_boleto(account)
        message = str(caught.exception)
        self.assertIn(self.bb_account.display_name, message)
        self.assertIn(self.title_b.title_number, message)
        self.assertFalse(self.title_b.boleto_nosso_numero)
        self.assertFalse(self.title_b.boleto_account_id)
        self.assertEqual(self.bb_account.boleto_next_number, next_number)
        # the account belongs to A although Odoo gives it no company
        self.assertFalse(self.bb_account.company_id)
        self.assertEqual(self.bb_account._telecobranca_company(), self.company)

    def test_cnab_export_of_b_refused_on_account_of_a(self):
        sequence = self.bb_account.boleto_cnab_sequence
        next_number = self.bb_account.boleto_next_number
        status = self.title_b.boleto_status
        with self.assertRaises(UserError):
            self.bb_account.with_user(self.collector_b)._boleto_cnab_export(
                self.title_b
            )
        self.assertEqual(self.bb_account.boleto_cnab_sequence, sequence)
        self.assertEqual(self.bb_account.boleto_next_number, next_number)
        self.assertEqual(self.title_b.boleto_status, status)
        self.assertFalse(self.title_b.boleto_nosso_numero)

    def test_cnab_import_of_b_refused_on_account_of_a(self):
        Return = self.env["telecobranca.cnab.return"].with_user(self.collector_b)
        with self.assertRaises(UserError) as caught:
            Return._import_file(
                self.bb_account.with_user(self.collector_b), b"anything", "B.RET"
            )
        self.assertIn(self.company_b.name, str(caught.exception))
        self.assertFalse(self.env["telecobranca.cnab.return"].search([]))

    def test_default_boleto_account_of_another_company_refused(self):
        with self.assertRaises(ValidationError):
            self.company_b.telecobranca_boleto_bank_account_id = self.bb_account

    def test_remittance_read_by_its_company_only(self):
        remittance = self.bb_account.with_user(self.collector_a)._boleto_cnab_export(
            self.title_a
        )
        attachment = remittance._file_attachment()
        self.assertRecordValues(
            remittance,
            [
                {
                    "company_id": self.company.id,
                    "bank_account_id": self.bb_account.id,
                    "file_sequence": 1,
                    "title_ids": self.title_a.ids,
                }
            ],
        )
        self.assertRegex(attachment.name, r"^CB1606\d\d\.REM$")
        content = base64.b64decode(attachment.with_user(self.collector_a).datas)
        self.assertIn(
            self.title_a._boleto_cnab_nosso_numero(), content.decode("latin-1")
        )
        self.assertIn("PADARIA", content.decode("latin-1").upper())
        # A's collector finds and downloads it
        rows = (
            self.env["telecobranca.cnab.remittance"]
            .with_user(self.collector_a)
            .search_read([], ["name", "title_count"])
        )
        self.assertEqual(
            rows, [{"id": remittance.id, "name": attachment.name, "title_count": 1}]
        )
        # nothing is left on the bank account, which every company reads
        self.assertFalse(
            self.env["ir.attachment"].search([("res_model", "=", "res.partner.bank")])
        )
        # B's collector neither finds nor reads it, nor its file
        Remittance = self.env["telecobranca.cnab.remittance"].with_user(
            self.collector_b
        )
        self.assertFalse(Remittance.search_read([], ["name"]))
        with self.assertRaises(AccessError):
            remittance.with_user(self.collector_b).read(["name", "file_data"])
        Attachment = self.env["ir.attachment"].with_user(self.collector_b)
        for domain in (
            [("id", "=", attachment.id)],
            [("res_field", "=", "file_data"), ("id", "=", attachment.id)],
            [("res_model", "=", "telecobranca.cnab.remittance")],
        ):
            self.assertFalse(Attachment.search_read(domain, ["name", "datas"]))
        with self.assertRaises(AccessError):
            attachment.with_user(self.collector_b).read(["name", "datas"])
        # and no user writes a remittance by hand
        with self.assertRaises(AccessError):
            remittance.with_user(self.collector_a).write({"file_sequence": 9})
        with self.assertRaises(AccessError):
            Remittance.create(
                {
                    "name": "FAKE.REM",
                    "company_id": self.company_b.id,
                    "bank_account_id": self.bb_account.id,
                }
            )

    def test_duplicate_check_stays_in_the_company(self):
        """The same bytes imported by A and by B: B never learns of A's log."""
        account_b = self.bb_account.copy(
            {
                "partner_id": self.company_b.partner_id.id,
                "boleto_journal_id": False,
                "boleto_interest_account_id": False,
                "boleto_discount_account_id": False,
                "boleto_fee_account_id": False,
                "boleto_layout": "plain",
                "proxy_type": "none",
                "proxy_value": False,
            }
        )
        self.assertEqual(account_b._telecobranca_company(), self.company_b)
        content = return_file([{"code": "02", "nosso_numero": "4242"}], sequence=31)
        Return = self.env["telecobranca.cnab.return"]
        log_a = Return.with_user(self.collector_a)._import_file(
            self.bb_account.with_user(self.collector_a), content, "RETORNO-A.RET"
        )
        self.assertEqual(log_a.company_id, self.company)
        try:
            log_b = Return.with_user(self.collector_b)._import_file(
                account_b.with_user(self.collector_b), content, "RETORNO-B.RET"
            )
        except UserError as error:
            self.assertNotIn("RETORNO-A", str(error))
            raise
        self.assertRecordValues(
            log_b.sudo(),
            [{"name": "RETORNO-B.RET", "company_id": self.company_b.id}],
        )
        # a second import in B is refused, naming B's own log
        with self.assertRaises(UserError) as caught:
            Return.with_user(self.collector_b)._import_file(
                account_b.with_user(self.collector_b), content, "AGAIN.RET"
            )
        self.assertIn("RETORNO-B.RET", str(caught.exception))
        self.assertNotIn("RETORNO-A", str(caught.exception))

    def test_title_shows_no_name_of_a_case_its_reader_cannot_read(self):
        colleague = self.company_user(
            "colleague_a", "telecobranca.group_telecobranca_user"
        )
        case = self.env["telecobranca.case"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company.id,
                "user_id": colleague.id,
                "line_ids": [Command.create({"move_line_id": self.title_a.id})],
            }
        )
        self.assertNotEqual(case.name, "/")
        spec = {"collection_case_id": {"fields": {"display_name": {}}}}

        def shown(user):
            values = self.title_a.with_user(user).web_read(spec)[0]
            return values["collection_case_id"]

        self.assertEqual(shown(colleague), {"id": case.id, "display_name": case.name})
        self.assertEqual(
            shown(self.supervisor), {"id": case.id, "display_name": case.name}
        )
        hidden = shown(self.collector_a)
        self.assertEqual(hidden, {"id": case.id, "display_name": "Restricted case"})
        # nor through read(), nor under sudo as the same user
        title = self.title_a.with_user(self.collector_a)
        self.assertEqual(
            title.read(["collection_case_id"])[0]["collection_case_id"],
            (case.id, "Restricted case"),
        )
        self.assertEqual(
            title.sudo().collection_case_id.display_name, "Restricted case"
        )

    def test_bank_account_form_opens_its_remittances(self):
        views = (
            self.env["res.partner.bank"]
            .with_user(self.collector_a)
            .get_views([(False, "form")])
        )
        action = self.env.ref("telecobranca.telecobranca_cnab_remittance_action")
        arch = views["views"]["form"]["arch"]
        self.assertIn(f'name="{action.id}"', arch)
        self.assertIn("search_default_bank_account_id", arch)
