"""Reranking finished candidates: the whole poem is judged, not just its left-to-right likelihood.

score = style LM per character + right-to-left LM per character + relatedness between lines
        + two-character words + 对仗 (律诗) − clichés − what the station wrote recently − near copies
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from exhibits.poems import features

WEIGHTS = {"lm": 1.0, "reverse": 0.6, "related": 2.0, "words": 0.4, "parallel": 1.5,
           "cliche": 1.0, "recent": 1.5, "near_copy": 0.8}


@dataclass
class Judgement:
    total: float
    parts: dict[str, float]


def recent_grams(recent: list[list[str]]) -> set[str]:
    grams = set()
    for poem in recent:
        for line in poem:
            grams.update(line[i:i + 3] for i in range(len(line) - 2))
    return grams


def recent_pairs(recent: list[list[str]]) -> dict[str, float]:
    """Character pairs (inside lines) of the station's recent poems, weighted by how often they came."""
    counts: dict[str, float] = {}
    for poem in recent:
        for line in poem:
            for i in range(len(line) - 1):
                counts[line[i:i + 2]] = counts.get(line[i:i + 2], 0.0) + 1.0
    return counts


def relatedness(model, lines: list[str]) -> float:
    centres = []
    for line in lines:
        ids = [model.ids[c] for c in line if c in model.ids]
        vector = model.vectors[ids].mean(axis=0) if ids else np.zeros(model.vectors.shape[1])
        norm = np.linalg.norm(vector)
        centres.append(vector / norm if norm else vector)
    matrix = np.array(centres)
    sims = matrix @ matrix.T
    n = len(lines)
    return float((sims.sum() - np.trace(sims)) / (n * (n - 1)))


def word_score(model, lines: list[str]) -> float:
    slots = [(line, i) for line in lines for i in features.word_slots(len(line))]
    return sum(1.0 for line, i in slots if line[i:i + 2] in model.words) / len(slots)


def parallel_score(model, lines: list[str]) -> float:
    """Share of positions in the middle couplets whose characters share a word class."""
    if len(lines) != 8:
        return 0.0
    same = total = 0
    for first, second in ((lines[2], lines[3]), (lines[4], lines[5])):
        for a, b in zip(first, second, strict=True):
            total += 1
            same += model.classes.get(a, "x") == model.classes.get(b, "y")
    return same / total


def judge(model, lines: list[str], lm: float, recent: set[str]) -> Judgement:
    chars = sum(len(line) for line in lines)
    grams = [line[i:i + 4] for line in lines for i in range(len(line) - 3)]
    parts = {
        "lm": lm / chars,
        "reverse": model.reverse_logprob(lines) / chars,
        "related": relatedness(model, lines),
        "words": word_score(model, lines),
        "parallel": parallel_score(model, lines),
        "cliche": -float(sum(np.log10(model.cliches[g]) for g in grams if g in model.cliches)),
        "recent": -float(sum(line[i:i + 3] in recent for line in lines for i in range(len(line) - 2))),
        "near_copy": -float(sum(features.near_copy(line, model.near_lines) for line in lines)),
    }
    total = sum(WEIGHTS[k] * v for k, v in parts.items())
    return Judgement(total, parts)
