#!/usr/bin/env python3
"""Approximate all-rows top-10 (a self-join: build, then every row as a query, self excluded): `qmatch knn
--approximate` (whole process: read the .npy, normalise, k-means lists, search, write both outputs) against
hnswlib (build, then knn_query of every row with k = 11, self dropped), same vectors, same machine, same run,
same thread count. Recall@10 is measured for both against exact search on a seeded sample of query rows
(exact top-10 by numpy GEMM over all rows).

Usage: python3 Benchmarks/peers/ann_vs_hnswlib.py [--n 1000000] [--d 256] [--threads 2]
           [--probes 2,4,8,16] [--hnsw 12:100,16:200] [--ef 10,20,40,80,160,320] [--query-sample 20000]
           [--full-search]
Prints, for each setting, recall@10 and time, and the ratio qmatch / hnswlib of build + all-rows search at the
first setting of each that reaches --target recall (0.95). hnswlib's all-rows search time is measured on
--query-sample rows and scaled to N (stated as such), unless --full-search, which also times the full search
at the chosen ef. The load average is printed before and after each timed step.
Needs: pip install hnswlib numpy (a venv under .build/); a release build (swift build -c release --product qmatch).
"""
import argparse, os, statistics, subprocess, sys, tempfile, time
import numpy as np


def load():
    return open("/proc/loadavg").read().split()[0]


def exact_top(x, queries, k):
    """Exact top-k (self excluded) of each query row of the unit rows x, by chunked GEMM."""
    q = x[queries]
    best_s = np.full((len(queries), k), -np.inf, dtype=np.float32)
    best_i = np.full((len(queries), k), -1, dtype=np.int64)
    for start in range(0, x.shape[0], 131072):
        s = q @ x[start:start + 131072].T
        rows = np.arange(start, start + s.shape[1])
        inside = (queries >= start) & (queries < start + s.shape[1])
        s[np.nonzero(inside)[0], queries[inside] - start] = -np.inf
        all_s = np.concatenate([best_s, s], axis=1)
        all_i = np.concatenate([best_i, np.broadcast_to(rows, s.shape)], axis=1)
        top = np.argpartition(-all_s, k - 1, axis=1)[:, :k]
        best_s = np.take_along_axis(all_s, top, axis=1)
        best_i = np.take_along_axis(all_i, top, axis=1)
    return best_i


def recall(found, truth):
    return float(np.mean([len(set(f) & set(t)) / len(t) for f, t in zip(found, truth)]))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=1_000_000)
    p.add_argument("--d", type=int, default=256)
    p.add_argument("--k", type=int, default=10)
    p.add_argument("--centres", type=int, default=200)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--sample", type=int, default=1000, help="query rows with exact ground truth")
    p.add_argument("--probes", default="2,4,8,16")
    p.add_argument("--hnsw", default="12:100", help="M:ef_construction settings, comma-separated")
    p.add_argument("--ef", default="10,20,40,80,160,320")
    p.add_argument("--query-sample", type=int, default=20000)
    p.add_argument("--full-search", action="store_true")
    p.add_argument("--repeats", type=int, default=3, help="runs of qmatch at its chosen probes")
    p.add_argument("--target", type=float, default=0.95)
    p.add_argument("--qmatch", default=os.path.join(os.path.dirname(__file__), "../../.build/release/qmatch"))
    a = p.parse_args()
    import hnswlib

    rng = np.random.default_rng(42)
    # Clustered data, like interest vectors and like knn_vs_faiss.py: centres plus noise.
    centres = rng.standard_normal((a.centres, a.d), dtype=np.float32)
    x = centres[rng.integers(0, a.centres, a.n)]
    x += 0.5 * rng.standard_normal((a.n, a.d), dtype=np.float32)
    tmp = tempfile.mkdtemp(prefix="ann-bench-", dir=os.environ.get("ANN_BENCH_DIR"))
    vpath = os.path.join(tmp, "v.npy"); np.save(vpath, x)
    ipath, spath = os.path.join(tmp, "i.npy"), os.path.join(tmp, "s.npy")
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    queries = np.sort(np.random.default_rng(7).choice(a.n, a.sample, replace=False))
    t = time.perf_counter()
    truth = exact_top(x, queries, a.k)
    print(f"N={a.n} d={a.d} k={a.k} centres={a.centres} threads={a.threads}; exact top-{a.k} of {a.sample} sampled "
          f"rows in {time.perf_counter() - t:.1f} s", flush=True)
    info = subprocess.run([a.qmatch, "blas", "--threads", str(a.threads)], capture_output=True, text=True).stdout.strip()
    print(f"OpenBLAS (qmatch's): {info}; OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}; "
          f"hnswlib {getattr(hnswlib, '__version__', '?')}", flush=True)

    def run_qmatch(probes):
        before = load()
        t = time.perf_counter()
        r = subprocess.run([a.qmatch, "knn", "--vectors", vpath, "--k", str(a.k), "--out-indices", ipath,
                            "--out-scores", spath, "--threads", str(a.threads), "--approximate", "--probes",
                            str(probes), "--verbose"], check=True, capture_output=True, text=True)
        seconds = time.perf_counter() - t
        found = np.load(ipath)[queries]
        return seconds, recall(found, truth), before, load(), r.stderr.strip().replace("\n", " | ")

    results = {"qmatch": [], "hnswlib": []}
    print("\nqmatch knn --approximate (whole process: read, normalise, lists, search, write)")
    for probes in [int(v) for v in a.probes.split(",")]:
        s, r, l0, l1, log = run_qmatch(probes)
        results["qmatch"].append((f"probes={probes}", s, r, probes))
        print(f"  probes={probes:<4} recall@10 {r:.4f}  {s:7.1f} s   load {l0}->{l1}   [{log}]", flush=True)

    chosen_h = None
    for setting in a.hnsw.split(","):
        m, efc = (int(v) for v in setting.split(":"))
        index = hnswlib.Index(space="ip", dim=a.d)
        index.set_num_threads(a.threads)
        l0 = load(); t = time.perf_counter()
        index.init_index(max_elements=a.n, M=m, ef_construction=efc, random_seed=100)
        index.add_items(x, np.arange(a.n), num_threads=a.threads)
        build = time.perf_counter() - t
        print(f"\nhnswlib M={m} ef_construction={efc}: build {build:.1f} s  load {l0}->{load()}", flush=True)
        sample = np.union1d(queries, np.random.default_rng(9).choice(a.n, a.query_sample, replace=False))
        where = np.searchsorted(sample, queries)
        for ef in [int(v) for v in a.ef.split(",")]:
            index.set_ef(max(ef, a.k + 1))
            l0 = load(); t = time.perf_counter()
            labels, _ = index.knn_query(x[sample], k=a.k + 1, num_threads=a.threads)
            per_query = (time.perf_counter() - t) / len(sample)
            found = [[j for j in row if j != q][: a.k] for q, row in zip(queries, labels[where])]
            r = recall(found, truth)
            search = per_query * a.n
            results["hnswlib"].append((f"M={m} efc={efc} ef={ef}", build + search, r, (index, ef, build)))
            print(f"  ef={ef:<4} recall@10 {r:.4f}  {per_query * 1e6:7.1f} us/query  all-rows search (scaled from "
                  f"{len(sample)} queries) {search:7.1f} s  build+search {build + search:7.1f} s  load {l0}->{load()}",
                  flush=True)
            if r >= a.target and (chosen_h is None or build + search < chosen_h[1]):
                chosen_h = (f"M={m} efc={efc} ef={ef}", build + search, r, (index, ef, build))
            if r >= a.target:
                break
        if chosen_h is None or chosen_h[3][0] is not index:
            del index

    chosen_q = next((row for row in results["qmatch"] if row[2] >= a.target), None)
    if chosen_q:
        times = [chosen_q[1]]
        for _ in range(a.repeats - 1):
            s, r, l0, l1, log = run_qmatch(chosen_q[3])
            times.append(s)
            print(f"  qmatch again at {chosen_q[0]}: recall@10 {r:.4f}  {s:7.1f} s  load {l0}->{l1}", flush=True)
        chosen_q = (chosen_q[0], statistics.median(times), chosen_q[2], chosen_q[3])
    if chosen_h and a.full_search:
        index, ef, build = chosen_h[3]
        index.set_ef(ef)
        l0 = load(); t = time.perf_counter()
        index.knn_query(x, k=a.k + 1, num_threads=a.threads)
        search = time.perf_counter() - t
        print(f"\nhnswlib {chosen_h[0]}: full all-rows search {search:.1f} s (measured)  load {l0}->{load()}", flush=True)
        chosen_h = (chosen_h[0] + " (full search measured)", build + search, chosen_h[2], None)

    print("\nAt recall@10 >= %.2f:" % a.target)
    print(f"  qmatch  {chosen_q[0] if chosen_q else 'not reached'}: "
          f"{'%.1f s (median of %d), recall %.4f' % (chosen_q[1], a.repeats, chosen_q[2]) if chosen_q else ''}")
    print(f"  hnswlib {chosen_h[0] if chosen_h else 'not reached'}: "
          f"{'%.1f s, recall %.4f' % (chosen_h[1], chosen_h[2]) if chosen_h else ''}")
    if chosen_q and chosen_h:
        ratio = chosen_q[1] / chosen_h[1]
        print(f"  ratio qmatch / hnswlib (build + all-rows search) = {ratio:.3f}  ({'OK' if ratio <= 1 else 'SLOWER'})")


if __name__ == "__main__":
    main()
