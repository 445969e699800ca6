"""``sitemap.xml``: every public page in the six languages with hreflang alternates (xhtml:link).

One ``urlset`` while the site has at most SITEMAP_MAX_URLS URLs (the protocol's 50,000); beyond that
``/sitemap.xml`` is a sitemap index of ``/sitemaps/pages.xml`` and ``/sitemaps/objects-<n>.xml``, each
object part holding SITEMAP_RECORDS_PER_FILE records (six URLs each).
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from flask import Response, abort, current_app, url_for
from sqlalchemy import func, select

from languages import BCP47, LANGUAGES, URL_SEGMENTS
from museum.catalogue import exhibitions, repository
from museum.catalogue.models import Record
from museum.extensions import db
from museum.open_data import absolute

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def _settings() -> tuple[int, int]:
    config = current_app.config
    return config["SITEMAP_MAX_URLS"], config["SITEMAP_RECORDS_PER_FILE"]


def _entries(endpoint: str, lastmod: str | None = None, **values) -> list[str]:
    """One <url> per language, each listing all six languages and x-default as alternates."""
    urls = {lang: absolute(url_for(endpoint, lang=URL_SEGMENTS[lang], **values)) for lang in LANGUAGES}
    links = "".join(f'<xhtml:link rel="alternate" hreflang="{BCP47[lang]}" href={quoteattr(urls[lang])}/>'
                    for lang in LANGUAGES)
    links += f'<xhtml:link rel="alternate" hreflang="x-default" href={quoteattr(urls["zh"])}/>'
    modified = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
    return [f"<url><loc>{_text(urls[lang])}</loc>{modified}{links}</url>" for lang in LANGUAGES]


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _urlset(entries: list[str]) -> Response:
    body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}" '
            f'xmlns:xhtml="{XHTML_NS}">\n'
            + "\n".join(entries) + "\n</urlset>\n")
    return Response(body, content_type="application/xml; charset=utf-8")


def _page_entries() -> list[str]:
    entries = _entries("public.home")
    for gallery in repository.list_galleries(db.session):
        entries += _entries("public.gallery", slug=gallery.slug)
    entries += _entries("public.exhibitions_index")
    for shown in exhibitions.published(db.session):
        entries += _entries("public.exhibition", shown.published_at.date().isoformat(), slug=shown.slug)
    return entries


def _published_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Record).where(Record.published.is_(True))) or 0


def _object_entries(offset: int, limit: int | None) -> list[str]:
    query = (select(Record.accession_number, Record.updated_at).where(Record.published.is_(True))
             .order_by(Record.accession_number).offset(offset))
    if limit is not None:
        query = query.limit(limit)
    entries = []
    for accession, updated in db.session.execute(query):
        entries += _entries("public.record", updated.date().isoformat() if updated else None,
                            accession=accession)
    return entries


def root_document() -> Response:
    max_urls, per_file = _settings()
    records = _published_count()
    pages = len(LANGUAGES) * (2 + len(repository.list_galleries(db.session))
                              + len(exhibitions.published(db.session)))
    if pages + records * len(LANGUAGES) <= max_urls:
        return _urlset(_page_entries() + _object_entries(0, None))
    parts = [url_for("public.sitemap_part", name="pages")]
    parts += [url_for("public.sitemap_part", name=f"objects-{n}")
              for n in range(1, -(-records // per_file) + 1)]
    body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{SITEMAP_NS}">\n'
            + "\n".join(f"<sitemap><loc>{_text(absolute(part))}</loc></sitemap>" for part in parts)
            + "\n</sitemapindex>\n")
    return Response(body, content_type="application/xml; charset=utf-8")


def part_document(name: str) -> Response:
    """``pages`` or ``objects-<n>`` (n from 1) of the sitemap index."""
    _max_urls, per_file = _settings()
    if name == "pages":
        return _urlset(_page_entries())
    number = name.removeprefix("objects-")
    if not name.startswith("objects-") or not number.isdecimal() or int(number) < 1:
        abort(404)
    offset = (int(number) - 1) * per_file
    if offset and offset >= _published_count():
        abort(404)
    return _urlset(_object_entries(offset, per_file))
