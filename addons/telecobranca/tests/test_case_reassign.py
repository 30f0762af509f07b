# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .case_common import TelecobrancaCaseCommon


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16")
class TestCaseReassign(TelecobrancaCaseCommon):
    """Bulk reassignment of cases by a supervisor, and the calendar of next
    collection dates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice_due(200.0, "2025-05-01")
        cls.Case._cron_open_cases()
        cls.case = cls.Case.search([("partner_id", "=", cls.customer.id)])

    def reassign_wizard(self, user, cases, collector, reason=""):
        return (
            self.env["telecobranca.case.reassign.wizard"]
            .with_user(user)
            .with_context(active_model="telecobranca.case", active_ids=cases.ids)
            .create({"user_id": collector.id, "reason": reason})
        )

    def test_supervisor_reassigns_cases(self):
        supervisor = self.env["res.users"].create(
            {
                "name": "Sueli Supervisora",
                "login": "sueli.supervisora",
                "company_id": self.company.id,
                "company_ids": [(6, 0, self.company.ids)],
                "groups_id": [
                    (
                        6,
                        0,
                        self.env.ref("telecobranca.group_telecobranca_supervisor").ids,
                    )
                ],
            }
        )
        other = self.Case.create(
            {"partner_id": self.customer_b.id, "next_date": "2025-06-20"}
        )
        cases = self.case | other
        self.assertEqual(self.case.user_id, self.collector)
        wizard = self.reassign_wizard(
            supervisor, cases, supervisor, reason="Carla is on holiday"
        )
        self.assertEqual(wizard.case_count, 2)
        wizard.action_confirm()
        self.assertEqual(cases.user_id, supervisor)
        for case, before in ((self.case, "Carla Cobradora"), (other, "nobody")):
            note = case.note_ids.filtered(lambda n: "reassigned" in (n.body or ""))
            self.assertEqual(len(note), 1)
            self.assertEqual(note.origin, "system")
            self.assertIn(
                f"Case reassigned from {before} to Sueli Supervisora by "
                "Sueli Supervisora.",
                note.body,
            )
            self.assertIn("Carla is on holiday", note.body)

    def test_collector_cannot_reassign(self):
        other = self.env["res.users"].create(
            {
                "name": "Outro Cobrador",
                "login": "outro.cobrador",
                "company_id": self.company.id,
                "company_ids": [(6, 0, self.company.ids)],
                "groups_id": [
                    (6, 0, self.env.ref("telecobranca.group_telecobranca_user").ids)
                ],
            }
        )
        with self.assertRaises(AccessError):
            self.reassign_wizard(self.collector, self.case, other)
        with self.assertRaisesRegex(UserError, "supervisor"):
            self.case.with_user(self.collector).action_reassign(other)
        self.assertEqual(self.case.user_id, self.collector)
        self.assertFalse(
            self.case.note_ids.filtered(lambda n: "reassigned" in (n.body or ""))
        )

    def test_reassign_refuses_closed_cases_naming_them(self):
        self.case.action_close("Paid by phone")
        with self.assertRaisesRegex(
            UserError, f"{self.case.name} of Padaria Pão Dourado Ltda is closed"
        ):
            self.case.action_reassign(self.env.user)

    def test_calendar_of_next_dates(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "telecobranca.telecobranca_case_action"
        )
        self.assertIn("calendar", action["view_mode"].split(","))
        arch = self.Case.get_view(view_type="calendar")["arch"]
        self.assertIn('date_start="next_date"', arch)
        self.assertIn('color="user_id"', arch)
