# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Read load of the collection screens (issue 15, key L). Not a test: run it by hand.

    python3 tests/bench/read_load.py --clients 20 --duration 60 --json out.json

It builds the benchmark's data set (``bench.py``: template database, seeded
titles, one customer with ``--big-titles`` titles) in a throwaway database, or
uses a database kept by ``bench.py --keep`` (``--reuse-db``); starts Odoo with
``--workers`` worker processes on it (``tc_odoo`` of setup/lib.sh); logs in
``--clients`` concurrent clients (threads, one HTTP session each) that call,
the way the web client does, in turn and without pause:

- ``web_read`` of the big customer with the specification of the form's
  Telecobrança section (summary, cases, notes, open and settled titles, 40
  rows each as the view's lists show);
- ``web_search_read`` of the *Titles* list (the action's domain and its
  default *Open* filter, 80 rows, the list's default order);
- ``web_read`` of the section of a random generated customer;

for ``--duration`` seconds after ``--warmup`` seconds; prints p50/p95/p99 of the
response times and the requests per second, overall and per request; then
stops the server. See README.md in this folder.
"""

import argparse
import contextlib
import json
import os
import random
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench

ROOT = bench.ROOT
DATA_DIR = str(ROOT / ".state" / "tc_bench")
LOGIN = PASSWORD = "admin"


def _fields(*names):
    return {name: {} for name in names}


def _many2one():
    return {"fields": {"display_name": {}}}


# The Telecobrança section of the customer form (views/res_partner_views.xml):
# what the web client asks for when the form opens.
OPEN_TITLE_FIELDS = _fields(
    "title_number",
    "telecobranca_issue_date",
    "date_maturity",
    "days_overdue",
    "telecobranca_original_amount",
    "amount_residual",
    "boleto_status",
    "is_forecast",
    "company_currency_id",
) | {
    "payment_form_id": _many2one(),
    "collection_status_id": _many2one(),
    "collection_case_id": _many2one(),
}
SETTLED_TITLE_FIELDS = _fields(
    "title_number",
    "telecobranca_issue_date",
    "date_maturity",
    "telecobranca_original_amount",
    "boleto_status",
    "company_currency_id",
) | {
    "payment_form_id": _many2one(),
    "renegotiation_child_ids": {"fields": {"display_name": {}}},
}
SECTION_SPEC = _fields(
    "display_name",
    "telecobranca_overdue_count",
    "telecobranca_overdue_amount",
    "telecobranca_title_count",
    "telecobranca_open_amount",
    "telecobranca_dispute_count",
    "telecobranca_open_case_count",
) | {
    "telecobranca_currency_id": _many2one(),
    "telecobranca_case_ids": {
        "fields": _fields(
            "name", "next_date", "amount_overdue", "note_count", "promise_count"
        )
        | _fields("state", "currency_id")
        | {"stage_id": _many2one(), "user_id": _many2one()},
        "limit": 10,
    },
    "telecobranca_note_ids": {
        "fields": _fields("date", "body", "next_date", "origin", "state")
        | {"case_id": _many2one(), "author_id": _many2one()},
        "limit": 10,
    },
    "telecobranca_title_ids": {"fields": OPEN_TITLE_FIELDS, "limit": 40},
    "telecobranca_settled_title_ids": {"fields": SETTLED_TITLE_FIELDS, "limit": 40},
}
# The *Titles* list (views/account_move_line_views.xml), its action's domain
# and the default *Open* filter.
TITLE_LIST_DOMAIN = [
    ["is_title", "=", True],
    ["parent_state", "in", ["draft", "posted"]],
    "&",
    ["reconciled", "=", False],
    ["parent_state", "=", "posted"],
]
TITLE_LIST_SPEC = _fields(
    "title_number",
    "telecobranca_issue_date",
    "date_maturity",
    "days_overdue",
    "balance",
    "amount_residual",
    "boleto_status",
    "is_forecast",
    "company_currency_id",
    "reconciled",
) | {
    "partner_id": _many2one(),
    "payment_form_id": _many2one(),
    "collection_case_id": _many2one(),
}
TITLE_LIST_ORDER = "reconciled ASC, date_maturity ASC, id ASC"


# ----------------------------------------------------------------------
# Database and server
# ----------------------------------------------------------------------
def build_database(args):
    """The benchmark's data set in ``args.db`` (bench.py's generator)."""
    import odoo
    from odoo.tools import config

    settings = bench.server_settings()
    bench.ensure_template(args.template, DATA_DIR)
    config.parse_config(
        [
            f"--addons-path={settings['addons_path']}",
            f"--db_host={settings['host']}",
            "--db_port=5432",
            "--db_user=odoo",
            f"--data-dir={DATA_DIR}",
            "--log-level=warn",
            "--max-cron-threads=0",
        ]
    )
    bench.create_db(args.template, args.db, DATA_DIR)
    try:
        registry = odoo.modules.registry.Registry(args.db)
        bench.generate(registry, args)
    finally:
        odoo.sql_db.close_all()
        odoo.modules.registry.Registry.delete(args.db)


def data_ids(db):
    """The big customer, the other customers with titles, and the company."""
    rows = bench.psql(
        "SELECT partner_id FROM account_move_line WHERE is_title "
        "GROUP BY partner_id ORDER BY count(*) DESC, partner_id",
        db=db,
    ).split()
    partners = [int(row) for row in rows]
    return partners[0], partners[1:]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def odoo_bin():
    """The odoo-bin script of the installed Odoo (or its console script)."""
    import odoo

    script = Path(odoo.__file__).resolve().parents[1] / "odoo-bin"
    if script.exists():
        return str(script)
    found = shutil.which("odoo")
    if not found:
        raise RuntimeError("Neither odoo-bin nor the odoo script was found")
    return found


def start_server(args, port):
    log = open(args.server_log, "w", encoding="utf-8")  # noqa: SIM115
    # tc_odoo's options, but through the odoo-bin script rather than
    # ``python -m odoo``: with workers, Odoo starts its bus process by running
    # ``sys.argv[0]`` again, which must be a script.
    script = (
        f"source '{ROOT}/setup/lib.sh' && tc_ensure_postgres >&2 && "
        f"TC_ADDONS='{args.addons_dir}' && "
        f'"$TC_PYTHON" \'{odoo_bin()}\' --addons-path="$(tc_addons_path)" '
        f'"${{TC_DB_ARGS[@]}}" '
        f"-d {args.db} --db-filter='^{args.db}$' --workers={args.workers} "
        f"--max-cron-threads=0 --http-interface=127.0.0.1 --http-port={port} "
        f"--gevent-port={free_port()} --data-dir='{DATA_DIR}' --log-level=warn "
        f"--limit-time-real=600 --limit-time-cpu=600"
    )
    proc = subprocess.Popen(
        ["bash", "-c", script],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"Odoo stopped at start-up (see {args.server_log})")
        try:
            if requests.get(f"{url}/web/health", timeout=2).ok:
                return proc, url
        except requests.RequestException:
            pass
        time.sleep(0.5)
    stop_server(proc)
    raise RuntimeError(f"Odoo did not answer in 120 s (see {args.server_log})")


def stop_server(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


# ----------------------------------------------------------------------
# Clients
# ----------------------------------------------------------------------
class Client:
    def __init__(self, url, db, list_order=TITLE_LIST_ORDER):
        self.url = url
        self.list_order = list_order
        self.session = requests.Session()
        result = self.rpc(
            "/web/session/authenticate",
            {"db": db, "login": LOGIN, "password": PASSWORD},
        )
        self.context = dict(result["user_context"])
        self.context["allowed_company_ids"] = [
            result["user_companies"]["current_company"]
        ]
        self.context["bin_size"] = True

    def rpc(self, path, params):
        response = self.session.post(
            self.url + path,
            json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params},
            timeout=120,
        )
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            raise RuntimeError(body["error"]["data"]["message"])
        return body["result"]

    def call_kw(self, model, method, args, kwargs):
        kwargs = dict(kwargs, context=self.context)
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
        )

    def section(self, partner):
        return self.call_kw(
            "res.partner", "web_read", [[partner]], {"specification": SECTION_SPEC}
        )

    def titles_list(self):
        return self.call_kw(
            "account.move.line",
            "web_search_read",
            [],
            {
                "domain": TITLE_LIST_DOMAIN,
                "specification": TITLE_LIST_SPEC,
                "offset": 0,
                "limit": 80,
                "order": self.list_order,
                "count_limit": 10001,
            },
        )


def check_answers(client, big):
    """One call of each kind, checked: the load measures real answers."""
    (values,) = client.section(big)
    assert values["telecobranca_title_count"] > 0, values
    assert len(values["telecobranca_title_ids"]) >= values["telecobranca_title_count"]
    listed = client.titles_list()
    assert listed["length"] > 0 and len(listed["records"]) == 80, listed["length"]
    return values["telecobranca_title_count"], listed["length"]


def run_load(url, server_pid, args, big, others):
    clients = [Client(url, args.db, args.list_order) for _ in range(args.clients)]
    counts = check_answers(clients[0], big)
    start = time.monotonic()
    measure_from = start + args.warmup
    stop_at = measure_from + args.duration
    samples = []  # (kind, seconds), measured window only
    errors = []
    lock = threading.Lock()

    def worker(index, client):
        rnd = random.Random(args.seed + index)
        calls = [
            ("section_big", lambda: client.section(big)),
            ("titles_list", client.titles_list),
            ("section_other", lambda: client.section(rnd.choice(others))),
        ]
        step = index  # clients start at different points of the cycle
        while time.monotonic() < stop_at:
            kind, call = calls[step % len(calls)]
            step += 1
            t0 = time.monotonic()
            try:
                call()
            except Exception as exc:  # noqa: BLE001  (counted, reported)
                with lock:
                    errors.append(f"{kind}: {exc}")
                continue
            t1 = time.monotonic()
            if t0 >= measure_from and t1 <= stop_at:
                with lock:
                    samples.append((kind, t1 - t0))

    threads = [
        threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, measure_from - time.monotonic()))
    cpu_start = cpu_seconds(server_pid, args.db)
    time.sleep(max(0.0, stop_at - time.monotonic()))
    cpu_end = cpu_seconds(server_pid, args.db)
    for thread in threads:
        thread.join()
    cpu = {
        role: sum(
            seconds - cpu_start[role].get(pid, 0.0)
            for pid, seconds in cpu_end[role].items()
        )
        for role in cpu_end
    }
    return samples, errors, counts, cpu


def cpu_seconds(server_pid, db):
    """CPU seconds (user + system) so far of the Odoo processes and of the
    PostgreSQL backends of ``db``, by process: what the requests cost,
    whatever else the machine runs."""
    import psutil

    found = {"odoo": {}, "postgres": {}, "clients": {}}
    try:
        server = psutil.Process(server_pid)
        tree = [server, *server.children(recursive=True)]
    except psutil.NoSuchProcess:
        tree = []
    for process in tree:
        with contextlib.suppress(psutil.Error):
            times = process.cpu_times()
            found["odoo"][process.pid] = times.user + times.system
    own = resource.getrusage(resource.RUSAGE_SELF)
    found["clients"] = {os.getpid(): own.ru_utime + own.ru_stime}
    for process in psutil.process_iter(["cmdline"]):
        cmdline = " ".join(process.info["cmdline"] or ())
        if cmdline.startswith("postgres: ") and f" {db} " in cmdline:
            with contextlib.suppress(psutil.Error):
                times = process.cpu_times()
                found["postgres"][process.pid] = times.user + times.system
    return found


def percentiles(times):
    times = sorted(times)
    if not times:
        return {}

    def pick(q):
        return round(times[min(len(times) - 1, int(q * len(times)))] * 1000, 1)

    return {
        "requests": len(times),
        "p50_ms": pick(0.50),
        "p95_ms": pick(0.95),
        "p99_ms": pick(0.99),
        "mean_ms": round(statistics.fmean(times) * 1000, 1),
        "max_ms": round(times[-1] * 1000, 1),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--titles", type=int, default=10000)
    parser.add_argument("--partners", type=int, default=2000)
    parser.add_argument("--big-titles", type=int, default=2000)
    parser.add_argument("--lines-per-move", type=int, default=6)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--warmup", type=float, default=10.0)
    parser.add_argument("--db", default="tc_bench_load")
    parser.add_argument("--template", default="tc_bench_tmpl")
    parser.add_argument(
        "--reuse-db",
        action="store_true",
        help="use --db as it is (kept by bench.py --keep or an earlier run)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--server-log", default=str(ROOT / ".state" / "read_load.log"))
    parser.add_argument(
        "--list-order",
        default=TITLE_LIST_ORDER,
        help="order of the titles list (default: the list view's default order)",
    )
    parser.add_argument(
        "--addons-dir",
        default=str(ROOT / "addons"),
        help="the server's copy of the addons (another version of the addon, "
        "for a before/after comparison on one database with --reuse-db)",
    )
    parser.add_argument("--json")
    args = parser.parse_args()

    if not args.reuse_db:
        build_database(args)
    big, others = data_ids(args.db)
    proc, url = start_server(args, free_port())
    try:
        samples, errors, counts, cpu = run_load(url, proc.pid, args, big, others)
    finally:
        stop_server(proc)
        if not args.reuse_db and not args.keep:
            bench.drop_db(args.db, DATA_DIR)

    overall = percentiles([t for _kind, t in samples])
    overall["requests_per_s"] = round(len(samples) / args.duration, 1)
    overall["errors"] = len(errors)
    for role, seconds in cpu.items():
        overall[f"{role}_cpu_ms_per_request"] = round(
            seconds * 1000 / max(len(samples), 1), 1
        )
    by_kind = {
        kind: percentiles([t for k, t in samples if k == kind])
        for kind in ("section_big", "titles_list", "section_other")
    }
    titles = bench_titles(args.db) if args.reuse_db else args.titles + args.big_titles
    print(
        f"read load: {args.clients} clients, {args.workers} workers, "
        f"{args.duration:.0f} s, {titles} titles (big customer: {counts[0]} open "
        f"titles; list: {counts[1]} open titles)"
    )
    print(f"{'request':<16}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for kind, row in [("all", overall), *by_kind.items()]:
        if row:
            print(
                f"{kind:<16}{row['requests']:>7}{row['p50_ms']:>9}"
                f"{row['p95_ms']:>9}{row['p99_ms']:>9}"
            )
    print(
        f"requests/s: {overall['requests_per_s']}  errors: {len(errors)}  "
        f"CPU per request: Odoo {overall['odoo_cpu_ms_per_request']} ms, "
        f"PostgreSQL {overall['postgres_cpu_ms_per_request']} ms, "
        f"clients {overall['clients_cpu_ms_per_request']} ms  "
        f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"
    )
    for error in sorted(set(errors))[:5]:
        print(f"  error: {error}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(
                {
                    "args": vars(args),
                    "machine": machine(),
                    "titles": titles,
                    "overall": overall,
                    "by_request": by_kind,
                    "errors": sorted(set(errors))[:20],
                },
                out,
                indent=2,
            )


def bench_titles(db):
    return int(bench.psql("SELECT count(*) FROM account_move_line WHERE is_title", db))


def machine():
    return {
        "nproc": os.cpu_count(),
        "load_avg_1min_at_end": round(os.getloadavg()[0], 2),
    }


if __name__ == "__main__":
    main()
