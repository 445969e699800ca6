"""The playable bronzes: the tiger-knob chunyu (1989.0107) and the 14 gold-inlaid chime bells (1972.0008).

Each instrument is a shell built from its catalogue profile; :func:`compute_modes` runs the modal
analysis on two mesh sizes (convergence is stored with the modes) and returns the JSON-ready data
that :mod:`exhibits.audio.data` ships and the synthesis reads. Bells of one set are geometrically
similar, so one analysis at the largest bell serves all 14: frequencies scale exactly as 1 / height.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from exhibits.audio import geometry, mesh, modal
from exhibits.audio.exceptions import UnknownInstrument
from exhibits.audio.synthesis import LOSS_EXPONENT, LOSS_FACTOR, decay_times

BRONZE = modal.Bronze()
N_MODES = 20
PAIR_TOLERANCE = 1e-6   # relative: degenerate pairs of an axisymmetric body merge into one partial


@dataclass(frozen=True)
class MeshLevel:
    name: str
    n_s: int
    n_phi: int
    n_xi: int = 1


@dataclass(frozen=True)
class Instrument:
    accession: str
    kind: str                      # "chunyu" | "bells"
    title: str
    strike_heights: dict           # position -> (fraction of the height on the wall, angle phi)
    levels: tuple                  # (coarse, fine) MeshLevel
    notes: str

    def shell(self) -> geometry.Shell:
        return _SHELLS[self.kind]()


def _chunyu_shell() -> geometry.Shell:
    section = geometry.Section()
    build = lambda t: geometry.chunyu_profile(0.68, 0.36, 0.28, t)  # noqa: E731
    thickness = geometry.thickness_for_mass(build, 30.0, BRONZE.density, section)
    return geometry.Shell("chunyu", build(thickness), section, thickness)


BELL_HEIGHTS_CM = tuple(round(27.0 * (15.0 / 27.0) ** (i / 13), 2) for i in range(14))
BELL_DEPTH_RATIO = 0.65     # half-depth / half-width of the almond section (鼓间 / 铣间)
BELL_THICKNESS_RATIO = 0.022


def _bell_shell(height: float = BELL_HEIGHTS_CM[0] / 100) -> geometry.Shell:
    q = BELL_DEPTH_RATIO
    section = geometry.Section(lens_c=(1 - q * q) / (2 * q))
    thickness = BELL_THICKNESS_RATIO * height
    return geometry.Shell("bell", geometry.bell_profile(height, thickness), section, thickness)


_SHELLS = {"chunyu": _chunyu_shell, "bells": _bell_shell}

INSTRUMENTS = {
    "1989.0107": Instrument(
        "1989.0107", "chunyu", "战国铜虎钮錞于 bronze chunyu with tiger knob",
        {"centre": (0.5, math.pi / 2), "side": (0.1, math.pi / 2)},
        (MeshLevel("coarse", 18, 64), MeshLevel("fine", 24, 96)),
        "H 68 cm, top 36 cm, base 28 cm; wall thickness from the 30 kg mass (tiger knob not modelled, "
        "its footprint of 0.5 cm radius left open); 'side' strikes near the mouth.",
    ),
    "1972.0008": Instrument(
        "1972.0008", "bells", "错金编钟 gold-inlaid chime bells (set of 14)",
        {"centre": (0.12, math.pi / 2), "side": (0.12, math.pi / 4)},
        (MeshLevel("coarse", 12, 48), MeshLevel("fine", 16, 64)),
        f"Heights 27 -> 15 cm in a geometric progression; almond section with depth/width "
        f"{BELL_DEPTH_RATIO}, wall {BELL_THICKNESS_RATIO * 100:.1f} % of the height, flat mouth, "
        "loop footprint left open; all 14 are geometrically similar (frequency ~ 1/height).",
    ),
}


def instrument(accession: str) -> Instrument:
    try:
        return INSTRUMENTS[accession]
    except KeyError:
        raise UnknownInstrument(f"no playable instrument with accession number {accession!r}; "
                                f"known: {', '.join(INSTRUMENTS)}") from None


def strike_points(inst: Instrument, shell: geometry.Shell) -> list[modal.StrikePoint]:
    profile = shell.profile
    wall_top = int(np.argmax(profile.z >= profile.z.max() - 1e-12))
    points = []
    for name, (height_fraction, phi) in inst.strike_heights.items():
        z = height_fraction * profile.z.max()
        s = float(np.interp(z, profile.z[:wall_top + 1], profile.s[:wall_top + 1]))
        points.append(modal.StrikePoint(name, s / profile.length, phi))
    return points


def _merge_pairs(result: modal.ModalResult, axisymmetric: bool) -> list[dict]:
    freqs, order = result.frequencies, np.arange(len(result.frequencies))
    modes, used = [], set()
    for i in order:
        if i in used:
            continue
        group = [i]
        if axisymmetric and i + 1 < len(freqs) and abs(freqs[i + 1] - freqs[i]) <= PAIR_TOLERANCE * freqs[i]:
            group.append(i + 1)
        used.update(group)
        strike = {name: float(np.sqrt(sum(values[j] ** 2 for j in group)))
                  for name, values in result.strike_amplitudes.items()}
        frequency = float(np.mean(freqs[group]))
        parity = float(result.parity[i])
        modes.append({
            "frequency": round(frequency, 4),
            "multiplicity": len(group),
            "order": int(result.order[i]),
            "family": None if axisymmetric else ("centre" if parity > 0 else "side"),
            "radiation": float(f"{np.sqrt(np.mean(result.radiation[group] ** 2)):.6g}"),
            "strike": {k: float(f"{v:.6g}") for k, v in strike.items()},
        })
    for m in modes:
        m["decay"] = round(float(decay_times(np.array([m["frequency"]]))[0]), 5)
    return modes


def analyse_level(inst: Instrument, level: MeshLevel, progress: Callable[[str], None] | None = None) -> dict:
    shell = inst.shell()
    say = progress or (lambda _m: None)
    say(f"{inst.accession}: {level.name} mesh {level.n_s} x {level.n_phi} x {level.n_xi} hexahedra")
    start = time.perf_counter()
    shell_mesh = mesh.build_mesh(shell, level.n_s, level.n_phi, level.n_xi)
    result = modal.analyse(shell_mesh, strike_points(inst, shell), N_MODES, BRONZE, progress=say)
    return {
        "level": level.name, "n_s": level.n_s, "n_phi": level.n_phi, "n_xi": level.n_xi,
        "elements": int(result.elements), "dofs": int(result.dofs),
        "seconds": round(time.perf_counter() - start, 1),
        "frequencies": [round(float(f), 4) for f in result.frequencies],
        "largest_pair_split": _largest_pair_split(result.frequencies) if shell.section.lens_c == 0 else None,
        "modes": _merge_pairs(result, shell.section.lens_c == 0),
    }


def _largest_pair_split(freqs: np.ndarray) -> float:
    rel = np.diff(freqs) / freqs[:-1]
    return float(f"{rel[rel <= PAIR_TOLERANCE].max(initial=0.0):.3g}")


def compute_modes(accession: str, levels: tuple[str, ...] = ("coarse", "fine"),
                  progress: Callable[[str], None] | None = None) -> dict:
    """Modal analysis of an instrument on the named mesh levels; the finest one gives the modes."""
    inst = instrument(accession)
    shell = inst.shell()
    runs = [analyse_level(inst, lv, progress) for lv in inst.levels if lv.name in levels]
    data = {
        "accession": inst.accession, "kind": inst.kind, "title": inst.title, "notes": inst.notes,
        "material": {"youngs_modulus_pa": BRONZE.youngs_modulus, "poisson_ratio": BRONZE.poisson_ratio,
                     "density_kg_m3": BRONZE.density},
        "thickness_mm": round(shell.thickness * 1000, 3),
        "damping": {"loss_factor_at_100hz": LOSS_FACTOR, "exponent": LOSS_EXPONENT},
        "strike_positions": {k: {"height_fraction": v[0], "phi_degrees": round(math.degrees(v[1]), 3)}
                             for k, v in inst.strike_heights.items()},
        "levels": {run["level"]: {k: v for k, v in run.items() if k != "modes"} for run in runs},
        "modes": runs[-1]["modes"],
    }
    if len(runs) == 2:
        data["convergence"] = convergence(runs[0]["modes"], runs[1]["modes"])
    if inst.kind == "bells":
        data["bells"] = [{"number": i + 1, "height_cm": h, "scale": round(BELL_HEIGHTS_CM[0] / h, 6)}
                         for i, h in enumerate(BELL_HEIGHTS_CM)]
        data["lowest_pair"] = lowest_pair(data["modes"])
    return data


def convergence(coarse: list[dict], fine: list[dict]) -> dict:
    """Each fine-mesh mode against the coarse-mesh mode of the same circumferential order, family and
    rank (so that modes that swap places between meshes are still compared like with like)."""
    def keyed(modes):
        seen, out = {}, {}
        for m in modes:
            key = (m["order"], m["family"])
            seen[key] = seen.get(key, 0) + 1
            out[key + (seen[key],)] = m["frequency"]
        return out
    a, b = keyed(coarse), keyed(fine)
    common = [k for k in b if k in a]
    diffs = {k: abs(a[k] - b[k]) / b[k] for k in common}
    return {"compared_modes": len(common),
            "max_relative_difference": float(f"{max(diffs.values()):.4g}"),
            "per_mode": [{"order": k[0], "family": k[1], "rank": k[2], "coarse_hz": a[k], "fine_hz": b[k]}
                         for k in common]}


def lowest_pair(modes: list[dict]) -> dict:
    """The two-tone pair: the lowest centre-family and side-family modes of the mouth's order 2."""
    centre = min((m for m in modes if m["family"] == "centre" and m["order"] == 2), key=lambda m: m["frequency"])
    side = min((m for m in modes if m["family"] == "side" and m["order"] == 2), key=lambda m: m["frequency"])
    return {"centre_hz": centre["frequency"], "side_hz": side["frequency"],
            "ratio": round(side["frequency"] / centre["frequency"], 4)}


def write_data(data: dict, path) -> None:
    """The shipped data file: stable key order and rounding, so a rerun gives the same bytes."""
    import json
    from pathlib import Path

    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
