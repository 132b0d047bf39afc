#!/usr/bin/env bash
# A primary, a synchronous streaming-replication standby, two GovBrain servers and nginx in front, on one
# machine, in a temporary folder (issue 28: "Replica and failover"). Used by Tools/fault_test.py.
#
#   bash Tools/pg-ha.sh up             # build and start everything; prints the URLs (idempotent)
#   bash Tools/pg-ha.sh up --no-servers  # only the two PostgreSQL nodes (for `fault_test.py --via cli`)
#   bash Tools/pg-ha.sh status         # roles of the two PostgreSQL nodes, replication, servers, nginx
#   bash Tools/pg-ha.sh env            # KEY=VALUE lines (NGINX_URL, SERVER_URLS, DB_URL, API_KEY, …) for scripts
#   bash Tools/pg-ha.sh kill-primary   # kill -9 the postmaster of the node that is primary now
#   bash Tools/pg-ha.sh promote        # promote the standby (refused while the primary still runs)
#   bash Tools/pg-ha.sh rejoin         # rebuild the dead node as the new primary's synchronous standby
#   bash Tools/pg-ha.sh unsafe-async   # negative control: asynchronous, standby cut off (writes will be lost)
#   bash Tools/pg-ha.sh down           # stop everything and delete the folder
#   GOVBRAIN_HA_STANDBY_READS=1 bash Tools/pg-ha.sh up   # the servers read from the standby (below)
#
# The arrangement. Plain streaming replication (PostgreSQL 15 from Debian's `postgresql-15`): node1 starts
# as the primary, node2 is its standby (pg_basebackup through a physical replication slot, hot standby).
# The primary has synchronous_standby_names = 'node2' and synchronous_commit = remote_apply, so a commit is
# acknowledged only once the standby has written, flushed and applied it: an acknowledged write is on both
# nodes and visible on the standby. Promotion is a step (`promote`, which Tools/fault_test.py runs when it
# sees the primary gone), not a daemon: on one machine a home-made monitor would add a split-brain risk
# and nothing else (pg_auto_failover, packaged as `postgresql-15-auto-failover`, is the monitor to use
# across machines; see the README). After promotion the new primary runs alone with synchronous
# replication switched off (it has no standby to wait for; writes would otherwise hang), as
# pg_auto_failover's wait_primary state does; the old primary stays down until `rejoin` rebuilds it as
# the new primary's standby and turns synchronous replication back on.
#
# The servers are `govbrain serve --db 'postgresql://…@127.0.0.1:P1,127.0.0.1:P2/govbrain?target_session_attrs=read-write'`:
# libpq's host order, so each connection goes to whichever node accepts writes. nginx balances the two
# servers (round robin, keep-alive), marks a server failed after one connection error or timeout for 2 s
# (passive health check), and retries idempotent requests (GET, HEAD, …) on the other server; a POST is
# never sent twice (nginx's default: no `non_idempotent`).
#
# With GOVBRAIN_HA_STANDBY_READS=1 at `up`, the servers' URL says target_session_attrs=prefer-standby instead:
# GovBrain's readers (read-only queries and transactions) then connect to the standby while it runs, and the
# writer, the key/audit connections and the change listener still ask for read-write (the primary). With
# remote_apply every acknowledged write is already visible there. `status` counts each node's GovBrain sessions.
#
# Where: $GOVBRAIN_HA_DIR (default /tmp/govbrain-ha-USER). PostgreSQL and nginx run as the system user
# `govbrain-pg` when started by root (PostgreSQL refuses root), the GovBrain servers as the caller.
# The govbrain binary: $GOVBRAIN_BIN, else .build/release/govbrain, else .build/debug/govbrain (copied
# into the folder so that a rebuild does not change it underneath).
set -euo pipefail

PG_VERSION=15
PG_BIN="/usr/lib/postgresql/${PG_VERSION}/bin"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BASE="${GOVBRAIN_HA_DIR:-${TMPDIR:-/tmp}/govbrain-ha-$(id -un)}"
SERVICE_USER="govbrain-pg"
DB_USER="govbrain"
DB_NAME="govbrain"
REPL_USER="replicator"

die() { echo "pg-ha: $*" >&2; exit 1; }
note() { echo "pg-ha: $*" >&2; }
is_root() { [ "$(id -u)" -eq 0 ]; }

# Runs a command as the PostgreSQL/nginx user (the caller when not root), in the folder.
as_service() {
  if is_root; then (cd "$BASE" && runuser -u "$SERVICE_USER" -- "$@"); else (cd "$BASE" && "$@"); fi
}

own() { is_root && chown "$SERVICE_USER" "$@"; return 0; }

ensure_packages() {
  local missing=()
  [ -x "$PG_BIN/initdb" ] || missing+=("postgresql-${PG_VERSION}")
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=("nginx-light")
  [ "${#missing[@]}" -eq 0 ] && return 0
  note "installing ${missing[*]}"
  local sudo=""; is_root || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  [ -x "$PG_BIN/initdb" ] || die "postgresql-${PG_VERSION} is installed but $PG_BIN/initdb is missing"
}

ensure_service_user() {
  is_root || return 0
  id -u "$SERVICE_USER" >/dev/null 2>&1 && return 0
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$SERVICE_USER" \
    || die "cannot create the system user $SERVICE_USER (PostgreSQL does not run as root)"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

nginx_bin() { command -v nginx 2>/dev/null || echo /usr/sbin/nginx; }

# The folder's settings (ports, passwords), written by `up`.
load_env() {
  [ -f "$BASE/ha.env" ] || die "nothing runs (start it with: bash Tools/pg-ha.sh up)"
  # shellcheck disable=SC1091
  . "$BASE/ha.env"
}

node_port() { if [ "$1" = node1 ]; then echo "$PORT1"; else echo "$PORT2"; fi; }
other_node() { if [ "$1" = node1 ]; then echo node2; else echo node1; fi; }

# psql as the superuser over the node's Unix socket; prints the bare value.
node_sql() {
  local node="$1"; shift
  as_service env PGPASSWORD="$DB_PASSWORD" PGCONNECT_TIMEOUT=3 "$PG_BIN/psql" -X -q -A -t \
    -h "$BASE" -p "$(node_port "$node")" -U "$DB_USER" -d "$DB_NAME" -v ON_ERROR_STOP=1 -c "$*"
}

node_running() { [ -f "$BASE/$1/postmaster.pid" ] && as_service "$PG_BIN/pg_ctl" -D "$BASE/$1" status >/dev/null 2>&1; }

# "primary", "standby" or "down".
node_role() {
  node_running "$1" || { echo down; return; }
  case "$(node_sql "$1" 'SELECT pg_is_in_recovery()' 2>/dev/null || true)" in
    f) echo primary ;; t) echo standby ;; *) echo down ;;
  esac
}

server_pid_alive() { [ -f "$BASE/server$1.pid" ] && kill -0 "$(cat "$BASE/server$1.pid")" 2>/dev/null; }

print_urls() {
  load_env
  echo "nginx (use this)  http://127.0.0.1:$NGINX_PORT"
  echo "GovBrain server A http://127.0.0.1:$SERVER_PORT_A   (log $BASE/serverA.log)"
  echo "GovBrain server B http://127.0.0.1:$SERVER_PORT_B   (log $BASE/serverB.log)"
  echo "PostgreSQL        node1 127.0.0.1:$PORT1, node2 127.0.0.1:$PORT2 (logs $BASE/node1.log, node2.log)"
  echo "API key (admin)   in $BASE/api-key; the database URL in $BASE/db-url"
}

init_primary() {
  note "initdb node1 (primary) on port $PORT1"
  printf '%s\n' "$DB_PASSWORD" > "$BASE/pwfile"; own "$BASE/pwfile"; chmod 600 "$BASE/pwfile"
  as_service "$PG_BIN/initdb" -D "$BASE/node1" -U "$DB_USER" --pwfile="$BASE/pwfile" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$BASE/initdb.log" 2>&1 \
    || { cat "$BASE/initdb.log" >&2; die "initdb failed (log above)"; }
  rm -f "$BASE/pwfile"
  # Both nodes get the same settings (the standby is a copy); each names the other as its synchronous
  # standby, for the day it is the primary. The port is set per node below.
  cat >>"$BASE/node1/postgresql.conf" <<EOF
# --- Tools/pg-ha.sh ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$BASE'
max_connections = 200
shared_buffers = 128MB
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
wal_keep_size = 256MB
hot_standby = on
hot_standby_feedback = on
wal_log_hints = on
synchronous_commit = remote_apply
wal_receiver_status_interval = 1s
wal_sender_timeout = 10s
wal_receiver_timeout = 10s
log_line_prefix = '%m [%p] %a '
EOF
  echo "port = $PORT1" >>"$BASE/node1/postgresql.conf"
  echo "synchronous_standby_names = 'node2'" >>"$BASE/node1/postgresql.conf"
  as_service "$PG_BIN/pg_ctl" -D "$BASE/node1" -l "$BASE/node1.log" -w -t 60 start >/dev/null \
    || { tail -20 "$BASE/node1.log" >&2 || true; die "node1 did not start (log: $BASE/node1.log)"; }
  # No standby yet: commits would wait for node2; create the database and roles without waiting.
  as_service env PGPASSWORD="$DB_PASSWORD" PGOPTIONS="-c synchronous_commit=local" "$PG_BIN/psql" -X -q \
    -h "$BASE" -p "$PORT1" -U "$DB_USER" -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE DATABASE $DB_NAME" \
    -c "CREATE ROLE $REPL_USER WITH REPLICATION LOGIN PASSWORD '$REPL_PASSWORD'" \
    -c "SELECT pg_create_physical_replication_slot('node2')" \
    -c "SELECT pg_create_physical_replication_slot('node1')" >/dev/null \
    || die "creating the database, the replication role or the slots on node1 failed"
}

init_standby() {
  note "pg_basebackup node2 (standby) on port $PORT2"
  as_service env PGPASSWORD="$REPL_PASSWORD" "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PORT1" -U "$REPL_USER" \
    -D "$BASE/node2" -X stream -S node2 -c fast >"$BASE/basebackup.log" 2>&1 \
    || { cat "$BASE/basebackup.log" >&2; die "pg_basebackup failed (log above)"; }
  # The slot node1 was copied by the backup; drop it on node2 only if it is not needed (it is: node1 uses
  # it when it rejoins as node2's standby).
  {
    echo "port = $PORT2"
    echo "synchronous_standby_names = 'node1'"
    echo "primary_conninfo = 'host=127.0.0.1 port=$PORT1 user=$REPL_USER password=$REPL_PASSWORD application_name=node2'"
    echo "primary_slot_name = 'node2'"
  } >>"$BASE/node2/postgresql.conf"
  as_service touch "$BASE/node2/standby.signal"
  as_service "$PG_BIN/pg_ctl" -D "$BASE/node2" -l "$BASE/node2.log" -w -t 60 start >/dev/null \
    || { tail -20 "$BASE/node2.log" >&2 || true; die "node2 did not start (log: $BASE/node2.log)"; }
  local i state=""
  for i in $(seq 1 60); do
    state="$(node_sql node1 "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'node2'" 2>/dev/null || true)"
    [ "$state" = sync ] && break
    sleep 0.5
  done
  [ "$state" = sync ] || die "node2 is not a synchronous standby of node1 after 30 s (state '$state'; logs: $BASE/node*.log)"
  note "node2 streams from node1, synchronous"
}

govbrain_bin() {
  local bin="${GOVBRAIN_BIN:-}"
  if [ -z "$bin" ]; then
    if [ -x "$ROOT/.build/release/govbrain" ]; then bin="$ROOT/.build/release/govbrain"; else bin="$ROOT/.build/debug/govbrain"; fi
  fi
  [ -x "$bin" ] || die "no govbrain binary at $bin (build it: swift build -c release --product govbrain, or set GOVBRAIN_BIN)"
  echo "$bin"
}

# Files GovBrain keeps beside a PostgreSQL store (the audit log's HMAC secret, a bootstrap key) go into the
# folder, shared by both servers and the CLI: one secret for the one audit log.
# GOVBRAIN_HOME: the copied binary finds Ontology/ and Datasets/ from any working folder.
state_env() {
  export GOVBRAIN_STATE_DIR="$BASE/state" GOVBRAIN_AUDIT_SECRET_FILE="$BASE/state/audit-secret" GOVBRAIN_HOME="$ROOT"
}

# The admin key the fault test and the examples use: `keys create` on the database, or (when keys does not
# take a URL) the bootstrap key the first server prints.
create_key() {
  local out
  state_env
  # An empty store first (`query` creates one in a schema that has none; serve opens existing ones).
  "$BASE/govbrain" query --db "$DB_URL" "RETURN 1" >/dev/null 2>"$BASE/store-init.log" \
    || { cat "$BASE/store-init.log" >&2; die "creating the GovBrain store on node1 failed (log above)"; }
  if out="$("$BASE/govbrain" keys create --db "$DB_URL" --role admin --name ha-admin 2>"$BASE/keys.log")"; then
    printf '%s\n' "$out" | tail -1 > "$BASE/api-key"
  fi
}

start_server() {
  local name="$1" port="$2"
  state_env
  note "starting GovBrain server $name on port $port"
  # Generous rate limits: the fault test's load is one client, and 429s are not what it measures.
  # The URL (with its password) goes in the environment, not on the command line that ps shows.
  GOVBRAIN_DB="${SERVER_DB_URL:-$DB_URL}" GOVBRAIN_RATE_LIMIT_PER_SECOND=100000 GOVBRAIN_RATE_LIMIT_BURST=100000 \
    nohup "$BASE/govbrain" serve --host 127.0.0.1 --port "$port" ${GOVBRAIN_HA_SERVE_ARGS:-} \
    >"$BASE/server$name.log" 2>&1 </dev/null &
  echo $! > "$BASE/server$name.pid"
}

wait_server() {
  local name="$1" port="$2" i
  for i in $(seq 1 240); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null; then return 0; fi
    server_pid_alive "$name" || { tail -20 "$BASE/server$name.log" >&2; die "server $name exited (log: $BASE/server$name.log)"; }
    sleep 0.5
  done
  die "server $name did not answer /healthz in 120 s (log: $BASE/server$name.log)"
}

start_nginx() {
  mkdir -p "$BASE/nginx/tmp"
  cat >"$BASE/nginx/nginx.conf" <<EOF
# Tools/pg-ha.sh: two GovBrain servers behind one address.
worker_processes 1;
pid $BASE/nginx/nginx.pid;
error_log $BASE/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log $BASE/nginx/access.log;
  client_body_temp_path $BASE/nginx/tmp/body;
  proxy_temp_path $BASE/nginx/tmp/proxy;
  fastcgi_temp_path $BASE/nginx/tmp/fastcgi;
  uwsgi_temp_path $BASE/nginx/tmp/uwsgi;
  scgi_temp_path $BASE/nginx/tmp/scgi;
  client_max_body_size 64m;
  upstream govbrain {
    # Passive health checks: one failed attempt (a connection error or timeout) takes a server out for 2 s.
    server 127.0.0.1:$SERVER_PORT_A max_fails=1 fail_timeout=2s;
    server 127.0.0.1:$SERVER_PORT_B max_fails=1 fail_timeout=2s;
    keepalive 32;
  }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://govbrain;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      # Which server answered (the last one tried), for the fault test.
      add_header X-Upstream \$upstream_addr always;
      proxy_connect_timeout 2s;
      proxy_read_timeout 40s;  # above the servers' 30 s query timeout
      proxy_buffering off;
      # Idempotent requests go to the other server when one is unreachable or answers 502/504; POSTs never
      # do (no non_idempotent). The servers' own 503 (database unavailable, overload) passes through: both
      # share the database, so trying the other would not help.
      proxy_next_upstream error timeout http_502 http_504;
      proxy_next_upstream_tries 2;
      proxy_next_upstream_timeout 10s;
    }
  }
}
EOF
  is_root && chown -R "$SERVICE_USER" "$BASE/nginx"
  as_service "$(nginx_bin)" -p "$BASE/nginx" -c "$BASE/nginx/nginx.conf" -e "$BASE/nginx/error.log" \
    || die "nginx did not start (log: $BASE/nginx/error.log)"
}

up() {
  local no_servers=0
  [ "${1:-}" = --no-servers ] && no_servers=1
  if [ -f "$BASE/ha.env" ]; then
    load_env
    if [ "$(node_role node1)" != down ] || [ "$(node_role node2)" != down ]; then print_urls; return 0; fi
    note "a stopped arrangement is left in $BASE: removing it"
    down_all
  fi
  ensure_packages
  ensure_service_user
  command -v python3 >/dev/null 2>&1 || die "python3 is needed (free ports, the fault test)"
  command -v curl >/dev/null 2>&1 || die "curl is needed"
  local bin; bin="$(govbrain_bin)"
  mkdir -p "$BASE"; chmod 711 "$BASE"; own "$BASE"
  cp "$bin" "$BASE/govbrain"
  PORT1="$(free_port)"; PORT2="$(free_port)"
  while [ "$PORT2" = "$PORT1" ]; do PORT2="$(free_port)"; done
  SERVER_PORT_A="$(free_port)"; SERVER_PORT_B="$(free_port)"; NGINX_PORT="$(free_port)"
  DB_PASSWORD="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  REPL_PASSWORD="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  DB_URL="postgresql://$DB_USER:$DB_PASSWORD@127.0.0.1:$PORT1,127.0.0.1:$PORT2/$DB_NAME?target_session_attrs=read-write&connect_timeout=3"
  SERVER_DB_URL="$DB_URL"
  if [ "${GOVBRAIN_HA_STANDBY_READS:-0}" = 1 ]; then
    SERVER_DB_URL="${DB_URL/target_session_attrs=read-write/target_session_attrs=prefer-standby}"
  fi
  cat >"$BASE/ha.env" <<EOF
PORT1=$PORT1
PORT2=$PORT2
SERVER_PORT_A=$SERVER_PORT_A
SERVER_PORT_B=$SERVER_PORT_B
NGINX_PORT=$NGINX_PORT
DB_PASSWORD=$DB_PASSWORD
REPL_PASSWORD=$REPL_PASSWORD
DB_URL='$DB_URL'
SERVER_DB_URL='$SERVER_DB_URL'
EOF
  chmod 600 "$BASE/ha.env"
  printf '%s\n' "$DB_URL" > "$BASE/db-url"; chmod 600 "$BASE/db-url"
  init_primary
  init_standby
  create_key
  if [ "$no_servers" = 1 ]; then
    note "--no-servers: PostgreSQL only"
    echo "database URL: $BASE/db-url"
    return 0
  fi
  start_server A "$SERVER_PORT_A"
  wait_server A "$SERVER_PORT_A"
  if [ ! -s "$BASE/api-key" ]; then
    # serve creates a bootstrap admin key when the database has none, in a file its log names.
    local file
    file="$(grep -Eo "[^ ']*bootstrap-admin-key" "$BASE/serverA.log" | head -1 || true)"
    if [ -n "$file" ] && [ -r "$file" ]; then
      grep -Eo 'gbk_[A-Za-z0-9_-]+' "$file" | head -1 > "$BASE/api-key" || true
    else
      grep -Eo 'gbk_[A-Za-z0-9_-]+' "$BASE/serverA.log" | head -1 > "$BASE/api-key" || true
    fi
  fi
  start_server B "$SERVER_PORT_B"
  wait_server B "$SERVER_PORT_B"
  chmod 600 "$BASE/api-key" 2>/dev/null || true
  [ -s "$BASE/api-key" ] || note "no API key found (keys create: $BASE/keys.log; server A: $BASE/serverA.log)"
  start_nginx
  curl -fsS -o /dev/null "http://127.0.0.1:$NGINX_PORT/healthz" || die "nginx does not reach the servers (log: $BASE/nginx/error.log)"
  print_urls
}

status() {
  load_env
  local n role
  for n in node1 node2; do
    role="$(node_role "$n")"
    echo "$n 127.0.0.1:$(node_port "$n") $role"
    [ "$role" = down ] || echo "  GovBrain sessions: $(node_sql "$n" "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'govbrain'" 2>/dev/null || echo '?')"
    if [ "$role" = primary ]; then
      node_sql "$n" "SELECT '  standby ' || application_name || ': ' || state || ', ' || sync_state || ', replay lag ' || coalesce(replay_lag::text, '0') FROM pg_stat_replication" 2>/dev/null || true
      echo "  synchronous_standby_names = '$(node_sql "$n" 'SHOW synchronous_standby_names' 2>/dev/null || true)'"
    fi
  done
  local s port
  for s in A B; do
    if [ "$s" = A ]; then port="$SERVER_PORT_A"; else port="$SERVER_PORT_B"; fi
    if server_pid_alive "$s"; then
      echo "server $s http://127.0.0.1:$port running, /readyz $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz" || true)"
    else
      echo "server $s http://127.0.0.1:$port stopped"
    fi
  done
  if [ -f "$BASE/nginx/nginx.pid" ] && kill -0 "$(cat "$BASE/nginx/nginx.pid")" 2>/dev/null; then
    echo "nginx http://127.0.0.1:$NGINX_PORT running"
  else
    echo "nginx stopped"
  fi
}

env_lines() {
  load_env
  echo "NGINX_URL=http://127.0.0.1:$NGINX_PORT"
  echo "SERVER_URLS=http://127.0.0.1:$SERVER_PORT_A,http://127.0.0.1:$SERVER_PORT_B"
  echo "DB_URL=$DB_URL"
  echo "API_KEY=$(cat "$BASE/api-key" 2>/dev/null || true)"
  echo "NODE1=127.0.0.1:$PORT1"
  echo "NODE2=127.0.0.1:$PORT2"
  echo "HA_DIR=$BASE"
}

kill_primary() {
  load_env
  local n pid
  for n in node1 node2; do
    if [ "$(node_role "$n")" = primary ]; then
      pid="$(head -1 "$BASE/$n/postmaster.pid")"
      # A killed postmaster leaves its small System V segment behind: noted for `rejoin` and `down`.
      sed -n 7p "$BASE/$n/postmaster.pid" | awk '{print $2}' >> "$BASE/orphaned-shm"
      kill -9 "$pid"
      echo "killed the postmaster of $n (pid $pid) with SIGKILL"
      return 0
    fi
  done
  die "no node is primary now"
}

promote() {
  load_env
  local n standby="" primary=""
  for n in node1 node2; do
    case "$(node_role "$n")" in primary) primary="$n" ;; standby) standby="$n" ;; esac
  done
  [ -z "$primary" ] || die "$primary is still the primary: promoting $standby now would make two primaries (kill-primary first)"
  [ -n "$standby" ] || die "no standby runs"
  as_service "$PG_BIN/pg_ctl" -D "$BASE/$standby" -w -t 60 promote >/dev/null || die "pg_ctl promote $standby failed"
  # Alone now: a synchronous standby it waits for would never come, and every commit would hang.
  node_sql "$standby" "ALTER SYSTEM SET synchronous_standby_names = ''" >/dev/null
  node_sql "$standby" "SELECT pg_reload_conf()" >/dev/null
  echo "promoted $standby (127.0.0.1:$(node_port "$standby")); it runs without a synchronous standby until one rejoins"
}

# Rebuilds the dead old primary as a standby of the new one (a fresh pg_basebackup: robust, and quick
# for a database of this size; pg_rewind is the tool when it is large) and turns synchronous replication
# back on.
rejoin() {
  load_env
  local n primary="" dead=""
  for n in node1 node2; do
    case "$(node_role "$n")" in primary) primary="$n" ;; down) dead="$n" ;; esac
  done
  [ -n "$primary" ] || die "no node is primary"
  [ -n "$dead" ] || die "both nodes run; nothing to rejoin"
  local port; port="$(node_port "$dead")"
  note "rebuilding $dead as a standby of $primary"
  as_service "$PG_BIN/pg_ctl" -D "$BASE/$dead" -m immediate stop >/dev/null 2>&1 || true
  remove_orphaned_shm
  rm -rf "${BASE:?}/$dead"
  node_sql "$primary" "SELECT pg_create_physical_replication_slot('$dead') WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = '$dead')" >/dev/null
  as_service env PGPASSWORD="$REPL_PASSWORD" "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$(node_port "$primary")" \
    -U "$REPL_USER" -D "$BASE/$dead" -X stream -S "$dead" -c fast >"$BASE/basebackup.log" 2>&1 \
    || { cat "$BASE/basebackup.log" >&2; die "pg_basebackup failed (log above)"; }
  # postgresql.auto.conf is read last: the copy's port and upstream are replaced there.
  {
    echo "port = $port"
    echo "synchronous_standby_names = '$primary'"
    echo "primary_conninfo = 'host=127.0.0.1 port=$(node_port "$primary") user=$REPL_USER password=$REPL_PASSWORD application_name=$dead'"
    echo "primary_slot_name = '$dead'"
  } >>"$BASE/$dead/postgresql.auto.conf"
  as_service touch "$BASE/$dead/standby.signal"
  as_service "$PG_BIN/pg_ctl" -D "$BASE/$dead" -l "$BASE/$dead.log" -w -t 60 start >/dev/null \
    || { tail -20 "$BASE/$dead.log" >&2 || true; die "$dead did not start (log: $BASE/$dead.log)"; }
  node_sql "$primary" "ALTER SYSTEM SET synchronous_standby_names = '$dead'" >/dev/null
  node_sql "$primary" "SELECT pg_reload_conf()" >/dev/null
  local i state=""
  for i in $(seq 1 60); do
    state="$(node_sql "$primary" "SELECT sync_state FROM pg_stat_replication WHERE application_name = '$dead'" 2>/dev/null || true)"
    [ "$state" = sync ] && break
    sleep 0.5
  done
  [ "$state" = sync ] || die "$dead is not a synchronous standby after 30 s (state '$state')"
  echo "$dead is a synchronous standby of $primary again"
}

# The negative control of the fault test: replication made asynchronous and the standby cut off, so
# that writes acknowledged from now on are on the primary only (and lost with it). Never for real use.
unsafe_async() {
  load_env
  local n primary="" standby=""
  for n in node1 node2; do
    case "$(node_role "$n")" in primary) primary="$n" ;; standby) standby="$n" ;; esac
  done
  [ -n "$primary" ] && [ -n "$standby" ] || die "needs a primary and a standby"
  node_sql "$primary" "ALTER SYSTEM SET synchronous_standby_names = ''" >/dev/null
  node_sql "$primary" "SELECT pg_reload_conf()" >/dev/null
  node_sql "$standby" "ALTER SYSTEM SET primary_conninfo = ''" >/dev/null
  node_sql "$standby" "SELECT pg_reload_conf()" >/dev/null
  echo "UNSAFE: $primary commits without waiting, and $standby no longer receives its WAL"
}

# Removes the System V segments of killed postmasters once nothing is attached to them.
remove_orphaned_shm() {
  [ -f "$BASE/orphaned-shm" ] || return 0
  local id
  while read -r id; do
    [ -n "$id" ] || continue
    if ipcs -m -i "$id" 2>/dev/null | grep -q 'nattch=0'; then ipcrm -m "$id" 2>/dev/null || true; fi
  done < "$BASE/orphaned-shm"
  rm -f "$BASE/orphaned-shm"
}

down_all() {
  [ -d "$BASE" ] || return 0
  local s pid
  for s in A B; do
    if [ -f "$BASE/server$s.pid" ]; then
      pid="$(cat "$BASE/server$s.pid")"
      if kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
      fi
    fi
  done
  if [ -f "$BASE/nginx/nginx.pid" ]; then
    pid="$(cat "$BASE/nginx/nginx.pid")"
    kill -QUIT "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  local n
  for n in node1 node2; do
    if [ -f "$BASE/$n/postmaster.pid" ]; then
      as_service "$PG_BIN/pg_ctl" -D "$BASE/$n" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    fi
  done
  remove_orphaned_shm
  rm -rf "$BASE"
}

case "${1:-}" in
  up) shift; up "$@" ;;
  down) down_all; echo "pg-ha: stopped and removed $BASE" ;;
  status) status ;;
  env) env_lines ;;
  urls) print_urls ;;
  kill-primary) kill_primary ;;
  promote) promote ;;
  rejoin) rejoin ;;
  unsafe-async) unsafe_async ;;
  *) echo "usage: bash Tools/pg-ha.sh up [--no-servers]|status|env|urls|kill-primary|promote|rejoin|unsafe-async|down" >&2; exit 2 ;;
esac
