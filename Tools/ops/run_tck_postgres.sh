#!/usr/bin/env bash
# Runs openCypher TCK folders through the govbrain CLI on PostgreSQL (issue 28: one conformance
# suite on both backends), as Tools/ops/run_tck.sh does on SQLite: every scenario's store is a
# schema of a database made for this run (dropped at the end), named after the scenario's
# temporary folder. Fails when a scenario that is not in Tools/ops/tck/skip-list.txt does not pass;
# with --compare cli.json (an SQLite run's TCK_JSON), also when a scenario this run ran passes on
# one backend only.
#
# By default it runs the same target folders as run_tck.sh (clauses/*, expressions/*: 3,866
# scenarios), which is what .ci/run runs; --quick runs only the folders whose scenarios read and
# write stored graphs: the clauses that write (create, delete, merge, set, remove), match-where,
# and expressions/graph (374 scenarios). Every scenario costs a schema (about 20 tables, indexes
# and triggers: 60 ms of DDL on the server) and each command a connection, so a run takes about
# twice as long as SQLite's: measured 2026-12-07 on two cores, debug build, quiet machine:
# clauses/return 63 scenarios in 10.8 s here, 5.4 s through run_tck.sh. Each command may take 30 s
# (run_tck.sh: 10 s): a schema's DDL under a loaded machine was the one timeout seen in a full run.
#   bash Tools/ops/run_tck_postgres.sh                        # the target folders, as run_tck.sh
#   bash Tools/ops/run_tck_postgres.sh --quick                # the 374 scenarios that write stored graphs
#   bash Tools/ops/run_tck_postgres.sh --compare cli.json     # and compare with TCK_JSON=cli.json bash Tools/ops/run_tck.sh
#   bash Tools/ops/run_tck_postgres.sh --all --include 'clauses/match/*'   # other folders (arguments of run_tck.sh)
# Environment: GOVBRAIN_TEST_POSTGRES_URL (the server; default: Tools/postgres-dev.sh start), whose
# user may CREATE DATABASE; GOVBRAIN (the binary), TCK_JSON, TCK_JOBS as for run_tck.sh; TCK_TIMEOUT (seconds
# per command, default 30). Needs psql.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="${GOVBRAIN:-$root/.build/debug/govbrain}"
[ -x "$bin" ] || { echo "build first: swift build (or set GOVBRAIN=path/to/govbrain)" >&2; exit 2; }
command -v psql >/dev/null || { echo "psql not found: install postgresql-client" >&2; exit 2; }
compare=""
quick=""
while [ $# -gt 0 ]; do
    case "$1" in
        --compare) compare="$2"; shift 2;;
        --quick) quick=1; shift;;
        *) break;;
    esac
done
url="${GOVBRAIN_TEST_POSTGRES_URL:-$(bash "$root/Tools/postgres-dev.sh" start)}"
# postgresql://user:pw@host:port/db?query -> the same server, database $name, same query.
name="tck_$$_$(date +%s)"
base="${url%%\?*}"; query="${url#"$base"}"
run_url="${base%/*}/$name$query"
work="$(mktemp -d -t tck-pg-XXXXXX)"
cleanup() {
    psql "$url" -qX -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
psql "$url" -qX -v ON_ERROR_STOP=1 -c "CREATE DATABASE $name" >/dev/null
# One query of a scenario: {db} is <work>/tck-XXXX/graph.db; the scenario's schema is tck_XXXX
# (mkdtemp names are lowercase letters, digits and underscores).
cat >"$work/query.sh" <<EOF
#!/usr/bin/env bash
folder="\${1%/*}"; schema="s_\${folder##*/tck-}"; shift
sep="?"; case "$run_url" in *\?*) sep="&";; esac
exec "$bin" query --db "$run_url\${sep}options=-csearch_path%3D\$schema" "\$@"
EOF
chmod +x "$work/query.sh"
mkdir "$work/scenarios"
select=("$@")
if [ -n "$quick" ]; then
    select=(--all)
    for folder in clauses/create clauses/delete clauses/merge clauses/set clauses/remove clauses/match-where expressions/graph; do
        select+=(--include "$folder/*")
    done
fi
out="${TCK_JSON:-$work/pg.json}"
started=$(date +%s)
status=0
TCK_JSON="$out" TCK_TMP_DIR="$work/scenarios" \
TCK_CMD="$work/query.sh {db} --params {params} --file {query} --format json --procedures {procedures}" \
    bash "$root/Tools/ops/run_tck.sh" "${select[@]}" --timeout "${TCK_TIMEOUT:-30}" || status=$?
echo "TCK through the CLI on PostgreSQL: $(( $(date +%s) - started )) s"
if [ -n "$compare" ]; then
    python3 - "$compare" "$out" <<'PY' || status=1
import json, sys
sqlite, pg = (json.load(open(p)) for p in sys.argv[1:3])
ran = {s["id"] for s in pg["scenarios"]}
def passed(r): return {s["id"] for s in r["scenarios"] if s["status"] == "passed" and s["id"] in ran}
a, b = passed(sqlite), passed(pg)
print(f"passed: {len(a)} on SQLite, {len(b)} on PostgreSQL")
for i in sorted(a - b): print(f"passes on SQLite only: {i}")
for i in sorted(b - a): print(f"passes on PostgreSQL only: {i}")
sys.exit(1 if a != b else 0)
PY
fi
exit $status
