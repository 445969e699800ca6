"""Languages in URLs, <html lang>, hreflang alternates and record-field fallback for templates."""

from __future__ import annotations

from flask import Flask, abort, current_app, g, redirect, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape

from languages import AUTONYMS, BCP47, CHINESE, FROM_URL_SEGMENT, LANGUAGES, URL_SEGMENTS, pick
from museum.catalogue import display, vocabulary
from museum.catalogue.chinese import to_traditional
from museum.open_data import external_url


def set_language_from_url(endpoint, values) -> None:
    """url_value_preprocessor for blueprints whose URLs start with /<lang>/. Segments are matched without
    regard to case (``/zh-Hant/``, the language's BCP 47 spelling, is ``/zh-hant/``); a page asked for in
    another spelling than its canonical one is sent there (301), so every page has one address."""
    if values is None or "lang" not in values:
        return
    segment = values.pop("lang")
    lang = FROM_URL_SEGMENT.get(segment) or FROM_URL_SEGMENT.get(segment.lower())
    if lang is None:
        abort(404)
    g.lang = lang
    canonical = URL_SEGMENTS[lang]
    if segment != canonical and request.method in ("GET", "HEAD") and request.path.startswith(f"/{segment}/"):
        location = f"/{canonical}/{request.path[len(segment) + 2:]}"
        if request.query_string:
            location += "?" + request.query_string.decode("latin-1")
        abort(redirect(request.script_root + location, code=301))


def add_language_to_url(endpoint, values) -> None:
    """url_defaults: fill /<lang>/ with the current language."""
    if "lang" in values:
        return
    from flask import current_app

    if current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
        values["lang"] = URL_SEGMENTS[getattr(g, "lang", None) or "zh"]


def _fallback_note(found: str) -> str:
    """The visible note after text shown in another language than the page's."""
    if found in CHINESE:
        return _("original text in Chinese")
    if found == "en":
        return _("original text in English")
    return _("original text in %(language)s", language=AUTONYMS[found])


def _converted(text: str, block: bool) -> Markup:
    """Simplified Chinese converted to traditional with OpenCC (s2t), marked as converted."""
    note = _("converted automatically from simplified Chinese")
    span = '<span lang="zh-Hant" class="converted" data-converted="opencc-s2t" title="{}">{}</span>'
    marked = Markup(span).format(note, to_traditional(text))
    if block:
        marked += Markup(' <small class="converted-note">({})</small>').format(note)
    return marked


def _fallback(text: str, found: str, note: bool) -> Markup:
    marked = Markup('<span lang="{}" class="fallback" data-fallback="{}">{}</span>').format(
        BCP47[found], found, text)
    if note:
        marked += Markup(' <small class="fallback-note">({})</small>').format(_fallback_note(found))
    return marked


def localized(values: dict | None, lang: str | None = None, note: bool = False) -> Markup:
    """A multilingual field as HTML. Text from a fallback language is wrapped in its own ``lang`` (with a
    visible "original text in …" note when ``note``); on zh-Hant pages simplified text with no traditional
    version is converted with OpenCC and marked ``data-converted``."""
    lang = lang or g.get("lang", "zh")
    text, found = pick(values, lang)
    if text is None:
        return Markup("")
    if found == lang:
        return escape(text)
    if lang == "zh-Hant" and found == "zh":
        return _converted(text, note)
    return _fallback(text, found, note)


def chinese_text(text: str | None, lang: str | None = None) -> Markup:
    """A catalogue value kept in Chinese only (free text: completeness, an unmapped old value ...):
    converted and marked on zh-Hant pages, marked as Chinese with a visible note on other languages."""
    lang = lang or g.get("lang", "zh")
    if not text:
        return Markup("")
    if lang == "zh" or not any("\u3400" <= c <= "\u9fff" for c in text):
        return escape(text)
    if lang == "zh-Hant":
        return _converted(text, False)
    return _fallback(text, "zh", True)


def term_text(kind: str, value: str | None, lang: str | None = None) -> Markup:
    """A vocabulary-backed field (material, find site, acquisition ...) in the reader's language; a stored
    value that is not a key is free Chinese text, marked as such (:func:`chinese_text`)."""
    lang = lang or g.get("lang", "zh")
    text, is_key = vocabulary.label(kind, value, lang)
    return escape(text) if is_key else chinese_text(text, lang)


def plain(values: dict | None, lang: str | None = None) -> str:
    lang = lang or g.get("lang", "zh")
    text, found = pick(values, lang)
    if text and lang == "zh-Hant" and found == "zh":
        return to_traditional(text)
    return text or ""


def alternate_urls() -> list[tuple[str, str]]:
    """(hreflang, absolute URL) for every language of the current page, then x-default."""
    if request.endpoint is None or not request.url_rule or "lang" not in request.url_rule.arguments:
        return []
    args = dict(request.view_args or {})
    args.update(request.args.to_dict())
    urls = []
    for lang in LANGUAGES:
        args["lang"] = URL_SEGMENTS[lang]
        urls.append((BCP47[lang], external_url(request.endpoint, **args)))
    urls.append(("x-default", external_url(request.endpoint, **{**args, "lang": "zh"})))
    return urls


def switch_language_url(lang: str) -> str:
    if request.blueprint == "curator" and request.endpoint:
        # the workspace keeps its addresses: ?lang= chooses the language (remembered in a cookie)
        if request.url_rule and "GET" in (request.url_rule.methods or ()):
            return url_for(request.endpoint, **{**(request.view_args or {}), **request.args.to_dict(),
                                                "lang": URL_SEGMENTS[lang]})
        return url_for("curator.dashboard", lang=URL_SEGMENTS[lang])
    if request.endpoint is None or not request.url_rule or "lang" not in request.url_rule.arguments:
        return url_for("public.home", lang=URL_SEGMENTS[lang])
    args = dict(request.view_args or {})
    args.update(request.args.to_dict())
    args["lang"] = URL_SEGMENTS[lang]
    return url_for(request.endpoint, **args)


def init_app(app: Flask) -> None:
    @app.context_processor
    def _inject():
        lang = g.get("lang", "zh")
        return {
            "lang": lang,
            "html_lang": BCP47[lang],
            "bcp47": BCP47,
            "url_segment": URL_SEGMENTS[lang],
            "autonyms": AUTONYMS,
            "localized": localized,
            "plain": plain,
            "zh_text": chinese_text,
            "term_text": term_text,
            "alternate_urls": alternate_urls,
            "switch_language_url": switch_language_url,
            "term_name": lambda kind, key: (vocabulary.by_key(kind, key).name(lang)
                                            if vocabulary.by_key(kind, key) else (key or "")),
            "format_years": lambda s, e: vocabulary.format_years(s, e, lang),
            "dimensions": lambda record: display.dimensions(record, lang),
            "weight": lambda grams: display.weight(grams, lang),
            "url_endpoints": current_app.view_functions,
        }
