# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from pathlib import Path

from odoo import Command
from odoo.exceptions import AccessError
from odoo.modules.module import get_module_path
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


def readme_security_table():
    """{model: {role: cell}} of the README's "Security model" table, or None
    when the addon runs without its repository's README."""
    readme = Path(get_module_path("telecobranca")).parents[1] / "README.md"
    if not readme.is_file():
        return None
    text = readme.read_text(encoding="utf-8")
    if "## Security model" not in text:
        return None
    section = text.split("## Security model", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    roles = [cell.strip() for cell in rows[0].strip("|").split("|")][1:]
    table = {}
    for line in rows[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        table[cells[0].strip("`")] = dict(zip(roles, cells[1:], strict=True))
    return table


@tagged("post_install", "-at_install")
class TestRoleMatrix(SecurityCommon):
    """The four roles × read/write/create/delete on every model of the addon,
    as the database applies them (access rights of the users' groups, implied
    ones included, and the record rules in the database), against the
    README's security table; then real records of the main models."""

    COMPANY = "[('company_id', 'in', company_ids)]"
    SHARED = "['|', ('company_id', '=', False), ('company_id', 'in', company_ids)]"
    OPERATIONS = (("read", "R"), ("write", "W"), ("create", "C"), ("unlink", "D"))

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls.company_user(
            "manager_a", "telecobranca.group_telecobranca_manager"
        )
        cls.accountant = cls.company_user(
            "accountant_a", "account.group_account_invoice"
        )
        cls.roles = {
            "Collector": cls.collector_a,
            "Supervisor": cls.supervisor,
            "Manager": cls.manager,
            "Accountant": cls.accountant,
        }

    def _addon_models(self):
        return sorted(
            name
            for name, Model in self.env.registry.items()
            if not Model._abstract and Model._original_module == "telecobranca"
        )

    def runtime_cell(self, user, name):
        Access = self.env["ir.model.access"].with_user(user)
        letters = [
            letter
            for operation, letter in self.OPERATIONS
            if Access.check(name, operation, raise_exception=False)
        ]
        if "R" not in letters:
            return "—"
        rules = self.env["ir.rule"].sudo().search([("model_id.model", "=", name)])
        global_domains = set(
            rules.filtered(lambda r: not r.groups).mapped("domain_force")
        )
        scope = "shared" if global_domains == {self.SHARED} else "company"
        applicable = rules.filtered(lambda r: r.groups & user.groups_id)
        if applicable and "[(1, '=', 1)]" not in applicable.mapped("domain_force"):
            scope = "own"
        return f"{' '.join(letters)} · {scope}"

    def test_matrix_is_the_readme_table(self):
        runtime = {
            name: {
                role: self.runtime_cell(user, name) for role, user in self.roles.items()
            }
            for name in self._addon_models()
        }
        # a plain internal user reaches none of the addon's models
        for name in runtime:
            self.assertEqual(self.runtime_cell(self.employee, name), "—", name)
        table = readme_security_table()
        if table is None:
            self.skipTest("the repository's README is not next to the addon")
        self.assertEqual(sorted(table), sorted(runtime))
        differences = [
            f"{name} / {role}: README {table[name][role]!r}, database {cell!r}"
            for name, row in runtime.items()
            for role, cell in row.items()
            if table[name][role] != cell
        ]
        self.assertEqual(differences, [])

    # real records of the main models: made by the administrator, so a role
    # whose scope is "own" reaches none of them but creates its own
    def _partner(self):
        return self.env["res.partner"].create({"name": "Cliente Matriz"})

    def _main_models(self):
        bank = self.env["res.partner.bank"].create(
            {"acc_number": "0077-1", "partner_id": self.company.partner_id.id}
        )
        return {
            "telecobranca.case": (
                lambda user, tag: {
                    "partner_id": self._partner().id,
                    "company_id": self.company.id,
                    "user_id": user.id,
                },
                {"next_date": "2025-07-01"},
            ),
            "telecobranca.renegotiation": (
                lambda user, tag: {
                    "partner_ids": [Command.set(self._partner().ids)],
                    "date": "2025-06-16",
                    "user_id": user.id,
                },
                {"proposal_text": "<p>Proposta</p>"},
            ),
            "telecobranca.title.status": (
                lambda user, tag: {"name": f"Matriz {tag}"},
                {"name": "M"},
            ),
            "telecobranca.responsibility.center": (
                lambda user, tag: {
                    "name": f"Equipe {tag}",
                    "company_id": self.company.id,
                },
                {"name": "Equipe M"},
            ),
            "telecobranca.cnab.return": (
                lambda user, tag: {
                    "name": f"MATRIZ-{tag}.RET",
                    "checksum": f"matriz-{tag}",
                    "bank_account_id": bank.id,
                },
                {"name": "OTHER.RET"},
            ),
        }

    def allowed(self, method, *args):
        """Whether the access rights and rules let ``method(*args)`` run."""
        try:
            with self.env.cr.savepoint():
                method(*args)
        except AccessError:
            return False
        return True

    def test_roles_on_real_records(self):
        table = readme_security_table() or {
            name: {
                role: self.runtime_cell(user, name) for role, user in self.roles.items()
            }
            for name in self._main_models()
        }
        roles = [*self.roles.items(), ("Internal user", self.employee)]
        for name, (create_vals, write_vals) in self._main_models().items():
            for role, user in roles:
                cell = table[name].get(role, "—")
                letters, _sep, scope = cell.partition(" · ")
                reaches = scope != "own"
                record = self.env[name].create(
                    create_vals(self.env.user, f"admin-{user.login}")
                )
                theirs = record.with_user(user)
                with self.subTest(model=name, role=role, cell=cell):
                    self.assertEqual(
                        self.allowed(
                            self.env[name].with_user(user).create,
                            create_vals(user, user.login),
                        ),
                        "C" in letters,
                    )
                    self.assertEqual(
                        self.allowed(theirs.read, list(write_vals)),
                        "R" in letters and reaches,
                    )
                    self.assertEqual(
                        self.allowed(theirs.write, write_vals),
                        "W" in letters and reaches,
                    )
                    self.assertEqual(
                        self.allowed(theirs.unlink), "D" in letters and reaches
                    )
