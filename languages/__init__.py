"""The six languages of the museum, in one table: what each is called where, and where it falls back.

Framework-free (never imports Flask or ``museum``), so the catalogue, search, the web shell and the
API all take their languages from here. Multilingual fields are maps keyed by a language *code*
(``{"zh": "战国铜虎钮錞于", "en": "Bronze chunyu"}``); each code has

- its BCP 47 tag (``<html lang>``, ``hreflang``, IIIF, Linked Art, OAI-PMH ``xml:lang``),
- its URL segment, the code in lower case (``/zh-hant/objects/…``),
- its Babel locale, the tag written the Babel way (``museum/translations/zh_Hant``),
- its Open Graph locale (``og:locale``) and its autonym (the language switch),
- its fallback chain: where :func:`pick` looks when a field has no text in that language,
- the ``Accept-Language`` tags that choose it on a first visit.

Adding a language is one row of :data:`TABLE` plus its message catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str  # the key of multilingual maps
    tag: str  # BCP 47
    og_locale: str
    autonym: str
    falls_back_to: tuple[str, ...]  # after the language itself, in order
    regional_tags: tuple[str, ...] = ()  # Accept-Language tags meaning it besides code and tag (zh-TW)


TABLE = (
    #        code       tag        Open Graph autonym     falls back to      regional tags
    Language("zh",      "zh-Hans", "zh_CN",   "简体中文", ("zh-Hant", "en"), ("zh-CN",)),
    Language("zh-Hant", "zh-Hant", "zh_TW",   "繁體中文", ("zh", "en"),      ("zh-TW", "zh-HK")),
    Language("en",      "en",      "en_GB",   "English",  ("zh", "fr")),
    Language("ja",      "ja",      "ja_JP",   "日本語",   ("zh", "en")),
    Language("ko",      "ko",      "ko_KR",   "한국어",   ("en", "zh")),
    Language("fr",      "fr",      "fr_FR",   "Français", ("en", "zh")),
)  # fmt: skip

LANGUAGES = tuple(language.code for language in TABLE)
FALLBACK_CHAINS = {language.code: (language.code, *language.falls_back_to) for language in TABLE}
BCP47 = {language.code: language.tag for language in TABLE}
URL_SEGMENTS = {language.code: language.code.lower() for language in TABLE}
FROM_URL_SEGMENT = {segment: code for code, segment in URL_SEGMENTS.items()}
BABEL_LOCALES = {language.code: language.tag.replace("-", "_") for language in TABLE}
OG_LOCALES = {language.code: language.og_locale for language in TABLE}
AUTONYMS = {language.code: language.autonym for language in TABLE}
# Offered to Accept-Language negotiation, language by language in TABLE order (the order breaks ties).
ACCEPT_TAGS = tuple(dict.fromkeys(tag for language in TABLE
                                  for tag in (language.code, language.tag, *language.regional_tags)))
# Written in Chinese characters: pinyin, OpenCC folding and 厘米/千克 apply.
CHINESE = ("zh", "zh-Hant")


def normalise_language(code: str | None) -> str | None:
    """Map 'zh-hant', 'zh_TW', 'zh-Hans', 'EN' ... to one of :data:`LANGUAGES`, or None."""
    if not code:
        return None
    c = code.strip().replace("_", "-").lower()
    if c in ("zh-hant", "zh-tw", "zh-hk", "zh-mo") or c.startswith("zh-hant"):
        return "zh-Hant"
    if c.startswith("zh"):
        return "zh"
    for lang in LANGUAGES:
        if c == lang or c.startswith(lang + "-"):
            return lang
    return None


def pick(values: dict | None, lang: str) -> tuple[str | None, str | None]:
    """The text of a multilingual map for ``lang`` along its fallback chain, then in any language:
    (text, the language it is in), or (None, None) when the map has no text at all."""
    if not values:
        return None, None
    for candidate in FALLBACK_CHAINS.get(lang, (lang,)) + LANGUAGES:
        text = values.get(candidate)
        if text:
            return text, candidate
    return None, None
