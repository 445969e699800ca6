"""The strike zones' rules (exhibits/audio/zones.py) and the bells' tune (exhibits/audio/melody.py): every
built-in zone passes the rules a curator's zones must pass; each rule names its problem; the tune is played
only on notes the modelled bells sound, each within the tolerance, in the tune's own intervals."""

from __future__ import annotations

import math

import pytest

from exhibits.audio import instruments, melody, player
from exhibits.audio.zones import Problem, Zone, check

LABELS = {"zh": "中间", "en": "Middle"}


@pytest.mark.parametrize("accession", sorted(instruments.INSTRUMENTS))
def test_the_built_in_zones_pass_the_rules_once_labelled(accession):
    inst = instruments.INSTRUMENTS[accession]
    zones = [Zone(z.name, z.box, LABELS) for z in inst.image_zones]
    assert check(zones, inst.targets()) == []
    assert [z.name for z in inst.image_zones] == list(inst.targets())  # one built-in zone per target
    assert Zone.from_json(zones[0].to_json()) == zones[0]


def test_each_rule_names_its_problem():
    targets = ("centre", "side")
    zones = [Zone("centre", (0.1, 0.1, 0.5, 0.5), LABELS),
             Zone("centre", (0.6, 0.6, 1.2, 0.9), {"zh": "边", "en": " "}),     # twice, off the right edge
             Zone("rim", (0.2, 0.2, 0.205, 0.5), {**LABELS, "fr": "x" * 61}),  # unknown, a sliver, too long
             Zone("side", (0.5, 0.5, 0.4, 0.6), {"en": "Side"})]               # right before left; no zh
    assert check(zones, targets) == [
        Problem("duplicate-name", 1, "centre"), Problem("outside", 1, "centre"),
        Problem("missing-label", 1, "en"),
        Problem("unknown-name", 2, "rim"), Problem("too-small", 2, "rim"), Problem("long-label", 2, "fr"),
        Problem("outside", 3, "side"), Problem("missing-label", 3, "zh")]
    assert check([], targets) == [Problem("no-zones", None)]


def test_the_tune_is_played_on_the_bells_own_notes():
    data = player.shipped_modes("1972.0008")
    notes = melody.bell_notes(data)
    assert len(notes) == 2 * len(data["bells"])
    fitted = melody.fit(melody.JASMINE, notes)
    played = fitted["notes"]
    assert [n["degree"] for n in played] == [d for d, _b in melody.JASMINE.notes]
    sounded = {(n.bell, n.position): n.hz for n in notes}
    tonic = fitted["tonic_hz"]
    for note, step in zip(played, melody.JASMINE.semitones(), strict=True):
        assert sounded[(note["bell"], note["position"])] == note["hz"]  # a note a modelled bell sounds
        wanted = tonic * 2 ** (step / 12)
        assert abs(1200 * math.log2(note["hz"] / wanted)) <= melody.TOLERANCE_CENTS
        assert note["cents"] == pytest.approx(1200 * math.log2(note["hz"] / wanted), abs=0.1)
    # no other tonic does better: the largest error is the least over every tonic tried on a fine grid
    for trial in (tonic * 2 ** (c / 1200) for c in range(-100, 101)):
        worst = max(min(abs(1200 * math.log2(n.hz / (trial * 2 ** (s / 12)))) for n in notes)
                    for s in melody.JASMINE.semitones())
        assert worst >= fitted["worst_cents"] - 0.05
    assert fitted["beats"] == sum(b for _d, b in melody.JASMINE.notes)


def test_a_tune_out_of_the_bells_reach_is_refused():
    data = player.shipped_modes("1972.0008")
    two_octaves = melody.Tune("two", "两", {}, tuple((d, 1) for d in ("1", "i")) + (("1", 1),))
    steps = melody.DEGREES.copy()
    try:
        melody.DEGREES["i"] = 24  # two octaves: beyond the set's range (about an octave and a bit)
        with pytest.raises(melody.OutOfReach):
            melody.fit(two_octaves, melody.bell_notes(data))
    finally:
        melody.DEGREES.clear()
        melody.DEGREES.update(steps)
