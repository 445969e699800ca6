"""Atom (RFC 4287) documents, written with the standard library's ElementTree: a feed's id, title, links
(``self`` and the site), updated time, author and entries, each with its id, title, link, summary,
category and times (RFC 3339, UTC). Used by the public feed of new exhibitions and objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class FeedEntry:
    id: str
    url: str
    title: str
    summary: str
    category: str
    updated: datetime
    published: datetime | None = None


def _time(value: datetime) -> str:
    if value.tzinfo is None:  # stored times are naive UTC
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sub(parent: ET.Element, name: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, name, attributes)
    if text is not None:
        element.text = text
    return element


def atom_feed(*, feed_id: str, title: str, self_url: str, site_url: str, language: str, author: str,
              entries: list[FeedEntry]) -> bytes:
    # Atom is the document's default namespace, declared on the root: elements are written unqualified
    # (not through ElementTree's prefix registry, which is global: OAI-PMH answers have a default namespace
    # of their own)
    feed = ET.Element("feed", {"xmlns": ATOM, XML_LANG: language})
    _sub(feed, "id", feed_id)
    _sub(feed, "title", title)
    _sub(feed, "link", rel="self", href=self_url, type="application/atom+xml")
    _sub(feed, "link", rel="alternate", href=site_url, type="text/html")
    newest = max((e.updated for e in entries), default=datetime(2000, 1, 1))
    _sub(feed, "updated", _time(newest))
    _sub(_sub(feed, "author"), "name", author)
    for entry in entries:
        item = _sub(feed, "entry")
        _sub(item, "id", entry.id)
        _sub(item, "title", entry.title)
        _sub(item, "link", rel="alternate", href=entry.url, type="text/html")
        _sub(item, "updated", _time(entry.updated))
        if entry.published:
            _sub(item, "published", _time(entry.published))
        _sub(item, "category", term=entry.category)
        if entry.summary:
            _sub(item, "summary", entry.summary)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
