#!/usr/bin/env bash
# Quick start, command 2 (and CI): install what is missing, build, run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Tools/install-system-packages.sh
swift build --build-tests
swift test --skip-build
