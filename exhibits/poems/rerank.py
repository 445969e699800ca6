"""Reranking finished candidates: the whole poem is judged, not just its left-to-right likelihood.

score = style LM per character + right-to-left LM per character + relatedness between lines
        + two-character words + 对仗 (律诗: share of parallel middle couplets and of matching positions)
        − clichés − what the station wrote recently − near copies

All candidates of a request are judged together (the right-to-left model and the near-copy hashes in
one batch each).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from exhibits.poems import features, parallelism

WEIGHTS = {"lm": 1.0, "reverse": 0.6, "related": 2.0, "words": 0.4, "parallel": 3.0,
           "parallel_positions": 1.0, "cliche": 1.0, "recent": 1.5, "near_copy": 0.8}


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


def parallel_parts(model, lines: list[str]) -> tuple[float, float]:
    """(share of the middle couplets that are parallel, share of their positions that match); 0 unless
    律诗."""
    couplets = parallelism.middle_couplets(lines)
    if not couplets:
        return 0.0, 0.0
    analyses = [parallelism.analyse_couplet(a, b, model.lexicon, model.tones.tone_of) for a, b in couplets]
    return (sum(a.parallel for a in analyses) / len(analyses),
            sum(a.matched_share for a in analyses) / len(analyses))


def near_copies(model, poems: list[list[str]]) -> np.ndarray:
    """How many lines of each poem are within one character of a corpus line (one batch)."""
    counts = np.zeros(len(poems))
    for length in {len(p[0]) for p in poems}:
        numbers = [n for n, p in enumerate(poems) if len(p[0]) == length]
        lines = [line for n in numbers for line in poems[n]]
        codes = features.line_codes(lines)
        masked = np.repeat(codes, length, axis=0)
        masked[np.arange(len(masked)), np.tile(np.arange(length), len(lines))] = features.MASK_TOKEN
        found = features.contains(model.near_lines, features.line_hash(masked))
        near = found.reshape(len(lines), length).any(axis=1)
        counts[numbers] = near.reshape(len(numbers), -1).sum(axis=1)
    return counts


def relatedness_all(model, poems: list[list[str]]) -> np.ndarray:
    """:func:`relatedness` of poems of one shape, in one batch."""
    ids = model.token_ids(features.line_codes([line for lines in poems for line in lines]).astype(np.int64))
    vectors = np.where((ids >= 0)[..., None], model.vectors[np.maximum(ids, 0)], 0.0)  # (lines, length, dims)
    known = (ids >= 0).sum(axis=1)[:, None]
    centres = vectors.sum(axis=1) / np.maximum(known, 1)
    norms = np.linalg.norm(centres, axis=1, keepdims=True)
    centres = np.where(norms > 0, centres / np.where(norms > 0, norms, 1), centres)
    per_poem = centres.reshape(len(poems), len(poems[0]), -1)
    sims = np.einsum("pid,pjd->pij", per_poem, per_poem)
    n = per_poem.shape[1]
    return (sims.sum(axis=(1, 2)) - np.trace(sims, axis1=1, axis2=2)) / (n * (n - 1))


def judge_all(model, candidates: list[list[str]], lms: list[float], recent: set[str]) -> list[Judgement]:
    """Judgements of all candidate poems of one request (all of one shape)."""
    reverse = model.reverse_logprobs(candidates)
    near = near_copies(model, candidates)
    related = relatedness_all(model, candidates)
    out = []
    for lines, lm, backward, copies, close in zip(candidates, lms, reverse.tolist(), near.tolist(),
                                                   related.tolist(), strict=True):
        chars = sum(len(line) for line in lines)
        grams = [line[i:i + 4] for line in lines for i in range(len(line) - 3)]
        parallel, positions = parallel_parts(model, lines)
        parts = {
            "lm": lm / chars,
            "reverse": backward / chars,
            "related": close,
            "words": word_score(model, lines),
            "parallel": parallel,
            "parallel_positions": positions,
            "cliche": -float(sum(np.log10(model.cliches[g]) for g in grams if g in model.cliches)),
            "recent": -float(sum(line[i:i + 3] in recent for line in lines for i in range(len(line) - 2))),
            "near_copy": -copies,
        }
        out.append(Judgement(sum(WEIGHTS[k] * v for k, v in parts.items()), parts))
    return out


def judge(model, lines: list[str], lm: float, recent: set[str]) -> Judgement:
    return judge_all(model, [lines], [lm], recent)[0]
