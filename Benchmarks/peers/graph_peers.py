#!/usr/bin/env python3
"""QGraph against igraph and networkit on one 100,000-node, ~1M-edge graph with community structure.

    swift build -c release --product qmatch        # from the repository root, first
    python3 Benchmarks/peers/graph_peers.py [--runs 5] [--edges /tmp/qmatch-graph-100k.tsv]

The graph is a planted partition (100 communities of 1,000 nodes; each node draws 8 ties inside its
community and 2 anywhere; duplicates and loops dropped; weights 0.3/0.5/1/2), with node ids shuffled so that
they say nothing about communities, written as TSV (`source<TAB>target<TAB>weight`) with seed 42. It is
generated once and reused.

Measured, median of --runs runs each, in this one process run:
  * personalized PageRank for one source (damping 0.85, weighted): igraph `personalized_pagerank`
    (PRPACK) against `qmatch graph scores --method ppr`;
  * Adamic-Adar for 100 sources: networkit `AdamicAdarIndex.runOn(pairs)` over every two-hop
    non-neighbour pair of the 100 sources (the pairs are listed before the clock starts, which favours
    networkit) against `qmatch graph scores --method adamic-adar` with the same 100 sources (top 10 each);
  * communities: igraph `community_leiden(objective_function="modularity", weights="weight")` (and,
    for context, `community_multilevel`) against `qmatch graph communities` (one thread and one run; and
    two runs on two threads, the best kept); the modularity of qmatch's partition is
    recomputed by igraph. Also on a second graph, as the first but with 5 ties inside and 5 anywhere
    (communities much harder to see), where the algorithms' choices show in the modularity.
qmatch's figures are its in-process times (`--timing`: algorithm only, after loading) and, separately, the
whole process (reading and parsing the TSV included). Ratios are peer time / qmatch time (> 1: qmatch faster).
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
QMATCH = os.path.join(ROOT, ".build", "release", "qmatch")


def generate(path, nodes=100_000, communities=100, inside=8, outside=2, seed=42):
    rng = np.random.default_rng(seed)
    size = nodes // communities
    draws = inside + outside
    source = np.repeat(np.arange(nodes), draws)
    community = source // size
    is_inside = np.tile(np.r_[np.ones(inside, bool), np.zeros(outside, bool)], nodes)
    target = np.where(is_inside, community * size + rng.integers(0, size, source.size),
                      rng.integers(0, nodes, source.size))
    keep = source != target
    low, high = np.minimum(source, target)[keep], np.maximum(source, target)[keep]
    pairs = np.unique(low.astype(np.int64) * nodes + high)
    low, high = pairs // nodes, pairs % nodes
    weights = rng.choice([0.3, 0.5, 1.0, 2.0], size=low.size, p=[0.2, 0.3, 0.4, 0.1])
    relabel = rng.permutation(nodes)
    order = rng.permutation(low.size)
    low, high, weights = relabel[low][order], relabel[high][order], weights[order]
    with open(path, "w") as f:
        f.write(f"# planted partition: {nodes} nodes, {communities} communities, seed {seed}\n")
        f.write("\n".join(f"{a}\t{b}\t{w:g}" for a, b, w in zip(low.tolist(), high.tolist(), weights.tolist())))
        f.write("\n")


def read(path):
    data = np.loadtxt(path, dtype=np.float64, comments="#", delimiter="\t")
    return data[:, 0].astype(np.int64), data[:, 1].astype(np.int64), data[:, 2]


def median_time(fn, runs):
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def qmatch(args, runs, label):
    """Median in-process time (the `timing: LABEL` line), median wall time, and the last stdout."""
    inner, wall, out = [], [], ""
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([QMATCH, "graph", *args, "--timing"], capture_output=True, text=True)
        wall.append(time.perf_counter() - start)
        if done.returncode != 0:
            sys.exit(f"qmatch failed: {done.stderr}")
        for line in done.stderr.splitlines():
            found = re.match(rf"timing: {label} ([0-9.]+) s", line)
            if found:
                inner.append(float(found.group(1)))
        out = done.stdout
    return statistics.median(inner), statistics.median(wall), out


def communities(g, path, nodes, runs, tag, multilevel=False):
    """Rows comparing igraph's Leiden (and multilevel) with `qmatch graph communities` on one graph."""
    rows = []
    peer, partition = median_time(lambda: g.community_leiden(objective_function="modularity", weights="weight"), runs)
    peer_q = g.modularity(partition.membership, weights="weight")
    for label, extra in (("1 thr, 1 run", ["--threads", "1", "--restarts", "1"]),
                         ("2 thr, 2 runs", ["--threads", "2", "--restarts", "2"])):
        inner, wall, out = qmatch(["communities", "--edges", path, "--format", "tsv"] + extra, runs, "communities")
        membership = [0] * nodes
        for line in out.splitlines():
            node, community = line.split("\t")
            membership[int(node)] = int(community)
        ours_q = g.modularity(membership, weights="weight")
        rows.append((f"{tag}communities (qmatch, {label})", "igraph community_leiden (modularity)", peer, inner, wall,
                     f"modularity: qmatch {ours_q:.6f} ({max(membership) + 1} communities), "
                     f"igraph Leiden {peer_q:.6f} ({len(set(partition.membership))})"))
    if multilevel:
        seconds, levels = median_time(lambda: g.community_multilevel(weights="weight"), runs)
        rows.append((f"{tag}communities (qmatch, 2 thr, 2 runs)", "igraph community_multilevel", seconds, inner,
                     wall, f"modularity: igraph multilevel {g.modularity(levels.membership, weights='weight'):.6f}"))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edges", default="/tmp/qmatch-graph-100k.tsv")
    parser.add_argument("--mixed-edges", default="/tmp/qmatch-graph-100k-mixed.tsv")
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    if not os.path.exists(QMATCH):
        sys.exit(f"{QMATCH} not found: run `swift build -c release --product qmatch` first")
    if not os.path.exists(options.edges):
        generate(options.edges)
    low, high, weights = read(options.edges)
    nodes = int(max(low.max(), high.max())) + 1
    runs = options.runs
    import igraph as ig
    print(f"graph: {nodes} nodes, {low.size} edges ({options.edges}); runs: {runs}; cpus: {os.cpu_count()}")
    print(f"igraph {ig.__version__}; load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    g = ig.Graph(n=nodes, edges=np.column_stack([low, high]).tolist(), directed=False)
    g.es["weight"] = weights.tolist()
    rng = np.random.default_rng(7)
    sources = sorted(rng.choice(nodes, 100, replace=False).tolist())
    ids = [str(s) for s in sources]
    rows = []

    # Personalized PageRank, one source.
    peer, ranks = median_time(lambda: g.personalized_pagerank(
        reset_vertices=[sources[0]], damping=0.85, weights="weight", directed=False), runs)
    for threads in (1, 2):
        inner, wall, out = qmatch(["scores", "--edges", options.edges, "--source", ids[0], "--method", "ppr",
                                   "--top", "10", "--format", "tsv", "--threads", str(threads)], runs, "ppr")
        best = out.split("\n")[0].split("\t")
        agree = abs(float(best[1]) - ranks[int(best[0])]) < 1e-6
        rows.append((f"PPR, 1 source (qmatch {threads} thr)", "igraph personalized_pagerank", peer, inner, wall,
                     f"top-1 score agrees with igraph: {agree}"))

    # Adamic-Adar, 100 sources.
    try:
        import networkit as nk
        print(f"networkit {nk.__version__}, threads {nk.getMaxNumberOfThreads()}")
        G = nk.Graph(nodes, weighted=False)
        G.addEdges((low, high))
        neighbours = [set() for _ in range(nodes)]
        for a, b in zip(low.tolist(), high.tolist()):
            neighbours[a].add(b)
            neighbours[b].add(a)
        pairs = []
        for s in sources:
            reach = set().union(*(neighbours[w] for w in neighbours[s])) - neighbours[s] - {s}
            pairs.extend((s, v) for v in sorted(reach))
        index = nk.linkprediction.AdamicAdarIndex(G)
        peer, scored = median_time(lambda: index.runOn(pairs), runs)
        best_peer = {}
        for (s, v), score in scored:
            best_peer[s] = max(best_peer.get(s, 0.0), score)
        args = ["scores", "--edges", options.edges, "--method", "adamic-adar", "--top", "10", "--format", "tsv"]
        for s in ids:
            args += ["--source", s]
        for threads in (1, 2):
            inner, wall, out = qmatch(args + ["--threads", str(threads)], runs, "adamic-adar")
            ours = {}
            for line in out.splitlines():
                s, v, score = line.split("\t")
                ours.setdefault(int(s), float(score))
            agree = all(abs(ours[s] - best_peer[s]) < 1e-9 for s in sources if s in best_peer)
            rows.append((f"Adamic-Adar, 100 sources (qmatch {threads} thr)",
                         f"networkit runOn ({len(pairs)} pairs, {nk.getMaxNumberOfThreads()} thr)", peer, inner, wall,
                         f"best score per source agrees with networkit: {agree}"))
    except ImportError:
        print("networkit is not installed (pip install networkit): Adamic-Adar skipped")

    # Communities, on this graph and on a second one whose communities are much harder to see.
    rows += communities(g, options.edges, nodes, runs, "", multilevel=True)
    if not os.path.exists(options.mixed_edges):
        generate(options.mixed_edges, inside=5, outside=5)
    low, high, weights = read(options.mixed_edges)
    mixed = ig.Graph(n=nodes, edges=np.column_stack([low, high]).tolist(), directed=False)
    mixed.es["weight"] = weights.tolist()
    rows += communities(mixed, options.mixed_edges, nodes, runs, "mixed graph: ")

    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print()
    print("| task | peer | peer s | qmatch s (in-process) | ratio | qmatch s (whole process) | note |")
    print("|---|---|---|---|---|---|---|")
    for task, name, peer_s, inner_s, wall_s, note in rows:
        print(f"| {task} | {name} | {peer_s:.4f} | {inner_s:.4f} | {peer_s / inner_s:.1f}× | {wall_s:.3f} | {note} |")


if __name__ == "__main__":
    main()
