"""The interface every search engine implements, and the behaviour they share.

A backend implements the engine operations (``apply``, ``execute``, ``rebuild``, ``count``,
``health``); :class:`SearchBackend` turns requests into query trees, retries with fuzzy terms when
nothing matched, offers "did you mean", highlights, and builds completions — identically for every
engine.
"""

from __future__ import annotations

import base64
import json
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import replace

from languages import CHINESE, LANGUAGES, pick
from search import documents, highlight, text
from search.exceptions import BadCursor, PageTooDeep
from search.planner import Plan, Planner, suggest_node
from search.query import MAX_WINDOW, Filters, Hit, RawHits, SearchRequest, SearchResult, Suggestion
from search.tree import Node

SUGGEST_CANDIDATES = 40
MAX_CURSOR_OFFSET = 1_000_000  # the deepest hit a cursor reaches (Elasticsearch's result window)


def encode_cursor(payload: dict) -> str:
    raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> dict:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (ValueError, UnicodeError):
        raise BadCursor("cursor is not one this service issued") from None
    if not isinstance(payload, dict):
        raise BadCursor("cursor is not one this service issued")
    # every engine's cursor is {"o": hit offset, "p": page}; the bounds keep a crafted cursor from
    # asking an engine for billions of hits (tantivy would try to allocate them)
    for key, low in (("o", 0), ("p", 1)):
        value = payload.get(key, low)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= MAX_CURSOR_OFFSET:
            raise BadCursor("cursor is not one this service issued")
    return payload


class SearchBackend(ABC):
    """One search engine. Documents go in as the dicts described in :mod:`search.documents`."""

    name = "base"

    def __init__(self, planner: Planner | None = None):
        self.planner = planner or Planner()

    # --- engine operations -------------------------------------------------------------------
    @abstractmethod
    def apply(self, upserts: list[dict], deletes: Iterable[str] = ()) -> None:
        """Add or replace ``upserts`` and remove ``deletes`` (accession numbers); visible on return."""

    @abstractmethod
    def execute(self, node: Node, filters: Filters, size: int, offset: int = 0,
                cursor: dict | None = None, facets: bool = True) -> RawHits:
        """Run a query tree; ``cursor`` is the decoded payload of a cursor this engine issued."""

    @abstractmethod
    def rebuild(self, docs: Iterable[dict]) -> int:
        """Build a new index beside the current one from ``docs`` and swap it in atomically."""

    @abstractmethod
    def count(self) -> int:
        """Documents in the index (published or not)."""

    @abstractmethod
    def health(self) -> dict:
        """{"status": "ok"|"down", "engine": name, "documents": n, ...}; never raises."""

    def close(self) -> None:  # noqa: B027 (optional for engines that hold nothing)
        """Release files and connections."""

    # --- convenience ---------------------------------------------------------------------------
    def index_documents(self, docs: Iterable[dict]) -> int:
        docs = list(docs)
        self.apply(docs, ())
        return len(docs)

    def delete_documents(self, accession_numbers: Iterable[str]) -> int:
        numbers = list(accession_numbers)
        self.apply([], numbers)
        return len(numbers)

    @staticmethod
    def prepare(doc: dict) -> dict:
        return documents.prepare(doc)

    # --- shared behaviour ----------------------------------------------------------------------
    def search(self, request: SearchRequest) -> SearchResult:
        plan = self.planner.plan(request.q)
        cursor = decode_cursor(request.cursor) if request.cursor else None
        page = int(cursor.get("p", request.page)) if cursor else request.page
        offset = (page - 1) * request.size
        if cursor is None and offset + request.size > MAX_WINDOW:
            raise PageTooDeep(f"page {page} × size {request.size} goes past hit {MAX_WINDOW:,}; "
                              "follow the 'cursor' of the previous page to go further")
        raw = self.execute(plan.node, request.filters, request.size, offset, cursor, request.facets)
        suggestion = None
        if raw.total == 0 and plan.words and cursor is None:
            fuzzy_plan = self.planner.plan(request.q, fuzzy=True)
            fuzzy_raw = self.execute(fuzzy_plan.node, request.filters, request.size, offset, None,
                                     request.facets)
            if fuzzy_raw.total:
                sources = [source for _, _, source in fuzzy_raw.hits[:10]]
                suggestion = highlight.did_you_mean(request.q, plan.words, sources)
                raw, plan = fuzzy_raw, self._with_corrections(fuzzy_plan, suggestion)
        hits = [self._hit(accession, score, source, plan, request.lang)
                for accession, score, source in raw.hits]
        next_cursor = None
        if raw.cursor and offset + len(hits) < raw.total and hits:
            next_cursor = encode_cursor({**json.loads(raw.cursor), "p": page + 1})
        return SearchResult(total=raw.total, page=page, size=request.size, hits=hits, facets=raw.facets,
                            did_you_mean=suggestion, cursor=next_cursor, engine=self.name)

    def _with_corrections(self, plan: Plan, suggestion: str | None) -> Plan:
        """A new plan that also highlights the corrected words (plans are shared: never changed)."""
        if suggestion:
            corrected = self.planner.plan(suggestion)
            return replace(plan, stems=plan.stems | corrected.stems, words=plan.words + corrected.words)
        return plan

    @staticmethod
    def _hit(accession: str, score: float, source: dict, plan: Plan, lang: str) -> Hit:
        title = pick(source.get("title"), lang)[0] or accession
        description = pick(source.get("description"), lang)[0] or ""
        marked = highlight.best_highlight(title, description, plan) if not plan.empty else ""
        return Hit(accession, title, marked, float(score or 0.0), source)

    def suggest(self, q: str, lang: str = "zh", limit: int = 10,
                published_only: bool = True) -> list[Suggestion]:
        """Up to ``limit`` completions: titles, or the part of a title from where the prefix matched
        (a pinyin prefix "huniu" completes to 虎钮錞于)."""
        node, prefix = suggest_node(q)
        if node is None:
            return []
        raw = self.execute(node, Filters(published_only=published_only), SUGGEST_CANDIDATES, facets=False)
        found: dict[str, Suggestion] = {}
        for accession, _score, source in raw.hits:
            title = pick(source.get("title"), lang)[0] or accession
            completion = self._completion(source.get("title") or {}, prefix) or title
            found.setdefault(completion, Suggestion(completion, title, accession))
            if len(found) >= limit:
                break
        return list(found.values())

    @staticmethod
    def _completion(titles: dict, prefix: str) -> str | None:
        """The title (any language) from the character where ``prefix`` starts, by text or pinyin."""
        if not prefix:
            return None
        for lang in LANGUAGES:
            title = titles.get(lang)
            if not title:
                continue
            folded = text.fold(title)
            if len(folded) == len(title):
                position = folded.find(prefix)
                if position >= 0 and text.runs(prefix)[0].kind == "cjk":
                    return title[position:]
            if lang in CHINESE and prefix.isascii():
                chars = [c for c in title]
                syllables = [text.pinyin_syllables(c)[0][0] if text.is_han(c) and text.pinyin_syllables(c)
                             else "" for c in chars]
                for start in range(len(chars)):
                    if syllables[start] and "".join(syllables[start:]).startswith(prefix):
                        return title[start:]
        return None
