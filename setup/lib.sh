# shellcheck shell=bash
# Shared set-up steps of setup/demo and setup/test. Source it; do not run it.
#
# What it guarantees, each step reusing what is already there:
#   1. the Debian packages Odoo needs (PostgreSQL, wkhtmltopdf, Chromium...);
#   2. the Python packages: Odoo 18 itself when `import odoo` fails (from its
#      official source), its requirements, and the project's test tools;
#   3. a database server: the one configured through the usual PG* variables
#      (PGHOST, PGPORT, PGUSER, PGPASSWORD), or else a project-local
#      PostgreSQL cluster listening on a private Unix socket only.
#
# PostgreSQL refuses to run as root: when run as root the local cluster is
# owned by the unprivileged `postgres` user that Debian's package creates.

set -euo pipefail

TC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TC_ADDONS="$TC_ROOT/addons"
TC_PYTHON="${PYTHON:-python3}"
TC_ODOO_BRANCH="18.0"
TC_ODOO_GIT="https://github.com/odoo/odoo.git"
# Local state (cluster, Odoo source, logs); kept out of git by .gitignore.
TC_STATE="${TELECOBRANCA_STATE_DIR:-$TC_ROOT/.state}"

tc_log() { printf '\033[1;34m[telecobranca]\033[0m %s\n' "$*" >&2; }
tc_die() { printf '\033[1;31m[telecobranca] %s\033[0m\n' "$*" >&2; exit 1; }

tc_is_root() { [ "$(id -u)" -eq 0 ]; }

# Run a command as root (directly, or through sudo for a normal user).
tc_as_root() {
    if tc_is_root; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        tc_die "Need root to run: $* (install sudo or run these steps as root)"
    fi
}

# ---------------------------------------------------------------------------
# 1. Debian packages
# ---------------------------------------------------------------------------
tc_pg_bindir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$dir" ] && echo "$dir"
}

tc_ensure_system_packages() {
    local missing=()
    [ -n "$(tc_pg_bindir)" ] || missing+=(postgresql postgresql-contrib)
    command -v psql >/dev/null || missing+=(postgresql-client)
    command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
    command -v pdftotext >/dev/null || missing+=(poppler-utils)
    command -v chromium >/dev/null || command -v google-chrome >/dev/null \
        || missing+=(chromium)
    command -v git >/dev/null || missing+=(git)
    [ -f /usr/include/ldap.h ] || missing+=(libldap2-dev libsasl2-dev)
    [ -f /usr/include/postgresql/libpq-fe.h ] || missing+=(libpq-dev)
    [ -d /usr/share/fonts/truetype/dejavu ] || missing+=(fonts-dejavu-core)
    if [ ${#missing[@]} -eq 0 ]; then return 0; fi
    command -v apt-get >/dev/null \
        || tc_die "Please install: ${missing[*]} (no apt-get on this machine)"
    tc_log "Installing Debian packages: ${missing[*]}"
    tc_as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive tc_as_root apt-get install -y -qq \
        --no-install-recommends "${missing[@]}" >/dev/null
}

# ---------------------------------------------------------------------------
# 2. Python packages
# ---------------------------------------------------------------------------
tc_pip() {
    local args=(-m pip install -q --disable-pip-version-check)
    # Outside a virtualenv a normal user installs into ~/.local.
    if ! tc_is_root && [ -z "${VIRTUAL_ENV:-}" ]; then args+=(--user); fi
    "$TC_PYTHON" "${args[@]}" "$@"
}

tc_odoo_ok() {
    "$TC_PYTHON" -c 'import odoo.release as r, sys; sys.exit(r.version_info[:2] != (18, 0))' \
        >/dev/null 2>&1
}

tc_ensure_odoo() {
    if tc_odoo_ok; then return 0; fi
    local src="$TC_STATE/odoo-$TC_ODOO_BRANCH"
    if [ ! -d "$src/.git" ]; then
        tc_log "Fetching Odoo $TC_ODOO_BRANCH from its official repository (shallow clone)"
        mkdir -p "$TC_STATE"
        git clone --quiet --depth 1 --branch "$TC_ODOO_BRANCH" "$TC_ODOO_GIT" "$src"
    fi
    tc_log "Installing Odoo $TC_ODOO_BRANCH and its requirements"
    local reqs="$TC_STATE/odoo-requirements.txt"
    "$TC_PYTHON" "$TC_ROOT/setup/odoo_requirements.py" "$src/requirements.txt" >"$reqs"
    tc_pip -r "$reqs"
    tc_pip --no-deps -e "$src"
    tc_odoo_ok || tc_die "Odoo $TC_ODOO_BRANCH is still not importable by $TC_PYTHON"
}

tc_ensure_python_packages() {
    tc_ensure_odoo
    if ! "$TC_PYTHON" -c 'import pytest, hypothesis, stdnum, websocket, holidays' >/dev/null 2>&1; then
        tc_log "Installing the project's Python requirements"
        tc_pip -r "$TC_ROOT/requirements.txt"
    fi
}

# ---------------------------------------------------------------------------
# 3. PostgreSQL
# ---------------------------------------------------------------------------
# Sets TC_DB_ARGS: the database options to give to odoo.
tc_ensure_postgres() {
    if [ -n "${PGHOST:-}" ]; then
        tc_log "Using the configured database server (PGHOST=$PGHOST)"
        TC_DB_ARGS=(--db_host="$PGHOST" --db_port="${PGPORT:-5432}")
        [ -n "${PGUSER:-}" ] && TC_DB_ARGS+=(--db_user="$PGUSER")
        [ -n "${PGPASSWORD:-}" ] && TC_DB_ARGS+=(--db_password="$PGPASSWORD")
        return 0
    fi
    local bindir owner datadir
    bindir="$(tc_pg_bindir)" || tc_die "PostgreSQL server binaries not found"
    if tc_is_root; then
        # root cannot own a cluster: the postgres user does, in a place it can reach.
        owner=postgres
        datadir="/var/lib/telecobranca/$(printf '%s' "$TC_ROOT" | md5sum | cut -c1-12)/pg"
        mkdir -p "$datadir"
        chown -R postgres: "$(dirname "$datadir")"
    else
        owner="$(id -un)"
        datadir="$TC_STATE/pg"
        mkdir -p "$datadir"
    fi
    chmod 700 "$datadir"
    tc_pg() {
        if [ "$owner" = "$(id -un)" ]; then "$@"; else runuser -u "$owner" -- "$@"; fi
    }
    if [ ! -f "$datadir/PG_VERSION" ]; then
        tc_log "Creating a local PostgreSQL cluster in $datadir"
        tc_pg "$bindir/initdb" -D "$datadir" -U "$owner" --auth=trust \
            --encoding=UTF8 --locale=C.UTF-8 >/dev/null
        cat >>"$datadir/postgresql.conf" <<CONF
# telecobranca: private cluster, Unix socket only, tuned for tests
listen_addresses = ''
unix_socket_directories = '$datadir'
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 256MB
max_connections = 100
CONF
    fi
    if ! tc_pg "$bindir/pg_ctl" -D "$datadir" status >/dev/null 2>&1; then
        tc_log "Starting the local PostgreSQL cluster"
        tc_pg "$bindir/pg_ctl" -D "$datadir" -l "$datadir/server.log" -w -t 60 start \
            >/dev/null || { tail -n 20 "$datadir/server.log" >&2; tc_die "PostgreSQL did not start"; }
    fi
    # Odoo refuses the `postgres` role: it connects as `odoo`.
    if ! tc_pg "$bindir/psql" -h "$datadir" -U "$owner" -d postgres -tAc \
        "SELECT 1 FROM pg_roles WHERE rolname = 'odoo'" | grep -q 1; then
        tc_pg "$bindir/psql" -h "$datadir" -U "$owner" -d postgres -qc \
            "CREATE ROLE odoo LOGIN SUPERUSER" >/dev/null
    fi
    TC_DB_ARGS=(--db_host="$datadir" --db_port=5432 --db_user=odoo)
    export TC_PGHOST="$datadir"
}

# psql as Odoo's role on the chosen server.
tc_psql() {
    if [ -n "${PGHOST:-}" ]; then psql -X -q "$@"; else
        PGHOST="$TC_PGHOST" PGUSER=odoo psql -X -q "$@"
    fi
}

tc_db_exists() {
    tc_psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1
}

tc_setup_all() {
    tc_ensure_system_packages
    tc_ensure_python_packages
    tc_ensure_postgres
}

# Odoo with the project's addons.
tc_odoo() {
    "$TC_PYTHON" -m odoo --addons-path="$(tc_addons_path)" "${TC_DB_ARGS[@]}" "$@"
}

tc_addons_path() {
    local base
    base=$("$TC_PYTHON" -c 'import odoo.addons, os; print(",".join(os.path.abspath(p) for p in odoo.addons.__path__))' 2>/dev/null)
    echo "$TC_ADDONS,$base"
}
