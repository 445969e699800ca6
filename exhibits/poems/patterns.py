"""平仄 templates of regulated verse (近体诗) and the rules that keep 一三五不论 from causing faults.

Line types (五言; 七言 puts two opposite tones in front):
  a 仄仄平平仄   A 仄仄仄平平   b 平平平仄仄   B 平平仄仄平
A poem starts 平起 or 仄起 (tone of the 2nd character), its first line rhymes (首句入韵) or not, and
the next lines follow 对 (a couplet's two lines are opposite) and 粘 (a couplet's first line has the
tone of the line before at the 2nd character).
"""

from __future__ import annotations

from dataclasses import dataclass

from exhibits.poems.tones import PING, ZE

CORE = {"a": "仄仄平平仄", "A": "仄仄仄平平", "b": "平平平仄仄", "B": "平平仄仄平"}
OPPOSITE = {PING: ZE, ZE: PING}
# After a line of one type, the next line: within a couplet 对, across couplets 粘.
PARTNER = {"a": "B", "b": "A", "A": "B", "B": "A"}  # second line of a couplet for a first line
NEXT_COUPLET = {"B": "b", "A": "a"}  # first line of the next couplet after a couplet ending in B / A
FORMS = {"五言绝句": (5, 4), "七言绝句": (7, 4), "五言律诗": (5, 8), "七言律诗": (7, 8)}


def line_pattern(kind: str, length: int) -> str:
    core = CORE[kind]
    if length == 5:
        return core
    return OPPOSITE[core[0]] * 2 + core


@dataclass(frozen=True)
class Template:
    length: int
    lines: int
    start: str  # 平起 or 仄起
    first_rhymes: bool
    kinds: tuple[str, ...]

    @property
    def patterns(self) -> list[str]:
        return [line_pattern(kind, self.length) for kind in self.kinds]

    @property
    def rhyme_lines(self) -> list[int]:
        return [i for i in range(self.lines) if i % 2 == 1 or (i == 0 and self.first_rhymes)]

    @property
    def name(self) -> str:
        return f"{self.start}{'首句入韵' if self.first_rhymes else '首句不入韵'}"

    def flexible(self, position: int) -> bool:
        """Positions where 一三五不论 may apply (the rules below still judge the result)."""
        offset = self.length - 5
        return position == 0 or position - offset in (0, 2)


def make_template(length: int, lines: int, start: str, first_rhymes: bool) -> Template:
    # The 2nd character of the first line is 平 for 平起; in 五言 that is core position 1, in 七言
    # position 1 of the two-character prefix, whose tone is opposite to the core's start.
    core_second_ping = (start == "平起") if length == 5 else (start != "平起")
    if core_second_ping:
        first = "B" if first_rhymes else "b"
    else:
        first = "A" if first_rhymes else "a"
    kinds = [first]
    while len(kinds) < lines:
        previous = kinds[-1]
        if len(kinds) % 2 == 1:
            kinds.append(PARTNER[previous])
        else:
            kinds.append(NEXT_COUPLET[previous])
    return Template(length, lines, start, first_rhymes, tuple(kinds))


def all_templates(length: int, lines: int) -> list[Template]:
    return [make_template(length, lines, start, rhymes)
            for start in ("平起", "仄起") for rhymes in (True, False)]


def line_faults(tones: str, pattern: str) -> list[str]:
    """Faults of a line whose resolved tones are ``tones`` against its template ``pattern``."""
    faults = []
    length = len(pattern)
    offset = length - 5
    for i, (got, want) in enumerate(zip(tones, pattern, strict=True)):
        core = i - offset
        if got != want and not (i == 0 or core in (0, 2)):
            faults.append(f"position {i + 1} must be {want}")
    core_tones = tones[offset:]
    if core_tones[-1] == PING and core_tones[2:] == PING * 3:
        faults.append("三平尾")
    for i in (1, 2, 3):
        if core_tones[i] == PING and core_tones[i - 1] == ZE and core_tones[i + 1] == ZE:
            faults.append("孤平")
            break
    return faults


def full_match(tones: str, pattern: str) -> bool:
    return tones == pattern
