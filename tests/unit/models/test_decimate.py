"""Decimation keeps UVs exactly, keeps seams closed and stays close to the original surface."""

from __future__ import annotations

import numpy as np
import trimesh
from scipy.spatial import cKDTree

from assets.models.decimate import decimate
from assets.models.quality import closest_distances, geometric_error, open_edges_added
from tests.unit.models.conftest import grid_mesh


def test_budget_met_and_every_vertex_keeps_its_own_uv():
    mesh = grid_mesh(60)
    reduced, error = decimate(mesh, 1500)
    assert 1000 < len(reduced.faces) <= 1500 and error > 0
    before = np.c_[mesh.vertices, mesh.visual.uv]
    after = np.c_[reduced.vertices, reduced.visual.uv]
    distance, _ = cKDTree(before).query(after)
    assert distance.max() < 1e-6  # each kept (position, uv) pair existed in the input
    assert reduced.visual.material.image is mesh.visual.material.image


def test_seams_stay_closed():
    mesh = grid_mesh(60)
    reduced, _ = decimate(mesh, 800)
    assert open_edges_added(mesh, reduced) == 0


def test_open_edge_measure_sees_a_cracked_seam():
    mesh = grid_mesh(30)
    cracked = mesh.copy()
    vertices = np.array(cracked.vertices)
    seam = np.isclose(cracked.visual.uv[:, 0], 1.0) & (vertices[:, 1] > 0.05) & (vertices[:, 1] < 0.25)
    vertices[seam] += [0.0, 0.0, 0.002]  # pull one side of the seam away from the other
    cracked = trimesh.Trimesh(vertices, cracked.faces, process=False)
    assert open_edges_added(mesh, cracked) > 0


def test_small_meshes_are_left_alone_and_error_is_measured():
    mesh = grid_mesh(20)
    same, error = decimate(mesh, 10_000)
    assert same is mesh and error == 0
    reduced, _ = decimate(grid_mesh(60), 600)
    measured = geometric_error(grid_mesh(60), reduced, samples=5000)
    assert 0 < measured["max"] < 0.02 and measured["mean"] < measured["max"]


def test_point_triangle_distance_is_exact_on_a_box():
    cube = trimesh.creation.box()
    points = np.array([[0, 0, 0.5], [0, 0, 1.5], [2, 2, 2], [0.2, 0.1, 0.5], [0.7, 0.7, 0.0]])
    expected = [0, 1, np.sqrt(3 * 1.5**2), 0, np.sqrt(2 * 0.2**2)]
    np.testing.assert_allclose(closest_distances(points, cube), expected, atol=1e-12)
