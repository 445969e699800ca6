"""The neural poem model's training data (:mod:`exhibits.poems.neural_train`): the regulated corpus encoded
per form as token, target, condition and loss-mask arrays.

The vocabulary is the most frequent characters (the rest are UNK). Each line is given a keyword taken from
the line itself (a character weighted by its rarity, at times with its neighbour, at times none), so the
model learns to write a line around a planned keyword; the poet (station poets, else "another poet") and the
form condition every step.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from exhibits.poems.neural import (
    BOS,
    EOL,
    FORMS,
    PAD,
    SPECIALS,
    STOP_CHARACTERS,
    UNK,
    cond_offsets,
    form_index,
    poet_group,
)


# -- data --------------------------------------------------------------------------------------------------
def vocabulary(poems, size: int) -> list[str]:
    counts = Counter(c for poem in poems for line in poem.lines for c in line)
    return [c for c, _ in counts.most_common(size)]


def line_keyword(line: str, ids: dict[str, int], weight: dict[str, float], rng) -> tuple[int, int]:
    """A training line's keyword: one of its characters by rarity weight (a stop character never), with its
    right neighbour a third of the time; no keyword one line in ten."""
    choices = [i for i, c in enumerate(line) if weight.get(c, 0.0) > 0]
    if not choices or rng.random() < 0.1:
        return PAD, PAD
    cumulative = np.cumsum([weight[line[i]] for i in choices])
    at = choices[min(int(np.searchsorted(cumulative, rng.random() * cumulative[-1])), len(choices) - 1)]
    first = ids.get(line[at], UNK)
    if at + 1 < len(line) and rng.random() < 0.33 and line[at + 1] in ids:
        return first, ids[line[at + 1]]
    return first, PAD


def keyword_weights(poems, chars: list[str]) -> dict[str, float]:
    document = Counter(c for poem in poems for line in poem.lines for c in set(line))
    lines = sum(len(poem.lines) for poem in poems)
    stop = set(chars[:STOP_CHARACTERS])
    return {c: math.log(lines / document[c]) ** 2 for c in chars if c not in stop and document[c]}


def encode_poems(poems, chars: list[str], seed: int = 0) -> dict[tuple[int, int], dict[str, np.ndarray]]:
    """Per form: inputs [N, T], targets [N, T], cond [N, T, 6], loss mask [N, T] (line ends excluded)."""
    ids = {c: i + SPECIALS for i, c in enumerate(chars)}
    vocab = len(chars) + SPECIALS
    weight = keyword_weights(poems, chars)
    offsets = cond_offsets(vocab)
    rng = np.random.default_rng(seed)
    buckets: dict[tuple[int, int], list] = {shape: [] for shape in FORMS}
    for poem in poems:
        shape = (len(poem.lines[0]), len(poem.lines))
        if shape not in buckets:
            continue
        form, group = form_index(*shape), poet_group(poem.author)
        inputs, targets, cond, mask = [], [], [], []
        token = BOS
        for number, line in enumerate(poem.lines):
            keyword = line_keyword(line, ids, weight, rng)
            line_ids = [ids.get(c, UNK) for c in line] + [EOL]
            inputs.append(token)
            inputs.extend(line_ids[:-1])
            targets.extend(line_ids)
            cond.extend([keyword[0], keyword[1], offsets["form"] + form, offsets["poet"] + group,
                         offsets["line"] + number, offsets["position"] + position]
                        for position in range(len(line) + 1))
            mask.extend([True] * len(line) + [False])
            token = EOL
        buckets[shape].append((inputs, targets, cond, mask))
    out = {}
    for shape, rows in buckets.items():
        if rows:
            out[shape] = {"inputs": np.array([r[0] for r in rows], np.int32),
                          "targets": np.array([r[1] for r in rows], np.int32),
                          "cond": np.array([r[2] for r in rows], np.int32),
                          "mask": np.array([r[3] for r in rows], np.float32)}
    return out
