# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark of the telecobranca hot paths (issue 6). Not a test: run it by hand.

    python3 tests/bench/bench.py --titles 10000 --partners 2000 --repeat 3 \
        --json out.json

It uses the project's database server (setup/lib.sh), installs the addon once in
a template database (``--template``, reused afterwards), copies it to a throwaway
database (``--db``, dropped at the end unless ``--keep``), generates seeded data
with SQL, then measures each hot path ``--repeat`` times. Every repetition runs
in a fresh cursor that is rolled back, so all repetitions see the same data.
See README.md in this folder.
"""

import argparse
import cProfile
import json
import os
import pstats
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
import traceback
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from credit_control import m3_credit_control

ROOT = Path(__file__).resolve().parents[2]
ADDON = "telecobranca"


# ----------------------------------------------------------------------
# Environment: database server and databases
# ----------------------------------------------------------------------
def lib_sh(script):
    """Run ``script`` in bash after sourcing setup/lib.sh; return its stdout."""
    cmd = f"source '{ROOT}/setup/lib.sh' && tc_ensure_postgres >&2 && {script}"
    return subprocess.run(
        ["bash", "-c", cmd], check=True, capture_output=True, text=True, cwd=ROOT
    ).stdout


def server_settings():
    out = lib_sh('echo "$TC_PGHOST"; tc_addons_path').split("\n")
    return {"host": out[0].strip(), "addons_path": out[1].strip()}


def psql(sql, db="postgres"):
    return lib_sh(f'tc_psql -d {db} -tAc "{sql}"').strip()


def addon_fingerprint():
    """Hash of the addon's files: the template is rebuilt when it changes."""
    import hashlib

    digest = hashlib.sha1()
    for path in sorted((ROOT / "addons" / ADDON).rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def ensure_template(template, data_dir):
    fingerprint = addon_fingerprint()
    current = psql(
        f"SELECT shobj_description(oid, 'pg_database') FROM pg_database "
        f"WHERE datname = '{template}'"
    )
    if current == fingerprint:
        return
    if current or psql(f"SELECT 1 FROM pg_database WHERE datname = '{template}'"):
        print(f"The addon changed: rebuilding the template database {template}")
        drop_db(template, data_dir)
    print(f"Installing {ADDON} in the template database {template}...")
    lib_sh(
        f"tc_odoo -d {template} -i {ADDON} --without-demo=all --stop-after-init "
        f"--max-cron-threads=0 --data-dir='{data_dir}' --log-level=warn"
    )
    psql(f"COMMENT ON DATABASE {template} IS '{fingerprint}'")


def create_db(template, db, data_dir):
    drop_db(db, data_dir)
    psql(f"CREATE DATABASE {db} TEMPLATE {template}")
    src = Path(data_dir, "filestore", template)
    if src.exists():
        shutil.copytree(src, Path(data_dir, "filestore", db))


def drop_db(db, data_dir):
    psql(f"DROP DATABASE IF EXISTS {db}")
    shutil.rmtree(Path(data_dir, "filestore", db), ignore_errors=True)


DURABLE_SETTINGS = ("fsync", "synchronous_commit", "full_page_writes")
SERVER_FACTS = (
    "server_version",
    *DURABLE_SETTINGS,
    "shared_buffers",
    "work_mem",
    "effective_cache_size",
    "max_connections",
)


def server_facts():
    return {name: psql(f"SHOW {name}") for name in SERVER_FACTS}


def set_durable(on, previous=None):
    """Durable settings on the benchmark's own server (``ALTER SYSTEM`` and a
    reload), or back to ``previous`` (what the first call returned)."""
    if on:
        previous = {name: psql(f"SHOW {name}") for name in DURABLE_SETTINGS}
        for name in DURABLE_SETTINGS:
            psql(f"ALTER SYSTEM SET {name} = on")
    else:
        for name in DURABLE_SETTINGS:
            psql(f"ALTER SYSTEM RESET {name}")
    psql("SELECT pg_reload_conf()")
    time.sleep(1)
    now = {name: psql(f"SHOW {name}") for name in DURABLE_SETTINGS}
    print(f"PostgreSQL durable settings {'on' if on else 'restored'}: {now}")
    if not on and previous and now != previous:
        print(f"  WARNING: expected {previous}", file=sys.stderr)
    return previous


# ----------------------------------------------------------------------
# Measuring
# ----------------------------------------------------------------------
RESULTS = []


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def queries():
    import odoo.sql_db

    return odoo.sql_db.sql_counter


class Bench:
    def __init__(self, registry, repeat, profile=()):
        self.registry = registry
        self.repeat = repeat
        self.profile = profile

    def env(self, cr):
        import odoo

        return odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})

    def measure(self, name, n, run, setup=None, unit="items", extra=None):
        """Time ``run(env, state)`` ``repeat`` times, each in a rolled back cursor.

        ``setup(env)`` (not timed) returns ``state``. ``run`` may return a
        dict merged into the result (e.g. batches).
        """
        times, counts, info = [], [], {}
        for _rep in range(self.repeat):
            with self.registry.cursor() as cr:
                env = self.env(cr)
                state = setup(env) if setup else None
                env.flush_all()
                profiler = None
                if _rep == 0 and any(name.startswith(k) for k in self.profile):
                    profiler = cProfile.Profile()
                    profiler.enable()
                q0, t0 = queries(), time.perf_counter()
                out = run(env, state)
                env.flush_all()
                times.append(time.perf_counter() - t0)
                if profiler:
                    profiler.disable()
                    stats = pstats.Stats(profiler, stream=sys.stdout)
                    print(f"  --- profile of {name} (cumulative, top 30)")
                    only = os.environ.get("BENCH_PROFILE_FILTER", "")
                    stats.sort_stats("cumulative").print_stats(only, 30)
                    print(f"  --- profile of {name} (own time, top 20)")
                    stats.sort_stats("tottime").print_stats(20)
                counts.append(queries() - q0)
                info.update(out or {})
                cr.rollback()
        return self.record(name, n, times, counts, unit, {**info, **(extra or {})})

    def record(self, name, n, times, counts, unit="items", info=None):
        med = statistics.median(times)
        row = {
            "name": name,
            "n": n,
            "median_s": round(med, 4),
            "min_s": round(min(times), 4),
            "max_s": round(max(times), 4),
            "queries": int(statistics.median(counts)) if counts else None,
            "throughput": round(n / med, 1) if med and n else None,
            "unit": f"{unit}/s",
            "peak_rss_mb": round(rss_mb(), 1),
            **(info or {}),
        }
        RESULTS.append(row)
        print(
            f"  {name}: median {med:.3f}s min {min(times):.3f}s max {max(times):.3f}s "
            f"queries {row['queries']} {row['throughput']} {row['unit']} "
            f"rss {row['peak_rss_mb']} MB {info or ''}",
            flush=True,
        )
        return row


def guarded(func):
    def wrapper(*args, **kwargs):
        print(f"== {func.__name__}", flush=True)
        try:
            return func(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 (one failure must not stop the rest)
            traceback.print_exc()
            RESULTS.append({"name": func.__name__, "error": repr(exc)})
            return None

    wrapper.__name__ = func.__name__
    return wrapper


# ----------------------------------------------------------------------
# Data generation (SQL, seeded)
# ----------------------------------------------------------------------
def generate(registry, args):
    """Partners, posted entries whose receivable lines are titles, one big partner.

    Committed: the database is throwaway.
    """
    from odoo.tools import SQL

    rnd = random.Random(args.seed)
    t0 = time.perf_counter()
    with registry.cursor() as cr:
        import odoo

        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        company = env.ref("base.main_company")
        if not company.chart_template:
            env["account.chart.template"].try_loading("br", company, install_demo=False)
        company.write(
            {
                "telecobranca_auto_open": True,
                "telecobranca_email_on_open": False,
                "telecobranca_min_days_overdue": 0,
            }
        )
        journal = env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "general")], limit=1
        )
        receivable = env["account.account"].search(
            [
                ("company_ids", "in", company.id),
                ("account_type", "=", "asset_receivable"),
            ],
            limit=1,
        )
        income = env["account.account"].search(
            [("company_ids", "in", company.id), ("account_type", "=", "income")],
            limit=1,
        )
        form = env["telecobranca.payment.form"].search(
            [("kind", "=", "boleto")], limit=1
        )
        env.flush_all()
        uid, cur = odoo.SUPERUSER_ID, company.currency_id.id
        # partners: n small ones and one with --big-titles titles
        cr.execute(
            SQL(
                """INSERT INTO res_partner (name, complete_name, active, type,
                       is_company, lang, autopost_bills, create_uid, write_uid,
                       create_date, write_date, street, city, zip, country_id,
                       state_id, vat)
                   SELECT 'Bench Customer ' || n, 'Bench Customer ' || n, TRUE,
                          'contact', TRUE, 'en_US', 'ask', %(uid)s, %(uid)s,
                          now(), now(), 'Rua das Flores, ' || n, 'São Paulo',
                          '01001-000', %(country)s, %(state)s, '11.222.333/0001-81'
                     FROM generate_series(0, %(n)s) n
                RETURNING id""",
                uid=uid,
                n=args.partners,
                country=env.ref("base.br").id,
                state=env.ref("base.state_br_sp").id,
            )
        )
        partner_ids = sorted(r[0] for r in cr.fetchall())
        cr.execute(
            "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)",
            [partner_ids],
        )
        big, small = partner_ids[0], partner_ids[1:]
        # titles per partner, the remainder spread; one move per partner
        per = [args.titles // len(small)] * len(small)
        for i in range(args.titles - sum(per)):
            per[i] += 1
        plan = [(big, args.big_titles)] + list(zip(small, per, strict=True))
        today = date.today()
        move_rows = []  # like invoices: at most --lines-per-move titles a move
        for partner_id, count in plan:
            while count > 0:
                size = min(count, args.lines_per_move)
                count -= size
                seq = len(move_rows) + 1
                move_rows.append((f"BENCH/{seq:07d}", partner_id, seq, size))
        names = [m[0] for m in move_rows]
        cr.execute(
            SQL(
                """INSERT INTO account_move (name, journal_id, company_id,
                       currency_id, date, state, move_type, auto_post, partner_id,
                       commercial_partner_id, sequence_prefix, sequence_number,
                       create_uid, write_uid, create_date, write_date)
                   SELECT new.name, %(journal)s, %(company)s, %(cur)s, %(date)s,
                          'posted', 'entry', 'no', new.partner_id, new.partner_id,
                          'BENCH/', new.seq, %(uid)s, %(uid)s, now(), now()
                     FROM unnest(%(names)s::varchar[], %(partners)s::int[],
                                 %(seqs)s::int[]) AS new(name, partner_id, seq)
                RETURNING id, name""",
                journal=journal.id,
                company=company.id,
                cur=cur,
                date=today - timedelta(days=400),
                uid=uid,
                names=names,
                partners=[m[1] for m in move_rows],
                seqs=[m[2] for m in move_rows],
            )
        )
        move_by_name = {name: mid for mid, name in cr.fetchall()}
        cols = {
            k: []
            for k in (
                "move",
                "partner",
                "account",
                "balance",
                "maturity",
                "title",
                "dtype",
                "number",
                "name",
            )
        }

        def add(move, partner, account, balance, maturity, title, dtype, number, name):
            for key, val in zip(
                cols,
                (move, partner, account, balance, maturity, title, dtype, number, name),
                strict=True,
            ):
                cols[key].append(val)

        for name, partner_id, _seq, count in move_rows:
            move_id = move_by_name[name]
            days = sorted(rnd.randint(5, 390) for _ in range(count))
            total = 0.0
            for n, day in enumerate(reversed(days), start=1):
                amount = round(rnd.uniform(50, 5000), 2)
                total += amount
                add(
                    move_id,
                    partner_id,
                    receivable.id,
                    amount,
                    today - timedelta(days=day),
                    True,
                    "payment_term",
                    f"{name}-{n}/{count}",
                    f"{name} installment {n}",
                )
            add(
                move_id,
                partner_id,
                income.id,
                -round(total, 2),
                None,
                False,
                "product",
                None,
                name,
            )
        cr.execute(
            SQL(
                """INSERT INTO account_move_line (move_id, journal_id, company_id,
                       company_currency_id, currency_id, account_id, partner_id,
                       name, date, parent_state, display_type, balance, debit,
                       credit, amount_currency, amount_residual,
                       amount_residual_currency, reconciled, date_maturity,
                       is_title, is_forecast, title_number, payment_form_id,
                       create_uid, write_uid, create_date, write_date)
                   SELECT new.move, %(journal)s, %(company)s, %(cur)s, %(cur)s,
                          new.account, new.partner, new.name, %(date)s, 'posted',
                          new.dtype, new.balance, GREATEST(new.balance, 0),
                          GREATEST(-new.balance, 0), new.balance, new.balance,
                          new.balance, FALSE, new.maturity, new.title, FALSE,
                          new.number, CASE WHEN new.title THEN %(form)s END,
                          %(uid)s, %(uid)s, now(), now()
                     FROM unnest(%(move)s::int[], %(partner)s::int[],
                                 %(account)s::int[], %(balance)s::numeric[],
                                 %(maturity)s::date[], %(title)s::bool[],
                                 %(dtype)s::varchar[], %(number)s::varchar[],
                                 %(name)s::varchar[])
                          AS new(move, partner, account, balance, maturity, title,
                                 dtype, number, name)""",
                journal=journal.id,
                company=company.id,
                cur=cur,
                date=today - timedelta(days=400),
                form=form.id or None,
                uid=uid,
                **cols,
            )
        )
        cr.execute(
            """UPDATE account_move move
                  SET amount_total = t.total, amount_total_signed = t.total,
                      amount_untaxed = t.total, amount_untaxed_signed = t.total,
                      amount_residual = t.total, amount_residual_signed = t.total
                 FROM (SELECT move_id, sum(balance) total FROM account_move_line
                        WHERE balance > 0 GROUP BY move_id) t
                WHERE t.move_id = move.id AND move.name LIKE 'BENCH/%'"""
        )
        cr.execute("ANALYZE account_move_line")
        cr.execute("ANALYZE res_partner")
        cr.commit()
        info = {
            "company": company.id,
            "big_partner": big,
            "journal": journal.id,
            "form": form.id,
        }
    print(
        f"Generated {len(small)} partners + 1 big ({args.big_titles} titles), "
        f"{args.titles + args.big_titles} titles in {time.perf_counter() - t0:.1f}s",
        flush=True,
    )
    return info


# ----------------------------------------------------------------------
# Measurements
# ----------------------------------------------------------------------
def eligible_count(env, company):
    """(eligible titles, their customers) of ``company``."""
    from odoo.tools import SQL

    opening = env["telecobranca.case.opening"]
    opening._flush_for_opening()
    env.cr.execute(
        SQL(
            "SELECT count(*), count(DISTINCT partner_id) FROM (%s) e",
            opening._eligible_titles_sql(company),
        )
    )
    return env.cr.fetchone()


@guarded
def m1_cron_first_run(bench, info):
    with bench.registry.cursor() as cr:
        env = bench.env(cr)
        titles, partners = eligible_count(
            env, env["res.company"].browse(info["company"])
        )
    batch = env["telecobranca.case.opening"]._batch_size
    batches = -(-partners // batch)

    def run(env, _state):
        done = env["telecobranca.case.opening"]._run(
            companies=env["res.company"].browse(info["company"])
        )
        return {"customers_done": done}

    row = bench.measure(
        "1 cron first run",
        titles,
        run,
        unit="titles",
        extra={"partners": partners, "batches": batches},
    )
    row["queries_per_batch"] = round(row["queries"] / batches, 1)
    return row


@guarded
def m2_cron_rerun(bench, info):
    """Commits a first run (the database is throwaway), then times re-runs."""
    with bench.registry.cursor() as cr:
        env = bench.env(cr)
        t0 = time.perf_counter()
        env["telecobranca.case.opening"]._run(
            companies=env["res.company"].browse(info["company"])
        )
        cr.commit()
        print(f"  committed first run in {time.perf_counter() - t0:.1f}s")

    def run(env, _state):
        env["telecobranca.case.opening"]._run(
            companies=env["res.company"].browse(info["company"])
        )

    return bench.measure("2 cron re-run, nothing new", 1, run, unit="runs")


FIRST_RUNS = ("1 cron first run", "1c cron first run")


def set_ratio(row, value, basis):
    """The row's ratio to its floor or peer, shown in the table."""
    row["ratio"] = value
    row["ratio_basis"] = basis


def floor_statement(env, company_id):
    """The floor: one plain SQL ``INSERT…SELECT`` of the cases and case
    lines our cron creates (no summary message, no claim, no lock)."""
    from odoo.tools import SQL

    company = env["res.company"].browse(company_id)
    opening = env["telecobranca.case.opening"]
    # no open case yet (measured before 2): the cheapest eligibility query,
    # without the exclusion of titles in an open case
    eligible = opening._eligible_titles_sql(company, in_case=True)
    env.cr.execute(
        SQL(
            """WITH cases AS (
                   INSERT INTO telecobranca_case (name, partner_id, company_id,
                          state, next_date, opened_by, create_uid, create_date,
                          write_uid, write_date)
                   SELECT 'FLOOR' || p.partner_id, p.partner_id, %(company)s,
                          'open', CURRENT_DATE, 'cron', 1, now(), 1, now()
                     FROM (SELECT DISTINCT partner_id FROM (%(eligible)s) e) p
                RETURNING id, partner_id)
               INSERT INTO telecobranca_case_line (case_id, move_line_id,
                      company_id, partner_id, date_maturity, is_open, date_added,
                      create_uid, create_date, write_uid, write_date)
               SELECT cases.id, e.line_id, %(company)s, e.partner_id,
                      e.date_maturity, TRUE, now(), 1, now(), 1, now()
                 FROM (%(eligible)s) e JOIN cases USING (partner_id)""",
            company=company.id,
            eligible=eligible,
        )
    )


@guarded
def m4_sql_floor(bench, info):
    def run(env, _state):
        floor_statement(env, info["company"])

    with bench.registry.cursor() as cr:
        titles, _p = eligible_count(
            bench.env(cr), bench.env(cr)["res.company"].browse(info["company"])
        )
    row = bench.measure("4 SQL INSERT...SELECT floor", titles, run, unit="titles")
    first = next(
        (r for r in reversed(RESULTS) if r.get("name", "").startswith(FIRST_RUNS)),
        None,
    )
    if first and "median_s" in first:
        row["ratio_ours_floor"] = round(first["median_s"] / row["median_s"], 2)
        set_ratio(row, row["ratio_ours_floor"], f"{first['name'][:2].strip()}/floor")
        if not first.get("ratio"):  # 1c has its own, paired
            first["ratio_ours_floor"] = row["ratio_ours_floor"]
            set_ratio(first, row["ratio_ours_floor"], "ours/floor (4)")
        print(f"  ours/floor = {row['ratio_ours_floor']}")
    return row


PARTNER_SPEC = {
    "display_name": {},
    "telecobranca_title_count": {},
    "telecobranca_open_amount": {},
    "telecobranca_overdue_amount": {},
    "telecobranca_overdue_count": {},
    "telecobranca_currency_id": {"fields": {"display_name": {}}},
    "telecobranca_open_case_count": {},
    "telecobranca_case_ids": {
        "fields": {
            f: {}
            for f in (
                "name",
                "user_id",
                "next_date",
                "amount_overdue",
                "note_count",
                "state",
            )
        }
        | {"stage_id": {"fields": {"display_name": {}}}},
        "limit": 40,
    },
    "telecobranca_note_ids": {
        "fields": {
            f: {} for f in ("date", "author_id", "body", "next_date", "origin", "state")
        },
        "limit": 40,
    },
}
TITLE_FIELDS = {
    f: {}
    for f in (
        "title_number",
        "invoice_date",
        "date_maturity",
        "days_overdue",
        "balance",
        "amount_residual",
        "is_forecast",
        "company_currency_id",
        "reconciled",
    )
} | {
    "payment_form_id": {"fields": {"display_name": {}}},
    "collection_status_id": {"fields": {"display_name": {}}},
    "company_id": {"fields": {"display_name": {}}},
}


@guarded
def m5_partner_section(bench, info):
    def run_form(env, _state):
        partner = env["res.partner"].browse(info["big_partner"])
        spec = dict(PARTNER_SPEC)
        spec["telecobranca_title_ids"] = {"fields": TITLE_FIELDS, "limit": 40}
        partner.web_read(spec)

    def run_all(env, _state):
        partner = env["res.partner"].browse(info["big_partner"])
        spec = dict(PARTNER_SPEC)
        spec["telecobranca_title_ids"] = {"fields": TITLE_FIELDS}
        partner.web_read(spec)

    n = bench.args.big_titles
    bench.measure("5 partner section (form, 40 rows)", n, run_form, unit="titles")
    bench.measure("5b partner section (all rows)", n, run_all, unit="titles")


BOLETO_KW = {
    "agency": "1234",
    "account": "99999",
    "account_digit": "7",
    "wallet": "17",
    "agreement": "1234567",
}


@guarded
def m7_boleto_compute(bench, _info):
    from odoo.addons.telecobranca.tools import boleto

    n = bench.args.boletos
    due = date.today() + timedelta(days=30)
    times = []
    for _rep in range(bench.repeat):
        t0 = time.perf_counter()
        for i in range(n):
            boleto.compute(
                "001",
                nosso_numero=f"{i:010d}",
                due_date=due,
                amount=Decimal(i % 100000 + 1) / 100,
                **BOLETO_KW,
            )
        times.append(time.perf_counter() - t0)
    return bench.record(
        "7 boleto.compute (pure)", n, times, [0] * len(times), "boletos"
    )


def setup_bank_account(env, info):
    company = env["res.company"].browse(info["company"])
    account = env["res.partner.bank"].search(
        [("acc_number", "=", "BENCH-99999-7")], limit=1
    )
    if account:
        return account
    company.write(
        {
            "vat": "11.222.333/0001-81",
            "city": "São Paulo",
            "street": "Avenida Paulista, 1000",
            "zip": "01310-100",
            "country_id": env.ref("base.br").id,
            "state_id": env.ref("base.state_br_sp").id,
        }
    )
    bank_journal = env["account.journal"].search(
        [("company_id", "=", company.id), ("type", "=", "bank")], limit=1
    )
    revenue = env["account.account"].search(
        [("company_ids", "in", company.id), ("account_type", "=", "income")], limit=1
    )
    expense = env["account.account"].search(
        [("company_ids", "in", company.id), ("account_type", "=", "expense")], limit=1
    )
    # Work-around: without an outstanding receipts account (generic chart),
    # the CNAB import books a line without account (see README, findings).
    outstanding = env["account.account"].create(
        {
            "name": "Bench Outstanding Receipts",
            "code": "109999",
            "account_type": "asset_current",
            "reconcile": True,
        }
    )
    bank_journal.inbound_payment_method_line_ids.payment_account_id = outstanding
    account = env["res.partner.bank"].create(
        {
            "acc_number": "BENCH-99999-7",
            "partner_id": company.partner_id.id,
            "boleto_enabled": True,
            "boleto_bank_code": "001",
            "boleto_agency": "1234",
            "boleto_account": "99999",
            "boleto_account_digit": "7",
            "boleto_wallet": "17",
            "boleto_agreement": "1234567",
            "boleto_layout": "hybrid",
            "boleto_fine_percent": 2.0,
            "boleto_interest_percent": 1.0,
            "boleto_integration": "cnab",
            "boleto_journal_id": bank_journal.id,
            "boleto_interest_account_id": revenue.id,
            "boleto_discount_account_id": expense.id,
            "boleto_fee_account_id": expense.id,
            "proxy_type": "br_random",
            "proxy_value": "123e4567-e89b-42d3-a456-426614174000",
        }
    )
    company.telecobranca_boleto_bank_account_id = account
    return account


def open_titles(env, info, limit, offset=0, exclude_big=True):
    domain = [
        ("company_id", "=", info["company"]),
        ("is_title", "=", True),
        ("reconciled", "=", False),
        ("parent_state", "=", "posted"),
    ]
    if exclude_big:
        domain.append(("partner_id", "!=", info["big_partner"]))
    return env["account.move.line"].search(
        domain, limit=limit, offset=offset, order="id"
    )


@guarded
def m7_boleto_pdf(bench, info):
    with bench.registry.cursor() as cr:  # committed set-up: issue the boletos
        env = bench.env(cr)
        account = setup_bank_account(env, info)
        titles = open_titles(env, info, 200)
        t0 = time.perf_counter()
        q0 = queries()
        titles._telecobranca_issue_boleto(account)
        env.flush_all()
        bench.record(
            "7 issue 200 boletos (ORM)",
            len(titles),
            [time.perf_counter() - t0],
            [queries() - q0],
            "boletos",
        )
        ids = titles.ids
        cr.commit()

    def run(env, _state):
        content, _kind = (
            env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("telecobranca.action_report_boleto", ids)
        )
        assert content.startswith(b"%PDF")
        return {"pdf_bytes": len(content)}

    return bench.measure("7 200 boletos to one PDF", len(ids), run, unit="boletos")


@guarded
def m8_cnab_import(bench, info):
    sys.path.insert(0, str(ROOT / "addons" / ADDON / "tests"))
    from odoo.addons.telecobranca.tests.test_cnab import return_file

    n = bench.args.cnab_records
    with bench.registry.cursor() as cr:  # committed set-up: issue the boletos
        env = bench.env(cr)
        account = setup_bank_account(env, info)
        titles = open_titles(env, info, n, offset=200)
        t0 = time.perf_counter()
        titles._telecobranca_issue_boleto(account)
        env.flush_all()
        print(f"  issued {len(titles)} boletos in {time.perf_counter() - t0:.1f}s")
        records = [
            {
                "code": "06",
                "nosso_numero": title._boleto_cnab_nosso_numero(),
                "amount": Decimal(str(title.boleto_amount)).quantize(Decimal("0.01")),
                "paid": Decimal(str(title.boleto_amount)).quantize(Decimal("0.01")),
            }
            for title in titles
        ]
        account_id = account.id
        cr.commit()
    content = return_file(records)

    def run(env, _state):
        log = env["telecobranca.cnab.return"]._import_file(
            env["res.partner.bank"].browse(account_id), content, "BENCH.RET"
        )
        return {"log_state": log.state if "state" in log._fields else None}

    return bench.measure(
        "8 CNAB 240 return import (paid)", len(records), run, unit="records"
    )


def cnab400_return_file(records, agency="1234", account="99999", agreement="1234567"):
    """A Banco do Brasil CNAB 400 return (detail type 7) of ``records``
    ({nosso_numero, amount, paid}), written with tools/cnab400's layouts."""
    from datetime import date

    from odoo.addons.telecobranca.tools import cnab240, cnab400

    bank = cnab400.BANCO_DO_BRASIL
    credit = date(2025, 7, 4)
    lines = [
        cnab240.write_record(
            bank.header,
            {
                "record_type": "0",
                "file_code": "2",
                "literal": "RETORNO",
                "agency": agency,
                "account": account.zfill(8),
                "bank": "001",
                "bank_name": "BANCO DO BRASIL",
                "generation_date": credit,
                "file_sequence": 8,
                "agreement": agreement,
            },
        )
    ]
    for record in records:
        lines.append(
            cnab240.write_record(
                bank.detail,
                {
                    "record_type": "7",
                    "nosso_numero": record["nosso_numero"],
                    "occurrence_code": "06",
                    "occurrence_date": credit,
                    "nominal_amount": record["amount"],
                    "paid_amount": record["paid"],
                    "credit_date": credit,
                },
            )
        )
    lines.append("9")
    return "".join(
        f"{line.ljust(400)[:394]}{number:06d}\r\n"
        for number, line in enumerate(lines, 1)
    ).encode("ascii")


@guarded
def m8b_cnab400_import(bench, info):
    """Measurement 8 in CNAB 400 (Banco do Brasil's layout): the titles after
    the ones measurement 8 pays, so both run on one database."""
    n = bench.args.cnab_records
    with bench.registry.cursor() as cr:  # committed set-up: issue the boletos
        env = bench.env(cr)
        account = env["res.partner.bank"].search(
            [("acc_number", "=", "BENCH-99999-7")], limit=1
        ) or setup_bank_account(env, info)
        titles = open_titles(env, info, n, offset=200 + n)
        t0 = time.perf_counter()
        titles._telecobranca_issue_boleto(account)
        env.flush_all()
        print(f"  issued {len(titles)} boletos in {time.perf_counter() - t0:.1f}s")
        records = [
            {
                "nosso_numero": title._boleto_cnab_nosso_numero(),
                "amount": Decimal(str(title.boleto_amount)).quantize(Decimal("0.01")),
                "paid": Decimal(str(title.boleto_amount)).quantize(Decimal("0.01")),
            }
            for title in titles
        ]
        account_id = account.id
        cr.commit()
    content = cnab400_return_file(records)

    def run(env, _state):
        log = env["telecobranca.cnab.return"]._import_file(
            env["res.partner.bank"].browse(account_id), content, "BENCH400.RET"
        )
        assert log.layout == "400" and log.paid_count == len(records), log.state
        return {"log_state": log.state}

    return bench.measure(
        "8b CNAB 400 return import (paid)", len(records), run, unit="records"
    )


# ---- 8c: CNAB return import in the background (issue 15) ----------------
def batched_return_file(records, sequence, size=10000):
    """A CNAB 240 return of ``records`` in batches of ``size`` (a batch
    numbers its records on 5 digits: at most 49 999 T/U pairs), each batch
    written by tests/test_cnab.return_file."""
    from odoo.addons.telecobranca.tests.test_cnab import return_file
    from odoo.addons.telecobranca.tools import cnab240

    lines = []
    for index in range(0, len(records), size):
        one = return_file(records[index : index + size], sequence=sequence)
        one = one.decode("latin-1").split("\r\n")[:-1]
        lines = lines or one[:1]  # the file header
        batch = f"{index // size + 1:04d}"
        lines += [line[:3] + batch + line[7:] for line in one[1:-1]]
    lines.append(
        cnab240.write_record(
            cnab240.FILE_TRAILER,
            {
                "bank": "001",
                "batch_count": -(-len(records) // size),
                "record_count": len(lines) + 1,
            },
        )
    )
    return ("\r\n".join(lines) + "\r\n").encode("latin-1")


@guarded
def m8c_cnab_background(bench, info):
    """CNAB 240 returns of ``--cnab-background`` sizes (e.g. 10000,50000) of
    "paid" records imported the way a big file is: ``_upload_file`` queues it,
    then ``_cron_import_queued`` runs, one committed transaction per chunk,
    until nothing is left. Timed: upload and every chunk with its commit.
    Each size pays its own titles (after those of 8 and 8b)."""

    sizes = [int(n) for n in bench.args.cnab_background.split(",")]
    offset = 200 + 2 * bench.args.cnab_records
    for n in sizes:
        with bench.registry.cursor() as cr:  # committed set-up: issue the boletos
            env = bench.env(cr)
            account = env["res.partner.bank"].search(
                [("acc_number", "=", "BENCH-99999-7")], limit=1
            ) or setup_bank_account(env, info)
            account._telecobranca_company().telecobranca_cnab_background_records = 1000
            titles = open_titles(env, info, n, offset=offset)
            t0 = time.perf_counter()
            titles.filtered(
                lambda title: not title.boleto_nosso_numero
            )._telecobranca_issue_boleto(account)
            env.flush_all()
            print(f"  issued {len(titles)} boletos in {time.perf_counter() - t0:.1f}s")
            records = [
                {
                    "code": "06",
                    "nosso_numero": title._boleto_cnab_nosso_numero(),
                    "amount": Decimal(str(title.boleto_amount)).quantize(
                        Decimal("0.01")
                    ),
                    "paid": Decimal(str(title.boleto_amount)).quantize(Decimal("0.01")),
                }
                for title in titles
            ]
            account_id, title_ids = account.id, titles.ids
            n = len(titles)  # as many as there are open titles left
            # a new remittance number: an account's number is imported once
            sequence = 100 + env["telecobranca.cnab.return"].search_count([])
            cr.commit()
        # the titles just paid leave the open titles: the next size's follow
        content = batched_return_file(records, sequence=sequence)
        chunks, q0, t0 = [], queries(), time.perf_counter()
        with bench.registry.cursor() as cr:
            env = bench.env(cr)
            log = env["telecobranca.cnab.return"]._upload_file(
                env["res.partner.bank"].browse(account_id), content, f"BG{n}.RET"
            )
            log_id = log.id
            cr.commit()
        upload_s = time.perf_counter() - t0
        while True:
            c0 = time.perf_counter()
            with bench.registry.cursor() as cr:
                done = bench.env(cr)["telecobranca.cnab.return"]._cron_import_queued()
                cr.commit()
            if not done:
                break
            chunks.append(round(time.perf_counter() - c0, 3))
        elapsed, count = time.perf_counter() - t0, queries() - q0
        with bench.registry.cursor() as cr:
            env = bench.env(cr)
            log = env["telecobranca.cnab.return"].browse(log_id)
            paid = env["account.move.line"].browse(title_ids).filtered("reconciled")
            state, paid_count = log.state, log.paid_count
        assert state == "done" and paid_count == n == len(paid), (state, paid_count)
        per = len(chunks) // 5 or 1
        bench.record(
            "8c CNAB 240 return import in the background (paid)",
            n,
            [elapsed],
            [count],
            "records",
            {
                "log_state": state,
                "upload_s": round(upload_s, 3),
                "chunks": len(chunks),
                "chunk_s_first_fifth": round(statistics.mean(chunks[:per]), 3),
                "chunk_s_last_fifth": round(statistics.mean(chunks[-per:]), 3),
            },
        )


@guarded
def m6_renegotiation(bench, info):
    from odoo import Command

    with bench.registry.cursor() as cr:  # committed set-up
        env = bench.env(cr)
        company = env["res.company"].browse(info["company"])
        revenue = env["account.account"].search(
            [("company_ids", "in", company.id), ("account_type", "=", "income")],
            limit=1,
        )
        expense = env["account.account"].search(
            [("company_ids", "in", company.id), ("account_type", "=", "expense")],
            limit=1,
        )
        company.write(
            {
                "telecobranca_fine_percent": 2.0,
                "telecobranca_interest_percent": 1.0,
                "telecobranca_grace_days": 0,
                "telecobranca_fine_account_id": revenue.id,
                "telecobranca_interest_account_id": revenue.id,
                "telecobranca_discount_account_id": expense.id,
            }
        )
        term = env["account.payment.term"].create(
            {
                "name": "Bench 36x",
                "line_ids": [
                    Command.create(
                        {
                            "value": "percent",
                            "value_amount": 100.0 / 36
                            if i < 35
                            else 100 - 35 * round(100.0 / 36, 6),
                            "nb_days": 30 * (i + 1),
                        }
                    )
                    for i in range(36)
                ],
            }
        )
        term_id = term.id
        cr.commit()

    def run(env, _state):
        titles = env["account.move.line"].search(
            [
                ("partner_id", "=", info["big_partner"]),
                ("is_title", "=", True),
                ("reconciled", "=", False),
            ],
            limit=200,
            order="id",
        )
        reneg = env["telecobranca.renegotiation"].create(
            {
                "partner_ids": [Command.set([info["big_partner"]])],
                "line_ids": [Command.create({"move_line_id": t.id}) for t in titles],
                "payment_term_id": term_id,
                "date": date.today(),
            }
        )
        reneg.action_compute_installments()
        reneg.action_confirm()
        assert reneg.state == "done", reneg.state
        return {"installments": len(reneg.installment_ids)}

    return bench.measure("6 renegotiation 200 titles -> 36", 200, run, unit="titles")


@guarded
def mc_cadence_run(bench, info):
    """The dunning cadence's daily run on (about) every open title.

    Committed set-up (the database is throwaway): the customers' cases are
    opened (each message leaves a note on its case, as in production), the
    generated customers get an e-mail address, the company an e-mail address
    and no weekly limit (``telecobranca_cadence_weekly_limit = 0``); the
    cadences of the data file are paused and archived and a running default
    cadence (calendar days) gets one e-mail step (template
    ``telecobranca.mail_template_cadence_overdue``, no boleto attached) per
    distinct due date of the open titles. The run date is the earliest due
    date + 365 days (the widest offset), each step's offset is the run date
    minus its due date (from -20 to 365 days on the generated data), so that
    every open title is due for one step that day: one message per customer
    and due date. The run is timed with that explicit date (the sending hour
    does not apply), rolled back per repetition.
    """
    from odoo import Command
    from odoo.tools import SQL

    from odoo.addons.telecobranca.models.telecobranca_cadence import (
        MAX_OFFSET,
        MESSAGE_BATCH,
    )

    with bench.registry.cursor() as cr:
        env = bench.env(cr)
        company = env["res.company"].browse(info["company"])
        t0 = time.perf_counter()
        env["telecobranca.case.opening"]._run(companies=company)
        env.flush_all()
        cr.execute(
            """UPDATE res_partner SET email = 'bench' || id || '@example.com'
                WHERE name LIKE %s AND email IS NULL""",
            ["Bench Customer %"],
        )
        env.invalidate_all()
        company.write(
            {
                "email": company.email or "bench-company@example.com",
                "telecobranca_cadence_weekly_limit": 0,
            }
        )
        Cadence = env["telecobranca.cadence"]
        Cadence.search([("company_id", "=", company.id)]).write(
            {"paused": True, "active": False}
        )
        due_dates = [
            row[0]
            for row in env.execute_query(
                SQL(
                    """SELECT DISTINCT date_maturity FROM account_move_line
                        WHERE company_id = %s AND is_title AND NOT reconciled
                          AND parent_state = 'posted' ORDER BY 1""",
                    company.id,
                )
            )
        ]
        run_date = due_dates[0] + timedelta(days=MAX_OFFSET)
        template = env.ref("telecobranca.mail_template_cadence_overdue")
        cadence = Cadence.create(
            {
                "name": "Bench cadence",
                "company_id": company.id,
                "is_default": True,
                "paused": False,
                "day_count": "calendar",
                "step_ids": [
                    Command.create(
                        {
                            "name": f"Bench {(run_date - due).days:+d} days",
                            "offset_days": (run_date - due).days,
                            "channel": "email",
                            "mail_template_id": template.id,
                            "attach_boleto": False,
                        }
                    )
                    for due in due_dates
                ],
            }
        )
        env.flush_all()
        titles, messages = env.execute_query(
            SQL(
                """SELECT count(*), count(DISTINCT (d.partner_id, d.step_id))
                     FROM (%s) AS d(step_id, line_id, partner_id)""",
                Cadence._due_titles_sql(company, run_date),
            )
        )[0]
        offsets = cadence.step_ids.mapped("offset_days")
        cr.commit()
        print(
            f"  set-up in {time.perf_counter() - t0:.1f}s: {len(offsets)} steps "
            f"(offsets {min(offsets)}..{max(offsets)} days), run date {run_date}, "
            f"{titles} titles due, {messages} messages",
            flush=True,
        )

    def run(env, _state):
        done = env["telecobranca.cadence"]._run(
            date=run_date, companies=env["res.company"].browse(info["company"])
        )
        return {"messages": done}

    row = bench.measure(
        "C cadence run",
        titles,
        run,
        unit="titles",
        extra={
            "steps": len(offsets),
            "run_date": str(run_date),
            "messages_expected": messages,
        },
    )
    row["messages_per_s"] = round(row["messages"] / row["median_s"], 1)
    batches = max(-(-row["messages"] // MESSAGE_BATCH), 1)
    row["queries_per_batch"] = round(row["queries"] / batches, 1)
    print(
        f"  {row['messages_per_s']} messages/s, {row['queries_per_batch']} queries "
        f"per batch of {MESSAGE_BATCH} messages ({batches} batches)",
        flush=True,
    )
    return row


# ----------------------------------------------------------------------
# Reliability under load
# ----------------------------------------------------------------------
def run_together(bench, jobs):
    """Run ``jobs`` (functions of an env) at once, each in its own cursor and
    thread; commit the ones that succeed. Returns [(result or None, error)]."""
    import threading

    barrier = threading.Barrier(len(jobs))
    outcome = [None] * len(jobs)

    def worker(index, job):
        with bench.registry.cursor() as cr:
            env = bench.env(cr)
            barrier.wait()
            try:
                outcome[index] = (job(env), None)
                cr.commit()
            except Exception as exc:  # noqa: BLE001 (reported, not raised)
                cr.rollback()
                outcome[index] = (None, exc)

    threads = [
        threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome


def delete_cases(bench):
    with bench.registry.cursor() as cr:
        cr.execute("DELETE FROM mail_message WHERE model = 'telecobranca.case'")
        cr.execute("DELETE FROM telecobranca_case_line")
        cr.execute("DELETE FROM telecobranca_case")
        cr.commit()
        cr.execute("ANALYZE telecobranca_case_line")


@guarded
def r1_concurrent_cron(bench, info, rounds=5):
    """Two case runs started at once on the data, ``rounds`` times; the
    cases are deleted (committed) between rounds and after the last one."""
    from odoo.tools import SQL

    def job(env):
        return env["telecobranca.case.opening"]._run(
            companies=env["res.company"].browse(info["company"])
        )

    delete_cases(bench)  # measurement 2 may have committed cases
    with bench.registry.cursor() as cr:
        titles, partners = eligible_count(
            bench.env(cr), bench.env(cr)["res.company"].browse(info["company"])
        )
    rounds_out, times = [], []
    for _round in range(rounds):
        t0 = time.perf_counter()
        outcome = run_together(bench, [job, job])
        times.append(time.perf_counter() - t0)
        with bench.registry.cursor() as cr:
            env = bench.env(cr)
            company = env["res.company"].browse(info["company"])
            duplicates = env.execute_query(
                SQL(
                    """SELECT count(*) FROM (
                         SELECT move_line_id FROM telecobranca_case_line
                          WHERE is_open GROUP BY move_line_id HAVING count(*) > 1) d"""
                )
            )[0][0]
            open_cases = env.execute_query(
                SQL(
                    """SELECT count(*), count(DISTINCT partner_id)
                         FROM telecobranca_case WHERE state = 'open'"""
                )
            )[0]
            left, _p = eligible_count(env, company)
            # what a third run (the next day's) still finds, then takes
            job(env)
            left_after_next, _p = eligible_count(env, company)
            cr.rollback()
        rounds_out.append(
            {
                "customers_done": [done for done, _err in outcome],
                "errors": [repr(err) for _done, err in outcome if err],
                "duplicate_open_lines": duplicates,
                "open_cases": open_cases[0],
                "customers_with_open_case": open_cases[1],
                "titles_left_after_both": left,
                "titles_left_after_next_run": left_after_next,
            }
        )
        print(f"  round {_round + 1}: {rounds_out[-1]}", flush=True)
        delete_cases(bench)
    ok = all(
        not r["errors"]
        and r["duplicate_open_lines"] == 0
        and r["open_cases"] == r["customers_with_open_case"] == partners
        and r["titles_left_after_next_run"] == 0
        for r in rounds_out
    )
    return bench.record(
        f"R1 two case runs at once (x{rounds})",
        titles,
        times,
        [],
        "titles",
        {
            "ok": ok,
            "rounds": rounds_out,
            "max_titles_left_after_both": max(
                r["titles_left_after_both"] for r in rounds_out
            ),
        },
    )


@guarded
def r2_concurrent_renegotiation(bench, info, rounds=5, size=20, overlap=5):
    """Two renegotiations sharing ``overlap`` titles confirmed at once,
    ``rounds`` times on fresh titles of the big customer."""
    from odoo import Command
    from odoo.exceptions import UserError

    rounds_out, times = [], []
    with bench.registry.cursor() as cr:
        env = bench.env(cr)
        titles = env["account.move.line"].search(
            [
                ("partner_id", "=", info["big_partner"]),
                ("is_title", "=", True),
                ("reconciled", "=", False),
            ],
            order="id desc",
            limit=rounds * (2 * size - overlap),
        )
        title_ids = titles.ids
    step = 2 * size - overlap
    for index in range(rounds):
        chunk = title_ids[index * step : (index + 1) * step]
        sets = [chunk[:size], chunk[size - overlap :]]
        with bench.registry.cursor() as cr:
            env = bench.env(cr)
            renegs = env["telecobranca.renegotiation"].create(
                [
                    {
                        "partner_ids": [Command.set([info["big_partner"]])],
                        "line_ids": [Command.create({"move_line_id": t}) for t in ids],
                        "date": date.today(),
                    }
                    for ids in sets
                ]
            )
            renegs.action_compute_installments()
            reneg_ids = renegs.ids
            cr.commit()

        def confirm(reneg_id):
            def job(job_env):
                job_env["telecobranca.renegotiation"].browse(reneg_id).action_confirm()
                return True

            return job

        t0 = time.perf_counter()
        outcome = run_together(bench, [confirm(r) for r in reneg_ids])
        times.append(time.perf_counter() - t0)
        with bench.registry.cursor() as cr:
            env = bench.env(cr)
            renegs = env["telecobranca.renegotiation"].browse(reneg_ids)
            done = renegs.filtered(lambda r: r.state == "done")
            lines = env["account.move.line"].browse(chunk)
            settled_twice = sum(
                1
                for line in lines
                if len(line.matched_credit_ids.credit_move_id.move_id) > 1
            )
            posted = env["account.move"].search_count(
                [("ref", "in", renegs.mapped("name")), ("state", "=", "posted")]
            )
            winner_titles = env["account.move.line"].browse(
                sets[reneg_ids.index(done.id)] if len(done) == 1 else []
            )
            rounds_out.append(
                {
                    "done": len(done),
                    "user_errors": sum(
                        1 for _r, err in outcome if isinstance(err, UserError)
                    ),
                    "other_errors": [
                        repr(err)
                        for _r, err in outcome
                        if err and not isinstance(err, UserError)
                    ],
                    "error_message": next(
                        (str(err)[:120] for _r, err in outcome if err), ""
                    ),
                    "entries_posted": posted,
                    "winner_titles_reconciled": all(winner_titles.mapped("reconciled")),
                    "titles_settled_twice": settled_twice,
                }
            )
        print(f"  round {index + 1}: {rounds_out[-1]}", flush=True)
    ok = all(
        r["done"] == 1
        and r["user_errors"] == 1
        and not r["other_errors"]
        and r["entries_posted"] == 1
        and r["winner_titles_reconciled"]
        and r["titles_settled_twice"] == 0
        for r in rounds_out
    )
    return bench.record(
        f"R2 two overlapping renegotiations at once (x{rounds})",
        size,
        times,
        [],
        "titles",
        {"ok": ok, "rounds": rounds_out},
    )


# ----------------------------------------------------------------------
# Fresh processes: the curve's RSS (1c) and two cron nodes (N2)
# ----------------------------------------------------------------------
def count_open_state(env, company):
    """(duplicate open lines, open cases, customers with an open case,
    eligible titles left) of ``company``."""
    from odoo.tools import SQL

    duplicates = env.execute_query(
        SQL(
            """SELECT count(*) FROM (
                 SELECT move_line_id FROM telecobranca_case_line
                  WHERE is_open GROUP BY move_line_id HAVING count(*) > 1) d"""
        )
    )[0][0]
    cases, customers = env.execute_query(
        SQL(
            """SELECT count(*), count(DISTINCT partner_id) FROM telecobranca_case
                WHERE state = 'open' AND company_id = %s""",
            company.id,
        )
    )[0]
    left, _p = eligible_count(env, company)
    return duplicates, cases, customers, left


@guarded
def m1c_cron_fresh_process(bench, info):
    """The cron's first run in a fresh process per repetition (rolled back):
    its own peak RSS; with ``--curve`` the rows make the curve."""
    import nodes

    with bench.registry.cursor() as cr:
        env = bench.env(cr)
        titles, partners = eligible_count(
            env, env["res.company"].browse(info["company"])
        )
    times, counts, rss, loaded, floors, ratios = [], [], [], [], [], []
    for _rep in range(bench.repeat):
        # ours in a fresh process, then the floor here: paired, rolled back
        _wall, (result,) = nodes.run_processes(
            bench.config_args(), bench.args.db, info["company"], 1, commit=False
        )
        times.append(result["elapsed_s"])
        counts.append(result["queries"])
        rss.append(result["peak_rss_mb"])
        loaded.append(result["rss_loaded_mb"])
        with bench.registry.cursor() as cr:
            env = bench.env(cr)
            env.flush_all()
            t0 = time.perf_counter()
            floor_statement(env, info["company"])
            floors.append(time.perf_counter() - t0)
            cr.rollback()
        ratios.append(times[-1] / floors[-1])
        print(
            f"  pair {_rep + 1}: ours {times[-1]:.3f}s, floor {floors[-1]:.3f}s, "
            f"ratio {ratios[-1]:.2f}",
            flush=True,
        )
    row = bench.record(
        "1c cron first run (fresh process)",
        titles,
        times,
        counts,
        "titles",
        {"partners": partners, "rss_after_registry_mb": max(loaded)},
    )
    row["peak_rss_mb"] = max(rss)  # the worker's, not this process's
    row["us_per_title"] = round(row["median_s"] / titles * 1e6, 2) if titles else None
    row["floor_median_s"] = round(statistics.median(floors), 4)
    row["floor_s"] = [round(t, 4) for t in floors]
    row["ratio_ours_floor"] = round(statistics.median(ratios), 2)
    set_ratio(row, row["ratio_ours_floor"], "ours/floor, median of paired rounds")
    print(f"  worker peak RSS {max(rss)} MB, {row['us_per_title']} µs per title")
    return row


@guarded
def n2_two_cron_nodes(bench, info):
    """One cron process, then two started at once (two nodes), ``repeat``
    rounds, committed, the cases deleted after each: wall time, customers
    done by each, duplicates and titles left."""
    import nodes

    delete_cases(bench)  # measurement 2 may have committed cases
    with bench.registry.cursor() as cr:
        env = bench.env(cr)
        company = env["res.company"].browse(info["company"])
        titles, partners = eligible_count(env, company)
    one, two, rounds = [], [], []
    for _rep in range(bench.repeat):
        for count, walls in ((1, one), (2, two)):
            wall, results = nodes.run_processes(
                bench.config_args(), bench.args.db, info["company"], count, True
            )
            walls.append(wall)
            with bench.registry.cursor() as cr:
                env = bench.env(cr)
                company = env["res.company"].browse(info["company"])
                duplicates, cases, customers, left = count_open_state(env, company)
            rounds.append(
                {
                    "processes": count,
                    "wall_s": round(wall, 3),
                    "customers_done": [r["customers_done"] for r in results],
                    "elapsed_s": [round(r["elapsed_s"], 3) for r in results],
                    "peak_rss_mb": [r["peak_rss_mb"] for r in results],
                    "duplicate_open_lines": duplicates,
                    "open_cases": cases,
                    "customers_with_open_case": customers,
                    "titles_left": left,
                }
            )
            print(f"  {rounds[-1]}", flush=True)
            delete_cases(bench)
    ok = all(
        r["duplicate_open_lines"] == 0
        and r["titles_left"] == 0
        and r["open_cases"] == r["customers_with_open_case"] == partners
        and sum(r["customers_done"]) == partners
        and all(r["customers_done"])
        for r in rounds
    )
    single = bench.record("N2 one cron process", titles, one, [], "titles")
    row = bench.record(
        "N2 two cron processes at once",
        titles,
        two,
        [],
        "titles",
        {"ok": ok, "rounds": rounds},
    )
    speedup = round(single["median_s"] / row["median_s"], 2)
    row["speedup_vs_one"] = speedup
    set_ratio(row, speedup, "one process / two")
    print(f"  two processes finish {speedup}x sooner than one; ok={ok}")
    return row


# ----------------------------------------------------------------------
# Interleaved peer ratio (3i)
# ----------------------------------------------------------------------
def reset_credit_control(env):
    env.cr.execute("DELETE FROM mail_followers WHERE res_model = 'credit.control.line'")
    env.cr.execute("DELETE FROM mail_message WHERE model = 'credit.control.line'")
    env.cr.execute("DELETE FROM credit_control_line")
    env.cr.execute("DELETE FROM credit_control_run")
    env.cr.execute("UPDATE res_partner SET credit_policy_id = NULL")
    env.cr.execute("UPDATE res_company SET credit_policy_id = NULL")
    env.cr.execute("DELETE FROM credit_control_policy_level")
    env.cr.execute("DELETE FROM credit_control_policy")


@guarded
def m3i_interleaved_peer(bench, info):
    """Ours and OCA credit control on the same titles, interleaved in one
    process: ours, OCA, ours, OCA... ``--rounds`` times, each timed with its
    commit and reset afterwards; the ratio is the median of the rounds'."""
    from credit_control import eligible_by_partner, install_oca, setup_policy

    from odoo.tools import SQL

    rounds = bench.args.rounds
    install_oca(bench)
    delete_cases(bench)
    with bench.registry.cursor() as cr:
        env = bench.env(cr)
        company = env["res.company"].browse(info["company"])
        reset_credit_control(env)
        cr.commit()
        counts = eligible_by_partner(env, company)
    # the first customers by id after the big one (the first id), as the
    # cron takes them: its first chunk(s) after the big customer
    ordered = sorted(counts.items())
    start = 0
    if ordered and ordered[0][0] == info["big_partner"] and len(ordered) > 1:
        start = ordered.pop(0)[0]
    partner_ids, expected = [], 0
    for partner_id, count in ordered:
        if bench.args.peer_titles and expected >= bench.args.peer_titles:
            break
        partner_ids.append(partner_id)
        expected += count
    if not bench.args.peer_titles:  # all of them, the big customer too
        start, partner_ids, expected = 0, sorted(counts), sum(counts.values())
    subset = len(partner_ids) < len(counts)

    def ours(env):
        company = env["res.company"].browse(info["company"])
        opening = env["telecobranca.case.opening"].with_company(company)
        after, done = start, 0
        while done < len(partner_ids):
            limit = min(opening._batch_size, len(partner_ids) - done)
            batch_done, after, more = opening._open_batch(company, limit, after)
            done += batch_done
            if not more:
                break
        return done

    ours_times, peer_times, ratios, checks = [], [], [], []
    for _round in range(rounds):
        with bench.registry.cursor() as cr:
            env = bench.env(cr)
            env.flush_all()
            t0 = time.perf_counter()
            done = ours(env)
            env.flush_all()
            cr.commit()
            ours_times.append(time.perf_counter() - t0)
            ours_lines = env.execute_query(
                SQL("SELECT count(*) FROM telecobranca_case_line WHERE is_open")
            )[0][0]
        delete_cases(bench)
        with bench.registry.cursor() as cr:
            env = bench.env(cr)
            company = env["res.company"].browse(info["company"])
            credit_run = setup_policy(env, company, partner_ids if subset else None)
            env.flush_all()
            cr.commit()
            t0 = time.perf_counter()
            credit_run.generate_credit_lines()
            env.flush_all()
            cr.commit()
            peer_times.append(time.perf_counter() - t0)
            peer_lines = env["credit.control.line"].search_count(
                [("run_id", "=", credit_run.id)]
            )
            reset_credit_control(env)
            cr.commit()
        ratios.append(peer_times[-1] / ours_times[-1])
        checks.append(
            {
                "customers_done": done,
                "ours_lines": ours_lines,
                "peer_lines": peer_lines,
                "ours_s": round(ours_times[-1], 3),
                "peer_s": round(peer_times[-1], 3),
                "ratio": round(ratios[-1], 2),
            }
        )
        print(f"  round {_round + 1}: {checks[-1]}", flush=True)
    ok = all(
        c["ours_lines"] == c["peer_lines"] == expected
        and c["customers_done"] == len(partner_ids)
        for c in checks
    )
    scope = (
        f"the first {len(partner_ids)} of {len(counts)} customers, {expected} titles"
        if subset
        else f"all {len(counts)} customers, {expected} titles"
    )
    bench.record(
        f"3i ours, interleaved (x{rounds})", expected, ours_times, [], "titles"
    )
    row = bench.record(
        f"3i OCA credit control, interleaved (x{rounds})",
        expected,
        peer_times,
        [],
        "lines",
        {"ok": ok, "rounds": checks, "scope": scope},
    )
    ratio = round(statistics.median(ratios), 2)
    row["ratio_ours_oca"] = ratio
    set_ratio(row, ratio, "median of paired rounds, OCA s / ours s")
    print(f"  ours vs OCA on {scope}: median paired ratio {ratio}")
    return row


MEASUREMENTS = {  # in this order: 4 needs no open case, 2 commits cases
    "1": m1_cron_first_run,
    "4": m4_sql_floor,
    "2": m2_cron_rerun,
    "5": m5_partner_section,
    "7": m7_boleto_compute,
    "7pdf": m7_boleto_pdf,
    "8": m8_cnab_import,
    "8b": m8b_cnab400_import,
    "8c": m8c_cnab_background,
    "6": m6_renegotiation,
    "C": mc_cadence_run,
    "R1": r1_concurrent_cron,
    "R2": r2_concurrent_renegotiation,
    "1c": m1c_cron_fresh_process,
    "N2": n2_two_cron_nodes,
    "3": guarded(m3_credit_control),  # last: installs OCA in the db, new registry
    "3i": m3i_interleaved_peer,  # installs OCA too
}


# ----------------------------------------------------------------------
def table(rows):
    head = (
        "name",
        "n",
        "median s",
        "min s",
        "max s",
        "queries",
        "throughput",
        "peak RSS MB",
        "ratio",
    )
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['name']} | ERROR: {r['error'][:80]} |" + " |" * 7)
            continue
        ratio = f"{r['ratio']} ({r['ratio_basis']})" if r.get("ratio") else ""
        tp = f"{r['throughput']} {r['unit']}" if r["throughput"] else ""
        verdict = {True: " (ok)", False: " (FAILED)"}.get(r.get("ok"), "")
        lines.append(
            f"| {r['name']}{verdict} | {r['n']} | {r['median_s']} | {r['min_s']} | "
            f"{r['max_s']} | {r['queries']} | {tp} | {r['peak_rss_mb']} | {ratio} |"
        )
    return "\n".join(lines)


def curve(rows):
    """Time per title of each measurement along the sizes: linear growth
    keeps it flat (ratio to the smallest size near 1)."""
    lines = [
        "| measurement | titles | median s | µs per title | vs smallest | "
        + "peak RSS MB | ratio |",
        "|---|---|---|---|---|---|---|",
    ]
    by_name = {}
    for row in rows:
        if "error" not in row and row.get("n"):
            by_name.setdefault(row["name"], []).append(row)
    for name, series in by_name.items():
        base = None
        for row in series:
            per = row["median_s"] / row["titles_generated"] * 1e6
            base = base or per
            ratio = f"{row['ratio']} ({row['ratio_basis']})" if row.get("ratio") else ""
            lines.append(
                f"| {name} | {row['titles_generated']} | {row['median_s']} | "
                f"{per:.1f} | {per / base:.2f} | {row['peak_rss_mb']} | {ratio} |"
            )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--titles", type=int, default=10000)
    parser.add_argument("--partners", type=int, default=2000)
    parser.add_argument(
        "--big-titles",
        type=int,
        default=2000,
        help="titles of the one partner of measurements 5 and 6",
    )
    parser.add_argument(
        "--lines-per-move",
        type=int,
        default=6,
        help="titles (installments) per generated entry",
    )
    parser.add_argument(
        "--boletos", type=int, default=50000, help="boleto.compute calls per repetition"
    )
    parser.add_argument("--cnab-records", type=int, default=10000)
    parser.add_argument("--cnab-background", default="10000,50000", help="sizes of 8c")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--json")
    parser.add_argument("--db", default="tc_bench_run")
    parser.add_argument("--template", default="tc_bench_tmpl")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument(
        "--profile",
        help="comma-separated measurement name "
        "prefixes (e.g. 1,6) to cProfile on their first repetition",
    )
    parser.add_argument("--only", help="comma-separated: " + ",".join(MEASUREMENTS))
    parser.add_argument(
        "--rounds", type=int, default=5, help="paired rounds of 3i (ours, OCA)"
    )
    parser.add_argument(
        "--peer-titles",
        type=int,
        default=10000,
        help="3i: the first customers holding at least this many titles "
        "(0: all of them)",
    )
    parser.add_argument(
        "--durable",
        action="store_true",
        help="run with the server's fsync, synchronous_commit and "
        "full_page_writes on (ALTER SYSTEM, restored at the end)",
    )
    parser.add_argument(
        "--curve",
        help="comma-separated title counts (e.g. 10000,50000,100000): a fresh "
        "database each, --partners = titles / 5; prints the scaling curve",
    )
    args = parser.parse_args()

    data_dir = str(ROOT / ".state" / "tc_bench")
    settings = server_settings()
    ensure_template(args.template, data_dir)

    import odoo
    from odoo.tools import config

    def config_args(addons_path=None):
        """Odoo's options of this run (also those of the worker processes),
        with the addons path of the moment (3 and 3i add OCA's)."""
        return [
            f"--addons-path={addons_path or config['addons_path']}",
            f"--db_host={settings['host']}",
            "--db_port=5432",
            "--db_user=odoo",
            f"--data-dir={data_dir}",
            "--log-level=warn",
            "--max-cron-threads=0",
        ]

    config.parse_config(config_args(settings["addons_path"]))
    durable = set_durable(True) if args.durable else None
    server = server_facts()
    print(f"PostgreSQL: {server}", flush=True)
    only = args.only.split(",") if args.only else list(MEASUREMENTS)
    sizes = [int(n) for n in args.curve.split(",")] if args.curve else [args.titles]
    for titles in sizes:
        if args.curve:
            args.titles, args.partners = titles, max(titles // 5, 1)
            print(f"=== curve: {args.titles} titles, {args.partners} customers")
        create_db(args.template, args.db, data_dir)
        try:
            registry = odoo.modules.registry.Registry(args.db)
            info = generate(registry, args)
            bench = Bench(
                registry,
                args.repeat,
                (args.profile or "").split(",") if args.profile else (),
            )
            bench.args = args
            bench.config_args = config_args
            first = len(RESULTS)
            for key in only:
                MEASUREMENTS[key](bench, info)
            for row in RESULTS[first:]:
                row["titles_generated"] = args.titles + args.big_titles
        finally:
            odoo.sql_db.close_all()
            odoo.modules.registry.Registry.delete(args.db)
            if not args.keep:
                drop_db(args.db, data_dir)
    if durable is not None:
        set_durable(False, durable)

    machine = {
        "nproc": os.cpu_count(),
        "cpu": next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            "?",
        ),
        "ram_gb": round(
            os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1
        ),
    }
    print()
    print(
        f"titles={args.titles} partners={args.partners} repeat={args.repeat} "
        f"machine={machine} postgresql={server}"
    )
    print(table(RESULTS))
    if args.curve:
        print()
        print(curve(RESULTS))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(
                {
                    "args": vars(args),
                    "machine": machine,
                    "postgresql": server,
                    "results": RESULTS,
                },
                out,
                indent=2,
                default=str,
            )


if __name__ == "__main__":
    main()
