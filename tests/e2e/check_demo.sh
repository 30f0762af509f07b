#!/usr/bin/env bash
# End-to-end check of the demo: run the README's first command without serving,
# serve the demo database on a free port, and check in headless Chromium, as
# the demo collector working in Portuguese, that a customer's Telecobrança tab
# lists overdue titles and that the boleto PDF printed from the *Print boleto*
# wizard carries the digitable line of every title; then re-take the README's
# pictures (docs/img/). Not part of setup/test: it needs the demo database.
#
# Environment: TELECOBRANCA_DB (default telecobranca_demo),
# TELECOBRANCA_DEMO_LOGIN (default cobrador), TELECOBRANCA_DEMO_PASSWORD
# (default: the login), TELECOBRANCA_IMG_DIR (default docs/img; empty: no
# pictures).
source "$(dirname "$0")/../../setup/lib.sh"

db="${TELECOBRANCA_DB:-telecobranca_demo}"
login="${TELECOBRANCA_DEMO_LOGIN:-cobrador}"
password="${TELECOBRANCA_DEMO_PASSWORD:-$login}"
img_dir="${TELECOBRANCA_IMG_DIR-$TC_ROOT/docs/img}"
"$TC_ROOT/setup/demo" --no-serve
tc_ensure_postgres
command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null \
    || tc_die "pdftotext and pdftoppm (poppler-utils) are needed"

user=$(tc_psql -d "$db" -tA -v login="$login" <<'SQL'
SELECT u.id FROM res_users u WHERE u.login = :'login' AND u.active;
SQL
)
[ -n "$user" ] || tc_die "The demo database '$db' has no active user '$login' \
(the demo collector); set TELECOBRANCA_DEMO_LOGIN to check as another user"

# The customer with the most overdue boleto titles in the user's company,
# one of the user's own cases first.
partner=$(tc_psql -d "$db" -tA -v uid="$user" <<'SQL'
SELECT l.partner_id
  FROM account_move_line l
  JOIN telecobranca_payment_form f ON f.id = l.payment_form_id AND f.kind = 'boleto'
  LEFT JOIN telecobranca_case c
         ON c.partner_id = l.partner_id AND c.state = 'open' AND c.user_id = :uid
 WHERE l.is_title AND NOT l.reconciled AND l.parent_state = 'posted'
   AND l.date_maturity < CURRENT_DATE
   AND l.company_id = (SELECT company_id FROM res_users WHERE id = :uid)
 GROUP BY l.partner_id
 ORDER BY bool_or(c.id IS NOT NULL) DESC, count(*) DESC, l.partner_id
 LIMIT 1;
SQL
)
[ -n "$partner" ] || tc_die "The demo database has no overdue boleto title in the \
company of '$login'"

port=$("$TC_PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Odoo in a process group of its own (job control on): stopping it never
# signals this script
set -m
tc_odoo -d "$db" --db-filter="^${db}\$" --http-port="$port" --max-cron-threads=0 \
    --data-dir="$TC_STATE/odoo-data" --log-level=warn >"$TC_STATE/e2e-odoo.log" 2>&1 &
odoo_pid=$!
set +m
# keep the check's exit status: stopping Odoo must not replace it
trap 'rc=$?; kill -- -$odoo_pid 2>/dev/null || true; wait $odoo_pid 2>/dev/null || true; exit $rc' EXIT
for _ in $(seq 120); do
    curl -fs "http://127.0.0.1:$port/web/health" >/dev/null 2>&1 && break
    sleep 1
done
if [ -n "$img_dir" ]; then mkdir -p "$img_dir"; fi
cd "$TC_ROOT/tests/e2e"
"$TC_PYTHON" check_demo.py --url "http://127.0.0.1:$port" --db "$db" \
    --login "$login" --password "$password" --partner-id "$partner" \
    --img-dir "$img_dir"
