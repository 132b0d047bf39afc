#!/usr/bin/env python3
"""Hotline routing benchmark: GovBrain's routing model side by side with the classical baselines,
in-process latency, and HTTP throughput of POST /v1/hotline/route under wrk.

    python3 -m venv /tmp/benchvenv && /tmp/benchvenv/bin/pip install scikit-learn fasttext jieba
    swift build -c release && .build/release/govbrain demo build      # the demo database with its text index
    /tmp/benchvenv/bin/python Tools/bench/bench_routing.py [--skip-baselines] [--skip-http] [--duration 30] [--connections 32]

Steps (all on Datasets/hotline, the test split unless said):
1. `govbrain model eval routing --format json`: the promoted model's accuracy, top-3, macro-F1,
   department accuracy, calibration and automation, on the test split and on the hand-written
   complaints and the callers' calls (Datasets/hotline-handwritten), and the texts no intent covers
   (`--out-of-scope`).
2. `Tools/bench/routing_baselines.py` (the shared baselines: TF-IDF + LinearSVC / LogisticRegression,
   fastText, jieba words) trained on train.jsonl and scored on test.jsonl, in the same run; then
   again trained on train.jsonl plus the knowledge GovBrain's model is given (the taxonomy's
   phrases and the domain lexicon's terms, each 10×, as `govbrain model train routing` adds them),
   and once more with the calls written by hand for training (train/*.jsonl, 3×, as routing v4 is
   trained), all scored on the hand-written complaints and the callers' calls too (`--skip-lexicon`
   leaves the last two out).
3. `govbrain route --input test.jsonl --timing` (`--skip-latency` leaves it out): one text at a time on one thread, every step
   of the routing (model, place, office, answer, similar cases); p50 and p99 in ms.
4. `govbrain serve` on a free port, then `wrk -t2 -c32 -d30s` posting test texts in turn;
   requests per second, latency and errors (non-2xx responses and socket errors).
Prints a Markdown table and writes the raw figures as JSON (--out).
"""
import argparse
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GOVBRAIN = os.environ.get("GOVBRAIN_BINARY", os.path.join(ROOT, ".build", "release", "govbrain"))
HOTLINE = os.path.join(ROOT, "Datasets", "hotline")


def run_json(args, **kw):
    out = subprocess.run(args, cwd=ROOT, check=True, capture_output=True, text=True, **kw)
    return json.loads(out.stdout)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrk_lua(texts, key):
    bodies = ",\n".join("[==[" + json.dumps({"text": t}, ensure_ascii=False) + "]==]" for t in texts)
    return f"""bodies = {{
{bodies}
}}
i = 0
request = function()
  i = i % #bodies + 1
  return wrk.format("POST", "/v1/hotline/route", {{["Content-Type"] = "application/json", ["Authorization"] = "Bearer {key}"}}, bodies[i])
end
"""


def http_benchmark(db, duration, connections, threads):
    port = free_port()
    # A copy of the database with an API key of its own (the service answers only with a key),
    # served without rate limits and access log, as Tools/bench/load_test.sh does.
    work = tempfile.mkdtemp()
    copy = os.path.join(work, "bench.sqlite")
    with sqlite3.connect(db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    key = subprocess.run([GOVBRAIN, "keys", "create", "--db", copy, "--role", "admin", "--name", "bench-routing"],
                         capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    db = copy
    # The server's output goes to a file: a pipe nobody reads fills up under load and blocks the
    # server (its access log), which then cannot even shut down.
    log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False, encoding="utf-8")
    server = subprocess.Popen([GOVBRAIN, "serve", "--db", db, "--port", str(port), "--set", "rateLimitPerSecond=1000000",
                               "--set", "rateLimitBurst=1000000", "--set", "logLevel=warning"], cwd=ROOT,
                              stdout=log, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.time() + 120
        while "serving" not in open(log.name, encoding="utf-8", errors="replace").read():
            if server.poll() is not None or time.time() > deadline:
                raise SystemExit("govbrain serve did not start: " + open(log.name, encoding="utf-8", errors="replace").read()[-2000:])
            time.sleep(0.2)
        texts = [json.loads(l)["text"] for l in open(os.path.join(HOTLINE, "test.jsonl"), encoding="utf-8")][:500]
        # Warm-up: the first routing request loads the model, the knowledge base and the case index.
        warm = urllib.request.Request(f"http://127.0.0.1:{port}/v1/hotline/route", method="POST",
                                      data=json.dumps({"text": texts[0]}).encode(),
                                      headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
        urllib.request.urlopen(warm, timeout=300).read()
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False, encoding="utf-8") as f:
            f.write(wrk_lua(texts, key))
            script = f.name
        out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "-s", script,
                              f"http://127.0.0.1:{port}/"], capture_output=True, text=True, check=True).stdout
        os.remove(script)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
        os.remove(log.name)
        shutil.rmtree(work, ignore_errors=True)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)) else 0
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    socket_errors = sum(int(g) for g in sock.groups()) if sock else 0
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 1e-3, "ms": 1, "s": 1e3}
    return {"requests_per_second": rps, "non_2xx": non2xx, "socket_errors": socket_errors,
            "p99_ms": float(p99.group(1)) * scale[p99.group(2)] if p99 else None, "raw": out}


def knowledge_phrases():
    """The taxonomy's phrases and the lexicon's terms as labelled lines, as the Swift trainer reads them."""
    import csv
    ref = os.path.join(ROOT, "Datasets", "reference")
    intents = list(csv.DictReader(open(os.path.join(ref, "intents.csv"), encoding="utf-8")))
    department = {r["id"]: r["department_id"] for r in intents}
    out = []
    for r in intents:
        for p in [r["name_zh"]] + re.split(r"[、，,（）()；;]", r["scope_zh"]):
            if len(p.strip()) >= 2:
                out.append({"text": p.strip(), "intent": r["id"], "department": r["department_id"]})
    for r in csv.DictReader(open(os.path.join(ref, "intent_lexicon.csv"), encoding="utf-8")):
        for t in r["terms_zh"].split("、"):
            if len(t.strip()) >= 2:
                out.append({"text": t.strip(), "intent": r["id"], "department": department[r["id"]]})
    return out


def baselines(train, test, targets):
    out = tempfile.mktemp(suffix=".json")
    subprocess.run([sys.executable, os.path.join(ROOT, "Tools", "bench", "routing_baselines.py"), train, test, "--targets", targets, "--out", out],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    result = json.load(open(out))
    os.remove(out)
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", default=os.path.join(ROOT, ".govbrain", "demo.sqlite"))
    ap.add_argument("--skip-baselines", action="store_true")
    ap.add_argument("--skip-http", action="store_true")
    ap.add_argument("--skip-lexicon", action="store_true")
    ap.add_argument("--skip-latency", action="store_true", help="no `govbrain route --timing` (needs the demo database)")
    ap.add_argument("--duration", type=int, default=30)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", default="/tmp/bench_routing.json")
    args = ap.parse_args()
    results = {}

    ours = run_json([GOVBRAIN, "model", "eval", "routing", "--data", HOTLINE, "--format", "json"])
    results["govbrain"] = ours
    handwritten = os.path.join(ROOT, "Datasets", "hotline-handwritten", "complaints.jsonl")
    ours_hw = run_json([GOVBRAIN, "model", "eval", "routing", "--data", handwritten, "--format", "json"])
    results["govbrain_handwritten"] = ours_hw
    callers = os.path.join(ROOT, "Datasets", "hotline-handwritten", "callers.jsonl")
    ours_callers = run_json([GOVBRAIN, "model", "eval", "routing", "--data", callers, "--format", "json"])
    results["govbrain_callers"] = ours_callers
    out_of_scope = os.path.join(ROOT, "Datasets", "hotline-handwritten", "out-of-scope.jsonl")
    results["govbrain_out_of_scope"] = run_json([GOVBRAIN, "model", "eval", "routing", "--out-of-scope", "--data", out_of_scope, "--format", "json"])
    train, test = os.path.join(HOTLINE, "train.jsonl"), os.path.join(HOTLINE, "test.jsonl")
    variants = [("", train)]
    if not args.skip_baselines and not args.skip_lexicon:
        augmented = tempfile.mktemp(suffix=".jsonl")
        with open(augmented, "w", encoding="utf-8") as f:
            f.write(open(train, encoding="utf-8").read())
            phrases = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in knowledge_phrases())
            f.write(phrases * 10)
        variants.append((" + taxonomy & lexicon", augmented))
        # What the promoted routing model is trained on: the corpus, the taxonomy and lexicon, and the
        # calls written by hand that its card names (3×; v4: T1–T9 and U1).
        by_hand = tempfile.mktemp(suffix=".jsonl")
        folder = os.path.join(ROOT, "Datasets", "hotline-handwritten", "train")
        promoted = open(os.path.join(ROOT, "Models", "routing", "PROMOTED")).read().strip()
        card = json.load(open(os.path.join(ROOT, "Models", "routing", promoted, "card.json")))
        named = {os.path.basename(d["path"]) for d in card.get("data", [])}
        calls = "".join(open(os.path.join(folder, name), encoding="utf-8").read() for name in sorted(os.listdir(folder)) if name in named)
        with open(by_hand, "w", encoding="utf-8") as f:
            f.write(open(augmented, encoding="utf-8").read())
            f.write(calls * 3)
        variants.append((" + taxonomy & lexicon + calls by hand", by_hand))
    if not args.skip_baselines:
        results["baselines"] = {}
        for suffix, data in variants:
            results["baselines"][suffix] = {"test": baselines(data, test, "intent,department"),
                                            "handwritten": baselines(data, handwritten, "intent,department"),
                                            "callers": baselines(data, callers, "intent,department")}

    if not args.skip_latency:
        routed = tempfile.mktemp(suffix=".jsonl")
        timing = subprocess.run([GOVBRAIN, "route", "--db", args.db, "--input", os.path.join(HOTLINE, "test.jsonl"), "--output", routed,
                                 "--timing"], cwd=ROOT, check=True, capture_output=True, text=True)
        results["latency"] = json.loads(timing.stderr.strip().splitlines()[-1])
        os.remove(routed)
    if not args.skip_http:
        results["http"] = http_benchmark(args.db, args.duration, args.connections, args.threads)

    print("| model | test top-1 | top-3 | macro-F1 | department | hand-written top-1 | hand-written department | callers top-1 | callers department |")
    print("|---|---|---|---|---|---|---|---|---|")
    print(f"| GovBrain routing {ours['version']} | {ours['top1']:.4f} | {ours['top3']:.4f} | {ours['macroF1']:.4f} | "
          f"{ours['departmentAccuracy']:.4f} | {ours_hw['top1']:.4f} | {ours_hw['departmentAccuracy']:.4f} | "
          f"{ours_callers['top1']:.4f} | {ours_callers['departmentAccuracy']:.4f} |")
    for suffix, runs in (results.get("baselines") or {}).items():
        targets, hw, cl = runs["test"].get("targets", {}), runs["handwritten"].get("targets", {}), runs["callers"].get("targets", {})
        for name, r in targets.get("intent", {}).get("models", {}).items():
            dept = targets.get("department", {}).get("models", {}).get(name, {}).get("top1_acc")
            hw_top1 = hw.get("intent", {}).get("models", {}).get(name, {}).get("top1_acc")
            hw_dept = hw.get("department", {}).get("models", {}).get(name, {}).get("top1_acc")
            cl_top1 = cl.get("intent", {}).get("models", {}).get(name, {}).get("top1_acc")
            cl_dept = cl.get("department", {}).get("models", {}).get(name, {}).get("top1_acc")
            fmt = lambda v: "–" if v is None else f"{v:.4f}"
            print(f"| {name}{suffix} (train {r['train_s']:.0f} s) | {r['top1_acc']:.4f} | {r['top3_acc']:.4f} | {r['macro_f1']:.4f} | "
                  f"{fmt(dept)} | {fmt(hw_top1)} | {fmt(hw_dept)} | {fmt(cl_top1)} | {fmt(cl_dept)} |")
    if "latency" in results:
        lat = results["latency"]
        print(f"\nin-process routing, one thread: p50 {lat['p50_ms']:.3f} ms, p99 {lat['p99_ms']:.3f} ms over {lat['items']} texts")
    oos = results["govbrain_out_of_scope"]
    print(f"texts no intent covers (out-of-scope.jsonl): {oos['automatic']} of {oos['texts']} dispatched automatically "
          f"({oos['automaticShare'] * 100:.1f} %), {oos['outOfDistribution']} gated as out of distribution")
    print(f"callers: automatic dispatch {ours_callers['automationRate'] * 100:.1f} % at {ours_callers['automaticPrecision'] * 100:.2f} % precision")
    print(f"calibration: ECE {ours['expectedCalibrationError']:.4f}; automatic dispatch {ours['automationRate'] * 100:.1f} % "
          f"at {ours['automaticPrecision'] * 100:.2f} % precision")
    if "http" in results:
        h = results["http"]
        print(f"POST /v1/hotline/route: {h['requests_per_second']:.0f} requests/s (wrk -t{args.threads} -c{args.connections} "
              f"-d{args.duration}s), p99 {h['p99_ms']} ms, non-2xx {h['non_2xx']}, socket errors {h['socket_errors']}")
    json.dump(results, open(args.out, "w"), ensure_ascii=False, indent=1)
    print(f"raw figures: {args.out}")


if __name__ == "__main__":
    main()
