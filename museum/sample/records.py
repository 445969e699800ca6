"""Sample step: the ten galleries and 154 records (14 real objects, 140 plausible ones), marked sample."""

from __future__ import annotations

from sqlalchemy import select

from museum.catalogue.models import Gallery, Record
from museum.catalogue.vocabulary import FIELD_KINDS, by_key, lookup_value
from museum.extensions import db
from museum.sample import data as facts
from museum.sample.plausible_objects import plausible_records


def sample_records() -> list[dict]:
    return facts.real_objects() + plausible_records()


def load(app, echo) -> None:
    with db.transaction() as session:
        galleries = {g.slug: g for g in session.scalars(select(Gallery))}
        for position, data in enumerate(facts.galleries()):
            gallery = galleries.get(data["slug"]) or Gallery(slug=data["slug"])
            gallery.name, gallery.description, gallery.position = data["name"], data["description"], position
            session.add(gallery)
            galleries[data["slug"]] = gallery
        existing = {r.accession_number: r for r in session.scalars(select(Record))}
        records = sample_records()
        for data in records:
            number = data["accession_number"]
            record = existing.get(number) or Record(accession_number=number)
            values = dict(data)
            for name in ("material", "find_site", "acquisition_method"):  # written in Chinese, stored by key
                if values.get(name):
                    values[name] = lookup_value(FIELD_KINDS[name], values[name])
            period = by_key("period", values.get("period"))
            if period and "start_year" not in values:
                values["start_year"], values["end_year"] = period.start_year, period.end_year
            record.gallery = galleries[values.pop("gallery")]
            for key, value in values.items():
                setattr(record, key, value)
            record.rights = facts.RIGHTS
            record.licence = "CC BY-NC 4.0"
            record.published = True
            record.is_sample = True
            session.add(record)
    echo(f"sample catalogue: {len(facts.galleries())} galleries, {len(records)} records "
         "(marked as sample data)")
