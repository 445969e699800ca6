"""Both engines answer a sample of the benchmark's mixed queries over generated records, and agree on the
record an exact accession number or an exact title finds first (``benchmarks/search_agreement.py`` runs
the whole query set at scale and reports the overlap)."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from museum.catalogue.chinese import to_traditional
from museum.catalogue.generate import generate_rows
from search import text
from search.query import SearchRequest

RECORDS = 300


def _document(row: dict) -> dict:
    return {"accession_number": row["accession_number"],
            "title": {lang: row[f"title_{lang}"] for lang in ("zh", "en") if row[f"title_{lang}"]},
            "description": {lang: row[f"description_{lang}"] for lang in ("zh", "en")
                            if row[f"description_{lang}"]},
            "keywords": {"zh": [row["material"], row["find_site"]]}, "category": row["category"],
            "period": row["period"], "gallery": row["gallery"], "start_year": None, "end_year": None,
            "published": True, "has_3d": False}


DOCUMENTS = [_document(row) for row in generate_rows(RECORDS, seed=5)]


def _mixed_queries(count: int = 36) -> list[str]:
    """One of each class of the benchmark's query mix in turn: zh 1, 2 and 3–5 characters, English
    words, toneless pinyin, traditional characters."""
    rng = random.Random(5)
    queries = []
    while len(queries) < count:
        document = rng.choice(DOCUMENTS)
        title, kind = document["title"]["zh"], len(queries) % 6
        if kind == 0:
            queries.append(rng.choice(title))
        elif kind == 1:
            start = rng.randrange(len(title) - 1)
            queries.append(title[start : start + 2])
        elif kind == 2 and len(title) >= 4:
            start = rng.randrange(len(title) - 3)
            queries.append(title[start : start + rng.randint(3, 5)])
        elif kind == 3 and document["title"].get("en"):
            words = document["title"]["en"].split()
            start = rng.randrange(len(words))
            queries.append(" ".join(words[start : start + rng.randint(1, 2)]))
        elif kind == 4:
            syllables = text.pinyin_syllables(title)[0]
            start = rng.randrange(len(syllables) - 1)
            queries.append("".join(syllables[start : start + 2]))
        elif kind == 5:
            queries.append(to_traditional(title[: 3]))
    return queries


@pytest.fixture(scope="module")
def engines(engine_factory):
    loaded = {}
    for name in ("tantivy", "elasticsearch"):
        backend = engine_factory(name)
        assert backend.rebuild(DOCUMENTS) == RECORDS
        loaded[name] = backend
    return loaded


def _top(backend, q: str) -> list[str]:
    return [hit.accession_number for hit in backend.search(SearchRequest(q=q, size=10)).hits]


def test_both_engines_answer_every_query_of_the_mix(engines):
    for q in _mixed_queries():
        answers = {name: backend.search(SearchRequest(q=q, size=10)) for name, backend in engines.items()}
        assert all(answer.hits for answer in answers.values()), q  # every query is taken from the records
        assert answers["tantivy"].total == answers["elasticsearch"].total, q
        assert answers["tantivy"].facets == answers["elasticsearch"].facets, q


def test_both_engines_find_an_exact_accession_number_or_title_first(engines):
    for document in random.Random(6).sample(DOCUMENTS, 12):
        for name, backend in engines.items():
            assert _top(backend, document["accession_number"])[:1] == [document["accession_number"]], name
    titles = Counter(document["title"]["zh"] for document in DOCUMENTS)
    unique = [d for d in DOCUMENTS if titles[d["title"]["zh"]] == 1 and d["title"].get("en")]
    assert len(unique) >= 12
    for document in unique[:12]:
        for q in (document["title"]["zh"], document["title"]["en"]):
            tops = {name: _top(backend, q)[:1] for name, backend in engines.items()}
            assert tops["tantivy"] == tops["elasticsearch"], (q, tops)
