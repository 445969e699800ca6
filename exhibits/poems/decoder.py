"""Constrained beam decoding of a whole poem, character by character, all hypotheses at once.

Hard constraints (a candidate that breaks one is never kept): the template's strict positions, no 孤平
and no 三平尾, all judged on the line as a reader hears it (:mod:`exhibits.poems.reading`: every
polyphone in its word, re-read as each character is added, so 相 turns 平 when 思 follows); line ends
(rhyme characters whose main 平声 group is the chosen one, read 平 there; elsewhere pure 仄 characters
outside the group that share no rhyme group at all with the second line's rhyme foot, so no unrhymed line
seems to rhyme), each line ending on a whole word (a pair that ended real lines, or a jieba word);
forced characters (acrostic, keywords), no character used twice, no four consecutive characters of any
corpus line, no line the station wrote before (``avoid_lines``), no character or pair the request bans
(another season's markers), only characters whose tone is known.
Soft scores: the poet's style model, closeness to the theme, two-character words at word slots, and
in the second line of each middle couplet of a 律诗 (对句 of the 颔联 and 颈联) 对仗 with the first
line position by position: a character whose word class (:mod:`exhibits.poems.parallelism`) does not
meet the facing one is penalised, pairs that real 律诗 set against each other are favoured. Seeded
Gumbel noise makes different seeds give different poems (and the same seed the same poem).

Speed: every step scores one set of candidate characters for all hypotheses at once, in a
(hypotheses × candidates) matrix — all allowed characters where few are allowed (rhymes, forced
characters), else the COMMON_CANDIDATES most common allowed ones and those seen after the hypotheses'
contexts. The n-gram probabilities are summed from cached parts: the corpus model's levels 0-1 after
a character as dense rows, and each context's back-off weight and followers (see :meth:`_style`).
The caches only avoid recomputation: the same request always gives the same poem.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np

from exhibits.poems import features, ngram, parallelism
from exhibits.poems.model import BOS, ORDER, SEP
from exhibits.poems.patterns import PING, ZE, line_faults
from exhibits.poems.planning import Plan
from exhibits.poems.reading import heard_tones, rhyme_group

GRAM = 4  # no run of this many consecutive characters of a corpus line

DEVIATION_PENALTY = 4.0
THEME_WEIGHT = 1.5
WORD_WEIGHT = 0.25
PARALLEL_WEIGHT = 0.35
CLASS_MISMATCH_PENALTY = 3.0  # 对句 character whose class does not meet the facing character's
NOISE = 0.7
RECENT_WEIGHT = 1.0
LINE_END_WEIGHT = 0.5
SMALL_SET = 400  # constrained positions (rhyme, forced): score every allowed character
COMMON_CANDIDATES = 150  # else: the context's observed followers plus the most common allowed characters
NEG = -1e9
ALL_CLASSES = (1 << len(parallelism.CLASSES)) - 1
LOW_ORDER_CACHE = 2048  # dense rows of the corpus model after one character (float32, 33 kB each)
CONTEXT_CACHE = 100_000  # levels 1-3 per context: (γ, views of the followers)
TOP_FOLLOWERS = 300  # candidates: the characters most often seen after the previous one


@dataclass
class Hypothesis:
    tokens: list[int]
    lines: list[str]
    current: str
    tones: str
    score: float
    lm: float
    facing: list = field(default_factory=list)  # 出句 of the current couplet: class bits per position


def theme_bonus(model, words: list[str]) -> np.ndarray:
    ids = [model.ids[c] for w in words for c in w if c in model.ids]
    bonus = np.zeros(model.size)
    if ids:
        centre = model.vectors[ids].mean(axis=0)
        norm = np.linalg.norm(centre)
        if norm > 0:
            bonus = THEME_WEIGHT * np.clip(model.vectors @ (centre / norm), 0, None)
        bonus[ids] += 0.5
    return bonus


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


class Decoder:
    def __init__(self, model, beam: int = 8):
        self.model = model
        self.beam = beam
        self.word_table = PairTable(model, model.words, WORD_WEIGHT)
        self.parallel_table = PairTable(model, model.parallel, PARALLEL_WEIGHT)
        unigram = ngram.dense_first_level(model.forward[0], model.size)
        self.by_frequency = np.argsort(-unigram, kind="stable")
        ending = ngram.distribution(model.reverse, [SEP], model.uniform)  # how often a character ends a line
        self.line_end = LINE_END_WEIGHT * np.log(ending + 1e-12)
        # 对仗: class_mask[k, c] = character c counts as class k (widened: 颜色 → 形 → 动, 方位 → 名)
        self.class_index = {name: k for k, name in enumerate(parallelism.CLASSES)}
        self.class_mask = np.zeros((len(parallelism.CLASSES), model.size), dtype=bool)
        for char, i in model.ids.items():
            for name in parallelism.widened(model.lexicon.char_classes(char)):
                self.class_mask[self.class_index[name], i] = True
        self.class_bits = (self.class_mask.astype(np.uint8) << np.arange(len(parallelism.CLASSES),
                                                                        dtype=np.uint8)[:, None]).sum(
            axis=0).astype(np.uint8)  # per character: its (widened) classes as bits
        # rhyme groups of every character (平 and 仄 readings) as bits, for "must not rhyme" line ends
        groups = sorted({g for names in model.tones.groups.values() for g in names})
        bit = {g: k for k, g in enumerate(groups)}
        self.group_bits = np.zeros((model.size, (len(groups) + 63) // 64), dtype=np.uint64)
        for char, i in model.ids.items():
            for name in model.tones.groups.get(char, ()):
                self.group_bits[i, bit[name] // 64] |= np.uint64(1) << np.uint64(bit[name] % 64)
        self._common_cache: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self.strict = {want: model.generable & model.can[want] for want in (PING, ZE)}
        self.penalties = {want: np.where(model.can[want], 0.0, DEVIATION_PENALTY) for want in (PING, ZE)}
        self._low_index: dict[int, tuple] = {}
        self._free_slots = list(range(LOW_ORDER_CACHE))
        self._context_cache: dict[tuple[str, int, int], tuple | None] = {}
        self._low_rows = np.zeros((LOW_ORDER_CACHE, model.size), dtype=np.float32)  # pages in as used
        self._lock = threading.Lock()  # the caches are shared: one decode at a time per decoder

    # -- per-request tables ------------------------------------------------------------------
    def decode(self, plan: Plan, poet: str, bonus: np.ndarray, rng: np.random.Generator,
               recent_pairs: dict[str, float] | None = None, avoid_lines: set[str] | frozenset = frozenset()
               ) -> list[Hypothesis]:
        """Finished hypotheses (best first); ``recent_pairs``: character pairs to avoid, with their penalty
        (imagery the station wrote lately); ``avoid_lines``: lines never to write (the station's own)."""
        with self._lock:
            return self._decode(plan, poet, bonus, rng, recent_pairs, avoid_lines)

    def _decode(self, plan, poet, bonus, rng, recent_pairs, avoid_lines) -> list[Hypothesis]:
        model, template = self.model, plan.template
        self._avoid_lines = avoid_lines
        recent_table = PairTable(model, recent_pairs or {}, -RECENT_WEIGHT)
        banned_pairs = PairTable(model, {pair: 1.0 for pair in plan.banned_pairs}, NEG)
        banned = np.zeros(model.size, bool)
        banned[[model.ids[c] for c in plan.banned_chars if c in model.ids]] = True
        rhyme_mask = np.zeros(model.size, bool)
        rhyme_mask[[model.ids[c] for c in plan.rhymes if c in model.ids]] = True
        rhyme_mask &= model.generable
        group_mask = np.zeros(model.size, bool)
        group_mask[[model.ids[c] for c in model.tones.ping_groups.get(plan.rhyme_group, ()) if c in model.ids]] = True
        unrhymed_end = model.generable & model.pure_ze & ~group_mask
        reserved = np.array(sorted({model.ids[c] for c in plan.forced.values()}), dtype=np.int64)
        rhyme_mask &= ~banned
        unrhymed_end = unrhymed_end & ~banned
        free = model.generable & ~banned
        strict = {want: self.strict[want] & ~banned for want in (PING, ZE)}
        # the per-character part of a step's scores: theme, 平仄 deviation at a flexible position, line end
        base_scores = {(want, flexible, last): bonus - (self.penalties[want] if flexible else 0.0)
                       + (self.line_end if last else 0.0)
                       for want in (PING, ZE) for flexible in (False, True) for last in (False, True)}
        hyps = [Hypothesis([BOS] * (ORDER - 1), [], "", "", 0.0, 0.0)]
        lushi = template.lines == 8
        word_slots = features.word_slots(template.length)
        for line in range(template.lines):
            pattern = template.patterns[line]
            couplet_second = lushi and line in (3, 5)
            for position in range(template.length):
                want = pattern[position]
                last = position == template.length - 1
                forced = plan.forced.get((line, position))
                flexible = False
                if forced is not None:
                    allowed = np.zeros(model.size, bool)
                    allowed[model.ids[forced]] = True
                elif last:
                    allowed = rhyme_mask if line in template.rhyme_lines else unrhymed_end
                elif template.flexible(position):
                    allowed, flexible = free, True
                else:
                    allowed = strict[want]
                word_position = position in (1, 3, 5) and position - 1 in word_slots
                avoid_rhyme = last and forced is None and line >= 2 and line not in template.rhyme_lines
                hyps = self._step(hyps, poet, position, template, pattern, allowed, None if forced else reserved,
                                  last, avoid_rhyme, base_scores[(want, flexible, last)], word_position,
                                  couplet_second, (recent_table, banned_pairs), rng)
                if not hyps:
                    return []
            foot = plan.rhyme_group if line in template.rhyme_lines else None
            hyps = [h for h in (self._end_line(h, pattern, lushi, foot) for h in hyps) if h is not None]
            if not hyps:
                return []
        return hyps

    def _common(self, allowed: np.ndarray) -> np.ndarray:
        """The COMMON_CANDIDATES most frequent allowed characters, as a mask (cached per mask object:
        the decoder reuses its masks)."""
        entry = self._common_cache.get(id(allowed))
        if entry is None or entry[0] is not allowed:
            mask = np.zeros(self.model.size, bool)
            mask[self.by_frequency[allowed[self.by_frequency]][:COMMON_CANDIDATES]] = True
            if len(self._common_cache) > 64:
                self._common_cache.clear()
            entry = self._common_cache[id(allowed)] = (allowed, mask)  # keeps the mask object alive
        return entry[1]

    def _low_orders(self, tokens: list[int]) -> list[tuple[int, bool, np.ndarray]]:
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

    def _candidates(self, allowed: np.ndarray, corpus_low, corpus_two) -> np.ndarray:
        """Token ids worth scoring: every allowed one when they are few, else the COMMON_CANDIDATES most
        common allowed characters and what followed the hypotheses' contexts (their last two characters,
        and the TOP_FOLLOWERS most probable after their last one)."""
        if int(np.count_nonzero(allowed)) <= SMALL_SET:
            return np.flatnonzero(allowed)
        union = self._common(allowed).copy()
        union[np.concatenate([entry[2] for entry in corpus_low] + [e[1] for e in corpus_two if e])] = True
        return np.flatnonzero(union & allowed)

    def _contexts(self, poet: str, k: int, keys: list[int], alive: list[bool] | None = None) -> list:
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

    def _style(self, poet: str, contexts: list[list[int]], columns: np.ndarray, lookup: np.ndarray,
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
        stages.append(("sparse", self._contexts("", 3, key3, alive)))
        levels = self.model.poet_levels.get(poet)
        if levels:
            stages.append(("poet0", None))
            alive = [True] * rows
            for k, keys in ((1, key1), (2, key2), (3, key3)):
                stages.append(("sparse", self._contexts(poet, k, keys, alive)))
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

    def _step(self, hyps, poet, position, template, pattern, allowed, reserved, last, avoid_rhyme, base_scores,
              word_position, couplet_second, request_tables, rng):
        """One character more for every hypothesis; ``reserved``: characters forced elsewhere, which no
        other position may take (None at a forced position); ``base_scores``: per character, added to
        its log-probability (theme, deviation from the template, line end)."""
        model, size = self.model, self.model.size
        count = len(hyps)
        tokens_so_far = np.array([h.tokens for h in hyps], dtype=np.int64)  # all of one length
        contexts = [h.tokens[-(ORDER - 1):] for h in hyps]
        corpus_low = self._low_orders([c[-1] for c in contexts])
        corpus_two = self._contexts("", 2, [(c[-2] << ngram.BITS) | c[-1] for c in contexts])
        columns = self._candidates(allowed, corpus_low, corpus_two)
        if not len(columns):
            return []
        width = len(columns) + 1  # every matrix below has a last, scratch column for tokens outside
        lookup = np.full(size, len(columns), dtype=np.int64)
        lookup[columns] = np.arange(len(columns))
        extended = np.append(columns, 0)
        logp = self._style(poet, contexts, columns, lookup, corpus_low, corpus_two)
        logp += 1e-12
        np.log(logp, out=logp)
        scores = logp + base_scores[extended]
        rows = np.arange(count)
        extras = Sparse()
        tables = [*request_tables] + ([self.word_table] if word_position else [])
        for row, hyp in enumerate(hyps):
            if hyp.current:
                previous = int(tokens_so_far[row, -1])
                for table in tables:
                    extras.add(row, *table.row(previous))
        if couplet_second:
            self._parallel_scores(hyps, position, scores, columns, extras)
        extras.apply(scores, lookup)
        if position >= GRAM - 1:  # no four consecutive characters of a corpus line
            self._ban_following(self.model.grams, tokens_so_far[:, -(GRAM - 1):], scores, lookup, width)
        if last:  # the line ends on a whole word: a pair real lines ended on, or a jieba word
            ending = np.full(scores.shape, NEG)
            self._ban_following(self.model.end_pairs, tokens_so_far[:, -1:], ending, lookup, width, value=0.0)
            scores += ending
        if avoid_rhyme:  # an unrhymed line end shares no rhyme group with the second line's foot
            feet = np.array([model.ids.get(h.lines[1][-1], 0) for h in hyps])
            rhyming = (self.group_bits[columns][None, :, :] & self.group_bits[feet][:, None, :]).any(axis=2)
            scores[:, :-1][rhyming] = NEG
        if reserved is not None:  # no character twice (BOS and SEP fall in the scratch column)
            scores.reshape(-1)[(rows[:, None] * width + lookup[tokens_so_far]).reshape(-1)] = NEG
            scores[:, lookup[reserved]] = NEG
        scores = scores[:, :-1]
        keep = min(2 * self.beam, len(columns))
        top = np.argpartition(-scores, keep - 1, axis=1)[:, :keep] if keep < len(columns) else \
            np.broadcast_to(np.arange(len(columns)), (count, len(columns)))
        top_scores = np.take_along_axis(scores, top, axis=1)
        totals = top_scores + rng.gumbel(size=top.shape) * NOISE + np.array([h.score for h in hyps])[:, None]
        totals[top_scores <= NEG / 2] = -np.inf
        flat_totals = totals.reshape(-1)
        order = np.argsort(-flat_totals, kind="stable")
        order = order[np.isfinite(flat_totals[order])]
        order_rows, order_columns = np.divmod(order, top.shape[1])
        picked = top[order_rows, order_columns]
        tokens = columns[picked]
        copied = self._copied_many([hyps[r].current + model.chars[t - 3]
                                    for r, t in zip(order_rows.tolist(), tokens.tolist(), strict=True)]) \
            if last else None
        chosen, per_parent = [], [0] * count
        limit = max(2, self.beam // 2)
        for rank, (row, token) in enumerate(zip(order_rows.tolist(), tokens.tolist(), strict=True)):
            if per_parent[row] >= limit or (copied is not None and copied[rank]):
                continue
            hyp = hyps[row]
            text = hyp.current + model.chars[token - 3]
            tones = heard_tones(model.tones, text)  # the whole prefix re-read: a new word may change the last
            if not self._prefix_ok(tones, pattern, template):
                continue
            per_parent[row] += 1
            chosen.append(Hypothesis(hyp.tokens + [token], hyp.lines, text,
                                     tones, float(flat_totals[order[rank]]),
                                     hyp.lm + float(logp[row, picked[rank]]), hyp.facing))
            if len(chosen) >= self.beam:
                break
        return chosen

    def _parallel_scores(self, hyps, position, scores, columns, extras: Sparse) -> None:
        """对仗 with the facing character of the 出句: class mismatch penalised, attested pairs favoured."""
        wanted = np.array([hyp.facing[position] if hyp.facing and hyp.facing[position] else ALL_CLASSES
                           for hyp in hyps], dtype=np.uint8)  # a facing character without a class: any
        mismatch = (self.class_bits[columns][None, :] & wanted[:, None]) == 0
        scores[:, :-1] -= CLASS_MISMATCH_PENALTY * mismatch
        for row, hyp in enumerate(hyps):
            facing = self.model.ids.get(hyp.lines[-1][position])
            if facing is not None:
                extras.add(row, *self.parallel_table.row(facing))

    def _ban_following(self, keys: np.ndarray, contexts: np.ndarray, scores: np.ndarray, lookup: np.ndarray,
                       width: int, value: float = NEG) -> None:
        """Set ``scores[row, c]`` to ``value`` for every token c that follows the row's context tokens in
        the sorted packed ``keys`` (the keys of a context are one contiguous range)."""
        shift = np.uint64(ngram.BITS)
        packed = np.zeros(len(contexts), dtype=np.uint64)
        for column in range(contexts.shape[1]):
            packed = (packed << shift) | contexts[:, column].astype(np.uint64)
        lo = np.searchsorted(keys, packed << shift)
        hi = np.searchsorted(keys, (packed + np.uint64(1)) << shift)
        mask = np.uint64(ngram.MASK)
        for row in np.flatnonzero(hi > lo).tolist():
            following = (keys[lo[row]:hi[row]] & mask).astype(np.int64)
            scores.reshape(-1)[row * width + lookup[following]] = value

    @staticmethod
    def _prefix_ok(tones: str, pattern: str, template) -> bool:
        """Whether a line's prefix, as heard, keeps the strict positions, without 孤平 or 三平尾 so far."""
        if "?" in tones:
            return False
        for i, (got, want) in enumerate(zip(tones, pattern, strict=False)):
            if got != want and not template.flexible(i):
                return False
        offset = len(pattern) - 5
        core = tones[offset:]
        for q in range(2, min(len(core), 5)):
            if core[q - 1] == PING and core[q - 2] == ZE and core[q] == ZE:
                return False  # 孤平
        if len(core) == 5 and core[2:] == PING * 3:
            return False  # 三平尾
        return True

    def _copied_many(self, lines: list[str]) -> list[bool]:
        if not lines:
            return []
        hashed = features.line_hash(features.line_codes(lines))
        return features.contains(self.model.exact_lines, hashed).tolist()

    def _end_line(self, hyp: Hypothesis, pattern: str, lushi: bool, foot: str | None) -> Hypothesis | None:
        if line_faults(hyp.tones, pattern):
            return None  # never a faulty line (corpus lines were refused at their last character)
        if foot is not None and rhyme_group(self.model.tones, hyp.current) != foot:
            return None  # the foot, as read in its word, must rhyme in the chosen group
        if hyp.current in self._avoid_lines:
            return None
        lines = hyp.lines + [hyp.current]
        facing = []
        if lushi and len(lines) in (3, 5):  # the 出句 of a middle couplet: its classes per position, as bits
            for chars, word in self.model.lexicon.labels(hyp.current):
                facing.append(sum(1 << self.class_index[name] for name in parallelism.widened(chars + word))
                              if chars else 0)
        return Hypothesis(hyp.tokens + [SEP], lines, "", "", hyp.score, hyp.lm, facing)
