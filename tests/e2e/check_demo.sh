#!/usr/bin/env bash
# End-to-end check of the demo: run the README's first command without serving,
# serve the demo database on a free port, and check in headless Chromium that a
# demo customer's Telecobrança tab lists overdue titles (screenshot saved to
# docs/img/partner_tab.png). Not part of setup/test: it needs the demo database.
source "$(dirname "$0")/../../setup/lib.sh"

db="${TELECOBRANCA_DB:-telecobranca_demo}"
"$TC_ROOT/setup/demo" --no-serve
tc_ensure_postgres
port=$("$TC_PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
partner=$(tc_psql -d "$db" -tAc "
    SELECT l.partner_id FROM account_move_line l
     WHERE l.is_title AND NOT l.reconciled AND l.parent_state = 'posted'
       AND l.date_maturity < CURRENT_DATE
  GROUP BY l.partner_id ORDER BY count(*) DESC, l.partner_id LIMIT 1")
[ -n "$partner" ] || tc_die "The demo database has no overdue title"

tc_odoo -d "$db" --db-filter="^${db}\$" --http-port="$port" --max-cron-threads=0 \
    --data-dir="$TC_STATE/odoo-data" --log-level=warn >"$TC_STATE/e2e-odoo.log" 2>&1 &
odoo_pid=$!
trap 'kill $odoo_pid 2>/dev/null; wait $odoo_pid 2>/dev/null' EXIT
for _ in $(seq 120); do
    curl -fs "http://127.0.0.1:$port/web/health" >/dev/null 2>&1 && break
    sleep 1
done
cd "$TC_ROOT/tests/e2e"
"$TC_PYTHON" check_demo.py --url "http://127.0.0.1:$port" --db "$db" \
    --partner-id "$partner" --screenshot "$TC_ROOT/docs/img/partner_tab.png"
