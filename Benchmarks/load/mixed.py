#!/usr/bin/env python3
"""Mixed reads and writes against a running qmatch-server, checked for errors and for privacy.

  Benchmarks/load/mixed.py URL TOKEN IDS_FILE NAMES_FILE --seconds S [--workers W] [--writes 0.10]
                           [--rebuild-every SECONDS] [--pid PID] [--seed N]

Each worker loops: with probability 1 - writes, GET /v1/members/{id}/recommendations for a random member;
otherwise a write, chosen as: dismiss (40 %), connected (25 %), profile edit (25 %), opt-out (7 %), erasure (3 %).
The script remembers every member it hid or erased, and the moment the server answered that write; an answer to
a request sent after that moment that names the member (as a suggestion, or by name inside a reason) is a
privacy miss (names that two members share are not checked in reasons). Errors are any status but 200/201/204, or 404 for an asker that this script hid or erased.
With --rebuild-every, POST /v1/admin/rebuild every so often; with --pid, the server's resident memory (and the
response cache's size, from /metrics) is sampled every 10 s; the spread counts samples after --warmup seconds. Prints MIXED lines (requests, rate, latency percentiles, errors, privacy misses, RSS samples).
Standard library only.
"""
import argparse
import http.client
import json
import random
import re
import sys
import threading
import time
import urllib.parse


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("token")
    parser.add_argument("ids_file")
    parser.add_argument("names_file", help="lines of ID<TAB>NAME for the members in ids_file")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--writes", type=float, default=0.10)
    parser.add_argument("--rebuild-every", type=float, default=0)
    parser.add_argument("--pid", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--warmup", type=float, default=300,
                        help="seconds of the run before the resident memory counts as warm (default 300)")
    args = parser.parse_args()

    target = urllib.parse.urlparse(args.url)
    ids = [line.strip() for line in open(args.ids_file) if line.strip()]
    names = {}
    for line in open(args.names_file):
        parts = line.rstrip("\n").split("\t")
        if len(parts) == 2 and parts[1]:
            names[parts[0]] = parts[1]
    # A name that two members share cannot say which of them a reason names: only unique names are checked.
    seen_names = {}
    for member, name in names.items():
        seen_names[name] = seen_names.get(name, 0) + 1
    all_names = names
    names = {member: name for member, name in names.items() if seen_names[name] == 1}
    lock = threading.Lock()
    hidden = {}  # member -> time the server answered the write that hid or erased them
    latencies = []
    counts = {"reads": 0, "writes": 0, "errors": 0, "privacy": 0, "rebuilds": 0}
    error_samples = []
    privacy_samples = []
    rss = []
    deadline = time.monotonic() + args.seconds
    auth = {"Authorization": "Bearer " + args.token}

    def connection():
        return http.client.HTTPConnection(target.hostname, target.port, timeout=30)

    def call(conn, method, path, body=None, headers=None):
        started = time.monotonic()
        all_headers = dict(headers or {})
        if body is not None:
            all_headers["Content-Type"] = "application/json"
        conn.request(method, path, body=body, headers=all_headers)
        response = conn.getresponse()
        data = response.read()
        return response.status, data, started, time.monotonic()

    def record_error(what):
        with lock:
            counts["errors"] += 1
            if len(error_samples) < 10:
                error_samples.append(what)

    def worker(seed):
        rng = random.Random(seed)
        conn = connection()
        while time.monotonic() < deadline:
            try:
                if rng.random() >= args.writes:
                    asker = rng.choice(ids)
                    status, data, started, ended = call(conn, "GET", f"/v1/members/{asker}/recommendations?limit=10")
                    with lock:
                        latencies.append(ended - started)
                        counts["reads"] += 1
                        gone = {m for m, at in hidden.items() if at < started}
                    if status == 404 and asker in gone:
                        continue
                    if status != 200:
                        record_error(f"GET recommendations {asker}: {status} {data[:120]!r}")
                        continue
                    answer = json.loads(data)
                    for item in answer["recommendations"]:
                        text = " ".join(item["reasons"])
                        named = {item["id"]} | {m for m in gone if names.get(m)
                                                and re.search(r"\b" + re.escape(names[m]) + r"\b", text)}
                        missed = named & gone
                        if missed:
                            with lock:
                                counts["privacy"] += 1
                                if len(privacy_samples) < 10:
                                    privacy_samples.append(f"{asker}: {sorted(missed)}")
                    continue
                member, other = rng.choice(ids), rng.choice(ids)
                with lock:
                    # A write for a member this script erased would create them anew, visible: leave them be.
                    skip = member == other or member in hidden
                if skip:
                    continue
                kind = rng.random()
                if kind < 0.40:
                    method, path = "POST", f"/v1/members/{member}/feedback"
                    body = json.dumps({"other": other, "action": "dismiss"})
                elif kind < 0.65:
                    method, path = "POST", f"/v1/members/{member}/feedback"
                    body = json.dumps({"other": other, "action": "connected"})
                elif kind < 0.90:
                    method, path = "PUT", f"/v1/members/{member}"
                    body = json.dumps({"name": all_names.get(member, "Member " + member),
                                       "bio": f"edited at {time.time():.3f}",
                                       "topics": rng.sample(["inpatient falls", "sepsis", "delirium",
                                                             "discharge planning", "frailty", "patient safety",
                                                             "mental health", "primary care access"], 2)})
                elif kind < 0.97:
                    method, path = "PUT", f"/v1/members/{member}"
                    body = json.dumps({"name": all_names.get(member, "Member " + member), "discoverable": False})
                else:
                    method, path, body = "DELETE", f"/v1/members/{member}", None
                status, data, started, ended = call(conn, method, path, body, auth)
                with lock:
                    counts["writes"] += 1
                    was_gone = member in hidden or other in hidden
                hides = method == "DELETE" or '"discoverable": false' in (body or "")
                if status in (200, 201, 204):
                    if hides:
                        with lock:
                            hidden.setdefault(member, ended)
                    elif method == "PUT" and member in hidden:
                        pass  # an edit keeps a hidden member hidden (no `discoverable` in the body)
                elif status == 404 and was_gone:
                    pass  # a write to or about a member this script erased
                else:
                    record_error(f"{method} {path}: {status} {data[:120]!r}")
            except (OSError, http.client.HTTPException, ValueError) as error:
                record_error(f"{type(error).__name__}: {error}")
                conn.close()
                conn = connection()
        conn.close()

    def rebuilder():
        next_at = time.monotonic() + args.rebuild_every
        while time.monotonic() < deadline:
            time.sleep(0.5)
            if time.monotonic() < next_at:
                continue
            next_at += args.rebuild_every
            # A connection of its own each time: one kept for minutes would meet the server's idle timeout.
            conn = connection()
            try:
                status, data, _, _ = call(conn, "POST", "/v1/admin/rebuild", None, auth)
                if status != 202:
                    record_error(f"POST rebuild: {status} {data[:120]!r}")
                else:
                    with lock:
                        counts["rebuilds"] += 1
            except (OSError, http.client.HTTPException) as error:
                record_error(f"rebuild: {error}")
            conn.close()

    def cache_mb():
        # The response cache's own size from /metrics (qmatch_response_cache_size_bytes), or None.
        try:
            conn = http.client.HTTPConnection(target.hostname, target.port, timeout=10)
            conn.request("GET", "/metrics", headers={"Authorization": f"Bearer {args.token}"})
            response = conn.getresponse()
            text = response.read().decode()
            conn.close()
            for line in text.splitlines():
                if line.startswith("qmatch_response_cache_size_bytes "):
                    return float(line.split()[1]) / 1048576
        except (OSError, http.client.HTTPException, ValueError):
            pass
        return None

    def sampler():
        started = time.monotonic()
        while time.monotonic() < deadline:
            try:
                with open(f"/proc/{args.pid}/status") as status:
                    for line in status:
                        if line.startswith("VmRSS:"):
                            rss.append((time.monotonic() - started, int(line.split()[1]) // 1024, cache_mb()))
            except OSError:
                pass
            time.sleep(10)

    threads = [threading.Thread(target=worker, args=(args.seed * 1000 + index,)) for index in range(args.workers)]
    if args.rebuild_every > 0:
        threads.append(threading.Thread(target=rebuilder))
    if args.pid:
        threads.append(threading.Thread(target=sampler))
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started

    latencies.sort()
    def percentile(p):
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000 if latencies else 0
    total = counts["reads"] + counts["writes"]
    print(f"MIXED seconds={elapsed:.0f} workers={args.workers} requests={total} reads={counts['reads']} "
          f"writes={counts['writes']} hidden_or_erased={len(hidden)} rebuilds={counts['rebuilds']}")
    print(f"MIXED rps={total / elapsed:.1f} read_p50_ms={percentile(50):.2f} read_p99_ms={percentile(99):.2f} "
          f"read_max_ms={percentile(100):.2f}")
    print(f"MIXED errors={counts['errors']} privacy_misses={counts['privacy']}")
    for sample in error_samples:
        print("  error:", sample)
    for sample in privacy_samples:
        print("  privacy miss:", sample)
    if rss:
        warm = [mb for at, mb, _ in rss if at >= min(args.warmup, elapsed / 2)] or [mb for _, mb, _ in rss]
        print(f"MIXED rss_mb_after_warmup({min(args.warmup, elapsed / 2):.0f}s) min={min(warm)} max={max(warm)} "
              f"spread={(max(warm) - min(warm)) / max(1, min(warm)) * 100:.1f}% samples={len(rss)}")
        print("MIXED rss_mb " + " ".join(f"{at:.0f}s:{mb}" for at, mb, _ in rss[:: max(1, len(rss) // 20)]))
        if any(cache is not None for _, _, cache in rss):
            print("MIXED cache_mb " + " ".join(f"{at:.0f}s:{cache:.1f}" for at, _, cache in rss[:: max(1, len(rss) // 20)]
                                                if cache is not None))
    sys.exit(1 if counts["errors"] or counts["privacy"] else 0)


if __name__ == "__main__":
    main()
