"""Constrained beam decoding of a whole poem, character by character.

Hard constraints (a candidate that breaks one is never kept): the template's strict positions, line
ends (rhyme characters of the chosen 平声 group that poets actually rhymed there; pure 仄 characters
outside the group elsewhere), no 孤平 and no 三平尾, forced characters (acrostic, keywords), no
character used twice, no line identical to a corpus line, only characters whose tone is known.
Soft scores: the poet's style model, closeness to the theme, two-character words at word slots,
parallel pairs and matching word classes in the middle couplets of 律诗, and seeded Gumbel noise so
that different seeds give different poems (and the same seed the same poem).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from exhibits.poems import features, ngram
from exhibits.poems.model import BOS, ORDER, SEP
from exhibits.poems.patterns import PING, ZE, line_faults
from exhibits.poems.planning import Plan

DEVIATION_PENALTY = 4.0
THEME_WEIGHT = 1.5
WORD_WEIGHT = 0.25
PARALLEL_WEIGHT = 0.35
CLASS_WEIGHT = 0.6
NOISE = 0.7
RECENT_WEIGHT = 1.0
LINE_END_WEIGHT = 0.5
SMALL_SET = 400  # constrained positions (rhyme, forced): score every allowed character
COMMON_CANDIDATES = 150  # else: the context's observed followers plus the most common allowed characters


@dataclass
class Hypothesis:
    tokens: list[int]
    lines: list[str]
    current: str
    tones: str
    used: frozenset
    score: float
    lm: float


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


class Decoder:
    def __init__(self, model, beam: int = 8):
        self.model = model
        self.beam = beam
        self.word_rows = self._rows(model.words, WORD_WEIGHT)
        self.unstable_rows = self._rows({pair: 1.0 for pair in model.unstable}, -1000.0)
        self.recent_rows: dict = {}
        self.parallel_rows = self._rows(model.parallel, PARALLEL_WEIGHT)
        class_names = sorted(set(model.classes.values()))
        self.class_of = np.full(model.size, -1)
        for char, name in model.classes.items():
            if char in model.ids:
                self.class_of[model.ids[char]] = class_names.index(name)
        unigram = ngram.dense_first_level(model.forward[0], model.size)
        self.by_frequency = np.argsort(-unigram, kind="stable")

    def _rows(self, table: dict[str, float], weight: float) -> dict[int, tuple[np.ndarray, np.ndarray]]:
        grouped: dict[int, tuple[list, list]] = {}
        for pair, score in table.items():
            a, b = self.model.ids.get(pair[0]), self.model.ids.get(pair[1])
            if a is not None and b is not None:
                grouped.setdefault(a, ([], []))[0].append(b)
                grouped[a][1].append(score * weight)
        return {a: (np.array(ids), np.array(scores)) for a, (ids, scores) in grouped.items()}

    def decode(self, plan: Plan, poet: str, bonus: np.ndarray, rng: np.random.Generator,
               recent_pairs: dict[str, float] | None = None) -> list[Hypothesis]:
        """Finished hypotheses (best first); ``recent_pairs``: character pairs the station wrote lately."""
        model, template = self.model, plan.template
        self.recent_rows = self._rows(recent_pairs or {}, -RECENT_WEIGHT)
        rhyme_mask = np.zeros(model.size, bool)
        rhyme_mask[[model.ids[c] for c in plan.rhymes if c in model.ids]] = True
        group_mask = np.zeros(model.size, bool)
        group_mask[[model.ids[c] for c in model.tones.ping_groups.get(plan.rhyme_group, ()) if c in model.ids]] = True
        reserved = frozenset(model.ids[c] for c in plan.forced.values())
        hyps = [Hypothesis([BOS] * (ORDER - 1), [], "", "", reserved, 0.0, 0.0)]
        lushi = template.lines == 8
        for line in range(template.lines):
            pattern = template.patterns[line]
            for position in range(template.length):
                hyps = self._step(hyps, poet, line, position, pattern, plan, bonus, rhyme_mask,
                                  group_mask, lushi, rng)
                if not hyps:
                    return []
            hyps = [h for h in (self._end_line(h, pattern) for h in hyps) if h is not None]
            if not hyps:
                return []
        return hyps

    def _step(self, hyps, poet, line, position, pattern, plan, bonus, rhyme_mask, group_mask, lushi, rng):
        model, template = self.model, plan.template
        want = pattern[position]
        last = position == template.length - 1
        forced = plan.forced.get((line, position))
        allowed = model.generable.copy()
        penalty = np.zeros(model.size)
        if forced is not None:
            allowed[:] = False
            allowed[model.ids[forced]] = True
        elif last:
            allowed &= rhyme_mask if line in template.rhyme_lines else (model.pure_ze & ~group_mask)
        elif template.flexible(position):
            penalty[~model.can[want]] = DEVIATION_PENALTY
        else:
            allowed &= model.can[want]
        allowed_ids = np.flatnonzero(allowed)
        small = len(allowed_ids) <= SMALL_SET
        if not small:
            common = np.zeros(model.size, bool)
            common[self.by_frequency[allowed[self.by_frequency]][:COMMON_CANDIDATES]] = True
        couplet_second = lushi and line in (3, 5)
        word_position = position in (1, 3, 5) and position - 1 in features.word_slots(template.length)
        candidates = []
        keep = 2 * self.beam
        for row, hyp in enumerate(hyps):
            context = hyp.tokens[-(ORDER - 1):]
            if small:
                mask = allowed.copy()
            else:
                mask = common.copy()
                seen = ngram.followers(model.forward, context, 2)  # after the last two characters
                if len(seen) < COMMON_CANDIDATES:
                    seen = ngram.followers(model.forward, context, 1)
                mask[seen[allowed[seen]]] = True
            if forced is None:
                mask[self._used_array(hyp)] = False
            subset = np.flatnonzero(mask)
            if not len(subset):
                continue
            probabilities = model.style_subset(poet, context, subset)
            scores = np.log(probabilities + 1e-12) + bonus[subset] - penalty[subset]
            if last:  # how often the character ends a line: the right-to-left model after a line break
                ending = ngram.subset_distribution(model.reverse, [SEP], subset, model.uniform[subset], model.size)
                scores += LINE_END_WEIGHT * np.log(ending + 1e-12)
            extra = self._extra(hyp, position, word_position, couplet_second)
            if extra is not None:
                scores += extra[subset]
            top = np.arange(len(subset))
            if len(subset) > keep:
                top = np.argpartition(-scores, keep)[:keep]
            noise = rng.gumbel(size=len(top)) * NOISE
            for index, extra_noise in zip(top.tolist(), noise.tolist(), strict=True):
                candidates.append((scores[index] + extra_noise + hyp.score, row, int(subset[index]),
                                   float(np.log(probabilities[index] + 1e-12))))
        candidates.sort(key=lambda item: -item[0])
        chosen, per_parent = [], {}
        for total, row, token, logp in candidates:
            if per_parent.get(row, 0) >= max(2, self.beam // 2):
                continue
            hyp = hyps[row]
            tone = want if model.can[want][token] else (ZE if want == PING else PING)
            tones = hyp.tones + tone
            if not self._prefix_ok(tones, pattern):
                continue
            if last and self._copied(hyp.current + model.chars[token - 3]):
                continue
            per_parent[row] = per_parent.get(row, 0) + 1
            chosen.append(Hypothesis(hyp.tokens + [token], hyp.lines, hyp.current + model.chars[token - 3],
                                     tones, hyp.used | {token}, total, hyp.lm + logp))
            if len(chosen) >= self.beam:
                break
        return chosen

    @staticmethod
    def _used_array(hyp: Hypothesis) -> np.ndarray:
        return np.fromiter(hyp.used, dtype=np.int64, count=len(hyp.used))

    def _extra(self, hyp, position, word_position, couplet_second):
        """Per-hypothesis scores: two-character words, pairs written lately, pairs that convert badly,
        and 对仗 with the facing character."""
        extra = None
        previous = self.model.ids.get(hyp.current[-1]) if hyp.current else None
        rows = [self.unstable_rows, self.recent_rows] + ([self.word_rows] if word_position else [])
        for table in rows:
            if previous in table:
                extra = np.zeros(self.model.size) if extra is None else extra
                ids, values = table[previous]
                extra[ids] += values
        if couplet_second:
            facing = self.model.ids.get(hyp.lines[-1][position])
            extra = np.zeros(self.model.size) if extra is None else extra
            if facing in self.parallel_rows:
                ids, values = self.parallel_rows[facing]
                extra[ids] += values
            if facing is not None and self.class_of[facing] >= 0:
                extra[self.class_of == self.class_of[facing]] += CLASS_WEIGHT
        return extra

    @staticmethod
    def _prefix_ok(tones: str, pattern: str) -> bool:
        offset = len(pattern) - 5
        core = tones[offset:]
        q = len(core) - 1
        if 2 <= q <= 4 and core[q - 1] == PING and core[q - 2] == ZE and core[q] == ZE:
            return False  # 孤平
        if q == 4 and core[2:] == PING * 3:
            return False  # 三平尾
        return True

    def _copied(self, line: str) -> bool:
        hashed = features.line_hash(features.line_codes([line]))
        return bool(features.contains(self.model.exact_lines, hashed)[0])

    def _end_line(self, hyp: Hypothesis, pattern: str) -> Hypothesis | None:
        if line_faults(hyp.tones, pattern) or self._copied(hyp.current):
            return None  # never a faulty line, never a corpus line
        return Hypothesis(hyp.tokens + [SEP], hyp.lines + [hyp.current], "", "", hyp.used, hyp.score, hyp.lm)
