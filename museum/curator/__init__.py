"""The `curator` blueprint (``/curator``): accounts, record editing with drafts and history, audit log.

Authentication and CSRF are set up here for the whole app (see :mod:`museum.curator.auth`):
Flask-Login sessions for people, bearer tokens for kiosk devices and scripts, Flask-WTF CSRF for every
unsafe request that could ride on a session cookie.
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("curator", __name__, url_prefix="/curator")


def init_app(app: Flask) -> None:
    auth.init_auth(app)
    app.register_blueprint(bp)


from museum.curator import audit_log, auth, dashboard, records, users  # noqa: E402,F401,I001
from museum.curator import layouts  # noqa: E402,F401
from museum.curator import kiosks  # noqa: E402,F401
from museum.curator import media  # noqa: E402,F401
