"""The constrained decoder's hard constraints: a candidate that breaks one is never kept.

Which characters a position allows (:class:`PlanMasks`: forced characters, rhyme characters whose main
平声 group is the chosen one at a rhymed line end, pure 仄 characters outside the group elsewhere, the
template's tone at a strict position, only characters whose tone is known, never a banned one); what a
candidate may never do in a step (:meth:`Constraints.forbid`: no four consecutive characters of any corpus
line, a line ending on a whole word, an unrhymed line end sharing no rhyme group with the second line's
foot, no character twice); what a line's prefix and a finished line must be as a reader hears them
(:func:`prefix_ok`: the strict positions, no 孤平 and no 三平尾; :meth:`Constraints.line_ok`: no line fault,
the foot in the chosen group, no line the station wrote before); and no line copied from the corpus
(:meth:`Constraints.copied`). The search that keeps candidates within these is :mod:`exhibits.poems.decoder`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from exhibits.poems import features, ngram
from exhibits.poems.patterns import PING, ZE, line_faults
from exhibits.poems.reading import rhyme_group

GRAM = 4  # no run of this many consecutive characters of a corpus line
NEG = -1e9


@dataclass(frozen=True)
class PlanMasks:
    """The characters each kind of position of one plan allows (the plan's banned characters removed)."""

    rhyme: np.ndarray  # a rhymed line end
    unrhymed_end: np.ndarray  # any other line end
    free: np.ndarray  # a flexible position
    strict: dict[str, np.ndarray]  # a strict position, by the tone it wants
    reserved: np.ndarray  # token ids of the forced characters, which no other position may take

    def allowed(self, model, template, line: int, position: int,
                forced: str | None) -> tuple[np.ndarray, bool]:
        """The allowed characters at ``(line, position)`` as a mask, and whether the position is flexible.
        The masks are reused (the decoder caches per mask object), a forced character's is new."""
        if forced is not None:
            allowed = np.zeros(model.size, bool)
            allowed[model.ids[forced]] = True
            return allowed, False
        if position == template.length - 1:
            return (self.rhyme if line in template.rhyme_lines else self.unrhymed_end), False
        if template.flexible(position):
            return self.free, True
        return self.strict[template.patterns[line][position]], False


class Constraints:
    """The hard constraints of one model (its tables built once; shared, read-only)."""

    def __init__(self, model):
        self.model = model
        self.strict = {want: model.generable & model.can[want] for want in (PING, ZE)}
        # rhyme groups of every character (平 and 仄 readings) as bits, for "must not rhyme" line ends
        groups = sorted({g for names in model.tones.groups.values() for g in names})
        bit = {g: k for k, g in enumerate(groups)}
        self.group_bits = np.zeros((model.size, (len(groups) + 63) // 64), dtype=np.uint64)
        for char, i in model.ids.items():
            for name in model.tones.groups.get(char, ()):
                self.group_bits[i, bit[name] // 64] |= np.uint64(1) << np.uint64(bit[name] % 64)

    def plan_masks(self, plan) -> PlanMasks:
        model = self.model
        banned = np.zeros(model.size, bool)
        banned[[model.ids[c] for c in plan.banned_chars if c in model.ids]] = True
        rhyme_mask = np.zeros(model.size, bool)
        rhyme_mask[[model.ids[c] for c in plan.rhymes if c in model.ids]] = True
        rhyme_mask &= model.generable
        group_mask = np.zeros(model.size, bool)
        group_chars = model.tones.ping_groups.get(plan.rhyme_group, ())
        group_mask[[model.ids[c] for c in group_chars if c in model.ids]] = True
        unrhymed_end = model.generable & model.pure_ze & ~group_mask
        reserved = np.array(sorted({model.ids[c] for c in plan.forced.values()}), dtype=np.int64)
        return PlanMasks(rhyme=rhyme_mask & ~banned, unrhymed_end=unrhymed_end & ~banned,
                         free=model.generable & ~banned,
                         strict={want: self.strict[want] & ~banned for want in (PING, ZE)}, reserved=reserved)

    def forbid(self, scores: np.ndarray, slot, hyps: list, tokens_so_far: np.ndarray, columns: np.ndarray,
               lookup: np.ndarray) -> None:
        """Set to NEG, in the (hypotheses × candidates + scratch column) ``scores`` of a step at ``slot``
        (a :class:`exhibits.poems.decoder.Slot`), every candidate a hard constraint refuses."""
        width = len(columns) + 1
        if slot.position >= GRAM - 1:  # no four consecutive characters of a corpus line
            ban_following(self.model.grams, tokens_so_far[:, -(GRAM - 1):], scores, lookup, width)
        if slot.last:  # the line ends on a whole word: a pair real lines ended on, or a jieba word
            ending = np.full(scores.shape, NEG)
            ban_following(self.model.end_pairs, tokens_so_far[:, -1:], ending, lookup, width, value=0.0)
            scores += ending
        if slot.avoid_rhyme:  # an unrhymed line end shares no rhyme group with the second line's foot
            feet = np.array([self.model.ids.get(h.lines[1][-1], 0) for h in hyps])
            rhyming = (self.group_bits[columns][None, :, :] & self.group_bits[feet][:, None, :]).any(axis=2)
            scores[:, :-1][rhyming] = NEG
        if slot.reserved is not None:  # no character twice (BOS and SEP fall in the scratch column)
            rows = np.arange(len(hyps))
            scores.reshape(-1)[(rows[:, None] * width + lookup[tokens_so_far]).reshape(-1)] = NEG
            scores[:, lookup[slot.reserved]] = NEG

    def copied(self, lines: list[str]) -> list[bool]:
        """Per line: whether it is a line of the corpus."""
        if not lines:
            return []
        hashed = features.line_hash(features.line_codes(lines))
        return features.contains(self.model.exact_lines, hashed).tolist()

    def line_ok(self, line: str, tones: str, pattern: str, foot: str | None, avoid_lines) -> bool:
        """Whether a finished line (``tones`` as heard) may stand: no line fault (corpus lines were refused
        at their last character), its foot rhyming in the chosen group ``foot`` as read in its word (when
        the line rhymes), not one of ``avoid_lines``."""
        if line_faults(tones, pattern):
            return False
        if foot is not None and rhyme_group(self.model.tones, line) != foot:
            return False
        return line not in avoid_lines


def prefix_ok(tones: str, pattern: str, template) -> bool:
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


def ban_following(keys: np.ndarray, contexts: np.ndarray, scores: np.ndarray, lookup: np.ndarray,
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
