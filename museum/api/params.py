"""Query-parameter parsing for the API: every bad value is a 400 naming the parameter."""

from __future__ import annotations

from flask import current_app, request

from museum.catalogue import vocabulary
from museum.exceptions import BadParameter


def integer(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(f"{name} must be a whole number, not {raw[:40]!r}") from None
    if minimum is not None and value < minimum:
        raise BadParameter(f"{name} must be at least {minimum}")
    if maximum is not None and value > maximum:
        raise BadParameter(f"{name} must be at most {maximum}")
    return value


def paging() -> tuple[int, int]:
    page = integer("page", 1, minimum=1, maximum=1_000_000)
    size = integer("size", 20, minimum=1, maximum=current_app.config["API_MAX_PAGE_SIZE"])
    return page, size


def language() -> str:
    raw = request.args.get("lang")
    if not raw:
        return "zh"
    lang = vocabulary.normalise_language(raw)
    if lang is None:
        raise BadParameter(f"lang must be one of {', '.join(vocabulary.LANGUAGES)}, not {raw[:40]!r}")
    return lang


def term(kind: str) -> str | None:
    """A category or period given by key or by a name in any language; returns the key."""
    raw = request.args.get(kind)
    if not raw:
        return None
    try:
        return vocabulary.lookup(kind, raw).key
    except vocabulary.UnknownTerm as error:
        raise BadParameter(f"{kind}: {error}") from None
