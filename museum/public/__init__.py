"""The `public` blueprint: pages for visitors, with the language in the URL (/zh/, /en/ ...)."""

from __future__ import annotations

from flask import Blueprint, Flask

from museum.i18n import add_language_to_url, set_language_from_url

bp = Blueprint("public", __name__)
bp.url_value_preprocessor(set_language_from_url)
bp.url_defaults(add_language_to_url)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)


from museum.public import exhibitions, opendata, pages, poems, search, share_cards, site  # noqa: E402,F401
