# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields

from .common import TelecobrancaCommon


class TelecobrancaCaseCommon(TelecobrancaCommon):
    """Collection configured for cases: automatic opening on, 5 days."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.collector = env["res.users"].create(
            {
                "name": "Carla Cobradora",
                "login": "carla.cobradora",
                "company_id": cls.company.id,
                "company_ids": [(6, 0, cls.company.ids)],
                "groups_id": [
                    (6, 0, env.ref("telecobranca.group_telecobranca_user").ids)
                ],
            }
        )
        cls.case_type = env["telecobranca.case.type"].create(
            {"name": "Defaulting customer"}
        )
        Stage = env["telecobranca.workflow.stage"]
        cls.stage_contact = Stage.create(
            {"name": "First contact", "sequence": 1, "case_type_id": cls.case_type.id}
        )
        cls.stage_promise = Stage.create(
            {"name": "Promise", "sequence": 2, "case_type_id": cls.case_type.id}
        )
        cls.center_legal = env["telecobranca.responsibility.center"].create(
            {"name": "Legal", "company_id": cls.company.id}
        )
        cls.stage_legal = Stage.create(
            {
                "name": "Legal",
                "sequence": 3,
                "case_type_id": cls.case_type.id,
                "responsibility_center_id": cls.center_legal.id,
            }
        )
        Decision = env["telecobranca.workflow.decision"]
        cls.decision_promise = Decision.create(
            {
                "name": "Customer promised to pay",
                "stage_id": cls.stage_contact.id,
                "next_stage_id": cls.stage_promise.id,
            }
        )
        cls.decision_broken = Decision.create(
            {
                "name": "Promise broken",
                "stage_id": cls.stage_promise.id,
                "next_stage_id": cls.stage_legal.id,
            }
        )
        cls.contact_type = env["telecobranca.contact.type"].create({"name": "Phone"})
        cls.company.write(
            {
                "telecobranca_auto_open": True,
                "telecobranca_min_days_overdue": 5,
                "telecobranca_collector_id": cls.collector.id,
                "telecobranca_case_type_id": cls.case_type.id,
                "telecobranca_contact_type_id": cls.contact_type.id,
            }
        )
        cls.customer.email = "financeiro@padaria.example.com"
        cls.customer_b = env["res.partner"].create(
            {"name": "Mercadinho Boa Vista", "is_company": True}
        )
        cls.Case = env["telecobranca.case"]

    @classmethod
    def invoice_due(cls, amount, due, **kwargs):
        """A posted invoice whose single title falls due on ``due``."""
        due = fields.Date.to_date(due)
        return cls.create_invoice(amount, due - timedelta(days=30), **kwargs)

    def open_cases(self):
        return self.Case._cron_open_cases()

    def case_of(self, partner=None):
        return self.Case.search(
            [("partner_id", "=", (partner or self.customer).id), ("state", "=", "open")]
        )
