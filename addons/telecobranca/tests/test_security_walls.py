# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Company walls: every model of the addon holding company data is walled.

The first test enumerates the models (and wizards) the addon defines, so a new
model without ``company_id`` or without its company rule fails here.
"""

import base64

from odoo import Command
from odoo.exceptions import AccessError
from odoo.modules.migration import load_script
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

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.colleague_a = cls.company_user(
            "colleague_a", "telecobranca.group_telecobranca_user"
        )

    def _renegotiation_of(self, user):
        """A draft of ``user`` with a title, a credit letter and an installment."""
        invoice = self.create_invoice(1000.0, "2025-05-20")
        refund = self.create_invoice(200.0, "2025-05-10", move_type="out_refund")
        letter = refund.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        return (
            self.env["telecobranca.renegotiation"]
            .with_user(user)
            .create(
                {
                    "partner_ids": [Command.set(self.customer.ids)],
                    "date": "2025-06-16",
                    "line_ids": [
                        Command.create({"move_line_id": self.titles(invoice).id})
                    ],
                    "credit_line_ids": [Command.create({"move_line_id": letter.id})],
                    "installment_ids": [
                        Command.create({"date_maturity": "2025-07-16", "amount": 800.0})
                    ],
                }
            )
            .with_env(self.env)
        )

    def test_renegotiation_lines_are_scoped_like_their_renegotiation(self):
        reneg = self._renegotiation_of(self.collector_a)
        records = {
            "telecobranca.renegotiation.line": reneg.line_ids,
            "telecobranca.renegotiation.credit": reneg.credit_line_ids,
            "telecobranca.renegotiation.installment": reneg.installment_ids,
        }

        def seen(user, name):
            rows = self.env[name].with_user(user).search_read([], ["company_id"])
            return {row["id"] for row in rows}

        for name, lines in records.items():
            with self.subTest(model=name):
                self.assertEqual(len(lines), 1)
                self.assertEqual(lines.company_id, self.company)
                # the collector who owns the renegotiation and a supervisor see them
                self.assertIn(lines.id, seen(self.collector_a, name))
                self.assertIn(lines.id, seen(self.supervisor, name))
                # a colleague without the case neither finds nor reads them ...
                self.assertNotIn(lines.id, seen(self.colleague_a, name))
                with self.assertRaises(AccessError):
                    lines.with_user(self.colleague_a).read(["company_id"])
                # ... nor company B's collector
                self.assertNotIn(lines.id, seen(self.collector_b, name))
                with self.assertRaises(AccessError):
                    lines.with_user(self.collector_b).read(["company_id"])
        self.assertEqual(
            reneg.installment_ids.with_user(self.collector_a).amount, 800.0
        )
        self.assertEqual(reneg.credit_line_ids.amount_used, 200.0)
        with self.assertRaises(AccessError):
            reneg.installment_ids.with_user(self.colleague_a).write({"amount": 1.0})
        self.assertEqual(reneg.installment_ids.amount, 800.0)
        # the colleague who takes the customer's case reads them too
        self.env["telecobranca.case"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company.id,
                "user_id": self.colleague_a.id,
                "line_ids": [
                    Command.create({"move_line_id": reneg.line_ids.move_line_id.id})
                ],
            }
        )
        for name, lines in records.items():
            with self.subTest(model=name, case=True):
                self.assertIn(lines.id, seen(self.colleague_a, name))
                self.assertNotIn(lines.id, seen(self.collector_b, name))

    def test_sub_models_follow_their_document(self):
        """A model that belongs to a document of the addon (a required
        many-to-one deleted with it) is restricted for the same groups as the
        document: its lines never show what the document hides."""
        Rule = self.env["ir.rule"]
        problems = []
        addon_models = self._addon_models()
        for name in addon_models:
            Model = self.env[name]
            for field in Model._fields.values():
                if not (
                    field.type == "many2one"
                    and field.required
                    and field.ondelete == "cascade"
                    and field.comodel_name in addon_models
                ):
                    continue
                parent_groups = Rule.search(
                    [("model_id.model", "=", field.comodel_name)]
                ).groups
                own_groups = Rule.search([("model_id.model", "=", name)]).groups
                missing = (parent_groups - own_groups).mapped("name")
                if missing:
                    problems.append(
                        f"{name}: not scoped like {field.comodel_name} "
                        f"({field.name}) for {missing}"
                    )
        self.assertEqual(problems, [])

    def test_wizards_are_their_creators(self):
        """Every wizard a collector may open is restricted to the collector
        who opened it; supervisors see every one of their companies."""
        problems = []
        user_group = self.env.ref("telecobranca.group_telecobranca_user")
        for name in self._addon_models():
            Model = self.env[name]
            if not Model._transient:
                continue
            if (
                not self.env["ir.model.access"]
                .with_user(self.collector_a)
                .check(name, "read", raise_exception=False)
            ):
                continue
            rules = self.env["ir.rule"].search([("model_id.model", "=", name)])
            if user_group not in rules.groups:
                problems.append(f"{name}: no collector rule")
        self.assertEqual(problems, [])

    def test_collector_reads_only_his_wizards(self):
        account = self.env["res.partner.bank"].create(
            {"acc_number": "0012345-7", "partner_id": self.company.partner_id.id}
        )
        wizard = (
            self.env["telecobranca.cnab.import"]
            .with_user(self.collector_a)
            .create(
                {
                    "bank_account_id": account.id,
                    "file_data": base64.b64encode(b"0" * 240 + b"\r\n"),
                    "file_name": "RET-A2.RET",
                }
            )
        )
        Import = self.env["telecobranca.cnab.import"]
        self.assertFalse(
            Import.with_user(self.colleague_a).search_read([("id", "=", wizard.id)])
        )
        with self.assertRaises(AccessError):
            wizard.with_user(self.colleague_a).read(["file_name"])
        with self.assertRaises(AccessError):
            wizard.with_user(self.colleague_a).write({"file_name": "X.RET"})
        self.assertEqual(
            wizard.with_user(self.supervisor).read(["file_name"])[0]["file_name"],
            "RET-A2.RET",
        )

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


@tagged("post_install", "-at_install")
class TestSecurityMigration(SecurityCommon):
    """A database installed before gets the rules and groups of 18.0.1.1.0."""

    def migration(self):
        return load_script(
            "telecobranca/migrations/18.0.1.1.0/post-migrate.py",
            "telecobranca_post_migrate_18_0_1_1_0",
        )

    def test_rules_rewritten_from_the_security_file(self):
        line_rule = self.env.ref(
            "telecobranca.telecobranca_renegotiation_line_rule_collector"
        )
        domain = line_rule.domain_force
        user_group = self.env.ref("telecobranca.group_telecobranca_user")
        # an older database: the line rule as it was, the credit rule missing
        line_rule.write({"domain_force": "[(1, '=', 1)]"})
        self.env.ref(
            "telecobranca.telecobranca_renegotiation_credit_rule_collector"
        ).unlink()
        company_rule = self.env.ref("telecobranca.telecobranca_case_rule_company")
        company_rule.write({"domain_force": "[(1, '=', 1)]"})
        self.migration().migrate(self.env.cr, "18.0.1.0.0")
        self.env.invalidate_all()
        self.assertEqual(line_rule.domain_force, domain)
        self.assertEqual(line_rule.groups, user_group)
        self.assertEqual(
            company_rule.domain_force, "[('company_id', 'in', company_ids)]"
        )
        credit_rule = self.env.ref(
            "telecobranca.telecobranca_renegotiation_credit_rule_collector"
        )
        self.assertEqual(credit_rule.groups, user_group)
        self.assertIn("renegotiation_id", credit_rule.domain_force)
        # the rules stay protected from later updates
        data = self.env["ir.model.data"].search(
            [
                ("module", "=", "telecobranca"),
                ("model", "=", "ir.rule"),
                ("res_id", "in", (line_rule | credit_rule | company_rule).ids),
            ]
        )
        self.assertEqual(len(data), 3)
        self.assertTrue(all(data.mapped("noupdate")))

    def test_collectors_lose_billing(self):
        billing = self.env.ref("account.group_account_invoice")
        readonly = self.env.ref("account.group_account_readonly")
        # the collector of an older version: Billing came with the group
        self.collector_a.sudo().groups_id = [Command.link(billing.id)]
        accountant = self.company_user(
            "collector_accountant",
            "telecobranca.group_telecobranca_user,account.group_account_manager",
        )
        self.assertTrue(accountant.has_group("account.group_account_invoice"))
        changed = self.migration().remove_billing_from_collectors(self.env(su=True))
        self.assertEqual(changed, self.collector_a)
        self.assertNotIn(billing, self.collector_a.groups_id)
        self.assertIn(readonly, self.collector_a.groups_id)
        # Billing from another of his groups stays
        self.assertTrue(self.supervisor.has_group("account.group_account_invoice"))
        self.assertTrue(accountant.has_group("account.group_account_invoice"))
        # what the collector can do now: read invoices, post none
        invoice = self.create_invoice(100.0, "2025-05-01", post=False)
        self.assertEqual(invoice.with_user(self.collector_a).amount_total, 100.0)
        with self.assertRaises(AccessError):
            invoice.with_user(self.collector_a).action_post()
        self.assertEqual(invoice.state, "draft")
