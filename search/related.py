"""Help for a search with no hits: spelling and pinyin suggestions and related glossary terms.

Framework-free. :func:`suggest` reads the query against the museum glossary (``glossary.json``) and answers
concepts to offer, best first, each with why: ``spelling`` (a Latin word close to a glossary term),
``pinyin`` (a toneless pinyin spelling of a Chinese term: ``qingtong`` → 青铜, ``tongjing`` → 铜镜),
``same`` (the query names a concept: offered in the reader's language) and ``related`` (a concept
sharing a character with the query, 铜镜 → 青铜, or listed in the concept's ``related``). The caller
keeps the ones that find something.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from functools import lru_cache

from search import text
from search.glossary import GLOSSARY_PATH

FALLBACK = {"zh": ("zh", "zh-Hant"), "zh-Hant": ("zh-Hant", "zh"), "ja": ("ja", "zh"), "ko": ("ko", "en"),
            "en": ("en",), "fr": ("fr", "en")}


@dataclass(frozen=True)
class Suggestion:
    key: str  # the glossary concept
    term: str  # what to search for, in the reader's language
    language: str  # the term's language (another one when the concept has no term in the reader's)
    reason: str  # spelling | pinyin | same | related


@dataclass(frozen=True)
class _Concept:
    key: str
    terms: dict  # language -> [terms]
    related: tuple


@lru_cache(maxsize=1)
def _concepts() -> dict[str, _Concept]:
    data = json.loads(GLOSSARY_PATH.read_text(encoding="utf-8"))
    return {c["key"]: _Concept(c["key"],
                               {k: v for k, v in c.items() if isinstance(v, list) and k != "related"},
                               tuple(c.get("related", ()))) for c in data["concepts"]}


@lru_cache(maxsize=1)
def _indexes():
    latin, cjk, pinyin = {}, {}, {}
    for concept in _concepts().values():
        for language, terms in concept.terms.items():
            for term in terms:
                folded = text.fold(term)
                if all(r.kind == "cjk" for r in text.runs(folded, folded=True)):
                    cjk.setdefault(folded, set()).add(concept.key)
                    for syllables in text.pinyin_syllables(term):
                        if len(syllables) > 1 or len(folded) == 1:
                            pinyin.setdefault("".join(syllables), set()).add(concept.key)
                elif language in ("en", "fr"):
                    latin.setdefault(folded, set()).add(concept.key)
    return latin, cjk, pinyin


def term_in(key: str, lang: str) -> tuple[str, str]:
    """The concept's first term in ``lang`` (or the nearest language that has one) and its language."""
    concept = _concepts()[key]
    for language in (*FALLBACK.get(lang, (lang,)), "en", "zh"):
        terms = concept.terms.get(language)
        if terms:
            if lang == "zh-Hant" and language == "zh":
                return text._opencc("s2t").convert(terms[0]), "zh-Hant"
            return terms[0], language
    return key, "en"


def suggest(q: str, lang: str, limit: int = 8) -> list[Suggestion]:
    latin, cjk, pinyin = _indexes()
    folded = text.fold(text.strip_controls(q)).strip()
    found: dict[str, str] = {}  # concept key -> reason, first reason wins

    def add(keys, reason):
        # a concept's own list keeps its order
        for key in (keys if isinstance(keys, tuple) else sorted(keys)):
            found.setdefault(key, reason)

    runs = text.runs(folded, folded=True)
    words = [r.text for r in runs if r.kind == "word"]
    phrase = " ".join(words)
    if phrase in latin:
        add(latin[phrase], "same")
    squeezed = "".join(words)
    if squeezed in pinyin:
        add(pinyin[squeezed], "pinyin")
    for word in [phrase, *words]:
        if not word:
            continue
        for close in difflib.get_close_matches(word, list(latin), n=3, cutoff=0.75):
            add(latin[close], "spelling")
        for close in difflib.get_close_matches(word.replace(" ", ""), list(pinyin), n=2, cutoff=0.85):
            add(pinyin[close], "pinyin")
    for run in (r.text for r in runs if r.kind == "cjk"):
        if run in cjk:
            add(cjk[run], "same")
        shared = {key for term, keys in cjk.items() if set(term) & set(run) and text.is_han(term[0])
                  for key in keys}
        add(shared, "related")
    for key in list(found):
        add(_concepts()[key].related, "related")
    suggestions, seen_terms = [], {text.fold(q).strip()}
    for key, reason in found.items():
        term, language = term_in(key, lang)
        if text.fold(term) in seen_terms:
            continue
        seen_terms.add(text.fold(term))
        suggestions.append(Suggestion(key, term, language, reason))
    order = {"spelling": 0, "pinyin": 0, "same": 1, "related": 2}
    return sorted(suggestions, key=lambda s: order[s.reason])[:limit]
