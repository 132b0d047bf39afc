"""Bolt against HTTP on the same server build, in the same run (issue 27's figures).

Usage: .build/bolt-venv/bin/python Tools/bolt/bench.py [path/to/govbrain]   (run driver_check.sh once first
for the virtual environment). Starts `govbrain serve --bolt-port 0` on a fresh database (one server per
large-result measurement, so each peak RSS is its own) and prints:
- a small query (`RETURN 1`), one client, sequential: latency (median, p99) and requests/s, Bolt through
  the official Python driver and HTTP `POST /v1/query` through a keep-alive connection;
- a 1,000,000-row result (`UNWIND range(1, 1000000) AS i RETURN i, 'row ' + toString(i)`): time to the last
  byte and peak RSS of the server and of the client, Bolt through a raw socket reader (PULL all, bytes
  counted, not decoded: the pure-Python driver decodes ~12,000 rows/s and would measure itself) and HTTP
  reading the JSON body whole (it is one document).
"""
import http.client
import json
import os
import resource
import socket
import statistics
import struct
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import driver_check  # noqa: E402  (start_server)
from neo4j import GraphDatabase  # noqa: E402

ROWS = int(os.environ.get("BOLT_BENCH_ROWS", "1000000"))
SMALL = int(os.environ.get("BOLT_BENCH_SMALL", "2000"))
BIG = f"UNWIND range(1, {ROWS}) AS i RETURN i, 'row ' + toString(i) AS text"


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM"):
                return int(line.split()[1]) / 1024


def server(folder):
    process, port, keys = driver_check.start_server(folder)
    return process, port, keys


def find_http_port(pid):
    # The banner was consumed by start_server; the HTTP port is read from the process's listening sockets.
    inodes = set(os.readlink(f"/proc/{pid}/fd/{fd}")[8:-1] for fd in os.listdir(f"/proc/{pid}/fd")
                 if os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:"))
    ports = []
    with open("/proc/net/tcp") as f:
        for line in list(f)[1:]:
            parts = line.split()
            if parts[3] == "0A" and parts[9] in inodes:
                ports.append(int(parts[1].split(":")[1], 16))
    return ports


def bolt_raw(port, key, query):
    def s_(x):
        b = x.encode()
        if len(b) < 16:
            return bytes([0x80 | len(b)]) + b
        return (bytes([0xD0, len(b)]) if len(b) < 256 else bytes([0xD1]) + struct.pack(">H", len(b))) + b

    def msg(tag, *fields):
        body = bytes([0xB0 | len(fields), tag]) + b"".join(fields)
        return struct.pack(">H", len(body)) + body + b"\0\0"

    def m(d):
        return bytes([0xA0 | len(d)]) + b"".join(s_(k) + v for k, v in d.items())
    c = socket.create_connection(("127.0.0.1", port))
    c.sendall(bytes([0x60, 0x60, 0xB0, 0x17, 0, 0, 4, 5] + [0] * 12))
    c.recv(4)
    c.sendall(msg(0x01, m({"user_agent": s_("bench/1")})) + msg(0x6A, m({"scheme": s_("basic"), "principal": s_("x"), "credentials": s_(key)})))
    got = b""
    while got.count(b"\xb1p") < 2:
        got += c.recv(65536)
    started = time.time()
    c.sendall(msg(0x10, s_(query), bytes([0xA0]), bytes([0xA0])) + msg(0x3F, m({"n": bytes([0xFF])})))
    total, tail = 0, b""
    while b"t_last" not in tail:
        b = c.recv(1 << 20)
        if not b:
            raise RuntimeError("closed")
        total += len(b)
        tail = (tail + b)[-300:]
    seconds = time.time() - started
    c.close()
    return seconds, total


def main():
    folder = tempfile.mkdtemp(prefix="govbrain-bolt-bench-")
    process, port, keys = server(folder)
    key = keys["admin"]
    hport = [p for p in find_http_port(process.pid) if p != port][0]
    try:
        driver = GraphDatabase.driver(f"bolt://127.0.0.1:{port}", auth=("x", key))
        with driver.session() as s:
            for _ in range(50):
                s.run("RETURN 1").consume()
            bolt = []
            for _ in range(SMALL):
                t = time.perf_counter()
                s.run("RETURN 1").consume()
                bolt.append(time.perf_counter() - t)
        driver.close()
        conn = http.client.HTTPConnection("127.0.0.1", hport)
        body = json.dumps({"query": "RETURN 1"})
        headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
        http_ = []
        for k in range(SMALL + 50):
            t = time.perf_counter()
            conn.request("POST", "/v1/query", body, headers)
            r = conn.getresponse()
            r.read()
            assert r.status == 200, r.status
            if k >= 50:
                http_.append(time.perf_counter() - t)
        conn.close()
        for name, xs in [("Bolt (Python driver)", bolt), ("HTTP /v1/query (keep-alive)", http_)]:
            xs.sort()
            print(f"small query, {name}: median {statistics.median(xs) * 1000:.2f} ms, p99 {xs[int(len(xs) * 0.99)] * 1000:.2f} ms, "
                  f"{len(xs) / sum(xs):,.0f} requests/s")
    finally:
        process.terminate()
        process.wait()
    process, port, keys = server(tempfile.mkdtemp(prefix="govbrain-bolt-bench-"))
    try:
        seconds, size = bolt_raw(port, keys["admin"], BIG)
        print(f"{ROWS:,} rows, Bolt: last byte after {seconds:.2f} s ({size / 1e6:.0f} MB), server peak RSS {peak_rss_mb(process.pid):.0f} MB, "
              f"client peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    finally:
        process.terminate()
        process.wait()
    process, port, keys = server(tempfile.mkdtemp(prefix="govbrain-bolt-bench-"))
    hport = [p for p in find_http_port(process.pid) if p != port][0]
    try:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        conn = http.client.HTTPConnection("127.0.0.1", hport, timeout=600)
        started = time.time()
        conn.request("POST", "/v1/query", json.dumps({"query": BIG}), {"Authorization": f"Bearer {keys['admin']}", "Content-Type": "application/json"})
        r = conn.getresponse()
        data = r.read()
        seconds = time.time() - started
        assert r.status == 200, data[:300]
        print(f"{ROWS:,} rows, HTTP: last byte after {seconds:.2f} s ({len(data) / 1e6:.0f} MB), server peak RSS {peak_rss_mb(process.pid):.0f} MB, "
              f"client peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB (was {before:.0f} MB before)")
    finally:
        process.terminate()
        process.wait()


if __name__ == "__main__":
    main()
