"""The app's search engines, chosen by ``SEARCH_BACKEND`` (``MUSEUM_SEARCH_BACKEND=tantivy|elasticsearch``).

The embedded tantivy index always exists (in ``SEARCH_INDEX_DIR``) and is kept current by the
indexer. With Elasticsearch configured, searches go there first; when it cannot be reached the
service answers from the embedded index with ``degraded = True`` and a log line, and skips
Elasticsearch for :data:`RETRY_SECONDS` before trying it again.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import select

from search.base import SearchBackend
from search.exceptions import BackendUnavailable
from search.query import SearchRequest, SearchResult, Suggestion
from search.tantivy_backend import TantivyBackend

log = logging.getLogger(__name__)

BACKENDS = ("tantivy", "elasticsearch")
RETRY_SECONDS = 5.0
INDEXING_CHECK_SECONDS = 0.1
EXTENSION_KEY = "museum_search"


class SearchService:
    def __init__(self, config: dict, database=None):
        choice = config["SEARCH_BACKEND"]
        if choice not in BACKENDS:
            raise ValueError(f"SEARCH_BACKEND must be one of {', '.join(BACKENDS)}, not {choice!r}")
        self.directory = Path(config["SEARCH_INDEX_DIR"])
        self.embedded = TantivyBackend(self.directory / "tantivy")
        self.remote: SearchBackend | None = None
        if choice == "elasticsearch":
            url = config["ELASTICSEARCH_URL"]
            if not url:
                raise ValueError("SEARCH_BACKEND is elasticsearch but ELASTICSEARCH_URL is not set")
            from search.elasticsearch_backend import ElasticsearchBackend

            self.remote = ElasticsearchBackend(url, prefix=config["ELASTICSEARCH_INDEX_PREFIX"],
                                               timeout=config["ELASTICSEARCH_TIMEOUT"])
        self._down_until = 0.0
        self._last_error: str | None = None
        self.database = database
        self._indexing_checked = (-1.0, -1, False)  # (monotonic time, indexing.changes_seen, answer)

    def indexing(self) -> bool:
        """True while outbox rows wait for the indexer. Read again after this process wrote or applied
        outbox rows, else at most every INDEXING_CHECK_SECONDS (other processes' writes)."""
        if self.database is None:
            return False
        from museum.catalogue import indexing
        from museum.catalogue.models import SearchOutbox

        checked, seen, answer = self._indexing_checked
        now = time.monotonic()
        if now - checked >= INDEXING_CHECK_SECONDS or seen != indexing.changes_seen[0]:
            seen = indexing.changes_seen[0]
            with self.database.transaction() as session:
                answer = session.scalar(select(SearchOutbox.id).limit(1)) is not None
            self._indexing_checked = (now, seen, answer)
        return answer

    @property
    def backends(self) -> list[SearchBackend]:
        """Every engine the indexer writes to (the remote one first)."""
        return [b for b in (self.remote, self.embedded) if b is not None]

    @property
    def lock_path(self) -> Path:
        return self.directory / "indexer.lock"

    def _remote_usable(self) -> bool:
        return self.remote is not None and time.monotonic() >= self._down_until

    def _remote_failed(self, error: Exception) -> None:
        self._down_until = time.monotonic() + RETRY_SECONDS
        self._last_error = str(error)[:300]
        log.warning("search: Elasticsearch unavailable, answering from the embedded index (%s)", error)

    def search(self, request: SearchRequest) -> SearchResult:
        if self._remote_usable():
            try:
                result = self.remote.search(request)
                result.indexing = self.indexing()
                return result
            except BackendUnavailable as error:
                self._remote_failed(error)
                request = SearchRequest(**{**request.__dict__, "cursor": None}) if request.cursor else request
        result = self.embedded.search(request)
        result.degraded = self.remote is not None
        result.indexing = self.indexing()
        return result

    def suggest(self, q: str, lang: str, limit: int = 10,
                published_only: bool = True) -> tuple[list[Suggestion], bool]:
        if self._remote_usable():
            try:
                return self.remote.suggest(q, lang, limit, published_only), False
            except BackendUnavailable as error:
                self._remote_failed(error)
        return self.embedded.suggest(q, lang, limit, published_only), self.remote is not None

    def health(self) -> dict:
        embedded = self.embedded.health()
        if self.remote is None:
            return {**embedded, "backend": "tantivy"}
        remote = self.remote.health()
        status = "ok" if remote["status"] == "ok" else ("degraded" if embedded["status"] == "ok" else "down")
        if remote["status"] == "ok":
            self._down_until = 0.0
        return {"status": status, "backend": "elasticsearch", "degraded": status != "ok",
                "elasticsearch": remote, "embedded": embedded}

    def close(self) -> None:
        for backend in self.backends:
            backend.close()


_creation_lock = threading.RLock()  # re-entrant: ensure_indexer → processor → get_service


def get_service(app: Flask | None = None) -> SearchService:
    app = app or current_app._get_current_object()
    service = app.extensions.get(EXTENSION_KEY)
    if service is None:
        with _creation_lock:
            service = app.extensions.get(EXTENSION_KEY)
            if service is None:
                service = SearchService(app.config, app.extensions["museum_db"])
                app.extensions[EXTENSION_KEY] = service
    return service


def search_health(app: Flask | None = None) -> dict:
    """For ``/healthz``: {"status": "ok"|"degraded"|"down", ...}; never raises."""
    try:
        return get_service(app).health()
    except Exception as error:
        return {"status": "down", "error": f"{type(error).__name__}: {error}"[:300]}


def processor(app: Flask | None = None):
    from museum.catalogue.indexing import OutboxProcessor
    app = app or current_app._get_current_object()
    service = get_service(app)
    # the app's own Database, not the context-bound proxy: the indexer thread has no app context
    return OutboxProcessor(app.extensions["museum_db"], service.backends, service.lock_path)


def ensure_indexer(app: Flask) -> None:
    """Start this process's background indexer once (web workers with ``SEARCH_INDEXER_THREAD``; the CLI
    applies the outbox after each command)."""
    if not app.config["SEARCH_INDEXER_THREAD"]:
        return
    if app.extensions.get("museum_search_indexer") is not None:
        return
    with _creation_lock:
        if app.extensions.get("museum_search_indexer") is None:
            from museum.catalogue.indexing import IndexerThread

            thread = IndexerThread(processor(app))
            app.extensions["museum_search_indexer"] = thread
            thread.start()


def stop_indexer(app: Flask) -> None:
    thread = app.extensions.pop("museum_search_indexer", None)
    if thread is not None:
        thread.stop()
