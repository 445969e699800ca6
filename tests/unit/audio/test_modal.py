"""Finite-element modal analysis on small shells with known answers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from exhibits.audio import geometry, mesh, modal
from exhibits.audio.exceptions import GeometryError

BRONZE = modal.Bronze()


@pytest.fixture(scope="module")
def ring_result():
    radius, thickness, width = 0.1, 0.004, 0.02
    profile = geometry.Profile(np.full(200, radius), np.linspace(0.0, width, 200))
    shell = geometry.Shell("ring", profile, geometry.Section(), thickness)
    shell_mesh = mesh.build_mesh(shell, 2, 32)
    strike = modal.StrikePoint("front", 0.5, math.pi / 2)
    return modal.analyse(shell_mesh, [strike], n_modes=4), radius, thickness


def test_free_ring_matches_thin_ring_theory(ring_result):
    result, radius, thickness = ring_result
    # in-plane flexural mode n = 2 of a thin free ring; the width lies between beam (E) and plate (E / (1 - nu^2))
    base = thickness / (2 * math.pi * radius**2) * math.sqrt(BRONZE.youngs_modulus / (12 * BRONZE.density))
    beam = base * 2 * 3 / math.sqrt(5)
    plate = beam / math.sqrt(1 - BRONZE.poisson_ratio**2)
    assert beam * 0.99 < result.frequencies[0] < plate * 1.01
    assert result.order[0] == 2


def test_degenerate_pairs_stay_equal_and_rigid_modes_are_dropped(ring_result):
    result, _, _ = ring_result
    assert result.frequencies[1] == pytest.approx(result.frequencies[0], rel=1e-6)
    assert len(result.rigid_frequencies) == modal.RIGID_MODES
    assert np.all(result.rigid_frequencies < 1e-3 * result.frequencies[0])


def test_chunyu_thickness_reproduces_its_catalogue_mass():
    section = geometry.Section()
    build = lambda t: geometry.chunyu_profile(0.68, 0.36, 0.28, t)  # noqa: E731
    thickness = geometry.thickness_for_mass(build, 30.0, BRONZE.density, section)
    shell = geometry.Shell("chunyu", build(thickness), section, thickness)
    from skfem import Basis, ElementHex2
    basis = Basis(mesh.build_mesh(shell, 10, 24).mesh, ElementHex2(), intorder=3)
    assert basis.dx.sum() * BRONZE.density == pytest.approx(30.0, rel=0.01)
    assert 0.003 < thickness < 0.006


def test_lens_section_is_pointed_and_mirrored():
    section = geometry.Section(lens_c=0.4)
    corner = section.points(np.array([0.0, math.pi]))
    assert np.allclose(corner, [[1, -1], [0, 0]], atol=1e-12)
    assert section.points(np.array([math.pi / 2]))[1, 0] == pytest.approx(section.depth_ratio)
    assert np.linalg.norm(section.offsets(np.array([0.0]))[:, 0]) > 1.0  # mitred corner


def test_bad_geometry_is_refused_with_a_reason():
    with pytest.raises(GeometryError, match="positive"):
        geometry.chunyu_profile(0.68, 0.36, -0.28, 0.004)
    with pytest.raises(GeometryError, match="shoulder"):
        geometry.chunyu_profile(0.05, 0.36, 0.28, 0.004)
