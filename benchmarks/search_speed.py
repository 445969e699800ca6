"""Search speed at the museum's scale, against the peers a simpler system would use, in one run.

    .venv/bin/python benchmarks/search_speed.py [--records 79390] [--queries 200] [--seed 1]

1. ``museum generate`` fills a temporary instance with N synthetic records (not timed here).
2. ``museum index --rebuild`` builds the embedded index (timed: the goal is ≤ 30 s for 79,390).
3. ``museum serve`` (gunicorn, 2 workers) answers a mixed zh/en/pinyin/traditional query set over HTTP
   keep-alive, with facets and highlights: p50/p95 (goal p95 ≤ 3 ms).
4. Peers over the same records, in-process (no HTTP — an advantage to them): SQLite FTS5 with bm25
   ranking plus facet counts, and ``LIKE '%q%'`` with a count and facet counts (goals ≥ 10× and ≥ 20×).

Every system is measured the same way: first warmed by a separate query set (another seed: files in the
page cache, caches of common characters filled), then timed on queries it has not seen ("new queries",
the figures the goals use) and once more on the same queries ("repeated": what a popular query costs
when our per-query caches of plans and facets answer; the peers get the same second pass).
5. Commit → searchable: records edited in the database are polled for over HTTP (goal ≤ 1 s).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUSEUM = str(ROOT / ".venv" / "bin" / "museum")


def run(instance: Path, *args: str) -> str:
    done = subprocess.run([MUSEUM, "--instance", str(instance), *args], capture_output=True, text=True,
                          check=True)
    return done.stdout + done.stderr


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def load_records(instance: Path) -> list[dict]:
    connection = sqlite3.connect(instance / "museum.sqlite3")
    rows = connection.execute("SELECT r.accession_number, r.title, r.description, r.category, r.period, "
                              "g.slug FROM records r LEFT JOIN galleries g ON g.id = r.gallery_id").fetchall()
    connection.close()
    return [{"accession_number": a, "title": json.loads(t or "{}"), "description": json.loads(d or "{}"),
             "category": c, "period": p, "gallery": g} for a, t, d, c, p, g in rows]


def query_mix(records: list[dict], count: int, seed: int) -> list[str]:
    from museum.catalogue.chinese import to_traditional
    from search import text

    rng = random.Random(seed)
    titles = [r["title"].get("zh", "") for r in records if r["title"].get("zh")]
    english = [r["title"].get("en", "") for r in records if r["title"].get("en")]
    queries = []
    while len(queries) < count:
        title = rng.choice(titles)
        kind = len(queries) % 6
        if kind == 0:
            queries.append(rng.choice(title))
        elif kind == 1 and len(title) >= 2:
            start = rng.randrange(len(title) - 1)
            queries.append(title[start : start + 2])
        elif kind == 2 and len(title) >= 4:
            start = rng.randrange(len(title) - 3)
            queries.append(title[start : start + rng.randint(3, 5)])
        elif kind == 3:
            words = rng.choice(english).split()
            start = rng.randrange(len(words))
            queries.append(" ".join(words[start : start + rng.randint(1, 2)]))
        elif kind == 4:
            syllables = text.pinyin_syllables(title)
            if syllables and len(syllables[0]) >= 2:
                start = rng.randrange(len(syllables[0]) - 1)
                queries.append("".join(syllables[0][start : start + 2]))
        else:
            start = rng.randrange(max(1, len(title) - 2))
            queries.append(to_traditional(title[start : start + 3]))
    return queries


def stop_server(server: subprocess.Popen, grace: float = 60) -> None:
    """Stop ``museum serve``: gunicorn lets workers finish (graceful timeout; slow on a busy machine), then
    it is killed."""
    server.terminate()
    try:
        server.wait(grace)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def query_sets(records: list[dict], count: int, seed: int) -> tuple[list[str], list[str]]:
    """(timed, warm): ``count`` distinct queries of the mix to time and ``count`` others to warm with first,
    none in both, so the first timed pass is of queries no cache has seen (a single character or a pinyin
    pair drawn twice would otherwise be answered from the previous pass's pages)."""
    warm = list(dict.fromkeys(query_mix(records, count, seed + 1000)))
    seen, timed, round_ = set(warm), [], 0
    while len(timed) < count and round_ < 50:
        for q in query_mix(records, count, seed + 7919 * round_):
            if q not in seen and len(timed) < count:
                seen.add(q)
                timed.append(q)
        round_ += 1
    return timed, warm


def http_latencies(connection: http.client.HTTPConnection, queries: list[str]) -> list[float]:
    latencies = []
    for q in queries:
        started = time.perf_counter()
        connection.request("GET", "/api/v1/search?" + urllib.parse.urlencode({"q": q, "size": 10}))
        response = connection.getresponse()
        body = response.read()
        latencies.append((time.perf_counter() - started) * 1000)
        if response.status != 200:
            raise RuntimeError(f"{q!r}: HTTP {response.status}: {body[:200]!r}")
    return latencies


def wait_until_serving(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status in (200, 503):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def tree_cpu_seconds(pid: int) -> float:
    """CPU time used so far by a process and all its descendants (Linux ``/proc``)."""
    parents, times = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        number = int(stat.parent.name)
        parents[number], times[number] = int(fields[1]), int(fields[11]) + int(fields[12])
    family, found = {pid}, True
    while found:
        found = {child for child, parent in parents.items() if parent in family} - family
        family |= found
    return sum(times.get(number, 0) for number in family) / os.sysconf("SC_CLK_TCK")


def wait_until_settled(pid: int, deadline: float, idle_seconds: float = 1.0) -> None:
    """Until the server's processes (workers loading, the local job worker starting) stop using CPU: their
    start-up would otherwise be measured as our first queries' latency on a 2-core machine."""
    before = tree_cpu_seconds(pid)
    while time.monotonic() < deadline:
        time.sleep(idle_seconds)  # the sampling interval of the CPU-time condition
        now = tree_cpu_seconds(pid)
        if now - before < 0.05 * idle_seconds:
            return
        before = now
    raise RuntimeError("the server kept using CPU while idle")


def build_peers(records: list[dict], folder: Path) -> sqlite3.Connection:
    """FTS5 over the same prepared tokens as ours (so it matches the same records) and a plain table."""
    from search.documents import prepare

    connection = sqlite3.connect(folder / "peers.sqlite3")
    connection.execute("CREATE VIRTUAL TABLE fts USING fts5(body)")
    connection.execute("CREATE TABLE meta (id INTEGER PRIMARY KEY, accession TEXT, title TEXT,"
                       " description TEXT, category TEXT, period TEXT, gallery TEXT)")
    for number, record in enumerate(records, 1):
        fields = prepare(record)
        body = " ".join(fields[name] for name in ("title_uni", "title_pairs", "title_words", "body_uni",
                                                  "body_pairs", "body_words", "pinyin", "pinyin_grams"))
        connection.execute("INSERT INTO fts (rowid, body) VALUES (?, ?)", (number, body))
        connection.execute("INSERT INTO meta VALUES (?, ?, ?, ?, ?, ?, ?)", (
            number, record["accession_number"], " ".join(record["title"].values()),
            " ".join(record["description"].values()), record["category"], record["period"],
            record["gallery"]))
    connection.commit()
    return connection


def fts_expression(q: str) -> str:
    from search import text

    parts = []
    for run in text.runs(q):
        if run.kind == "cjk":
            tokens = [run.text] if len(run.text) == 1 else text.pairs(run.text)
        else:
            tokens = [text.stem(run.text, "en")]
        parts.append('"' + " ".join(t.replace('"', "") for t in tokens) + '"')
    return " AND ".join(parts) or '""'


def peer_latencies(connection: sqlite3.Connection, queries: list[str], kind: str) -> list[float]:
    from search import text

    latencies = []
    for q in queries:
        started = time.perf_counter()
        if kind == "fts5":
            match = fts_expression(q)
            connection.execute("SELECT m.accession FROM fts JOIN meta m ON m.id = fts.rowid "
                               "WHERE fts MATCH ? ORDER BY bm25(fts) LIMIT 10", (match,)).fetchall()
            for facet in ("category", "period", "gallery"):
                connection.execute(f"SELECT m.{facet}, count(*) FROM fts JOIN meta m ON m.id = fts.rowid "
                                   f"WHERE fts MATCH ? GROUP BY m.{facet}", (match,)).fetchall()
        else:
            pattern = f"%{text.strip_controls(q)}%"
            where = "(title LIKE ? OR description LIKE ?)"
            connection.execute(f"SELECT accession FROM meta WHERE {where} LIMIT 10",
                               (pattern, pattern)).fetchall()
            connection.execute(f"SELECT count(*) FROM meta WHERE {where}", (pattern, pattern)).fetchall()
            for facet in ("category", "period", "gallery"):
                connection.execute(f"SELECT {facet}, count(*) FROM meta WHERE {where} GROUP BY {facet}",
                                   (pattern, pattern)).fetchall()
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def engine_latencies(backend, queries: list[str]) -> list[float]:
    from search.query import SearchRequest

    latencies = []
    for q in queries:
        started = time.perf_counter()
        backend.search(SearchRequest(q=q, size=10))
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def commit_to_searchable(instance: Path, port: int, samples: int = 5) -> list[float]:
    """Edit records through the ORM (the outbox listener is active) and poll the API until found."""
    from museum import create_app
    from museum.catalogue import indexing  # noqa: F401  (the outbox listener)
    from museum.catalogue.models import Record

    app = create_app({"INSTANCE_PATH": str(instance)})
    database = app.extensions["museum_db"]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    delays = []
    for number in range(samples):
        word = f"benchmarkmarker{number}x"
        with database.transaction() as session:
            record = session.query(Record).order_by(Record.id).offset(number).first()
            record.description = {**(record.description or {}), "en": word}
        started = time.perf_counter()
        while time.perf_counter() - started < 30:
            connection.request("GET", "/api/v1/search?" + urllib.parse.urlencode({"q": word}))
            if json.loads(connection.getresponse().read())["total"]:
                break
            time.sleep(0.01)
        delays.append((time.perf_counter() - started) * 1000)
    database.dispose()
    return delays


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=79_390)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--port", type=int, default=5791)
    parser.add_argument("--instance", type=Path, help="reuse an instance already holding generated records")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        instance = args.instance or Path(folder) / "instance"
        generate_seconds = None
        if args.instance is None:
            run(instance, "init")
            started = time.perf_counter()
            run(instance, "generate", "--records", str(args.records), "--seed", str(args.seed))
            generate_seconds = time.perf_counter() - started
        started, cpu_before = time.perf_counter(), children_cpu()
        run(instance, "index", "--rebuild")
        rebuild_seconds, rebuild_cpu = time.perf_counter() - started, children_cpu() - cpu_before
        records = load_records(instance)
        queries, warm = query_sets(records, args.queries, args.seed)
        server = subprocess.Popen([MUSEUM, "--instance", str(instance), "serve", "--port", str(args.port),
                                   "--workers", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_until_serving(args.port, time.monotonic() + 60)
            wait_until_settled(server.pid, time.monotonic() + 120)
            # one keep-alive connection for every pass, so the worker warmed is the worker measured (a new
            # connection may reach the other worker, cold: its first requests load the search service)
            connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
            http_latencies(connection, warm)  # warm with other queries
            ours_http = http_latencies(connection, queries)
            ours_http_again = http_latencies(connection, queries)
            connection.close()
            visible = commit_to_searchable(instance, args.port)
        finally:
            stop_server(server)
        from search.tantivy_backend import TantivyBackend

        backend = TantivyBackend(instance / "search" / "tantivy")
        engine_latencies(backend, warm)
        ours_engine = engine_latencies(backend, queries)
        ours_engine_again = engine_latencies(backend, queries)
        peers = build_peers(records, Path(folder))
        peer_latencies(peers, warm, "fts5")
        fts5 = peer_latencies(peers, queries, "fts5")
        fts5_again = peer_latencies(peers, queries, "fts5")
        peer_latencies(peers, warm, "like")
        like = peer_latencies(peers, queries, "like")
    rows = [("tantivy, HTTP API (facets, highlights), new queries", ours_http),
            ("tantivy, HTTP API, repeated queries", ours_http_again),
            ("tantivy, in-process search(), new queries", ours_engine),
            ("tantivy, in-process search(), repeated queries", ours_engine_again),
            ("SQLite FTS5 + bm25 + facets (peer), new queries", fts5),
            ("SQLite FTS5 + bm25 + facets (peer), repeated queries", fts5_again),
            ("SQLite LIKE '%q%' + count + facets (peer), new queries", like)]
    print(f"Search speed — {len(records):,} generated records, {len(queries)} mixed queries "
          f"(zh 1/2/3–5 chars, en words, pinyin, traditional), 2 cores")
    print()
    print("| system | p50 ms | p95 ms | p95 ÷ ours (HTTP) |")
    print("|---|---|---|---|")
    ours95 = percentile(ours_http, 0.95)
    for name, values in rows:
        p95 = percentile(values, 0.95)
        print(f"| {name} | {statistics.median(values):.2f} | {p95:.2f} | {p95 / ours95:.1f}× |")
    print()
    if generate_seconds is not None:
        print(f"generate + import {len(records):,} records: {generate_seconds:.1f} s (catalogue, not search)")
    print(f"index rebuild (museum index --rebuild, whole CLI run): {rebuild_seconds:.1f} s wall, "
          f"{rebuild_cpu:.1f} s CPU on all cores (goal ≤ 30 s); load average now {os.getloadavg()[0]:.1f}")
    print(f"commit → searchable over HTTP: median {statistics.median(visible):.0f} ms, "
          f"max {max(visible):.0f} ms (goal ≤ 1000 ms)")
    fts_ratio, like_ratio = percentile(fts5, 0.95) / ours95, percentile(like, 0.95) / ours95
    goals = (ours95 <= 3 and fts_ratio >= 10 and like_ratio >= 20 and rebuild_seconds <= 30
             and max(visible) <= 1000)
    print(f"goals: p95 ≤ 3 ms {ours95 <= 3}, ≥ 10× FTS5 {fts_ratio >= 10}, ≥ 20× LIKE {like_ratio >= 20}, "
          f"rebuild ≤ 30 s {rebuild_seconds <= 30}, visible ≤ 1 s {max(visible) <= 1000}")
    return 0 if goals else 1


if __name__ == "__main__":
    sys.exit(main())
