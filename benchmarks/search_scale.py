"""Search at 10× the catalogue: the same mixed queries at 79,390 → 250,000 → 1,000,000 generated records.

    nice -n 10 .venv/bin/python benchmarks/search_scale.py [--sizes 79390,250000,1000000] [--queries 200]
                                                           [--seed 1] [--keep]

For each size, one table row: ``museum generate`` (streaming the rows into the catalogue), the index
rebuild that ends it (the same code as ``museum index --rebuild``), the index's size on disk, HTTP
p50/p95 through ``museum serve`` (2 workers; top-10 with facets and highlights, as ``search_speed.py``),
the workers' peak and current resident memory (VmHWM/VmRSS), and beside it SQLite FTS5 + bm25 + facet
counts over the same prepared tokens (in-process, no HTTP: an advantage to it) with its build time, and
the ratio of the p95s.

The query set is drawn from the first 79,390 records, which are the same at every size (the generator is
deterministic and a larger catalogue only adds records after them), so every size answers the same queries.

``--keep`` keeps each built instance (and its FTS5 peer) under /tmp/search-scale/<size>-<seed>-g<version>
and reuses it on the next run; the build timings measured when it was built are reported again (marked
"cached"). Goals (issue 22): p95 ≤ 10 ms at 1,000,000 and ≥ 10× faster than FTS5 at every size.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_speed import (  # noqa: E402  (the benchmark next door: the same queries and the same peer)
    MUSEUM,
    ROOT,
    build_peers,
    http_latencies,
    peer_latencies,
    percentile,
    query_sets,
    run,
    stop_server,
    wait_until_serving,
    wait_until_settled,
)

CACHE = Path("/tmp/search-scale")
QUERY_RECORDS = 79_390  # the query set comes from these first records, identical at every size


def generator_version() -> str:
    """Changes whenever what ``museum generate`` produces could change: the generator's source."""
    source = (ROOT / "museum" / "catalogue" / "generate.py").read_bytes()
    source += (ROOT / "museum" / "catalogue" / "vocabulary.py").read_bytes()
    return hashlib.sha256(source).hexdigest()[:10]


def stream_records(instance: Path, limit: int | None = None):
    """The records as ``search_speed.load_records`` reads them, one at a time (a million do not fit)."""
    connection = sqlite3.connect(instance / "museum.sqlite3")
    sql = ("SELECT r.accession_number, r.title, r.description, r.category, r.period, g.slug FROM records r "
           "LEFT JOIN galleries g ON g.id = r.gallery_id ORDER BY r.id")
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    try:
        for a, t, d, c, p, g in connection.execute(sql):
            yield {"accession_number": a, "title": json.loads(t or "{}"),
                   "description": json.loads(d or "{}"), "category": c, "period": p, "gallery": g}
    finally:
        connection.close()


def folder_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def worker_memory(server_pid: int) -> list[tuple[int, int]]:
    """(VmHWM, VmRSS) in kB of each gunicorn worker (the server process's children)."""
    children = Path(f"/proc/{server_pid}/task/{server_pid}/children").read_text().split()
    found = []
    for pid in children:
        fields = {}
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("VmHWM", "VmRSS"):
                fields[name] = int(value.split()[0])
        found.append((fields["VmHWM"], fields["VmRSS"]))
    return found


def build(size: int, seed: int, folder: Path) -> dict:
    """A fresh instance with ``size`` generated records and its FTS5 peer (timed).

    ``museum generate`` ends with the same rebuild as ``museum index --rebuild`` (``OutboxProcessor.rebuild``)
    and prints its time: that figure is the rebuild column, and generate's own is the rest (streaming the
    rows into the catalogue), so a million records are indexed once, not twice."""
    instance = folder / "instance"
    run(instance, "init")
    started = time.perf_counter()
    output = run(instance, "generate", "--records", str(size), "--seed", str(seed))
    total_seconds = time.perf_counter() - started
    found = re.search(r"search index rebuilt: [\d,]+ records in ([\d.]+) s", output)
    if found is None:
        raise RuntimeError(f"museum generate did not report its index rebuild:\n{output[-2000:]}")
    rebuild_seconds = float(found.group(1))
    started = time.perf_counter()
    build_peers(stream_records(instance), folder).close()
    fts5_seconds = time.perf_counter() - started
    return {"records": size, "generate_s": total_seconds - rebuild_seconds, "rebuild_s": rebuild_seconds,
            "fts5_build_s": fts5_seconds, "load_at_build": os.getloadavg()[0]}


def measure(size: int, seed: int, folder: Path, queries_count: int, port: int, built: dict) -> dict:
    instance = folder / "instance"
    queries, warm = query_sets(list(stream_records(instance, QUERY_RECORDS)), queries_count, seed)
    index = (instance / "search" / "tantivy" / "current").resolve()
    server = subprocess.Popen([MUSEUM, "--instance", str(instance), "serve", "--port", str(port),
                               "--workers", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_serving(port, time.monotonic() + 120)
        wait_until_settled(server.pid, time.monotonic() + 180)
        # one keep-alive connection: the worker warmed (with other queries) is the worker measured, and every
        # timed query is one no cache has seen (search_speed.query_sets)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        http_latencies(connection, warm)
        load = os.getloadavg()[0]
        ours = http_latencies(connection, queries)
        connection.close()
        memory = worker_memory(server.pid)
    finally:
        stop_server(server)
    peer = sqlite3.connect(folder / "peers.sqlite3")
    peer_latencies(peer, warm, "fts5")  # warm the page cache with the other queries
    fts5 = peer_latencies(peer, queries, "fts5")
    peer.close()
    return {**built, "index_bytes": folder_bytes(index), "p50": statistics.median(ours),
            "p95": percentile(ours, 0.95), "hwm_kb": max(m[0] for m in memory),
            "rss_kb": max(m[1] for m in memory), "fts5_p50": statistics.median(fts5),
            "fts5_p95": percentile(fts5, 0.95), "load": load}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="79390,250000,1000000",
                        type=lambda text: [int(s.replace("_", "")) for s in text.split(",") if s.strip()])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--port", type=int, default=5793)
    parser.add_argument("--keep", action="store_true",
                        help=f"keep built instances under {CACHE}/ and reuse them (keyed by size, seed and "
                             "generator version)")
    args = parser.parse_args()
    if any(size < QUERY_RECORDS for size in args.sizes):
        parser.error(f"--sizes: each size must be at least {QUERY_RECORDS:,} (the query set's records)")
    version = generator_version()
    rows = []
    for size in args.sizes:
        if args.keep:
            folder = CACHE / f"{size}-{args.seed}-g{version}"
            meta = folder / "built.json"
            if meta.exists():
                built = {**json.loads(meta.read_text()), "cached": True}
            else:
                shutil.rmtree(folder, ignore_errors=True)
                folder.mkdir(parents=True)
                built = build(size, args.seed, folder)
                meta.write_text(json.dumps(built))
            rows.append(measure(size, args.seed, folder, args.queries, args.port, built))
        else:
            with tempfile.TemporaryDirectory() as temporary:
                built = build(size, args.seed, Path(temporary))
                rows.append(measure(size, args.seed, Path(temporary), args.queries, args.port, built))
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    print(f"Search at scale — {args.queries} mixed queries (zh 1/2/3–5 chars, en words, pinyin, traditional)"
          f" from the first {QUERY_RECORDS:,} records, seed {args.seed}, generator g{version}, 2 cores")
    print()
    print("| records | generate + import s | index rebuild s | index MB | HTTP p50 ms | HTTP p95 ms "
          "| worker VmHWM / VmRSS MB | FTS5 p50 ms | FTS5 p95 ms | FTS5 build s | FTS5 p95 ÷ ours | load |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        cached = " (cached)" if row.get("cached") else ""
        print(f"| {row['records']:,} | {row['generate_s']:.1f}{cached} | {row['rebuild_s']:.1f}{cached} "
              f"| {row['index_bytes'] / 1e6:.0f} | {row['p50']:.2f} | {row['p95']:.2f} "
              f"| {row['hwm_kb'] / 1024:.0f} / {row['rss_kb'] / 1024:.0f} | {row['fts5_p50']:.1f} "
              f"| {row['fts5_p95']:.1f} | {row['fts5_build_s']:.1f}{cached} "
              f"| {row['fts5_p95'] / row['p95']:.1f}× | {row['load']:.1f} |")
    largest = max(rows, key=lambda r: r["records"])
    ten_times = all(r["fts5_p95"] / r["p95"] >= 10 for r in rows)
    p95_goal = largest["records"] < 1_000_000 or largest["p95"] <= 10
    print()
    print(f"goals: p95 ≤ 10 ms at 1,000,000 {p95_goal if largest['records'] >= 1_000_000 else 'not run'}, "
          f"≥ 10× FTS5 at every size {ten_times}")
    return 0 if ten_times and p95_goal else 1


if __name__ == "__main__":
    sys.exit(main())
