"""Queries over the catalogue, shared by pages, the API and the CLI."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from museum.catalogue.models import Gallery, Record


@dataclass
class Page:
    items: list
    total: int
    page: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


def get_record(session: Session, accession_number: str, *, published_only: bool = True) -> Record | None:
    query = (select(Record).options(joinedload(Record.gallery))
             .where(Record.accession_number == accession_number))
    if published_only:
        query = query.where(Record.published.is_(True))
    return session.scalar(query)


def get_gallery(session: Session, slug: str) -> Gallery | None:
    return session.scalar(select(Gallery).where(Gallery.slug == slug))


def list_galleries(session: Session) -> list[Gallery]:
    return list(session.scalars(select(Gallery).order_by(Gallery.position, Gallery.slug)))


def gallery_counts(session: Session, *, published_only: bool = True) -> dict[int, int]:
    query = select(Record.gallery_id, func.count()).group_by(Record.gallery_id)
    if published_only:
        query = query.where(Record.published.is_(True))
    return {gid: n for gid, n in session.execute(query)}


def list_records(session: Session, *, page: int = 1, size: int = 20, category: str | None = None,
                 period: str | None = None, gallery: Gallery | None = None,
                 published_only: bool = True) -> Page:
    query = select(Record)
    if published_only:
        query = query.where(Record.published.is_(True))
    if category:
        query = query.where(Record.category == category)
    if period:
        query = query.where(Record.period == period)
    if gallery is not None:
        query = query.where(Record.gallery_id == gallery.id)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    items = session.scalars(
        query.options(joinedload(Record.gallery))
        .order_by(Record.accession_number).offset((page - 1) * size).limit(size)
    ).all()
    return Page(list(items), total or 0, page, size)
