# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Company walls: every model of the addon holding company data is walled.

The first test enumerates the models (and wizards) the addon defines, so a new
model without ``company_id`` or without its company rule fails here.
"""

import base64

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .test_security import SecurityCommon

STRICT_DOMAIN = "[('company_id', 'in', company_ids)]"
SHARED_DOMAIN = "['|', ('company_id', '=', False), ('company_id', 'in', company_ids)]"

# Configuration shared between companies: the company is optional.
SHARED_CONFIGURATION = {
    "telecobranca.title.status",
    "telecobranca.payment.form",
    "telecobranca.case.type",
    "telecobranca.contact.type",
    "telecobranca.customer.template",
    "telecobranca.workflow.stage",
    "telecobranca.workflow.decision",
}


@tagged("post_install", "-at_install")
class TestSecurityWalls(SecurityCommon):
    def _addon_models(self):
        """Concrete models and wizards defined (``_name``) by this addon."""
        names = self.env["ir.model"].search([]).mapped("model")
        return sorted(
            name
            for name in names
            if name in self.env.registry
            and not self.env.registry[name]._abstract
            and self.env.registry[name]._original_module == "telecobranca"
        )

    def test_every_model_is_walled(self):
        models = self._addon_models()
        # the enumeration sees models and transient models of the addon
        self.assertIn("telecobranca.renegotiation.credit", models)
        self.assertIn("telecobranca.cnab.import", models)
        self.assertNotIn("account.move.line", models)
        problems = []
        for name in models:
            Model = self.env[name]
            field = Model._fields.get("company_id")
            if not field or field.type != "many2one":
                problems.append(f"{name}: no company_id")
                continue
            if field.comodel_name != "res.company" or not field.store:
                problems.append(f"{name}: company_id is not a stored company")
            if not Model._check_company_auto:
                problems.append(f"{name}: _check_company_auto is not set")
            rule = self.env.ref(
                f"telecobranca.{name.replace('.', '_')}_rule_company",
                raise_if_not_found=False,
            )
            if not rule or rule._name != "ir.rule":
                problems.append(f"{name}: no company rule")
                continue
            expected = SHARED_DOMAIN if name in SHARED_CONFIGURATION else STRICT_DOMAIN
            if not rule.active or rule.groups or rule.model_id.model != name:
                problems.append(f"{name}: the company rule is not a global active rule")
            if rule.domain_force != expected:
                problems.append(f"{name}: company rule {rule.domain_force}")
        self.assertEqual(problems, [])

    def _renegotiation_of_company_a(self):
        invoice = self.create_invoice(1000.0, "2025-05-20")
        refund = self.create_invoice(200.0, "2025-05-10", move_type="out_refund")
        letter = refund.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        return self.env["telecobranca.renegotiation"].create(
            {
                "partner_ids": [Command.set(self.customer.ids)],
                "date": "2025-06-16",
                "line_ids": [Command.create({"move_line_id": self.titles(invoice).id})],
                "credit_line_ids": [Command.create({"move_line_id": letter.id})],
                "installment_ids": [
                    Command.create({"date_maturity": "2025-07-16", "amount": 800.0})
                ],
            }
        )

    def test_company_b_cannot_read_renegotiation_lines_of_a(self):
        reneg = self._renegotiation_of_company_a()
        records = {
            "telecobranca.renegotiation.line": reneg.line_ids,
            "telecobranca.renegotiation.credit": reneg.credit_line_ids,
            "telecobranca.renegotiation.installment": reneg.installment_ids,
        }
        for name, lines in records.items():
            with self.subTest(model=name):
                self.assertEqual(len(lines), 1)
                self.assertEqual(lines.company_id, self.company)
                # company A's collector sees them ...
                seen_a = self.env[name].with_user(self.collector_a).search_read([])
                self.assertIn(lines.id, [row["id"] for row in seen_a])
                # ... company B's collector neither finds nor reads them
                seen_b = self.env[name].with_user(self.collector_b).search_read([])
                self.assertNotIn(lines.id, [row["id"] for row in seen_b])
                with self.assertRaises(AccessError):
                    lines.with_user(self.collector_b).read(["company_id"])
        self.assertEqual(reneg.credit_line_ids.amount_used, 200.0)

    def test_company_b_cannot_read_cnab_import_of_a(self):
        account = self.env["res.partner.bank"].create(
            {"acc_number": "0012345-6", "partner_id": self.company.partner_id.id}
        )
        content = b"0" * 240 + b"\r\n"
        wizard = (
            self.env["telecobranca.cnab.import"]
            .with_user(self.collector_a)
            .create(
                {
                    "bank_account_id": account.id,
                    "file_data": base64.b64encode(content),
                    "file_name": "RET-A.RET",
                }
            )
        )
        self.assertEqual(wizard.company_id, self.company)
        Import_b = self.env["telecobranca.cnab.import"].with_user(self.collector_b)
        self.assertFalse(Import_b.search_read([("id", "=", wizard.id)]))
        with self.assertRaises(AccessError):
            Import_b.browse(wizard.id).read(["file_data", "file_name"])
        # its owner reads the uploaded file back
        self.assertEqual(
            base64.b64decode(wizard.with_user(self.collector_a).file_data), content
        )
