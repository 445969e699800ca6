"""Records → search documents, the search outbox, and the single indexer that applies it.

Every flush that inserts, changes or deletes a :class:`Record` (or renames a gallery) in a database this
module is attached to (:func:`attach`; ``create_app`` attaches the app's) adds :class:`SearchOutbox` rows in
the same transaction, so no change can reach the database without
reaching the index later. One :class:`OutboxProcessor` at a time (a file lock in the instance) applies
the rows to the engines and deletes them only after the engines accepted them: after a crash the rows
are simply replayed. Web workers run it in a background thread (:func:`ensure_indexer`); the
CLI runs it with ``museum index --process-outbox``.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import delete, func, insert, inspect, select, text
from sqlalchemy.orm import Session, selectinload

from museum.catalogue import vocabulary
from museum.catalogue.models import Gallery, Record, SearchOutbox
from museum.catalogue.models3d import ObjectModel, records_with_3d

log = logging.getLogger(__name__)

BATCH = 500
POLL_SECONDS = 0.2
RETRY_SECONDS = 5.0


def _owner_of_model(session: Session, obj) -> str | None:
    """The accession number of the record a 3D model belongs to (its has_3d flag may change)."""
    if not isinstance(obj, ObjectModel):
        return None
    record = getattr(obj, "record", None)
    if record is None and obj.record_id is not None:
        with session.no_autoflush:
            record = session.get(Record, obj.record_id)
    return record.accession_number if record is not None else None


# --- documents ---------------------------------------------------------------------------------
def _names(kind: str, key: str | None) -> dict[str, list[str]]:
    term = vocabulary.by_key(kind, key)
    if term is None:
        return {}
    names = {lang: [name] for lang, name in term.names.items() if name}
    for alias in term.aliases:
        names.setdefault("en" if alias.isascii() else "zh", []).append(alias)
    return names


def record_document(record: Record, with_3d: bool = False, gallery: Gallery | None = None) -> dict:
    """The framework-free search document of a record (see :mod:`search.documents`). ``gallery`` saves
    loading ``record.gallery`` when the caller already holds every gallery (rebuilds)."""
    gallery = gallery if gallery is not None else record.gallery
    gallery_names = tuple(sorted((gallery.name or {}).items())) if gallery is not None else ()
    keywords = _keywords(record.category, record.period, gallery_names, record.material, record.find_site,
                         record.acquisition_method)
    return {
        "accession_number": record.accession_number,
        "title": dict(record.title or {}), "description": dict(record.description or {}),
        "keywords": keywords,
        "category": record.category, "period": record.period,
        "gallery": gallery.slug if gallery is not None else None,
        "start_year": record.start_year, "end_year": record.end_year,
        "published": bool(record.published), "has_3d": with_3d,
    }


def _keywords(category, period, gallery_names: tuple, material, find_site, acquisition) -> dict:
    """Every language's vocabulary names of a record's keys."""
    keywords: dict[str, list[str]] = {}
    sources = [_vocabulary_names("category", category), _vocabulary_names("period", period),
               {lang: [name] for lang, name in gallery_names if name}]
    for kind, value in (("material", material), ("place", find_site), ("acquisition", acquisition)):
        sources.append(_vocabulary_names(kind, value))  # every language's name: "bronze" finds 青铜
    for names in sources:
        for lang, values in names.items():
            keywords.setdefault(lang, []).extend(values)
    return keywords


@lru_cache(maxsize=20_000)
def _vocabulary_names(kind: str, value: str | None) -> dict[str, tuple[str, ...]]:
    """The names of one key, looked up once (keys repeat across records: a rebuild of a million records
    spent a third of its feeding time looking them up again)."""
    names = _names(kind, value) if kind in ("category", "period") else vocabulary.names_of(kind, value)
    return {lang: tuple(values) for lang, values in names.items()}


def documents_for(session: Session, accession_numbers: list[str]) -> list[dict]:
    records = session.scalars(select(Record).options(selectinload(Record.gallery))
                              .where(Record.accession_number.in_(accession_numbers))).all()
    with_3d = records_with_3d(session, [r.accession_number for r in records])
    return [record_document(r, r.accession_number in with_3d) for r in records]


def all_documents(session: Session, chunk: int = 2000) -> Iterable[dict]:
    """Every record's document, read in chunks of ``chunk`` (for rebuilds; galleries are read once)."""
    galleries = {gallery.id: gallery for gallery in session.scalars(select(Gallery))}
    last_id = 0
    while True:
        records = session.scalars(select(Record).where(Record.id > last_id).order_by(Record.id)
                                  .limit(chunk)).all()
        if not records:
            return
        with_3d = records_with_3d(session, [r.accession_number for r in records])
        for record in records:
            yield record_document(record, record.accession_number in with_3d,
                                  galleries.get(record.gallery_id))
        last_id = records[-1].id
        for record in records:
            session.expunge(record)


# --- the outbox --------------------------------------------------------------------------------
wake = threading.Event()  # set after a commit that wrote outbox rows: the indexer need not wait
# bumped when this process writes or applies outbox rows (cached "indexing" flags re-check)
changes_seen = [0]


def queue_reindex(session: Session, accession_numbers: Iterable[str], operation: str = "upsert") -> None:
    """Ask for records to be re-indexed (e.g. when their 3D model or other related data changed)."""
    if operation not in ("upsert", "delete"):
        raise ValueError(f"outbox operation must be 'upsert' or 'delete', not {operation!r}")
    rows = [{"accession_number": number, "operation": operation}
            for number in dict.fromkeys(accession_numbers)]
    if rows:
        session.execute(insert(SearchOutbox), rows)
        session.info["search_outbox_written"] = True


def attach(database) -> None:
    """Write the outbox for every change ``database``'s sessions make, and wake this process's indexer
    after each commit that wrote some."""
    database.listen("before_flush", _record_changes)
    database.listen("after_commit", _wake_indexer)
    database.listen("after_rollback", _forget)


def _record_changes(session: Session, _context, _instances) -> None:
    changes: dict[str, str] = {}
    for obj in session.new:
        if isinstance(obj, Record) and obj.accession_number:
            changes[obj.accession_number] = "upsert"
    for obj in session.dirty:
        if isinstance(obj, Record) and session.is_modified(obj):
            history = inspect(obj).attrs.accession_number.history  # renamed: the old number goes
            for old in history.deleted or ():
                if old and old != obj.accession_number:
                    changes.setdefault(old, "delete")
            changes[obj.accession_number] = "upsert"
        elif isinstance(obj, Gallery) and session.is_modified(obj) and obj.id is not None:
            with session.no_autoflush:
                numbers = session.scalars(select(Record.accession_number).where(Record.gallery_id == obj.id))
                for number in numbers:
                    changes.setdefault(number, "upsert")
    for obj in session.deleted:
        if isinstance(obj, Record):
            changes[obj.accession_number] = "delete"
    for obj in list(session.new) + list(session.deleted):
        owner = _owner_of_model(session, obj)
        if owner:
            changes.setdefault(owner, "upsert")
    if changes:
        for number, operation in changes.items():
            session.add(SearchOutbox(accession_number=number, operation=operation))
        session.info["search_outbox_written"] = True


def _wake_indexer(session: Session) -> None:
    if session.info.pop("search_outbox_written", False):
        changes_seen[0] += 1
        wake.set()


def _forget(session: Session) -> None:
    session.info.pop("search_outbox_written", None)


INDEXER_LOCK_KEY = 0x6D757365756D  # PostgreSQL advisory lock number of the search indexer ("museum")


@contextmanager
def indexer_lock(path: Path, blocking: bool = True, database=None):
    """The lock of the single index writer; yields False if not blocking and busy. On PostgreSQL (``database``
    given) it is the database's advisory lock, so app servers on several machines sharing the database (and
    Elasticsearch) apply the outbox one at a time: each change exactly once, whichever node wrote it. A node
    that dies releases it with its connection. Otherwise the instance folder's file lock."""
    if database is not None and database.engine.dialect.name == "postgresql":
        with _advisory_lock(database, blocking) as acquired:
            yield acquired
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)


@contextmanager
def _advisory_lock(database, blocking: bool):
    key = {"key": INDEXER_LOCK_KEY}
    with database.engine.connect() as connection:
        connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        if blocking:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), key)
        elif not connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), key):
            yield False
            return
        try:
            yield True
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), key)


class OutboxProcessor:
    """Applies outbox rows to every engine (``backends``), oldest first, then deletes them."""

    def __init__(self, database, backends: list, lock_path: Path):
        self.database = database
        self.backends = backends
        self.lock_path = Path(lock_path)

    def pending(self) -> int:
        with self.database.transaction() as session:
            return session.scalar(select(func.count(SearchOutbox.id))) or 0

    def process_batch(self, session: Session, batch: int = BATCH) -> int:
        rows = session.execute(select(SearchOutbox.id, SearchOutbox.accession_number, SearchOutbox.operation)
                               .order_by(SearchOutbox.id).limit(batch)).all()
        if not rows:
            return 0
        last: dict[str, str] = {}
        for _id, number, operation in rows:
            last[number] = operation
        wanted = [n for n, op in last.items() if op == "upsert"]
        docs = documents_for(session, wanted) if wanted else []
        found = {d["accession_number"] for d in docs}
        deletes = [n for n, op in last.items() if op == "delete" or n not in found]
        for backend in self.backends:
            backend.apply(docs, deletes)
        session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_([r[0] for r in rows])))
        session.commit()
        changes_seen[0] += 1
        return len(rows)

    def process(self, blocking: bool = True, batch: int = BATCH) -> int | None:
        """Apply everything pending; None if another process holds the writer lock (not blocking)."""
        with indexer_lock(self.lock_path, blocking, self.database) as acquired:
            if not acquired:
                return None
            total = 0
            with self.database.transaction() as session:
                while done := self.process_batch(session, batch):
                    total += done
            return total

    def rebuild(self, progress: Callable[[int], None] | None = None) -> int:
        """Rebuild every engine from the database and swap; outbox rows the rebuild covers are dropped."""
        with indexer_lock(self.lock_path, blocking=True, database=self.database):
            with self.database.transaction() as session:
                high_water = session.scalar(select(func.max(SearchOutbox.id))) or 0
            count = 0
            for backend in self.backends:
                with self.database.transaction() as session:
                    count = backend.rebuild(_counting(all_documents(session), progress))
            with self.database.transaction() as session:
                session.execute(delete(SearchOutbox).where(SearchOutbox.id <= high_water))
            return count


def _counting(docs: Iterable[dict], progress: Callable[[int], None] | None) -> Iterable[dict]:
    for number, doc in enumerate(docs, 1):
        if progress and number % 1000 == 0:
            progress(number)
        yield doc


class IndexerThread(threading.Thread):
    """Applies the outbox in the background; whichever web worker gets the lock does the work."""

    def __init__(self, processor: OutboxProcessor):
        super().__init__(name="search-indexer", daemon=True)
        self.processor = processor
        self.stopping = threading.Event()
        self.rounds = 0  # completed passes over the outbox
        self._round_done = threading.Condition()

    def run(self) -> None:
        delay = POLL_SECONDS
        while not self.stopping.is_set():
            wake.clear()  # a commit after this point wakes the next round
            try:
                self.processor.process(blocking=False)
                delay = POLL_SECONDS
            except Exception:  # an engine is down: keep the rows and retry later
                log.exception("search indexer: applying the outbox failed; retrying in %.0f s", RETRY_SECONDS)
                delay = RETRY_SECONDS
            with self._round_done:
                self.rounds += 1
                self._round_done.notify_all()
            wake.wait(delay)

    def wait_until_applied(self, timeout: float) -> bool:
        """Block until a round that started after this call has left the outbox empty (True), or timeout."""
        deadline = time.monotonic() + timeout
        while True:
            with self._round_done:
                start = self.rounds
                wake.set()
                if not self._round_done.wait_for(lambda start=start: self.rounds > start + 1,
                                                 deadline - time.monotonic()):
                    return False
            if self.processor.pending() == 0:
                return True

    def stop(self, timeout: float = 5.0) -> None:
        self.stopping.set()
        wake.set()
        self.join(timeout)
