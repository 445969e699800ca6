"""Metrical checks of a finished poem.

:func:`heard_faults` is the station's checker: the poem as a reader hears it (every polyphone in its word,
:mod:`exhibits.poems.reading`) against the four templates of its shape — strict positions, 孤平, 三平尾,
rhymed feet read 平 in one main rhyme group, unrhymed feet 仄.

:func:`independent_check` runs the PyPI ``pingshui-rhyme`` package (its own code and dictionary; poems are
converted with OpenCC ``s2t`` first, as its dictionary is traditional). It tests rhyme and positions 2/4/6
and accepts either tone of a polyphone, so it cannot hear a wrong reading, and it fails characters its
dictionary lacks (啼, 溪, and 峯 for 峰): a second opinion, not the station's measure.
:func:`full_template_match` also asks its classifier whether every position fits one full template.
"""

from __future__ import annotations

import functools
import warnings

from exhibits.poems.patterns import all_templates, line_faults
from exhibits.poems.reading import heard_tones, rhyme_group


def heard_faults(table, lines: list[str]) -> list[str]:
    """Every fault of the poem as heard, against the template it fits best ([] for a correct poem)."""
    if len(lines) not in (4, 8) or len({len(line) for line in lines}) != 1 or len(lines[0]) not in (5, 7):
        return ["not a regulated shape (4 or 8 lines of 5 or 7 characters)"]
    tones = [heard_tones(table, line) for line in lines]
    unknown = sorted({c for line, heard in zip(lines, tones, strict=True)
                      for c, t in zip(line, heard, strict=True) if t == "?"})
    if unknown:
        return [f"no known tone: {''.join(unknown)}"]
    best: list[str] | None = None
    for template in all_templates(len(lines[0]), len(lines)):
        faults = [f"line {n + 1}: {fault}" for n, (heard, pattern) in enumerate(zip(tones, template.patterns,
                                                                                   strict=True))
                  for fault in line_faults(heard, pattern)]
        groups = [rhyme_group(table, lines[n]) for n in template.rhyme_lines]
        if not all(groups):
            faults += [f"line {n + 1}: {lines[n][-1]} does not rhyme"
                       f" (read {tones[n][-1]}, or no main 平 group)"
                       for n, g in zip(template.rhyme_lines, groups, strict=True) if not g]
        elif len(set(groups)) > 1:
            faults.append(f"rhymes in several groups: {'/'.join(sorted(set(groups)))}")
        if best is None or len(faults) < len(best):
            best = faults
    return best or []


@functools.cache
def _tools():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import opencc
        from pingshui_rhyme import PoemStructureChecker

        return PoemStructureChecker(), opencc.OpenCC("s2t")


def independent_check(lines: list[str]) -> tuple[bool, str]:
    """(passed, message): rhyme check and 平仄 meter check of the pingshui-rhyme package."""
    checker, s2t = _tools()
    text = "\n".join(s2t.convert(line) for line in lines)
    rhyme_ok, rhyme_message = checker.check_poem_rhyming(text)
    meter_ok, meter_message = checker.check_poem_pingze_meter(text)
    return rhyme_ok and meter_ok, f"{rhyme_message} {meter_message}"


def full_template_match(lines: list[str]) -> bool:
    """Whether every character (first ones included) fits one of the four full templates."""
    checker, s2t = _tools()
    length = len(lines[0])
    for patterns in checker.patterns[length].values():
        pairs = zip(lines, patterns, strict=False)
        if all(_fits(checker, s2t.convert(line), pattern) for line, pattern in pairs):
            return True
    return False


def _fits(checker, line: str, pattern: str) -> bool:
    for char, want in zip(line, pattern, strict=True):
        tone = checker.classifier.classify(char)[0]
        if tone == "unknown" or (tone != "polyphonic" and tone != {"平": "ping", "仄": "ze"}[want]):
            return False
    return True
