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
    of radius sqrt(1+c^2) centred at (0, -c) and (0, +c) meeting at the corners (+-1, 0); its half-depth
    is sqrt(1+c^2) - c.

    The angle ``phi`` is the polar angle of the circle; on the lens it runs uniformly along each arc's
    length (phi = 0 and pi at the corners, pi/2 and 3 pi/2 mid-arc), so that equal steps in phi give
    equal elements. (The polar angle itself crawls to zero speed at the lens's corners: elements there
    shrink to slivers whose mapping degenerates, and the bells' frequencies then jump between meshes.)"""

    lens_c: float = 0.0

    @property
    def depth_ratio(self) -> float:
        c = self.lens_c
        return math.sqrt(1 + c * c) - c

    def _arc_angle(self, phi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Angle theta on the arc (from its middle, towards the corner x = +1) and the arc's side (+-1)."""
        u = np.mod(phi, 2 * np.pi)
        side = np.where(u <= np.pi, 1.0, -1.0)
        along = np.where(u <= np.pi, u, 2 * np.pi - u)
        half_angle = math.asin(1 / math.sqrt(1 + self.lens_c**2))
        return half_angle * (1 - 2 * along / np.pi), side

    def points(self, phi: np.ndarray) -> np.ndarray:
        if self.lens_c == 0:
            return np.vstack((np.cos(phi), np.sin(phi)))
        c = self.lens_c
        radius = math.sqrt(1 + c * c)
        theta, side = self._arc_angle(phi)
        return np.vstack((radius * np.sin(theta), side * (radius * np.cos(theta) - c)))

    def offsets(self, phi: np.ndarray) -> np.ndarray:
        """Outward offset direction per unit thickness (unit normal, mitred at the lens corners)."""
        if self.lens_c == 0:
            return np.vstack((np.cos(phi), np.sin(phi)))
        radius = math.sqrt(1 + self.lens_c**2)
        theta, side = self._arc_angle(phi)
        normal = np.vstack((np.sin(theta), side * np.cos(theta)))
        corner = np.isclose(np.abs(np.sin(phi)), 0.0, atol=1e-12)
        normal[0, corner] = np.sign(normal[0, corner]) * radius
        normal[1, corner] = 0.0
        return normal

    def perimeter(self) -> float:
        phi = np.linspace(0, 2 * np.pi, 20001)
        pts = self.points(phi)
        return float(np.sum(np.hypot(*np.diff(pts, axis=1))))


@dataclass
class Profile:
    """A midline sampled densely; evaluates position and outward normal at any arclength.

    ``joints`` are the indices of the points where two pieces of the profile meet (wall and shoulder,
    shoulder and plate): the curvature jumps there, so the mesh puts element boundaries on them."""

    rho: np.ndarray
    z: np.ndarray
    joints: tuple[int, ...] = ()

    def __post_init__(self):
        seg = np.hypot(np.diff(self.rho), np.diff(self.z))
        if np.any(seg <= 0):
            raise GeometryError("profile has repeated points")
        self.s = np.concatenate(([0.0], np.cumsum(seg)))
        tangent_rho = np.gradient(self.rho, self.s)
        tangent_z = np.gradient(self.z, self.s)
        norm = np.hypot(tangent_rho, tangent_z)
        self.n_rho, self.n_z = tangent_z / norm, -tangent_rho / norm
        # |d(angle of the tangent)/ds| per point, one-sided at the joints (pieces are curved differently)
        turn = np.abs(np.diff(np.unwrap(np.arctan2(tangent_z, tangent_rho)))) / seg
        self.curvature = np.concatenate(([turn[0]], np.maximum(turn[1:], turn[:-1]), [turn[-1]]))

    @property
    def length(self) -> float:
        return float(self.s[-1])

    @property
    def joint_s(self) -> np.ndarray:
        """Arclengths of the joints between the pieces, ascending, without the two ends."""
        return np.array(sorted(self.s[i] for i in self.joints if 0 < i < len(self.s) - 1))

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
    joints = tuple(int(j) for j in np.cumsum([len(p[0]) - 1 for p in pieces[:-1]]))
    return Profile(rho, z, joints)


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
    to the flat top (舞), a circular fillet tangent to both (no kink: the wall's normal is continuous),
    then the top plate inward to the loop's footprint (left open). Proportions are fractions of the
    height; ``rho`` is the half-width to the lens corner."""
    if height <= 0 or thickness <= 0:
        raise GeometryError("bell height and thickness must be positive")
    half = thickness / 2
    mouth, top_w, r_f = mouth_half_width * height - half, top_half_width * height - half, fillet * height
    top = height - half
    slope = (top_w - mouth) / (top - r_f)            # d rho / dz of the straight wall (< 0: it tapers)
    start = math.atan(-slope)                        # the fillet's angle where it leaves the wall
    z_end = top - r_f * (1 - math.sin(start))
    centre_rho = mouth + slope * z_end - r_f * math.cos(start)
    z = np.linspace(0, z_end, DENSE_POINTS // 2)
    wall = (mouth + slope * z, z)
    angle = np.linspace(start, np.pi / 2, 400)
    fillet_curve = (centre_rho + r_f * np.cos(angle), top - r_f + r_f * np.sin(angle))
    plate_rho = np.linspace(centre_rho, loop_radius * top_w, DENSE_POINTS // 4)
    return _join(wall, fillet_curve, (plate_rho, np.full_like(plate_rho, top)))


def thickness_for_mass(build, mass_kg: float, density: float, section: Section, start=0.005) -> float:
    """Wall thickness that gives ``mass_kg`` for a profile builder ``build(thickness) -> Profile``."""
    thickness = start
    for _ in range(6):
        area = build(thickness).swept_area(section)
        thickness = mass_kg / (density * area)
    return thickness
