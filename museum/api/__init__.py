"""The `api` blueprint: the documented JSON API under /api/v1 (OpenAPI 3.1 at /api/v1/openapi.json)."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    from museum.api import health

    health.init_app(app)


from museum.api import catalogue, docs  # noqa: E402,F401
from museum.api import search  # noqa: E402,F401
from museum.api import layouts  # noqa: E402,F401
from museum.api import poems  # noqa: E402,F401
from museum.api import models3d  # noqa: E402,F401
