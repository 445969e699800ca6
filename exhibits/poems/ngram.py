"""Character n-gram models in numpy arrays: modified Kneser-Ney and modified absolute discounting.

A model is a list of *levels*, one per context length k = 0 … order-1. A level holds the sorted keys
of its contexts (k character ids packed in an int64, ``BITS`` bits each), the back-off weight γ(h)
of each context, and for each context the slice of its observed followers with their discounted
probability mass. The probability of every next character given a context is then computed in one
pass over the levels: ``p = base; for each level: p = γ(h)·p; p[followers] += mass`` — interpolated
smoothing as in Chen & Goodman (1998), with three discounts D1, D2, D3+ per level.

The corpus model is modified Kneser-Ney (continuation counts below the top order, uniform base); a
poet's model is modified absolute discounting over the poet's own raw counts whose base is the corpus
model's distribution for the same context, so a poet with few poems leans on the whole corpus.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BITS = 14  # up to 16,384 distinct tokens
MASK = (1 << BITS) - 1


@dataclass
class Level:
    ctx_keys: np.ndarray  # int64, sorted
    ctx_start: np.ndarray  # int64, len(ctx_keys) + 1
    ctx_gamma: np.ndarray  # float32
    fol_ids: np.ndarray  # int32, sorted within each context
    fol_mass: np.ndarray  # float32


def pack(tokens) -> int:
    key = 0
    for token in tokens:
        key = (key << BITS) | int(token)
    return key


def ngram_keys(sequences: list[np.ndarray], order: int, pad: int) -> np.ndarray:
    """All n-gram keys of ``order`` (target = last token); sequences must start with order-1 pads."""
    keys = []
    for seq in sequences:
        seq = np.asarray(seq, dtype=np.int64)
        if len(seq) < order:
            continue
        key = np.zeros(len(seq) - order + 1, dtype=np.int64)
        for j in range(order):
            key = (key << BITS) | seq[j:len(seq) - order + 1 + j]
        targets = seq[order - 1:]
        keys.append(key[targets != pad])
    return np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)


def discounts(counts: np.ndarray) -> tuple[float, float, float]:
    n1, n2, n3, n4 = (int(np.count_nonzero(counts == i)) for i in (1, 2, 3, 4))
    if min(n1, n2, n3) == 0:
        return 0.5, 1.0, 1.5
    y = n1 / (n1 + 2 * n2)
    d1 = 1 - 2 * y * n2 / n1
    d2 = 2 - 3 * y * n3 / n2
    d3 = 3 - 4 * y * n4 / n3
    return max(d1, 0.05), max(d2, 0.1), max(d3, 0.1)


def build_level(keys: np.ndarray, counts: np.ndarray, k: int) -> Level:
    """One level from unique n-gram keys (k context tokens + target) and their counts."""
    d1, d2, d3 = discounts(counts)
    ctx = keys >> BITS if k else np.zeros(len(keys), dtype=np.int64)
    ctx_keys, starts = np.unique(ctx, return_index=True)
    totals = np.add.reduceat(counts, starts).astype(np.float64)
    n1 = np.add.reduceat((counts == 1).astype(np.int64), starts)
    n2 = np.add.reduceat((counts == 2).astype(np.int64), starts)
    n3 = np.add.reduceat((counts >= 3).astype(np.int64), starts)
    gamma = (d1 * n1 + d2 * n2 + d3 * n3) / totals
    d = np.where(counts == 1, d1, np.where(counts == 2, d2, d3))
    mass = np.maximum(counts - d, 0) / np.repeat(totals, np.diff(np.append(starts, len(keys))))
    return Level(ctx_keys.astype(np.int64), np.append(starts, len(keys)).astype(np.int64),
                 gamma.astype(np.float32), (keys & MASK).astype(np.int32), mass.astype(np.float32))


def train_kneser_ney(sequences: list[np.ndarray], order: int, pad: int) -> list[Level]:
    """Interpolated modified Kneser-Ney levels (context lengths 0 … order-1)."""
    levels: list[Level] = [None] * order  # type: ignore[list-item]
    top_keys, top_counts = np.unique(ngram_keys(sequences, order, pad), return_counts=True)
    levels[order - 1] = build_level(top_keys, top_counts, order - 1)
    higher = top_keys
    for n in range(order - 1, 0, -1):
        suffix = higher & ((1 << (BITS * n)) - 1)  # continuation: distinct left extensions
        keys, counts = np.unique(suffix, return_counts=True)
        levels[n - 1] = build_level(keys, counts, n - 1)
        higher = keys
    return levels


def train_absolute(sequences: list[np.ndarray], order: int, pad: int) -> list[Level]:
    """Modified absolute discounting over raw counts at every order (for small per-poet data)."""
    levels = []
    for n in range(1, order + 1):
        keys, counts = np.unique(ngram_keys(sequences, n, pad), return_counts=True)
        levels.append(build_level(keys, counts, n - 1))
    return levels


def _find(level: Level, key: int) -> int:
    i = int(np.searchsorted(level.ctx_keys, key))
    if i < len(level.ctx_keys) and int(level.ctx_keys[i]) == key:
        return i
    return -1


def distribution(levels: list[Level], context: list[int], base: np.ndarray) -> np.ndarray:
    """P(next | context) for every token id, as a float64 vector (``base`` is not modified)."""
    p = base.astype(np.float64, copy=True)
    for k, level in enumerate(levels):
        if k > len(context):
            break
        i = _find(level, pack(context[len(context) - k:]) if k else 0)
        if i < 0:
            break
        lo, hi = int(level.ctx_start[i]), int(level.ctx_start[i + 1])
        p *= float(level.ctx_gamma[i])
        p[level.fol_ids[lo:hi]] += level.fol_mass[lo:hi]
    return p


def probability(levels: list[Level], context: list[int], token: int, base: float) -> float:
    """P(token | context) alone (``base`` = the base probability of ``token``)."""
    p = base
    for k, level in enumerate(levels):
        if k > len(context):
            break
        i = _find(level, pack(context[len(context) - k:]) if k else 0)
        if i < 0:
            break
        lo, hi = int(level.ctx_start[i]), int(level.ctx_start[i + 1])
        p *= float(level.ctx_gamma[i])
        j = lo + int(np.searchsorted(level.fol_ids[lo:hi], token))
        if j < hi and int(level.fol_ids[j]) == token:
            p += float(level.fol_mass[j])
    return p


def probability_batch(levels: list[Level], contexts: np.ndarray, tokens: np.ndarray,
                      base: float) -> np.ndarray:
    """P(tokens[i] | contexts[i]) for many pairs at once (``contexts``: (n, k) token ids, the last column
    nearest the target; ``base``: the base probability of every token). Same values as :func:`probability`."""
    contexts = np.asarray(contexts, dtype=np.int64)
    tokens = np.asarray(tokens, dtype=np.int64)
    p = np.full(len(tokens), base, dtype=np.float64)
    alive = np.ones(len(tokens), dtype=bool)
    for k, level in enumerate(levels):
        if k > contexts.shape[1]:
            break
        if k == 0:
            keys = np.zeros(len(tokens), dtype=np.int64)
        else:
            keys = np.zeros(len(tokens), dtype=np.int64)
            for j in range(contexts.shape[1] - k, contexts.shape[1]):
                keys = (keys << BITS) | contexts[:, j]
        index = np.minimum(np.searchsorted(level.ctx_keys, keys), len(level.ctx_keys) - 1)
        alive &= level.ctx_keys[index] == keys
        if not alive.any():
            break
        rows = np.flatnonzero(alive)
        index = index[rows]
        p[rows] *= level.ctx_gamma[index]
        lo, hi = level.ctx_start[index].copy(), level.ctx_start[index + 1]
        end, wanted = hi.copy(), tokens[rows]
        while True:  # binary search of each token among its context's sorted followers
            open_ = lo < hi
            if not open_.any():
                break
            middle = (lo + hi) // 2
            right = open_ & (level.fol_ids[np.minimum(middle, len(level.fol_ids) - 1)] < wanted)
            lo = np.where(right, middle + 1, lo)
            hi = np.where(open_ & ~right, middle, hi)
        found = lo < end
        hit = found.copy()
        hit[found] = level.fol_ids[lo[found]] == wanted[found]
        p[rows[hit]] += level.fol_mass[lo[hit]]
    return p


def save_levels(prefix: str, levels: list[Level], arrays: dict) -> None:
    for k, level in enumerate(levels):
        for name in ("ctx_keys", "ctx_start", "ctx_gamma", "fol_ids", "fol_mass"):
            arrays[f"{prefix}{k}.{name}"] = getattr(level, name)


def load_levels(prefix: str, arrays) -> list[Level]:
    levels = []
    k = 0
    while f"{prefix}{k}.ctx_keys" in arrays:
        levels.append(Level(*(arrays[f"{prefix}{k}.{name}"] for name in
                              ("ctx_keys", "ctx_start", "ctx_gamma", "fol_ids", "fol_mass"))))
        k += 1
    return levels


def dense_first_level(level: Level, size: int) -> np.ndarray:
    """The context-free level's mass as a dense vector (computed once per level)."""
    dense = getattr(level, "_dense", None)
    if dense is None or len(dense) != size:
        dense = np.zeros(size, dtype=np.float64)
        dense[level.fol_ids] = level.fol_mass
        level._dense = dense
    return dense


def distribution_batch(levels: list[Level], contexts: list[list[int]], base: np.ndarray) -> np.ndarray:
    """P(next | context) for several contexts at once: a (len(contexts), V) float64 matrix.

    ``base`` is a (V,) vector shared by all contexts or a (len(contexts), V) matrix (it is copied).
    """
    rows = len(contexts)
    p = np.array(np.broadcast_to(base, (rows, base.shape[-1])), dtype=np.float64)
    alive = np.ones(rows, dtype=bool)
    if levels:
        p *= float(levels[0].ctx_gamma[0])
        p += dense_first_level(levels[0], p.shape[-1])
    for k, level in enumerate(levels):
        if k == 0:
            continue
        else:
            keys = np.array([pack(c[len(c) - k:]) if len(c) >= k else -1 for c in contexts], dtype=np.int64)
        index = np.searchsorted(level.ctx_keys, keys)
        index = np.minimum(index, len(level.ctx_keys) - 1)
        alive &= (level.ctx_keys[index] == keys) & (keys >= 0)
        if not alive.any():
            break
        found = np.flatnonzero(alive)
        p[found] *= level.ctx_gamma[index[found]][:, None]
        starts, ends = level.ctx_start[index[found]], level.ctx_start[index[found] + 1]
        lengths = ends - starts
        positions = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths) \
            + np.arange(int(lengths.sum()))
        p[np.repeat(found, lengths), level.fol_ids[positions]] += level.fol_mass[positions]
    return p


def spans(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For slices [lo[i], hi[i]): (i repeated per element, the element positions), concatenated."""
    lengths = hi - lo
    total = int(lengths.sum())
    owners = np.repeat(np.arange(len(lo)), lengths)
    return owners, np.repeat(lo - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths) + np.arange(total)


def low_orders(levels: list[Level], token: int, size: int) -> tuple[float, np.ndarray, bool, np.ndarray]:
    """The levels 0 and 1 after the one token ``token``: (gain, add, found, followers) such that their
    result is ``base · gain + add`` for any base distribution; ``found``: whether the level-1 context
    exists (if not, the higher levels do not apply either); ``followers``: the tokens seen after
    ``token``, most probable first."""
    gain = float(levels[0].ctx_gamma[0])
    add = dense_first_level(levels[0], size).copy()
    i = _find(levels[1], int(token)) if len(levels) > 1 else -1
    if i < 0:
        return gain, add, False, np.zeros(0, dtype=np.int64)
    lo, hi = int(levels[1].ctx_start[i]), int(levels[1].ctx_start[i + 1])
    gamma = float(levels[1].ctx_gamma[i])
    add *= gamma
    ids = np.asarray(levels[1].fol_ids[lo:hi], dtype=np.int64)
    add[ids] += levels[1].fol_mass[lo:hi]
    return gain * gamma, add, True, ids[np.argsort(-levels[1].fol_mass[lo:hi], kind="stable")]


def followers(levels: list[Level], context: list[int], k: int) -> np.ndarray:
    """Token ids seen after the last ``k`` tokens of ``context`` (empty when that context is unseen)."""
    if k >= len(levels) or k > len(context):
        return np.zeros(0, dtype=np.int32)
    level = levels[k]
    i = _find(level, pack(context[len(context) - k:]) if k else 0)
    if i < 0:
        return np.zeros(0, dtype=np.int32)
    return level.fol_ids[int(level.ctx_start[i]):int(level.ctx_start[i + 1])]


def subset_distribution(levels: list[Level], context: list[int], subset: np.ndarray,
                        base: np.ndarray, size: int) -> np.ndarray:
    """P(token | context) for the sorted token ids ``subset`` only (``base``: their base probabilities;
    ``size``: the vocabulary size)."""
    p = np.array(base, dtype=np.float64)
    for k, level in enumerate(levels):
        if k > len(context):
            break
        if k == 0:
            p *= float(level.ctx_gamma[0])
            p += dense_first_level(level, size)[subset]
            continue
        i = _find(level, pack(context[len(context) - k:]))
        if i < 0:
            break
        lo, hi = int(level.ctx_start[i]), int(level.ctx_start[i + 1])
        p *= float(level.ctx_gamma[i])
        ids = level.fol_ids[lo:hi]
        j = np.minimum(np.searchsorted(ids, subset), hi - lo - 1)
        hit = ids[j] == subset
        p[hit] += level.fol_mass[lo:hi][j[hit]]
    return p
