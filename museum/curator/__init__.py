"""The `curator` blueprint (``/curator``): sign-in, accounts, record editing with drafts and history,
audit log. Who is asking, role checks and CSRF are the shell's, for every blueprint (:mod:`museum.auth`).
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("curator", __name__, url_prefix="/curator")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)


from museum.curator import audit_log, auth, dashboard, records, users  # noqa: E402,F401,I001
from museum.curator import layouts  # noqa: E402,F401
from museum.curator import kiosks  # noqa: E402,F401
from museum.curator import media  # noqa: E402,F401
