"""``GET /api/v1/search`` and ``GET /api/v1/suggest``: published records only, any of six languages.

Every parameter is checked and a bad one is a 400 naming it; the query text itself has no syntax. The
query and filters are :mod:`museum.search_query`'s, shared with the public search page.
"""

from __future__ import annotations

from flask import current_app, jsonify
from marshmallow import fields, validate

from museum.api.contract import bp, configured, configured_integer
from museum.catalogue.search_service import ensure_indexer, get_service
from museum.schemas import Language, Schema
from museum.search_query import FilterQuery, Query, filters
from search.base import decode_cursor
from search.query import MAX_WINDOW, SearchRequest


@bp.before_app_request
def _start_indexer() -> None:
    ensure_indexer(current_app._get_current_object())


def _issued_cursor(cursor: str) -> str:
    decode_cursor(cursor)  # BadCursor (400 bad_cursor) when this service did not issue it
    return cursor


class SearchQuery(FilterQuery):
    lang = Language()
    page = configured_integer(configured("API_MAX_PAGE_SIZE", lambda largest: MAX_WINDOW // largest),
                              hint="; follow cursor to go further", load_default=1, metadata={
        "description": f"Page number; pages reach the first {MAX_WINDOW:,} hits at the largest page size: "
        "follow ``cursor`` to go further"})
    size = configured_integer(configured("API_MAX_PAGE_SIZE"), load_default=20)
    cursor = fields.String(validate=[validate.Length(max=1000), validate.Regexp(
        r"^[A-Za-z0-9_-]+$", error="is not one this service issued"), _issued_cursor], metadata={
        "description": "The ``cursor`` of the previous page, to page past the hit window; one this service "
        "did not issue is a 400 (bad_cursor or bad_parameter)"})


class SuggestQuery(Query):
    lang = Language()


class Facet(Schema):
    value = fields.String(required=True)
    count = fields.Integer(required=True, validate=validate.Range(min=0))


DEGRADED = {"description": "true when Elasticsearch is configured but unreachable and the answer comes from "
            "the embedded index"}


class SearchHit(Schema):
    accession_number, title = fields.String(required=True), fields.String(required=True)
    highlight = fields.String(required=True, metadata={"description": "HTML: the matching passage with "
                                                       "matches in <mark>, the rest escaped"})
    score = fields.Float(required=True)


class Facets(Schema):
    category = fields.List(fields.Nested(Facet))
    period = fields.List(fields.Nested(Facet))
    gallery = fields.List(fields.Nested(Facet))


class SearchResult(Schema):
    total = fields.Integer(required=True, validate=validate.Range(min=0))
    page = fields.Integer(required=True, validate=validate.Range(min=1))
    size = fields.Integer(required=True, validate=validate.Range(min=1))
    hits = fields.List(fields.Nested(SearchHit), required=True)
    facets = fields.Nested(Facets, required=True, metadata={"description": "Counts per value over all hits"})
    did_you_mean = fields.String(required=True, allow_none=True, metadata={
        "description": "a corrected query, when nothing matched the one given and the corrected one did (its "
        "hits are the answer)"})
    cursor = fields.String(required=True, allow_none=True,
                           metadata={"description": "for the next page, null on the last"})
    degraded = fields.Boolean(required=True, metadata=DEGRADED)
    engine = fields.String(required=True, validate=validate.OneOf(["tantivy", "elasticsearch"]))
    indexing = fields.Boolean(required=True, metadata={"description": "true while recent changes wait for "
                                                       "the indexer: an object added or edited a moment ago "
                                                       "may be missing"})


class Suggestion(Schema):
    text = fields.String(required=True, metadata={"description": "the completion"})
    title, accession_number = fields.String(required=True), fields.String(required=True)


class Suggestions(Schema):
    q = fields.String(required=True)
    degraded = fields.Boolean(required=True, metadata=DEGRADED)
    suggestions = fields.List(fields.Nested(Suggestion), required=True, validate=validate.Length(max=10))


@bp.get("/search", tags=["search"])
@bp.doc(operationId="search")
@bp.arguments(SearchQuery(), location="query")  # one instance: not a schema built per request
@bp.response(200, SearchResult)
def search(query: dict):
    """Full-text search of published records, with facets"""
    request = SearchRequest(q=query["q"], lang=query["lang"], page=query["page"], size=query["size"],
                            filters=filters(query), cursor=query.get("cursor"))
    return jsonify(get_service().search(request).as_dict())


@bp.get("/suggest", tags=["search"])
@bp.doc(operationId="suggest")
@bp.arguments(SuggestQuery(), location="query")
@bp.response(200, Suggestions)
def suggest(query: dict):
    """Up to 10 title completions of a prefix (also pinyin)"""
    q, lang = query["q"], query["lang"]
    suggestions, degraded = get_service().suggest(q, lang, limit=10, published_only=True)
    return jsonify({"q": q, "suggestions": [s.as_dict() for s in suggestions], "degraded": degraded})
