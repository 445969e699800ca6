"""Constrained beam decoding of a whole poem, character by character, all hypotheses at once.

Hard constraints (:mod:`exhibits.poems.constraints`; a candidate that breaks one is never kept): the
template's strict positions, no 孤平 and no 三平尾, all judged on the line as a reader hears it
(:mod:`exhibits.poems.reading`: every polyphone in its word, re-read as each character is added, so 相
turns 平 when 思 follows); line ends (rhyme characters whose main 平声 group is the chosen one, read 平
there; elsewhere pure 仄 characters outside the group that share no rhyme group at all with the second
line's rhyme foot, so no unrhymed line seems to rhyme), each line ending on a whole word (a pair that
ended real lines, or a jieba word); forced characters (acrostic, keywords), no character used twice, no
four consecutive characters of any corpus line, no line the station wrote before (``avoid_lines``), no
character or pair the request bans (another season's markers), only characters whose tone is known.
Soft scores: the language model — the poet's n-gram style model, or with a neural model
(:mod:`exhibits.poems.neural`) its log-probabilities given the form, the poet, each line's planned keyword
and every character written so far, interpolated log-linearly with the n-gram's (NEURAL_WEIGHT,
NGRAM_WEIGHT) — the poet's style model, closeness to the theme, two-character words at word slots, and
in the second line of each middle couplet of a 律诗 (对句 of the 颔联 and 颈联) 对仗 with the first
line position by position: a character whose word class (:mod:`exhibits.poems.parallelism`) does not
meet the facing one is penalised, pairs that real 律诗 set against each other are favoured. Seeded
Gumbel noise makes different seeds give different poems (and the same seed the same poem).

Speed: every step scores one set of candidate characters for all hypotheses at once, in a
(hypotheses × candidates) matrix — all allowed characters where few are allowed (rhymes, forced
characters), else the COMMON_CANDIDATES most common allowed ones and those seen after the hypotheses'
contexts. The n-gram probabilities are summed from cached parts (:mod:`exhibits.poems.scoring`, which
also holds the pair tables and the sparse additions to the score matrix), the hard constraints are
:mod:`exhibits.poems.constraints`; this module is the search: the candidates, their scores and the beam.
The caches only avoid recomputation: the same request always gives the same poem.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np

from exhibits.poems import features, ngram, parallelism, themes
from exhibits.poems.constraints import NEG, Constraints, prefix_ok
from exhibits.poems.model import BOS, ORDER, SEP
from exhibits.poems.patterns import PING, ZE
from exhibits.poems.planning import Plan
from exhibits.poems.reading import heard_tones
from exhibits.poems.scoring import PairTable, Sparse, StyleScores

DEVIATION_PENALTY = 4.0
THEME_WEIGHT = 1.5  # closeness of each character to the theme's words (the n-gram model alone)
NEURAL_THEME_WEIGHT = 0.6  # the neural model carries the theme through each line's keyword: a lighter pull
WORD_WEIGHT = 0.25
PARALLEL_WEIGHT = 0.35
CLASS_MISMATCH_PENALTY = 3.0  # 对句 character whose class does not meet the facing character's
NOISE = 0.7  # Gumbel noise on each step's choices (the n-gram model alone: variety needs it)
NEURAL_NOISE = 0.3  # with the neural model, which varies with its planned keywords: less, lines read better
RECENT_WEIGHT = 1.0
NEURAL_WEIGHT = 1.0  # with a neural model: its log-probability ...
NGRAM_WEIGHT = 0.1  # ... plus this share of the n-gram style model's (the poet's own n-grams)
NEURAL_UNKNOWN_PENALTY = 3.0  # a character outside the neural vocabulary: its UNK log-probability less this
LINE_END_WEIGHT = 0.5
NUMERAL_PENALTIES = (0.0, 1.5, 4.0)  # a numeral when the poem holds none, one, two or more already (filler)
SMALL_SET = 400  # constrained positions (rhyme, forced): score every allowed character
COMMON_CANDIDATES = 150  # else: the context's observed followers plus the most common allowed characters
ALL_CLASSES = (1 << len(parallelism.CLASSES)) - 1


@dataclass
class Hypothesis:
    tokens: list[int]
    lines: list[str]
    current: str
    tones: str
    score: float
    lm: float
    facing: list = field(default_factory=list)  # 出句 of the current couplet: class bits per position
    state: np.ndarray | None = None  # neural model: its state before reading the last token
    numerals: int = 0  # themes.numerals_in of the poem so far, kept as characters are added


def theme_bonus(model, words: list[str], weight: float = THEME_WEIGHT) -> np.ndarray:
    ids = [model.ids[c] for w in words for c in w if c in model.ids]
    bonus = np.zeros(model.size)
    if ids:
        centre = model.vectors[ids].mean(axis=0)
        norm = np.linalg.norm(centre)
        if norm > 0:
            bonus = weight * np.clip(model.vectors @ (centre / norm), 0, None)
        bonus[ids] += 0.5
    return bonus


@dataclass(frozen=True)
class Request:
    """What stays the same for every character of one poem."""

    poet: str
    tables: tuple[PairTable, ...]  # character pairs to avoid (recent imagery, banned pairs)
    rng: np.random.Generator
    beam: int  # hypotheses kept at each step
    noise: float  # Gumbel noise on each step's choices


@dataclass(frozen=True)
class Slot:
    """One character position of the poem as the decoder fills it. ``reserved``: characters forced
    elsewhere, which no other position may take (None at a forced position); ``base_scores``: per
    character, added to its log-probability (theme, deviation from the template, line end)."""

    position: int
    template: object
    pattern: str
    allowed: np.ndarray
    reserved: np.ndarray | None
    last: bool
    avoid_rhyme: bool
    base_scores: np.ndarray
    word_position: bool
    couplet_second: bool
    cond: np.ndarray | None = None  # neural model: the step's condition rows (keyword, form, poet, place)


class Decoder:
    def __init__(self, model, beam: int = 8, neural=None):
        self.model = model
        self.beam = beam
        self.neural = neural
        self.noise = NOISE if neural is None else NEURAL_NOISE
        self.numerals = np.array([False] * 3 + [c in themes.NUMERALS for c in model.chars])  # by token id
        self.theme_weight = THEME_WEIGHT if neural is None else NEURAL_THEME_WEIGHT
        if neural is not None:  # the n-gram model's token ids (BOS, SEP, UNK, characters) as neural ids
            from exhibits.poems import neural as neural_module

            self.neural_ids = neural.mapping(model.chars, 3)
            self.neural_ids[:3] = [neural_module.BOS, neural_module.EOL, neural_module.UNK]
            self.neural_unknown = self.neural_ids == neural_module.UNK
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
        # per character: its (widened) classes as bits
        shifts = np.arange(len(parallelism.CLASSES), dtype=np.uint8)[:, None]
        self.class_bits = (self.class_mask.astype(np.uint8) << shifts).sum(axis=0).astype(np.uint8)
        self._common_cache: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self.constraints = Constraints(model)
        self.penalties = {want: np.where(model.can[want], 0.0, DEVIATION_PENALTY) for want in (PING, ZE)}
        self.style = StyleScores(model)
        self._lock = threading.Lock()  # these and self.style's caches are shared: one decode at a time

    # -- per-request tables ------------------------------------------------------------------
    def decode(self, plan: Plan, poet: str, bonus: np.ndarray, rng: np.random.Generator,
               recent_pairs: dict[str, float] | None = None, avoid_lines: set[str] | frozenset = frozenset(),
               line_keywords: list[str] | None = None, wide: bool = False) -> list[Hypothesis]:
        """Finished hypotheses (best first); ``recent_pairs``: character pairs to avoid, with their penalty
        (imagery the station wrote lately); ``avoid_lines``: lines never to write (the station's own);
        ``line_keywords``: the keyword planned for each line (the neural model is conditioned on it)."""
        with self._lock:
            return self._decode(plan, poet, bonus, rng, recent_pairs, avoid_lines, line_keywords or [], wide)

    def _conditions(self, template, poet: str, line: int, position: int, keywords: list[str]) -> np.ndarray:
        from exhibits.poems import neural as neural_module

        keyword = self.neural.keyword_ids(keywords[line] if line < len(keywords) else "")
        form = neural_module.form_index(template.length, template.lines)
        group = neural_module.poet_group(poet)
        return np.array(neural_module.conditions(self.neural.vocab, keyword, form, group, line, position),
                        dtype=np.int64)

    def _decode(self, plan, poet, bonus, rng, recent_pairs, avoid_lines, line_keywords,
                wide: bool = False) -> list[Hypothesis]:
        model, template = self.model, plan.template
        self._avoid_lines = avoid_lines
        recent_table = PairTable(model, recent_pairs or {}, -RECENT_WEIGHT)
        banned_pairs = PairTable(model, {pair: 1.0 for pair in plan.banned_pairs}, NEG)
        masks = self.constraints.plan_masks(plan)
        # the per-character part of a step's scores: theme, 平仄 deviation at a flexible position, line end
        base_scores = {(want, flexible, last): bonus - (self.penalties[want] if flexible else 0.0)
                       + (self.line_end if last else 0.0)
                       for want in (PING, ZE) for flexible in (False, True) for last in (False, True)}
        hyps = [Hypothesis([BOS] * (ORDER - 1), [], "", "", 0.0, 0.0,
                           state=self.neural.start(1)[0] if self.neural is not None else None)]
        beam, noise = (2 * self.beam, max(self.noise, NOISE)) if wide else (self.beam, self.noise)
        request = Request(poet, (recent_table, banned_pairs), rng, beam, noise)  # wide: wider and noisier
        lushi = template.lines == 8
        word_slots = features.word_slots(template.length)
        for line in range(template.lines):
            pattern = template.patterns[line]
            couplet_second = lushi and line in (3, 5)
            for position in range(template.length):
                want = pattern[position]
                last = position == template.length - 1
                forced = plan.forced.get((line, position))
                allowed, flexible = masks.allowed(model, template, line, position, forced)
                word_position = position in (1, 3, 5) and position - 1 in word_slots
                avoid_rhyme = last and forced is None and line >= 2 and line not in template.rhyme_lines
                cond = None if self.neural is None else \
                    self._conditions(template, poet, line, position, line_keywords)
                slot = Slot(position, template, pattern, allowed, None if forced else masks.reserved, last,
                            avoid_rhyme, base_scores[(want, flexible, last)], word_position, couplet_second,
                            cond)
                hyps = self._step(hyps, request, slot)
                if not hyps:
                    return []
            foot = plan.rhyme_group if line in template.rhyme_lines else None
            hyps = [h for h in (self._end_line(h, pattern, lushi, foot) for h in hyps) if h is not None]
            if not hyps:
                return []
            if self.neural is not None:  # read the line's last character (its step predicts the line end)
                cond = self._conditions(template, poet, line, template.length, line_keywords)
                _, states = self._neural_step(hyps, cond, -2)
                for hyp, state in zip(hyps, states, strict=True):
                    hyp.state = state
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

    def _candidates(self, allowed: np.ndarray, corpus_low, corpus_two) -> np.ndarray:
        """Token ids worth scoring: every allowed one when they are few, else the COMMON_CANDIDATES most
        common allowed characters and what followed the hypotheses' contexts (their last two characters,
        and the scoring.TOP_FOLLOWERS most probable after their last one)."""
        if int(np.count_nonzero(allowed)) <= SMALL_SET:
            return np.flatnonzero(allowed)
        union = self._common(allowed).copy()
        union[np.concatenate([entry[2] for entry in corpus_low] + [e[1] for e in corpus_two if e])] = True
        return np.flatnonzero(union & allowed)

    def _step(self, hyps: list[Hypothesis], request: Request, slot: Slot) -> list[Hypothesis]:
        """One character more for every hypothesis, at ``slot``."""
        poet, rng, request_tables = request.poet, request.rng, request.tables
        position, template, pattern, last = slot.position, slot.template, slot.pattern, slot.last
        model, size = self.model, self.model.size
        count = len(hyps)
        tokens_so_far = np.array([h.tokens for h in hyps], dtype=np.int64)  # all of one length
        contexts = [h.tokens[-(ORDER - 1):] for h in hyps]
        corpus_low = self.style.low_orders([c[-1] for c in contexts])
        corpus_two = self.style.contexts("", 2, [(c[-2] << ngram.BITS) | c[-1] for c in contexts])
        columns = self._candidates(slot.allowed, corpus_low, corpus_two)
        if not len(columns):
            return []
        # every matrix below has a last, scratch column for tokens outside ``columns``
        lookup = np.full(size, len(columns), dtype=np.int64)
        lookup[columns] = np.arange(len(columns))
        extended = np.append(columns, 0)
        logp = self.style.probabilities(poet, contexts, columns, lookup, corpus_low, corpus_two)
        logp += 1e-12
        np.log(logp, out=logp)
        states = None
        if self.neural is not None:
            neural_logp, states = self._neural_step(hyps, slot.cond, -1)
            ids = self.neural_ids[columns]
            picked_logp = neural_logp[:, ids] - NEURAL_UNKNOWN_PENALTY * self.neural_unknown[columns]
            logp[:, :-1] = NEURAL_WEIGHT * picked_logp + NGRAM_WEIGHT * logp[:, :-1]
        scores = logp + slot.base_scores[extended]
        held = np.array([h.numerals for h in hyps])
        if held.any():  # numbers piled up read as filler (三千 ... 九万 ... 三十四)
            cost = np.array(NUMERAL_PENALTIES)[np.minimum(held, len(NUMERAL_PENALTIES) - 1)]
            scores[:, :-1] -= cost[:, None] * self.numerals[columns][None, :]
        extras = Sparse()
        tables = [*request_tables] + ([self.word_table] if slot.word_position else [])
        for row, hyp in enumerate(hyps):
            if hyp.current:
                previous = int(tokens_so_far[row, -1])
                for table in tables:
                    extras.add(row, *table.row(previous))
        if slot.couplet_second:
            self._parallel_scores(hyps, position, scores, columns, extras)
        extras.apply(scores, lookup)
        self.constraints.forbid(scores, slot, hyps, tokens_so_far, columns, lookup)
        scores = scores[:, :-1]
        beam = request.beam
        keep = min(2 * beam, len(columns))
        top = np.argpartition(-scores, keep - 1, axis=1)[:, :keep] if keep < len(columns) else \
            np.broadcast_to(np.arange(len(columns)), (count, len(columns)))
        top_scores = np.take_along_axis(scores, top, axis=1)
        noise = rng.gumbel(size=top.shape) * request.noise
        totals = top_scores + noise + np.array([h.score for h in hyps])[:, None]
        totals[top_scores <= NEG / 2] = -np.inf
        flat_totals = totals.reshape(-1)
        order = np.argsort(-flat_totals, kind="stable")
        order = order[np.isfinite(flat_totals[order])]
        order_rows, order_columns = np.divmod(order, top.shape[1])
        picked = top[order_rows, order_columns]
        tokens = columns[picked]
        copied = None
        if last:
            copied = self.constraints.copied([hyps[r].current + model.chars[t - 3] for r, t
                                              in zip(order_rows.tolist(), tokens.tolist(), strict=True)])
        chosen, per_parent = [], [0] * count
        limit = max(2, beam // 2)
        for rank, (row, token) in enumerate(zip(order_rows.tolist(), tokens.tolist(), strict=True)):
            if per_parent[row] >= limit or (copied is not None and copied[rank]):
                continue
            hyp = hyps[row]
            char = model.chars[token - 3]
            text = hyp.current + char
            tones = heard_tones(model.tones, text)  # the whole prefix re-read: a new word may change the last
            if not prefix_ok(tones, pattern, template):
                continue
            per_parent[row] += 1
            previous = (hyp.current or (hyp.lines[-1] if hyp.lines else " "))[-1]
            chosen.append(Hypothesis(hyp.tokens + [token], hyp.lines, text,
                                     tones, float(flat_totals[order[rank]]),
                                     hyp.lm + float(logp[row, picked[rank]]), hyp.facing,
                                     None if states is None else states[row],
                                     hyp.numerals + themes.numeral_step(previous, char)))
            if len(chosen) >= beam:
                break
        return chosen

    def _neural_step(self, hyps: list[Hypothesis], cond: np.ndarray,
                     back: int) -> tuple[np.ndarray, np.ndarray]:
        """The neural model's step for every hypothesis: reading its token ``back`` from the end (the last,
        or at a line end the one before the SEP) from its state; (log-probabilities, next states)."""
        tokens = self.neural_ids[np.array([h.tokens[back] for h in hyps], dtype=np.int64)]
        states = np.stack([h.state for h in hyps])
        return self.neural.step(tokens, np.broadcast_to(cond, (len(hyps), len(cond))), states)

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

    def _end_line(self, hyp: Hypothesis, pattern: str, lushi: bool, foot: str | None) -> Hypothesis | None:
        if not self.constraints.line_ok(hyp.current, hyp.tones, pattern, foot, self._avoid_lines):
            return None
        lines = hyp.lines + [hyp.current]
        facing = []
        if lushi and len(lines) in (3, 5):  # the 出句 of a middle couplet: its classes per position, as bits
            for chars, word in self.model.lexicon.labels(hyp.current):
                facing.append(sum(1 << self.class_index[name] for name in parallelism.widened(chars + word))
                              if chars else 0)
        return Hypothesis(hyp.tokens + [SEP], lines, "", "", hyp.score, hyp.lm, facing, hyp.state,
                          hyp.numerals)
