"""The `kiosk` blueprint."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("kiosk", __name__)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)


from museum.kiosk import audio, devices, display, instrument, live, poems  # noqa: E402,F401
