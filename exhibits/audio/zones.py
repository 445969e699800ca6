"""A playable bronze's strike zones: where on the object's picture a visitor touches to strike it.

One definition for every zone, built in or saved by a curator: :class:`Zone` (its name — the strike target
it sounds, a strike position of the chunyu or a bell's number in a set —, its box on the picture as
fractions of the picture's width and height, and its label in the languages it was given). The built-in
zones are :attr:`exhibits.audio.instruments.Instrument.image_zones`; a curator's saved zones are checked
by :func:`check`, which names each problem by a code (the web shell words it in the curator's language).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from languages import LANGUAGES

REQUIRED_LABELS = ("zh", "en")   # a saved zone is labelled at least in these
MAX_LABEL = 60                   # characters
MIN_SIZE = 0.01                  # a box at least this fraction of the picture on each side


@dataclass(frozen=True)
class Zone:
    name: str                                   # the strike target: "centre", "side", or a bell's "1".."14"
    box: tuple[float, float, float, float]      # left, top, right, bottom: fractions of the picture
    labels: dict = field(default_factory=dict)  # language code -> label; empty: the station's own words

    def to_json(self) -> dict:
        return {"name": self.name, "box": [round(v, 4) for v in self.box],
                "labels": {code: self.labels[code] for code in LANGUAGES if self.labels.get(code)}}

    @classmethod
    def from_json(cls, data: dict) -> Zone:
        return cls(str(data["name"]), tuple(float(v) for v in data["box"]), dict(data.get("labels") or {}))


@dataclass(frozen=True)
class Problem:
    # no-zones | unknown-name | duplicate-name | outside | too-small | missing-label | long-label
    code: str
    zone: int | None  # the zone's index in the list checked, None for the whole set
    detail: str = ""  # the name, or the language of a label


def check(zones: list[Zone], targets: tuple[str, ...]) -> list[Problem]:
    """Every problem of a set of zones for an instrument whose strike targets are ``targets``: each name a
    target and no name twice, each box inside the picture and not a sliver, each zone labelled in Chinese
    and English, no label too long for the station."""
    problems = [] if zones else [Problem("no-zones", None)]
    seen = set()
    for index, zone in enumerate(zones):
        if zone.name not in targets:
            problems.append(Problem("unknown-name", index, zone.name))
        elif zone.name in seen:
            problems.append(Problem("duplicate-name", index, zone.name))
        seen.add(zone.name)
        left, top, right, bottom = zone.box
        if not (0 <= left < right <= 1 and 0 <= top < bottom <= 1):
            problems.append(Problem("outside", index, zone.name))
        elif right - left < MIN_SIZE or bottom - top < MIN_SIZE:
            problems.append(Problem("too-small", index, zone.name))
        for code in REQUIRED_LABELS:
            if not (zone.labels.get(code) or "").strip():
                problems.append(Problem("missing-label", index, code))
        for code, label in zone.labels.items():
            if len(label) > MAX_LABEL:
                problems.append(Problem("long-label", index, code))
    return problems
