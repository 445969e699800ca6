"""The instrument station's drawing: the silhouette of a bronze as an SVG path, and where on it each
strike position lies (framework-free: the kiosk page only places these in its template)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from exhibits.audio.geometry import Shell
from exhibits.audio.instruments import Instrument

SIZE = 300.0  # the drawing's width and height in SVG units
BASE = 0.95  # the mouth sits this far down the drawing
FILL = 0.9  # the silhouette fills this much of the limiting dimension
POINT_STEP = 40  # every 40th point of the dense profile is enough for a smooth outline


@dataclass(frozen=True)
class Drawing:
    path: str  # the SVG path of the silhouette, mouth at the bottom
    scale: float  # SVG units per metre
    zones: list[dict]  # {"position": name, "y": SVG height of the strike position}


def outline_svg_path(shell: Shell, width: float = SIZE, height: float = SIZE) -> tuple[str, float]:
    """SVG path of the instrument's silhouette (outer surface of the meridian profile, both sides),
    mouth at the bottom; returns the path and the SVG units per metre."""
    profile = shell.profile
    outer_rho = profile.rho + shell.thickness / 2 * profile.n_rho
    outer_z = profile.z + shell.thickness / 2 * profile.n_z
    scale = min(width / (2 * outer_rho.max()), height / outer_z.max()) * FILL
    cx, base = width / 2, height * BASE
    right = [(cx + r * scale, base - z * scale)
             for r, z in zip(outer_rho, outer_z, strict=True)][::POINT_STEP]
    left = [(cx - x + cx, y) for x, y in right[::-1]]
    points = right + [(cx, right[-1][1])] + left
    return "M " + " L ".join(f"{x:.1f},{y:.1f}" for x, y in points) + " Z", scale


def drawing(inst: Instrument) -> Drawing:
    """The silhouette of ``inst`` and the height of each of its strike positions on it."""
    shell = inst.shell()
    path, scale = outline_svg_path(shell)
    top = float(np.max(shell.profile.z))
    zones = [{"position": name, "y": SIZE * BASE - fraction * top * scale}
             for name, (fraction, _phi) in inst.strike_heights.items()]
    return Drawing(path, scale, zones)
