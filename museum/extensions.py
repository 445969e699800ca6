"""Extension objects, created once and bound to the app in :func:`init_app`."""

from __future__ import annotations

from flask import Flask, current_app, g, request
from flask_babel import Babel

from languages import ACCEPT_TAGS, BABEL_LOCALES, FROM_URL_SEGMENT, LANGUAGES, normalise_language
from museum.catalogue.accounts import PasswordHashing
from museum.catalogue.db import Database


class _CurrentDatabase:
    """``db``: the current app's :class:`Database` (each app has its own engine, so several apps —
    tests, the CLI — can live in one process)."""

    def _get(self) -> Database:
        return current_app.extensions["museum_db"]

    def __getattr__(self, name):
        return getattr(self._get(), name)


db = _CurrentDatabase()
babel = Babel()


def current_language() -> str:
    """The page's language: the one its URL was routed with, else its first path segment when that names
    one (a 404 under /fr/ is a French page), else the browser's Accept-Language, else Chinese."""
    lang = getattr(g, "lang", None)
    if lang:
        return lang
    if request:
        lang = FROM_URL_SEGMENT.get(request.path.split("/", 2)[1].lower())
        if lang:
            return lang
    best = request.accept_languages.best_match(ACCEPT_TAGS) if request else None
    return normalise_language(best) or "zh"


def _locale_selector() -> str:
    return BABEL_LOCALES.get(current_language(), "zh_Hans")


def password_hasher(app: Flask | None = None) -> PasswordHashing:
    """The app's password hashing (Argon2id at its ``PASSWORD_HASH_COST``)."""
    return (app or current_app).extensions["museum_password_hasher"]


def init_app(app: Flask) -> Database:
    """The app's database (returned: ``create_app`` attaches its listeners), password hashing and Babel."""
    database = Database(app.config["DATABASE_URL"])
    app.extensions["museum_db"] = database
    app.extensions["museum_password_hasher"] = PasswordHashing(app.config["PASSWORD_HASH_COST"])
    babel.init_app(app, locale_selector=_locale_selector)
    app.jinja_env.globals["LANGUAGES"] = LANGUAGES

    @app.teardown_appcontext
    def _remove_session(_exc=None):
        database.remove()

    return database
