#!/usr/bin/env bash
# Runs the openCypher TCK target folders (as Tools/ops/run_tck.sh does through the CLI) through
# the official Neo4j Python driver and GovBrain's Bolt server: one `govbrain serve` with
# `--bolt-databases` on the runner's temporary folder (each scenario's {db} is a database the
# server creates on first use), one bridge process holding the driver (tck_bridge.py), and a tiny
# per-query client (tck_client.py). Fails when a scenario not in the skip lists fails
# (Tools/ops/tck/skip-list.txt, and Tools/bolt/tck-driver-limits.txt: what the Python driver
# cannot represent), and, given the CLI run's results, when another scenario passes one way only.
#
#   bash Tools/bolt/run_tck_bolt.sh                       # the target folders through Bolt
#   bash Tools/bolt/run_tck_bolt.sh --compare cli.json    # and compare with TCK_JSON=cli.json bash Tools/ops/run_tck.sh
#   GOVBRAIN=.build/release/govbrain bash Tools/bolt/run_tck_bolt.sh
# Other arguments go to the TCK runner (e.g. --include 'clauses/match/*'). The virtual
# environment is the driver check's (.build/bolt-venv, made once).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="${GOVBRAIN:-$root/.build/debug/govbrain}"
[ -x "$bin" ] || { echo "build first: swift build (or set GOVBRAIN=path/to/govbrain)" >&2; exit 2; }
compare=""
if [ "${1:-}" = "--compare" ]; then compare="$2"; shift 2; fi
venv="$root/.build/bolt-venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import neo4j, pytz, tzdata" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "neo4j>=5.20,<6" pytz tzdata
fi
work="$(mktemp -d -t tck-bolt-XXXXXX)"
server_pid=""; bridge_pid=""
cleanup() {
    [ -n "$bridge_pid" ] && kill "$bridge_pid" 2>/dev/null || true
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
mkdir "$work/databases"
"$bin" query --db "$work/served.sqlite" "RETURN 1" >/dev/null
key="$("$bin" keys create --db "$work/served.sqlite" --role admin --name tck-bolt | tail -n 1)"
GOVBRAIN_HOME="$root" "$bin" serve --db "$work/served.sqlite" --port 0 --bolt-port 0 --host 127.0.0.1 \
    --bolt-databases "$work/databases" --bolt-create-databases \
    --set logLevel=error --set rateLimitPerSecond=100000 --set rateLimitBurst=100000 --set queryTimeoutSeconds=60 \
    >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 1 600); do
    grep -q "bolt://" "$work/server.out" 2>/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.out" "$work/server.err" >&2; echo "the server did not start" >&2; exit 1; }
    sleep 0.1
done
port="$(sed -n 's#.*bolt://[^:]*:\([0-9]*\).*#\1#p' "$work/server.out" | head -n 1)"
[ -n "$port" ] || { echo "the server printed no Bolt address" >&2; exit 1; }
"$venv/bin/python" "$root/Tools/bolt/tck_bridge.py" --socket "$work/bridge.sock" --url "bolt://127.0.0.1:$port" \
    --key "$key" --databases "$work/databases" >"$work/bridge.out" 2>&1 &
bridge_pid=$!
for _ in $(seq 1 300); do
    [ -S "$work/bridge.sock" ] && break
    kill -0 "$bridge_pid" 2>/dev/null || { cat "$work/bridge.out" >&2; echo "the bridge did not start" >&2; exit 1; }
    sleep 0.1
done
out="${TCK_JSON:-$work/bolt.json}"
started=$(date +%s)
status=0
limits="$root/Tools/bolt/tck-driver-limits.txt"
TCK_JSON="$out" TCK_TMP_DIR="$work/databases" TCK_EXTRA_SKIPS="$limits" \
TCK_CMD="python3 -S $root/Tools/bolt/tck_client.py $work/bridge.sock {db} {params} {query} {procedures}" \
    bash "$root/Tools/ops/run_tck.sh" "$@" || status=$?
echo "TCK through Bolt (Python driver $("$venv/bin/python" -c 'import neo4j; print(neo4j.__version__)')): $(( $(date +%s) - started )) s"
if [ -n "$compare" ]; then
    python3 - "$compare" "$out" "$limits" <<'PY' || status=1
import json, sys
cli, bolt = (json.load(open(p)) for p in sys.argv[1:3])
limits = {line.split(" | ")[0] for line in open(sys.argv[3], encoding="utf-8") if line.strip() and not line.startswith("#")}
def passed(r): return {s["id"] for s in r["scenarios"] if s["status"] == "passed"}
a, b = passed(cli), passed(bolt)
print(f"passed: {len(a)} through the CLI, {len(b)} through Bolt ({len(limits)} listed in tck-driver-limits.txt)")
unexpected = sorted((a - b) - limits) + sorted(b - a)
stale = sorted(limits & b)
for i in sorted((a - b) - limits): print(f"passes through the CLI only: {i}")
for i in sorted(b - a): print(f"passes through Bolt only: {i}")
for i in stale: print(f"passes through Bolt now (remove from tck-driver-limits.txt): {i}")
sys.exit(1 if unexpected or stale else 0)
PY
fi
exit $status
