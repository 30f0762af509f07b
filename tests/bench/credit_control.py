# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Measurement 3 of bench.py: OCA's ``account_credit_control`` on the same data.

The OCA module (PyPI ``odoo-addon-account-credit-control``, series 18.0, AGPL)
is never a dependency of the addon nor part of the repository: its wheel is
downloaded with pip into ``.state/tc_bench/oca`` (kept out of git), unpacked
there, and the module is installed in the benchmark database only, by a
separate ``odoo -i`` process. The bench's registry is then replaced by a new
one that knows the module (``bench.registry``), so run this measurement last.

The policy has one level (net days, delay 0, channel letter): a run creates one
credit control line, in draft and sending nothing, per overdue open receivable
line, the titles our cron takes. What is timed is the run's line generation,
``credit.control.run.generate_credit_lines()``, as its button calls it.

It creates about 250 lines/s (2 cores), so with more eligible titles than
``TC_BENCH_CC_MAX_TITLES`` (environment, default 20 000, 0 for no limit) the run
covers a subset of the customers (by id, the big customer last), through the
module's own per-customer policy; the row's ``note`` says so and extrapolates a
full run per line.
"""

import ast
import os
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

OCA_MODULE = "account_credit_control"
OCA_SERIES = "18.0"
MAX_TITLES = 20000


def _bench_module(bench):
    """bench.py's module, whether it runs as ``__main__`` or was imported."""
    return sys.modules[type(bench).__module__]


def _pypi_name(module):
    return "odoo-addon-" + module.replace("_", "-")


def _available(module, paths):
    return any(Path(p, module, "__manifest__.py").is_file() for p in paths)


def _fetch_wheel(module, cache):
    """Download (once) and unpack the 18.0 wheel of ``module``; its addons dir."""
    wheels = cache / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    pattern = f"{_pypi_name(module).replace('-', '_')}-{OCA_SERIES}.*.whl"
    if not list(wheels.glob(pattern)):
        print(f"  pip download {_pypi_name(module)} {OCA_SERIES} into {wheels}")
        major, minor = OCA_SERIES.split(".")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--only-binary=:all:",
                "--disable-pip-version-check",
                "-q",
                "-d",
                str(wheels),
                f"{_pypi_name(module)}>={major}.{minor},<{major}.{int(minor) + 1}",
            ],
            check=True,
        )
    wheel = max(wheels.glob(pattern), key=lambda p: p.stat().st_mtime)
    target = cache / wheel.name[: -len(".whl")]
    addons = target / "odoo" / "addons"
    if not (addons / module / "__manifest__.py").is_file():
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(target)
    return addons


def oca_addons_paths(data_dir, base_paths):
    """Addons dirs holding the OCA module and the OCA modules it depends on."""
    cache = Path(data_dir, "oca")
    paths, todo, seen = [], [OCA_MODULE], set()
    while todo:
        module = todo.pop()
        if module in seen or _available(module, base_paths):
            continue
        seen.add(module)
        addons = _fetch_wheel(module, cache)
        if str(addons) not in paths:
            paths.append(str(addons))
        manifest = ast.literal_eval((addons / module / "__manifest__.py").read_text())
        todo.extend(manifest.get("depends", []))
    return paths


def install_oca(bench):
    """Install the OCA module in ``bench.args.db``; replace ``bench.registry``.

    Returns the addons path used (ours plus the OCA dirs), which is also put in
    odoo's ``config['addons_path']``.
    """
    import odoo
    from odoo.tools import config

    bm = _bench_module(bench)
    db = bench.args.db
    data_dir = str(bm.ROOT / ".state" / "tc_bench")
    ours = config["addons_path"] or bm.server_settings()["addons_path"]
    base_paths = [p.strip() for p in ours.split(",") if p.strip()]
    addons_path = ",".join(base_paths + oca_addons_paths(data_dir, base_paths))
    state = bm.psql(
        f"SELECT state FROM ir_module_module WHERE name = '{OCA_MODULE}'", db=db
    )
    if state != "installed":
        print(f"  installing {OCA_MODULE} in {db} (separate odoo process)")
        try:
            bm.lib_sh(
                f"tc_odoo -d {db} -i {OCA_MODULE} --addons-path='{addons_path}' "
                f"--without-demo=all --stop-after-init --no-http "
                f"--max-cron-threads=0 --data-dir='{data_dir}' --log-level=warn"
            )
        except subprocess.CalledProcessError as exc:
            print(exc.stderr[-3000:], file=sys.stderr)
            raise
    config["addons_path"] = addons_path
    # A registry loaded before (without the OCA dir) may have cached "no
    # manifest" for the module: forget it, or the new registry skips it.
    odoo.modules.module._get_manifest_cached.cache_clear()
    bench.registry = odoo.modules.registry.Registry.new(db)
    return addons_path


def eligible_by_partner(env, company):
    """{partner: overdue open receivable lines}: what the policy should take.

    The same titles as our cron's ``_eligible_titles_sql`` on the bench's data
    (no status, no cheques, minimum delay 0), without the "in no open case"
    condition, so that it still holds after measurement 2 committed cases.
    """
    env["account.move.line"].flush_model()
    env.cr.execute(
        """SELECT aml.partner_id, count(*)
             FROM account_move_line aml
             JOIN account_account account ON account.id = aml.account_id
            WHERE aml.company_id = %s
              AND account.account_type = 'asset_receivable'
              AND aml.parent_state = 'posted'
              AND aml.reconciled IS NOT TRUE
              AND aml.amount_residual > 0
              AND aml.date_maturity < %s
              AND aml.partner_id IS NOT NULL
         GROUP BY aml.partner_id
         ORDER BY aml.partner_id""",
        [company.id, date.today()],
    )
    return dict(env.cr.fetchall())


def setup_policy(env, company, partner_ids=None):
    """One-level policy (letter, at the due date) on ``company``'s receivables.

    On the company (all its customers), or with ``partner_ids`` on those
    customers only.
    """
    accounts = env["account.account"].search(
        [
            ("company_ids", "in", company.id),
            ("account_type", "=", "asset_receivable"),
        ]
    )
    policy = env["credit.control.policy"].create(
        {
            "name": "Bench reminder",
            "company_id": company.id,
            "account_ids": [(6, 0, accounts.ids)],
            "level_ids": [
                (
                    0,
                    0,
                    {
                        "name": "Reminder",
                        "level": 1,
                        "computation_mode": "net_days",
                        "delay_days": 0,
                        "channel": "letter",
                        "email_template_id": env.ref(
                            "account_credit_control.email_template_credit_control_base"
                        ).id,
                        "custom_text": "Bench reminder",
                        "custom_mail_text": "<p>Bench reminder</p>",
                    },
                )
            ],
        }
    )
    if partner_ids is None:
        company.credit_policy_id = policy
    else:
        company.credit_policy_id = False
        env["res.partner"].browse(partner_ids).credit_policy_id = policy
    return env["credit.control.run"].create(
        {
            "date": date.today(),
            "company_id": company.id,
            "policy_ids": [(6, 0, policy.ids)],
        }
    )


def m3_credit_control(bench, info, max_titles=None):
    """OCA credit control run on the overdue titles, lines/s next to ours.

    Register it last in bench.py's MEASUREMENTS, wrapped in ``guarded``: it
    installs the OCA module in the benchmark database and replaces
    ``bench.registry``.
    """
    bm = _bench_module(bench)
    if max_titles is None:
        max_titles = int(os.environ.get("TC_BENCH_CC_MAX_TITLES", MAX_TITLES))
    install_oca(bench)
    with bench.registry.cursor() as cr:
        env = bench.env(cr)
        company = env["res.company"].browse(info["company"])
        counts = eligible_by_partner(env, company)
    eligible = sum(counts.values())
    partner_ids, expected = None, eligible
    if max_titles and eligible > max_titles:
        partner_ids, expected = [], 0
        big = info["big_partner"]
        for partner_id, count in sorted(counts.items(), key=lambda c: c[0] == big):
            if expected >= max_titles:
                break
            partner_ids.append(partner_id)
            expected += count

    def setup(env):
        company = env["res.company"].browse(info["company"])
        return setup_policy(env, company, partner_ids)

    def run(env, credit_run):
        credit_run.generate_credit_lines()
        lines = env["credit.control.line"].search_count(
            [("run_id", "=", credit_run.id)]
        )
        return {"lines_created": lines}

    extra = {
        "eligible": eligible,
        "eligible_partners": len(counts),
        "policy": "1 level, net days + 0, letter; company policy",
    }
    if partner_ids is not None:
        extra["policy"] = "1 level, net days + 0, letter; on the partners of the subset"
    row = bench.measure(
        "3 OCA credit control run", expected, run, setup=setup, unit="lines"
    )
    row.update(extra)
    lines = row.get("lines_created")
    if lines is not None and lines != expected:
        row["n"] = lines
        row["throughput"] = round(lines / row["median_s"], 1) if lines else None
    row["lines_vs_eligible"] = round(lines / expected, 4) if expected else None
    if lines:
        row["queries_per_line"] = round(row["queries"] / lines, 2)
    if partner_ids is not None and row["throughput"]:
        row["note"] = (
            f"subset: {len(partner_ids)} of {len(counts)} customers, {expected} of "
            f"{eligible} eligible titles (TC_BENCH_CC_MAX_TITLES={max_titles}); "
            f"a full run would take about {eligible / row['throughput']:.0f} s "
            f"at this rate (extrapolated per line)"
        )
    ours = next(
        (r for r in reversed(bm.RESULTS) if r.get("name") == "1 cron first run"),
        None,
    )
    if ours and ours.get("throughput") and row["throughput"]:
        row["ratio"] = round(ours["throughput"] / row["throughput"], 2)
        row["ratio_basis"] = "ours titles/s (1) / OCA lines/s, not interleaved"
        row["ours_titles"] = ours["n"]
    print(
        f"  OCA: {row.get('lines_created')} lines for {expected} eligible titles "
        f"({row['throughput']} lines/s, {row.get('queries_per_line')} queries/line)"
        + (f"; ours/OCA throughput = {row['ratio']}" if "ratio" in row else "")
        + (f"; {row['note']}" if "note" in row else ""),
        flush=True,
    )
    return row
