#!/usr/bin/env bash
# HTTP throughput with one and with two GovBrain servers over one PostgreSQL (issue 28, "Figures"), and the same
# one-server figure on SQLite. wrk on the same machine, the settings of Tools/bench/service_path.sh
# (THREADS threads, CONNECTIONS connections, --timeout 10s, the rate limit raised so that one key can be the load).
#
#   bash Tools/bench/pg_throughput.sh [GOVBRAIN_BINARY]
#   GB=/tmp/govbrain PG_URL=postgresql://… REPEATS=3 DURATION=10 WARMUP=3 bash Tools/bench/pg_throughput.sh
#
# The binary: the argument, else $GB, else .build/release/govbrain. PostgreSQL: $PG_URL, else the dev cluster of
# `bash Tools/postgres-dev.sh start` (started when none runs, never stopped here). The store: the demo
# (`govbrain demo build --scale $SCALE`, default tiny, `--no-vectors` unless VECTORS=1) built into a new schema
# (dropped at exit unless KEEP=1) and into an SQLite file; one admin key each (`govbrain keys create`).
#
# Three servers run for the whole measurement (the same binary, the same flags): A and B on the PostgreSQL schema,
# S on the SQLite file. Each repeat measures, route by route, under the same machine load:
#   sqlite-1  wrk -t$THREADS -c$CONNECTIONS against S
#   pg-1      wrk -t$THREADS -c$CONNECTIONS against A (B runs idle: its change listener only)
#   pg-2      two wrk processes at once, -t$((THREADS/2)) -c$((CONNECTIONS/2)) each, one against A and one against B
#             (no balancer in front: nginx would take CPU of its own on 2 cores); req/s is their sum, p50 the
#             mean of the two, p99 the larger. The same total connections as pg-1.
# each after WARMUP seconds of the same load that are not counted. The routes:
#   route   POST /v1/hotline/route, service_path.sh's body (routing touches no database once the router is loaded)
#   lookup  POST /v1/query  MATCH (e:Enterprise {uscc: $uscc}) RETURN e.name, e.creditGrade    (an indexed lookup)
#   1hop    POST /v1/query  MATCH (e:Enterprise {uscc: $uscc})-[r]-() RETURN count(r)            (a 1-hop count)
#   ($uscc drawn at random per request from 200 enterprises of the store)
# CPU: utime+stime from /proc over each measured run, in % of one core: each GovBrain server, the PostgreSQL
# backends of A and B (found by their application_name in pg_stat_activity), the wrk processes, the whole
# machine (busy of NCPU×100 %) and "other" (machine minus these: other work on the machine). Load average before and
# after each run. Output: one JSON line per run (in $OUT when set), then the tables (medians over repeats).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
GB=${1:-${GB:-.build/release/govbrain}}
[ -x "$GB" ] || { echo "pg_throughput: no govbrain binary at $GB (swift build -c release --product govbrain, or pass its path)" >&2; exit 1; }
GB=$(cd "$(dirname "$GB")" && pwd)/$(basename "$GB")
REPEATS=${REPEATS:-3}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
SCALE=${SCALE:-tiny}
ROUTES=${ROUTES:-route lookup 1hop}
PORT_A=${PORT_A:-18311}
PORT_B=${PORT_B:-18312}
PORT_S=${PORT_S:-18313}
command -v wrk >/dev/null || { echo "pg_throughput: wrk is missing (apt-get install wrk)" >&2; exit 1; }
command -v psql >/dev/null || { echo "pg_throughput: psql is missing (apt-get install postgresql-client-15)" >&2; exit 1; }
PG_URL=${PG_URL:-$(bash Tools/postgres-dev.sh start)}
[ "$THREADS" -ge 2 ] && [ $((CONNECTIONS % 2)) -eq 0 ] || { echo "pg_throughput: THREADS >= 2 and an even CONNECTIONS (the two-server run splits them)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/pg-throughput.XXXXXX)
TAG=pgwrk_$(date +%s)_$$
SCHEMA=$TAG
SEP='?'; case "$PG_URL" in *\?*) SEP='&' ;; esac
DB="${PG_URL}${SEP}options=-csearch_path%3D${SCHEMA}"
SQLITE="$WORK/store.sqlite"
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ "${KEEP:-0}" = 1 ]; then
    echo "pg_throughput: kept $WORK and the schema $SCHEMA" >&2
  else
    psql "$PG_URL" -qXc "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export GOVBRAIN_HOME="$ROOT" GOVBRAIN_STATE_DIR="$WORK/state" GOVBRAIN_AUDIT_SECRET_FILE="$WORK/audit-secret"
say() { echo "pg_throughput: $*" >&2; }
vectors=(--no-vectors); [ "${VECTORS:-0}" = 1 ] && vectors=()

say "demo build --scale $SCALE ${vectors[*]} into the schema $SCHEMA and into $SQLITE"
t0=$(date +%s.%N)
"$GB" demo build --scale "$SCALE" "${vectors[@]}" --db "$DB" >"$WORK/build-pg.log" 2>&1 || { tail -20 "$WORK/build-pg.log" >&2; exit 1; }
t1=$(date +%s.%N)
"$GB" demo build --scale "$SCALE" "${vectors[@]}" --db "$SQLITE" >"$WORK/build-sqlite.log" 2>&1 || { tail -20 "$WORK/build-sqlite.log" >&2; exit 1; }
t2=$(date +%s.%N)
say "built in $(echo "$t1 - $t0" | bc) s (PostgreSQL) and $(echo "$t2 - $t1" | bc) s (SQLite)"
KEY_PG=$("$GB" keys create --db "$DB" --role admin --name pg-throughput 2>/dev/null | tail -1)
KEY_S=$("$GB" keys create --db "$SQLITE" --role admin --name pg-throughput 2>/dev/null | tail -1)
USCCS=$("$GB" query --db "$SQLITE" --format csv "MATCH (e:Enterprise) RETURN e.uscc AS u ORDER BY u LIMIT 200" | tail -n +2)
[ -n "$USCCS" ] || { echo "pg_throughput: the demo store has no Enterprise with a uscc" >&2; exit 1; }
NODES=$("$GB" query --db "$SQLITE" --format csv "MATCH (n) RETURN count(n) AS c" | tail -1)
RELS=$("$GB" query --db "$SQLITE" --format csv "MATCH ()-[r]->() RETURN count(r) AS c" | tail -1)

# start NAME PORT DB [APPLICATION_NAME]: a server in the background; the URL goes in the environment, not on the
# command line that ps shows.
start() {
  local name=$1 port=$2 db=$3
  GOVBRAIN_DB="$db" "$GB" serve --host 127.0.0.1 --port "$port" --set logLevel=warning \
    --set rateLimitPerSecond=1000000 --set rateLimitBurst=1000000 >"$WORK/server-$name.log" 2>&1 </dev/null &
  PIDS+=($!)
  eval "PID_$name=$!"
}
wait_ready() {
  local name=$1 port=$2 pid i
  pid=$(eval echo "\$PID_$name")
  for i in $(seq 1 "${READY_TRIES:-600}"); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/readyz" && return 0
    kill -0 "$pid" 2>/dev/null || { tail -20 "$WORK/server-$name.log" >&2; echo "pg_throughput: server $name exited" >&2; exit 1; }
    sleep 0.5
  done
  echo "pg_throughput: server $name not ready after $((${READY_TRIES:-600} / 2)) s (log $WORK/server-$name.log)" >&2; exit 1
}
t0=$(date +%s.%N)
start A "$PORT_A" "$DB&application_name=${TAG}_a"
start B "$PORT_B" "$DB&application_name=${TAG}_b"
start S "$PORT_S" "$SQLITE"
wait_ready A "$PORT_A"; wait_ready B "$PORT_B"; wait_ready S "$PORT_S"
say "three servers ready in $(echo "$(date +%s.%N) - $t0" | bc) s"

# The wrk scripts: one per route and key.
lua() { # ROUTE KEY
  local body
  case "$1" in
    route) body= ;;
    lookup) body="string.format('{\"query\": \"MATCH (e:Enterprise {uscc: \$uscc}) RETURN e.name AS name, e.creditGrade AS grade\", \"parameters\": {\"uscc\": \"%s\"}}', usccs[math.random(#usccs)])" ;;
    1hop) body="string.format('{\"query\": \"MATCH (e:Enterprise {uscc: \$uscc})-[r]-() RETURN count(r) AS degree\", \"parameters\": {\"uscc\": \"%s\"}}', usccs[math.random(#usccs)])" ;;
  esac
  cat <<LUA
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $2"
wrk.headers["Content-Type"] = "application/json"
local usccs = { $(printf '"%s",' $USCCS) }
local counter = 0
setup = function(thread) counter = counter + 1; thread:set("id", counter) end
init = function(args) math.randomseed(os.time() * 100 + (id or 0)) end
$( if [ -n "$body" ]; then echo "request = function() return wrk.format(nil, nil, nil, $body) end"
   else echo 'wrk.body = [[{"text": "我是青秀的，我们小区停水两天了，什么时候恢复供水？"}]]'; fi )
local non2xx = 0
response = function(status, headers, body) if status ~= 200 then non2xx = non2xx + 1 end end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status
  io.write(string.format('{"requests":%d,"rps":%.1f,"p50_ms":%.2f,"p99_ms":%.2f,"errors":%d}\n',
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end
LUA
}
path_of() { [ "$1" = route ] && echo /v1/hotline/route || echo /v1/query; }
for r in $ROUTES; do
  lua "$r" "$KEY_PG" >"$WORK/$r-pg.lua"
  lua "$r" "$KEY_S" >"$WORK/$r-sqlite.lua"
  for p in "$PORT_A:pg" "$PORT_B:pg" "$PORT_S:sqlite"; do   # one request each: the answer must be 200
    key=$KEY_PG; [ "${p#*:}" = sqlite ] && key=$KEY_S
    if [ "$r" = route ]; then body='{"text": "停水了"}'; else body="{\"query\": \"MATCH (e:Enterprise {uscc: \$u}) RETURN e.name\", \"parameters\": {\"u\": \"$(echo "$USCCS" | head -1)\"}}"; fi
    code=$(curl -s -o "$WORK/check.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d "$body" "http://127.0.0.1:${p%%:*}$(path_of "$r")")
    [ "$code" = 200 ] || { echo "pg_throughput: $r on port ${p%%:*} answered $code: $(head -c 300 "$WORK/check.json")" >&2; exit 1; }
  done
done

# CPU ticks (utime+stime) of a list of pids, summed; pids that exited count 0.
ticks() { local p s=0 t; for p in "$@"; do t=$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12 + $13}') || t=0; s=$((s + ${t:-0})); done; echo $s; }
machine() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }   # busy total
backends() { psql "$PG_URL" -AtXc "SELECT pid FROM pg_stat_activity WHERE application_name = '${TAG}_$1'" 2>/dev/null | tr '\n' ' '; }
HZ=$(getconf CLK_TCK)
NCPU=$(nproc)
loadavg() { cut -d' ' -f1 /proc/loadavg; }

# measure KIND ROUTE REPEAT: warm-up, then one measured run; one JSON line.
measure() {
  local kind=$1 r=$2 rep=$3 url_a url_b script half=$((CONNECTIONS / 2)) thalf=$((THREADS / 2))
  url_a="http://127.0.0.1:$PORT_A$(path_of "$r")"; url_b="http://127.0.0.1:$PORT_B$(path_of "$r")"
  script="$WORK/$r-pg.lua"
  case "$kind" in
    sqlite-1) url_a="http://127.0.0.1:$PORT_S$(path_of "$r")"; script="$WORK/$r-sqlite.lua"
              wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 10s -s "$script" "$url_a" >/dev/null 2>&1 ;;
    pg-1) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 10s -s "$script" "$url_a" >"$WORK/warm1" 2>&1 ;;
    pg-2) wrk -t"$thalf" -c"$half" -d"${WARMUP}s" --timeout 10s -s "$script" "$url_a" >"$WORK/warm1" 2>&1 &
          wrk -t"$thalf" -c"$half" -d"${WARMUP}s" --timeout 10s -s "$script" "$url_b" >"$WORK/warm2" 2>&1; wait ;;
  esac
  # Requests answered by A and B (warm-up included), for the audit-log check at the end.
  [ "$kind" = sqlite-1 ] || cat "$WORK/warm1" "$WORK/warm2" 2>/dev/null | sed -n 's/^{"requests":\([0-9]*\).*/\1/p' >>"$WORK/answered"
  rm -f "$WORK/warm1" "$WORK/warm2"
  local pa pb pga pgb la0 la1 m0 m1 c0 c1 ca0 cb0 cs0 cpa0 cpb0 ca1 cb1 cs1 cpa1 cpb1 w1 w2 wp1 wp2
  pga=$(backends a); pgb=$(backends b)
  la0=$(loadavg); m0=$(machine)
  ca0=$(ticks "$PID_A"); cb0=$(ticks "$PID_B"); cs0=$(ticks "$PID_S"); cpa0=$(ticks $pga); cpb0=$(ticks $pgb)
  c0=$(awk '{print $1}' /proc/uptime)
  case "$kind" in
    sqlite-1|pg-1)
      wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s "$script" "$url_a" >"$WORK/w1" 2>&1 & wp1=$!
      wp2= ;;
    pg-2)
      wrk -t"$thalf" -c"$half" -d"${DURATION}s" --timeout 10s -s "$script" "$url_a" >"$WORK/w1" 2>&1 & wp1=$!
      wrk -t"$thalf" -c"$half" -d"${DURATION}s" --timeout 10s -s "$script" "$url_b" >"$WORK/w2" 2>&1 & wp2=$! ;;
  esac
  # What A's and B's PostgreSQL sessions do, once a second (state, wait event, the statement's start).
  ( while kill -0 "$wp1" 2>/dev/null; do psql "$PG_URL" -AtXF ' ' -c "SELECT state, coalesce(wait_event_type || '/' || wait_event, '-'),
      regexp_replace(left(query, 40), '\s+', ' ', 'g') FROM pg_stat_activity WHERE application_name LIKE '${TAG}_%' AND state <> 'idle'" 2>/dev/null; sleep 1; done ) >"$WORK/activity" &
  local ap=$!
  # wrk's own CPU: sampled just before it exits.
  local wt=0; sleep "$(echo "$DURATION - 0.3" | bc)"; wt=$(ticks $wp1 $wp2)
  wait $wp1 ${wp2:-}
  wait $ap 2>/dev/null || true
  c1=$(awk '{print $1}' /proc/uptime)
  ca1=$(ticks "$PID_A"); cb1=$(ticks "$PID_B"); cs1=$(ticks "$PID_S"); cpa1=$(ticks $pga); cpb1=$(ticks $pgb)
  m1=$(machine); la1=$(loadavg)
  w1=$(grep '^{' "$WORK/w1" || echo null); w2=null; [ -n "${wp2:-}" ] && w2=$(grep '^{' "$WORK/w2" || echo null)
  [ "$kind" = sqlite-1 ] || cat "$WORK/w1" "$WORK/w2" 2>/dev/null | sed -n 's/^{"requests":\([0-9]*\).*/\1/p' >>"$WORK/answered"
  rm -f "$WORK/w2"
  local gb_a gb_b
  gb_a=$((ca1 - ca0)); gb_b=$((cb1 - cb0))
  [ "$kind" = sqlite-1 ] && { gb_a=$((cs1 - cs0)); gb_b=0; }
  python3 - "$kind" "$r" "$rep" "$w1" "$w2" "$c0" "$c1" "$HZ" "$NCPU" "$gb_a" "$gb_b" "$((cpa1 - cpa0))" "$((cpb1 - cpb0))" \
    "$wt" "$m0" "$m1" "$la0" "$la1" "$WORK/activity" "$DURATION" <<'PY'
import collections, json, sys
kind, route, rep, w1, w2, c0, c1, hz, ncpu, gba, gbb, pga, pgb, wt, m0, m1, la0, la1, activity, duration = sys.argv[1:]
# Busy sessions of A and B seen per one-second sample, by state, wait event and statement.
seen = collections.Counter(l.strip() for l in open(activity) if l.strip())
busy = {k: round(v / float(duration), 1) for k, v in seen.most_common(4)}
secs = float(c1) - float(c0); hz = float(hz)
pct = lambda ticks: round(100 * int(ticks) / hz / secs, 1)
b0, t0 = map(int, m0.split()); b1, t1 = map(int, m1.split())
machine = round(100 * int(ncpu) * (b1 - b0) / max(1, t1 - t0), 1)
runs = [json.loads(w) for w in (w1, w2) if w != "null"]
out = {"kind": kind, "route": route, "repeat": int(rep),
       "rps": round(sum(w["rps"] for w in runs), 1), "requests": sum(w["requests"] for w in runs),
       "p50_ms": round(sum(w["p50_ms"] for w in runs) / len(runs), 2), "p99_ms": max(w["p99_ms"] for w in runs),
       "errors": sum(w["errors"] for w in runs), "per_server_rps": [w["rps"] for w in runs],
       "cpu": {"gb_a": pct(gba), "gb_b": pct(gbb), "pg_a": pct(pga), "pg_b": pct(pgb), "wrk": pct(wt), "machine": machine},
       "load": [float(la0), float(la1)], "pg_busy_sessions": busy}
c = out["cpu"]; c["other"] = round(c["machine"] - c["gb_a"] - c["gb_b"] - c["pg_a"] - c["pg_b"] - c["wrk"], 1)
print(json.dumps(out))
PY
}

OUT=${OUT:-$WORK/runs.jsonl}
: >"$OUT"
say "binary $GB ($(sha256sum "$GB" | cut -c1-12)), store $SCALE ($NODES nodes, $RELS relationships), $REPEATS repeats of ${DURATION} s (warm-up ${WARMUP} s), wrk -t$THREADS -c$CONNECTIONS, $NCPU cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for rep in $(seq 1 "$REPEATS"); do
  for r in $ROUTES; do
    for kind in sqlite-1 pg-1 pg-2; do
      line=$(measure "$kind" "$r" "$rep")
      echo "$line" >>"$OUT"
      [ "${VERBOSE:-1}" = 1 ] && echo "$line" >&2
    done
  done
done

# The audit log: A and B queue entries and append them in batches under one advisory lock per store; stopped
# (SIGTERM), each flushes what it holds. Every answered request must be there (more: requests in flight at a run's end).
kill "$PID_A" "$PID_B"; wait "$PID_A" "$PID_B" 2>/dev/null || true
AUDITED=$(psql "$PG_URL" -AtXc "SELECT count(*) FROM $SCHEMA.audit_log" 2>/dev/null || echo "?")
ANSWERED=$(awk '{s += $1} END {print s + 0}' "$WORK/answered")
RETRIES=$(cat "$WORK/server-A.log" "$WORK/server-B.log" | grep -c "audit append failed" || true)

python3 - "$OUT" "$REPEATS" "$DURATION" "$CONNECTIONS" "$THREADS" "$NCPU" "$SCALE" "$NODES" "$RELS" <<'PY'
import json, statistics, sys
path, repeats, duration, conns, threads, ncpu, scale, nodes, rels = sys.argv[1:]
rows = [json.loads(l) for l in open(path)]
med = lambda xs: statistics.median(xs) if xs else float("nan")
def pick(route, kind): return [r for r in rows if r["route"] == route and r["kind"] == kind]
routes = list(dict.fromkeys(r["route"] for r in rows))
names = {"route": "POST /v1/hotline/route", "lookup": "/v1/query lookup", "1hop": "/v1/query 1-hop count"}
print(f"\n{scale} demo ({nodes} nodes, {rels} relationships), wrk -t{threads} -c{conns}, {duration} s runs, "
      f"median of {repeats} (ratio: median of the per-repeat ratios), {ncpu} cores")
print(f"{'route':<24}{'SQLite 1':>10}{'PG 1':>9}{'PG 2':>9}{'ratio':>7}  {'p50/p99 ms PG 1':>16}  {'p50/p99 ms PG 2':>16}  {'errors':>6}  load before→after")
for rt in routes:
    s, o, t = pick(rt, "sqlite-1"), pick(rt, "pg-1"), pick(rt, "pg-2")
    ratios = [b["rps"] / a["rps"] for a, b in zip(o, t) if a["rps"] > 0]
    loads = [x["load"] for x in s + o + t]
    print(f"{names.get(rt, rt):<24}{med([x['rps'] for x in s]):>10.0f}{med([x['rps'] for x in o]):>9.0f}{med([x['rps'] for x in t]):>9.0f}"
          f"{med(ratios):>7.2f}  {med([x['p50_ms'] for x in o]):>7.2f}/{med([x['p99_ms'] for x in o]):<8.2f}  "
          f"{med([x['p50_ms'] for x in t]):>7.2f}/{med([x['p99_ms'] for x in t]):<8.2f}  {sum(x['errors'] for x in s + o + t):>6}  "
          f"{min(l[0] for l in loads):.2f}–{max(l[0] for l in loads):.2f} → {min(l[1] for l in loads):.2f}–{max(l[1] for l in loads):.2f}")
print(f"\nCPU during the measured runs, % of one core (median over repeats; machine = busy of {int(ncpu) * 100} %; other = machine minus the rest)")
print(f"{'route':<24}{'run':<10}{'govbrain A':>11}{'govbrain B':>11}{'postgres':>9}{'wrk':>6}{'other':>7}{'machine':>8}")
for rt in routes:
    for kind in ("sqlite-1", "pg-1", "pg-2"):
        xs = pick(rt, kind)
        if not xs: continue
        c = lambda k: med([x["cpu"][k] for x in xs])
        print(f"{names.get(rt, rt):<24}{kind:<10}{c('gb_a'):>11.0f}{c('gb_b'):>11.0f}{c('pg_a') + c('pg_b'):>9.0f}{c('wrk'):>6.0f}{c('other'):>7.0f}{c('machine'):>8.0f}")
stalled = [f"{r['route']} {r['kind']} #{r['repeat']}" for r in rows
           if min(r["per_server_rps"]) == 0 or (len(r["per_server_rps"]) == 2 and min(r["per_server_rps"]) < 0.1 * max(r["per_server_rps"]))]
if stalled:
    print(f"\nstalled runs (a server answered nothing, or under a tenth of the other's requests): {', '.join(stalled)}")
print("\nPostgreSQL sessions of A and B not idle, mean per 1 s sample (pg-2 runs, the two most frequent: state, wait, statement)")
for rt in routes:
    total = {}
    for x in pick(rt, "pg-2"):
        for k, v in x.get("pg_busy_sessions", {}).items(): total[k] = total.get(k, 0) + v / int(repeats)
    for k, v in sorted(total.items(), key=lambda kv: -kv[1])[:2]:
        print(f"{names.get(rt, rt):<24}{v:>5.1f}  {k}")
PY
echo "audit log: $AUDITED rows for $ANSWERED requests answered by A and B (warm-ups included; in-flight requests add rows); $RETRIES appends retried after a lock timeout (server logs)"
