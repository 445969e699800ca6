"""Highlights and "did you mean", computed in Python on stored text so both engines agree.

Matching is done on folded text (simplified, lower case, no accents) mapped back character by
character onto the stored text, so 戰國 is marked when 战国 was searched.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from html import escape

from search import text
from search.planner import Plan

SNIPPET_CHARS = 160
_WORD = re.compile(r"[^\W_\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]+")


@lru_cache(maxsize=20_000)  # hits repeat across searches (popular objects); stored texts are immutable
def _folded_with_map(original: str) -> tuple[str, Sequence[int]]:
    """The folded text and, for each of its characters, the index of the stored character it came from."""
    folded = text.fold(original)
    if len(folded) == len(original):  # the usual case: folding kept every character in place
        return folded, range(len(original))
    pieces, positions = [], []
    for index, char in enumerate(original):
        for out in text.fold_char(char):
            pieces.append(out)
            positions.append(index)
    return "".join(pieces), positions


@lru_cache(maxsize=100_000)
def _stems(word: str) -> tuple[str, ...]:
    return tuple(text.stems(word))


def spans(original: str, plan: Plan) -> list[tuple[int, int]]:
    """Character spans of ``original`` that the query matched, merged and sorted."""
    folded, positions = _folded_with_map(original)
    found = []
    for needle in sorted(plan.cjk, key=len, reverse=True):
        start = folded.find(needle)
        while start != -1:
            found.append((start, start + len(needle)))
            start = folded.find(needle, start + 1)
    words, stems = plan.words, plan.stems
    if words or stems:
        for match in _WORD.finditer(folded):
            word = match.group(0)
            if word in words or not stems.isdisjoint(_stems(word)):
                found.append(match.span())
    merged: list[list[int]] = []
    for start, end in sorted(found):
        first, last = positions[start], positions[end - 1] + 1
        if merged and first <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return [(a, b) for a, b in merged]


def highlight(original: str, plan: Plan, limit: int = SNIPPET_CHARS,
              marks: list[tuple[int, int]] | None = None) -> str:
    """HTML: the text (or a window of it around the first match) with matches in <mark> (``marks``: the
    text's :func:`spans`, when the caller has them already)."""
    if marks is None:
        marks = spans(original, plan) if original else []
    start = 0
    if len(original) > limit and marks:
        start = max(0, min(marks[0][0] - limit // 4, len(original) - limit))
    end = min(len(original), start + limit)
    parts, cursor = [], start
    for a, b in marks:
        if b <= start or a >= end:
            continue
        a, b = max(a, start), min(b, end)
        parts.append(escape(original[cursor:a]))
        parts.append(f"<mark>{escape(original[a:b])}</mark>")
        cursor = b
    parts.append(escape(original[cursor:end]))
    return ("…" if start > 0 else "") + "".join(parts) + ("…" if end < len(original) else "")


def best_highlight(title: str, description: str, plan: Plan) -> str:
    """The description's matching passage, else the marked title."""
    marks = spans(description, plan) if description else []
    if marks:
        return highlight(description, plan, marks=marks)
    return highlight(title, plan)


def _distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment edit distance (a transposition costs 1), cut off above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def did_you_mean(q: str, words: list[str], sources: list[dict]) -> str | None:
    """The query with each unknown word replaced by the closest word of the fuzzy hits' texts."""
    vocabulary: Counter = Counter()
    for source in sources:
        for field_name in ("title", "description"):
            for value in (source.get(field_name) or {}).values():
                if isinstance(value, str):
                    vocabulary.update(m.group(0) for m in _WORD.finditer(text.fold(value)))
                    for run in text.pinyin_syllables(value):
                        vocabulary.update(text.pinyin_grams(run, longest=4))
    corrected = text.fold(text.strip_controls(q)).strip()
    changed = False
    for word in dict.fromkeys(words):
        if word in vocabulary or word.isdigit() or len(word) < 3:
            continue
        limit = 1 if len(word) <= 5 else 2
        scored = [(_distance(word, candidate, limit), -count, candidate)
                  for candidate, count in vocabulary.items() if abs(len(candidate) - len(word)) <= limit]
        scored = [s for s in scored if s[0] <= limit]
        if scored:
            best = min(scored)[2]
            corrected = re.sub(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", best, corrected)
            changed = True
    return corrected if changed else None
