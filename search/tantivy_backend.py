"""The embedded engine: tantivy (Rust, via its Python bindings), one index in a folder.

Layout: ``<directory>/current`` is a symbolic link to ``gen-<time>-<pid>``; a rebuild writes a new
generation beside it and replaces the link in one ``rename`` while searches keep reading the old one.
Readers notice a new generation or a new commit (``meta.json`` changes) before each search.
Tantivy allows one writer per index: the shell guarantees a single writing process (a file lock).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
import time
from collections.abc import Iterable
from pathlib import Path

import tantivy

from search.base import SearchBackend
from search.cache import LRU
from search.documents import prepare_all
from search.exceptions import BadCursor
from search.query import FACETS, TEXT_FIELDS, Filters, RawHits, facet_aggregations, facet_counts
from search.tree import TIE_BREAKER, AllOf, AnyOf, Fuzzy, MatchAll, Node, Phrase, Prefix, Term

TOKENIZER = "prepared"
_REGEX_META = re.compile(r"([\\.+*?()|\[\]{}^$#&\-~])")
I64_MIN, I64_MAX = -(2**63), 2**63 - 1
QUERY_CACHE_SIZE = 4096
FACET_CACHE_SIZE = 4096  # total and facet counts of (query, filters): a few kB each
PAGE_CACHE_SIZE = 1024  # pages of hits with their stored sources: ~10 kB each
TOTAL = "_total"  # the aggregation counting the matches beside the facets


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("accession_number", stored=True, tokenizer_name="raw", fast=True)
    for name in TEXT_FIELDS:
        builder.add_text_field(name, stored=False, tokenizer_name=TOKENIZER, index_option="position")
    for name in FACETS:
        builder.add_text_field(name, stored=False, tokenizer_name="raw", fast=True)
    for name in ("start_year", "end_year"):
        builder.add_integer_field(name, indexed=True, fast=True)
    for name in ("published", "has_3d"):
        builder.add_boolean_field(name, indexed=True, fast=True)
    builder.add_json_field("source", stored=True)
    return builder.build()


class TantivyBackend(SearchBackend):
    name = "tantivy"

    def __init__(self, directory: str | Path, planner=None, writer_heap: int = 64_000_000):
        super().__init__(planner)
        self.directory = Path(directory)
        self.writer_heap = writer_heap
        self.schema = build_schema()
        self._lock = threading.Lock()
        self._index: tantivy.Index | None = None
        self._generation: str | None = None
        self._state: tuple | None = None
        self._searcher: tantivy.Searcher | None = None
        # compiled queries (they depend on the schema alone); counts and pages (on the index's state too)
        self.queries: LRU[tantivy.Query] = LRU(QUERY_CACHE_SIZE)
        self.facets: LRU[tuple[int, dict]] = LRU(FACET_CACHE_SIZE)
        self.pages: LRU[tuple] = LRU(PAGE_CACHE_SIZE)  # hits of (index state, tree, filters, offset, size)
        self._ensure_layout()

    # --- files --------------------------------------------------------------------------------
    @property
    def current_link(self) -> Path:
        return self.directory / "current"

    def _ensure_layout(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        if not self.current_link.exists():
            generation = self._new_generation()
            self._swap(generation)

    def _new_generation(self) -> Path:
        path = self.directory / f"gen-{time.time_ns()}-{os.getpid()}"
        path.mkdir()
        self._open(path)  # creates an empty index
        return path

    def _swap(self, generation: Path) -> None:
        temporary = self.directory / f".current-{os.getpid()}-{threading.get_ident()}"
        if temporary.is_symlink() or temporary.exists():
            temporary.unlink()
        temporary.symlink_to(generation.name)
        os.replace(temporary, self.current_link)

    def _open(self, path: Path) -> tantivy.Index:
        index = tantivy.Index(self.schema, path=str(path))
        whitespace = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()
        index.register_tokenizer(TOKENIZER, whitespace)
        return index

    def _version(self) -> tuple:
        """What identifies the index's current state: its generation and its last commit (``meta.json``
        is replaced by each commit: a new inode, mtime and size)."""
        generation = os.readlink(self.current_link)
        try:
            meta = (self.directory / generation / "meta.json").stat()
        except FileNotFoundError:
            return generation, None
        return generation, (meta.st_ino, meta.st_mtime_ns, meta.st_size)

    def _reader(self) -> tantivy.Index:
        """The index of the current generation, reloaded if another process committed."""
        return self._current()[0]

    def _current(self) -> tuple[tantivy.Index, tantivy.Searcher, tuple]:
        """The index, one searcher over its current state and that state, kept until the index changes (a
        new generation or commit, checked before each search): then the facet counts kept are dropped too
        (they are keyed by the state too: a count from a searcher that was just replaced is never used)."""
        version = self._version()
        with self._lock:
            if version[0] != self._generation or self._index is None:
                self._index = self._open(self.directory / version[0])
                self._generation = version[0]
                self._changed(version)
            elif version != self._state:
                self._index.reload()
                self._changed(version)
            return self._index, self._searcher, self._state

    def _changed(self, version: tuple) -> None:
        self._state = version
        self._searcher = self._index.searcher()
        self.facets.clear()
        self.pages.clear()

    # --- writing ------------------------------------------------------------------------------
    def _document(self, fields: dict) -> tantivy.Document:
        """A tantivy document from prepared fields (see ``search.documents.prepare``)."""
        document = tantivy.Document()
        document.add_text("accession_number", fields["accession_number"])
        for name in TEXT_FIELDS:
            if fields[name]:
                document.add_text(name, fields[name])
        for name in FACETS:
            if fields[name]:
                document.add_text(name, fields[name])
        for name in ("start_year", "end_year"):
            if fields[name] is not None:
                document.add_integer(name, fields[name])
        document.add_boolean("published", fields["published"])
        document.add_boolean("has_3d", fields["has_3d"])
        document.add_json("source", json.dumps(fields["source"], ensure_ascii=False))
        return document

    def apply(self, upserts: list[dict], deletes: Iterable[str] = ()) -> None:
        prepared = [self._document(self.prepare(doc)) for doc in upserts]  # bad input fails before any write
        numbers = list(dict.fromkeys([*deletes, *(doc["accession_number"] for doc in upserts)]))
        if not numbers:
            return
        index = self._reader()
        writer = index.writer(heap_size=self.writer_heap, num_threads=1)
        try:
            for number in numbers:
                writer.delete_documents_by_term("accession_number", number)
            for document in prepared:
                writer.add_document(document)
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()
        self._reader()

    def rebuild(self, docs: Iterable[dict]) -> int:
        generation = self._new_generation()
        index = self._open(generation)
        writer = index.writer(heap_size=max(self.writer_heap, 256_000_000), num_threads=2)
        count = 0
        try:
            for fields in prepare_all(docs):
                writer.add_document(self._document(fields))
                count += 1
            writer.commit()
        except BaseException:
            writer.rollback()
            writer.wait_merging_threads()
            shutil.rmtree(generation, ignore_errors=True)
            raise
        writer.wait_merging_threads()
        previous = os.readlink(self.current_link)
        self._swap(generation)
        self._reader()
        for old in self.directory.glob("gen-*"):
            if old.name not in (generation.name, previous):
                shutil.rmtree(old, ignore_errors=True)
        if previous != generation.name:
            shutil.rmtree(self.directory / previous, ignore_errors=True)  # open readers keep their files
        return count

    # --- reading ------------------------------------------------------------------------------
    def _compile(self, node: Node) -> tantivy.Query:
        schema, query = self.schema, tantivy.Query
        if isinstance(node, Term):
            compiled = query.term_query(schema, node.field, node.value)
        elif isinstance(node, Phrase):
            compiled = query.phrase_query(schema, node.field, list(node.values))
        elif isinstance(node, Prefix):
            compiled = query.regex_query(schema, node.field, _REGEX_META.sub(r"\\\1", node.value) + ".*")
        elif isinstance(node, Fuzzy):
            compiled = query.fuzzy_term_query(schema, node.field, node.value, node.distance, True, False)
        elif isinstance(node, AnyOf):
            compiled = query.disjunction_max_query([self._compile(i) for i in node.items], TIE_BREAKER)
        elif isinstance(node, AllOf):
            return query.boolean_query([(tantivy.Occur.Must, self._compile(i)) for i in node.items])
        elif isinstance(node, MatchAll):
            return query.all_query()
        else:
            raise TypeError(f"unknown query node {node!r}")
        boost = getattr(node, "boost", 1.0)
        return query.boost_query(compiled, boost) if boost != 1.0 else compiled

    def _filters(self, filters: Filters) -> list[tantivy.Query]:
        schema, query = self.schema, tantivy.Query
        clauses = []
        if filters.published_only:
            clauses.append(query.term_query(schema, "published", True))
        for name, values in (("category", filters.categories), ("period", filters.periods),
                             ("gallery", filters.galleries)):
            if values:
                clauses.append(query.boolean_query(
                    [(tantivy.Occur.Should, query.term_query(schema, name, v)) for v in values]))
        if filters.year_to is not None:
            clauses.append(query.range_query(schema, "start_year", tantivy.FieldType.Integer, I64_MIN,
                                             filters.year_to))
        if filters.year_from is not None:
            clauses.append(query.range_query(schema, "end_year", tantivy.FieldType.Integer, filters.year_from,
                                             I64_MAX))
        if filters.has_3d is not None:
            clauses.append(query.term_query(schema, "has_3d", filters.has_3d))
        return [query.const_score_query(clause, 0.0) for clause in clauses]

    def execute(self, node: Node, filters: Filters, size: int, offset: int = 0,
                cursor: dict | None = None, facets: bool = True) -> RawHits:
        if cursor is not None:
            if not isinstance(cursor.get("o"), int) or cursor["o"] < 0:
                raise BadCursor("cursor was not issued by the embedded engine")
            offset = cursor["o"]
        compiled = self.queries.get((node, filters), lambda: self._with_filters(node, filters))
        _index, searcher, state = self._current()
        counted = None
        if facets:
            # the total and facet counts are the same for every page of a query: counted once per state of
            # the index, by one aggregation (so the top hits are collected without counting every match)
            counted = self.facets.get((state, node, filters), lambda: self._counts(searcher, compiled))
        if counted is None:
            result = searcher.search(compiled, size, count=True, offset=offset)
            hits, (total, counts) = self._hydrate(searcher, result.hits), (result.count or 0, {})
        else:
            # a popular query's page is served from memory until the index changes
            hits = self.pages.get((state, node, filters, offset, size), lambda: self._hydrate(
                searcher, searcher.search(compiled, size, count=False, offset=offset).hits))
            total, counts = counted
        return RawHits(total, list(hits), counts, json.dumps({"o": offset + len(hits)}))

    @staticmethod
    def _hydrate(searcher: tantivy.Searcher, found: list) -> tuple[tuple[str, float, dict], ...]:
        """(accession number, score, stored source) of each hit: the stored fields, no database."""
        hits = []
        for score, address in found:
            document = searcher.doc(address)
            source = document.get_first("source") or {}
            if isinstance(source, str):
                source = json.loads(source)
            hits.append((document.get_first("accession_number"), score, source))
        return tuple(hits)

    @staticmethod
    def _counts(searcher: tantivy.Searcher, compiled: tantivy.Query) -> tuple[int, dict]:
        """(matching documents, facet counts) in one pass over the matches (every document has a
        ``published`` value, so its value count is the number of matches)."""
        aggregations = {**facet_aggregations(), TOTAL: {"value_count": {"field": "published"}}}
        answer = searcher.aggregate(compiled, aggregations)
        return int(answer[TOTAL]["value"] or 0), facet_counts(answer)

    def _with_filters(self, node: Node, filters: Filters) -> tantivy.Query:
        compiled = self._compile(node)
        clauses = self._filters(filters)
        if clauses:
            compiled = tantivy.Query.boolean_query(
                [(tantivy.Occur.Must, compiled)] + [(tantivy.Occur.Must, c) for c in clauses])
        return compiled

    def count(self) -> int:
        return self._current()[1].num_docs

    def health(self) -> dict:
        try:
            return {"status": "ok", "engine": self.name, "documents": self.count(),
                    "generation": os.readlink(self.current_link)}
        except Exception as error:  # health answers, never raises
            return {"status": "down", "engine": self.name, "error": f"{type(error).__name__}: {error}"[:200]}
