"""The `curator` blueprint (``/curator``): sign-in, accounts, record editing with drafts and history,
audit log. Who is asking, role checks and CSRF are the shell's, for every blueprint (:mod:`museum.auth`).

The workspace speaks the curator's language: ``?lang=`` (the language switcher's links) chooses it and a
cookie keeps it for the following pages; without one the browser's Accept-Language, else Chinese.
"""

from __future__ import annotations

from flask import Blueprint, Flask, g, request

from languages import normalise_language
from museum.extensions import current_language

bp = Blueprint("curator", __name__, url_prefix="/curator")
LANG_COOKIE = "curator_lang"
LANG_COOKIE_DAYS = 365


@bp.before_request
def _workspace_language():
    chosen = normalise_language(request.args.get("lang"))
    remembered = normalise_language(request.cookies.get(LANG_COOKIE))
    g.lang = chosen or remembered or current_language()
    g.remember_lang = chosen if chosen and chosen != remembered else None


@bp.after_request
def _remember_language(response):
    if g.get("remember_lang"):
        response.set_cookie(LANG_COOKIE, g.remember_lang, max_age=LANG_COOKIE_DAYS * 24 * 3600,
                            path="/curator", httponly=True, samesite="Lax", secure=request.is_secure)
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)


from museum.curator import audit_log, auth, dashboard, records, users  # noqa: E402,F401,I001
from museum.curator import layouts  # noqa: E402,F401
from museum.curator import kiosks  # noqa: E402,F401
from museum.curator import media  # noqa: E402,F401
from museum.curator import labels  # noqa: E402,F401
from museum.curator import instruments  # noqa: E402,F401
from museum.curator import live  # noqa: E402,F401
from museum.curator import exhibitions  # noqa: E402,F401
from museum.curator import shows  # noqa: E402,F401
from museum.curator import requests  # noqa: E402,F401
