"""Object images: the ``object_images`` table and its :class:`ImageHoldings` (the image kind's catalogue
side, :mod:`assets.images.kind`).

Each row is one IIIF image (a view, a detail, a rubbing; one per page of a multi-page TIFF) with its
position on the record, captions per language, rights URI, upright pixel size, the archived source
(key ``images/sources/<sha256>.<ext>``) and the pyramid that serving reads
(``images/pyramids/<identifier>.tif``).
Adding is idempotent: a file already attached to the record (same SHA-256 and page) is skipped, which is what
makes ``museum image import`` resumable.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from assets.images.kind import IMAGE
from assets.media import Limits, sha256_of
from languages import LANGUAGES, pick
from museum.catalogue import audit, repository, rights
from museum.catalogue.db import Base
from museum.catalogue.holdings import Added, Holdings
from museum.catalogue.models import Record, utcnow
from museum.exceptions import NotFound

DEFAULT_RIGHTS = "http://rightsstatements.org/vocab/InC/1.0/"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class ObjectImage(Base):
    __tablename__ = "object_images"
    __table_args__ = (UniqueConstraint("record_id", "position", name="uq_object_images_record_position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    identifier: Mapped[str] = mapped_column(String(120), unique=True, index=True)
    caption: Mapped[dict] = mapped_column(JSON, default=dict)
    rights: Mapped[str] = mapped_column(String(300), default=DEFAULT_RIGHTS)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    source_path: Mapped[str] = mapped_column(String(500))  # relative to MEDIA_ROOT
    source_sha256: Mapped[str] = mapped_column(String(64), index=True)
    source_format: Mapped[str] = mapped_column(String(10))
    source_page: Mapped[int] = mapped_column(Integer, default=0)
    pyramid_path: Mapped[str] = mapped_column(String(500))  # relative to MEDIA_ROOT
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    record: Mapped[Record] = relationship()

    def caption_in(self, lang: str) -> str | None:
        return pick(self.caption, lang)[0]


audit.track(ObjectImage, "identifier")  # a change of rights (or caption) is in the audit log


def _statement_key(value: str | None, record_licence: str | None = None) -> str:
    """What ``object_images.rights`` stores: a key of :mod:`museum.catalogue.rights` (refusing others);
    without one, the record's licence when it names a statement, else In Copyright."""
    return rights.require(value).key if value else rights.for_item(None, record_licence).key


def set_rights(session: Session, identifier: str, value: str) -> ObjectImage:
    """Give the image ``identifier`` the rights statement ``value`` (a key, URI or name); audited."""
    image = session.scalar(select(ObjectImage).where(ObjectImage.identifier == identifier))
    if image is None:
        raise NotFound(f"no image '{identifier}'")
    image.rights = _statement_key(value)
    session.flush()
    return image


def make_identifier(accession_number: str, position: int) -> str:
    return f"{_UNSAFE.sub('_', accession_number)}-{position}"


class ImageHoldings(Holdings):
    """Images of records. Options of :meth:`add`: ``captions`` (text per language), ``rights`` (a URI),
    ``position`` (where the first page goes: ``2002.0031-3.tif`` → 3; otherwise after the record's last
    image) and ``progress`` (a function of the percentage done)."""

    kind = IMAGE

    def attach(self, session, target, path, storage, limits, is_sample, options) -> list[Added]:
        record = self.record(session, target)
        source = self.kind.check(path, limits)  # refused before anything is written
        digest = sha256_of(path)
        existing = {(image.source_sha256, image.source_page): image for image in self.of(session, record)}
        position = options.get("position")
        results = []
        for page in range(source.metadata["pages"]):
            if (digest, page) in existing:
                results.append(Added(existing[(digest, page)], created=False))
                continue
            slot = _free_position(session, record, position + page if position else None)
            identifier = make_identifier(record.accession_number, slot)
            ingested = self.kind.ingest(path, storage, identifier, limits, page=page,
                                        progress=options.get("progress"))  # decodes every pixel
            pyramid, archived = ingested.derivative("pyramid"), ingested.derivative("source")
            image = ObjectImage(record_id=record.id, position=slot, identifier=identifier,
                                caption=dict(options.get("captions") or {}),
                                rights=_statement_key(options.get("rights"), record.licence),
                                width=pyramid.metadata["width"], height=pyramid.metadata["height"],
                                source_path=archived.key, source_sha256=digest, source_format=source.format,
                                source_page=page, pyramid_path=pyramid.key, is_sample=is_sample)
            session.add(image)
            session.flush()
            results.append(Added(image))
        return results

    def record(self, session: Session, target: str) -> Record:
        record = repository.get_record(session, target, published_only=False)
        if record is None:
            raise NotFound(f"no record with accession number {target}")
        return record

    def of(self, session: Session, record: Record) -> list[ObjectImage]:
        return list(session.scalars(select(ObjectImage).where(ObjectImage.record_id == record.id)
                                    .order_by(ObjectImage.position)))

    def list(self, session, target) -> list[ObjectImage]:
        return self.of(session, self.record(session, target))

    def find(self, session, target, name) -> ObjectImage | None:
        image = self.by_identifier(session, name)
        return image if image is not None and image.record.accession_number == target else None

    def by_identifier(self, session: Session, identifier: str) -> ObjectImage | None:
        return session.scalar(select(ObjectImage).where(ObjectImage.identifier == identifier))

    def files(self, session, image: ObjectImage) -> list[str]:
        """The pyramid, and the archived source unless another row still uses it."""
        others = session.scalar(select(func.count()).select_from(ObjectImage).where(
            ObjectImage.source_sha256 == image.source_sha256, ObjectImage.id != image.id))
        return [image.pyramid_path] + ([] if others else [image.source_path])

    def describe(self, image: ObjectImage) -> str:
        return image.identifier

    def limits(self, config) -> Limits:
        """The kind's limits with the settings ``IMAGE_MAX_BYTES`` and ``IMAGE_MAX_PIXELS``."""
        return self.kind.limits.replace(max_bytes=config["IMAGE_MAX_BYTES"],
                                        max_pixels=config["IMAGE_MAX_PIXELS"])

    def form_options(self, form, files) -> dict:
        captions = {lang: form.get(f"caption_{lang}", "").strip()[:500] for lang in LANGUAGES}
        return {"captions": {lang: text for lang, text in captions.items() if text},
                "rights": form.get("rights") or None}


def _free_position(session: Session, record: Record, wanted: int | None) -> int:
    taken = set(session.scalars(select(ObjectImage.position).where(ObjectImage.record_id == record.id)))
    if wanted and wanted not in taken:
        return wanted
    return max(taken, default=0) + 1


IMAGES = ImageHoldings()
