# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Case opening runs in processes of their own, for bench.py.

Key ``1c`` runs the cron's first run in a fresh process per repetition, so
that its peak RSS is the run's own (the parent process generated the data and
keeps what it allocated); key ``N2`` starts one, then two such processes at
once on the same database, as two Odoo nodes running the cron would.

Each worker is a new Python interpreter (``multiprocessing`` spawn, no fork
of the parent's memory) that parses the same Odoo configuration, loads the
registry, waits on a barrier shared with the parent and the other workers,
runs ``telecobranca.case.opening._run()`` on the company, commits (or rolls
back) and sends back its timings, query count and peak RSS. The clock is
``time.perf_counter`` (CLOCK_MONOTONIC, the same for every process), so the
wall time of several workers is the last end minus the first start.
"""

import multiprocessing
import resource
import threading
import time
import traceback


def _rss_mb():
    """This process's peak RSS: ``VmHWM``, which starts afresh at ``exec``
    (``ru_maxrss`` keeps the parent's peak across the spawn's fork+exec)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _worker(config_args, db, company_id, barrier, conn, commit):
    try:
        import odoo
        import odoo.sql_db
        from odoo.tools import config

        config.parse_config(config_args)
        registry = odoo.modules.registry.Registry(db)
        rss_loaded = _rss_mb()
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            company = env["res.company"].browse(company_id)
            company.currency_id.decimal_places  # noqa: B018 (warm the cache)
            barrier.wait(timeout=900)
            q0, start = odoo.sql_db.sql_counter, time.perf_counter()
            done = env["telecobranca.case.opening"]._run(companies=company)
            env.flush_all()
            if commit:
                cr.commit()
            else:
                cr.rollback()
            end = time.perf_counter()
            conn.send(
                {
                    "customers_done": done,
                    "start": start,
                    "end": end,
                    "elapsed_s": end - start,
                    "queries": odoo.sql_db.sql_counter - q0,
                    "rss_loaded_mb": round(rss_loaded, 1),
                    "peak_rss_mb": round(_rss_mb(), 1),
                }
            )
    except Exception:  # noqa: BLE001 (reported to the parent)
        try:
            barrier.abort()
        finally:
            conn.send({"error": traceback.format_exc()})
    finally:
        conn.close()


def run_processes(config_args, db, company_id, count=1, commit=False):
    """Start ``count`` workers at once; returns (wall time, [worker results]).

    The workers load their registries first; the clock starts when all of
    them (and the parent) have reached the barrier.
    """
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(count + 1)
    pipes, processes = [], []
    for _n in range(count):
        parent_conn, child_conn = ctx.Pipe(duplex=False)
        process = ctx.Process(
            target=_worker,
            args=(config_args, db, company_id, barrier, child_conn, commit),
        )
        process.start()
        child_conn.close()
        pipes.append(parent_conn)
        processes.append(process)
    try:
        barrier.wait(timeout=900)
    except threading.BrokenBarrierError:
        print("  a worker failed before the start (its error follows)")
    results = []
    for conn in pipes:
        try:
            results.append(conn.recv())
        except EOFError:
            results.append({"error": "the worker died without a result"})
    for process in processes:
        process.join(timeout=60)
    errors = [r["error"] for r in results if "error" in r]
    if errors:
        raise RuntimeError("worker failed:\n" + "\n".join(errors))
    wall = max(r["end"] for r in results) - min(r["start"] for r in results)
    return wall, results
