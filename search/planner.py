"""User text → engine-neutral query tree. No query syntax exists: quotes, AND, NEAR(, *, :, brackets
and control characters are ordinary text, and the only limit is the length (:class:`QueryTooLong`).

Every unit of the query (a CJK run, a word, a glossary term) must match (AND); each unit may match
in several ways (OR): titles count three times the body, pinyin and accession numbers match too,
and glossary concepts add their other languages at a lower weight.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from search import text
from search.cache import LRU
from search.exceptions import QueryTooLong
from search.glossary import Glossary, default_glossary
from search.query import (
    BODY_PAIRS,
    BODY_UNIGRAMS,
    BODY_WORDS,
    IDS,
    PINYIN,
    PINYIN_GRAMS,
    TITLE_PAIRS,
    TITLE_UNIGRAMS,
    TITLE_WORDS,
)
from search.tree import Fuzzy, MatchAll, Node, Prefix, Term, all_of, any_of, phrase_or_term

MAX_QUERY_CHARS = 500
MAX_UNITS = 24
PLAN_CACHE_SIZE = 4096  # analysed queries kept per planner (a plan is a few kB)
TITLE_BOOST = 3.0
EXPANSION_BOOST = 0.5
PINYIN_TERM_BOOST = 4.0  # a whole Chinese term spelt in pinyin (qingtong → 青铜) reads as that term
STOP_WORDS = frozenset(
    "a an and the of in on at to with or not near by for from is "
    "le la les l de des du d et ou un une au aux en dans sur par pour".split()
)
_ACCESSION = re.compile(r"^[0-9][\w.\-/]*$")


@dataclass
class Plan:
    """What the planner made of a query. Plans are cached and shared: read them, never change them."""

    node: Node
    cjk: set[str] = field(default_factory=set)  # folded CJK strings to highlight
    stems: set[str] = field(default_factory=set)  # word stems to highlight
    words: list[str] = field(default_factory=list)  # the query's folded words (for did-you-mean)
    empty: bool = False


def check_length(q: str) -> None:
    if len(q) > MAX_QUERY_CHARS:
        raise QueryTooLong(f"the query is {len(q)} characters long; the limit is {MAX_QUERY_CHARS}")


def cjk_match(run: str, boost: float = 1.0) -> Node | None:
    if len(run) == 1:
        return any_of([Term(TITLE_UNIGRAMS, run, TITLE_BOOST * boost), Term(BODY_UNIGRAMS, run, boost)])
    pairs = text.pairs(run)
    return any_of([phrase_or_term(TITLE_PAIRS, pairs, TITLE_BOOST * boost),
                   phrase_or_term(BODY_PAIRS, pairs, boost)])


def stems_match(stems: list[str], boost: float = 1.0) -> Node | None:
    return any_of([phrase_or_term(TITLE_WORDS, stems, TITLE_BOOST * boost),
                   phrase_or_term(BODY_WORDS, stems, boost)])


def word_match(word: str, fuzzy: bool = False) -> Node | None:
    options: list = []
    for stem in text.stems(word):
        options += [Term(TITLE_WORDS, stem, TITLE_BOOST), Term(BODY_WORDS, stem)]
    if word.isascii() and word.isalpha():
        options += [Term(PINYIN, word, 2.0), Term(PINYIN_GRAMS, word, 2.0)]
    options.append(Term(IDS, word, 5.0))
    if fuzzy and len(word) >= 4 and not word.isdigit():
        distance = 1 if len(word) <= 5 else 2
        stem = text.stem(word, "en")
        options += [Fuzzy(TITLE_WORDS, stem, distance, TITLE_BOOST / 2),
                    Fuzzy(BODY_WORDS, stem, distance, 0.5),
                    Fuzzy(PINYIN_GRAMS, word, distance, 1.0)]
    return any_of(options)


class Planner:
    def __init__(self, glossary: Glossary | None = None, cache_size: int = PLAN_CACHE_SIZE):
        self.glossary = glossary or default_glossary()
        # a plan depends on the text alone (not on the language, filters or page), so that is the key
        self.plans: LRU[Plan] = LRU(cache_size)

    def expansions(self, keys: set[str], plan: Plan, boost: float = EXPANSION_BOOST) -> Node | None:
        options = []
        for key in sorted(keys):
            for expansion in self.glossary.expansions.get(key, []):
                if expansion.cjk:
                    options.append(cjk_match(expansion.cjk, boost))
                    plan.cjk.add(expansion.cjk)
                else:
                    options.append(stems_match(list(expansion.stems), boost))
                    plan.stems.update(expansion.stems)
        return any_of(options)

    def cjk_unit(self, run: str, plan: Plan) -> Node | None:
        plan.cjk.add(run)
        pieces = self.glossary.segment_cjk(run)
        exact = cjk_match(run)
        if not any(keys for _, keys in pieces):
            return exact
        if len(pieces) == 1:
            return any_of([exact, self.expansions(pieces[0][1], plan)])
        parts = [any_of([cjk_match(piece), self.expansions(keys, plan)]) if keys else cjk_match(piece)
                 for piece, keys in pieces]
        return any_of([exact, all_of(parts)])

    def plan(self, q: str, fuzzy: bool = False) -> Plan:
        """The plan of ``q`` (with fuzzy matches of its words when ``fuzzy``), analysed once per process."""
        check_length(q)
        return self.plans.get((q, fuzzy), lambda: self.analyse(q, fuzzy))

    def analyse(self, q: str, fuzzy: bool = False) -> Plan:
        check_length(q)
        runs = text.runs(q)[: MAX_UNITS * 2]
        words = [r.text for r in runs if r.kind == "word"]
        if any(r.kind == "cjk" for r in runs) or any(w not in STOP_WORDS for w in words):
            runs = [r for r in runs if r.kind == "cjk" or r.text not in STOP_WORDS]
        plan = Plan(MatchAll(), words=[r.text for r in runs if r.kind == "word"])
        if not runs:
            plan.empty = True
            return plan
        units: list = []
        i = 0
        while i < len(runs) and len(units) < MAX_UNITS:
            run = runs[i]
            if run.kind == "cjk":
                units.append(self.cjk_unit(run.text, plan))
                i += 1
                continue
            j = i
            while j < len(runs) and runs[j].kind == "word":
                j += 1
            segment = [r.text for r in runs[i:j]]
            units += self.word_units(segment, plan, fuzzy)
            i = j
        alternatives = [all_of(units)]
        stripped = text.fold(q).strip()
        if _ACCESSION.match(stripped):
            alternatives.append(Term(IDS, stripped, 10.0))
        if len(plan.words) >= 2 and len(plan.words) == len(runs) and all(w.isascii() and w.isalpha()
                                                                          for w in plan.words):
            alternatives.append(Term(PINYIN_GRAMS, "".join(plan.words), 4.0))
        plan.node = any_of(alternatives) or MatchAll()
        return plan

    def word_units(self, words: list[str], plan: Plan, fuzzy: bool) -> list:
        units = []
        k = 0
        while k < len(words):
            length, keys = self.glossary.match_words(words, k)
            spelt_length = self.glossary.match_pinyin(words, k)[0]
            if length and length >= spelt_length:  # "qing tong" is 青铜 before it is the Qing dynasty
                window = words[k : k + length]
                exact = all_of([word_match(w, fuzzy) for w in window])
                units.append(any_of([exact, self.expansions(keys, plan)]))
                for w in window:
                    plan.stems.update(text.stems(w))
                k += length
                continue
            length, keys = self.glossary.match_pinyin(words, k)
            if length:
                window = words[k : k + length]
                spelt = Term(PINYIN_GRAMS, "".join(window), PINYIN_TERM_BOOST)
                exact = all_of([word_match(w) for w in window])  # a term spelt whole is not a misspelling
                units.append(any_of([exact, spelt, self.expansions(keys, plan, PINYIN_TERM_BOOST)]))
                plan.stems.update(s for w in window for s in text.stems(w))
                k += length
                continue
            units.append(word_match(words[k], fuzzy))
            plan.stems.update(text.stems(words[k]))
            k += 1
        return units


def suggest_node(q: str) -> tuple[Node | None, str]:
    """Prefix matching over titles and pinyin for completions; returns (tree, folded prefix)."""
    check_length(q)
    runs = text.runs(q)
    if not runs:
        return None, ""
    units = []
    for run in runs[:-1]:
        units.append(cjk_match(run.text) if run.kind == "cjk" else word_match(run.text))
    last = runs[-1]
    if last.kind == "cjk":
        units.append(cjk_match(last.text))
    else:
        options = [Prefix(TITLE_WORDS, last.text, TITLE_BOOST), Prefix(PINYIN_GRAMS, last.text, 2.0),
                   Prefix(PINYIN, last.text, 2.0)]
        options += [Term(TITLE_WORDS, s, TITLE_BOOST) for s in text.stems(last.text)]
        units.append(any_of(options))
    node = all_of(units)
    words = [r.text for r in runs]
    if len(runs) > 1 and all(r.kind == "word" and r.text.isascii() and r.text.isalpha() for r in runs):
        node = any_of([node, Prefix(PINYIN_GRAMS, "".join(words), 4.0)])
    return node, "".join(words) if all(r.kind == "word" for r in runs) else last.text
