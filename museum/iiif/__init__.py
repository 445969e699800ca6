"""The `iiif` blueprint."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("iiif", __name__)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)


from museum.iiif import images, manifests  # noqa: E402,F401
