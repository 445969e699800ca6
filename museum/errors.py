"""One place that maps every package's exceptions to HTTP responses.

API and IIIF paths answer JSON ``{"error": {"code", "message"}}``; pages answer an HTML error page.
A feature that raises its own exception class adds it to :data:`STATUS_BY_EXCEPTION`, here.
"""

from __future__ import annotations

import logging

from flask import Flask, g, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from assets import exceptions as media_exceptions
from assets.images import exceptions as image_exceptions
from assets.models import exceptions as model_exceptions
from exhibits.audio import exceptions as instrument_exceptions
from exhibits.layouts import exceptions as layout_exceptions
from exhibits.poems import exceptions as poem_exceptions
from exhibits.shows import exceptions as show_exceptions
from museum import exceptions
from museum.extensions import current_language
from search import exceptions as search_exceptions

log = logging.getLogger(__name__)

# exception class -> HTTP status. Subclasses match their nearest registered base.
STATUS_BY_EXCEPTION: dict[type[BaseException], int] = {
    exceptions.NotFound: 404,
    exceptions.BadParameter: 400,
    exceptions.Conflict: 409,
    exceptions.Forbidden: 403,
    exceptions.ImportFailed: 422,
    exceptions.Unavailable: 503,
    exceptions.BackupInvalid: 422,
    layout_exceptions.InvalidLayout: 422,
    layout_exceptions.RenderError: 400,
    search_exceptions.QueryTooLong: 400,
    search_exceptions.BadCursor: 400,
    search_exceptions.PageTooDeep: 400,
    search_exceptions.BackendUnavailable: 503,
    media_exceptions.MediaError: 422,  # every media kind's refusals (assets.kinds)
    media_exceptions.StorageUnavailable: 503,  # the object store is down or refuses the bucket or key
    image_exceptions.IIIFBadRequest: 400, image_exceptions.IIIFForbidden: 403,
    image_exceptions.IIIFImageNotFound: 404,
    image_exceptions.IIIFNotImplemented: 501, image_exceptions.UnsupportedImageType: 415,
    image_exceptions.FileTooLarge: 413, image_exceptions.ImageRejected: 422,
    model_exceptions.UnsupportedFormat: 415,
    model_exceptions.LimitExceeded: 413,
    model_exceptions.DerivativeFailed: 500,
    model_exceptions.ToolMissing: 503,
    poem_exceptions.InvalidPreference: 400, poem_exceptions.RateLimited: 429,
    poem_exceptions.GenerationFailed: 422, poem_exceptions.PoemError: 503,
    instrument_exceptions.InstrumentError: 400,
    instrument_exceptions.UnknownInstrument: 404,
    instrument_exceptions.ModesMissing: 409,
    show_exceptions.ShowError: 422,
}

JSON_PREFIXES = ("/api/", "/iiif/", "/healthz", "/oai", "/curator/api/")


def _wants_json() -> bool:
    return request.path.startswith(JSON_PREFIXES) or request.accept_mimetypes.best == "application/json"


def _status_for(error: BaseException) -> int | None:
    for cls in type(error).__mro__:
        if cls in STATUS_BY_EXCEPTION:
            return STATUS_BY_EXCEPTION[cls]
    return None


def error_response(status: int, code: str, message: str):
    if _wants_json():
        response = jsonify({"error": {"code": code, "message": message}})
        response.status_code = status
        return response
    try:
        if not g.get("lang"):  # no route set it: the page speaks the language its text is in (Babel's)
            g.lang = current_language()
        return render_template("error.html", status=status, message=message), status
    except Exception:  # the error page itself must never fail
        return f"{status}: {message}", status, {"Content-Type": "text/plain; charset=utf-8"}


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def handle_http(error: HTTPException):
        code = (error.name or "error").lower().replace(" ", "_")
        response = error_response(error.code or 500, code, error.description or error.name)
        if isinstance(response, tuple):
            return response
        for header, value in error.get_headers():
            if header.lower() not in ("content-type", "content-length"):
                response.headers[header] = value
        return response

    @app.errorhandler(Exception)
    def handle_any(error: Exception):
        status = _status_for(error)
        if status is None:
            log.exception("unhandled error on %s", request.path)
            return error_response(500, "internal_error", "internal server error")
        return error_response(status, getattr(error, "code", None) or type(error).__name__, str(error))
