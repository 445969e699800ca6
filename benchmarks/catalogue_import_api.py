"""Catalogue import and JSON API on 79,390 generated records.

Peers in the same run: a bare ``sqlite3.executemany`` of the same rows (the floor any import pays) for the
import, and the same page query in raw SQL for the API (the floor of the database work).

    .venv/bin/python benchmarks/catalogue_import_api.py [--records 79390]
"""

from __future__ import annotations

import argparse
import csv
import logging
import sqlite3
import statistics
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from werkzeug.serving import make_server

from museum import create_app
from museum.catalogue.generate import write_csv
from museum.catalogue.importer import import_file
from museum.catalogue.schema import create_schema
from museum.extensions import db


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def bare_sqlite(csv_path: Path, target: Path) -> float:
    started = time.perf_counter()
    with csv_path.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    connection = sqlite3.connect(target)
    connection.execute(f"CREATE TABLE t ({', '.join(f'c{i}' for i in range(len(rows[0])))})")
    connection.executemany(f"INSERT INTO t VALUES ({', '.join('?' * len(rows[0]))})", rows[1:])
    connection.commit()
    connection.close()
    return time.perf_counter() - started


def main() -> None:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request in the table
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=79_390)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-catalogue-"))
    csv_path = work / "generated.csv"
    write_csv(csv_path, args.records, seed=1)
    app = create_app({"INSTANCE_PATH": str(work / "instance"), "SEARCH_INDEXER_THREAD": False})
    with app.app_context():
        create_schema(db)
        session = db.new_session()
        started = time.perf_counter()
        report = import_file(session, csv_path, max_bytes=1 << 30)
        session.commit()
        import_seconds = time.perf_counter() - started
        session.close()
    bare_seconds = bare_sqlite(csv_path, work / "bare.sqlite3")

    http = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{http.server_port}"
    import json

    first = json.loads(urllib.request.urlopen(base + "/api/v1/objects?size=1&page=40000").read())["items"][0]
    urls = {
        "list page 1": "/api/v1/objects?size=20",
        "list deep page + filters": "/api/v1/objects?size=100&page=30&category=bronze&period=qing",
        "object detail": f"/api/v1/objects/{first['accession_number']}",
        "galleries": "/api/v1/galleries",
    }
    timings = {}
    for name, url in urls.items():
        urllib.request.urlopen(base + url).read()
        samples = []
        for _ in range(args.requests):
            started = time.perf_counter()
            urllib.request.urlopen(base + url).read()
            samples.append((time.perf_counter() - started) * 1000)
        timings[name] = samples
    http.shutdown()
    raw = sqlite3.connect(work / "instance" / "museum.sqlite3")
    raw_samples = []
    for _ in range(args.requests):
        started = time.perf_counter()
        raw.execute("SELECT count(*) FROM records WHERE published = 1").fetchone()
        raw.execute("SELECT * FROM records WHERE published = 1 ORDER BY accession_number LIMIT 20").fetchall()
        raw_samples.append((time.perf_counter() - started) * 1000)

    print(f"\nImport of {report.created:,} generated records (CSV, all rows validated, one transaction)")
    print("| what | seconds | records/s | vs bare sqlite3.executemany |")
    print("|---|---|---|---|")
    print(f"| museum import | {import_seconds:.1f} | {args.records / import_seconds:,.0f} "
          f"| {import_seconds / bare_seconds:.1f}× |")
    print(f"| bare sqlite3.executemany (peer, no validation) | {bare_seconds:.2f} "
          f"| {args.records / bare_seconds:,.0f} | 1× |")
    print(f"\nJSON API over HTTP on {args.records:,} records ({args.requests} requests each, one client)")
    print("| endpoint | p50 ms | p95 ms | p95 vs raw SQL page query |")
    print("|---|---|---|---|")
    raw_p95 = percentile(raw_samples, 95)
    for name, samples in timings.items():
        print(f"| {name} | {statistics.median(samples):.2f} | {percentile(samples, 95):.2f} | "
              f"{percentile(samples, 95) / raw_p95:.1f}× |")
    print(f"| raw SQL count + page (peer, no HTTP) | {statistics.median(raw_samples):.2f} "
          f"| {raw_p95:.2f} | 1× |")


if __name__ == "__main__":
    main()
