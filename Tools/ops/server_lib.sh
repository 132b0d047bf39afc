# Shared by the service scripts (load, soak, fuzzing, screenshot): source it from the repository root.
# gb_build                      builds the release binary; sets GB
# gb_demo_copy DEST             copies the demo database (and its vector indexes) to DEST, building it first if missing
# gb_serve DB PORT [ARGS…]      serves DB on PORT in the background (log in $WORK/server.log); sets SERVER; waits for /readyz
# gb_apt PACKAGE…               installs the Debian packages that are missing

gb_apt() {
  local missing=() p
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

gb_build() {
  swift build -c release --product govbrain >/dev/null
  GB=$(pwd)/.build/release/govbrain
}

gb_demo_copy() {
  local source=${DB_SOURCE:-.govbrain/demo.sqlite}
  [ -f "$source" ] || "$GB" demo build --db "$source"
  cp "$source" "$1"
  if [ -d "$source.vectors" ]; then cp -r "$source.vectors" "$1.vectors"; fi
}

gb_serve() {
  local db=$1 port=$2; shift 2
  "$GB" serve --db "$db" --port "$port" "$@" >"${WORK:-/tmp}/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 "${READY_TRIES:-600}"); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && return 0; sleep 0.5; done
  echo "the server did not get ready; see ${WORK:-/tmp}/server.log" >&2
  return 1
}
