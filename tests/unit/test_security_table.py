"""The README's security table says what the access rights and record rules do.

The table of README.md under "## Security model" has one row per model of the
addon and one column per role. Each cell is the operations the role has on the
model (R read, W write, C create, D delete) and the records they reach:

- ``company``: every record of the user's companies;
- ``shared``: those of the user's companies and those without a company;
- ``own``: the collector's own (the rules of the model restrict him);
- ``—``: no access at all.

This test computes the same table from security/ir.model.access.csv,
security/telecobranca_groups.xml and security/telecobranca_security.xml, so the
README cannot drift from them.
"""

import csv
import re
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parents[2]
SECURITY = ROOT / "addons" / "telecobranca" / "security"
README = ROOT / "README.md"

# the roles of the table, and the groups each one is given
ROLES = {
    "Collector": ["telecobranca.group_telecobranca_user"],
    "Supervisor": ["telecobranca.group_telecobranca_supervisor"],
    "Manager": ["telecobranca.group_telecobranca_manager"],
    "Accountant": ["account.group_account_invoice"],
}
COMPANY = "[('company_id', 'in', company_ids)]"
SHARED = "['|', ('company_id', '=', False), ('company_id', 'in', company_ids)]"
EVERYTHING = "[(1, '=', 1)]"
OPERATIONS = (("perm_read", "R"), ("perm_write", "W"), ("perm_create", "C"))
OPERATIONS += (("perm_unlink", "D"),)


def _xmlid(ref):
    return ref if "." in ref else f"telecobranca.{ref}"


def _model_name(model_ref):
    return model_ref.removeprefix("model_").replace("_", ".")


def implied_groups():
    """{group: groups it implies directly} from the groups file (links only)."""
    tree = ElementTree.parse(SECURITY / "telecobranca_groups.xml")
    implied = {}
    for record in tree.iter("record"):
        if record.get("model") != "res.groups":
            continue
        links = set()
        for field in record.iter("field"):
            if field.get("name") == "implied_ids":
                links = set(
                    re.findall(r"Command\.link\(ref\('([^']+)'\)\)", field.get("eval"))
                )
        implied[_xmlid(record.get("id"))] = {_xmlid(ref) for ref in links}
    return implied


def role_groups(role):
    implied = implied_groups()
    todo, seen = list(ROLES[role]), set()
    while todo:
        group = todo.pop()
        if group not in seen:
            seen.add(group)
            todo.extend(implied.get(group, ()))
    return seen


def access_rights():
    """{model: {group: set of letters}} from the access rights file."""
    rights = {}
    with open(SECURITY / "ir.model.access.csv", newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            letters = {letter for key, letter in OPERATIONS if row[key] == "1"}
            model = _model_name(row["model_id:id"])
            group = _xmlid(row["group_id:id"])
            rights.setdefault(model, {}).setdefault(group, set()).update(letters)
    return rights


def record_rules():
    """{model: [(groups, domain)]} from the rules file."""
    rules = {}
    tree = ElementTree.parse(SECURITY / "telecobranca_security.xml")
    for record in tree.iter("record"):
        if record.get("model") != "ir.rule":
            continue
        values = {field.get("name"): field for field in record.iter("field")}
        model = _model_name(values["model_id"].get("ref"))
        groups = set()
        if "groups" in values:
            refs = re.findall(r"ref\('([^']+)'\)", values["groups"].get("eval"))
            groups = {_xmlid(ref) for ref in refs}
        rules.setdefault(model, []).append((groups, values["domain_force"].text))
    return rules


def expected_table():
    """{model: {role: cell}} as the security files make it."""
    rights, rules = access_rights(), record_rules()
    table = {}
    for model in sorted(rights):
        row = table.setdefault(model, {})
        model_rules = rules.get(model, [])
        global_domains = {domain for groups, domain in model_rules if not groups}
        scope = "shared" if global_domains == {SHARED} else "company"
        for role in ROLES:
            groups = role_groups(role)
            letters = set()
            for group, granted in rights[model].items():
                if group in groups:
                    letters |= granted
            if "R" not in letters:
                row[role] = "—"
                continue
            applicable = [domain for g, domain in model_rules if g and g & groups]
            own = applicable and EVERYTHING not in applicable
            ops = " ".join(letter for _key, letter in OPERATIONS if letter in letters)
            row[role] = f"{ops} · {'own' if own else scope}"
    return table


def readme_table():
    """{model: {role: cell}} as README.md says it."""
    text = README.read_text(encoding="utf-8")
    assert "## Security model" in text, "README.md has no '## Security model' section"
    section = text.split("## Security model", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in rows[0].strip("|").split("|")]
    assert header == ["Model", *ROLES], header
    table = {}
    for line in rows[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        model = cells[0].strip("`")
        table[model] = dict(zip(ROLES, cells[1:], strict=True))
    return table


def test_every_model_has_a_row():
    assert sorted(readme_table()) == sorted(expected_table())


def test_rights_and_scopes_match_the_security_files():
    readme, expected = readme_table(), expected_table()
    differences = [
        f"{model} / {role}: README says {readme[model][role]!r}, "
        f"the security files {cell!r}"
        for model, row in expected.items()
        for role, cell in row.items()
        if model in readme and readme[model][role] != cell
    ]
    assert differences == []


def test_every_collector_rule_has_its_supervisor_rule():
    """Group rules widen back for supervisors: no model restricts them."""
    supervisor = role_groups("Supervisor")
    for model, rules in record_rules().items():
        applicable = [domain for groups, domain in rules if groups & supervisor]
        if applicable:
            assert EVERYTHING in applicable, model


if __name__ == "__main__":  # print the table for the README
    roles = list(ROLES)
    print("| Model | " + " | ".join(roles) + " |")
    print("|---|" + "---|" * len(roles))
    for model, row in expected_table().items():
        print(f"| `{model}` | " + " | ".join(row[role] for role in roles) + " |")
