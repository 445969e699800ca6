"""A tune for a set of chime bells, played only on notes the modelled bells sound.

Each bell of the set gives two notes (:func:`bell_notes`): its lowest centre-family partial when struck at
the front (正鼓) and its lowest side-family partial when struck at the side, both from the set's modal data
(the bells are similar, so bell *n*'s partials are bell 1's times its scale). The bells were not cast to a
scale the model knows, so :func:`fit` moves the tune to the pitch where every note is nearest to one of
those partials, and refuses a tune with a note further than :data:`TOLERANCE_CENTS` from every partial.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

TOLERANCE_CENTS = 30.0  # a note this close to a bell's partial is that note (a semitone is 100)


@dataclass(frozen=True)
class Tune:
    key: str
    title: str                       # in Chinese, its own name
    lyric: dict                      # the words sung to the notes played, by script: "zh-Hans", "zh-Hant"
    notes: tuple[tuple[str, float], ...]   # (numbered-notation degree, beats): "1" do … "6" la, "i" high do

    def semitones(self) -> list[int]:
        return [DEGREES[degree] for degree, _beats in self.notes]


DEGREES = {"1": 0, "2": 2, "3": 4, "5": 7, "6": 9, "i": 12}  # the pentatonic 宫商角徵羽

# 茉莉花, the opening line (Jiangsu's version, the one known all over China), in 2/4:
# 3 35 | 6i i6 | 5 56 | 5 -   好一朵美丽的茉莉花
JASMINE = Tune("jasmine", "茉莉花", {"zh-Hans": "好一朵美丽的茉莉花", "zh-Hant": "好一朵美麗的茉莉花"}, (
    ("3", 1), ("3", 0.5), ("5", 0.5), ("6", 0.5), ("i", 0.5), ("i", 0.5), ("6", 0.5),
    ("5", 1), ("5", 0.5), ("6", 0.5), ("5", 2)))


@dataclass(frozen=True)
class BellNote:
    bell: int
    position: str    # "centre" (the front) or "side"
    hz: float


def bell_notes(data: dict) -> list[BellNote]:
    """The two notes of every bell of a set, from its modal data (``lowest_pair`` and ``bells``)."""
    pair = data["lowest_pair"]
    return [BellNote(bell["number"], position, round(pair[f"{position}_hz"] * bell["scale"], 3))
            for bell in data["bells"] for position in ("centre", "side")]


def cents(hz: float, reference: float) -> float:
    return 1200 * math.log2(hz / reference)


class OutOfReach(ValueError):
    """The tune has a note that no bell sounds."""


def fit(tune: Tune, notes: list[BellNote]) -> dict:
    """The tune on the bells: the tonic (do) where the largest distance of a note to its nearest bell note
    is least, and for each note the bell and position that sound it, with how far off it is in cents."""
    steps = tune.semitones()

    def nearest(hz: float) -> BellNote:
        return min(notes, key=lambda n: abs(cents(n.hz, hz)))

    # The largest error over the tune, as the tonic moves, is piecewise linear: its least value lies where a
    # note sits exactly on a bell's note, or midway (in cents) between two such tonics, one note as sharp as
    # another is flat. Every such tonic is tried (in cents above 1 Hz).
    bells = 1200 * np.log2(np.array([n.hz for n in notes]))
    exact = np.unique((bells[None, :] - 100 * np.array(sorted(set(steps)))[:, None]).ravel())
    near = np.abs(exact[:, None] - exact[None, :]) <= 2 * TOLERANCE_CENTS
    tonics = np.unique(np.concatenate([exact, ((exact[:, None] + exact[None, :]) / 2)[near]]))
    wanted = tonics[:, None] + 100 * np.array(steps)[None, :]
    errors = np.abs(wanted[:, :, None] - bells[None, None, :]).min(axis=2).max(axis=1)
    best = int(np.argmin(errors))
    worst, tonic = float(errors[best]), float(2 ** (tonics[best] / 1200))
    if worst > TOLERANCE_CENTS:
        raise OutOfReach(f"{tune.key}: a note is {worst:.0f} cents from every bell's note "
                         f"(at most {TOLERANCE_CENTS:.0f})")
    played, at = [], 0.0
    for (degree, beats), s in zip(tune.notes, steps, strict=True):
        wanted = tonic * 2 ** (s / 12)
        note = nearest(wanted)
        played.append({"degree": degree, "beats": beats, "at": at, "bell": note.bell,
                       "position": note.position, "hz": note.hz, "cents": round(cents(note.hz, wanted), 1)})
        at += beats
    return {"key": tune.key, "title": tune.title, "lyric": tune.lyric, "tonic_hz": round(tonic, 2),
            "worst_cents": round(worst, 1), "beats": at, "notes": played}
