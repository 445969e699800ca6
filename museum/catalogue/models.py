"""Catalogue tables: galleries and object records (fields of WW/T 0017-2013 plus web publishing).

Multilingual fields are JSON maps ``{"zh": ..., "en": ...}`` keyed by the codes in
:data:`languages.LANGUAGES`; :func:`languages.pick` applies the fallback chain.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from languages import pick
from museum.catalogue.db import Base


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Gallery(Base):
    __tablename__ = "galleries"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True, index=True)
    name: Mapped[dict] = mapped_column(JSON, default=dict)
    description: Mapped[dict] = mapped_column(JSON, default=dict)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    records: Mapped[list[Record]] = relationship(back_populates="gallery")

    def label(self, lang: str) -> str:
        return pick(self.name, lang)[0] or self.slug


class Record(Base):
    """One catalogue record (件/套) identified by its accession number (总登记号)."""

    __tablename__ = "records"
    __table_args__ = (
        # the public listings: published records in accession order, by gallery, by category/period
        Index("ix_records_published_accession", "published", "accession_number"),
        Index("ix_records_published_gallery", "published", "gallery_id", "accession_number"),
        Index("ix_records_published_category_period", "published", "category", "period", "accession_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    accession_number: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    title: Mapped[dict] = mapped_column(JSON, default=dict)
    description: Mapped[dict] = mapped_column(JSON, default=dict)
    category: Mapped[str | None] = mapped_column(String(40), index=True)
    period: Mapped[str | None] = mapped_column(String(40), index=True)
    start_year: Mapped[int | None] = mapped_column(Integer, index=True)
    end_year: Mapped[int | None] = mapped_column(Integer, index=True)
    material: Mapped[str | None] = mapped_column(String(200))
    quantity: Mapped[int | None] = mapped_column(Integer)
    height_cm: Mapped[float | None] = mapped_column(Float)
    width_cm: Mapped[float | None] = mapped_column(Float)
    depth_cm: Mapped[float | None] = mapped_column(Float)
    diameter_cm: Mapped[float | None] = mapped_column(Float)
    dimensions_text: Mapped[str | None] = mapped_column(String(300))  # 尺寸 as registered, verbatim
    weight_g: Mapped[float | None] = mapped_column(Float)
    find_site: Mapped[str | None] = mapped_column(String(300))
    acquisition_method: Mapped[str | None] = mapped_column(String(100))
    acquisition_date: Mapped[str | None] = mapped_column(String(10))  # YYYY, YYYY-MM or YYYY-MM-DD
    grade: Mapped[str | None] = mapped_column(String(10))
    completeness: Mapped[str | None] = mapped_column(String(100))
    conservation_state: Mapped[str | None] = mapped_column(String(100))
    gallery_id: Mapped[int | None] = mapped_column(ForeignKey("galleries.id"), index=True)
    rights: Mapped[str | None] = mapped_column(Text)
    licence: Mapped[str | None] = mapped_column(String(200))
    published: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    gallery: Mapped[Gallery | None] = relationship(back_populates="records")

    def label(self, lang: str) -> str:
        return pick(self.title, lang)[0] or self.accession_number


class SearchOutbox(Base):
    """Changes waiting to reach the search index, written in the same transaction as the change."""

    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    accession_number: Mapped[str] = mapped_column(String(64), index=True)
    operation: Mapped[str] = mapped_column(String(10))  # "upsert" | "delete"
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
