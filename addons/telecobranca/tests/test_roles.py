# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Roles that hold through the API (issue 12, F9.2): collector, supervisor,
manager, whatever the caller (form, wizard or a plain RPC write)."""

import base64
from decimal import Decimal

from freezegun import freeze_time

from odoo import Command, models
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from ..models.telecobranca_renegotiation import FROZEN_WHEN_CONFIRMED
from .test_boleto_common import BoletoCommon
from .test_cnab import return_file
from .test_renegotiation import RenegotiationCommon

D = Decimal


def company_user(env, login, groups, company):
    return new_test_user(
        env,
        login=login,
        groups=groups,
        company_id=company.id,
        company_ids=[company.id],
    )


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestRenegotiationRoles(RenegotiationCommon):
    """Who reads, changes, deletes and confirms a renegotiation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "telecobranca.group_telecobranca_user"
        cls.owner = company_user(cls.env, "reneg_owner", groups, cls.company)
        cls.colleague = company_user(cls.env, "reneg_colleague", groups, cls.company)
        cls.supervisor = company_user(
            cls.env,
            "reneg_supervisor",
            "telecobranca.group_telecobranca_supervisor",
            cls.company,
        )
        cls.invoice = cls.create_invoice(1000.0, "2025-04-01")
        cls.title = cls.titles(cls.invoice)

    def draft_of(self, user):
        return (
            self.env["telecobranca.renegotiation"]
            .with_user(user)
            .create(
                {
                    "partner_ids": [Command.set(self.customer.ids)],
                    "line_ids": [Command.create({"move_line_id": self.title.id})],
                    "payment_term_id": self.term_30.id,
                    "date": "2025-06-16",
                }
            )
        )

    def test_colleague_without_case_cannot_touch(self):
        reneg = self.draft_of(self.owner)
        Reneg = self.env["telecobranca.renegotiation"]
        self.assertFalse(
            Reneg.with_user(self.colleague).search_read(
                [("id", "=", reneg.id)], ["name", "amount_total"]
            )
        )
        self.assertFalse(
            Reneg.with_user(self.colleague).search(
                [("partner_id", "=", self.customer.id)]
            )
        )
        with self.assertRaises(AccessError):
            reneg.with_user(self.colleague).unlink()
        with self.assertRaises(AccessError):
            reneg.with_user(self.colleague).action_confirm()
        with self.assertRaises(AccessError):
            reneg.with_user(self.colleague).write({"discount": 500.0})
        self.assertEqual(reneg.state, "draft")
        self.assertFalse(reneg.discount)
        self.assertFalse(self.title.reconciled)
        # his own he reads, changes and confirms
        own = reneg.with_user(self.owner)
        self.assertEqual(
            own.search_read([("id", "=", reneg.id)], ["name"])[0]["name"], reneg.name
        )
        own.write({"discount": 35.33})
        own.action_compute_installments()
        own.action_confirm()
        self.assertEqual(reneg.state, "done")
        self.assertTrue(self.title.reconciled)
        self.assertEqual(sum(reneg.new_title_ids.mapped("amount_residual")), 1000.0)

    def test_owner_deletes_own_draft(self):
        reneg = self.draft_of(self.owner)
        reneg.with_user(self.owner).unlink()
        self.assertFalse(reneg.exists())

    def test_collector_of_the_case_reads_but_does_not_delete(self):
        """The colleague works the customer's case: he reads and changes the
        renegotiation of its titles, but deletes only his own drafts."""
        reneg = self.draft_of(self.owner)
        self.env["telecobranca.case"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company.id,
                "user_id": self.colleague.id,
                "line_ids": [Command.create({"move_line_id": self.title.id})],
            }
        )
        mine = reneg.with_user(self.colleague)
        self.assertEqual(mine.search([("id", "=", reneg.id)]), reneg)
        mine.write({"surcharge": 10.0})
        self.assertEqual(reneg.surcharge, 10.0)
        with self.assertRaisesRegex(UserError, "is not yours"):
            mine.unlink()
        self.assertTrue(reneg.exists())

    def test_supervisor_reads_and_deletes_every_one(self):
        reneg = self.draft_of(self.owner)
        other = reneg.with_user(self.supervisor)
        self.assertEqual(other.search([("id", "=", reneg.id)]), reneg)
        other.unlink()
        self.assertFalse(reneg.exists())


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestProtectedFields(BoletoCommon):
    """Fields that carry money or bank state are written only by their flows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.collector = company_user(
            cls.env,
            "field_collector",
            "telecobranca.group_telecobranca_user",
            cls.company,
        )
        cls.colleague = company_user(
            cls.env,
            "field_colleague",
            "telecobranca.group_telecobranca_user",
            cls.company,
        )
        cls.supervisor = company_user(
            cls.env,
            "field_supervisor",
            "telecobranca.group_telecobranca_supervisor",
            cls.company,
        )
        cls.invoice = cls.boleto_invoice(300.0)
        cls.title = cls.titles(cls.invoice)
        cls.case = cls.env["telecobranca.case"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.company.id,
                "user_id": cls.collector.id,
                "line_ids": [Command.create({"move_line_id": cls.title.id})],
            }
        )

    def export(self, user):
        Form(
            self.env["telecobranca.cnab.export"]
            .with_user(user)
            .with_context(active_model="account.move.line", active_ids=self.title.ids)
        ).save().action_export()

    def test_case_reassignment_supervisors_only(self):
        with self.assertRaisesRegex(UserError, "Only a collection supervisor"):
            self.case.with_user(self.collector).write({"user_id": self.colleague.id})
        self.assertEqual(self.case.user_id, self.collector)
        self.case.with_user(self.supervisor).write({"user_id": self.colleague.id})
        self.assertEqual(self.case.user_id, self.colleague)

    def test_case_state_only_through_actions(self):
        for user in (self.collector, self.supervisor):
            with self.assertRaisesRegex(UserError, "Close and Reopen buttons"):
                self.case.with_user(user).write({"state": "closed"})
        with self.assertRaisesRegex(UserError, "Close and Reopen buttons"):
            self.case.write({"state": "closed"})  # superuser included
        self.assertEqual(self.case.state, "open")
        self.assertTrue(self.case.line_ids.is_open)
        # closing frees the title: a new case can take it
        self.case.with_user(self.collector).action_close(note="Paid by phone")
        self.assertEqual(self.case.state, "closed")
        self.assertFalse(self.case.line_ids.is_open)
        self.assertFalse(self.title.collection_case_id)
        self.case.with_user(self.supervisor).action_reopen()
        self.assertEqual(self.case.state, "open")
        self.assertTrue(self.case.line_ids.is_open)
        self.assertEqual(self.title.collection_case_id, self.case)

    def test_title_status_supervisors_only(self):
        status = self.title.collection_status_id
        with self.assertRaisesRegex(UserError, "administrative status"):
            self.title.with_user(self.collector).write(
                {"collection_status_id": self.status_legal.id}
            )
        self.assertEqual(self.title.collection_status_id, status)
        self.title.with_user(self.supervisor).write(
            {"collection_status_id": self.status_legal.id}
        )
        self.assertEqual(self.title.collection_status_id, self.status_legal)

    def test_boleto_fields_only_by_their_flows(self):
        self.export(self.collector)  # issues the boleto as the collector
        self.assertEqual(self.title.boleto_status, "sent")
        before = self.title.read(list(self.FIELDS))[0]
        self.assertTrue(before["boleto_nosso_numero"])
        self.assertTrue(before["boleto_barcode"])
        self.assertEqual(before["boleto_amount"], 300.0)
        values = {
            "boleto_status": "paid",
            "boleto_nosso_numero": "00000000001",
            "boleto_barcode": "0" * 44,
            "boleto_digitable_line": "0" * 47,
            "boleto_amount": 1.0,
            "boleto_sequence_number": "1",
            "boleto_account_id": False,
            "boleto_pix_payload": "000201",
            "boleto_bank_message": "Paid",
        }
        for user in (self.collector, self.supervisor):
            for name, value in values.items():
                with (
                    self.subTest(user=user.login, field=name),
                    self.assertRaisesRegex(UserError, "written only by issuing"),
                ):
                    self.title.with_user(user).write({name: value})
        for name in ("renegotiation_origin_ids", "renegotiation_child_ids"):
            with (
                self.subTest(field=name),
                self.assertRaisesRegex(UserError, "confirming or undoing"),
            ):
                self.title.with_user(self.supervisor).write(
                    {name: [Command.set(self.title.ids)]}
                )
        self.title.invalidate_recordset()
        self.assertEqual(self.title.read(list(self.FIELDS))[0], before)
        self.assertFalse(self.title.renegotiation_child_ids)
        self.assertFalse(self.title.reconciled)

    FIELDS = (
        "boleto_status",
        "boleto_nosso_numero",
        "boleto_barcode",
        "boleto_digitable_line",
        "boleto_amount",
        "boleto_sequence_number",
        "boleto_account_id",
        "boleto_pix_payload",
        "renegotiation_origin_ids",
        "renegotiation_child_ids",
    )


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestCnabImportCollector(BoletoCommon):
    """Importing return files is the collectors' (and accountants') job."""

    def test_collector_imports_file_with_unprocessed_records(self):
        invoice = self.boleto_invoice(300.0)
        title = self.titles(invoice)
        collector = company_user(
            self.env,
            "cnab_collector",
            "telecobranca.group_telecobranca_user",
            self.company,
        )
        env = self.env(user=collector)
        Form(
            env["telecobranca.cnab.export"].with_context(
                active_model="account.move.line", active_ids=title.ids
            )
        ).save().action_export()
        nosso_numero = title._boleto_cnab_nosso_numero()
        content = return_file(
            [
                {
                    "code": "06",
                    "nosso_numero": nosso_numero,
                    "amount": D("300.00"),
                    "paid": D("300.00"),
                },
                {"code": "06", "nosso_numero": "99999999999", "paid": D("10.00")},
                {"code": "06", "nosso_numero": nosso_numero, "paid": D("0.00")},
            ]
        )
        wizard = Form(
            env["telecobranca.cnab.import"].with_context(default_file_name="MIX.RET")
        )
        wizard.file_data = base64.b64encode(content)
        action = wizard.save().action_import()
        log = env["telecobranca.cnab.return"].browse(action["res_id"])
        self.assertEqual(log.state, "warning")
        self.assertEqual(log.line_ids.mapped("action")[:2], ["paid", "error"])
        self.assertIn("Unknown nosso número", log.line_ids[1].message)
        self.assertEqual(len(log.line_ids), 3)
        self.assertTrue(title.reconciled)
        self.assertEqual(title.amount_residual, 0.0)
        self.assertEqual(title.boleto_status, "paid")
        self.assertEqual(log.create_uid, collector)


@tagged("post_install", "-at_install")
class TestManagerSettings(BoletoCommon):
    """The collection manager configures what he owns without being admin."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = company_user(
            cls.env,
            "settings_manager",
            "telecobranca.group_telecobranca_manager",
            cls.company,
        )

    def test_manager_is_not_admin(self):
        self.assertFalse(self.manager.has_group("base.group_system"))
        self.assertFalse(self.manager.has_group("base.group_erp_manager"))
        self.assertFalse(self.manager.has_group("base.group_partner_manager"))

    def test_manager_changes_collection_settings(self):
        action = (
            self.env.ref("telecobranca.res_company_action_collection_settings")
            .with_user(self.manager)
            .with_company(self.company)
            .run()
        )
        self.assertEqual(action["res_id"], self.company.id)
        company = self.company.with_user(self.manager)
        form = Form(company, view="telecobranca.res_company_view_form_collection")
        form.telecobranca_min_days_overdue = 12
        form.telecobranca_interest_percent = 1.5
        form.save()
        self.assertEqual(self.company.telecobranca_min_days_overdue, 12)
        self.assertEqual(self.company.telecobranca_interest_percent, 1.5)
        # the rest of the company stays the administrators'
        name = self.company.name
        with self.assertRaises(AccessError):
            company.write({"name": "Renamed", "telecobranca_min_days_overdue": 1})
        self.assertEqual(self.company.name, name)
        self.assertEqual(self.company.telecobranca_min_days_overdue, 12)

    def test_manager_changes_boleto_wallet(self):
        account = self.bb_account.with_user(self.manager)
        form = Form(account)
        form.boleto_wallet = "18"
        form.save()
        self.assertEqual(self.bb_account.boleto_wallet, "18")
        number = self.bb_account.acc_number
        with self.assertRaises(AccessError):
            account.write({"acc_number": "000"})
        self.assertEqual(self.bb_account.acc_number, number)
        # a collector still reads the settings only
        collector = company_user(
            self.env,
            "wallet_collector",
            "telecobranca.group_telecobranca_user",
            self.company,
        )
        with self.assertRaises(AccessError):
            self.bb_account.with_user(collector).write({"boleto_wallet": "17"})
        self.assertEqual(self.bb_account.boleto_wallet, "18")


# Who may write the fields the addon adds to journal items and entries by a
# plain write (an RPC client's, with any context it likes):
FLOW_ONLY = "flow"  # only the flows that own them (never a user's write)
MANAGER_ONLY = "manager"  # collection managers (and the flows)
SUPERVISOR_ONLY = "supervisor"  # collection supervisors and managers
FREE = "free"  # neither money nor bank state
MOVE_LINE_FIELDS = {
    "renegotiation_origin_ids": FLOW_ONLY,
    "renegotiation_child_ids": FLOW_ONLY,
    "telecobranca_renegotiation_key": FLOW_ONLY,
    "is_title": FLOW_ONLY,
    "title_number": FLOW_ONLY,
    "is_forecast": FLOW_ONLY,
    "telecobranca_case_line_ids": FLOW_ONLY,
    "is_credit_letter": MANAGER_ONLY,
    "collection_status_id": SUPERVISOR_ONLY,
    "payment_form_id": FREE,  # the customer's choice, on the invoice too
    "telecobranca_title_note": FREE,  # an observation
}
MOVE_FIELDS = {
    "telecobranca_origin": FLOW_ONLY,
    "telecobranca_payment_form_id": FREE,
}
# what an RPC client may put in its context: never the flows' mark
FORGED_CONTEXT = {"telecobranca_flow": True, "telecobranca_case_state": True}


def writable_addon_fields(model):
    """Fields ``telecobranca`` adds to ``model`` that a write could change."""
    return {
        name
        for name, field in model._fields.items()
        if field._module == "telecobranca" and (field.store or field.inverse)
    }


def other_value(record, name):
    """A value of the field ``name`` different from the one of ``record``."""
    field = record._fields[name]
    value = record[name]
    if field.type == "boolean":
        return not value
    if field.type in ("char", "text"):
        return f"X{value or ''}"
    if field.type in ("integer", "float", "monetary"):
        return (value or 0) + 1
    if field.type == "date":
        return "2025-01-02" if str(value) != "2025-01-02" else "2025-01-03"
    if field.type == "selection":
        keys = [key for key, _label in field._description_selection(record.env)]
        return next(key for key in keys if key != value)
    if field.type == "many2one":
        Comodel = record.env[field.comodel_name].sudo()
        other = Comodel.search([("id", "!=", value.id)], limit=1)
        return other.id if not value else False
    if field.type in ("one2many", "many2many"):
        if value:
            return [Command.clear()]
        other = record.env[field.comodel_name].sudo().search([], limit=1)
        return [Command.set(other.ids)]
    raise AssertionError(f"no other value for {field.type} {name}")


class AuditMixin:
    def assert_write_refused(self, record, users, names, context=None):
        """Each user's write of each field is refused and changes nothing."""
        for user in users:
            for name in sorted(names):
                value = other_value(record, name)
                before = record.read([name])[0][name]
                with (
                    self.subTest(user=user.login, model=record._name, field=name),
                    self.assertRaises(UserError),  # AccessError is one too
                    self.env.cr.savepoint(),
                ):
                    record.with_user(user).with_context(**(context or {})).write(
                        {name: value}
                    )
                record.invalidate_recordset()
                self.assertEqual(record.read([name])[0][name], before, name)


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestMoneyFieldsAudit(AuditMixin, BoletoCommon):
    """Every field carrying money or bank state that the addon adds to journal
    items and entries is refused to a collector's and a supervisor's plain
    write, whatever context the caller sends."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.collector = company_user(
            cls.env,
            "audit_collector",
            "telecobranca.group_telecobranca_user",
            cls.company,
        )
        cls.supervisor = company_user(
            cls.env,
            "audit_supervisor",
            "telecobranca.group_telecobranca_supervisor",
            cls.company,
        )
        cls.invoice = cls.boleto_invoice(300.0)
        cls.title = cls.titles(cls.invoice)
        cls.case = cls.env["telecobranca.case"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.company.id,
                "user_id": cls.collector.id,
                "line_ids": [Command.create({"move_line_id": cls.title.id})],
            }
        )
        Form(
            cls.env["telecobranca.cnab.export"].with_context(
                active_model="account.move.line", active_ids=cls.title.ids
            )
        ).save().action_export()

    def test_every_addon_field_is_classified(self):
        """A new field on journal items or entries must say who writes it."""
        Line = self.env["account.move.line"]
        boleto = {name for name in Line._fields if name.startswith("boleto_")}
        self.assertEqual(
            writable_addon_fields(Line) - boleto, set(MOVE_LINE_FIELDS), "journal items"
        )
        self.assertTrue(boleto)
        self.assertEqual(
            writable_addon_fields(self.env["account.move"]),
            set(MOVE_FIELDS),
            "entries",
        )

    def test_move_line_fields_refused(self):
        self.assertEqual(self.title.boleto_status, "sent")
        self.assertTrue(self.title.boleto_nosso_numero)
        self.assertEqual(self.title.collection_case_id, self.case)
        Line = self.env["account.move.line"]
        boleto = {name for name in Line._fields if name.startswith("boleto_")}
        flow = boleto | {
            name
            for name, who in MOVE_LINE_FIELDS.items()
            if who in (FLOW_ONLY, MANAGER_ONLY)
        }
        users = self.collector | self.supervisor
        self.assert_write_refused(self.title, users, flow, FORGED_CONTEXT)
        self.assert_write_refused(self.title, users, flow)
        supervisor_only = {
            name for name, who in MOVE_LINE_FIELDS.items() if who == SUPERVISOR_ONLY
        }
        self.assert_write_refused(self.title, self.collector, supervisor_only)
        # the title is still in its case, issued, open, to the cent
        self.assertEqual(self.title.collection_case_id, self.case)
        self.assertEqual(self.title.boleto_status, "sent")
        self.assertEqual(self.title.boleto_amount, 300.0)
        self.assertEqual(self.title.amount_residual, 300.0)
        self.assertTrue(self.title.is_title)

    def test_move_fields_refused(self):
        flow = {name for name, who in MOVE_FIELDS.items() if who == FLOW_ONLY}
        users = self.collector | self.supervisor
        self.assert_write_refused(self.invoice, users, flow, FORGED_CONTEXT)
        self.assertFalse(self.invoice.telecobranca_origin)

    def test_case_state_and_titles_refused(self):
        users = self.collector | self.supervisor
        self.assert_write_refused(self.case, users, {"state"}, FORGED_CONTEXT)
        self.assert_write_refused(
            self.case.line_ids, users, {"is_open", "move_line_id"}, FORGED_CONTEXT
        )
        self.assertEqual(self.case.state, "open")
        self.assertTrue(self.case.line_ids.is_open)
        self.assertEqual(self.title.collection_case_id, self.case)

    def test_cnab_return_is_written_by_its_import_only(self):
        """Collectors and supervisors create return logs (by importing) but
        never change them: the access rights refuse every write."""
        log = self.env["telecobranca.cnab.return"].create(
            {
                "bank_account_id": self.bb_account.id,
                "name": "AUDIT.RET",
                "checksum": "audit",
            }
        )
        users = self.collector | self.supervisor
        names = {
            name
            for name, field in log._fields.items()
            if field.store
            and name not in models.MAGIC_COLUMNS
            and field.type not in ("binary", "one2many", "many2many")
        }
        self.assert_write_refused(log, users, names)


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestConfirmedRenegotiationAudit(AuditMixin, RenegotiationCommon):
    """A confirmed renegotiation is its REN entry: its state, entry, terms,
    titles, credit letters and installments no longer change by a write."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "telecobranca.group_telecobranca_user"
        cls.owner = company_user(cls.env, "audit_owner", groups, cls.company)
        cls.supervisor = company_user(
            cls.env,
            "audit_reneg_supervisor",
            "telecobranca.group_telecobranca_supervisor",
            cls.company,
        )
        cls.invoice = cls.create_invoice(1000.0, "2025-04-01")
        cls.title = cls.titles(cls.invoice)
        refund = cls.create_invoice(200.0, "2025-05-10", move_type="out_refund")
        cls.letter = refund.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )

    def confirmed(self):
        reneg = (
            self.env["telecobranca.renegotiation"]
            .with_user(self.owner)
            .create(
                {
                    "partner_ids": [Command.set(self.customer.ids)],
                    "line_ids": [Command.create({"move_line_id": self.title.id})],
                    "credit_line_ids": [
                        Command.create({"move_line_id": self.letter.id})
                    ],
                    "payment_term_id": self.term_30.id,
                    "date": "2025-06-16",
                }
            )
        )
        reneg.action_compute_installments()
        reneg.action_confirm()
        return reneg.with_env(self.env)

    def stored_fields(self, records):
        return (
            {name for name, field in records._fields.items() if field.store}
            - set(models.MAGIC_COLUMNS)
            - {"display_name", "company_id"}
        )

    def test_confirmed_renegotiation_refuses_writes(self):
        reneg = self.confirmed()
        self.assertEqual(reneg.state, "done")
        total = reneg.amount_total
        self.assertAlmostEqual(
            total,
            800.0
            + sum(reneg.line_ids.mapped("fine_amount"))
            + sum(reneg.line_ids.mapped("interest_amount")),
        )
        users = self.owner | self.supervisor
        self.assert_write_refused(
            reneg,
            users,
            FROZEN_WHEN_CONFIRMED | {"state", "move_id"},
            FORGED_CONTEXT,
        )
        for records in (reneg.line_ids, reneg.credit_line_ids, reneg.installment_ids):
            self.assertTrue(records)
            names = self.stored_fields(records) - {"renegotiation_id"}
            self.assert_write_refused(records[:1], users, names, FORGED_CONTEXT)
            with self.assertRaises(UserError), self.env.cr.savepoint():
                records.with_user(self.owner).unlink()
        with self.assertRaises(UserError), self.env.cr.savepoint():
            self.env["telecobranca.renegotiation.installment"].with_user(
                self.owner
            ).create(
                {
                    "renegotiation_id": reneg.id,
                    "date_maturity": "2025-08-16",
                    "amount": 1.0,
                }
            )
        # the money is as confirmed, to the cent
        reneg.invalidate_recordset()
        self.assertEqual(reneg.state, "done")
        self.assertEqual(reneg.amount_total, total)
        self.assertAlmostEqual(sum(reneg.installment_ids.mapped("amount")), total)
        self.assertAlmostEqual(
            sum(reneg.new_title_ids.mapped("amount_residual")), total
        )
        self.assertEqual(self.letter.amount_residual, 0.0)

    def test_pending_renegotiation_state_only_by_buttons(self):
        reneg = (
            self.env["telecobranca.renegotiation"]
            .with_user(self.owner)
            .create(
                {
                    "partner_ids": [Command.set(self.customer.ids)],
                    "line_ids": [Command.create({"move_line_id": self.title.id})],
                    "payment_term_id": self.term_30.id,
                    "date": "2025-06-16",
                }
            )
        )
        for user in self.owner | self.supervisor:
            with self.assertRaisesRegex(UserError, "only with its buttons"):
                reneg.with_user(user).with_context(**FORGED_CONTEXT).write(
                    {"state": "done"}
                )
        reneg.action_compute_installments()
        with self.assertRaisesRegex(UserError, "confirming its renegotiation"):
            reneg.installment_ids[:1].write({"move_line_id": self.title.id})
        self.assertEqual(reneg.state, "draft")
        self.assertFalse(reneg.installment_ids.move_line_id)
        # the buttons work: cancel and reset
        reneg.action_cancel()
        self.assertEqual(reneg.state, "cancel")
        reneg.action_draft()
        self.assertEqual(reneg.state, "draft")
