# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import TelecobrancaCommon


@tagged("post_install", "-at_install")
class TestConfiguration(TelecobrancaCommon):
    def test_settings_write_company_values(self):
        center = self.env["telecobranca.responsibility.center"].create(
            {"name": "Cobrança SP", "user_ids": [self.env.user.id]}
        )
        case_type = self.env["telecobranca.case.type"].create({"name": "Defaulting"})
        settings = Form(self.env["res.config.settings"])
        settings.telecobranca_auto_open = True
        settings.telecobranca_min_days_overdue = 7
        settings.telecobranca_collector_id = self.env.user
        settings.telecobranca_responsibility_center_id = center
        settings.telecobranca_default_status_id = self.status_legal
        settings.telecobranca_case_type_id = case_type
        settings.save().execute()
        self.assertRecordValues(
            self.company,
            [
                {
                    "telecobranca_auto_open": True,
                    "telecobranca_min_days_overdue": 7,
                    "telecobranca_collector_id": self.env.user.id,
                    "telecobranca_responsibility_center_id": center.id,
                    "telecobranca_default_status_id": self.status_legal.id,
                    "telecobranca_case_type_id": case_type.id,
                }
            ],
        )

    def test_negative_day_count_refused(self):
        settings = Form(self.env["res.config.settings"])
        settings.telecobranca_min_days_overdue = -1
        with self.assertRaises(ValidationError):
            settings.save().execute()
        self.assertEqual(self.company.telecobranca_min_days_overdue, 0)

    def test_card_form_needs_administrator(self):
        with self.assertRaises(ValidationError):
            self.env["telecobranca.payment.form"].create(
                {"name": "Visa", "kind": "card"}
            )
        with self.assertRaises(ValidationError):
            self.env["telecobranca.payment.form"].create(
                {"name": "Financeira", "kind": "financing"}
            )
        acquirer = self.env["res.partner"].create(
            {"name": "Cielo S.A.", "is_company": True}
        )
        card = self.env["telecobranca.payment.form"].create(
            {"name": "Visa", "kind": "card", "administrator_partner_id": acquirer.id}
        )
        with self.assertRaises(ValidationError):
            card.administrator_partner_id = False

    def test_status_in_use_cannot_be_deleted(self):
        status = self.env["telecobranca.title.status"].create({"name": "Cartório"})
        title = self.titles(self.create_invoice(100.0, "2025-05-01"))
        title.collection_status_id = status
        with self.assertRaises(UserError):
            status.unlink()
        self.assertTrue(status.exists())
        status.action_archive()
        self.assertFalse(status.active)
        unused = self.env["telecobranca.title.status"].create({"name": "Unused"})
        unused.unlink()
        self.assertFalse(unused.exists())

    def test_payment_form_in_use_cannot_be_deleted(self):
        form = self.env["telecobranca.payment.form"].create(
            {"name": "Depósito", "kind": "transfer"}
        )
        invoice = self.create_invoice(
            100.0, "2025-05-01", telecobranca_payment_form_id=form.id
        )
        self.assertEqual(self.titles(invoice).payment_form_id, form)
        with self.assertRaises(UserError):
            form.unlink()
        self.assertTrue(form.exists())

    def test_case_type_hierarchy(self):
        parent = self.env["telecobranca.case.type"].create({"name": "Collection"})
        child = self.env["telecobranca.case.type"].create(
            {"name": "Defaulting customer", "parent_id": parent.id}
        )
        self.assertEqual(child.display_name, "Collection / Defaulting customer")
        with self.assertRaises(UserError):  # ValidationError is a UserError
            parent.parent_id = child
