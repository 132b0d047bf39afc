#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and development (issue 28).
#
#   bash Tools/postgres-dev.sh start    # initdb in a temporary folder, start on a free loopback port, print the URL
#   bash Tools/postgres-dev.sh url      # print the URL of the running cluster
#   bash Tools/postgres-dev.sh status   # "running URL" or "stopped" (exit 1 when stopped)
#   bash Tools/postgres-dev.sh stop     # stop it and delete its folder (does nothing when none runs)
#
# `start` is idempotent: when the cluster already runs it prints its URL again. The URL has the form
# postgresql://govbrain:PASSWORD@127.0.0.1:PORT/govbrain (a random password, a throwaway cluster).
# The cluster lives in $GOVBRAIN_PG_DEV_DIR (default: a folder under $TMPDIR or /tmp named after the
# calling user). PostgreSQL refuses to run as root, and CI runs as root: the server then runs as the
# system user `govbrain-pg`, created when missing. PostgreSQL 15 comes from Debian's `postgresql-15`
# package, installed when missing. The server listens on 127.0.0.1 only, with scram-sha-256
# passwords, and on a Unix socket inside its folder.
set -euo pipefail

PG_VERSION=15
PG_BIN="/usr/lib/postgresql/${PG_VERSION}/bin"
BASE="${GOVBRAIN_PG_DEV_DIR:-${TMPDIR:-/tmp}/govbrain-pg-dev-$(id -un)}"
DATA="$BASE/data"
SERVICE_USER="govbrain-pg"
DB_USER="govbrain"
DB_NAME="govbrain"

die() { echo "postgres-dev: $*" >&2; exit 1; }

# Runs a command as the server's user (itself when not root).
as_server() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd "$BASE" && runuser -u "$SERVICE_USER" -- "$@")
  else
    (cd "$BASE" && "$@")
  fi
}

ensure_binaries() {
  [ -x "$PG_BIN/initdb" ] && return 0
  echo "postgres-dev: installing postgresql-${PG_VERSION}" >&2
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "postgresql-${PG_VERSION}" >&2
  [ -x "$PG_BIN/initdb" ] || die "postgresql-${PG_VERSION} is installed but $PG_BIN/initdb is missing"
}

ensure_service_user() {
  [ "$(id -u)" -eq 0 ] || return 0
  id -u "$SERVICE_USER" >/dev/null 2>&1 && return 0
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$SERVICE_USER" \
    || die "cannot create the system user $SERVICE_USER (PostgreSQL does not run as root)"
}

# A free TCP port on loopback (asks the kernel for one; falls back to probing from 54320).
free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
    return
  fi
  local p
  for p in $(seq 54320 54420); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  die "no free port between 54320 and 54420"
}

running() { [ -f "$DATA/postmaster.pid" ] && as_server "$PG_BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

print_url() { cat "$BASE/url"; }

start() {
  if [ -d "$BASE" ] && running; then print_url; return 0; fi
  # A folder left by a crashed or half-finished start: begin again.
  [ -d "$BASE" ] && rm -rf "$BASE"
  ensure_binaries
  ensure_service_user
  mkdir -p "$BASE"
  chmod 700 "$BASE"
  [ "$(id -u)" -eq 0 ] && chown "$SERVICE_USER" "$BASE"
  local password port
  password="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  port="$(free_port)"
  printf '%s\n' "$password" > "$BASE/pwfile"
  [ "$(id -u)" -eq 0 ] && chown "$SERVICE_USER" "$BASE/pwfile"
  as_server "$PG_BIN/initdb" -D "$DATA" -U "$DB_USER" --pwfile="$BASE/pwfile" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$BASE/initdb.log" 2>&1 \
    || { cat "$BASE/initdb.log" >&2; die "initdb failed (log above)"; }
  rm -f "$BASE/pwfile"
  cat >>"$DATA/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$BASE'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
shared_buffers = 128MB
EOF
  as_server "$PG_BIN/pg_ctl" -D "$DATA" -l "$BASE/server.log" -w -t 60 start >/dev/null \
    || { tail -20 "$BASE/server.log" >&2 || true; die "the server did not start (log: $BASE/server.log)"; }
  PGPASSWORD="$password" "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U "$DB_USER" "$DB_NAME" \
    || die "createdb $DB_NAME failed"
  printf 'postgresql://%s:%s@127.0.0.1:%s/%s\n' "$DB_USER" "$password" "$port" "$DB_NAME" > "$BASE/url"
  chmod 600 "$BASE/url"
  print_url
}

stop() {
  [ -d "$BASE" ] || return 0
  if running; then as_server "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >/dev/null; fi
  rm -rf "$BASE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) { [ -d "$BASE" ] && running; } || die "no cluster runs (start one with: bash Tools/postgres-dev.sh start)"; print_url ;;
  status) if [ -d "$BASE" ] && running; then echo "running $(print_url)"; else echo "stopped"; exit 1; fi ;;
  *) echo "usage: bash Tools/postgres-dev.sh start|stop|url|status" >&2; exit 2 ;;
esac
