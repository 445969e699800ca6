"""Records and galleries as JSON-ready dicts (the API and the JSON export share these)."""

from __future__ import annotations

from languages import LANGUAGES, pick
from museum.catalogue import fields, vocabulary
from museum.catalogue.models import Gallery, Record


def _clean_map(values: dict | None) -> dict:
    return {lang: values[lang] for lang in LANGUAGES if values and values.get(lang)}


def full(record: Record, *, timestamps: bool = True) -> dict:
    data = {"accession_number": record.accession_number,
            "title": _clean_map(record.title), "description": _clean_map(record.description)}
    for name in fields.SCALAR_NAMES:
        data[name] = (record.gallery.slug if name == "gallery" and record.gallery
                      else getattr(record, name, None))
    if timestamps:
        data["created_at"] = record.created_at.isoformat() + "Z" if record.created_at else None
        data["updated_at"] = record.updated_at.isoformat() + "Z" if record.updated_at else None
    return data


def labels(record: Record, lang: str) -> dict:
    """The names of the record's vocabulary-backed fields in ``lang`` (None where the field is empty)."""
    return {name: (vocabulary.label(kind, getattr(record, name), lang)[0] or None)
            for name, kind in vocabulary.FIELD_KINDS.items()}


def summary(record: Record, lang: str, *, url: str) -> dict:
    return {
        "accession_number": record.accession_number,
        "title": pick(record.title, lang)[0],
        "category": record.category,
        "period": record.period,
        "start_year": record.start_year,
        "end_year": record.end_year,
        "gallery": record.gallery.slug if record.gallery else None,
        "url": url,
    }


def gallery(g: Gallery, count: int | None = None) -> dict:
    data = {"slug": g.slug, "name": _clean_map(g.name), "description": _clean_map(g.description),
            "position": g.position}
    if count is not None:
        data["object_count"] = count
    return data
