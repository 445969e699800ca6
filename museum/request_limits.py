"""Per-route request-body limits, enforced before a byte of the body is read.

Every route accepts at most ``MAX_BODY_BYTES`` (small: forms, JSON, OAI-PMH). A route that takes files is
marked ``@accepts_uploads`` and accepts up to ``MAX_CONTENT_LENGTH``, one that takes large JSON documents
(gallery layouts) ``@accepts_documents`` and up to ``MAX_DOCUMENT_BYTES`` — but only from a signed-in user
(session cookie or a valid ``Authorization: Bearer`` token), so an anonymous client cannot make a worker read
megabytes before it is told to sign in. The hook runs
first among the app's ``before_request`` functions (before CSRF checking reads a form) and sets werkzeug's
per-request limit, which also bounds bodies sent without a ``Content-Length``.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, abort, current_app, request
from flask_babel import gettext

LIMIT = "_museum_body_limit"  # a view's larger limit for signed-in users: a function of the configuration


def _upload_limit(config) -> int:
    return config["MAX_CONTENT_LENGTH"]


def _document_limit(config) -> int:
    return config["MAX_DOCUMENT_BYTES"]


def accepts_uploads(view: Callable) -> Callable:
    """Mark a view that takes uploaded files (up to ``MAX_CONTENT_LENGTH`` from a signed-in user)."""
    setattr(view, LIMIT, _upload_limit)
    return view


def accepts_documents(view: Callable) -> Callable:
    """Mark a view that takes large JSON documents (up to ``MAX_DOCUMENT_BYTES`` from a signed-in user)."""
    setattr(view, LIMIT, _document_limit)
    return view


def body_limit() -> int:
    """The largest body the current request may send."""
    view = current_app.view_functions.get(request.endpoint or "")
    larger = getattr(view, LIMIT, None) if view is not None else None
    if larger is not None:
        from flask_login import current_user

        from museum.auth import bearer_user

        if current_user.is_authenticated or bearer_user() is not None:
            return larger(current_app.config)
    return current_app.config["MAX_BODY_BYTES"]


def _limit_body() -> None:
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    limit = body_limit()
    request.max_content_length = limit
    length = request.content_length
    if length is not None and length > limit:
        abort(413, description=gettext("The request body is %(size)s bytes; this address accepts at most "
                                       "%(limit)s bytes.", size=f"{length:,}", limit=f"{limit:,}"))


def init_app(app: Flask) -> None:
    app.before_request_funcs.setdefault(None, []).insert(0, _limit_body)
