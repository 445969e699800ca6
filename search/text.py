"""Text preparation shared by every engine: folding, CJK character pairs, pinyin, stemming.

Engines receive whitespace-separated token strings made here, so the embedded index and
Elasticsearch analyse documents and queries identically.

- ``fold``: NFKC, control characters removed, traditional → simplified (OpenCC ``t2s``, which turns
  錞 into 𬭚 — stored titles are displayed, folded text is searched), lower case, Latin accents removed.
- CJK runs (Han, kana, hangul) give every character (``unigrams``) and every adjacent pair (``pairs``);
  a longer query is a phrase over its pairs, so its characters must appear together and in order.
- Latin words are stemmed in English or French (Snowball).
- Chinese titles also give toneless pinyin: syllables, and every run of up to 8 syllables joined
  ("hu niu chun yu", "huniuchunyu", "huniu").
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

GAP = "|"  # between runs and values: phrases never match across it
MAX_PINYIN_GRAM = 8

_CJK_RANGES = (
    "\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
)
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_HAN_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
_RUN = re.compile(f"(?P<cjk>[{_CJK_RANGES}]+)|(?P<word>[^\\W_{_CJK_RANGES}]+)")
_CONTROL = re.compile("[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
_COMBINING = re.compile("[\u0300-\u036f]")


@lru_cache(maxsize=2)
def _opencc(config: str):
    import opencc

    return opencc.OpenCC(config)


_THREAD = threading.local()


def _stemmer(language: str):
    """This thread's Snowball stemmer for ``language``: a stemmer keeps the word being stemmed in itself,
    so two threads sharing one corrupt each other's words (an IndexError under load, found by
    benchmarks/load.py)."""
    stemmers = _THREAD.__dict__.setdefault("stemmers", {})
    if language not in stemmers:
        import snowballstemmer

        stemmers[language] = snowballstemmer.stemmer(language)
    return stemmers[language]


def strip_controls(text: str) -> str:
    return _CONTROL.sub(" ", text)


@lru_cache(maxsize=100_000)
def fold(text: str) -> str:
    """The searchable form of any text: NFKC, no controls, simplified, lower case, no accents."""
    text = unicodedata.normalize("NFKC", text)
    text = strip_controls(text)
    text = _opencc("t2s").convert(text).lower()
    if _COMBINING.search(unicodedata.normalize("NFD", text)):
        text = unicodedata.normalize("NFC", _COMBINING.sub("", unicodedata.normalize("NFD", text)))
    return text


def fold_char(char: str) -> str:
    """``fold`` of one character (used to map highlights back onto the stored text)."""
    return fold(char) if char.strip() else char


@dataclass(frozen=True)
class Run:
    kind: str  # "cjk" | "word"
    text: str  # folded


def runs(text: str, folded: bool = False) -> list[Run]:
    """Folded text split into CJK runs and Latin/number words; punctuation and syntax are dropped."""
    source = text if folded else fold(text)
    return [Run("cjk" if m.group("cjk") else "word", m.group(0)) for m in _RUN.finditer(source)]


def is_han(char: str) -> bool:
    return bool(_HAN.match(char))


def pairs(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


@lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """Snowball stem of a folded word; ``language`` is "en" or "fr" (numbers are kept as they are)."""
    if word.isdigit():
        return word
    return _stemmer("french" if language == "fr" else "english").stemWord(word)


def stems(word: str) -> list[str]:
    """The word's stems in English and French (a query's language is not known for sure)."""
    found = [stem(word, "en"), stem(word, "fr")]
    return list(dict.fromkeys(found))


def pinyin_syllables(text: str) -> list[list[str]]:
    """Toneless pinyin of each Han run of ``text`` (the stored, unfolded form reads best)."""
    normalised = unicodedata.normalize("NFKC", strip_controls(text))
    result = [list(_run_pinyin(m.group(0))) for m in _HAN_RUN.finditer(normalised)]
    return [syllables for syllables in result if syllables]


@lru_cache(maxsize=100_000)
def _run_pinyin(run: str) -> tuple[str, ...]:
    from pypinyin import lazy_pinyin

    return tuple(s.lower() for s in lazy_pinyin(run) if s.isascii() and s.isalpha())


def pinyin_grams(syllables: list[str], longest: int = MAX_PINYIN_GRAM) -> list[str]:
    """Every run of 2..``longest`` adjacent syllables, joined without spaces."""
    grams = []
    for start in range(len(syllables)):
        for end in range(start + 2, min(len(syllables), start + longest) + 1):
            grams.append("".join(syllables[start:end]))
    return grams


@dataclass
class Tokens:
    """Token lists of one text field; each list becomes a whitespace-joined engine field."""

    unigrams: list[str]
    pairs: list[str]
    words: list[str]

    def extend(self, other: Tokens) -> None:
        for mine, theirs in ((self.unigrams, other.unigrams), (self.pairs, other.pairs),
                             (self.words, other.words)):
            if theirs:
                if mine:
                    mine.append(GAP)
                mine.extend(theirs)


def analyse(text: str, language: str = "en", folded: bool = False) -> Tokens:
    """Tokens of a document text in ``language`` (its stemmer is used for Latin words)."""
    unigrams, pair_tokens, words = _analyse(text if folded else fold(text), language)
    return Tokens(list(unigrams), list(pair_tokens), list(words))


@lru_cache(maxsize=50_000)
def _analyse(folded: str, language: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    tokens = Tokens([], [], [])
    for run in runs(folded, folded=True):
        if run.kind == "cjk":
            if tokens.unigrams:
                tokens.unigrams.append(GAP)
                tokens.pairs.append(GAP)
            tokens.unigrams.extend(run.text)
            tokens.pairs.extend(pairs(run.text))
        else:
            tokens.words.append(stem(run.text, language))
    return tuple(tokens.unigrams), tuple(tokens.pairs), tuple(tokens.words)


def joined(tokens: list[str]) -> str:
    """The engine form of a token list (tokens never contain whitespace)."""
    return " ".join(tokens)
