"""Object images: the ``object_images`` table and attaching image files to records.

Each row is one IIIF image (a view, a detail, a rubbing; one per page of a multi-page TIFF) with its
position on the record, captions per language, rights URI, upright pixel size, the archived source
(``<media>/images/sources/<sha256>.<ext>``) and the pyramid that serving reads
(``<media>/images/pyramids/<identifier>.tif``). Attaching is idempotent: a file already attached to the
record (same SHA-256 and page) is skipped, which is what makes ``museum image import`` resumable.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from assets.images.ingest import IngestLimits, build_pyramid, inspect, sha256_of
from assets.images.sniff import ACCEPTED
from languages import pick
from museum.catalogue.db import Base
from museum.catalogue.models import Record, utcnow

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


@dataclass
class Attached:
    image: ObjectImage
    created: bool  # False when the file was already attached (skipped)


def ingest_limits(config) -> IngestLimits:
    """Limits from configuration (``IMAGE_MAX_BYTES``, ``IMAGE_MAX_PIXELS``; ``MUSEUM_*`` variables)."""
    defaults = IngestLimits()
    return IngestLimits(max_bytes=int(config.get("IMAGE_MAX_BYTES") or defaults.max_bytes),
                        max_pixels=int(config.get("IMAGE_MAX_PIXELS") or defaults.max_pixels))


def images_of(session: Session, record: Record) -> list[ObjectImage]:
    return list(session.scalars(select(ObjectImage).where(ObjectImage.record_id == record.id)
                                .order_by(ObjectImage.position)))


def image_by_identifier(session: Session, identifier: str) -> ObjectImage | None:
    return session.scalar(select(ObjectImage).where(ObjectImage.identifier == identifier))


def make_identifier(accession_number: str, position: int) -> str:
    return f"{_UNSAFE.sub('_', accession_number)}-{position}"


def attach_file(session: Session, record: Record, path: str | Path, media_root: str | Path, *,
                limits: IngestLimits = IngestLimits(), captions: dict | None = None,
                rights: str | None = None, position: int | None = None, is_sample: bool = False,
                progress: Callable[[int], None] | None = None) -> list[Attached]:
    """Check ``path``, build its pyramids and add one row per page; the caller commits.

    ``position`` fixes where the first page goes (``2002.0031-3.tif`` → 3); otherwise pages are added
    after the record's last image. Raises :class:`assets.images.exceptions.ImageRejected` for bad files,
    before anything is written.
    """
    info = inspect(path, limits)
    media_root = Path(media_root)
    digest = sha256_of(path)
    existing = {(image.source_sha256, image.source_page): image for image in images_of(session, record)}
    source_rel = f"images/sources/{digest}.{ACCEPTED[info.format][1]}"
    results, written = [], []
    try:
        for page in range(info.pages):
            if (digest, page) in existing:
                results.append(Attached(existing[(digest, page)], created=False))
                continue
            slot = _free_position(session, record, position + page if position else None)
            identifier = make_identifier(record.accession_number, slot)
            pyramid_rel = f"images/pyramids/{identifier}.tif"
            derivative = build_pyramid(info, media_root / pyramid_rel, page, progress)  # decodes every pixel
            written.append(media_root / pyramid_rel)
            if not (media_root / source_rel).exists():
                (media_root / source_rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, media_root / f"{source_rel}.part")
                (media_root / f"{source_rel}.part").replace(media_root / source_rel)
                written.append(media_root / source_rel)
            image = ObjectImage(record_id=record.id, position=slot, identifier=identifier,
                                caption=dict(captions or {}), rights=rights or DEFAULT_RIGHTS,
                                width=derivative.width, height=derivative.height, source_path=source_rel,
                                source_sha256=digest, source_format=info.format, source_page=page,
                                pyramid_path=pyramid_rel, is_sample=is_sample)
            session.add(image)
            session.flush()
            results.append(Attached(image, created=True))
    except BaseException:
        for leftover in written:  # a page failed (truncated, corrupt): keep nothing of this file
            leftover.unlink(missing_ok=True)
        raise
    return results


def remove_image(session: Session, image: ObjectImage) -> list[str]:
    """Delete the row; returns the files (relative to MEDIA_ROOT) to delete once committed: the pyramid,
    and the archived source unless another row still uses it."""
    others = session.scalar(select(func.count()).select_from(ObjectImage)
                            .where(ObjectImage.source_sha256 == image.source_sha256, ObjectImage.id != image.id))
    files = [image.pyramid_path] + ([] if others else [image.source_path])
    session.delete(image)
    return files


def _free_position(session: Session, record: Record, wanted: int | None) -> int:
    taken = set(session.scalars(select(ObjectImage.position).where(ObjectImage.record_id == record.id)))
    if wanted and wanted not in taken:
        return wanted
    return max(taken, default=0) + 1
