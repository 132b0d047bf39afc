#!/usr/bin/env bash
# Installs the Debian packages GovBrain builds against, if any is missing (see README); openssl makes the
# certificates of the Bolt TLS tests.
set -euo pipefail
pkgs=(libsqlite3-dev libxml2-dev libblas-dev liblapack-dev liblapacke-dev libopenblas-dev pkg-config libjs-chart.js tzdata postgresql-15 openssl)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
