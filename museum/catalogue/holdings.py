"""The catalogue side of a media kind: :class:`Holdings`, the rows that say which record (or gallery) holds
which items of the kind, with the same four operations for every kind — add, list, find, remove.

Images, 3D models and audio tracks have tables of their own (:mod:`museum.catalogue.images`, ``models3d``,
``audio``, each with a ``Holdings`` subclass). Every other kind is held here, in the ``media_items`` table, by
:class:`ItemHoldings`: a new kind needs no catalogue code.

Files and rows move together. An add that fails deletes what it stored, and so does a transaction rolled back
after it (a later error in the caller, a failed commit); a removal deletes the item's files only once the
transaction has committed, so a rolled-back removal keeps them.
"""

from __future__ import annotations

import logging
import re
import uuid
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, String, event, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from assets.media import Limits, MediaKind, sha256_of
from assets.storage import MediaStorage, Writes
from museum.catalogue.db import Base
from museum.catalogue.models import Gallery, Record, utcnow
from museum.exceptions import NotFound

log = logging.getLogger(__name__)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_PENDING = "museum_media_pending"


class Notice(str):
    """A warning's English text (the CLI's) with a ``code`` and ``params`` naming it for the workspace, which
    says it in the curator's language (:mod:`museum.curator.problems`)."""

    code: str
    params: dict

    def __new__(cls, text: str, code: str, **params):
        notice = super().__new__(cls, text)
        notice.code, notice.params = code, params
        return notice


@dataclass
class Added:
    """One item an add produced: the row, whether it is new (False: the same file was there already, nothing
    was stored) and the kind's warnings."""

    item: object
    created: bool = True
    warnings: list[str] = field(default_factory=list)


class Holdings(ABC):
    """What the catalogue holds of one kind. Subclasses implement :meth:`attach`, :meth:`list`, :meth:`find`,
    :meth:`files` and :meth:`describe`; :meth:`add` and :meth:`remove` keep files and rows together."""

    kind: MediaKind

    def add(self, session: Session, target: str, path: Path, storage: MediaStorage, *,
            limits: Limits | None = None, is_sample: bool = False, **options) -> list[Added]:
        """Check ``path``, store its derivatives and add its rows to ``target`` (an accession number, or a
        gallery slug for kinds that galleries hold); the caller commits. ``options`` are the kind's."""
        writes = Writes(storage)
        try:
            added = self.attach(session, target, Path(path), writes, limits or self.kind.limits, is_sample,
                                options)
            session.flush()
        except BaseException:
            writes.undo()
            raise
        _pending(session)["undo"].append(writes)
        return added

    def remove(self, session: Session, item, storage: MediaStorage) -> list[str]:
        """Delete the item's rows; its files that no other item uses go once the transaction commits.
        Returns their keys."""
        keys = self.files(session, item)
        session.delete(item)
        _pending(session)["delete"].append((self.kind, storage, keys))
        return keys

    @abstractmethod
    def attach(self, session: Session, target: str, path: Path, storage: MediaStorage, limits: Limits,
               is_sample: bool, options: dict) -> list[Added]:
        ...

    @abstractmethod
    def list(self, session: Session, target: str) -> list:
        """The items of ``target``, in their order."""
        ...

    @abstractmethod
    def find(self, session: Session, target: str, name: str):
        """The item of ``target`` that ``name`` names (its identifier or number, as URLs have it), or None."""
        ...

    @abstractmethod
    def files(self, session: Session, item) -> list[str]:
        """The keys of the item's files that no other item uses."""
        ...

    @abstractmethod
    def describe(self, item) -> str:
        """The item in a few words, for messages."""
        ...

    def limits(self, config) -> Limits:
        """The kind's limits with the configuration's overrides."""
        return self.kind.limits

    def form_options(self, form, files: dict[str, Path]) -> dict:
        """The kind's options from the curator's form (its text fields and its other uploaded files)."""
        return {}

    def check_options(self, options: dict) -> None:  # noqa: B027 - most kinds take any options
        """Refuse options :meth:`attach` would refuse, before any work (a queued upload is checked in the
        request, so the curator hears of a wrong choice at once, not from a failed job)."""

    def attached(self, session: Session, target: str, sha256: str, options: dict):
        """The item of ``target`` made from the source file with this SHA-256 (with these options, where they
        tell items apart), or None: what :meth:`attach` would keep instead of adding; how a job run again
        after a lost worker finds what its first run added."""
        return next((item for item in self.list(session, target)
                     if getattr(item, "source_sha256", None) == sha256), None)


def _pending(session: Session) -> dict:
    """What waits for the session's transaction to end: stores to undo, files to delete."""
    pending = session.info.get(_PENDING)
    if pending is None:
        pending = session.info[_PENDING] = {"undo": [], "delete": []}
        event.listen(session, "after_commit", _committed)
        event.listen(session, "after_soft_rollback", _rolled_back)
    return pending


def _committed(session: Session) -> None:
    pending = session.info[_PENDING]
    deletions, pending["delete"], pending["undo"] = pending["delete"], [], []
    for kind, storage, keys in deletions:
        try:
            kind.remove(storage, keys)
        except OSError as error:  # the rows are gone: a file left over is harmless, and logged
            log.warning("%s: could not delete %s: %s", kind.name, ", ".join(keys), error)


def _rolled_back(session: Session, previous_transaction) -> None:
    if previous_transaction.nested:
        return
    pending = session.info[_PENDING]
    undos, pending["undo"], pending["delete"] = pending["undo"], [], []
    for writes in reversed(undos):
        writes.undo()


def record_or_gallery(session: Session, target: str) -> tuple[Record | None, Gallery | None]:
    """An accession number or a gallery slug."""
    record = session.scalar(select(Record).where(Record.accession_number == target))
    if record is not None:
        return record, None
    gallery = session.scalar(select(Gallery).where(Gallery.slug == target))
    if gallery is not None:
        return None, gallery
    raise NotFound(f"no record with accession number and no gallery with slug {target!r}")


class MediaItem(Base):
    """One item of a kind without a table of its own; ``manifest`` is what its ingest answered."""

    __tablename__ = "media_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    record_id: Mapped[int | None] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), index=True)
    gallery_id: Mapped[int | None] = mapped_column(ForeignKey("galleries.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)  # the item's name in its storage keys
    source_name: Mapped[str] = mapped_column(String(300))
    source_format: Mapped[str] = mapped_column(String(40))
    source_sha256: Mapped[str] = mapped_column(String(64), index=True)
    manifest: Mapped[dict] = mapped_column(JSON, default=dict)
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    record: Mapped[Record | None] = relationship()
    gallery: Mapped[Gallery | None] = relationship()

    @property
    def keys(self) -> list[str]:
        return [d["key"] for d in self.manifest.get("derivatives", [])]


class ItemHoldings(Holdings):
    """Any kind, held in ``media_items``; items are named ``<target>-<random>``, numbered by their row."""

    def __init__(self, kind: MediaKind):
        self.kind = kind

    def attach(self, session, target, path, storage, limits, is_sample, options) -> list[Added]:
        record, gallery = record_or_gallery(session, target)
        self.kind.check(path, limits)
        digest = sha256_of(path)
        for item in self.list(session, target):
            if item.source_sha256 == digest:
                return [Added(item, created=False)]
        name = f"{_UNSAFE.sub('_', target)}-{uuid.uuid4().hex[:8]}"
        ingested = self.kind.ingest(path, storage, name, limits, **options)
        item = MediaItem(kind=self.kind.name, record=record, gallery=gallery, name=name,
                         source_name=path.name[:300], source_format=ingested.source.format[:40],
                         source_sha256=ingested.sha256, manifest=ingested.as_dict(), is_sample=is_sample)
        session.add(item)
        return [Added(item, True, ingested.warnings)]

    def list(self, session, target) -> list[MediaItem]:
        record, gallery = record_or_gallery(session, target)
        column, value = (MediaItem.record_id, record.id) if record else (MediaItem.gallery_id, gallery.id)
        return list(session.scalars(select(MediaItem).where(MediaItem.kind == self.kind.name, column == value)
                                    .order_by(MediaItem.id)))

    def find(self, session, target, name) -> MediaItem | None:
        return next((item for item in self.list(session, target) if str(item.id) == name), None)

    def files(self, session, item: MediaItem) -> list[str]:
        others = session.scalars(select(MediaItem).where(MediaItem.kind == item.kind,
                                                         MediaItem.id != item.id))
        shared = {key for other in others for key in other.keys}
        return [key for key in item.keys if key not in shared]

    def describe(self, item: MediaItem) -> str:
        return f"#{item.id} {item.source_name}"
