"""Structured 27-node hexahedral meshes of a swept shell (see :mod:`exhibits.audio.geometry`).

The mesh is a tensor grid in (s, phi, xi) closed periodically in phi. Structured hexahedra keep the
degenerate mode pairs of an axisymmetric body exactly equal (tetrahedra split them and beat audibly).
Mid-side nodes are placed on the exact geometry: the grid is first built on a parametric annulus,
skfem adds the quadratic nodes there, and each node is mapped back through ``Shell.point``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from skfem import MeshHex1, MeshHex2

from exhibits.audio.geometry import Shell

ANNULUS_INNER = 1.0  # inner radius of the parametric annulus (any positive constant)


@dataclass
class ShellMesh:
    mesh: MeshHex2
    shell: Shell
    s: np.ndarray    # parametric coordinates of every node (doflocs order)
    phi: np.ndarray
    xi: np.ndarray
    n_s: int
    n_phi: int
    n_xi: int

    @property
    def elements(self) -> int:
        return self.mesh.t.shape[1]


def divisions(shell: Shell, element_size: float, through_thickness: int = 1) -> tuple[int, int, int]:
    """Element counts for a target edge length: along the profile and around (a multiple of 8, so
    the lens mirrors and the strike points fall on nodes)."""
    n_s = max(4, math.ceil(shell.profile.length / element_size))
    widest = float(np.max(shell.profile.rho)) * shell.section.perimeter()
    n_phi = max(16, 8 * math.ceil(widest / element_size / 8))
    return n_s, n_phi, through_thickness


PLATE_DENSITY = 2.5  # elements per length on the top plate relative to the wall


def graded_grid(shell: Shell, n_s: int) -> np.ndarray:
    """Fractions of the profile length at the element boundaries: the top plate (whose free inner
    edge carries its own bending modes) gets PLATE_DENSITY times as many elements per length."""
    profile = shell.profile
    density = np.where(profile.n_z > 0.5, PLATE_DENSITY, 1.0)
    weight = np.concatenate(([0.0], np.cumsum(0.5 * (density[1:] + density[:-1]) * np.diff(profile.s))))
    return np.interp(np.linspace(0.0, weight[-1], n_s + 1), weight, profile.s) / profile.length


def build_mesh(shell: Shell, n_s: int, n_phi: int, n_xi: int = 1) -> ShellMesh:
    s_grid = graded_grid(shell, n_s)
    phi_index = np.arange(n_phi + 1, dtype=float)
    xi_grid = np.linspace(0.0, 1.0, n_xi + 1)
    tensor = MeshHex1.init_tensor(s_grid, phi_index, xi_grid)
    p = tensor.p
    # close the grid in phi: nodes of the last phi layer become those of the first
    wrap = np.isclose(p[1], n_phi)
    key = np.searchsorted(s_grid, p[0] - 1e-12) * (n_xi + 1) + np.round(p[2] * n_xi).astype(int)
    first = {k: i for i, k in enumerate(key) if np.isclose(p[1, i], 0)}
    remap = np.arange(p.shape[1])
    remap[wrap] = [first[k] for k in key[wrap]]
    keep = np.flatnonzero(~wrap)
    new_index = -np.ones(p.shape[1], dtype=int)
    new_index[keep] = np.arange(len(keep))
    t = new_index[remap[tensor.t]]
    angle = 2 * np.pi * p[1, keep] / n_phi
    radius = ANNULUS_INNER + p[0, keep]
    annulus = np.vstack((radius * np.cos(angle), radius * np.sin(angle), p[2, keep]))
    quadratic = MeshHex2.from_mesh(MeshHex1(annulus, t))

    # recover (s, phi, xi) of every node, including the new mid-side ones (chord midpoints)
    x, y, w = quadratic.doflocs
    phi = np.mod(np.arctan2(y, x), 2 * np.pi)
    step = 2 * np.pi / n_phi
    on_grid = np.isclose(np.mod(phi / step + 0.25, 1.0), 0.25, atol=1e-6)
    radius = np.hypot(x, y) / np.where(on_grid, 1.0, math.cos(step / 2))
    s = (radius - ANNULUS_INNER) * shell.profile.length
    xi = (w - 0.5) * shell.thickness
    quadratic = MeshHex2(shell.point(s, phi, xi), quadratic.t)
    return ShellMesh(quadratic, shell, s, phi, xi, n_s, n_phi, n_xi)


def nearest_node(shell_mesh: ShellMesh, s: float, phi: float, xi: float) -> int:
    """Index of the node nearest to a parametric point (strike and pick-up points)."""
    target = shell_mesh.shell.point(np.array([s]), np.array([phi]), np.array([xi]))
    return int(np.argmin(np.sum((shell_mesh.mesh.doflocs - target) ** 2, axis=0)))
