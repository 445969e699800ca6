"""Errors of the search package (mapped to HTTP statuses in museum/errors.py)."""

from __future__ import annotations


class SearchError(Exception):
    """Base of search errors; ``code`` is the machine-readable error code of the JSON API."""

    code = "search_error"


class QueryTooLong(SearchError):
    """The query text is longer than the planner accepts (HTTP 400)."""

    code = "query_too_long"


class BadCursor(SearchError):
    """A paging cursor that this engine did not issue or that no longer fits the query (HTTP 400)."""

    code = "bad_cursor"


class PageTooDeep(SearchError):
    """Page numbers reach 10,000 hits; deeper paging uses the cursor (HTTP 400)."""

    code = "page_too_deep"


class BackendUnavailable(SearchError):
    """The engine could not be reached (Elasticsearch down): callers fall back or answer 503."""

    code = "search_unavailable"


class InvalidDocument(SearchError):
    """A document to index lacks a field or has a value of the wrong type (names both)."""

    code = "invalid_document"
