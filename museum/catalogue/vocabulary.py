"""Controlled vocabularies of the catalogue: the one source for every field stored by key.

Categories (national standard), periods, grades, materials (质地), acquisition methods (来源方式) and
find-site places (出土地点) are read from ``vocabularies.json`` beside this module. Every term
is stored by a language-neutral key and shown in the reader's language; the pages, the API, the importer and
the search index all go through :func:`lookup` / :func:`by_key` / :func:`label`.

A material may name several terms (``铁、织物``): it is stored as keys joined by ``,`` (``iron,textile``).
A value that is not a key (a record written before the vocabularies, kept verbatim by migration 0005) is
free text in Chinese: :func:`label` returns it with ``is_key=False`` so pages mark it as untranslated.

Languages and their fallback chains live in :mod:`languages`.
Names come from ``shared/reference/catalogue-facts.md`` (WW/T 0017-2013 and common periodisation).
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

# BCP47 ... normalise_language: still imported from here by museum/api, museum/cli/media.py and
# museum/iiif/manifests.py until the changes under way there import ``languages``; new code does.
from languages import BCP47, LANGUAGES, URL_SEGMENTS, normalise_language, pick  # noqa: F401


@dataclass(frozen=True)
class Term:
    key: str
    names: dict
    aliases: tuple = field(default=())

    def name(self, lang: str) -> str:
        return pick(self.names, lang)[0] or self.key


@dataclass(frozen=True)
class Period(Term):
    start_year: int | None = None  # negative = BCE; the Palaeolithic has no fixed start, the PRC no end
    end_year: int | None = None


@dataclass(frozen=True)
class Place(Term):
    coordinates: tuple[float, float] | None = None  # approximate (latitude, longitude), WGS 84, for maps


DATA_FILE = Path(__file__).with_name("vocabularies.json")
LIST_KINDS = ("material",)  # kinds whose value may hold several keys
SEPARATORS = re.compile(r"\s*[、,，;；/+]\s*")


def _term(kind: str, row: dict) -> Term:
    names, aliases = dict(row["names"]), tuple(row.get("aliases", ()))
    if kind == "period":
        return Period(row["key"], names, aliases, row["start_year"], row["end_year"])
    if kind == "place":
        coordinates = tuple(row["coordinates"]) if row.get("coordinates") else None
        return Place(row["key"], names, aliases, coordinates)
    return Term(row["key"], names, aliases)


def _load(path: Path = DATA_FILE) -> dict[str, tuple[Term, ...]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    kinds = {}
    for kind, rows in data.items():
        if kind.startswith("_"):
            continue
        kinds[kind] = tuple(_term(kind, row) for row in rows)
    return kinds


_LOADED = _load()
CATEGORIES = _LOADED["category"]  # the 35 categories of the national standard (WW/T 0017-2013)
PERIODS = _LOADED["period"]
GRADES = _LOADED["grade"]
MATERIALS = _LOADED["material"]
ACQUISITIONS = _LOADED["acquisition"]
PLACES = _LOADED["place"]
KINDS = {"category": CATEGORIES, "period": PERIODS, "grade": GRADES,
         "material": MATERIALS, "acquisition": ACQUISITIONS, "place": PLACES}
# record field -> vocabulary kind
FIELD_KINDS = {"category": "category", "period": "period", "grade": "grade", "material": "material",
               "acquisition_method": "acquisition", "find_site": "place"}


def _fold(text: str) -> str:
    from museum.catalogue.chinese import to_simplified

    text = to_simplified(text.strip()).lower()
    text = re.sub(r"[\s·,，、'’]+", "", text)
    for suffix in ("时期", "时代", "朝", "代", "period", "dynasty"):
        if text.endswith(suffix) and len(text) > len(suffix) + 0:
            stripped = text[: -len(suffix)]
            if stripped:
                text = stripped
    return text


@cache
def _index(kind: str) -> dict:
    terms = KINDS[kind]
    index = {}
    for term in terms:
        for label in (term.key, *term.names.values(), *term.aliases):
            index.setdefault(_fold(label), term)
    return index


class UnknownTerm(ValueError):
    def __init__(self, kind: str, value: str, suggestions: list[str]):
        hint = f"; did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(f"unknown {kind} {value!r}{hint}")
        self.suggestions = suggestions
        # the problem named for the workspace (museum.curator.problems), as a ParseError names its own
        self.code, self.params = "unknown_term", {"value": value, "suggestions": suggestions}


def lookup(kind: str, value: str) -> Term:
    """Find a category, period or grade by key or by any of its names/aliases in any language."""
    index = _index(kind)
    term = index.get(_fold(value))
    if term is None:
        close = difflib.get_close_matches(_fold(value), list(index), n=2, cutoff=0.6)
        names = []
        for c in close:
            t = index[c]
            label = t.names["en"] if re.match(r"[a-z]", value.strip(), re.I) else t.names["zh"]
            if label not in names:
                names.append(label)
        raise UnknownTerm(kind, value, names)
    return term


def lookup_value(kind: str, value: str) -> str:
    """The stored form of an imported value: its key, or for list kinds the keys joined by ``,``.
    Raises :class:`UnknownTerm` naming the first unknown part."""
    if kind not in LIST_KINDS:
        return lookup(kind, value).key
    try:
        return lookup(kind, value).key  # a name that itself contains a separator
    except UnknownTerm:
        parts = [p for p in SEPARATORS.split(value.strip()) if p]
        if len(parts) < 2:
            raise
        return ",".join(dict.fromkeys(lookup(kind, part).key for part in parts))


@cache
def _by_key(kind: str) -> dict[str, Term]:
    return {t.key: t for t in KINDS[kind]}


def by_key(kind: str, key: str | None) -> Term | None:
    if not key:
        return None
    return _by_key(kind).get(key)


def terms_of(kind: str, value: str | None) -> list[Term] | None:
    """The terms a stored value names, or None when it is not made of keys (free text)."""
    if not value:
        return []
    keys = value.split(",") if kind in LIST_KINDS else [value]
    terms = [by_key(kind, k) for k in keys]
    return None if any(t is None for t in terms) else terms


LIST_JOINERS = {"zh": "、", "zh-Hant": "、", "ja": "・", "ko": ", ", "en": ", ", "fr": ", "}


def label(kind: str, value: str | None, lang: str) -> tuple[str, bool]:
    """(text in ``lang``, True) for a stored key (or keys); (the value itself, False) for free text."""
    terms = terms_of(kind, value)
    if terms is None:
        return value or "", False
    names = [t.name(lang) for t in terms]
    if names and lang not in ("en", "fr") and len(names) > 1:
        return LIST_JOINERS[lang].join(names), True
    if len(names) > 1:
        rest = LIST_JOINERS[lang].join(n[0].lower() + n[1:] for n in names[1:])
        return names[0] + LIST_JOINERS[lang] + rest, True
    return (names[0] if names else ""), True


def names_of(kind: str, value: str | None) -> dict[str, list[str]]:
    """Every language's names and the aliases of a stored value (for the search index)."""
    names: dict[str, list[str]] = {}
    for term in terms_of(kind, value) or []:
        for lang, name in term.names.items():
            if name:
                names.setdefault(lang, []).append(name)
        for alias in term.aliases:
            names.setdefault("en" if alias.isascii() else "zh", []).append(alias)
    if value and terms_of(kind, value) is None:
        names.setdefault("zh", []).append(value)
    return names


def format_years(start: int | None, end: int | None, lang: str) -> str:
    """'475–221 BC', '206 BC–AD 8', '公元前475年—前221年', '618–907' ..."""
    if start is None and end is None:
        return ""
    if lang in ("zh", "zh-Hant", "ja"):
        bce, ce, yr, dash = {"zh": ("公元前", "公元", "年", "—"), "zh-Hant": ("公元前", "公元", "年", "—"),
                             "ja": ("紀元前", "", "年", "–")}[lang]

        def one(y, first):
            if y is None:
                return "今" if lang != "ja" else "現在"
            if y < 0:
                return f"{bce if first or lang == 'ja' else '前'}{-y}{yr}"
            era = ce if start is not None and start < 0 else ""  # a range that begins BCE names both eras
            return f"{era}{y}{yr}"

        return one(start, True) + (dash + one(end, False) if end != start else "")
    if lang == "ko":
        def one(y):
            return "현재" if y is None else (f"기원전 {-y}년" if y < 0 else f"{y}년")
        return one(start) + ("–" + one(end) if end != start else "")
    bc, ad = ("av. J.-C.", "apr. J.-C.") if lang == "fr" else ("BC", "AD")
    if start is not None and end is not None and start < 0 and end < 0:
        return f"{-start}–{-end} {bc}" if start != end else f"{-start} {bc}"
    if start is not None and start < 0:
        end_text = "present" if end is None else (f"{ad} {end}" if lang == "en" else f"{end} {ad}")
        return f"{-start} {bc}–{end_text}"
    end_text = ("présent" if lang == "fr" else "present") if end is None else str(end)
    return f"{start}–{end_text}" if end != start else str(start)
