#!/usr/bin/env python3
"""Two `govbrain serve` over one PostgreSQL store (issue 28, step 4): how long a write through
server A takes to reach server B's in-memory graph version (the key of B's caches), and the
latency of a small /v1/query on an SQLite store vs a PostgreSQL store, same binary, same machine.

    URL=$(bash Tools/postgres-dev.sh start)
    python3 Tools/bench_two_servers.py --db "$URL" [--writes 50] [--queries 200] [--binary .build/debug/govbrain]

A's write is acknowledged (HTTP 200), then B's /metrics (govbrain_graph_version_current) is
polled every 2 ms until it shows the write's version: the figure includes one /metrics round
trip of B, so it is an upper bound. The store is a new schema, dropped at the end.
"""
import argparse, json, os, re, shutil, statistics, subprocess, sys, tempfile, time, urllib.request, uuid


def run(binary, args, cwd, env):
    r = subprocess.run([binary] + args, cwd=cwd, env=env, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"govbrain {args[0]} failed: {r.stderr.strip()}")
    return r.stdout


def serve(binary, db, cwd, env, name):
    e = dict(env, GOVBRAIN_DB=db, GOVBRAIN_STATE_DIR=os.path.join(cwd, "state-" + name))
    p = subprocess.Popen([binary, "serve", "--port", "0", "--set", "logLevel=error", "--set", "rateLimitPerSecond=100000",
                          "--set", "rateLimitBurst=100000"], cwd=cwd, env=e, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = ""
    while "at http://" not in line:
        line = p.stdout.readline()
        if not line and p.poll() is not None:
            sys.exit(f"server {name} did not start")
    return p, int(re.search(r"at http://[^:]+:(\d+)/", line).group(1))


def request(port, key, path, body=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body.encode() if body else None,
                                 headers={"Authorization": "Bearer " + key})
    with urllib.request.urlopen(req) as r:
        return r.read().decode()


def version(port, key):
    m = re.search(r"^govbrain_graph_version_current (\S+)$", request(port, key, "/metrics"), re.M)
    return int(float(m.group(1)))


def query(port, key, cypher):
    return request(port, key, "/v1/query", json.dumps({"query": cypher}))


def key_for(binary, db, cwd, env):
    run(binary, ["query", "--db", db, "CREATE (:City {name: 'seed'})"], cwd, env)
    return run(binary, ["keys", "create", "--db", db, "--role", "admin", "--name", "bench"], cwd, env).strip().split("\n")[-1]


def query_latency(port, key, n):
    small = "MATCH (c:City {name: 'seed'}) RETURN c.name"
    for _ in range(10):
        query(port, key, small)
    times = []
    for _ in range(n):
        t = time.perf_counter(); query(port, key, small); times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), sorted(times)[int(0.9 * n)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default=os.environ.get("GOVBRAIN_TEST_POSTGRES_URL"), help="postgresql:// URL of a server")
    ap.add_argument("--writes", type=int, default=50)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--binary", default=".build/debug/govbrain")
    a = ap.parse_args()
    if not a.db:
        sys.exit("give --db postgresql://… (bash Tools/postgres-dev.sh start prints one)")
    binary = os.path.abspath(a.binary)
    cwd = tempfile.mkdtemp(prefix="bench-two-")
    schema = "bench_two_" + uuid.uuid4().hex[:10]
    db = a.db + ("&" if "?" in a.db else "?") + "options=-csearch_path%3D" + schema
    env = dict(os.environ, GOVBRAIN_HOME=os.getcwd(), GOVBRAIN_AUDIT_SECRET_FILE=os.path.join(cwd, "audit-secret"))
    procs = []
    try:
        key = key_for(binary, db, cwd, env)
        (pa, port_a), (pb, port_b) = serve(binary, db, cwd, env, "a"), serve(binary, db, cwd, env, "b")
        procs += [pa, pb]
        start = version(port_b, key)
        delays = []
        for i in range(1, a.writes + 1):
            query(port_a, key, f"CREATE (:City {{name: 'w{i}'}})")
            t = time.perf_counter()
            while version(port_b, key) < start + i:
                time.sleep(0.002)
                if time.perf_counter() - t > 5:
                    sys.exit(f"write {i} did not reach B within 5 s")
            delays.append((time.perf_counter() - t) * 1000)
            time.sleep(0.02)
        delays.sort()
        print(f"A->B graph version, {a.writes} writes: median {statistics.median(delays):.1f} ms, "
              f"p90 {delays[int(0.9 * len(delays))]:.1f} ms, max {delays[-1]:.1f} ms")
        pg = query_latency(port_b, key, a.queries)
        sqlite_db = os.path.join(cwd, "g.sqlite")
        skey = key_for(binary, sqlite_db, cwd, env)
        ps, port_s = serve(binary, sqlite_db, cwd, env, "s")
        procs.append(ps)
        lite = query_latency(port_s, skey, a.queries)
        print(f"/v1/query small lookup, {a.queries} requests: SQLite median {lite[0]:.2f} ms (p90 {lite[1]:.2f}), "
              f"PostgreSQL median {pg[0]:.2f} ms (p90 {pg[1]:.2f}), ratio {pg[0] / lite[0]:.2f}x")
    finally:
        for p in procs:
            p.terminate(); p.wait()
        subprocess.run(["psql", a.db, "-qc", f"DROP SCHEMA IF EXISTS {schema} CASCADE"], capture_output=True)
        shutil.rmtree(cwd, ignore_errors=True)


if __name__ == "__main__":
    main()
