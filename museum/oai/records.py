"""What the OAI-PMH endpoint exposes: published records (keyset-paged), galleries as sets, and the
``oai_dc`` (unqualified Dublin Core) description of a record."""

from __future__ import annotations

from datetime import datetime
from xml.etree.ElementTree import Element, SubElement

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from languages import BCP47, LANGUAGES
from museum.catalogue import display, vocabulary
from museum.catalogue.models import Gallery, Record
from museum.open_data import MUSEUM_NAME, linked_art_url, object_page_url

OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
METADATA_FORMATS = {
    "oai_dc": ("http://www.openarchives.org/OAI/2.0/oai_dc.xsd", OAI_DC_NS),
}


def published_query(*, gallery: Gallery | None = None, start: datetime | None = None,
                    end: datetime | None = None):
    query = select(Record).where(Record.published.is_(True))
    if gallery is not None:
        query = query.where(Record.gallery_id == gallery.id)
    if start is not None:
        query = query.where(Record.updated_at >= start)
    if end is not None:
        query = query.where(Record.updated_at <= end)
    return query


def page(session: Session, query, *, after: str | None, size: int) -> tuple[list[Record], int, bool]:
    """Up to ``size`` records after the accession number ``after``: (records, complete size, more?)."""
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    if after is not None:
        query = query.where(Record.accession_number > after)
    rows = list(session.scalars(query.options(joinedload(Record.gallery))
                                .order_by(Record.accession_number).limit(size + 1)))
    return rows[:size], total, len(rows) > size


def earliest_datestamp(session: Session) -> datetime | None:
    return session.scalar(select(func.min(Record.updated_at)).where(Record.published.is_(True)))


def _dc(parent: Element, name: str, text: str | None, lang: str | None = None) -> None:
    if not text:
        return
    element = SubElement(parent, f"{{{DC_NS}}}{name}")
    element.text = str(text)
    if lang:
        element.set(XML_LANG, BCP47.get(lang, lang))


def _multilingual(parent: Element, name: str, values: dict | None) -> None:
    for lang in LANGUAGES:
        _dc(parent, name, (values or {}).get(lang), lang)


def oai_dc(record: Record) -> Element:
    """The record as ``oai_dc:dc``: every language of the title and description kept with xml:lang."""
    root = Element(f"{{{OAI_DC_NS}}}dc")
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_DC_NS} {METADATA_FORMATS['oai_dc'][0]}")
    _multilingual(root, "title", record.title)
    _multilingual(root, "description", record.description)
    _dc(root, "identifier", record.accession_number)
    _dc(root, "identifier", object_page_url(record.accession_number))
    _dc(root, "type", "PhysicalObject")
    for kind, element in (("category", "type"), ("period", "coverage")):
        term = vocabulary.by_key(kind, getattr(record, kind))
        if term is not None:
            for lang in ("zh", "en"):
                _dc(root, element, term.name(lang), lang)
    if record.start_year is not None or record.end_year is not None:
        _dc(root, "date", vocabulary.format_years(record.start_year, record.end_year, "en"), "en")
    for kind, element, value in (("place", "coverage", record.find_site),
                                 ("material", "format", record.material)):
        for lang in ("zh", "en"):
            text, is_key = vocabulary.label(kind, value, lang)
            if is_key or lang == "zh":
                _dc(root, element, text or None, lang)
    measures = display.dimensions(record, "en")
    if record.weight_g is not None:
        measures.append(display.weight(record.weight_g, "en"))
    _dc(root, "format", "; ".join(measures) or None, "en")
    _dc(root, "format", record.dimensions_text, "zh")
    _dc(root, "publisher", MUSEUM_NAME["zh"], "zh")
    _dc(root, "publisher", MUSEUM_NAME["en"], "en")
    _dc(root, "relation", linked_art_url(record.accession_number))
    if record.rights or record.licence:
        licence = record.licence and f"({record.licence})"
        _dc(root, "rights", " ".join(p for p in (record.rights, licence) if p))
    return root


def set_description(gallery: Gallery) -> Element:
    """A gallery's name and description in every language, as oai_dc for ``setDescription``."""
    root = Element(f"{{{OAI_DC_NS}}}dc")
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_DC_NS} {METADATA_FORMATS['oai_dc'][0]}")
    _multilingual(root, "title", gallery.name)
    _multilingual(root, "description", gallery.description)
    return root
