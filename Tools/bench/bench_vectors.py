#!/usr/bin/env python3
"""Vector-similarity performance anchors for GovBrain's KGEmbedding (BLAS top-k + HNSW).

Measures, on this machine:
  * gemm   - cblas_sgemm GFLOP/s of the system (Debian) OpenBLAS from a C program (sgemm_bench.c,
             compiled with gcc -lopenblas), and numpy.matmul GFLOP/s (numpy's bundled OpenBLAS),
             1 and 2 threads, with the environment as set and with OPENBLAS_CORETYPE and
             OPENBLAS_L2_SIZE unset (in the child process only).
  * faiss  - exact top-k (faiss.IndexFlatIP) at batch 1 / 64 / all, 1 and 2 OpenMP threads,
             plus a numpy reference (q @ base.T + argpartition) at batch 64.
  * hnsw   - hnswlib (space='ip'): build time, then recall@k vs exact and QPS for each ef
             (single-query loop on 1 thread; batch knn_query on 2 threads).

Data: seeded random unit vectors, written as TEXMEX .fvecs (base, queries) and exact ground truth
as .ivecs under --data-dir (default: <system temp dir>/govbrain-bench/vectors/<config>), so the
project's CLI can be run on the same files. Files are reused when present.

GovBrain hook (UNTESTED until the CLI exists): with --govbrain PATH, for index in flat and hnsw it runs
    PATH vectors search --base B.fvecs --queries Q.fvecs --k K --index flat|hnsw --metric ip --out R.ivecs
expects a JSON line on stdout with build_seconds, search_seconds, queries_per_second, computes
recall@k from R.ivecs and prints the ratios to FAISS (flat) / hnswlib (hnsw).

Examples (from the bench/ folder, inside the venv that has numpy faiss-cpu hnswlib threadpoolctl):
    python3 vectors/bench_vectors.py                       # 1,000,000 x 256, 1,000 queries
    python3 vectors/bench_vectors.py --n-base 100000 --dim 128
    python3 vectors/bench_vectors.py --only gemm
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from machine_line import machine_line

HERE = os.path.dirname(os.path.abspath(__file__))
BLAS_ENV_VARS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


# ----------------------------------------------------------------------------- helpers
def load1():
    return os.getloadavg()[0]


def wait_for_quiet(max_load=1.5, max_wait=300, step=30, label=""):
    """Wait (up to max_wait s) until the 1-minute load is <= max_load; return the load measured."""
    waited = 0
    l1 = load1()
    while l1 > max_load and waited < max_wait:
        print(f"# load {l1:.2f} > {max_load} before {label}: sleeping {step}s", file=sys.stderr, flush=True)
        time.sleep(step)
        waited += step
        l1 = load1()
    print(f"# block {label}: 1-min load {l1:.2f} (waited {waited}s)", file=sys.stderr, flush=True)
    return {"load1_before": round(l1, 2), "waited_s": waited}


def note_load(label=""):
    """Record the 1-minute load before a measurement inside a block (no waiting)."""
    l1 = load1()
    print(f"# {label}: 1-min load {l1:.2f}", file=sys.stderr, flush=True)
    return {"load1_before": round(l1, 2)}


def med(xs):
    return statistics.median(xs)


def write_fvecs(path, arr):
    import numpy as np
    n, d = arr.shape
    out = np.empty((n, d + 1), dtype=np.float32)
    out[:, 0] = np.array([d], dtype=np.int32).view(np.float32)[0]
    out[:, 1:] = arr
    out.tofile(path)


def read_fvecs(path):
    import numpy as np
    raw = np.fromfile(path, dtype=np.int32)
    d = raw[0]
    return raw.reshape(-1, d + 1)[:, 1:].copy().view(np.float32)


def write_ivecs(path, arr):
    import numpy as np
    n, d = arr.shape
    out = np.empty((n, d + 1), dtype=np.int32)
    out[:, 0] = d
    out[:, 1:] = arr
    out.tofile(path)


def read_ivecs(path):
    import numpy as np
    raw = np.fromfile(path, dtype=np.int32)
    d = raw[0]
    return raw.reshape(-1, d + 1)[:, 1:].copy()


def recall_at_k(found, truth, k):
    hits = 0
    for f, t in zip(found, truth):
        hits += len(set(int(x) for x in f[:k]) & set(int(x) for x in t[:k]))
    return hits / (len(truth) * k)


# ----------------------------------------------------------------------------- GEMM
def numpy_gemm_child(n, reps):
    """Runs in a child process: numpy.matmul float32 n x n x n, prints JSON lines."""
    import numpy as np
    from threadpoolctl import threadpool_info
    info = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    rng = np.random.default_rng(1)
    a = rng.standard_normal((n, n), dtype=np.float32)
    b = rng.standard_normal((n, n), dtype=np.float32)
    c = a @ b  # warm-up
    flop = 2.0 * n ** 3
    for r in range(reps):
        t0 = time.perf_counter()
        c = a @ b
        dt = time.perf_counter() - t0
        print(json.dumps({"n": n, "rep": r, "seconds": dt, "gflops": flop / dt / 1e9,
                          "threads": info[0].get("num_threads") if info else None,
                          "corename": info[0].get("architecture") if info else None,
                          "config": f"{info[0].get('internal_api')} {info[0].get('version')}" if info else None}),
              flush=True)


def run_gemm(args, data_dir):
    exe = os.path.join(data_dir, "sgemm_bench")
    src = os.path.join(HERE, "sgemm_bench.c")
    subprocess.run(["gcc", "-O2", "-o", exe, src, "-lopenblas"], check=True)
    env_values = {v: os.environ.get(v) for v in BLAS_ENV_VARS}
    rows = []
    wait_for_quiet(args.max_load, args.max_wait, label="gemm block")
    for env_mode in ("as-set", "unset"):
        for impl in ("c-openblas", "numpy"):
            for n in args.gemm_sizes:
                for threads in (1, 2):
                    env = dict(os.environ)
                    if env_mode == "unset":
                        for v in BLAS_ENV_VARS:
                            env.pop(v, None)
                    env["OPENBLAS_NUM_THREADS"] = str(threads)
                    env["OMP_NUM_THREADS"] = str(threads)
                    if impl == "c-openblas":
                        cmd = [exe, str(n), str(args.repeats)]
                    else:
                        cmd = [sys.executable, os.path.abspath(__file__), "--_numpy-gemm", str(n),
                               "--repeats", str(args.repeats)]
                    load = note_load(label=f"gemm {impl} n={n} t={threads} env={env_mode}")
                    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
                    recs = [json.loads(l) for l in out.splitlines() if l.startswith("{")]
                    g = [r["gflops"] for r in recs]
                    row = {"impl": impl, "env": env_mode, "n": n, "threads": threads,
                           "gflops_median": round(med(g), 1), "gflops_runs": [round(x, 1) for x in g],
                           "kernel": recs[0].get("corename"), "config": recs[0].get("config"), **load}
                    print(json.dumps(row), flush=True)
                    rows.append(row)
    return {"env_values": env_values, "rows": rows}


# ----------------------------------------------------------------------------- data
def make_data(args, data_dir):
    import numpy as np
    paths = {k: os.path.join(data_dir, f) for k, f in
             (("base", "base.fvecs"), ("queries", "queries.fvecs"), ("gt", "groundtruth.ivecs"))}
    if args.base_fvecs:
        # Real vectors given as files (e.g. `govbrain vectors encode` of the hotline corpus).
        base, q = read_fvecs(args.base_fvecs), read_fvecs(args.queries_fvecs)
        write_fvecs(paths["base"], base)
        write_fvecs(paths["queries"], q)
        return base, q, paths
    meta_path = os.path.join(data_dir, "meta.json")
    meta = {"n_base": args.n_base, "dim": args.dim, "n_queries": args.n_queries, "seed": args.seed,
            "generator": "numpy.default_rng(seed).standard_normal -> L2-normalised float32; queries from seed+1",
            "intrinsic_dim": args.intrinsic_dim, "noise": args.noise if args.intrinsic_dim else None}
    if args.clusters:
        meta["clusters"] = args.clusters
        meta["cluster_spread"] = args.cluster_spread
    if os.path.exists(meta_path) and os.path.exists(paths["base"]) and os.path.exists(paths["queries"]):
        with open(meta_path) as f:
            if json.load(f) == meta:
                print("# reusing vectors in", data_dir, file=sys.stderr)
                return read_fvecs(paths["base"]), read_fvecs(paths["queries"]), paths
    t0 = time.perf_counter()
    base = np.empty((args.n_base, args.dim), dtype=np.float32)
    rng = np.random.default_rng(args.seed)
    w = None
    if args.intrinsic_dim:
        w = (np.random.default_rng(args.seed + 2).standard_normal((args.intrinsic_dim, args.dim), dtype=np.float32)
             / np.float32(np.sqrt(args.intrinsic_dim)))

    centers = None
    if args.intrinsic_dim and args.clusters:
        # A seeded mixture of Gaussian clusters in the low-dimensional subspace.
        centers = np.random.default_rng(args.seed + 3).standard_normal((args.clusters, args.intrinsic_dim), dtype=np.float32)

    def draw(r, m):
        if w is None:
            x = r.standard_normal((m, args.dim), dtype=np.float32)
        else:
            z = r.standard_normal((m, args.intrinsic_dim), dtype=np.float32)
            if centers is not None:
                z = centers[r.integers(0, len(centers), size=m)] + np.float32(args.cluster_spread) * z
            x = z @ w
            x += np.float32(args.noise) * r.standard_normal((m, args.dim), dtype=np.float32)
        x /= np.linalg.norm(x, axis=1, keepdims=True)
        return x

    chunk = 100_000
    for s in range(0, args.n_base, chunk):
        x = draw(rng, min(chunk, args.n_base - s))
        base[s:s + len(x)] = x
    q = draw(np.random.default_rng(args.seed + 1), args.n_queries)
    write_fvecs(paths["base"], base)
    write_fvecs(paths["queries"], q)
    with open(meta_path, "w") as f:
        json.dump(meta, f)
    print(f"# generated vectors in {time.perf_counter() - t0:.1f}s -> {data_dir}", file=sys.stderr)
    return base, q, paths


# ----------------------------------------------------------------------------- FAISS / numpy exact
def run_exact(args, base, q, paths):
    import faiss
    import numpy as np
    from threadpoolctl import threadpool_limits
    k = args.k
    index = faiss.IndexFlatIP(base.shape[1])
    index.add(base)
    res = {"faiss_compile_options": faiss.get_compile_options(), "rows": []}
    gt = None
    wait_for_quiet(args.max_load, args.max_wait, label="exact block")
    for threads in (1, 2):
        faiss.omp_set_num_threads(threads)
        for batch in ("1", "64", "all"):
            if batch == "1":
                nq = min(args.single_query_limit, len(q))
                qq = q[:nq]
                bs = 1
            else:
                qq = q
                nq = len(q)
                bs = 64 if batch == "64" else nq
            load = note_load(label=f"faiss flat batch={batch} t={threads}")
            index.search(qq[:min(bs, 64)], k)  # warm-up
            times = []
            for _ in range(args.repeats):
                t0 = time.perf_counter()
                outs = []
                for s in range(0, nq, bs):
                    outs.append(index.search(qq[s:s + bs], k)[1])
                times.append(time.perf_counter() - t0)
            ids = np.vstack(outs)
            if batch == "all" and gt is None:
                gt = ids
            t = med(times)
            row = {"impl": "faiss.IndexFlatIP", "threads": threads, "batch": batch, "queries": nq,
                   "seconds_median": round(t, 4), "qps": round(nq / t, 2),
                   "qps_runs": [round(nq / x, 2) for x in times], **load}
            print(json.dumps(row), flush=True)
            res["rows"].append(row)
    # numpy reference, batch 64
    for threads in (1, 2):
        load = note_load(label=f"numpy exact batch=64 t={threads}")
        times = []
        with threadpool_limits(limits=threads, user_api="blas"):
            for _ in range(args.repeats):
                t0 = time.perf_counter()
                outs = []
                for s in range(0, len(q), 64):
                    sc = q[s:s + 64] @ base.T
                    part = np.argpartition(-sc, k - 1, axis=1)[:, :k]
                    order = np.argsort(-np.take_along_axis(sc, part, axis=1), axis=1)
                    outs.append(np.take_along_axis(part, order, axis=1))
                times.append(time.perf_counter() - t0)
        ids = np.vstack(outs)
        agree = recall_at_k(ids, gt, k)
        t = med(times)
        row = {"impl": "numpy q@base.T+argpartition", "threads": threads, "batch": "64", "queries": len(q),
               "seconds_median": round(t, 4), "qps": round(len(q) / t, 2),
               "qps_runs": [round(len(q) / x, 2) for x in times], "agreement_with_faiss": round(agree, 5), **load}
        print(json.dumps(row), flush=True)
        res["rows"].append(row)
    write_ivecs(paths["gt"], gt.astype(np.int32))
    return res, gt


def run_exact_blas(args, base, q, gt):
    """FAISS picks BLAS only when nq*d >= faiss.cvar.distance_compute_blas_threshold (128000 in 1.15):
    at d=256, batch 64 runs the sequential SIMD scan. These rows force the BLAS path (threshold 0)."""
    import faiss
    import numpy as np
    k = args.k
    index = faiss.IndexFlatIP(base.shape[1])
    index.add(base)
    res = {"rows": [], "faiss_distance_compute_blas_threshold_default": faiss.cvar.distance_compute_blas_threshold}
    default_thr = faiss.cvar.distance_compute_blas_threshold
    faiss.cvar.distance_compute_blas_threshold = 0
    wait_for_quiet(args.max_load, args.max_wait, label="exact BLAS-forced block")
    for threads in (1, 2):
        faiss.omp_set_num_threads(threads)
        for bs in (1, 64):
            nq = min(args.single_query_limit, len(q)) if bs == 1 else len(q)
            load = note_load(label=f"faiss flat batch={bs} BLAS forced t={threads}")
            index.search(q[:bs], k)
            times = []
            for _ in range(args.repeats):
                t0 = time.perf_counter()
                outs = [index.search(q[s:s + bs], k)[1] for s in range(0, nq, bs)]
                times.append(time.perf_counter() - t0)
            ids = np.vstack(outs)
            t = med(times)
            row = {"impl": "faiss.IndexFlatIP blas_threshold=0", "threads": threads, "batch": str(bs),
                   "queries": nq, "seconds_median": round(t, 4), "qps": round(nq / t, 2),
                   "qps_runs": [round(nq / x, 2) for x in times],
                   "agreement_with_faiss": round(recall_at_k(ids, gt[:nq], k), 5), **load}
            print(json.dumps(row), flush=True)
            res["rows"].append(row)
    faiss.cvar.distance_compute_blas_threshold = default_thr
    return res


# ----------------------------------------------------------------------------- hnswlib
def run_hnsw(args, base, q, gt, data_dir):
    import hnswlib
    import numpy as np
    k = args.k
    res = {"M": args.hnsw_m, "ef_construction": args.hnsw_efc, "build": [], "rows": []}
    index_path = os.path.join(data_dir, f"hnsw_M{args.hnsw_m}_efc{args.hnsw_efc}_s{args.seed}.bin")
    build_times = []
    p = None
    for r in range(args.build_repeats):
        load = wait_for_quiet(args.max_load, args.max_wait, label=f"hnsw build {r}") if r == 0 else note_load(f"hnsw build {r}")
        p = hnswlib.Index(space="ip", dim=base.shape[1])
        p.init_index(max_elements=len(base), ef_construction=args.hnsw_efc, M=args.hnsw_m, random_seed=args.seed)
        p.set_num_threads(args.build_threads)
        t0 = time.perf_counter()
        p.add_items(base, np.arange(len(base)), num_threads=args.build_threads)
        dt = time.perf_counter() - t0
        build_times.append(dt)
        b = {"run": r, "threads": args.build_threads, "seconds": round(dt, 2), **load}
        print(json.dumps(b), flush=True)
        res["build"].append(b)
    res["build_seconds_median"] = round(med(build_times), 2)
    p.save_index(index_path)
    res["index_bytes"] = os.path.getsize(index_path)
    wait_for_quiet(args.max_load, args.max_wait, label="hnsw search block")
    for ef in args.ef:
        p.set_ef(ef)
        load = note_load(label=f"hnsw search ef={ef}")
        p.set_num_threads(1)
        p.knn_query(q[:10], k=k, num_threads=1)  # warm-up
        single, batch = [], []
        labels = None
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            out = [p.knn_query(q[i:i + 1], k=k, num_threads=1)[0][0] for i in range(len(q))]
            single.append(time.perf_counter() - t0)
            labels = np.array(out)
        rec = recall_at_k(labels, gt, k)
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            lb, _d = p.knn_query(q, k=k, num_threads=2)
            batch.append(time.perf_counter() - t0)
        rec_b = recall_at_k(lb, gt, k)
        row = {"ef": ef, "recall_at_k": round(rec, 4), "recall_batch": round(rec_b, 4),
               "qps_single_1t": round(len(q) / med(single), 1),
               "qps_single_runs": [round(len(q) / x, 1) for x in single],
               "qps_batch_2t": round(len(q) / med(batch), 1),
               "qps_batch_runs": [round(len(q) / x, 1) for x in batch], **load}
        print(json.dumps(row), flush=True)
        res["rows"].append(row)
    ok = [r for r in res["rows"] if r["recall_at_k"] >= args.target_recall]
    res["at_target"] = min(ok, key=lambda r: r["ef"]) if ok else None
    return res


# ----------------------------------------------------------------------------- GovBrain hook (untested)
def run_govbrain(args, paths, results):
    """UNTESTED HOOK: runs the project's CLI on the same files and reports ratios to the peers."""
    import numpy as np
    gt = read_ivecs(paths["gt"])
    out = {}
    cases = [(index, batch, None) for index in args.govbrain_indexes.split(",") if index == "flat" for batch in ["all", "64", "1"]]
    if "hnsw" in args.govbrain_indexes.split(","):
        # The graph is built once (timed on the first run) and then loaded from the index file for each ef.
        ipath = os.path.join(os.path.dirname(paths["gt"]), f"govbrain_M{args.hnsw_m}_efc{args.hnsw_efc}.hnsw")
        if os.path.exists(ipath):
            os.remove(ipath)
        cases += [("hnsw", batch, ef) for ef in args.ef for batch in ["all", "1"]]
    build_seconds = None
    for index, batch, ef in cases:
        runs = []
        for r in range(args.repeats):
            rpath = os.path.join(os.path.dirname(paths["gt"]), f"govbrain_{index}.ivecs")
            cmd = [args.govbrain, "vectors", "search", "--base", paths["base"], "--queries", paths["queries"],
                   "--k", str(args.k), "--index", index, "--metric", "ip", "--threads", "2", "--out", rpath]
            if index == "hnsw":
                cmd += ["--ef", str(ef), "--m", str(args.hnsw_m), "--ef-construction", str(args.hnsw_efc), "--index-file", ipath]
                if batch == "1":
                    cmd[cmd.index("--threads") + 1] = "1"
            if batch != "all":
                cmd += ["--batch", batch]
            if batch == "1" and index == "flat":
                # One query at a time: the first --single-query-limit queries, as the FAISS row does.
                qpath = os.path.join(os.path.dirname(paths["gt"]), f"queries_first{args.single_query_limit}.fvecs")
                if not os.path.exists(qpath):
                    import numpy as _np
                    q = read_fvecs(paths["queries"])[: args.single_query_limit]
                    write_fvecs(qpath, q)
                cmd[cmd.index("--queries") + 1] = qpath
            load = (wait_for_quiet(args.max_load, args.max_wait, label=f"govbrain {index}") if r == 0
                    else note_load(f"govbrain {index} run {r}"))
            t0 = time.perf_counter()
            cp = subprocess.run(cmd, capture_output=True, text=True)
            wall = time.perf_counter() - t0
            if cp.returncode != 0:
                print(f"# govbrain {index} failed rc={cp.returncode}: {cp.stderr[-2000:]}", file=sys.stderr)
                break
            js = [json.loads(l) for l in cp.stdout.splitlines() if l.strip().startswith("{")]
            rep = js[-1] if js else {}
            found = read_ivecs(rpath)
            rep.update({"wall_seconds": wall, "recall_at_k": recall_at_k(found, gt[: len(found)], args.k), **load})
            if index == "hnsw" and build_seconds is None:
                build_seconds = rep["build_seconds"]  # the one real build; later runs load the file
            runs.append(rep)
        if not runs:
            continue
        qps = med([x["queries_per_second"] for x in runs])
        rec = med([x["recall_at_k"] for x in runs])
        row = {"index": index, "batch": batch, "ef": ef, "qps_median": qps, "recall_at_k": rec,
               "build_seconds_median": (build_seconds if index == "hnsw" else
                                        med([x.get("build_seconds", float("nan")) for x in runs])),
               "search_seconds_median": med([x.get("search_seconds", float("nan")) for x in runs]), "runs": runs}
        if index == "flat" and "exact" in results:
            peer = [x for x in results["exact"]["rows"] if x["impl"] == "faiss.IndexFlatIP" and str(x["batch"]) == batch]
            for pr in peer:
                row[f"ratio_vs_faiss_{batch}_{pr['threads']}t"] = qps / pr["qps"]
        if index == "hnsw" and "hnsw" in results:
            rows = sorted(results["hnsw"]["rows"], key=lambda x: x["ef"])
            peer = next((x for x in rows if x["recall_at_k"] >= rec), rows[-1])
            row["hnswlib_ef_at_equal_recall"] = peer["ef"]
            if batch == "all":
                row["ratio_vs_hnswlib_batch_2t"] = qps / peer["qps_batch_2t"]
            else:
                row["ratio_vs_hnswlib_single_1t"] = qps / peer["qps_single_1t"]
            row["build_ratio_vs_hnswlib"] = row["build_seconds_median"] / results["hnsw"]["build_seconds_median"]
        print(json.dumps(row), flush=True)
        out[f"{index}_{batch}" + (f"_ef{ef}" if ef else "")] = row
    return out


# ----------------------------------------------------------------------------- report
def versions():
    v = {"python": sys.version.split()[0]}
    for mod in ("numpy", "faiss", "hnswlib", "threadpoolctl"):
        try:
            m = __import__(mod)
            v[mod] = getattr(m, "__version__", None)
        except Exception as e:  # noqa: BLE001 - report, don't fail
            v[mod] = f"not importable: {e}"
    try:
        from importlib.metadata import version
        v["faiss-cpu"] = version("faiss-cpu")
        v["hnswlib"] = version("hnswlib")
    except Exception:  # noqa: BLE001
        pass
    try:
        v["gcc"] = subprocess.run(["gcc", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
        v["libopenblas (dpkg)"] = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "libopenblas0-pthread"],
                                                 capture_output=True, text=True).stdout
    except Exception:  # noqa: BLE001
        pass
    return v


def markdown(results):
    lines = []
    if "gemm" in results:
        lines += ["| impl | env | M=N=K | threads | GFLOP/s (median) | runs | kernel | load1 |",
                  "|---|---|---|---|---|---|---|---|"]
        for r in results["gemm"]["rows"]:
            lines.append(f"| {r['impl']} | {r['env']} | {r['n']} | {r['threads']} | {r['gflops_median']} | "
                         f"{r['gflops_runs']} | {r['kernel']} | {r['load1_before']} |")
        lines.append("")
    exact_rows = results.get("exact", {}).get("rows", []) + results.get("exact_blas_forced", {}).get("rows", [])
    if exact_rows:
        lines += ["| exact top-k | threads | batch | queries timed | QPS (median) | runs | load1 |",
                  "|---|---|---|---|---|---|---|"]
        for r in exact_rows:
            lines.append(f"| {r['impl']} | {r['threads']} | {r['batch']} | {r['queries']} | {r['qps']} | "
                         f"{r['qps_runs']} | {r['load1_before']} |")
        lines.append("")
    if "hnsw" in results:
        h = results["hnsw"]
        lines.append(f"hnswlib M={h['M']} ef_construction={h['ef_construction']}: build {h['build_seconds_median']} s "
                     f"(median of {len(h['build'])}, {h['build'][0]['threads']} threads), index {h['index_bytes']/2**20:.0f} MiB")
        lines += ["", "| ef | recall@k | QPS single-query 1 thread | QPS batch 2 threads | load1 |",
                  "|---|---|---|---|---|"]
        for r in h["rows"]:
            lines.append(f"| {r['ef']} | {r['recall_at_k']} | {r['qps_single_1t']} | {r['qps_batch_2t']} | {r['load1_before']} |")
        t = h.get("at_target")
        lines.append("")
        lines.append(f"smallest ef with recall >= target: {t['ef'] if t else 'none in the list'}")
    if results.get("govbrain"):
        lines += ["", "| GovBrain index | QPS (median) | recall@k | build s | ratio QPS vs peer |", "|---|---|---|---|---|"]
        for idx, r in results["govbrain"].items():
            ratios = {k: round(v, 3) for k, v in r.items() if k.startswith("ratio")}
            lines.append(f"| {idx} | {r['qps_median']:.1f} | {r['recall_at_k']:.4f} | {r['build_seconds_median']:.2f} | {ratios} |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n-base", type=int, default=1_000_000, help="base vectors (default 1,000,000)")
    ap.add_argument("--dim", type=int, default=256, help="dimension (default 256)")
    ap.add_argument("--n-queries", type=int, default=1000, help="queries (default 1000)")
    ap.add_argument("--intrinsic-dim", type=int, default=0,
                    help="0 (default): i.i.d. Gaussian directions (uniform on the sphere, the hardest case for "
                         "HNSW). D > 0: x = normalise(z @ W + noise * e), z ~ N(0, I_D), W fixed (seed+2), which "
                         "gives data of intrinsic dimension ~D like real embeddings")
    ap.add_argument("--noise", type=float, default=0.1, help="noise for --intrinsic-dim data (default 0.1)")
    ap.add_argument("--base-fvecs", default=None, help="use these base vectors instead of generating (with --queries-fvecs)")
    ap.add_argument("--queries-fvecs", default=None)
    ap.add_argument("--clusters", type=int, default=0,
                    help="with --intrinsic-dim: draw the latent points from a mixture of this many Gaussian clusters")
    ap.add_argument("--cluster-spread", type=float, default=0.5, help="standard deviation inside a cluster (default 0.5)")
    ap.add_argument("--k", type=int, default=10, help="top-k (default 10)")
    ap.add_argument("--seed", type=int, default=42, help="RNG seed for base (queries use seed+1)")
    ap.add_argument("--data-dir", default=None,
                    help="where .fvecs/.ivecs go (default <tmp>/govbrain-bench/vectors/n<N>_d<D>_q<Q>_s<seed>)")
    ap.add_argument("--only", default="gemm,exact,exactblas,hnsw",
                    help="comma list of parts: gemm,exact,exactblas,hnsw (default all); exactblas = FAISS flat "
                         "with distance_compute_blas_threshold=0 (BLAS path forced) at batch 1 and 64")
    ap.add_argument("--gemm-sizes", type=lambda s: [int(x) for x in s.split(",")], default=[2048, 4096])
    ap.add_argument("--repeats", type=int, default=3, help="timed repetitions per measurement (median reported)")
    ap.add_argument("--single-query-limit", type=int, default=100,
                    help="queries timed in the FAISS batch-1 loop (a full scan each; default 100)")
    ap.add_argument("--hnsw-m", type=int, default=16)
    ap.add_argument("--hnsw-efc", type=int, default=200)
    ap.add_argument("--build-threads", type=int, default=2)
    ap.add_argument("--build-repeats", type=int, default=1, help="HNSW builds (median reported; default 1)")
    ap.add_argument("--ef", type=lambda s: [int(x) for x in s.split(",")], default=[16, 32, 64, 128, 256])
    ap.add_argument("--target-recall", type=float, default=0.95)
    ap.add_argument("--max-load", type=float, default=1.5, help="wait while the 1-min load is above this")
    ap.add_argument("--max-wait", type=int, default=300, help="longest wait for a quiet machine, seconds")
    ap.add_argument("--json-out", default=None, help="write all results as JSON here")
    ap.add_argument("--govbrain-indexes", default="flat", help="GovBrain indexes to run (flat; hnsw once it exists)")
    ap.add_argument("--govbrain", default=None, metavar="PATH",
                    help="UNTESTED HOOK: path of the govbrain CLI; runs it on the same files and prints ratios")
    ap.add_argument("--_numpy-gemm", type=int, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.govbrain:
        print(machine_line(args.govbrain), flush=True)  # CPU, BLAS core, sgemm GFLOP/s beside the figures

    if args._numpy_gemm:
        numpy_gemm_child(args._numpy_gemm, args.repeats)
        return

    parts = set(args.only.split(","))
    data_dir = args.data_dir or (os.path.join(tempfile.gettempdir(), "govbrain-bench", "vectors",
                                              "files_" + os.path.basename(os.path.dirname(os.path.abspath(args.base_fvecs))))
                                 if args.base_fvecs else None) or os.path.join(
        tempfile.gettempdir(), "govbrain-bench", "vectors",
        f"n{args.n_base}_d{args.dim}_q{args.n_queries}_s{args.seed}"
        + (f"_i{args.intrinsic_dim}_z{args.noise}" if args.intrinsic_dim else "")
        + (f"_c{args.clusters}_s{args.cluster_spread}" if args.clusters else ""))
    os.makedirs(data_dir, exist_ok=True)
    results = {"args": {k: v for k, v in vars(args).items() if not k.startswith("_")},
               "versions": versions(), "nproc": os.cpu_count(),
               "env": {v: os.environ.get(v) for v in BLAS_ENV_VARS}}
    print("# versions:", json.dumps(results["versions"]), file=sys.stderr)
    if "gemm" in parts:
        results["gemm"] = run_gemm(args, data_dir)
    gt = None
    paths = None
    if parts & {"exact", "exactblas", "hnsw"} or args.govbrain:
        base, q, paths = make_data(args, data_dir)
        if "exact" in parts:
            results["exact"], gt = run_exact(args, base, q, paths)
        elif os.path.exists(paths["gt"]):
            gt = read_ivecs(paths["gt"])
        else:  # ground truth only (untimed): FAISS exact search, full batch
            import faiss
            index = faiss.IndexFlatIP(base.shape[1])
            index.add(base)
            gt = index.search(q, args.k)[1].astype("int32")
            write_ivecs(paths["gt"], gt)
            del index
        if "exactblas" in parts:
            results["exact_blas_forced"] = run_exact_blas(args, base, q, gt)
        if "hnsw" in parts:
            results["hnsw"] = run_hnsw(args, base, q, gt, data_dir)
        if args.govbrain:
            del base
            results["govbrain"] = run_govbrain(args, paths, results)
    print(markdown(results))
    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
