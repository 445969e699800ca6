"""Finite-element modal analysis on small shells with known answers."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from skfem import Basis, ElementHex2

from exhibits.audio import geometry, instruments, mesh, modal
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
    # in-plane flexural mode n = 2 of a thin free ring; the width lies between beam (E) and plate
    # (E / (1 - nu^2))
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


def test_assembly_equals_scikit_fems_vector_elasticity():
    from skfem import BilinearForm, ElementVector, asm
    from skfem.helpers import dot
    from skfem.models.elasticity import lame_parameters, linear_elasticity

    shell = instruments.INSTRUMENTS["1972.0008"].shell()
    shell_mesh = mesh.build_mesh(shell, 3, 8)
    scalar = Basis(shell_mesh.mesh, ElementHex2(), intorder=modal.QUADRATURE_ORDER)
    vector = Basis(shell_mesh.mesh, ElementVector(ElementHex2()), intorder=modal.QUADRATURE_ORDER)
    stiffness, mass = modal._assemble(scalar, BRONZE)
    lam, mu = lame_parameters(BRONZE.youngs_modulus, BRONZE.poisson_ratio)
    expected_k = asm(linear_elasticity(lam, mu), vector)
    expected_m = BRONZE.density * asm(BilinearForm(lambda u, v, w: dot(u, v)), vector)
    assert abs(stiffness - expected_k).max() < 1e-12 * abs(expected_k).max()
    assert abs(mass - expected_m).max() < 1e-12 * abs(expected_m).max()


def test_surface_signature_evaluates_the_finite_element_field_at_shared_points():
    shell = instruments.INSTRUMENTS["1972.0008"].shell()
    shell_mesh = mesh.build_mesh(shell, 5, 16)
    u = shell_mesh.s / shell.profile.length
    field = np.zeros((3 * len(u), 2))
    field[0::3, 0] = u**2 - u               # quadratic along the profile: reproduced exactly
    field[2::3, 1] = np.cos(shell_mesh.phi)  # around: interpolated by quadratics
    shapes = modal.surface_signature(shell_mesh, field)
    s, phi = (a.ravel() for a in np.meshgrid(modal.SIGNATURE_S, modal.SIGNATURE_PHI, indexing="ij"))
    points = len(s)
    assert shapes[:points, 0] == pytest.approx(s**2 - s, abs=1e-12)
    assert shapes[2 * points:, 1] == pytest.approx(np.cos(phi), abs=2e-3)
    assert np.abs(shapes[points:2 * points]).max() == 0


def test_convergence_pairs_modes_by_shape_not_by_rank():
    rng = np.random.default_rng(1)
    a, b, c = (rng.standard_normal((50, 1)) for _ in range(3))
    rotated = np.hstack((b + c, b - c))   # the same degenerate pair in another basis
    coarse = [{"frequency": 100.0, "order": 2, "family": None, "multiplicity": 1, "shape": a},
              {"frequency": 101.0, "order": 3, "family": None, "multiplicity": 2, "shape": np.hstack((b, c))}]
    fine = [{"frequency": 100.5, "order": 3, "family": None, "multiplicity": 2, "shape": rotated},
            {"frequency": 99.9, "order": 2, "family": None, "multiplicity": 1, "shape": -a}]
    result = instruments.convergence(coarse, fine)
    first, second = result["per_mode"]
    assert (first["coarse_hz"], second["coarse_hz"]) == (101.0, 100.0)
    assert first["shape_similarity"] == pytest.approx(1.0)
    assert second["shape_similarity"] == pytest.approx(1.0)
    assert result["counted_modes"] == 3 and result["converged"] is True
    assert result["max_relative_difference"] == pytest.approx(0.5 / 100.5, rel=1e-3)
    fine[0]["frequency"] = 99.5   # 1.5 % off: not converged
    assert instruments.convergence(coarse, fine)["converged"] is False


def test_two_coarse_levels_of_the_bells_keep_families_apart_and_report_convergence(monkeypatch):
    """The whole pipeline on two small meshes (a few seconds): families, lowest pair, convergence."""
    inst = instruments.INSTRUMENTS["1972.0008"]
    small = dataclasses.replace(inst, levels=(instruments.MeshLevel("coarse", 8, 24),
                                              instruments.MeshLevel("fine", 12, 32)))
    monkeypatch.setitem(instruments.INSTRUMENTS, "1972.0008", small)
    data = instruments.compute_modes("1972.0008")
    conv = data["convergence"]
    assert conv["counted_modes"] == instruments.N_MODES == len(data["modes"])
    assert conv["least_shape_similarity"] > 0.9 and conv["max_relative_difference"] < 0.06
    assert {m["family"] for m in data["modes"]} == {"centre", "side"}
    for m in data["modes"]:
        if m["family"] == "side":
            assert abs(m["strike"]["centre"]) < 1e-6 * abs(m["strike"]["side"])
    assert 1.11 <= data["lowest_pair"]["ratio"] <= 1.31
    fine, coarse = data["levels"]["fine"], data["levels"]["coarse"]
    assert "_all" not in fine and fine["dofs"] > coarse["dofs"]
