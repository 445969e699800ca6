"""Meshing of the shells: element boundaries on the profile's joints, refinement where it bends, a lens
section parametrised by arclength, and a bell fillet without a kink."""

from __future__ import annotations

import math

import numpy as np
import pytest

from exhibits.audio import geometry, instruments, mesh

SHELLS = {"chunyu": instruments.INSTRUMENTS["1989.0107"], "bells": instruments.INSTRUMENTS["1972.0008"]}


def _turns(shell, grid):
    """Angle (degrees) through which the midline's normal turns within each element."""
    n_rho, n_z = shell.profile.at(grid)[2:]
    return np.degrees(np.abs(np.diff(np.unwrap(np.arctan2(n_z, n_rho)))))


@pytest.mark.parametrize("kind", SHELLS)
def test_every_level_puts_element_boundaries_on_the_joints_and_resolves_the_bends(kind):
    inst = SHELLS[kind]
    shell = inst.shell()
    assert len(shell.profile.joint_s) == 2   # wall | shoulder or fillet | top plate
    for level in inst.levels:
        grid = mesh.graded_grid(shell, level.n_s) * shell.profile.length
        assert len(grid) == level.n_s + 1 and np.all(np.diff(grid) > 0)
        assert grid[0] == 0 and grid[-1] == pytest.approx(shell.profile.length)
        for joint in shell.profile.joint_s:
            assert np.min(np.abs(grid - joint)) < 1e-9 * shell.profile.length
        assert _turns(shell, grid).max() < 15.0
        middle = 0.5 * (grid[1:] + grid[:-1])
        plate = shell.profile.at(middle)[3] > 0.999
        assert plate.sum() >= 6
        assert np.diff(grid)[plate].max() < 0.5 * np.diff(grid)[~plate].max()


def test_refinement_divides_every_piece_in_proportion():
    shell = SHELLS["chunyu"].shell()
    cuts = np.concatenate(([0.0], shell.profile.joint_s, [shell.profile.length])) / shell.profile.length
    grids = (mesh.graded_grid(shell, n) for n in (24, 48))
    coarse, fine = (np.histogram(0.5 * (g[1:] + g[:-1]), cuts)[0] for g in grids)
    assert coarse.sum() == 24 and fine.sum() == 48
    assert np.all(np.abs(fine - 2 * coarse) <= 1)


def test_lens_section_is_parametrised_by_arclength():
    section = geometry.Section(lens_c=0.444)
    phi = np.linspace(0.0, 2 * math.pi, 4001)
    steps = np.hypot(*np.diff(section.points(phi), axis=1))
    assert steps.min() == pytest.approx(steps.max(), rel=1e-6)   # no zero-speed corners
    mirrored = section.points(np.mod(math.pi - phi, 2 * math.pi))
    assert np.allclose(mirrored[0], -section.points(phi)[0])
    assert np.allclose(mirrored[1], section.points(phi)[1])
    normals = section.offsets(np.array([0.3, 1.9, 4.0]))
    assert np.allclose(np.linalg.norm(normals, axis=0), 1.0)


def test_bell_fillet_meets_the_wall_and_the_plate_without_a_kink():
    profile = geometry.bell_profile(0.27, 0.27 * 0.022)
    angles = np.unwrap(np.arctan2(profile.n_z, profile.n_rho))
    assert np.degrees(np.abs(np.diff(angles))).max() < 0.5
    assert profile.z.max() == pytest.approx(0.27 - 0.27 * 0.022 / 2)
    assert 1 / profile.curvature.max() == pytest.approx(0.06 * 0.27, rel=0.01)   # the fillet's radius


def test_mouth_ring_nodes_are_evenly_spaced_on_the_almond():
    shell = SHELLS["bells"].shell()
    shell_mesh = mesh.build_mesh(shell, 4, 32)
    ring = np.flatnonzero(np.isclose(shell_mesh.s, 0) & np.isclose(shell_mesh.xi, 0))
    ring = ring[np.argsort(shell_mesh.phi[ring])]
    x, y, _ = shell_mesh.mesh.doflocs[:, ring]
    gaps = np.hypot(np.diff(np.append(x, x[0])), np.diff(np.append(y, y[0])))
    assert gaps.max() < 1.01 * gaps.min()
