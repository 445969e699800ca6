"""The `api` blueprint: the documented JSON API under /api/v1 (OpenAPI 3.1 at /api/v1/openapi.json)."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    from museum.api import health

    health.init_app(app)


from museum.api import audio, catalogue, docs, layouts, linkedart, models3d, poems, search  # noqa: E402,F401
