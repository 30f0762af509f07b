#!/usr/bin/env bash
# End-to-end check of the addon's life cycle on a throwaway database: install
# without demo data, upgrade, uninstall (the new journal-item columns must be
# gone), then drop the database. Not part of setup/test (a few minutes).
source "$(dirname "$0")/../../setup/lib.sh"

tc_setup_all
db="telecobranca_lifecycle_$$"
data_dir="$TC_STATE/odoo-lifecycle-data"
trap 'tc_psql -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1' EXIT
run() { tc_odoo -d "$db" --data-dir="$data_dir" --max-cron-threads=0 --stop-after-init --log-level=warn "$@"; }

tc_log "Install without demo data"
run -i telecobranca --without-demo=all
tc_log "Upgrade"
run -u telecobranca
tc_log "Uninstall"
"$TC_PYTHON" -m odoo shell --addons-path="$(tc_addons_path)" "${TC_DB_ARGS[@]}" -d "$db" \
    --data-dir="$data_dir" --no-http --log-level=error <<'PY'
module = env["ir.module.module"].search([("name", "=", "telecobranca")])
module.button_immediate_uninstall()
env.cr.commit()
PY
state=$(tc_psql -d "$db" -tAc "SELECT state FROM ir_module_module WHERE name = 'telecobranca'")
columns=$(tc_psql -d "$db" -tAc "SELECT count(*) FROM information_schema.columns
    WHERE table_name = 'account_move_line' AND column_name IN ('is_title', 'title_number')")
if [ "$state" != "uninstalled" ] || [ "$columns" != "0" ]; then
    tc_die "Uninstall left the module $state with $columns title columns"
fi
tc_log "OK: installed, upgraded and uninstalled cleanly"
