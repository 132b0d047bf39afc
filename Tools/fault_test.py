#!/usr/bin/env python3
"""The failover fault test of issue 28: kill -9 the PostgreSQL primary under a steady write and read load,
promote the standby, and count what the clients saw.

    python3 Tools/fault_test.py                    # fresh arrangement (Tools/pg-ha.sh up), test, then down
    python3 Tools/fault_test.py --keep             # leave the arrangement running afterwards
    python3 Tools/fault_test.py --via cli          # no HTTP: each request is a `govbrain query --db URL` run
    python3 Tools/fault_test.py --control          # negative control: asynchronous, standby cut off: must exit 1
    python3 Tools/fault_test.py --rounds 2         # fail over, rejoin the dead node as standby, fail over back

1. Starts the arrangement of Tools/pg-ha.sh (primary, synchronous standby, two GovBrain servers over the
   multi-host URL with target_session_attrs=read-write, nginx in front); `--no-up` uses a running one.
2. Load through nginx, for `--before` seconds: `--writers` threads each sending
   `POST /v1/query CREATE (:FaultProbe {run: $run, seq: $seq})` with a sequence number taken from one
   counter, one request at a time, recording which were acknowledged (200); `--readers` threads
   alternating `GET /v1/stats` (idempotent: nginx may retry it on the other server) and a read-only
   `POST /v1/query` counting this run's probes.
3. `pg-ha.sh kill-primary` (SIGKILL to the primary's postmaster); after `--promote-after` seconds (the time
   a monitor takes to decide) `pg-ha.sh promote`. The load goes on for `--after` seconds.
4. Stops the load, reads back every probe of the run (retrying until the service answers) and counts:
   acknowledged writes lost (acknowledged, not in the database: must be 0), writes stored without an
   acknowledgement (allowed: the answer was lost with the primary), refused requests (no connection, or
   nginx's 502 when no server could be reached), requests answered 5xx (by code), the span from the first
   failed request to the end of the last one, and per server (nginx's X-Upstream header) how long after the
   promotion its first acknowledged write came: the servers reconnect by themselves, nothing restarts them.
   Last, a write sent to each server directly must be acknowledged.

Also: every request answered 200 must be in the audit log (`govbrain audit`, by the X-Request-Id the
servers answer with). Prints a table; exits 1 when an acknowledged write is lost, 3 when a server did not
reconnect, 4 when a request answered 200 is missing from the audit log. Python's standard library only.
"""
import argparse
import http.client
import json
import os
import re
import secrets
import subprocess
import sys
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))


def ha(script, *args, check=True):
    """Runs a pg-ha.sh subcommand; returns its standard output."""
    result = subprocess.run(["bash", script, *args], capture_output=True, text=True)
    if check and result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"fault_test: pg-ha.sh {' '.join(args)} failed (exit {result.returncode})")
    return result.stdout


class Outcome:
    """One request: when it started and ended (seconds since the test began), what it was and what came back."""
    __slots__ = ("start", "end", "kind", "status", "upstream", "seq", "detail", "request_id")

    def __init__(self, start, end, kind, status, upstream=None, seq=None, detail=None, request_id=None):
        self.start, self.end, self.kind, self.status, self.upstream, self.seq = start, end, kind, status, upstream, seq
        self.detail, self.request_id = detail, request_id

    @property
    def ok(self):
        return self.status == 200

    @property
    def refused(self):
        # No connection at all, or nginx could reach no server (502 from nginx itself).
        return self.status in ("refused", "reset", 502)


class HTTPClient:
    """A keep-alive connection to one base URL, reopened after any error."""

    def __init__(self, base, key, timeout):
        parsed = urllib.parse.urlsplit(base)
        self.host, self.port, self.key, self.timeout = parsed.hostname, parsed.port, key, timeout
        self.conn = None

    def request(self, method, path, body=None):
        """Returns (status or 'refused'/'reset'/'timeout', upstream, parsed JSON or None); the answer's
        X-Request-Id is left in `last_request_id`."""
        self.last_request_id = None
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        headers = {"Authorization": f"Bearer {self.key}"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        try:
            self.conn.request(method, path, body=data, headers=headers)
            response = self.conn.getresponse()
            raw = response.read()
            upstream = response.getheader("X-Upstream")
            self.last_request_id = response.getheader("X-Request-Id")
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            try:
                payload = json.loads(raw) if raw else None
            except ValueError:
                payload = None
            return response.status, upstream, payload
        except ConnectionRefusedError:
            self.close()
            return "refused", None, None
        except TimeoutError:
            self.close()
            return "timeout", None, None
        except (ConnectionError, http.client.HTTPException, OSError):
            self.close()
            return "reset", None, None

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


class CLIClient:
    """`govbrain query --db URL` per request: the store's own connection logic, no HTTP in between."""

    def __init__(self, binary, url, timeout, state_dir=None):
        self.binary, self.url, self.timeout = binary, url, timeout
        # The servers' state folder (audit secret, keys' files), as pg-ha.sh gives it to them.
        self.env = dict(os.environ, GOVBRAIN_HOME=os.path.dirname(HERE),
                        **({"GOVBRAIN_STATE_DIR": state_dir} if state_dir else {}))

    def query(self, cypher, parameters):
        args = [self.binary, "query", "--db", self.url, "--format", "json", cypher]
        for name, value in parameters.items():
            # Inline literals: the CLI takes parameters from a file only.
            args[-1] = args[-1].replace("$" + name, json.dumps(value))
        try:
            result = subprocess.run(args, capture_output=True, text=True, timeout=self.timeout, env=self.env)
        except subprocess.TimeoutExpired:
            return "timeout", "no answer in time"
        if result.returncode != 0:
            # With --format json the error is a JSON document on standard output.
            text = (result.stderr.strip() or result.stdout.strip())
            return ("refused" if "DatabaseUnreachable" in text else "error"), text[:300]
        try:
            return 200, json.loads(result.stdout)
        except ValueError:
            return 200, None


def rows_of(payload):
    """The rows of a /v1/query or `query --format json` answer as a list of dicts (or lists)."""
    if isinstance(payload, dict):
        for key in ("rows", "data", "results"):
            if key in payload:
                return payload[key]
    if isinstance(payload, list):
        return payload
    return []


def seq_values(payload):
    values = set()
    for row in rows_of(payload):
        if isinstance(row, dict):
            value = row.get("seq")
        elif isinstance(row, list) and row:
            value = row[0]
        else:
            value = row
        if isinstance(value, dict):  # wire format {"type": ..., "value": ...}
            value = value.get("value", value.get("integer"))
        if value is not None:
            values.add(int(value))
    return values


class Load:
    """The writers and readers, and everything they saw."""

    CREATE = "CREATE (:FaultProbe {run: $run, seq: $seq})"
    COUNT = "MATCH (n:FaultProbe) WHERE n.run = $run RETURN count(n) AS n"

    def __init__(self, args, env, run, t0):
        self.args, self.env, self.run, self.t0 = args, env, run, t0
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.next_seq = 0
        self.outcomes = []

    def now(self):
        return time.monotonic() - self.t0

    def record(self, outcome):
        with self.lock:
            self.outcomes.append(outcome)

    def take_seq(self):
        with self.lock:
            self.next_seq += 1
            return self.next_seq

    def client(self):
        if self.args.via == "cli":
            return CLIClient(self.env["HA_DIR"] + "/govbrain", self.env["DB_URL"], self.args.timeout, self.env["HA_DIR"] + "/state")
        return HTTPClient(self.env["NGINX_URL"], self.env["API_KEY"], self.args.timeout)

    def writer(self):
        client = self.client()
        while not self.stop.is_set():
            seq = self.take_seq()
            start = self.now()
            params = {"run": self.run, "seq": seq}
            if self.args.via == "cli":
                status, detail = client.query(self.CREATE, params)
                upstream = None
            else:
                status, upstream, detail = client.request("POST", "/v1/query", {"query": self.CREATE, "parameters": params})
            self.record(Outcome(start, self.now(), "write", status, upstream, seq, None if status == 200 else detail,
                                getattr(client, "last_request_id", None)))
            if status != 200:
                time.sleep(0.05)  # no busy loop against a refusing service

    def reader(self):
        client = self.client()
        turn = 0
        while not self.stop.is_set():
            turn += 1
            start = self.now()
            if self.args.via == "cli":
                status, detail = client.query(self.COUNT, {"run": self.run})
                upstream = None
            elif turn % 2:
                status, upstream, detail = client.request("GET", "/v1/stats")
            else:
                status, upstream, detail = client.request("POST", "/v1/query", {"query": self.COUNT, "parameters": {"run": self.run}})
            self.record(Outcome(start, self.now(), "read", status, upstream, None, None if status == 200 else detail,
                                getattr(client, "last_request_id", None)))
            time.sleep(0.05)

    def start(self):
        self.threads = [threading.Thread(target=self.writer, daemon=True) for _ in range(self.args.writers)]
        self.threads += [threading.Thread(target=self.reader, daemon=True) for _ in range(self.args.readers)]
        for thread in self.threads:
            thread.start()

    def finish(self):
        self.stop.set()
        for thread in self.threads:
            thread.join(self.args.timeout + 5)


def read_back(args, env, run):
    """Every sequence number of the run in the database, read through the service; None if it never answered."""
    query = "MATCH (n:FaultProbe) WHERE n.run = $run RETURN n.seq AS seq"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if args.via == "cli":
            status, payload = CLIClient(env["HA_DIR"] + "/govbrain", env["DB_URL"], args.timeout, env["HA_DIR"] + "/state").query(query, {"run": run})
        else:
            status, _, payload = HTTPClient(env["NGINX_URL"], env["API_KEY"], args.timeout).request(
                "POST", "/v1/query", {"query": query, "parameters": {"run": run}, "maxRows": 10_000_000})
        if status == 200:
            return seq_values(payload)
        time.sleep(0.5)
    return None


def audited_request_ids(env):
    """The request ids in the audit log (read with `govbrain audit`, as the servers see the one log)."""
    result = subprocess.run(
        [env["HA_DIR"] + "/govbrain", "audit", "--db", env["DB_URL"], "--format", "json", "--limit", "100000000"],
        capture_output=True, text=True, timeout=120,
        env=dict(os.environ, GOVBRAIN_HOME=os.path.dirname(HERE), GOVBRAIN_STATE_DIR=env["HA_DIR"] + "/state",
                 GOVBRAIN_AUDIT_SECRET_FILE=env["HA_DIR"] + "/state/audit-secret"))
    if result.returncode != 0:
        return None
    ids = set()
    for line in result.stdout.splitlines():
        try:
            ids.add(json.loads(line).get("requestId"))
        except ValueError:
            pass
    return ids


def direct_write(env, url, run, timeout):
    status, _, _ = HTTPClient(url, env["API_KEY"], timeout).request(
        "POST", "/v1/query", {"query": "CREATE (:FaultProbeDirect {run: $run})", "parameters": {"run": run}})
    return status


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ha-script", default=os.path.join(HERE, "pg-ha.sh"))
    parser.add_argument("--via", choices=["http", "cli"], default="http")
    parser.add_argument("--before", type=float, default=10, help="seconds of load before the kill (default 10)")
    parser.add_argument("--after", type=float, default=20, help="seconds of load after the kill (default 20)")
    parser.add_argument("--promote-after", type=float, default=1.0, help="seconds between the kill and the promotion (default 1)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="failovers in one run; between two, `pg-ha.sh rejoin` makes the dead node the standby (default 1)")
    parser.add_argument("--writers", type=int, default=2)
    parser.add_argument("--readers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=30, help="a request's timeout in seconds (default 30)")
    parser.add_argument("--no-up", action="store_true", help="use the arrangement that runs (it must not have failed over yet)")
    parser.add_argument("--messages", type=int, default=6, help="distinct failure messages to print (default 6)")
    parser.add_argument("--control", action="store_true",
                        help="negative control: make replication asynchronous and cut the standby off before the kill "
                             "(pg-ha.sh unsafe-async); the test must then report acknowledged writes lost and exit 1")
    parser.add_argument("--keep", action="store_true", help="leave the arrangement running afterwards")
    args = parser.parse_args()

    began = time.time()
    if not args.no_up:
        ha(args.ha_script, "down")
        ha(args.ha_script, "up", *(["--no-servers"] if args.via == "cli" else []))
    env = dict(line.split("=", 1) for line in ha(args.ha_script, "env").splitlines() if "=" in line)
    if args.via == "http" and not env.get("API_KEY"):
        raise SystemExit("fault_test: the arrangement has no API key (see pg-ha.sh up's output)")
    try:
        code = run_test(args, env)
    finally:
        if not args.keep:
            ha(args.ha_script, "down", check=False)
    print(f"\n(the whole test took {time.time() - began:.0f} s)")
    sys.exit(code)


def run_test(args, env):
    run = secrets.token_hex(6)
    t0 = time.monotonic()
    load = Load(args, env, run, t0)
    load.start()
    if args.control:
        # Negative control: from half-way through the warm-up, acknowledged writes are on the primary only.
        time.sleep(args.before / 2)
        print("fault_test: " + ha(args.ha_script, "unsafe-async").strip(), file=sys.stderr)
        time.sleep(args.before / 2)
    else:
        time.sleep(args.before)
    kills, promotions = [], []  # (time, what pg-ha.sh said) per round
    for round_number in range(args.rounds):
        if round_number:
            # The dead node back as the synchronous standby, then the next round's warm-up.
            print("fault_test: " + ha(args.ha_script, "rejoin").strip(), file=sys.stderr)
            time.sleep(args.before)
        t_kill = load.now()
        kills.append((t_kill, ha(args.ha_script, "kill-primary").strip()))
        time.sleep(args.promote_after)
        promote_deadline = time.monotonic() + 30
        while len(promotions) <= round_number:
            result = subprocess.run(["bash", args.ha_script, "promote"], capture_output=True, text=True)
            if result.returncode == 0:
                promotions.append((load.now(), result.stdout.strip()))
            elif time.monotonic() > promote_deadline:
                load.finish()
                raise SystemExit(f"fault_test: promote kept failing: {result.stderr.strip()}")
            else:
                time.sleep(0.2)
        time.sleep(max(0.0, args.after - (load.now() - t_kill)))
    t_promote = promotions[-1][0]
    load.finish()
    t_end = load.now()

    stored = read_back(args, env, run)
    direct = {}
    if args.via == "http":
        for name, url in zip("AB", env["SERVER_URLS"].split(",")):
            direct[name] = (url, direct_write(env, url, run, args.timeout))

    audited = None
    if args.via == "http":
        time.sleep(2)  # the servers append the audit log in batches
        audited = audited_request_ids(env)

    outcomes = sorted(load.outcomes, key=lambda o: o.start)
    writes = [o for o in outcomes if o.kind == "write"]
    reads = [o for o in outcomes if o.kind == "read"]
    acked = {o.seq for o in writes if o.ok}
    failed = [o for o in outcomes if not o.ok]
    lost = sorted(acked - stored) if stored is not None else None
    unacked_stored = sorted({o.seq for o in writes if not o.ok} & stored) if stored is not None else []
    by_code = {}
    for o in failed:
        by_code[str(o.status)] = by_code.get(str(o.status), 0) + 1
    five = sum(n for code, n in by_code.items() if code.isdigit() and code.startswith("5"))
    refused = sum(1 for o in failed if o.refused)
    # Failed requests per failover: each belongs to the last kill before it started (or the first).
    windows = []
    for index, (t_kill, _) in enumerate(kills):
        upper = kills[index + 1][0] if index + 1 < len(kills) else float("inf")
        lower = t_kill if index else float("-inf")
        mine = [o for o in failed if lower <= o.start < upper]
        if mine:
            windows.append((mine[0].start, max(o.end for o in mine)))
    slow = max(outcomes, key=lambda o: o.end - o.start) if outcomes else None

    # Per server: its first acknowledged write after the promotion (nginx names the upstream).
    ports = {}
    if args.via == "http":
        for name, url in zip("AB", env["SERVER_URLS"].split(",")):
            ports["127.0.0.1:" + url.rsplit(":", 1)[1]] = name
    first_ok = {}
    for o in writes:
        if o.ok and o.start >= t_promote and o.upstream:
            name = ports.get(o.upstream.split(",")[-1].strip())
            if name and name not in first_ok:
                first_ok[name] = o.end - t_promote

    # Writes: from each kill to the end of the first write acknowledged that was sent after it.
    write_gaps = []
    for t_kill, _ in kills:
        after_kill = [o.end for o in writes if o.ok and o.start >= t_kill]
        write_gaps.append(min(after_kill) - t_kill if after_kill else None)

    def span(a, b):
        return f"{b - a:.2f} s (from {a:.2f} s to {b:.2f} s)"

    rows = [
        *([("NEGATIVE CONTROL", "replication made asynchronous and the standby cut off before the kill")] if args.control else []),
        ("load", f"{args.writers} writers, {args.readers} readers, via {'nginx' if args.via == 'http' else 'govbrain query --db URL'}; "
                 f"{len(outcomes)} requests in {t_end:.1f} s"),
        ("kill -9 of the primary at", "; ".join(f"{t:.2f} s ({said})" for t, said in kills)),
        ("standby promoted at", "; ".join(f"{t:.2f} s ({said.split(';')[0]})" for t, said in promotions)),
        ("writes sent / acknowledged (200)", f"{len(writes)} / {len(acked)}"),
        ("acknowledged writes lost", "READ-BACK FAILED" if lost is None else str(len(lost)) + (f" (seq {lost[:10]})" if lost else "")),
        ("writes stored without an acknowledgement", str(len(unacked_stored))),
        ("reads sent / answered 200", f"{len(reads)} / {sum(1 for o in reads if o.ok)}"),
        ("requests refused (no connection, or nginx 502)", str(refused)),
        ("requests failed with 5xx", f"{five} " + json.dumps({k: v for k, v in sorted(by_code.items()) if k.startswith('5')})),
        ("other failed requests", json.dumps({k: v for k, v in sorted(by_code.items()) if not k.startswith("5")}) if any(not k.startswith("5") for k in by_code) else "0"),
        ("failed requests from first to last", "; ".join(span(*w) for w in windows) if windows else "none"),
        ("seconds with a failed request", str(len({int(o.start) for o in failed}))),
        ("no write acknowledged (kill → first 200 after it)",
         ", ".join(f"{gap:.2f} s" if gap is not None else "NO WRITE ACKNOWLEDGED AFTER THE KILL" for gap in write_gaps)),
        ("slowest request", f"{slow.end - slow.start:.2f} s ({slow.kind}, started at {slow.start:.2f} s, {slow.status})" if slow else "-"),
    ]
    if args.via == "http":
        answered = [o for o in outcomes if o.ok and o.request_id]
        missing = [o for o in answered if audited is not None and o.request_id not in audited]
        rows.append(("requests answered 200 missing from the audit log",
                     "AUDIT LOG UNREADABLE" if audited is None else f"{len(missing)} of {len(answered)}"
                     + (f" (first at {missing[0].start:.2f} s)" if missing else "")))
    for name in sorted(direct):
        url, status = direct[name]
        after = f", first acknowledged write {first_ok[name]:.2f} s after the last promotion" if name in first_ok else ""
        rows.append((f"server {name} reconnected by itself", f"{'yes' if status == 200 else 'NO'} (direct write to {url}: {status}{after})"))

    # The distinct failure messages (digits folded), how often and when: what the clients were told.
    groups = {}
    for o in failed:
        detail = o.detail
        if isinstance(detail, dict) and isinstance(detail.get("error"), dict):
            detail = f"{detail['error'].get('code', '')}: {detail['error'].get('message', '')}"
        elif not isinstance(detail, str):
            detail = json.dumps(detail, ensure_ascii=False) if detail else ""
        text = f"{o.status} {detail[:150]}"
        key = re.sub(r"[0-9]+", "N", text)
        first, last, count, sample = groups.get(key, (o.start, o.start, 0, text))
        groups[key] = (min(first, o.start), max(last, o.start), count + 1, sample)
    for first, last, count, sample in sorted(groups.values())[:args.messages]:
        print(f"  {count} × from {first:.2f} s to {last:.2f} s: {sample}")

    width = max(len(r[0]) for r in rows)
    print(f"\nfault test {time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime())} UTC, run {run}")
    print(f"| {'measure'.ljust(width)} | value |")
    print(f"|{'-' * (width + 2)}|-------|")
    for label, value in rows:
        print(f"| {label.ljust(width)} | {value} |")

    if lost is None or lost:
        print("\nFAIL: acknowledged writes were lost" if lost else "\nFAIL: the probes could not be read back")
        return 1
    if any(status != 200 for _, status in direct.values()):
        print("\nFAIL: a server did not reconnect to the new primary")
        return 3
    if args.via == "http" and (audited is None or missing):
        print("\nFAIL: requests answered 200 are missing from the audit log")
        return 4
    return 0


if __name__ == "__main__":
    main()
