#!/usr/bin/env python3
"""A Q-like community of N members as members.csv, groups.csv and connections.csv, for timing
`qmatch graph` on the store (until `qmatch generate` is available, this stands in for it).

    python3 Benchmarks/peers/graph_store_fixture.py --members 100000 --out /tmp/qmatch-graph-store
    .build/release/qmatch import /tmp/qmatch-graph-store --db /tmp/qmatch-graph-store.sqlite
    .build/release/qmatch graph stats --db /tmp/qmatch-graph-store.sqlite --timing

Groups: 40 special interest groups (each member in 0-3, Zipf-like popularity, so the largest have tens of
thousands of members), Q Lab cohorts of 25, Q Exchange projects of ~10, events of ~60. Connections: about 5
per member, of kinds connection/collaboration/message/event/comment, mostly within a member's region or
sector. 5% of members are not discoverable. Seeded (42): the same files every time.
"""
import argparse
import csv
import os
import random

REGIONS = ["North East", "North West", "Yorkshire and the Humber", "East Midlands", "West Midlands",
           "East of England", "London", "South East", "South West", "Scotland", "Wales", "Northern Ireland",
           "Ireland"]
SECTORS = ["NHS acute", "NHS community", "Primary care", "Social care", "Charity", "Academia", "Policy",
           "Patient leader"]
KINDS = [("connection", 0.5), ("collaboration", 0.1), ("message", 0.2), ("event", 0.1), ("comment", 0.1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--out", default="/tmp/qmatch-graph-store")
    parser.add_argument("--seed", type=int, default=42)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    n = options.members
    os.makedirs(options.out, exist_ok=True)
    ids = [f"m{i:07d}" for i in range(n)]
    region = [rng.randrange(len(REGIONS)) for _ in range(n)]
    sector = [rng.randrange(len(SECTORS)) for _ in range(n)]
    groups = [[] for _ in range(n)]
    group_rows = []
    sig_weights = [1 / (k + 1) for k in range(40)]
    for k in range(40):
        group_rows.append((f"sig-{k:02d}", f"SIG {k}", "sig"))
    for i in range(n):
        for k in set(rng.choices(range(40), weights=sig_weights, k=rng.randrange(4))):
            groups[i].append(f"sig-{k:02d}")
    def cohorts(prefix, kind, count, size):
        for c in range(count):
            gid = f"{prefix}-{c:05d}"
            group_rows.append((gid, f"{kind} {c}", kind))
            for i in rng.sample(range(n), size):
                groups[i].append(gid)
    cohorts("lab", "lab", n // 1000, 25)
    cohorts("exchange", "exchange", n // 50, 10)
    cohorts("event", "event", n // 300, 60)
    with open(os.path.join(options.out, "groups.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "kind"])
        w.writerows(group_rows)
    with open(os.path.join(options.out, "members.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "sector", "region", "groups", "discoverable"])
        for i in range(n):
            w.writerow([ids[i], f"Member {i}", SECTORS[sector[i]], REGIONS[region[i]], ";".join(groups[i]),
                        "false" if rng.random() < 0.05 else "true"])
    by_region = [[] for _ in REGIONS]
    by_sector = [[] for _ in SECTORS]
    for i in range(n):
        by_region[region[i]].append(i)
        by_sector[sector[i]].append(i)
    seen = set()
    kinds, kind_weights = zip(*KINDS)
    with open(os.path.join(options.out, "connections.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["source", "target", "kind", "weight", "created"])
        for i in range(n):
            for _ in range(rng.randrange(6)):
                roll = rng.random()
                pool = by_region[region[i]] if roll < 0.5 else by_sector[sector[i]] if roll < 0.8 else None
                j = rng.choice(pool) if pool else rng.randrange(n)
                kind = rng.choices(kinds, weights=kind_weights)[0]
                key = (min(i, j), max(i, j), kind)
                if i == j or key in seen:
                    continue
                seen.add(key)
                w.writerow([ids[i], ids[j], kind, rng.choice([1, 1, 1, 2, 0.5]),
                            f"202{rng.randrange(5)}-0{rng.randrange(1, 10)}-1{rng.randrange(10)}"])
    print(f"{n} members, {len(group_rows)} groups, {len(seen)} connections in {options.out}")


if __name__ == "__main__":
    main()
