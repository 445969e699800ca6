"""What the browsing pages show (home, gallery pages, search results): image cards for a page of records and
the home page's selections, each in a fixed number of queries whatever the number of cards (never one query
per card). Shared by the public and kiosk blueprints, so it lives in the shell.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import Integer, exists, func, select
from sqlalchemy.orm import joinedload

from museum.catalogue.audio import AudioTrack
from museum.catalogue.images import ObjectImage
from museum.catalogue.models import Gallery, Record
from museum.catalogue.models3d import IN_CHUNK, ObjectModel
from museum.extensions import db
from museum.object_images import card_image

HOME_ROW = 8  # cards in each row of the home page ("objects with 3D", "recently published")
WIDE = 1.6  # a featured image at least this much wider than high is shown in a 2:1 box, not a 4:3 one


@dataclass
class Card:
    """One record as a card: its first image (``card_image`` values, or None: a placeholder is drawn) and
    what badges it carries."""

    record: Record
    image: dict | None
    has_3d: bool
    has_audio: bool


def _chunks(values: list, size: int = IN_CHUNK):
    for start in range(0, len(values), size):
        yield values[start:start + size]


def first_images(record_ids: Iterable[int]) -> dict[int, ObjectImage]:
    """The first image (lowest position) of each record that has one: one query per IN_CHUNK records."""
    ids = list(dict.fromkeys(record_ids))
    found: dict[int, ObjectImage] = {}
    for chunk in _chunks(ids):
        first = (select(ObjectImage.record_id, func.min(ObjectImage.position).label("position"))
                 .where(ObjectImage.record_id.in_(chunk)).group_by(ObjectImage.record_id).subquery())
        on = (ObjectImage.record_id == first.c.record_id) & (ObjectImage.position == first.c.position)
        for image in db.session.scalars(select(ObjectImage).join(first, on)):
            found[image.record_id] = image
    return found


def _with(model_column, record_ids: list[int]) -> set[int]:
    found: set[int] = set()
    for chunk in _chunks(record_ids):
        found.update(db.session.scalars(select(model_column).where(model_column.in_(chunk)).distinct()))
    return found


def cards(records: Iterable[Record], vw: int = 50, px: int = 260) -> list[Card]:
    """Cards for ``records`` (in their order) in three queries: first images, 3D models, audio tracks."""
    records = list(records)
    ids = [record.id for record in records]
    images = first_images(ids)
    with_3d = _with(ObjectModel.record_id, ids)
    with_audio = _with(AudioTrack.record_id, ids)
    return [Card(record, card_image(images[record.id], vw, px) if record.id in images else None,
                 record.id in with_3d, record.id in with_audio) for record in records]


def cards_by_accession(accession_numbers: Iterable[str], vw: int = 50, px: int = 260) -> dict[str, Card]:
    """Cards of the published records among ``accession_numbers`` (search hits), keyed by number."""
    numbers = list(dict.fromkeys(accession_numbers))
    records: list[Record] = []
    for chunk in _chunks(numbers):
        records += db.session.scalars(select(Record).where(Record.accession_number.in_(chunk),
                                                           Record.published.is_(True)))
    return {card.record.accession_number: card for card in cards(records, vw, px)}


def _published():
    return select(Record).where(Record.published.is_(True))


def featured() -> Card | None:
    """The home page's featured object: ``FEATURED_OBJECT`` (an accession number) when it is published,
    else the first published record with both an image and a 3D model, else with an image, else any."""
    has_image = exists().where(ObjectImage.record_id == Record.id)
    has_model = exists().where(ObjectModel.record_id == Record.id)
    choices = []
    if current_app.config["FEATURED_OBJECT"]:
        choices.append(_published().where(Record.accession_number == current_app.config["FEATURED_OBJECT"]))
    choices += [_published().where(has_image, has_model), _published().where(has_image), _published()]
    for query in choices:
        record = db.session.scalar(query.options(joinedload(Record.gallery))
                                   .order_by(Record.accession_number).limit(1))
        if record is not None:
            card = cards([record])[0]
            image = first_images([record.id]).get(record.id)
            if image is not None:
                wide = image.width >= WIDE * image.height
                card.image = {**card_image(image, vw=100, px=690, box=(2, 1) if wide else (4, 3)),
                              "shape": "wide" if wide else "standard"}
            return card
    return None


def with_3d(limit: int = HOME_ROW) -> list[Card]:
    """Published records that have a 3D model, images first."""
    has_image = exists().where(ObjectImage.record_id == Record.id)
    records = db.session.scalars(_published().where(exists().where(ObjectModel.record_id == Record.id))
                                 .order_by(has_image.desc(), Record.accession_number).limit(limit))
    return cards(records)


def recently_published(limit: int = HOME_ROW) -> list[Card]:
    """The newest published records (by when they entered the catalogue), those with an image first: a
    home page row of placeholders would show nothing (records are often catalogued before photography)."""
    has_image = exists().where(ObjectImage.record_id == Record.id)
    records = db.session.scalars(_published().order_by(has_image.desc(), Record.created_at.desc(),
                                                       Record.id.desc()).limit(limit))
    return cards(records)


def gallery_covers(galleries: Iterable[Gallery], vw: int = 40, px: int = 300) -> dict[int, dict]:
    """A representative image per gallery (its first published record with an image, by accession number):
    ``{gallery id: card_image values}``, in three queries for all galleries."""
    ids = [gallery.id for gallery in galleries]
    if not ids:
        return {}
    rows = db.session.execute(
        select(Record.gallery_id, func.min(Record.accession_number))
        .where(Record.gallery_id.in_(ids), Record.published.is_(True),
               exists().where(ObjectImage.record_id == Record.id))
        .group_by(Record.gallery_id)).all()
    if not rows:
        return {}
    record_ids = dict(db.session.execute(select(Record.accession_number, Record.id).where(
        Record.accession_number.in_([number for _, number in rows]))).all())
    images = first_images(record_ids.values())
    return {gallery_id: card_image(images[record_ids[number]], vw, px) for gallery_id, number in rows}


@dataclass
class SiteCounts:
    """What this instance holds, for the footer: published records, those with a 3D model, sample or not."""

    records: int
    with_3d: int
    sample: bool


def site_counts() -> SiteCounts:
    published = Record.published.is_(True)
    records, sample = db.session.execute(
        select(func.count(), func.max(Record.is_sample.cast(Integer))).where(published)).one()
    models = db.session.scalar(select(func.count(func.distinct(ObjectModel.record_id)))
                               .join(Record, Record.id == ObjectModel.record_id).where(published))
    return SiteCounts(records or 0, models or 0, bool(sample))

