"""Where the plan puts a forced word: never where the line could then not end on a real pair."""

from __future__ import annotations

import random

import numpy as np

from exhibits.poems.patterns import all_templates
from exhibits.poems.planning import MIN_LINE_ENDS, _line_ends_after, _place


def _word_ending_on(model, wanted) -> str:
    """A two-character word of generable, toned characters whose last character satisfies ``wanted``."""
    chars = [c for c in model.ids if len(c) == 1 and model.tones.known(c) and model.generable[model.ids[c]]]
    last = next(c for c in chars if wanted(c))
    first = next(c for c in chars if c != last)
    return first + last


def test_a_word_stands_just_before_a_line_end_only_when_lines_can_end_after_it(generator):
    model = generator.model
    template = next(t for t in all_templates(7, 4))
    rhymes = model.rhymes[sorted(model.rhymes)[0]]
    ends = {c: (_line_ends_after(model, c, rhymes), _line_ends_after(model, c, None))
            for c in list(model.ids)[:3000] if len(c) == 1}
    dead = _word_ending_on(model, lambda c: c in ends and max(ends[c]) == 0)
    lively = _word_ending_on(model, lambda c: c in ends and min(ends[c]) >= MIN_LINE_ENDS + 1)
    before_end = {}
    for word in (dead, lively):
        spots = [_place(model, template, word, {}, np.random.default_rng(seed), rhymes) for seed in range(60)]
        before_end[word] = sum(spot is not None and spot[1] + 2 == template.length - 1 for spot in spots)
    assert before_end[dead] == 0
    assert before_end[lively] > 0, "the rule must not keep every word from the last word slot"
    assert MIN_LINE_ENDS >= 1


def test_the_numeral_count_kept_character_by_character_is_the_poems():
    """The decoder keeps a poem's numeral count as it writes (``numeral_step``, line after line); it must be
    what ``numerals_in`` counts in the whole text, names included (三峡, 三游, across a line end too)."""
    from exhibits.poems import themes

    assert themes.numerals_in("三峡千里万重山") == 2 and themes.numerals_in("三游洞前三两声") == 1
    assert themes.numerals_in("三三峡") == 1 and themes.numerals_in("二十四桥") == 3
    rng = random.Random(7)
    alphabet = "三峡游千万二十百山水月一两"
    for _ in range(300):
        lines = ["".join(rng.choice(alphabet) for _ in range(rng.choice((5, 7)))) for _ in range(4)]
        count, previous = 0, " "
        for line in lines:
            for char in line:
                count += themes.numeral_step(previous, char)
                previous = char
        assert count == themes.numerals_in("".join(lines)), lines
