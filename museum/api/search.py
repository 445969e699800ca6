"""``GET /api/v1/search`` and ``GET /api/v1/suggest``: published records only, any of six languages.

Every parameter is checked and a bad one is a 400 naming it; the query text itself has no syntax.
"""

from __future__ import annotations

import re

from flask import current_app, jsonify, request

from museum.api import bp, health, openapi, params
from museum.catalogue import (
    indexing,  # noqa: F401  (registers the outbox listener on every session)
    vocabulary,
)
from museum.catalogue.search_service import ensure_indexer, get_service, search_health
from museum.exceptions import BadParameter
from search.base import decode_cursor
from search.planner import MAX_QUERY_CHARS
from search.query import MAX_WINDOW, Filters, SearchRequest

MAX_VALUES = 20
MAX_PAGE = MAX_WINDOW // 100  # the documented page limit: within the hit window at any page size
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")

health.CHECKS["search"] = search_health


@bp.before_app_request
def _start_indexer() -> None:
    ensure_indexer(current_app._get_current_object())


def query_text() -> str:
    q = request.args.get("q", "")
    if len(q) > MAX_QUERY_CHARS:
        raise BadParameter(f"q is {len(q)} characters long; the limit is {MAX_QUERY_CHARS}")
    return q


def _values(name: str) -> list[str]:
    raw = [v for value in request.args.getlist(name) for v in value.split(",") if v.strip()]
    if len(raw) > MAX_VALUES:
        raise BadParameter(f"{name}: at most {MAX_VALUES} values")
    return [v.strip() for v in raw]


def vocabulary_keys(kind: str) -> tuple[str, ...]:
    keys = []
    for value in _values(kind):
        try:
            keys.append(vocabulary.lookup(kind, value).key)
        except vocabulary.UnknownTerm as error:
            raise BadParameter(f"{kind}: {error}") from None
    return tuple(dict.fromkeys(keys))


def gallery_slugs() -> tuple[str, ...]:
    slugs = _values("gallery")
    for slug in slugs:
        if not _SLUG.match(slug):
            raise BadParameter(f"gallery: {slug[:80]!r} is not a gallery slug (lower-case letters, digits, '-')")
    return tuple(dict.fromkeys(slugs))


def optional_year(name: str) -> int | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    if not re.fullmatch(r"-?\d{1,7}", raw):
        raise BadParameter(f"{name} must be a year as a whole number (negative for BCE), not {raw[:40]!r}")
    return int(raw)


def optional_flag(name: str) -> bool | None:
    raw = request.args.get(name, "").strip().lower()
    if not raw:
        return None
    if raw in TRUE:
        return True
    if raw in FALSE:
        return False
    raise BadParameter(f"{name} must be true or false, not {raw[:40]!r}")


def checked_cursor(cursor: str | None) -> str | None:
    """A cursor as the engines issue it (base64url JSON, checked by :func:`search.base.decode_cursor`)."""
    if cursor is None:
        return None
    if len(cursor) > 1000 or not re.fullmatch(r"[A-Za-z0-9_\-]+", cursor):
        raise BadParameter("cursor is not one this service issued")
    decode_cursor(cursor)
    return cursor


def search_request() -> SearchRequest:
    q, lang = query_text(), params.language()
    page, size = params.paging()
    year_from, year_to = optional_year("year_from"), optional_year("year_to")
    if year_from is not None and year_to is not None and year_from > year_to:
        raise BadParameter(f"year_from ({year_from}) is after year_to ({year_to})")
    cursor = checked_cursor(request.args.get("cursor") or None)
    filters = Filters(categories=vocabulary_keys("category"), periods=vocabulary_keys("period"),
                      galleries=gallery_slugs(), year_from=year_from, year_to=year_to,
                      has_3d=optional_flag("has_3d"), published_only=True)
    return SearchRequest(q=q, lang=lang, page=page, size=size, filters=filters, cursor=cursor)


@bp.get("/search")
def search():
    result = get_service().search(search_request())
    return jsonify(result.as_dict())


@bp.get("/suggest")
def suggest():
    q, lang = query_text(), params.language()
    suggestions, degraded = get_service().suggest(q, lang, limit=10, published_only=True)
    return jsonify({"q": q, "suggestions": [s.as_dict() for s in suggestions], "degraded": degraded})


def _list_param(name: str, items: dict, description: str) -> dict:
    return {"name": name, "in": "query", "style": "form", "explode": True, "description": description
            + f"; repeat the parameter or separate values by commas, at most {MAX_VALUES} values",
            "schema": {"type": "array", "maxItems": MAX_VALUES, "items": items}}


Q = {"name": "q", "in": "query", "description": "Free text in any of the six languages or pinyin, with no query "
     f"syntax (empty: every published record); longer than {MAX_QUERY_CHARS} characters is a 400",
     "schema": {"type": "string", "maxLength": MAX_QUERY_CHARS, "default": ""}}
SEARCH_PARAMS = [
    Q, openapi.LANG_PARAM,
    {"name": "page", "in": "query", "description": f"Page number; page × size must stay within the first "
     f"{MAX_WINDOW:,} hits (else a 400 page_too_deep): follow ``cursor`` to go further",
     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}},
    {"name": "size", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
    _list_param("category", {"type": "string", "enum": [t.key for t in vocabulary.CATEGORIES]},
                "Category keys (names in any language are also accepted; unknown ones are a 400)"),
    _list_param("period", {"type": "string", "enum": [t.key for t in vocabulary.PERIODS]},
                "Period keys (names in any language are also accepted; unknown ones are a 400)"),
    _list_param("gallery", {"type": "string", "pattern": _SLUG.pattern}, "Gallery slugs"),
    {"name": "year_from", "in": "query", "description": "Earliest year (negative for BCE); after year_to is a 400",
     "schema": {"type": "integer", "minimum": -9_999_999, "maximum": 9_999_999}},
    {"name": "year_to", "in": "query", "description": "Latest year (negative for BCE)",
     "schema": {"type": "integer", "minimum": -9_999_999, "maximum": 9_999_999}},
    {"name": "has_3d", "in": "query", "description": "Only records with (true) or without (false) a 3D model "
     "(1/0, yes/no and on/off are accepted too; anything else is a 400)", "schema": {"type": "boolean"}},
    {"name": "cursor", "in": "query", "description": "The ``cursor`` of the previous page, to page past the hit "
     "window; one this service did not issue is a 400 (bad_cursor or bad_parameter)",
     "schema": {"type": "string", "maxLength": 1000, "pattern": "^[A-Za-z0-9_-]+$"}},
]
FACET = {"type": "array", "items": {"type": "object", "required": ["value", "count"], "properties": {
    "value": {"type": "string"}, "count": {"type": "integer", "minimum": 0}}}}
DEGRADED = {"type": "boolean", "description": "true when Elasticsearch is configured but unreachable and the "
            "answer comes from the embedded index"}

openapi.document(
    schemas={
        "SearchHit": {"type": "object", "required": ["accession_number", "title", "highlight", "score"],
                      "properties": {"accession_number": {"type": "string"}, "title": {"type": "string"},
                                     "highlight": {"type": "string", "description": "HTML: the matching "
                                                   "passage with matches in <mark>, the rest escaped"},
                                     "score": {"type": "number"}}},
        "SearchResult": {"type": "object", "required": ["total", "page", "size", "hits", "facets", "did_you_mean",
                                                        "cursor", "degraded", "engine"], "properties": {
            "total": {"type": "integer", "minimum": 0}, "page": {"type": "integer", "minimum": 1},
            "size": {"type": "integer", "minimum": 1},
            "hits": {"type": "array", "items": {"$ref": "#/components/schemas/SearchHit"}},
            "facets": {"type": "object", "description": "Counts per value over all hits",
                       "properties": {"category": FACET, "period": FACET, "gallery": FACET}},
            "did_you_mean": {"type": ["string", "null"], "description": "a corrected query, when nothing "
                             "matched the one given and the corrected one did (its hits are the answer)"},
            "cursor": {"type": ["string", "null"], "description": "for the next page, null on the last"},
            "degraded": DEGRADED, "engine": {"type": "string", "enum": ["tantivy", "elasticsearch"]}}},
        "Suggestions": {"type": "object", "required": ["q", "suggestions", "degraded"], "properties": {
            "q": {"type": "string"}, "degraded": DEGRADED,
            "suggestions": {"type": "array", "maxItems": 10, "items": {
                "type": "object", "required": ["text", "title", "accession_number"], "properties": {
                    "text": {"type": "string", "description": "the completion"},
                    "title": {"type": "string"}, "accession_number": {"type": "string"}}}}}},
    },
    paths={
        "/api/v1/search": {"get": {
            "operationId": "search", "summary": "Full-text search of published records, with facets",
            "tags": ["search"], "parameters": SEARCH_PARAMS,
            "responses": {**openapi.json_response({"$ref": "#/components/schemas/SearchResult"}),
                          **openapi.error_responses(400)}}},
        "/api/v1/suggest": {"get": {
            "operationId": "suggest", "summary": "Up to 10 title completions of a prefix (also pinyin)",
            "tags": ["search"], "parameters": [Q, openapi.LANG_PARAM],
            "responses": {**openapi.json_response({"$ref": "#/components/schemas/Suggestions"}),
                          **openapi.error_responses(400)}}},
    },
)
