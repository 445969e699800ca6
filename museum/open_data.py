"""Shared by the open-data outputs (sitemap, Open Graph/schema.org, Linked Art, OAI-PMH): the museum's
name, absolute public URLs of object pages and the year conventions of the catalogue."""

from __future__ import annotations

from flask import current_app, request, url_for

from languages import BCP47, LANGUAGES, URL_SEGMENTS

MUSEUM_NAME = {"zh": "重庆中国三峡博物馆", "zh-Hant": "重慶中國三峽博物館", "en": "Chongqing China Three Gorges Museum",
               "ja": "重慶中国三峡博物館", "ko": "충칭 중국 싼샤 박물관", "fr": "Musée des Trois Gorges de Chongqing"}


def base_url() -> str:
    """``PUBLIC_BASE_URL`` when configured (behind a proxy), else the host of the current request."""
    configured = current_app.config.get("PUBLIC_BASE_URL")
    return (configured or request.host_url).rstrip("/")


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
