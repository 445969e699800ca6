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
from exhibits.audio.zones import Zone

BRONZE = modal.Bronze()
N_MODES = 20            # modes shipped and checked (a degenerate pair counts as two)
SPARE_MODES = 4         # computed beyond N_MODES, so each fine-mesh mode finds its coarse counterpart
PAIR_TOLERANCE = 1e-6   # relative: degenerate pairs of an axisymmetric body merge into one partial
CONVERGENCE_TOLERANCE = 0.01   # coarse against fine mesh, every compared mode
SHAPE_MATCH = 0.8       # least shape similarity for two levels' modes to count as the same mode


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
    notes: str                     # the model's technical notes (shown to curators, not to visitors)
    # The built-in strike zones on the object's first image (:class:`~exhibits.audio.zones.Zone`, boxes as
    # fractions of the image): one per strike position (the chunyu), or one per bell (a set), labelled by
    # the station's own words. A curator's saved zones replace them (``/curator/instruments/<accession>/
    # zones``); without an image the station draws the silhouette.
    image_zones: tuple = ()

    def targets(self) -> tuple[str, ...]:
        """What a zone can sound: a strike position of a single bronze, a bell's number in a set."""
        if self.kind == "bells":
            return tuple(str(n + 1) for n in range(len(BELL_HEIGHTS_CM)))
        return tuple(self.strike_heights)

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
        (MeshLevel("coarse", 24, 80), MeshLevel("fine", 36, 96)),
        "H 68 cm, top 36 cm, base 28 cm; wall thickness from the 30 kg mass (tiger knob not modelled, "
        "its footprint of 0.5 cm radius left open); 'side' strikes near the mouth.",
        (Zone("centre", (0.19, 0.49, 0.81, 0.60)), Zone("side", (0.22, 0.785, 0.78, 0.885))),
    ),
    "1972.0008": Instrument(
        "1972.0008", "bells", "错金编钟 gold-inlaid chime bells (set of 14)",
        {"centre": (0.12, math.pi / 2), "side": (0.12, math.pi / 4)},
        (MeshLevel("coarse", 24, 64), MeshLevel("fine", 36, 96)),
        f"Heights 27 -> 15 cm in a geometric progression; almond section with depth/width "
        f"{BELL_DEPTH_RATIO}, wall {BELL_THICKNESS_RATIO * 100:.1f} % of the height, flat mouth, "
        "loop footprint left open; all 14 are geometrically similar (frequency ~ 1/height); 'side' strikes "
        "midway along the arc between the centre (正鼓) and the corner (铣).",
        (Zone("1", (0.0315, 0.1905, 0.0973, 0.619)),
         Zone("2", (0.113, 0.1905, 0.1766, 0.6044)),
         Zone("3", (0.1923, 0.1905, 0.2536, 0.5897)),
         Zone("4", (0.2694, 0.1905, 0.3285, 0.5751)),
         Zone("5", (0.3442, 0.1905, 0.401, 0.5604)),
         Zone("6", (0.4167, 0.1905, 0.4713, 0.5458)),
         Zone("7", (0.487, 0.1905, 0.5394, 0.5311)),
         Zone("8", (0.5551, 0.1905, 0.6052, 0.5165)),
         Zone("9", (0.6209, 0.1905, 0.6687, 0.5018)),
         Zone("10", (0.6845, 0.1905, 0.73, 0.4872)),
         Zone("11", (0.7458, 0.1905, 0.7891, 0.4725)),
         Zone("12", (0.8048, 0.1905, 0.8459, 0.4579)),
         Zone("13", (0.8616, 0.1905, 0.9004, 0.4432)),
         Zone("14", (0.9162, 0.1905, 0.9527, 0.4286))),
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


def _merge_pairs(result: modal.ModalResult, axisymmetric: bool) -> tuple[list[dict], list[list[int]]]:
    """Partials of the instrument (a degenerate pair of an axisymmetric body is one partial) and the
    indices of the computed modes that make each of them."""
    freqs = result.frequencies
    modes, groups, used = [], [], set()
    for i in range(len(freqs)):
        if i in used:
            continue
        group = [i]
        if axisymmetric and i + 1 < len(freqs) and abs(freqs[i + 1] - freqs[i]) <= PAIR_TOLERANCE * freqs[i]:
            group.append(i + 1)
        used.update(group)
        groups.append(group)
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
    return modes, groups


def analyse_level(inst: Instrument, level: MeshLevel, progress: Callable[[str], None] | None = None,
                  spare: int = SPARE_MODES) -> dict:
    """One mesh level: the partials covering the first N_MODES computed modes (a degenerate pair that
    straddles the count is kept whole, so at least one spare mode is computed) under "modes", and under
    "_all" every computed partial (N_MODES + ``spare`` modes) with its shape sampled at fixed surface
    points (for the convergence check; not written to the data)."""
    shell = inst.shell()
    say = progress or (lambda _m: None)
    say(f"{inst.accession}: {level.name} mesh {level.n_s} x {level.n_phi} x {level.n_xi} hexahedra")
    start, cpu = time.perf_counter(), time.process_time()
    shell_mesh = mesh.build_mesh(shell, level.n_s, level.n_phi, level.n_xi)
    result = modal.analyse(shell_mesh, strike_points(inst, shell), N_MODES + max(spare, 1), BRONZE,
                           progress=say)
    axisymmetric = shell.section.lens_c == 0
    modes, groups = _merge_pairs(result, axisymmetric)
    kept = [i for i, group in enumerate(groups) if group[0] < N_MODES]
    frequencies = result.frequencies[: groups[kept[-1]][-1] + 1]
    return {
        "level": level.name, "n_s": level.n_s, "n_phi": level.n_phi, "n_xi": level.n_xi,
        "elements": int(result.elements), "dofs": int(result.dofs),
        "seconds": round(time.perf_counter() - start, 1),
        "cpu_seconds": round(time.process_time() - cpu, 1),
        "frequencies": [round(float(f), 4) for f in frequencies],
        "largest_pair_split": _largest_pair_split(frequencies) if axisymmetric else None,
        "modes": [modes[i] for i in kept],
        "_all": [{**m, "shape": result.shapes[:, g]} for m, g in zip(modes, groups, strict=True)],
    }


def _largest_pair_split(freqs: np.ndarray) -> float:
    rel = np.diff(freqs) / freqs[:-1]
    return float(f"{rel[rel <= PAIR_TOLERANCE].max(initial=0.0):.3g}")


def compute_modes(accession: str, levels: tuple[str, ...] = ("coarse", "fine"),
                  progress: Callable[[str], None] | None = None) -> dict:
    """Modal analysis of an instrument on the named mesh levels; the finest one gives the modes."""
    inst = instrument(accession)
    shell = inst.shell()
    chosen = [lv for lv in inst.levels if lv.name in levels]
    # the coarser level computes spare modes so that every mode of the finer one finds its counterpart
    runs = [analyse_level(inst, lv, progress, SPARE_MODES if i < len(chosen) - 1 else 1)
            for i, lv in enumerate(chosen)]
    if not runs:
        raise ValueError(f"no mesh level among {levels!r}; {accession} has "
                         f"{', '.join(lv.name for lv in inst.levels)}")
    data = {
        "accession": inst.accession, "kind": inst.kind, "title": inst.title, "notes": inst.notes,
        "material": {"youngs_modulus_pa": BRONZE.youngs_modulus, "poisson_ratio": BRONZE.poisson_ratio,
                     "density_kg_m3": BRONZE.density},
        "thickness_mm": round(shell.thickness * 1000, 3),
        "damping": {"loss_factor_at_100hz": LOSS_FACTOR, "exponent": LOSS_EXPONENT},
        "strike_positions": {k: {"height_fraction": v[0], "phi_degrees": round(math.degrees(v[1]), 3)}
                             for k, v in inst.strike_heights.items()},
        "levels": {run["level"]: {k: v for k, v in run.items() if k not in ("modes", "_all")}
                   for run in runs},
        "modes": runs[-1]["modes"],
    }
    if len(runs) == 2:
        data["convergence"] = convergence(runs[0]["_all"], runs[1]["_all"][: len(runs[1]["modes"])])
    if inst.kind == "bells":
        data["bells"] = [{"number": i + 1, "height_cm": h, "scale": round(BELL_HEIGHTS_CM[0] / h, 6)}
                         for i, h in enumerate(BELL_HEIGHTS_CM)]
        data["lowest_pair"] = lowest_pair(data["modes"])
    return data


def shape_similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Modal assurance criterion of two partials' sampled shapes (3P x multiplicity each), generalised
    to degenerate pairs as the mean squared cosine between the spaces they span: 1 for the same shape
    (or pair), 0 for orthogonal ones."""
    qa, qb = np.linalg.qr(a)[0], np.linalg.qr(b)[0]
    return float(np.sum((qa.T @ qb) ** 2) / max(qa.shape[1], qb.shape[1]))


def convergence(coarse: list[dict], fine: list[dict]) -> dict:
    """Each fine-mesh partial against the coarse-mesh partial of the same shape (one-to-one, by the
    largest total shape similarity), so that modes which swap places between the meshes, or whose
    dominant order at the mouth is ambiguous (the almond bells mix orders), are still compared like with
    like. The coarse level computes SPARE_MODES more modes than are compared, so that every fine
    partial has its counterpart."""
    from scipy.optimize import linear_sum_assignment

    similarity = np.array([[shape_similarity(c["shape"], f["shape"]) for c in coarse] for f in fine])
    rows, cols = linear_sum_assignment(-similarity)
    per_mode = []
    for i, j in zip(rows, cols, strict=True):
        f, c = fine[i], coarse[j]
        difference = (c["frequency"] - f["frequency"]) / f["frequency"]
        per_mode.append({"order": f["order"], "family": f["family"], "multiplicity": f["multiplicity"],
                         "coarse_hz": c["frequency"], "fine_hz": f["frequency"],
                         "relative_difference": float(f"{difference:.4g}"),
                         "shape_similarity": round(float(similarity[i, j]), 4)})
    worst = max(abs(m["relative_difference"]) for m in per_mode)
    return {"compared_modes": len(per_mode),
            "counted_modes": sum(m["multiplicity"] for m in per_mode),
            "max_relative_difference": float(f"{worst:.4g}"),
            "tolerance": CONVERGENCE_TOLERANCE,
            "least_shape_similarity": round(min(m["shape_similarity"] for m in per_mode), 4),
            "converged": bool(worst <= CONVERGENCE_TOLERANCE and len(per_mode) == len(fine)
                              and min(m["shape_similarity"] for m in per_mode) >= SHAPE_MATCH),
            "per_mode": per_mode}


def lowest_pair(modes: list[dict]) -> dict:
    """The two-tone pair: the lowest centre-family and side-family modes of the mouth's order 2."""
    centre = min((m for m in modes if m["family"] == "centre" and m["order"] == 2),
                 key=lambda m: m["frequency"])
    side = min((m for m in modes if m["family"] == "side" and m["order"] == 2), key=lambda m: m["frequency"])
    return {"centre_hz": centre["frequency"], "side_hz": side["frequency"],
            "ratio": round(side["frequency"] / centre["frequency"], 4)}


def write_data(data: dict, path) -> None:
    """The shipped data file: stable key order and rounding, so a rerun gives the same bytes."""
    import json
    from pathlib import Path

    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
