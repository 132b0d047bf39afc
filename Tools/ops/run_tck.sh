#!/usr/bin/env bash
# Runs the openCypher TCK (Tools/ops/tck, a copy of the features at the commit in Tools/ops/tck/SOURCE.md)
# against the govbrain CLI, prints the pass table per folder, and fails when a scenario that is
# not in Tools/ops/tck/skip-list.txt does not pass.
#
#   bash Tools/ops/run_tck.sh                 # the target folders: clauses/* and expressions/* (temporal included)
#   bash Tools/ops/run_tck.sh --all           # every folder, useCases too
#   GOVBRAIN=.build/release/govbrain bash Tools/ops/run_tck.sh
# Environment: TCK_JSON (where the results go), TCK_JOBS (scenarios in parallel, default 2),
# TCK_CMD (another --cmd, e.g. Tools/bolt/run_tck_bolt.sh's, through the Python driver) and
# TCK_TMP_DIR (the runner's --tmp-dir), TCK_EXTRA_SKIPS (a second skip list, same format).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="${GOVBRAIN:-$root/.build/debug/govbrain}"
[ -x "$bin" ] || { echo "build first: swift build (or set GOVBRAIN=path/to/govbrain)" >&2; exit 2; }
select=(--include 'clauses/*' --include 'expressions/*')
if [ "${1:-}" = "--all" ]; then select=(); shift; fi
out="${TCK_JSON:-$(mktemp -t tck-XXXXXX.json)}"
cli="$bin query --db {db} --params {params} --file {query} --format json --procedures {procedures}"
cmd="${TCK_CMD:-$cli}"
tmp=()
if [ -n "${TCK_TMP_DIR:-}" ]; then tmp=(--tmp-dir "$TCK_TMP_DIR"); fi
python3 "$root/Tools/ops/tck/run_tck.py" --cmd "$cmd" "${tmp[@]}" \
  "${select[@]}" -j "${TCK_JOBS:-2}" --json-out "$out" "$@"
python3 - "$out" "$root/Tools/ops/tck/skip-list.txt" ${TCK_EXTRA_SKIPS:+"$TCK_EXTRA_SKIPS"} <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))
skips = {line.split(" | ")[0] for path in sys.argv[2:] for line in open(path, encoding="utf-8") if line.strip() and not line.startswith("#")}
bad = [s for s in results["scenarios"] if s["status"] not in ("passed", "skipped") and s["id"] not in skips]
fixed = sorted(skips & {s["id"] for s in results["scenarios"] if s["status"] == "passed"})
for s in bad:
    print(f"REGRESSION {s['id']} {s['name']}: {s['reason']} {(s['message'] or '').splitlines()[0][:160] if s['message'] else ''}")
for i in fixed:
    print(f"now passes (remove from the skip list): {i}")
print(f"{len(bad)} unexpected failure(s), {len(fixed)} skip-list entr(y/ies) now passing")
sys.exit(1 if bad else 0)
PY
