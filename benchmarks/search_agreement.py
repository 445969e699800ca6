"""Elasticsearch against tantivy on the same records and the same mixed queries: correctness, not speed.

    nice -n 10 .venv/bin/python benchmarks/search_agreement.py [--records 79390] [--queries 200] [--seed 1]
                                                               [--instance PATH] [--url http://…]

Both engines index the same documents (the first N generated records of an instance: ``--instance``
reuses one, e.g. ``/tmp/search-scale/79390-1-g…/instance`` from ``search_scale.py --keep``; otherwise one
is generated) and answer the query set of ``search_speed.py`` through the same ``SearchBackend.search``
(planning, fuzzy retry, facets, highlights). Elasticsearch's API is a local osmem-server started here
(or ``--url``). Per query class: mean top-10 overlap (shared accession numbers ÷ the larger top-10), how
often the top hit is the same (and its title: generated titles repeat, so tied records may come in either
order), how often the totals agree, and every query that errors in either engine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_scale import stream_records  # noqa: E402
from search_speed import query_mix, run  # noqa: E402

CLASSES = ["zh 1 char", "zh 2 chars", "zh 3–5 chars", "en words", "pinyin", "traditional"]


def documents(instance: Path, limit: int) -> list[dict]:
    from museum import create_app
    from museum.catalogue.indexing import all_documents

    app = create_app({"INSTANCE_PATH": str(instance)})
    database = app.extensions["museum_db"]
    docs = []
    with database.transaction() as session:
        for doc in all_documents(session):
            docs.append(doc)
            if len(docs) >= limit:
                break
    database.dispose()
    return docs


def compare(tantivy, elastic, queries: list[str]) -> tuple[dict, list[str]]:
    from search.query import SearchRequest

    by_class: dict[str, list[tuple[float, bool, bool, bool]]] = {name: [] for name in CLASSES}
    errors = []
    for number, q in enumerate(queries):
        answers = []
        for backend in (tantivy, elastic):
            try:
                answers.append(backend.search(SearchRequest(q=q, size=10)))
            except Exception as error:  # every failure is reported, with its query
                errors.append(f"{backend.name}: {q!r}: {type(error).__name__}: {str(error)[:160]}")
        if len(answers) < 2:
            continue
        ours, theirs = ([hit.accession_number for hit in answer.hits] for answer in answers)
        overlap = len(set(ours) & set(theirs)) / max(1, len(ours), len(theirs))
        # generated titles repeat: records tied on score may come in either order, so also compare titles
        our_title, their_title = ([hit.title for hit in answer.hits[:1]] for answer in answers)
        by_class[CLASSES[number % len(CLASSES)]].append(
            (overlap, ours[:1] == theirs[:1], our_title == their_title, answers[0].total == answers[1].total))
    return by_class, errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=79_390)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--instance", type=Path, help="an instance already holding generated records")
    parser.add_argument("--url", help="an Elasticsearch API to use instead of starting osmem-server")
    args = parser.parse_args()

    from search.elasticsearch_backend import ElasticsearchBackend
    from search.tantivy_backend import TantivyBackend

    with tempfile.TemporaryDirectory() as folder:
        instance = args.instance
        if instance is None:
            instance = Path(folder) / "instance"
            run(instance, "init")
            run(instance, "generate", "--records", str(args.records), "--seed", str(args.seed))
        docs = documents(instance, args.records)
        queries = query_mix(list(stream_records(instance, len(docs))), args.queries, args.seed)
        server = None
        if args.url is None:
            from osmem_server import OsmemServer

            server = OsmemServer.start(freeze=False)
        try:
            tantivy = TantivyBackend(Path(folder) / "tantivy")
            tantivy.rebuild(docs)
            elastic = ElasticsearchBackend(args.url or server.url, prefix="agreement", timeout=120)
            started = time.perf_counter()
            elastic.rebuild(docs)
            es_seconds = time.perf_counter() - started
            by_class, errors = compare(tantivy, elastic, queries)
            elastic.close()
        finally:
            if server is not None:
                server.close()
    print(f"Elasticsearch (osmem-server) against tantivy — {len(docs):,} generated records, {len(queries)} "
          f"mixed queries, top 10 (Elasticsearch indexed them in {es_seconds:.0f} s)")
    print()
    print("| query class | queries | mean top-10 overlap | same top hit | same top title | same total |")
    print("|---|---|---|---|---|---|")
    for name, rows in by_class.items():
        if rows:
            same_top, same_title, same_total = (sum(r[i] for r in rows) / len(rows) for i in (1, 2, 3))
            print(f"| {name} | {len(rows)} | {statistics.mean(r[0] for r in rows):.0%} "
                  f"| {same_top:.0%} | {same_title:.0%} | {same_total:.0%} |")
    print()
    print(f"errors: {len(errors)}")
    for line in errors:
        print(f"- {line}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
