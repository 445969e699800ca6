"""The fields of the engine documents, and the request and result types every backend shares (the
query tree itself is :mod:`search.tree`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# the node types, importable from here as before the tree had its own module
from search.tree import AllOf, AnyOf, Fuzzy, MatchAll, Node, Phrase, Prefix, Term  # noqa: F401

# Fields of the engine documents (all hold whitespace-joined tokens from search.text).
TITLE_UNIGRAMS, TITLE_PAIRS, TITLE_WORDS = "title_uni", "title_pairs", "title_words"
BODY_UNIGRAMS, BODY_PAIRS, BODY_WORDS = "body_uni", "body_pairs", "body_words"
PINYIN, PINYIN_GRAMS, IDS = "pinyin", "pinyin_grams", "ids"
TEXT_FIELDS = (TITLE_UNIGRAMS, TITLE_PAIRS, TITLE_WORDS, BODY_UNIGRAMS, BODY_PAIRS, BODY_WORDS,
               PINYIN, PINYIN_GRAMS, IDS)
FACETS = ("category", "period", "gallery")
FACET_SIZE = 200  # values counted per facet
MAX_WINDOW = 10_000  # deepest hit reachable by page numbers; cursors go further


def facet_aggregations() -> dict:
    """The aggregations that count every facet's values, in Elasticsearch's form (tantivy takes it too)."""
    return {name: {"terms": {"field": name, "size": FACET_SIZE}} for name in FACETS}


def facet_counts(aggregations: dict) -> dict:
    """``{facet: [{"value", "count"}, …]}`` from the engine's answer to :func:`facet_aggregations`."""
    return {name: [{"value": bucket["key"], "count": bucket["doc_count"]}
                   for bucket in aggregations.get(name, {}).get("buckets", [])] for name in FACETS}


@dataclass(frozen=True)
class Filters:
    categories: tuple[str, ...] = ()
    periods: tuple[str, ...] = ()
    galleries: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    has_3d: bool | None = None
    published_only: bool = True


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    lang: str = "zh"
    page: int = 1
    size: int = 20
    filters: Filters = field(default_factory=Filters)
    cursor: str | None = None
    facets: bool = True


@dataclass
class Hit:
    accession_number: str
    title: str
    highlight: str
    score: float
    source: dict = field(default_factory=dict, repr=False)

    def as_dict(self) -> dict:
        return {"accession_number": self.accession_number, "title": self.title,
                "highlight": self.highlight, "score": round(self.score, 4)}


@dataclass
class SearchResult:
    total: int
    page: int
    size: int
    hits: list[Hit]
    facets: dict
    did_you_mean: str | None = None
    cursor: str | None = None  # for the next page
    degraded: bool = False
    engine: str = ""
    indexing: bool = False  # changes are waiting to reach the index: recent edits may be missing

    def as_dict(self) -> dict:
        return {"total": self.total, "page": self.page, "size": self.size,
                "hits": [h.as_dict() for h in self.hits], "facets": self.facets,
                "did_you_mean": self.did_you_mean, "cursor": self.cursor,
                "degraded": self.degraded, "engine": self.engine, "indexing": self.indexing}


@dataclass
class RawHits:
    """What a backend's engine answers for one compiled query (before highlighting)."""

    total: int
    hits: list[tuple[str, float, dict]]  # (accession number, score, stored source)
    facets: dict
    cursor: str | None = None


@dataclass
class Suggestion:
    text: str
    title: str
    accession_number: str

    def as_dict(self) -> dict:
        return {"text": self.text, "title": self.title, "accession_number": self.accession_number}
