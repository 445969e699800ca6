"""Search quality on the sample catalogue, both engines measured in the same run.

    .venv/bin/python benchmarks/search_quality.py

Prints, for tantivy and Elasticsearch (a local osmem-server started here): recall of every one- and
two-character Chinese query of the sample titles (goal 100 %), whether traditional and simplified
forms give the same top 10 (goal 100 %), MRR@10 on the labelled set in benchmarks/search_queries.json
(goal ≥ 0.8, also per language), and the two engines' top-10 overlap (goal ≥ 0.7).
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from languages import LANGUAGES
from museum import create_app
from museum.catalogue.chinese import to_traditional
from museum.catalogue.indexing import all_documents
from museum.catalogue.schema import create_schema
from search import text
from search.elasticsearch_backend import ElasticsearchBackend
from search.query import SearchRequest
from search.tantivy_backend import TantivyBackend

QUERIES = Path(__file__).with_name("search_queries.json")


def sample_documents(instance: Path) -> list[dict]:
    app = create_app({"INSTANCE_PATH": str(instance), "SECRET_KEY": "benchmark", "TESTING": True,
                      "SEARCH_INDEXER_THREAD": False})
    with app.app_context():
        database = app.extensions["museum_db"]
        create_schema(database)
        from museum.sample import records

        records.load(app, lambda _message: None)
        with database.transaction() as session:
            return list(all_documents(session))


def searchable_text(document: dict) -> str:
    values = []
    for name in ("title", "description", "keywords"):
        for value in (document.get(name) or {}).values():
            values += value if isinstance(value, list) else [value]
    return "\n".join(text.fold(v) for v in values if v)


def top(backend, q: str, lang: str = "zh", size: int = 10) -> list[str]:
    found = backend.search(SearchRequest(q=q, lang=lang, size=size, facets=False))
    return [h.accession_number for h in found.hits]


def short_chinese_queries(documents: list[dict]) -> set[str]:
    queries = set()
    for document in documents:
        for run in text.runs(document["title"].get("zh", "")):
            if run.kind == "cjk":
                queries.update(run.text)
                queries.update(text.pairs(run.text))
    return queries


def recall(backend, documents: list[dict], queries: set[str]) -> tuple[float, list[str]]:
    texts = {d["accession_number"]: searchable_text(d) for d in documents if d["published"]}
    expected_total = found_total = 0
    misses = []
    for q in sorted(queries):
        expected = {n for n, t in texts.items() if q in t}
        found = set(top(backend, q, size=len(texts))) & expected
        expected_total += len(expected)
        found_total += len(found)
        if found != expected:
            misses.append(q)
    return found_total / max(expected_total, 1), misses


def script_agreement(backend, labelled: list[dict]) -> tuple[float, list[str]]:
    chinese = [item["q"] for item in labelled if item["lang"] == "zh" and not item["q"].isascii()]
    differing = [q for q in chinese if top(backend, q) != top(backend, to_traditional(q))]
    return 1 - len(differing) / len(chinese), differing


def mrr(backend, labelled: list[dict]) -> tuple[float, dict[str, float], list[str], dict[str, list[str]]]:
    by_language: dict[str, list[float]] = defaultdict(list)
    failures, results = [], {}
    for item in labelled:
        hits = top(backend, item["q"], item["lang"])
        results[item["q"]] = hits
        rank = next((i for i, n in enumerate(hits, 1) if n in item["relevant"]), None)
        by_language[item["lang"]].append(1 / rank if rank else 0.0)
        if rank != 1:
            failures.append(f"{item['q']!r} → rank {rank}")
    scores = [s for values in by_language.values() for s in values]
    per_language = {k: sum(v) / len(v) for k, v in by_language.items()}
    return (sum(scores) / len(scores), per_language, failures, results)


def overlap(a: dict[str, list[str]], b: dict[str, list[str]]) -> float:
    values = [len(set(a[q]) & set(b[q])) / max(len(a[q]), len(b[q]), 1) for q in a]
    return sum(values) / len(values)


def main() -> int:
    from osmem_server import OsmemServer

    labelled = json.loads(QUERIES.read_text(encoding="utf-8"))["queries"]
    with tempfile.TemporaryDirectory() as folder, OsmemServer.start(freeze=False) as server:
        documents = sample_documents(Path(folder) / "instance")
        engines = {"tantivy": TantivyBackend(Path(folder) / "index"),
                   "elasticsearch": ElasticsearchBackend(server.url, prefix="quality")}
        short = short_chinese_queries(documents)
        rows, ranked, notes = [], {}, []
        for name, backend in engines.items():
            backend.rebuild(iter(documents))
            found, misses = recall(backend, documents, short)
            agreement, differing = script_agreement(backend, labelled)
            score, per_language, failures, ranked[name] = mrr(backend, labelled)
            rows.append((name, found, agreement, score, per_language))
            notes += [f"{name}: recall misses {misses[:10]}"] if misses else []
            notes += [f"{name}: traditional ≠ simplified for {differing[:10]}"] if differing else []
            notes += [f"{name}: not first — " + "; ".join(failures)] if failures else []
        shared = overlap(ranked["tantivy"], ranked["elasticsearch"])
    print(f"Search quality — sample catalogue ({len(documents)} records), {len(labelled)} labelled queries, "
          f"{len(short)} one/two-character Chinese queries")
    print()
    print("| engine | 1–2 char recall | trad = simp top 10 | MRR@10 | " + " | ".join(LANGUAGES) + " |")
    print("|---|---|---|---|" + "---|" * len(LANGUAGES))
    for name, found, agreement, score, per_language in rows:
        cells = " | ".join(f"{per_language.get(lang, 0):.2f}" for lang in LANGUAGES)
        print(f"| {name} | {found:.1%} | {agreement:.1%} | {score:.3f} | {cells} |")
    print()
    print(f"top-10 overlap tantivy ↔ elasticsearch: {shared:.2f} (goal ≥ 0.7)")
    for note in notes:
        print("  " + note)
    goals = all(found == 1 and agreement == 1 and score >= 0.8 for _, found, agreement, score, _ in rows)
    return 0 if goals and shared >= 0.7 else 1


if __name__ == "__main__":
    sys.exit(main())
