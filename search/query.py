"""An engine-neutral query tree, and the request and result types every backend shares.

User text never reaches an engine's query parser: :mod:`search.planner` turns it into this tree of
term, phrase, prefix and fuzzy matches, and each backend compiles the tree into its own query objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Fields of the engine documents (all hold whitespace-joined tokens from search.text).
TITLE_UNIGRAMS, TITLE_PAIRS, TITLE_WORDS = "title_uni", "title_pairs", "title_words"
BODY_UNIGRAMS, BODY_PAIRS, BODY_WORDS = "body_uni", "body_pairs", "body_words"
PINYIN, PINYIN_GRAMS, IDS = "pinyin", "pinyin_grams", "ids"
TEXT_FIELDS = (TITLE_UNIGRAMS, TITLE_PAIRS, TITLE_WORDS, BODY_UNIGRAMS, BODY_PAIRS, BODY_WORDS,
               PINYIN, PINYIN_GRAMS, IDS)
FACETS = ("category", "period", "gallery")
MAX_WINDOW = 10_000  # deepest hit reachable by page numbers; cursors go further


@dataclass(frozen=True)
class Term:
    field: str
    value: str
    boost: float = 1.0


@dataclass(frozen=True)
class Phrase:
    field: str
    values: tuple[str, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Prefix:
    field: str
    value: str
    boost: float = 1.0


@dataclass(frozen=True)
class Fuzzy:
    field: str
    value: str
    distance: int = 1
    boost: float = 1.0


@dataclass(frozen=True)
class AnyOf:
    items: tuple
    boost: float = 1.0


@dataclass(frozen=True)
class AllOf:
    items: tuple


@dataclass(frozen=True)
class MatchAll:
    pass


Node = Term | Phrase | Prefix | Fuzzy | AnyOf | AllOf | MatchAll


def any_of(items, boost: float = 1.0) -> Node | None:
    items = tuple(dict.fromkeys(i for i in items if i is not None))
    if not items:
        return None
    return items[0] if len(items) == 1 and boost == 1.0 else AnyOf(items, boost)


def all_of(items) -> Node | None:
    items = tuple(dict.fromkeys(i for i in items if i is not None))
    if not items:
        return None
    return items[0] if len(items) == 1 else AllOf(items)


def phrase_or_term(field_name: str, values: list[str], boost: float = 1.0) -> Node | None:
    """A one-token phrase is a term (tantivy refuses phrases of one term)."""
    if not values:
        return None
    if len(values) == 1:
        return Term(field_name, values[0], boost)
    return Phrase(field_name, tuple(values), boost)


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
