# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import TelecobrancaCommon


class SecurityCommon(TelecobrancaCommon):
    """Two companies, a collector in each, a supervisor and an employee of A."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.setup_other_company(name="Empresa B")["company"]
        cls.collector_a = cls.company_user(
            "collector_a", "telecobranca.group_telecobranca_user"
        )
        cls.collector_b = cls.company_user(
            "collector_b", "telecobranca.group_telecobranca_user", cls.company_b
        )
        cls.supervisor = cls.company_user(
            "supervisor_a", "telecobranca.group_telecobranca_supervisor"
        )
        cls.employee = cls.company_user("employee_a", "base.group_user")

    @classmethod
    def company_user(cls, login, groups, company=None):
        """A user of ``groups`` working in ``company`` (A) only."""
        company = company or cls.company
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=company.id,
            company_ids=[company.id],
        )


@tagged("post_install", "-at_install")
class TestSecurity(SecurityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice_a = cls.create_invoice(100.0, "2025-05-01")
        cls.invoice_b = cls.create_invoice(200.0, "2025-05-01", company=cls.company_b)

    def test_group_chain(self):
        user = self.env.ref("telecobranca.group_telecobranca_user")
        supervisor = self.env.ref("telecobranca.group_telecobranca_supervisor")
        manager = self.env.ref("telecobranca.group_telecobranca_manager")
        self.assertIn(user, supervisor.implied_ids)
        self.assertIn(supervisor, manager.implied_ids)
        self.assertTrue(
            self.supervisor.has_group("telecobranca.group_telecobranca_user")
        )
        self.assertFalse(
            self.supervisor.has_group("telecobranca.group_telecobranca_manager")
        )
        # collectors read accounting documents, supervisors bill (issue 13)
        self.assertFalse(self.collector_a.has_group("account.group_account_invoice"))
        self.assertTrue(self.collector_a.has_group("account.group_account_readonly"))
        self.assertTrue(self.supervisor.has_group("account.group_account_invoice"))

    def test_company_b_sees_no_title_of_company_a(self):
        Line = self.env["account.move.line"].with_user(self.collector_b)
        visible = Line.search([("is_title", "=", True)])
        self.assertIn(self.titles(self.invoice_b), visible)
        self.assertFalse(visible & self.titles(self.invoice_a))
        with self.assertRaises(AccessError):
            self.titles(self.invoice_a).with_user(self.collector_b).read(
                ["title_number"]
            )
        partner = self.customer.with_user(self.collector_b)
        self.assertEqual(partner.telecobranca_title_ids, self.titles(self.invoice_b))
        self.assertAlmostEqual(partner.telecobranca_open_amount, 200.0)

    def test_company_a_collector_sees_own_titles(self):
        partner = self.customer.with_user(self.collector_a)
        self.assertEqual(partner.telecobranca_title_ids, self.titles(self.invoice_a))
        self.assertEqual(
            self.titles(self.invoice_a).with_user(self.collector_a).title_number,
            f"{self.invoice_a.name}-1/1",
        )

    def test_configuration_rights(self):
        Status = self.env["telecobranca.title.status"]
        self.assertTrue(Status.with_user(self.collector_a).search([]))
        with self.assertRaises(AccessError):
            Status.with_user(self.collector_a).create({"name": "Nope"})
        with self.assertRaises(AccessError):
            Status.with_user(self.supervisor).create({"name": "Nope"})
        with self.assertRaises(AccessError):
            self.status_normal.with_user(self.collector_a).write({"name": "Nope"})
        with self.assertRaises(AccessError):
            self.env["telecobranca.case.type"].with_user(self.employee).search([])
        Status.create({"name": "Manager can"})  # the test user is manager

    def test_company_specific_configuration_is_isolated(self):
        center_a = self.env["telecobranca.responsibility.center"].create(
            {"name": "Equipe A", "company_id": self.company.id}
        )
        centers_b = (
            self.env["telecobranca.responsibility.center"]
            .with_user(self.collector_b)
            .search([])
        )
        self.assertNotIn(center_a, centers_b)
        status_a = self.env["telecobranca.title.status"].create(
            {"name": "Só A", "company_id": self.company.id}
        )
        statuses_b = (
            self.env["telecobranca.title.status"].with_user(self.collector_b).search([])
        )
        self.assertNotIn(status_a, statuses_b)
        self.assertIn(self.status_normal, statuses_b)  # shared
