"""Shapes of thin bronze shells: a meridian profile swept around a horizontal cross-section.

A shell is described by its *midline* in the meridian plane, ``(rho(s), z(s))`` for arclength ``s``
running from the mouth up the wall and inward along the top plate, and a unit horizontal section
``L(phi)`` (a circle for the chunyu, an almond/lens for two-tone bells). A material point is

    x = rho(s) * L(phi) + xi * n_rho(s) * N(phi),     z = z(s) + xi * n_z(s),    |xi| <= t / 2

where ``(n_rho, n_z)`` is the outward normal of the midline and ``N(phi)`` the outward normal
offset of the section (mitred at the lens's sharp corners so the wall keeps its thickness).
All lengths are metres.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from exhibits.audio.exceptions import GeometryError

DENSE_POINTS = 6000


@dataclass(frozen=True)
class Section:
    """Unit horizontal section: ``lens_c == 0`` is a circle; ``lens_c > 0`` a lens of two circular arcs
    centred at (0, -c) and (0, +c) meeting at the corners (+-1, 0); its half-depth is sqrt(1+c^2) - c."""

    lens_c: float = 0.0

    @property
    def depth_ratio(self) -> float:
        c = self.lens_c
        return math.sqrt(1 + c * c) - c

    def points(self, phi: np.ndarray) -> np.ndarray:
        if self.lens_c == 0:
            return np.vstack((np.cos(phi), np.sin(phi)))
        c = self.lens_c
        x = np.cos(phi)
        y = np.sign(np.sin(phi)) * (np.sqrt(1 + c * c - x * x) - c)
        return np.vstack((x, y))

    def offsets(self, phi: np.ndarray) -> np.ndarray:
        """Outward offset direction per unit thickness (unit normal, mitred at the lens corners)."""
        if self.lens_c == 0:
            return np.vstack((np.cos(phi), np.sin(phi)))
        c = self.lens_c
        radius = math.sqrt(1 + c * c)
        x, y = self.points(phi)
        upper = np.sin(phi) >= 0
        normal = np.vstack((x, np.where(upper, y + c, y - c))) / radius
        corner = np.isclose(np.abs(np.sin(phi)), 0.0, atol=1e-12)
        normal[0, corner] = np.sign(x[corner]) * radius
        normal[1, corner] = 0.0
        return normal

    def perimeter(self) -> float:
        phi = np.linspace(0, 2 * np.pi, 20001)
        pts = self.points(phi)
        return float(np.sum(np.hypot(*np.diff(pts, axis=1))))


@dataclass
class Profile:
    """A midline sampled densely; evaluates position and outward normal at any arclength."""

    rho: np.ndarray
    z: np.ndarray

    def __post_init__(self):
        seg = np.hypot(np.diff(self.rho), np.diff(self.z))
        if np.any(seg <= 0):
            raise GeometryError("profile has repeated points")
        self.s = np.concatenate(([0.0], np.cumsum(seg)))
        tangent_rho = np.gradient(self.rho, self.s)
        tangent_z = np.gradient(self.z, self.s)
        norm = np.hypot(tangent_rho, tangent_z)
        self.n_rho, self.n_z = tangent_z / norm, -tangent_rho / norm

    @property
    def length(self) -> float:
        return float(self.s[-1])

    def at(self, s: np.ndarray) -> tuple[np.ndarray, ...]:
        return tuple(np.interp(s, self.s, v) for v in (self.rho, self.z, self.n_rho, self.n_z))

    def swept_area(self, section: Section) -> float:
        """Area of the midline surface: integral of rho(s) times the section's perimeter."""
        mid = 0.5 * (self.rho[1:] + self.rho[:-1])
        return float(np.sum(mid * np.diff(self.s)) * section.perimeter())


@dataclass(frozen=True)
class Shell:
    """A shell ready to mesh: midline profile, section shape and wall thickness."""

    name: str
    profile: Profile
    section: Section
    thickness: float

    def point(self, s: np.ndarray, phi: np.ndarray, xi: np.ndarray) -> np.ndarray:
        rho, z, n_rho, n_z = self.profile.at(s)
        horizontal = rho * self.section.points(phi) + xi * n_rho * self.section.offsets(phi)
        return np.vstack((horizontal, z + xi * n_z))

    def normals(self, s: np.ndarray, phi: np.ndarray) -> np.ndarray:
        """Unit outward normals (3, n) of the midline surface at parametric points."""
        _, _, n_rho, n_z = self.profile.at(np.asarray(s, dtype=float))
        offset = self.section.offsets(np.asarray(phi, dtype=float))
        offset = offset / np.linalg.norm(offset, axis=0)
        vec = np.vstack((n_rho * offset[0], n_rho * offset[1], n_z))
        return vec / np.linalg.norm(vec, axis=0)


def _quarter_ellipse(centre_rho, centre_z, a, b, n=400):
    angle = np.linspace(0, np.pi / 2, n)
    return centre_rho + a * np.cos(angle), centre_z + b * np.sin(angle)


def _join(*pieces) -> Profile:
    rho = np.concatenate([p[0][1:] if i else p[0] for i, p in enumerate(pieces)])
    z = np.concatenate([p[1][1:] if i else p[1] for i, p in enumerate(pieces)])
    return Profile(rho, z)


def chunyu_profile(height, top_diameter, base_diameter, thickness, *, shoulder=(0.05, 0.10),
                   knob_radius=0.005) -> Profile:
    """Midline of a chunyu: the wall widens from the mouth to a rounded shoulder, then the top plate
    (盘) runs inward to the footprint of the cast knob, which is left open (its mass is not modelled)."""
    if min(height, top_diameter, base_diameter, thickness) <= 0:
        raise GeometryError("chunyu dimensions and thickness must be positive")
    a_sh, b_sh = shoulder
    half = thickness / 2
    r_top, r_base, top = top_diameter / 2 - half, base_diameter / 2 - half, height - half
    z_shoulder = top - b_sh
    if z_shoulder <= 0 or r_top - a_sh <= knob_radius:
        raise GeometryError("shoulder does not fit the chunyu's height or top diameter")
    z = np.linspace(0, z_shoulder, DENSE_POINTS // 2)
    u = z / z_shoulder
    wall = (r_base + (r_top - r_base) * (1 - (1 - u) ** 2), z)
    shoulder_curve = _quarter_ellipse(r_top - a_sh, z_shoulder, a_sh, b_sh)
    plate_rho = np.linspace(r_top - a_sh, knob_radius, DENSE_POINTS // 4)
    plate = (plate_rho, np.full_like(plate_rho, top))
    return _join(wall, shoulder_curve, plate)


def bell_profile(height, thickness, *, mouth_half_width=0.33, top_half_width=0.25, fillet=0.06,
                 loop_radius=0.25) -> Profile:
    """Midline of a chime bell (钮钟): straight taper from the mouth (铣间 = 2 * mouth_half_width * H)
    to the flat top (舞), a fillet, then the top plate inward to the loop's footprint (left open).
    Proportions are fractions of the height; ``rho`` is the half-width to the lens corner."""
    if height <= 0 or thickness <= 0:
        raise GeometryError("bell height and thickness must be positive")
    half = thickness / 2
    mouth, top_w, r_f = mouth_half_width * height - half, top_half_width * height - half, fillet * height
    top = height - half
    slope = (top_w - mouth) / (top - r_f)
    z = np.linspace(0, top - r_f, DENSE_POINTS // 2)
    wall = (mouth + slope * z, z)
    rho_end = wall[0][-1]
    fillet_curve = _quarter_ellipse(rho_end - r_f, top - r_f, r_f, r_f)
    plate_rho = np.linspace(rho_end - r_f, loop_radius * top_w, DENSE_POINTS // 4)
    return _join(wall, fillet_curve, (plate_rho, np.full_like(plate_rho, top)))


def thickness_for_mass(build, mass_kg: float, density: float, section: Section, start=0.005) -> float:
    """Wall thickness that gives ``mass_kg`` for a profile builder ``build(thickness) -> Profile``."""
    thickness = start
    for _ in range(6):
        area = build(thickness).swept_area(section)
        thickness = mass_kg / (density * area)
    return thickness
