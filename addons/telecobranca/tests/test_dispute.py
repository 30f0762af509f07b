# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import TelecobrancaCommon

D = date(2025, 6, 18)


@tagged("post_install", "-at_install")
@freeze_time("2025-06-16 15:00:00")
class TestDispute(TelecobrancaCommon):
    """A disputed title leaves the cadence; resolved, collection resumes.
    Disputes change only through their actions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.email = "cobranca@empresa.example.com"
        cls.company.telecobranca_cadence_weekly_limit = 0
        cls.customer.email = "financeiro@paodourado.example.com"
        template = cls.env.ref("telecobranca.mail_template_cadence_reminder")
        cls.cadence = cls.env["telecobranca.cadence"].create(
            {
                "name": "Régua",
                "company_id": cls.company.id,
                "is_default": True,
                "step_ids": [
                    Command.create(
                        {
                            "name": f"Step {offset}",
                            "offset_days": offset,
                            "channel": "email",
                            "mail_template_id": template.id,
                        }
                    )
                    for offset in (0, 1)
                ],
            }
        )
        cls.collector = cls.setup_tour_collector("dispute_collector")
        cls.invoice = cls.create_invoice(500.0, "2025-05-19", term=cls.term_30_60_90)
        cls.invoice_b = cls.create_invoice(80.0, "2025-05-19")
        cls.title = cls.titles(cls.invoice)[0]
        cls.title_b = cls.titles(cls.invoice_b)
        cls.case = cls.env["telecobranca.case"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.company.id,
                "user_id": cls.collector.id,
                "line_ids": [
                    Command.create({"move_line_id": title.id})
                    for title in cls.titles(cls.invoice | cls.invoice_b)
                ],
            }
        )

    def sent_titles(self):
        return self.env["telecobranca.cadence.log"].search([]).move_line_id

    def test_dispute_pauses_and_resolving_resumes(self):
        self.assertEqual(self.title.date_maturity, D)
        Dispute = self.env["telecobranca.dispute"].with_user(self.collector)
        wizard = Form(
            self.env["telecobranca.dispute.wizard"]
            .with_user(self.collector)
            .with_context(active_model="account.move.line", active_ids=self.title.ids)
        )
        wizard.text = "Mercadoria entregue com avaria"
        wizard.save().action_confirm()
        dispute = Dispute.search([("move_line_id", "=", self.title.id)])
        self.assertRecordValues(
            dispute,
            [
                {
                    "state": "open",
                    "case_id": self.case.id,
                    "user_id": self.collector.id,
                    "reason": "Mercadoria entregue com avaria",
                }
            ],
        )
        self.assertTrue(self.title.telecobranca_in_dispute)
        self.assertEqual(self.case.dispute_count, 1)
        self.assertEqual(self.customer.telecobranca_dispute_count, 1)
        self.assertIn(
            self.title,
            self.env["account.move.line"].search(
                [("telecobranca_in_dispute", "=", True)]
            ),
        )
        note = self.case.note_ids.filtered(lambda n: "avaria" in n.body)
        self.assertEqual(len(note), 1)
        self.assertIn(self.title.title_number, note.body)
        # D0: the other title of the customer goes on, the disputed waits
        self.env["telecobranca.cadence"]._run(date=D)
        self.assertEqual(self.sent_titles(), self.title_b)
        mail = self.env["mail.mail"].search(
            [("recipient_ids", "in", self.customer.ids)]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn(self.title_b.title_number, mail.body_html)
        self.assertNotIn(self.title.title_number, mail.body_html)
        # twice: refused
        with self.assertRaises(UserError):
            Dispute.action_open_disputes(self.title, "Again")
        # resolved with a note: D+1 reaches the title again
        action = self.case.with_user(self.collector).action_resolve_dispute_wizard()
        wizard = Form(
            self.env["telecobranca.dispute.wizard"]
            .with_user(self.collector)
            .with_context(**action["context"])
        )
        wizard.text = "Desconto de 10% concedido"
        wizard.save().action_confirm()
        self.assertEqual(dispute.state, "resolved")
        self.assertEqual(dispute.resolution, "Desconto de 10% concedido")
        self.assertFalse(self.title.telecobranca_in_dispute)
        self.assertEqual(self.case.dispute_count, 0)
        self.assertTrue(self.case.note_ids.filtered(lambda n: "10%" in n.body))
        self.env["telecobranca.cadence"]._run(date=date(2025, 6, 19))
        self.assertIn(self.title, self.sent_titles())

    def test_whole_case_in_dispute(self):
        action = self.case.with_user(self.collector).action_open_dispute_wizard()
        wizard = Form(
            self.env["telecobranca.dispute.wizard"]
            .with_user(self.collector)
            .with_context(**action["context"])
        )
        wizard.text = "Cliente contesta a cobrança"
        wizard.save().action_confirm()
        self.assertEqual(self.case.dispute_count, 4)
        self.assertEqual(self.env["telecobranca.cadence"]._run(date=D), 0)

    def test_disputes_change_only_through_their_actions(self):
        dispute = self.env["telecobranca.dispute"].action_open_disputes(
            self.title, "Valor errado"
        )
        Dispute = self.env["telecobranca.dispute"].with_user(self.collector)
        for vals in (
            {"state": "resolved"},
            {"reason": "X"},
            {"move_line_id": self.title_b.id},
        ):
            with self.assertRaises(UserError):
                dispute.with_user(self.collector).with_context(
                    telecobranca_flow=True
                ).write(vals)
        with self.assertRaises(UserError):
            Dispute.create({"move_line_id": self.title_b.id, "reason": "RPC"})
        with self.assertRaises(UserError):
            dispute.unlink()
        with self.assertRaises(UserError):
            dispute.action_resolve(" ")
        with self.assertRaises(UserError):
            Dispute.action_open_disputes(self.title_b, "")
        self.pay(self.invoice_b)
        with self.assertRaises(UserError):
            Dispute.action_open_disputes(self.title_b, "Pago")
        self.assertEqual(dispute.state, "open")

    def test_other_collectors_do_not_see_the_dispute(self):
        other = self.setup_tour_collector("dispute_other")
        dispute = self.env["telecobranca.dispute"].action_open_disputes(
            self.title, "Valor errado"
        )
        self.assertFalse(self.env["telecobranca.dispute"].with_user(other).search([]))
        with self.assertRaises(AccessError):
            dispute.with_user(other).read(["reason"])
