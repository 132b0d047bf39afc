#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build in release mode and serve the demo
# database (built from Datasets/ on first run) at http://127.0.0.1:8080.
# Extra arguments go to `govbrain serve` (e.g. --port 9090).
set -euo pipefail
cd "$(dirname "$0")/.."
bash Tools/install-system-packages.sh
swift build -c release --product govbrain
exec .build/release/govbrain serve "$@"
