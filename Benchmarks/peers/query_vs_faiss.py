#!/usr/bin/env python3
"""One exact top-10 query over N = 100,000 × 256: qmatch (in process, sgemv + bounded heap) against faiss
IndexFlatIP (nq = 1) and numpy (X @ q + argpartition), same vectors, same machine, same run.

Usage: python3 Benchmarks/peers/query_vs_faiss.py [--n 100000] [--d 256] [--queries 200]
Prints medians and the ratios. Needs faiss-cpu, numpy and a release build of qmatch.
"""
import argparse, os, statistics, subprocess, tempfile, time
import numpy as np

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=100_000)
    p.add_argument("--d", type=int, default=256)
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--qmatch", default=os.path.join(os.path.dirname(__file__), "../../.build/release/qmatch"))
    a = p.parse_args()
    import faiss
    rng = np.random.default_rng(42)
    centres = rng.standard_normal((200, a.d), dtype=np.float32)
    x = (centres[rng.integers(0, 200, a.n)] + 0.5 * rng.standard_normal((a.n, a.d), dtype=np.float32)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    path = os.path.join(tempfile.mkdtemp(prefix="query-bench-"), "v.npy"); np.save(path, x)
    rows = [(q * 7919) % a.n for q in range(a.queries)]

    index = faiss.IndexFlatIP(a.d); index.add(x)
    def timed(f):
        for r in rows[:10]: f(r)
        ts = []
        for r in rows:
            t = time.perf_counter(); f(r); ts.append((time.perf_counter() - t) * 1e3)
        return statistics.median(ts)
    faiss_ms = timed(lambda r: index.search(x[r:r + 1], 11))
    def numpy_query(r):
        s = x @ x[r]; s[r] = -np.inf
        top = np.argpartition(-s, 10)[:10]; return top[np.argsort(-s[top])]
    numpy_ms = timed(numpy_query)
    out = subprocess.run([a.qmatch, "bench-query", "--vectors", path, "--queries", str(a.queries)],
                         capture_output=True, text=True, check=True).stdout.strip()
    qmatch_ms = float(out.split("median_ms=")[1].split()[0])
    print(f"N={a.n} d={a.d} k=10 queries={a.queries} faiss_threads={faiss.omp_get_max_threads()}")
    print(f"qmatch (in process): {out}")
    print(f"faiss IndexFlatIP nq=1: median {faiss_ms:.3f} ms")
    print(f"numpy X@q + argpartition: median {numpy_ms:.3f} ms")
    print(f"ratio qmatch/faiss = {qmatch_ms / faiss_ms:.2f}, qmatch/numpy = {qmatch_ms / numpy_ms:.2f}")

if __name__ == "__main__":
    main()
