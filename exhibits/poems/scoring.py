"""The decoder's scores for many hypotheses at once, summed from cached parts.

:class:`StyleScores` gives the poet's style model P(next | context) at a set of candidate characters,
one row per hypothesis. The n-gram probabilities are summed from cached parts: the corpus model's levels
0-1 after a character as dense rows, and each context's back-off weight and followers (see
:meth:`StyleScores.probabilities`). :class:`PairTable` holds scores of character pairs (words, 对仗
pairs, a request's recent or banned pairs) and :class:`Sparse` gathers such additions to a score matrix
and applies them in one bincount.

The caches only avoid recomputation: the same request always gives the same scores. They are not
locked here: their owner (:class:`exhibits.poems.decoder.Decoder`) runs one decode at a time.
"""

from __future__ import annotations

import numpy as np

from exhibits.poems import ngram

LOW_ORDER_CACHE = 2048  # dense rows of the corpus model after one character (float32, 33 kB each)
CONTEXT_CACHE = 100_000  # levels 1-3 per context: (γ, views of the followers)
TOP_FOLLOWERS = 300  # candidates: the characters most often seen after the previous one


class PairTable:
    """Scores of character pairs (previous → next) in CSR form, gathered for many rows at once."""

    def __init__(self, model, table: dict[str, float], weight: float):
        joined = "".join(table)
        if len(joined) != 2 * len(table):
            table = {pair: value for pair, value in table.items() if len(pair) == 2}
            joined = "".join(table)
        codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).reshape(-1, 2)
        first, second = model.token_ids(codes[:, 0]), model.token_ids(codes[:, 1])
        values = np.fromiter(table.values(), dtype=np.float64, count=len(table)) * weight
        known = (first >= 0) & (second >= 0)
        first, second, values = first[known], second[known], values[known]
        order = np.lexsort((second, first))
        self.indices, self.values = second[order], values[order]
        self.start = np.searchsorted(first[order], np.arange(model.size + 1))
        self.empty = not len(self.indices)

    def row(self, previous: int) -> tuple[np.ndarray, np.ndarray]:
        """(next tokens, scores) of the pairs starting with ``previous`` (views)."""
        lo, hi = self.start[previous], self.start[previous + 1]
        return self.indices[lo:hi], self.values[lo:hi]


class Sparse:
    """Sparse additions to a (rows × columns) matrix, gathered and then applied in one bincount."""

    def __init__(self):
        self.rows: list[int] = []
        self.ids: list[np.ndarray] = []
        self.values: list[np.ndarray] = []
        self.scales: list[float] = []

    def add(self, row: int, ids: np.ndarray, values: np.ndarray, scale: float = 1.0) -> None:
        if len(ids):
            self.rows.append(row)
            self.ids.append(ids)
            self.values.append(values)
            self.scales.append(scale)

    def apply(self, matrix: np.ndarray, lookup: np.ndarray) -> None:
        """matrix[row, lookup[id]] += value · scale for every addition (``lookup``: token id → column;
        the matrix's last column is scratch, for tokens outside)."""
        if not self.ids:
            return
        lengths = [len(ids) for ids in self.ids]
        rows, width = matrix.shape
        flat = np.repeat(np.array(self.rows), lengths) * width + lookup[np.concatenate(self.ids)]
        weights = np.concatenate(self.values) * np.repeat(np.array(self.scales), lengths)
        matrix.reshape(-1)[:] += np.bincount(flat, weights=weights, minlength=rows * width)



class StyleScores:
    """The style model's P(next | context) for many contexts at once, from cached parts.

    ``low_orders`` and ``contexts`` look up (and cache) the parts of the corpus model and of a poet's
    model; ``probabilities`` sums them at the candidate columns.
    """

    def __init__(self, model):
        self.model = model
        self._low_index: dict[int, tuple] = {}
        self._free_slots = list(range(LOW_ORDER_CACHE))
        self._context_cache: dict[tuple[str, int, int], tuple | None] = {}
        self._low_rows = np.zeros((LOW_ORDER_CACHE, model.size), dtype=np.float32)  # pages in as used

    def low_orders(self, tokens: list[int]) -> list[tuple[int, bool, np.ndarray]]:
        """Per token: the corpus model's levels 0-1 after it (base included), as (slot of their dense row
        in the cache, found, followers by probability: see :func:`ngram.low_orders`)."""
        model, entries = self.model, []
        for token in tokens:
            entry = self._low_index.get(token)
            if entry is None:
                if not self._free_slots:  # forget the older half (the values do not depend on the cache)
                    for old in list(self._low_index)[:LOW_ORDER_CACHE // 2]:
                        self._free_slots.append(self._low_index.pop(old)[0])
                gain, add, found, followers = ngram.low_orders(model.forward, token, model.size)
                slot = self._free_slots.pop()
                self._low_rows[slot] = add + gain / model.size
                entry = self._low_index[token] = (slot, found, followers[:TOP_FOLLOWERS])
            entries.append(entry)
        return entries

    def contexts(self, poet: str, k: int, keys: list[int], alive: list[bool] | None = None) -> list:
        """Level ``k`` of the corpus (poet "") or a poet's model for packed contexts: per key (γ,
        followers, their mass), or None when the context was never seen or its row is not ``alive``
        (cached; the arrays are views of the model's; the contexts not cached yet are looked up together)."""
        cache, entries, missing = self._context_cache, [], []
        for row, key in enumerate(keys):
            entry = cache.get((poet, k, key), self) if alive is None or alive[row] else None
            if entry is self:
                missing.append(row)
            entries.append(entry)
        if missing:
            if len(cache) >= CONTEXT_CACHE:
                cache.clear()
            level = (self.model.poet_levels[poet] if poet else self.model.forward)[k]
            wanted = np.array([keys[row] for row in missing], dtype=np.int64)
            index = np.minimum(np.searchsorted(level.ctx_keys, wanted), len(level.ctx_keys) - 1)
            found = (level.ctx_keys[index] == wanted).tolist()
            starts, ends = level.ctx_start[index].tolist(), level.ctx_start[index + 1].tolist()
            gammas = level.ctx_gamma[index].tolist()
            for row, hit, lo, hi, gamma in zip(missing, found, starts, ends, gammas, strict=True):
                entry = (gamma, level.fol_ids[lo:hi], level.fol_mass[lo:hi]) if hit else None
                entries[row] = cache[(poet, k, keys[row])] = entry
        return entries

    def probabilities(self, poet: str, contexts: list[list[int]], columns: np.ndarray, lookup: np.ndarray,
                      corpus_low, corpus_two) -> np.ndarray:
        """The poet's P(next | context) at ``columns`` (plus a scratch column), one row per context.

        The corpus model's levels 0-3, then the poet's (whose base is the corpus result), each multiply
        the running distribution by a back-off weight γ and add their followers' mass. Written out, the
        result is a sum of terms, each scaled by the product of the γ applied after it: two dense ones
        (the corpus model's levels 0-1, cached per character, and the poet's level 0) and the followers
        of the other levels (cached per context), summed in one bincount.
        """
        rows, width = len(contexts), len(columns) + 1
        key1 = [c[-1] for c in contexts]
        key2 = [(c[-2] << ngram.BITS) | c[-1] for c in contexts]
        key3 = [(c[-3] << (2 * ngram.BITS)) | key for c, key in zip(contexts, key2, strict=True)]
        stages: list[tuple[str, list]] = []  # (kind, per row: None or (γ, followers, mass))
        alive = [e[1] for e in corpus_low]
        stages.append(("sparse", [e if a else None for e, a in zip(corpus_two, alive, strict=True)]))
        alive = [e is not None for e in stages[-1][1]]
        stages.append(("sparse", self.contexts("", 3, key3, alive)))
        levels = self.model.poet_levels.get(poet)
        if levels:
            stages.append(("poet0", None))
            alive = [True] * rows
            for k, keys in ((1, key1), (2, key2), (3, key3)):
                stages.append(("sparse", self.contexts(poet, k, keys, alive)))
                alive = [e is not None for e in stages[-1][1]]
        # after[s][row]: product of the multipliers of the stages after s (the corpus levels 0-1 are stage -1)
        after = [[1.0] * rows for _ in stages]
        running = [1.0] * rows
        for number in range(len(stages) - 1, -1, -1):
            after[number] = running
            kind, entries = stages[number]
            if kind == "poet0":
                gamma = float(levels[0].ctx_gamma[0])
                running = [r * gamma for r in running]
            else:
                running = [r * (e[0] if e else 1.0) for r, e in zip(running, entries, strict=True)]
        slots = np.array([e[0] for e in corpus_low])
        p = np.zeros((rows, width))
        p[:, :-1] = np.take(self._low_rows[slots], columns, axis=1)
        p *= np.array(running)[:, None]
        additions = Sparse()
        for number, (kind, entries) in enumerate(stages):
            if kind == "poet0":
                dense = ngram.dense_first_level(levels[0], self.model.size)
                p[:, :-1] += np.outer(after[number], dense[columns])
                continue
            for row, entry in enumerate(entries):
                if entry is not None:
                    additions.add(row, entry[1], entry[2], after[number][row])
        additions.apply(p, lookup)
        return p
