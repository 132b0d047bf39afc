#!/usr/bin/env bash
# Runs the official Neo4j Python driver against `govbrain serve --bolt-port`: sessions, managed
# and explicit transactions, every supported type, errors with their codes, roles, neo4j://
# routing, concurrent sessions and a large streamed result (see driver_check.py).
#
# Usage: Tools/bolt/driver_check.sh [path/to/govbrain]     (default: .build/debug/govbrain)
# The virtual environment is made once under .build/bolt-venv (pip install neo4j) and reused.
# Environment: BOLT_CHECK_ROWS (rows of the streamed result, default 200000).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
binary="${1:-$root/.build/debug/govbrain}"
venv="$root/.build/bolt-venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import neo4j" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "neo4j>=5.20,<6"
fi
exec "$venv/bin/python" "$root/Tools/bolt/driver_check.py" "$binary"
