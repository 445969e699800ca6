"""Cross-lingual expansion from the museum glossary (``glossary.json``, kept as data).

A concept lists its terms per language; a query containing one of them also searches for the others
("bronze" → 青铜, 銅器, 청동 ...). CJK terms are matched inside a query run (longest first; one-character
terms only when they are the whole run); Latin terms are matched as stemmed word sequences.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from languages import LANGUAGES
from search import text

GLOSSARY_PATH = Path(__file__).with_name("glossary.json")
MAX_WORDS = 4


@dataclass(frozen=True)
class Expansion:
    """One term of a concept in searchable form: a CJK run or a sequence of stems."""

    language: str
    cjk: str | None
    stems: tuple[str, ...]


class Glossary:
    def __init__(self, concepts: list[dict], source: str = "glossary"):
        self.cjk_terms: dict[str, set[str]] = {}
        self.word_terms: dict[tuple[str, ...], set[str]] = {}
        self.expansions: dict[str, list[Expansion]] = {}
        # toneless pinyin of Chinese terms of two or more characters
        self.pinyin_terms: dict[str, set[str]] = {}
        for number, concept in enumerate(concepts, 1):
            key = concept.get("key")
            if not key or not isinstance(key, str):
                raise ValueError(f"{source}: concept {number} has no 'key'")
            for language in LANGUAGES:
                terms = concept.get(language, [])
                if not isinstance(terms, list):
                    raise ValueError(f"{source}: concept {key!r}, {language}: expected a list of terms")
                for term in terms:
                    self._add(key, language, term)

    def _add(self, key: str, language: str, term: str) -> None:
        runs = text.runs(term)
        if len(runs) == 1 and runs[0].kind == "cjk":
            run = runs[0].text
            self.cjk_terms.setdefault(run, set()).add(key)
            ambiguous = len(run) == 1 and not text.is_han(run)
            if not ambiguous:
                self.expansions.setdefault(key, []).append(Expansion(language, run, ()))
            if language in ("zh", "zh-Hant") and len(run) > 1:
                for syllables in text.pinyin_syllables(term):
                    if len(syllables) == len(run):
                        self.pinyin_terms.setdefault("".join(syllables), set()).add(key)
            return
        words = [r.text for r in runs if r.kind == "word"]
        if not words or len(words) != len(runs):
            return
        stems = tuple(text.stem(w, language) for w in words)
        self.expansions.setdefault(key, []).append(Expansion(language, None, stems))
        for stemmer_language in ("en", "fr"):
            self.word_terms.setdefault(tuple(text.stem(w, stemmer_language) for w in words), set()).add(key)

    def segment_cjk(self, run: str) -> list[tuple[str, set[str]]]:
        """Greedy longest-match split of a folded CJK run into (piece, concept keys) pairs."""
        pieces: list[tuple[str, set[str]]] = []
        i = 0
        longest = max((len(t) for t in self.cjk_terms), default=1)
        while i < len(run):
            for length in range(min(longest, len(run) - i), 0, -1):
                piece = run[i : i + length]
                keys = self.cjk_terms.get(piece)
                if keys and (length > 1 or len(run) == 1):
                    pieces.append((piece, keys))
                    i += length
                    break
            else:
                if pieces and not pieces[-1][1]:
                    pieces[-1] = (pieces[-1][0] + run[i], set())
                else:
                    pieces.append((run[i], set()))
                i += 1
        return pieces

    def match_words(self, words: list[str], start: int) -> tuple[int, set[str]]:
        """The longest glossary term starting at ``words[start]``: (number of words, concept keys)."""
        for length in range(min(MAX_WORDS, len(words) - start), 0, -1):
            window = words[start : start + length]
            for language in ("en", "fr"):
                keys = self.word_terms.get(tuple(text.stem(w, language) for w in window))
                if keys:
                    return length, keys
        return 0, set()


    def match_pinyin(self, words: list[str], start: int) -> tuple[int, set[str]]:
        """The longest run of Latin words from ``words[start]`` that spells a Chinese term's syllables whole
        (``qingtong`` or ``qing tong`` → 青铜): (number of words, concept keys). One syllable alone never
        counts (``tong`` is 铜, 同, 通 …)."""
        for length in range(min(MAX_WORDS, len(words) - start), 0, -1):
            window = words[start : start + length]
            if all(w.isascii() and w.isalpha() for w in window):
                keys = self.pinyin_terms.get("".join(window))
                if keys:
                    return length, keys
        return 0, set()


@lru_cache(maxsize=1)
def default_glossary() -> Glossary:
    with GLOSSARY_PATH.open(encoding="utf-8") as handle:
        data = json.load(handle)
    return Glossary(data["concepts"], source=str(GLOSSARY_PATH))
