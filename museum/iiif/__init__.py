"""The `iiif` blueprint."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("iiif", __name__)


def init_app(app: Flask) -> None:
    from museum.open_data import external_url

    app.register_blueprint(bp)
    app.add_template_global(external_url)
    images.init_app(app)


from museum.iiif import images, manifests  # noqa: E402,F401
