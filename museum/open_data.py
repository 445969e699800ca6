"""Shared by the open-data outputs (sitemap, Open Graph/schema.org, Linked Art, OAI-PMH, IIIF): the
museum's name, absolute public URLs and the year conventions of the catalogue.

Absolute URLs that are cached publicly or shared (IIIF ids, manifests, sitemaps, OAI-PMH, Linked Art)
never come from an unchecked ``Host`` header, which anyone can spoof to poison a shared cache: they use
``PUBLIC_BASE_URL``; without it, the request's host only when its name is in ``ALLOWED_HOSTS``; else
``PREFERRED_URL_SCHEME://SERVER_NAME`` (``http://localhost`` when ``SERVER_NAME`` is unset)."""

from __future__ import annotations

from flask import current_app, has_request_context, request, url_for

from languages import BCP47, LANGUAGES, URL_SEGMENTS

MUSEUM_NAME = {"zh": "重庆中国三峡博物馆", "zh-Hant": "重慶中國三峽博物館",
               "en": "Chongqing China Three Gorges Museum",
               "ja": "重慶中国三峡博物館", "ko": "충칭 중국 싼샤 박물관",
               "fr": "Musée des Trois Gorges de Chongqing"}


def base_url() -> str:
    """The site's public origin (and path prefix, if ``PUBLIC_BASE_URL`` has one), without a final slash."""
    config = current_app.config
    if config["PUBLIC_BASE_URL"]:
        return config["PUBLIC_BASE_URL"].rstrip("/")
    if has_request_context() and host_allowed(request.host, config["ALLOWED_HOSTS"]):
        return request.host_url.rstrip("/")
    return f"{config['PREFERRED_URL_SCHEME']}://{config['SERVER_NAME'] or 'localhost'}"


def host_allowed(host: str, allowed) -> bool:
    """Whether the name in a ``Host`` header (``name``, ``name:port``, ``[v6]:port``; any port) is one of
    ``allowed`` (a list, or a comma-separated string from the environment); ``.example.org`` allows
    every subdomain."""
    if isinstance(allowed, str):
        allowed = allowed.split(",")
    host = (host or "").strip().lower()
    name = host[1:].partition("]")[0] if host.startswith("[") else host.partition(":")[0]
    if not name:
        return False
    for entry in (entry.strip().lower() for entry in allowed or ()):
        if entry and (name == entry.strip("[]") or (entry.startswith(".") and name.endswith(entry))):
            return True
    return False


def external_url(endpoint: str, **values) -> str:
    """``url_for(endpoint, _external=True)`` on :func:`base_url` instead of the request's ``Host``."""
    return base_url() + url_for(endpoint, **values)


def absolute(path: str) -> str:
    return base_url() + path


def object_page_url(accession: str, lang: str = "zh") -> str:
    return absolute(url_for("public.record", lang=URL_SEGMENTS[lang], accession=accession))


def object_page_alternates(accession: str) -> list[tuple[str, str]]:
    """(hreflang, URL) of the object page in every language, then x-default (Chinese)."""
    urls = [(BCP47[lang], object_page_url(accession, lang)) for lang in LANGUAGES]
    return urls + [("x-default", urls[0][1])]


def linked_art_url(accession: str) -> str:
    return absolute(url_for("api.linked_art_object", accession=accession))


def astronomical_year(year: int) -> int:
    """Catalogue years count 1 BCE as -1 (no year 0); ISO 8601 and XSD count it as 0."""
    return year + 1 if year < 0 else year


def iso_year(year: int) -> str:
    value = astronomical_year(year)
    return f"-{-value:04d}" if value < 0 else f"{value:04d}"
