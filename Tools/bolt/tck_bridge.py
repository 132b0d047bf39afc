"""A bridge from the openCypher TCK runner's command contract to GovBrain's Bolt server,
through the official Neo4j Python driver.

The TCK runner (Tools/ops/tck/run_tck.py) starts one process per query. Starting Python and
importing `neo4j` each time would cost more than the query, so this bridge runs once, holds ONE
driver, and listens on a Unix socket; the per-query command is `tck_client.py` (standard library
only), which hands the bridge the runner's file paths and prints its answer.

Each scenario's database `{db}` is a file under the runner's --tmp-dir, which is also the server's
`--bolt-databases` folder; the bridge selects it by its path relative to that folder (a driver
session's `database`), and the server creates it on first use (`--bolt-create-databases`). The
scenario's test procedures, when it has any, are written beside it as `{db}.procedures.json`,
which the server registers when the database opens.

Answers follow Tools/ops/tck/CONTRACT.md: values come from the driver's own types (Node,
Relationship, Path, neo4j.time.*, float...) and are written in the wire format; errors use the
FAILURE's `cypher_error` classification (type, code, phase), which the driver keeps in
`Neo4jError.metadata`; side effects come from the summary's counters.

Usage (Tools/bolt/run_tck_bolt.sh starts it):
  python tck_bridge.py --socket S --url bolt://127.0.0.1:PORT --key gbk_... --databases DIR
"""

import argparse
import datetime
import json
import math
import os
import socketserver
import sys
import zoneinfo

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import Neo4jError
from neo4j.graph import Node, Path, Relationship
from neo4j.time import Date, DateTime, Duration, Time


def wire_in(value):
    """A parameter in the contract's wire format to the driver's Python value."""
    if isinstance(value, list):
        return [wire_in(v) for v in value]
    if isinstance(value, dict):
        (tag, inner), = value.items()
        if tag == "$float":
            return float(inner)
        if tag == "$map":
            return {k: wire_in(v) for k, v in inner.items()}
        raise ValueError(f"parameter tag {tag} is not supported by the Bolt bridge")
    return value


def pad(value, width):
    return str(abs(value)).rjust(width, "0")


def fraction(nanos):
    """`.fffffffff` without trailing zeros, as Cypher's toString writes it ("" for zero)."""
    return "." + pad(nanos, 9).rstrip("0") if nanos else ""


def time_text(hour, minute, second, nanos):
    text = f"{pad(hour, 2)}:{pad(minute, 2)}"
    if second or nanos:
        text += f":{pad(second, 2)}{fraction(nanos)}"
    return text


def offset_text(seconds):
    if seconds == 0:
        return "Z"
    o = abs(seconds)
    text = ("-" if seconds < 0 else "+") + f"{pad(o // 3600, 2)}:{pad(o // 60 % 60, 2)}"
    return text + (f":{pad(o % 60, 2)}" if o % 60 else "")


def date_text(year, month, day):
    sign = "-" if year < 0 else "+" if year > 9999 else ""
    return f"{sign}{pad(year, 4)}-{pad(month, 2)}-{pad(day, 2)}"


def duration_text(d):
    """Cypher's toString of a duration (months, days, seconds and nanoseconds as Neo4j keeps them)."""
    total = d.seconds * 1_000_000_000 + d.nanoseconds
    secs, nanos = divmod(total, 1_000_000_000)  # nanos in 0..999,999,999, as the server sends them
    months, days = d.months, d.days
    if months == 0 and days == 0 and total == 0:
        return "PT0S"
    text = "P"

    def add(v, unit):
        return f"{v}{unit}" if v else ""

    text += add(int(math.copysign(abs(months) // 12, months)), "Y") + add(int(math.copysign(abs(months) % 12, months)), "M")
    text += add(days, "D")
    if total:
        if secs < 0 and nanos:
            secs += 1
            nanos -= 1_000_000_000
        text += "T"
        hours = int(math.copysign(abs(secs) // 3600, secs))
        minutes = int(math.copysign(abs(secs) % 3600 // 60, secs))
        rest = int(math.copysign(abs(secs) % 60, secs))
        text += add(hours, "H") + add(minutes, "M")
        if rest:
            text += f"{rest}{fraction(abs(nanos))}S"
        elif nanos:
            text += ("-0" if nanos < 0 else "0") + fraction(abs(nanos)) + "S"
    return text


def temporal_text(value):
    """The toString form of a neo4j.time value."""
    if isinstance(value, DateTime):
        text = date_text(value.year, value.month, value.day) + "T" + time_text(value.hour, value.minute, value.second, value.nanosecond)
        if value.tzinfo is None:
            return text
        offset = value.utcoffset()
        text += offset_text(int(offset.total_seconds()))
        # The driver hydrates an offset of zero as pytz's UTC zone, the same object as the zone id
        # "UTC": it cannot tell them apart, so UTC is written as the offset alone (no TCK scenario
        # expects "[UTC]").
        zone = getattr(value.tzinfo, "zone", None)
        return text + (f"[{zone}]" if zone and zone != "UTC" else "")
    if isinstance(value, Date):
        return date_text(value.year, value.month, value.day)
    if isinstance(value, Time):
        text = time_text(value.hour, value.minute, value.second, value.nanosecond)
        if value.tzinfo is None:
            return text
        return text + offset_text(int(value.utc_offset().total_seconds()))
    return duration_text(value)


class ExactTemporal:
    """A time or datetime whose UTC offset has seconds, which the driver's own types cannot hold.

    The driver hydrates a Bolt Time/DateTime through pytz.FixedOffset (whole minutes) or pytz zones
    (offsets rounded to minutes), so `+02:05:59` or Stockholm's local mean time `+00:53:28` would
    reach the bridge as a different value, or raise. For those values only, `exact_hydration` keeps
    the fields of the Bolt structure as the server sent them (PackStream decoding is the driver's)
    and writes their toString form here; every other value goes through the driver unchanged.
    """

    def __init__(self, text):
        self.text = text


def _whole_minutes(offset_seconds):
    return offset_seconds % 60 == 0


def _local_text(local_seconds, nanoseconds):
    """`YYYY-MM-DDTHH:MM[:SS[.f]]` of seconds since 1970-01-01T00:00 on the local clock."""
    days, rest = divmod(local_seconds, 86400)
    day = datetime.date(1970, 1, 1) + datetime.timedelta(days=days)
    return date_text(day.year, day.month, day.day) + "T" + time_text(rest // 3600, rest // 60 % 60, rest % 60, nanoseconds)


def exact_hydration():
    """Wraps the driver's Time and DateTime hydrators so offsets with seconds are kept (see ExactTemporal)."""
    from neo4j._codec.hydration.v1 import temporal as temporal_v1
    from neo4j._codec.hydration.v2 import temporal as temporal_v2

    # IANA's own data (the `tzdata` package), as the server's ICU carries it: Debian's system files are
    # built with the "backzone" history (Stockholm in 1818 at +01:12:12, not IANA's +00:53:28).
    zoneinfo.reset_tzpath([])
    driver_time = temporal_v1.hydrate_time
    driver_datetime = temporal_v2.hydrate_datetime

    def hydrate_time(nanoseconds, tz=None):
        if isinstance(tz, int) and not _whole_minutes(tz):
            seconds, nanos = divmod(nanoseconds, 1_000_000_000)
            return ExactTemporal(time_text(seconds // 3600, seconds // 60 % 60, seconds % 60, nanos) + offset_text(tz))
        return driver_time(nanoseconds, tz)

    def hydrate_datetime(seconds, nanoseconds, tz=None):
        if isinstance(tz, int) and not _whole_minutes(tz):
            return ExactTemporal(_local_text(seconds + tz, nanoseconds) + offset_text(tz))
        if isinstance(tz, str):
            try:
                zone = zoneinfo.ZoneInfo(tz)
                instant = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(seconds=seconds)
                offset = int(instant.astimezone(zone).utcoffset().total_seconds())
            except (zoneinfo.ZoneInfoNotFoundError, ValueError, OverflowError):
                offset = 0
            if not _whole_minutes(offset):
                return ExactTemporal(_local_text(seconds + offset, nanoseconds) + offset_text(offset) + f"[{tz}]")
        return driver_datetime(seconds, nanoseconds, tz)

    temporal_v1.hydrate_time = hydrate_time
    temporal_v2.hydrate_datetime = hydrate_datetime


def wire_out(value):
    """A driver value in the contract's wire format."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, ExactTemporal):
        return {"$temporal": value.text}
    if isinstance(value, float):
        return {"$float": repr(value)}
    # Before lists: a neo4j.time.Duration is a tuple.
    if isinstance(value, (Date, DateTime, Time, Duration)):
        return {"$temporal": temporal_text(value)}
    if isinstance(value, (list, tuple)):
        return [wire_out(v) for v in value]
    if isinstance(value, Node):
        return {"$node": {"id": value.element_id, "labels": sorted(value.labels),
                          "properties": {k: wire_out(v) for k, v in value.items()}}}
    if isinstance(value, Relationship):
        return {"$rel": {"id": value.element_id, "type": value.type, "start": value.start_node.element_id,
                         "end": value.end_node.element_id, "properties": {k: wire_out(v) for k, v in value.items()}}}
    if isinstance(value, Path):
        items = [wire_out(value.nodes[0])]
        for rel, node in zip(value.relationships, value.nodes[1:]):
            items += [wire_out(rel), wire_out(node)]
        return {"$path": items}
    if isinstance(value, dict):
        return {"$map": {k: wire_out(v) for k, v in value.items()}}
    raise ValueError(f"the driver returned a value of type {type(value).__name__} the TCK contract has no form for")


def statistics(summary):
    stats = (summary.metadata or {}).get("stats", {})
    removed = stats.get("properties-removed", 0)
    return {"nodesCreated": stats.get("nodes-created", 0), "nodesDeleted": stats.get("nodes-deleted", 0),
            "relationshipsCreated": stats.get("relationships-created", 0),
            "relationshipsDeleted": stats.get("relationships-deleted", 0),
            "propertiesSet": stats.get("properties-set", 0) - removed, "propertiesRemoved": removed,
            "labelsAdded": stats.get("labels-added", 0), "labelsRemoved": stats.get("labels-removed", 0)}


class Bridge:
    def __init__(self, driver, databases):
        self.driver = driver
        self.databases = os.path.realpath(databases)

    def answer(self, request):
        """(exit status, stdout text) for one call of the runner's command."""
        db = os.path.realpath(request["db"])
        name = os.path.relpath(db, self.databases)
        procedures = request.get("procedures")
        if procedures:
            with open(procedures, encoding="utf-8") as f:
                document = json.load(f)
            sidecar = db + ".procedures.json"
            if document.get("procedures") and not os.path.exists(sidecar):
                with open(sidecar, "w", encoding="utf-8") as f:
                    json.dump(document, f)
        with open(request["query"], encoding="utf-8") as f:
            query = f.read()
        with open(request["params"], encoding="utf-8") as f:
            params = {k: wire_in(v) for k, v in json.load(f).items()}
        try:
            with self.driver.session(database=name) as session:
                result = session.run(query, params)
                columns = list(result.keys())
                rows = [[wire_out(v) for v in record.values()] for record in result]
                summary = result.consume()
            return 0, json.dumps({"columns": columns, "rows": rows, "stats": statistics(summary)}, ensure_ascii=False)
        except Neo4jError as e:
            detail = (e.metadata or {}).get("cypher_error") or {"type": "DatabaseError", "code": e.code, "phase": "runtime"}
            error = {"type": detail.get("type"), "code": detail.get("code"), "phase": detail.get("phase"), "message": e.message}
            return 1, json.dumps({"error": error}, ensure_ascii=False)


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        line = self.rfile.readline()
        try:
            status, out = self.server.bridge.answer(json.loads(line))
            reply = {"status": status, "stdout": out}
        except Exception as e:  # the client reports it as a crash, with the reason on stderr
            reply = {"status": 3, "stdout": "", "stderr": f"bridge: {type(e).__name__}: {e}"}
        self.wfile.write((json.dumps(reply, ensure_ascii=False) + "\n").encode("utf-8"))


class Server(socketserver.ThreadingUnixStreamServer):
    daemon_threads = True


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--socket", required=True)
    ap.add_argument("--url", required=True)
    ap.add_argument("--key", required=True, help="an admin API key (the Bolt basic-auth credentials)")
    ap.add_argument("--databases", required=True, help="the server's --bolt-databases folder")
    args = ap.parse_args()
    exact_hydration()
    with GraphDatabase.driver(args.url, auth=("tck", args.key)) as driver:
        driver.verify_connectivity()
        with Server(args.socket, Handler) as server:
            server.bridge = Bridge(driver, args.databases)
            print(f"bridge ready on {args.socket} (neo4j driver {neo4j.__version__})", flush=True)
            server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
