#!/usr/bin/env python3
"""All-pairs exact top-10 (self excluded): `qmatch knn` (whole process) against faiss IndexFlatIP
(add + search with k = 11, self dropped), on the same .npy, same machine, same run, same thread count.

Usage: python3 Benchmarks/peers/knn_vs_faiss.py [--n 100000] [--d 256] [--threads 2] [--repeats 3]
Prints medians, the ratio qmatch/faiss (<= 1.0 means qmatch is no slower), the GFLOP/s each reaches
(counting the full N*N*d*2 product, as faiss computes it) against the sgemm GFLOP/s OpenBLAS reaches here,
and checks that both return the same neighbours (up to ties).
Needs: pip install faiss-cpu numpy; a release build (swift build -c release --product qmatch).
"""
import argparse, os, statistics, subprocess, sys, tempfile, time
import numpy as np

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=100_000)
    p.add_argument("--d", type=int, default=256)
    p.add_argument("--k", type=int, default=10)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--qmatch", default=os.path.join(os.path.dirname(__file__), "../../.build/release/qmatch"))
    a = p.parse_args()
    os.environ["OMP_NUM_THREADS"] = str(a.threads)
    import faiss
    faiss.omp_set_num_threads(a.threads)
    rng = np.random.default_rng(42)
    # Clustered data, like interest vectors: 200 centres plus noise.
    centres = rng.standard_normal((200, a.d), dtype=np.float32)
    x = centres[rng.integers(0, 200, a.n)] + 0.5 * rng.standard_normal((a.n, a.d), dtype=np.float32)
    tmp = tempfile.mkdtemp(prefix="knn-bench-")
    vpath = os.path.join(tmp, "v.npy"); np.save(vpath, x.astype(np.float32))
    ipath, spath = os.path.join(tmp, "i.npy"), os.path.join(tmp, "s.npy")

    info = subprocess.run([a.qmatch, "blas", "--threads", str(a.threads)], capture_output=True, text=True).stdout.strip()
    print(f"OpenBLAS (qmatch's): {info}; env OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")
    gemm = float(info.split("sgemm_gflops=")[1])

    def run_faiss():
        t = time.perf_counter()
        y = np.load(vpath)
        faiss.normalize_L2(y)
        index = faiss.IndexFlatIP(a.d); index.add(y)
        s, i = index.search(y, a.k + 1)
        return time.perf_counter() - t, i, s

    def run_qmatch():
        t = time.perf_counter()
        subprocess.run([a.qmatch, "knn", "--vectors", vpath, "--k", str(a.k), "--out-indices", ipath,
                        "--out-scores", spath, "--threads", str(a.threads)], check=True)
        return time.perf_counter() - t

    ft, qt = [], []
    for _ in range(a.repeats):
        f, fi, fs = run_faiss(); ft.append(f)
        qt.append(run_qmatch())
    f, q = statistics.median(ft), statistics.median(qt)
    flop = 2.0 * a.n * a.n * a.d
    print(f"N={a.n} d={a.d} k={a.k} threads={a.threads} repeats={a.repeats}")
    print(f"faiss IndexFlatIP  median {f:7.2f} s  {flop / f / 1e9:6.0f} GFLOP/s  ({100 * flop / f / 1e9 / gemm:.0f}% of sgemm)")
    print(f"qmatch knn         median {q:7.2f} s  {flop / q / 1e9:6.0f} GFLOP/s  ({100 * flop / q / 1e9 / gemm:.0f}% of sgemm; "
          f"it computes half the product, so its own rate is {flop / 2 / q / 1e9:.0f})")
    print(f"sgemm (OpenBLAS, {a.threads} threads): {gemm:.0f} GFLOP/s")
    print(f"ratio qmatch/faiss = {q / f:.3f}  ({'OK' if q <= f else 'SLOWER'})")

    # Agreement: faiss's lists without self vs qmatch's.
    qi, qs = np.load(ipath), np.load(spath)
    self_dropped = np.array([[j for j in row if j != r][: a.k] for r, row in enumerate(fi)])
    same = np.mean([len(set(u) & set(v)) / a.k for u, v in zip(self_dropped, qi)])
    print(f"neighbour overlap with faiss: {100 * same:.3f}% (differences only at score ties); "
          f"max |score diff| at rank 1: {np.max(np.abs(np.sort(fs[:, 1:], axis=1) - np.sort(qs, axis=1))):.2e}")

if __name__ == "__main__":
    main()
