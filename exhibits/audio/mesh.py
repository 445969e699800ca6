"""Structured 27-node hexahedral meshes of a swept shell (see :mod:`exhibits.audio.geometry`).

The mesh is a tensor grid in (s, phi, xi) closed periodically in phi. Structured hexahedra keep the
degenerate mode pairs of an axisymmetric body exactly equal (tetrahedra split them and beat audibly).
Mid-side nodes are placed on the exact geometry: the grid is first built on a parametric annulus,
skfem adds the quadratic nodes there, and each node is mapped back through ``Shell.point``.

Along the profile the elements are graded (:func:`graded_grid`): element boundaries sit on the joints
of the profile's pieces, the top plate is refined, and bends (the chunyu's shoulder, the bells' fillet)
get elements in proportion to their curvature. A uniform grid put a single element across most of the
chunyu's shoulder bend (radius 2.5 cm against 3-6 cm elements), and its plate modes (orders 0 and 1)
then moved by 5-8 % between meshes.
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
    s_grid: np.ndarray | None = None   # arclengths of the element boundaries along the profile (n_s + 1)

    @property
    def elements(self) -> int:
        return self.mesh.t.shape[1]


PLATE_DENSITY = 4.0       # elements per length on the top plate relative to the wall
CURVATURE_WEIGHT = 0.3    # extra elements per radian of turning, as a fraction of the profile length


def element_density(shell: Shell) -> np.ndarray:
    """Relative number of elements per unit arclength at each profile point: the top plate (whose free
    inner edge carries its own bending modes) gets PLATE_DENSITY times the wall's, and curved parts
    (the shoulder, the fillet) more again in proportion to their curvature, so that no element turns
    through a large angle (a quadratic element spanning a tight bend both misplaces the geometry
    between its nodes and locks in membrane action)."""
    profile = shell.profile
    plate = np.where(profile.n_z > 0.5, PLATE_DENSITY, 1.0)
    return plate + CURVATURE_WEIGHT * profile.length * profile.curvature


def graded_grid(shell: Shell, n_s: int) -> np.ndarray:
    """Fractions of the profile length at the element boundaries: equal shares of the cumulative
    :func:`element_density`, with a boundary on every joint of the profile's pieces (each piece
    gets a whole number of elements, at least one). The density is the same for every ``n_s``, so two
    mesh levels differ only in element size (up to rounding the elements per piece to whole numbers)."""
    profile = shell.profile
    density = element_density(shell)
    weight = np.concatenate(([0.0], np.cumsum(0.5 * (density[1:] + density[:-1]) * np.diff(profile.s))))
    cuts = np.concatenate(([0.0], profile.joint_s, [profile.length]))
    if n_s < len(cuts) - 1:
        cuts = cuts[[0, -1]]
    shares = np.diff(np.interp(cuts, profile.s, weight))
    counts = _apportion(n_s, shares)
    pieces = [np.interp(np.linspace(w0, w0 + share, n + 1), weight, profile.s)
              for w0, share, n in zip(np.interp(cuts[:-1], profile.s, weight), shares, counts, strict=True)]
    grid = np.concatenate([pieces[0]] + [piece[1:] for piece in pieces[1:]])
    grid[0], grid[-1] = 0.0, profile.length
    return grid / profile.length


def _apportion(total: int, shares: np.ndarray) -> np.ndarray:
    """Whole numbers >= 1 summing to ``total`` in proportion to ``shares`` (largest remainders)."""
    quota = shares / shares.sum() * (total - len(shares))
    counts = 1 + np.floor(quota).astype(int)
    for i in np.argsort(-(quota - np.floor(quota)))[: total - counts.sum()]:
        counts[i] += 1
    return counts


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
    return ShellMesh(quadratic, shell, s, phi, xi, n_s, n_phi, n_xi, s_grid * shell.profile.length)


def nearest_node(shell_mesh: ShellMesh, s: float, phi: float, xi: float) -> int:
    """Index of the node nearest to a parametric point (strike and pick-up points)."""
    target = shell_mesh.shell.point(np.array([s]), np.array([phi]), np.array([xi]))
    return int(np.argmin(np.sum((shell_mesh.mesh.doflocs - target) ** 2, axis=0)))
