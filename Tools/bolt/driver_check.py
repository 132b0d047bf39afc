"""Conformance check of GovBrain's Bolt server with the official Neo4j Python driver.

Run by Tools/bolt/driver_check.sh (which makes the virtual environment). Starts
`govbrain serve --bolt-port 0` on a fresh database with one key per role, then checks sessions,
managed and explicit transactions, every supported type in parameters and results, errors and
their Neo4j codes, roles, neo4j:// routing, bookmarks, tx_timeout/tx_metadata, concurrent
sessions, a large streamed result, and the README's Bolt examples (run unchanged).
The servers' stores are SQLite files, unless BOLT_CHECK_DB_MAIN, _DEMO, _LIMITS and _TLS name
others (BoltDriverTests: fresh schemas of its PostgreSQL test server).
Prints one line per check and exits non-zero when any failed.
"""
import datetime as dt
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import traceback

import neo4j
import pytz  # installed with the driver; it sends a Time's offset through tzinfo.utcoffset(time), which pytz offsets answer
from neo4j import GraphDatabase, bearer_auth
from neo4j.exceptions import AuthError, ClientError, Neo4jError

BINARY = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/debug/govbrain")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ROWS = int(os.environ.get("BOLT_CHECK_ROWS", "200000"))
failures = []
FOLDER = ""


def check(name):
    def wrap(fn):
        started = time.time()
        try:
            fn()
            print(f"ok   {name} ({time.time() - started:.2f} s)", flush=True)
        except Exception as e:  # noqa: BLE001 - every failure is reported, the run goes on
            failures.append(name)
            where = traceback.extract_tb(e.__traceback__)[-1]
            print(f"FAIL {name}: {type(e).__name__}: {e} (at {os.path.basename(where.filename)}:{where.lineno})", flush=True)
        return fn
    return wrap


def expect_code(code, fn):
    try:
        fn()
    except Neo4jError as e:
        assert e.code == code, f"expected {code}, got {e.code}: {e.message}"
        return e
    raise AssertionError(f"expected {code}, but it succeeded")


def database(folder, name):
    """The --db of server `name`'s fresh store: g.sqlite in `folder`, or what BOLT_CHECK_DB_<NAME>
    says (BoltDriverTests names a schema of its PostgreSQL test server there, and drops it)."""
    return os.environ.get(f"BOLT_CHECK_DB_{name.upper()}") or os.path.join(folder, "g.sqlite")


def start_server(folder, name, demo=False, settings=()):
    """Server `name` on a fresh schema-free database, or on the tiny demo database (`demo`)."""
    db = database(folder, name)
    env = dict(os.environ, GOVBRAIN_HOME=ROOT)
    if demo:
        subprocess.run([BINARY, "demo", "build", "--scale", "tiny", "--no-vectors", "--db", db], check=True, capture_output=True, cwd=folder, env=env)
    else:
        subprocess.run([BINARY, "query", "--db", db, "RETURN 1"], check=True, capture_output=True, cwd=folder)
    keys = {}
    for role in ["admin", "analyst", "supervisor", "dashboard"]:
        out = subprocess.run([BINARY, "keys", "create", "--db", db, "--role", role, "--name", f"bolt-{role}"],
                             check=True, capture_output=True, text=True, cwd=folder).stdout
        keys[role] = out.strip().splitlines()[-1]
    process = subprocess.Popen([BINARY, "serve", "--db", db, "--port", "0", "--bolt-port", "0", "--set", "logLevel=error",
                                "--set", "maxRows=5000000", "--set", "queryTimeoutSeconds=120", "--set", "rateLimitPerSecond=100000",
                                "--set", "rateLimitBurst=100000"] + [a for s in settings for a in ("--set", s)],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=folder, env=env)
    printed = ""
    while "at http://" not in printed:
        line = process.stdout.readline()
        if not line:
            raise RuntimeError(f"the server did not start: {printed}")
        printed += line
    port = int(re.search(r"bolt(?:\+s)?://[^:]+:(\d+)", printed).group(1))
    return process, port, keys


def main():
    global FOLDER
    folder = FOLDER = tempfile.mkdtemp(prefix="govbrain-bolt-")
    process, port, keys = start_server(folder, "main")
    url = f"bolt://127.0.0.1:{port}"
    admin = GraphDatabase.driver(url, auth=("anyone", keys["admin"]))
    try:
        run_checks(url, port, admin, keys)
    finally:
        admin.close()
        process.terminate()
        process.wait(timeout=30)
    print(f"{'FAILED: ' + ', '.join(failures) if failures else 'all Bolt driver checks passed'}")
    sys.exit(1 if failures else 0)


def run_checks(url, port, admin, keys):
    @check("connectivity and server info")
    def _():
        admin.verify_connectivity()
        info = admin.get_server_info()
        assert info.agent.startswith("Neo4j/"), info.agent
        assert info.protocol_version >= (4, 4), info.protocol_version

    @check("parameters and results of every supported type")
    def _():
        tz = dt.timezone(dt.timedelta(hours=8))
        values = [None, True, False, 0, -1, 42, -(2 ** 63), 2 ** 63 - 1, 3.25, -0.5, "", "héllo 中文",
                  [1, "a", None, [2.5]], {"a": 1, "b": [True, None], "c": {"d": "e"}},
                  dt.date(2024, 2, 29), dt.date(1900, 1, 1),
                  dt.datetime(2024, 5, 17, 8, 30, 15, 123456, tzinfo=tz), dt.datetime(1969, 12, 31, 23, 59, 59, tzinfo=dt.timezone.utc),
                  dt.time(12, 30, 5, 250000), dt.datetime(2024, 1, 1, 12, 0), dt.datetime(1900, 3, 1, 0, 0, 0, 1)]
        with admin.session() as s:
            for v in values:
                got = s.run("RETURN $v AS v", v=v).single()["v"]
                if hasattr(got, "to_native"):
                    got = got.to_native()
                assert got == v and type(got) is type(v), f"{v!r} came back as {got!r}"
            row = s.run("RETURN date('2025-01-02') AS d, datetime('2025-01-02T03:04:05+01:00') AS t, 1.5e300 AS f").single()
            assert row["d"].to_native() == dt.date(2025, 1, 2)
            assert row["t"].to_native() == dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=1)))
            assert row["f"] == 1.5e300
            # Time with an offset, LocalTime, LocalDateTime, zoned DateTime and Duration, both ways.
            row = s.run("RETURN time('12:30:05.5+08:00') AS t, localtime('23:59:59.999999999') AS lt, "
                        "localdatetime('2024-09-30T10:00') AS ldt, datetime('2024-10-27T01:30[Europe/Berlin]') AS zdt, "
                        "duration('P1Y2M3DT4H5M6.7S') AS d").single()
            assert row["t"].hour == 12 and row["t"].minute == 30 and row["t"].tzinfo.utcoffset(None) == dt.timedelta(hours=8), row["t"]
            assert (row["lt"].hour, row["lt"].minute, row["lt"].second, row["lt"].nanosecond) == (23, 59, 59, 999999999), row["lt"]
            assert row["ldt"].to_native() == dt.datetime(2024, 9, 30, 10, 0), row["ldt"]
            assert str(row["zdt"].tzinfo) == "Europe/Berlin" and row["zdt"].hour == 1 and row["zdt"].minute == 30, row["zdt"]
            d = row["d"]
            assert (d.months, d.days, d.seconds, d.nanoseconds) == (14, 3, 4 * 3600 + 5 * 60 + 6, 700000000), d
            import neo4j.time as nt
            timed = s.run("RETURN $v AS v, toString($v) AS text", v=nt.Time(12, 0, 0, tzinfo=pytz.FixedOffset(480))).single()
            assert timed["text"] == "12:00+08:00" and timed["v"].hour == 12 and timed["v"].tzinfo.utcoffset(None) == dt.timedelta(hours=8), timed
            duration = nt.Duration(months=14, days=3, seconds=14706, nanoseconds=700000000)
            assert s.run("RETURN $v AS v", v=duration).single()["v"] == duration
            # Zoned datetimes, with pytz zones (this driver crashes on sending zoneinfo zones, whatever the server).
            for v, text in [(pytz.timezone("Asia/Shanghai").localize(dt.datetime(2024, 7, 1, 9, 15)), "2024-07-01T09:15+08:00[Asia/Shanghai]"),
                            (pytz.timezone("Europe/Berlin").localize(dt.datetime(2024, 1, 1, 9, 15)), "2024-01-01T09:15+01:00[Europe/Berlin]")]:
                got = s.run("RETURN $v AS v, toString($v) AS text, $v.epochSeconds AS e", v=v).single()
                assert got["text"] == text and got["e"] == int(v.timestamp()), f"{v!r} came back as {got}"
                assert got["v"].to_native() == v and str(got["v"].tzinfo) == str(v.tzinfo), f"{v!r} came back as {got['v']!r}"

    @check("unsupported parameter types get a TypeError")
    def _():
        from neo4j.spatial import CartesianPoint
        with admin.session() as s:
            for v in [b"\x00\x01", CartesianPoint((1.0, 2.0))]:
                expect_code("Neo.ClientError.Statement.TypeError", lambda: s.run("RETURN $v AS v", v=v).consume())

    @check("nodes, relationships and paths")
    def _():
        with admin.session() as s:
            s.run("MATCH (n) DETACH DELETE n").consume()
            row = s.run("CREATE (a:Person {name: 'Ann', age: 41})-[r:KNOWS {since: 2020}]->(b:Person:Admin {name: 'Bo'}) RETURN a, r, b").single()
            a, r, b = row["a"], row["r"], row["b"]
            assert set(a.labels) == {"Person"} and a["name"] == "Ann" and a["age"] == 41
            assert set(b.labels) == {"Person", "Admin"}
            assert isinstance(a.element_id, str) and r.type == "KNOWS" and r["since"] == 2020
            assert r.start_node.element_id == a.element_id and r.end_node.element_id == b.element_id
            p = s.run("MATCH p = (:Person {name: 'Bo'})<-[:KNOWS]-(:Person) RETURN p").single()["p"]
            assert [n["name"] for n in p.nodes] == ["Bo", "Ann"] and len(p.relationships) == 1
            rel = p.relationships[0]
            assert rel.start_node["name"] == "Ann" and rel.end_node["name"] == "Bo"

    @check("managed transactions and bookmarks")
    def _():
        with admin.session() as s:
            s.execute_write(lambda tx: tx.run("CREATE (:Counter {n: 1})").consume())
            n = s.execute_read(lambda tx: tx.run("MATCH (c:Counter) RETURN count(c) AS n").single()["n"])
            assert n == 1, n
            bookmarks = s.last_bookmarks()
        with admin.session(bookmarks=bookmarks) as s:
            assert s.run("MATCH (c:Counter) RETURN count(c) AS n").single()["n"] == 1
        records, summary, keys_ = admin.execute_query("MATCH (c:Counter) RETURN c.n AS n")
        assert [r["n"] for r in records] == [1] and keys_ == ["n"]
        summary = admin.execute_query("CREATE (:Counter {n: 2})").summary
        assert summary.counters.nodes_created == 1, summary.counters

    @check("explicit transactions: isolation, rollback, commit, tx_timeout, tx_metadata")
    def _():
        with admin.session() as s, admin.session() as other:
            tx = s.begin_transaction(metadata={"app": "driver-check"}, timeout=30)
            tx.run("CREATE (:Tmp {k: 1})").consume()
            assert tx.run("MATCH (t:Tmp) RETURN count(t) AS n").single()["n"] == 1
            assert other.run("MATCH (t:Tmp) RETURN count(t) AS n").single()["n"] == 0
            tx.rollback()
            assert other.run("MATCH (t:Tmp) RETURN count(t) AS n").single()["n"] == 0
            with s.begin_transaction() as tx:
                tx.run("CREATE (:Tmp {k: 2})").consume()
                first = tx.run("UNWIND range(1, 5) AS i RETURN i")
                second = tx.run("RETURN 'x' AS x")  # the first result is kept while the second runs
                assert [r["i"] for r in first] == [1, 2, 3, 4, 5]
                assert second.single()["x"] == "x"
                tx.commit()
            assert other.run("MATCH (t:Tmp) RETURN t.k AS k").single()["k"] == 2
            tx = s.begin_transaction(timeout=0.5)
            time.sleep(1.2)
            expect_code("Neo.ClientError.Transaction.TransactionTimedOut", lambda: tx.run("RETURN 1").consume())
            tx.close()
            assert s.run("RETURN 1 AS one").single()["one"] == 1

    @check("errors carry Neo4j codes and the session recovers")
    def _():
        with admin.session() as s:
            e = expect_code("Neo.ClientError.Statement.SyntaxError", lambda: s.run("MATCH (n RETURN n").consume())
            assert isinstance(e, ClientError)
            expect_code("Neo.ClientError.Statement.ParameterMissing", lambda: s.run("RETURN $missing AS m").consume())
            expect_code("Neo.ClientError.Statement.TypeError", lambda: s.run("RETURN toUpper(1) AS x").consume())
            tx = s.begin_transaction()
            expect_code("Neo.ClientError.Statement.SyntaxError", lambda: tx.run("RETURN (").consume())
            tx.close()
            assert s.run("RETURN 2 AS two").single()["two"] == 2
            plan = s.run("EXPLAIN MATCH (p:Person) RETURN p.name").consume().plan
            assert plan and plan["operatorType"], plan
            profile = s.run("PROFILE MATCH (p:Person) RETURN p.name").consume().profile
            assert profile and "rows" in profile, profile

    @check("roles: read-only keys cannot write; keys without Cypher cannot query; bad keys are refused")
    def _():
        with GraphDatabase.driver(url, auth=("someone", keys["analyst"])) as analyst:
            with analyst.session() as s:
                assert s.run("MATCH (p:Person) RETURN count(p) AS n").single()["n"] == 2
                expect_code("Neo.ClientError.Security.Forbidden", lambda: s.run("CREATE (:X)").consume())
                expect_code("Neo.ClientError.Security.Forbidden", lambda: s.execute_write(lambda tx: tx.run("CREATE (:X)").consume()))
                tx = s.begin_transaction()
                expect_code("Neo.ClientError.Security.Forbidden", lambda: tx.run("MATCH (n) SET n.x = 1").consume())
                tx.close()
        with GraphDatabase.driver(url, auth=bearer_auth(keys["supervisor"])) as supervisor:
            assert supervisor.execute_query("RETURN 1 AS one").records[0]["one"] == 1
        with GraphDatabase.driver(url, auth=("someone", keys["dashboard"])) as dashboard:
            with dashboard.session() as s:
                expect_code("Neo.ClientError.Security.Forbidden", lambda: s.run("RETURN 1").consume())
        with GraphDatabase.driver(url, auth=("someone", "gbk_not_a_key")) as bad:
            try:
                bad.verify_connectivity()
                raise AssertionError("a bad key was accepted")
            except AuthError as e:
                assert e.code == "Neo.ClientError.Security.Unauthorized", e.code
        with admin.session() as s:
            assert s.run("MATCH (x:X) RETURN count(x) AS n").single()["n"] == 0

    @check("databases: neo4j is the served one; other names are DatabaseNotFound without --bolt-databases")
    def _():
        with admin.session(database="neo4j") as s:
            assert s.run("RETURN 1 AS one").single()["one"] == 1
        for name in ["other.sqlite", "../escape"]:
            try:
                with admin.session(database=name) as s:
                    s.run("RETURN 1").consume()
                raise AssertionError(f"database {name} was served")
            except Neo4jError as e:
                assert e.code == "Neo.ClientError.Database.DatabaseNotFound", e.code
        try:
            with admin.session() as s:
                s.run("RETURN nope").consume()
            raise AssertionError("an undefined variable was accepted")
        except Neo4jError as e:
            assert e.metadata.get("cypher_error") == {"type": "SyntaxError", "code": "UndefinedVariable", "phase": "compile"}, e.metadata

    @check("neo4j:// routing")
    def _():
        with GraphDatabase.driver(f"neo4j://127.0.0.1:{port}", auth=("anyone", keys["admin"])) as routed:
            routed.verify_connectivity()
            with routed.session() as s:
                s.execute_write(lambda tx: tx.run("CREATE (:Routed)").consume())
                assert s.execute_read(lambda tx: tx.run("MATCH (r:Routed) RETURN count(r) AS n").single()["n"]) == 1

    @check("concurrent sessions")
    def _():
        errors = []

        def worker(k):
            try:
                with admin.session() as s:
                    for i in range(20):
                        assert s.run("RETURN $k * 100 + $i AS v", k=k, i=i).single()["v"] == k * 100 + i
            except Exception as e:  # noqa: BLE001
                errors.append(e)
        threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors

    @check(f"a streamed result of {ROWS} rows (fetch size 1000), partly consumed then discarded")
    def _():
        started = time.time()
        with admin.session(fetch_size=1000) as s:
            total = 0
            for record in s.run("UNWIND range(1, $n) AS i RETURN i, 'row ' + toString(i) AS text", n=ROWS):
                total += record["i"]
            assert total == ROWS * (ROWS + 1) // 2
            seconds = time.time() - started
            print(f"     {ROWS} rows in {seconds:.2f} s ({ROWS / seconds:,.0f} rows/s)")
            result = s.run("UNWIND range(1, 100000) AS i RETURN i")
            assert [next(iter(result))["i"] for _ in range(3)] == [1, 2, 3]
            summary = result.consume()
            assert summary.result_available_after is not None
            assert s.run("RETURN 7 AS seven").single()["seven"] == 7

    @check("the audit log records Bolt queries like HTTP ones")
    def _():
        time.sleep(0.5)  # entries are written in batches every 200 ms
        out = subprocess.run([BINARY, "audit", "--db", database(FOLDER, "main")], check=True, capture_output=True, text=True).stdout
        rows = [line for line in out.splitlines() if "bolt RUN" in line]
        assert len(rows) > 100, f"{len(rows)} Bolt RUN entries"
        assert any("analyst" in r and "403" in r for r in rows), "no refused write of the analyst key"
        assert any("bolt LOGON" in line and "401" in line for line in out.splitlines()), "no failed authentication"
        assert "gbk_" not in out and "Ann" not in out, "a key or a parameter value reached the audit log"

    @check("personal data is masked for every role but admin, as over HTTP (tiny demo database)")
    def _():
        process, demo_port, demo_keys = start_server(tempfile.mkdtemp(prefix="govbrain-bolt-demo-"), "demo", demo=True)
        try:
            query = "MATCH (p:Person) RETURN p, p.phone AS phone ORDER BY id(p) LIMIT 1"
            seen = {}
            for role in ["admin", "analyst"]:
                with GraphDatabase.driver(f"bolt://127.0.0.1:{demo_port}", auth=("x", demo_keys[role])) as d:
                    seen[role] = d.execute_query(query).records[0]
            assert "*" not in seen["admin"]["phone"] and "*" in seen["analyst"]["phone"], "the analyst saw a phone number"
            assert "*" in seen["analyst"]["p"]["idNumber"] and seen["analyst"]["p"]["idNumber"] != seen["admin"]["p"]["idNumber"]
        finally:
            process.terminate()
            process.wait(timeout=30)

    @check("the rate limit per key and the row cap per role apply")
    def _():
        process, limited_port, limited_keys = start_server(tempfile.mkdtemp(prefix="govbrain-bolt-limits-"), "limits",
                                                           settings=("rateLimitPerSecond=0.5", "rateLimitBurst=3", "supervisorMaxRows=10"))
        try:
            with GraphDatabase.driver(f"bolt://127.0.0.1:{limited_port}", auth=("x", limited_keys["supervisor"])) as d:
                with d.session() as s:
                    try:
                        s.run("UNWIND range(1, 11) AS i RETURN i").consume()
                        raise AssertionError("the supervisor's row cap of 10 did not hold")
                    except ClientError as e:
                        print(f"     11 rows for a cap of 10: {e.code}")
                    codes = []
                    for _ in range(5):
                        try:
                            s.run("RETURN 1").consume()
                        except Neo4jError as e:
                            codes.append(e.code)
                    assert "Neo.TransientError.Request.RateLimited" in codes, codes
        finally:
            process.terminate()
            process.wait(timeout=30)

    @check("TLS: bolt+s:// verified against the certificate, bolt+ssc:// and neo4j+ssc://; plain bolt:// is refused")
    def _():
        folder = tempfile.mkdtemp(prefix="govbrain-bolt-tls-")
        cert, key = os.path.join(folder, "server.crt"), os.path.join(folder, "server.key")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                        "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-days", "2",
                        "-keyout", key, "-out", cert], check=True, capture_output=True)
        process, tls_port, tls_keys = start_server(folder, "tls", settings=[f"boltTlsCert={cert}", f"boltTlsKey={key}"])
        try:
            auth = ("anyone", tls_keys["admin"])
            with GraphDatabase.driver(f"bolt://localhost:{tls_port}", auth=auth, encrypted=True,
                                      trusted_certificates=neo4j.TrustCustomCAs(cert)) as d:
                assert d.execute_query("RETURN 1 AS one").records[0]["one"] == 1
            for scheme in ["bolt+ssc", "neo4j+ssc"]:
                with GraphDatabase.driver(f"{scheme}://localhost:{tls_port}", auth=auth) as d:
                    records, _, _ = d.execute_query("UNWIND range(1, 1000) AS i RETURN i")
                    assert len(records) == 1000, (scheme, len(records))
            refused = None
            try:
                with GraphDatabase.driver(f"bolt://localhost:{tls_port}", auth=auth, connection_timeout=5) as d:
                    d.verify_connectivity()
            except Exception as e:  # noqa: BLE001 - the driver reports a handshake error or an unavailable service
                refused = type(e).__name__
            assert refused in ("ServiceUnavailable", "BoltHandshakeError"), f"plain bolt:// on the TLS listener: {refused}"
            with GraphDatabase.driver(f"bolt+ssc://localhost:{tls_port}", auth=auth) as d:
                assert d.execute_query("RETURN 2 AS two").records[0]["two"] == 2
        finally:
            process.terminate()
            process.wait(timeout=30)

    @check("the README's Bolt examples run unchanged")
    def _():
        text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
        section = text[text.index("## Bolt"):]
        section = section[:section.index("\n## ", 1)]
        blocks = re.findall(r"```python\n(.*?)```", section, re.S)
        assert blocks, "no python examples in the README's Bolt section"
        os.environ["GOVBRAIN_BOLT_URL"] = url
        os.environ["GOVBRAIN_KEY"] = keys["admin"]
        for block in blocks:
            exec(compile(block, "README.md", "exec"), {})


if __name__ == "__main__":
    main()
