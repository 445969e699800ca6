"""Strike an instrument from its cached modes: the part that runs per request (no finite elements).

The modes of each instrument are shipped as ``exhibits/audio/data/modes-<accession>.json``, written
by ``museum instrument modes ACCESSION --write-data`` (see :func:`exhibits.audio.instruments.compute_modes`).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from exhibits.audio import synthesis
from exhibits.audio.exceptions import BadStrike, ModesMissing

DATA_DIR = Path(__file__).with_name("data")
STRIKE_SECONDS = 3.0


def modes_path(accession: str) -> Path:
    return DATA_DIR / f"modes-{accession}.json"


@lru_cache(maxsize=8)
def shipped_modes(accession: str) -> dict:
    path = modes_path(accession)
    if not path.is_file():
        raise ModesMissing(f"no modes computed for {accession}: run `museum instrument modes {accession}`")
    return json.loads(path.read_text(encoding="utf-8"))


def bell_count(data: dict) -> int:
    return len(data.get("bells", []))


def scaled_modes(data: dict, bell: int | None = None) -> list[dict]:
    """The modes of the instrument, or of one bell of a set (frequencies scale as 1 / height)."""
    if data["kind"] != "bells":
        if bell not in (None, 1):
            raise BadStrike(f"{data['accession']} is a single instrument; there is no bell {bell}")
        return data["modes"]
    count = bell_count(data)
    if bell is None:
        bell = 1
    if not isinstance(bell, int) or not 1 <= bell <= count:
        raise BadStrike(f"bell must be a number from 1 to {count}, got {bell!r}")
    scale = data["bells"][bell - 1]["scale"]
    out = []
    for mode in data["modes"]:
        frequency = mode["frequency"] * scale
        out.append({**mode, "frequency": round(frequency, 4),
                    "decay": round(float(synthesis.decay_times(np.array([frequency]))[0]), 5)})
    return out


def partials(data: dict, position: str, force: float, bell: int | None = None) -> synthesis.Partials:
    if position not in data["strike_positions"]:
        raise BadStrike(f"position must be one of {', '.join(data['strike_positions'])}, got {position!r}")
    modes = scaled_modes(data, bell)
    return synthesis.strike(
        [m["frequency"] for m in modes], [m["decay"] for m in modes],
        [m["strike"][position] for m in modes],
        [m["radiation"] for m in modes], force)


def strike_signal(data: dict, position: str, force: float, bell: int | None = None,
                  seconds: float = STRIKE_SECONDS, rate: int = synthesis.SAMPLE_RATE) -> np.ndarray:
    """The strike as samples; one scale per instrument, position and bell puts the hardest possible strike
    at the output peak, so softer strikes are quieter as well as darker."""
    found = partials(data, position, force, bell)
    hardest = synthesis.render(partials(data, position, 1.0, bell), seconds, rate, normalise=False)
    signal = synthesis.render(found, seconds, rate, normalise=False)
    return (signal * (synthesis.PEAK / (float(np.max(np.abs(hardest))) or 1.0))).astype(np.float32)


def modes_table(data: dict, position: str, force: float, bell: int | None = None) -> list[dict]:
    """Frequency, decay and relative amplitude of every partial of one strike (for the JSON API)."""
    found = partials(data, position, force, bell)
    peak = float(np.max(np.abs(found.amplitudes))) or 1.0
    modes = scaled_modes(data, bell)
    return [{"frequency": round(float(f), 3), "decay": round(float(d), 5),
             "amplitude": round(float(abs(a) / peak), 6), "order": m["order"], "family": m.get("family")}
            for f, d, a, m in zip(found.frequencies, found.decays, found.amplitudes, modes, strict=False)]
