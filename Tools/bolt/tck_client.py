"""The TCK runner's per-query command for the Bolt run: hands the runner's files to the bridge
(tck_bridge.py, which holds the Neo4j driver) over its Unix socket and prints its answer.

Standard library only, so `python3 -S` starts it in a few milliseconds.
Usage: python3 -S tck_client.py SOCKET {db} {params} {query} [{procedures}]
"""

import json
import socket
import sys


def main(argv):
    if len(argv) not in (5, 6):
        sys.stderr.write(f"usage: tck_client.py SOCKET DB PARAMS QUERY [PROCEDURES] (got {len(argv) - 1} arguments)\n")
        return 2
    request = {"db": argv[2], "params": argv[3], "query": argv[4], "procedures": argv[5] if len(argv) == 6 else None}
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        try:
            s.connect(argv[1])
        except OSError as e:
            sys.stderr.write(f"cannot reach the TCK bridge at {argv[1]}: {e}; start it with Tools/bolt/run_tck_bolt.sh\n")
            return 3
        s.sendall((json.dumps(request) + "\n").encode("utf-8"))
        data = b""
        while not data.endswith(b"\n"):
            chunk = s.recv(1 << 16)
            if not chunk:
                break
            data += chunk
    reply = json.loads(data)
    if reply.get("stderr"):
        sys.stderr.write(reply["stderr"] + "\n")
    sys.stdout.write(reply["stdout"] + "\n" if reply["stdout"] else "")
    return reply["status"]


if __name__ == "__main__":
    sys.exit(main(sys.argv))
