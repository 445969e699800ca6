"""Units to metres, up to +Y, origin at the base centre; statistics; the catalogue cross-check."""

from __future__ import annotations

import numpy as np
import pytest
import trimesh

from assets.models.crosscheck import crosscheck
from assets.models.exceptions import InvalidGeometry
from assets.models.normalise import mesh_stats, normalise, open_edge_count, welded
from tests.unit.models.conftest import grid_mesh


def box(extents, offset=(0, 0, 0)) -> trimesh.Trimesh:
    mesh = trimesh.creation.box(extents=extents)
    mesh.apply_translation(offset)
    return mesh


def test_millimetres_z_up_become_metres_y_up_on_the_base_centre():
    # a 100 × 200 × 680 mm block standing on +Z, somewhere off the origin
    mesh = box([100, 200, 680], offset=(500, -40, 900))
    normalise(mesh, units="mm", up="z")
    np.testing.assert_allclose(np.ptp(mesh.vertices, axis=0), [0.1, 0.68, 0.2], atol=1e-9)
    low, high = mesh.bounds
    assert low[1] == pytest.approx(0) and high[1] == pytest.approx(0.68)
    np.testing.assert_allclose([(low[0] + high[0]) / 2, (low[2] + high[2]) / 2], [0, 0], atol=1e-9)
    assert mesh.volume > 0  # a proper rotation: the surface still faces outward


def test_z_up_rotation_keeps_handedness_and_maps_z_to_y():
    mesh = box([1, 2, 3])
    original_volume = mesh.volume
    normalise(mesh, units="m", up="z")
    np.testing.assert_allclose(np.ptp(mesh.vertices, axis=0), [1, 3, 2], atol=1e-9)
    assert mesh.volume == pytest.approx(original_volume)


def test_centimetres_and_unknown_units():
    mesh = normalise(box([10, 20, 30]), units="cm", up="y")
    np.testing.assert_allclose(np.ptp(mesh.vertices, axis=0), [0.1, 0.2, 0.3])
    with pytest.raises(InvalidGeometry, match="unknown units 'inch'"):
        normalise(box([1, 1, 1]), units="inch")
    with pytest.raises(InvalidGeometry, match="unknown up axis 'x'"):
        normalise(box([1, 1, 1]), up="x")


def test_stats_of_a_closed_and_an_open_mesh(chunyu_mesh):
    stats = mesh_stats(box([0.1, 0.2, 0.3]))
    assert stats["bbox_cm"] == {"width": 10.0, "height": 20.0, "depth": 30.0}
    assert stats["watertight"] and stats["volume_cm3"] == pytest.approx(6000)
    assert stats["surface_area_cm2"] == pytest.approx(2 * (200 + 300 + 600))
    opened = box([0.1, 0.1, 0.1])
    opened.update_faces(np.arange(len(opened.faces)) != 0)
    assert mesh_stats(opened)["volume_cm3"] is None
    chunyu = mesh_stats(chunyu_mesh)
    assert chunyu["watertight"]  # UV seams are split vertices, yet the welded shell is closed
    assert chunyu["has_uv"] and chunyu["textures"] == [{"width": 1024, "height": 1024}]
    assert chunyu["bbox_cm"]["height"] == pytest.approx(68, abs=0.05)


def trimesh_stats(mesh: trimesh.Trimesh) -> dict:
    """What the statistics were before: a trimesh-welded copy (process=True) asked for its topology."""
    surface = welded(mesh)
    _, counts = np.unique(surface.edges_sorted, axis=0, return_counts=True)
    return {"surface_area_cm2": round(float(mesh.area) * 1e4, 2), "watertight": bool(surface.is_watertight),
            "volume_cm3": round(abs(float(surface.volume)) * 1e6, 2) if surface.is_watertight else None,
            "open_edges": int((counts == 1).sum())}


def cracked_grid() -> trimesh.Trimesh:
    mesh = grid_mesh(30)
    vertices = np.array(mesh.vertices)
    seam = np.isclose(mesh.visual.uv[:, 0], 1.0) & (vertices[:, 1] > 0.05) & (vertices[:, 1] < 0.25)
    vertices[seam] += [0.0, 0.0, 0.002]
    return trimesh.Trimesh(vertices, mesh.faces, process=False)


def soup(mesh: trimesh.Trimesh, jitter: float = 0.0) -> trimesh.Trimesh:
    """Every triangle its own corners (as STL), each moved by up to ``jitter``."""
    corners = np.asarray(mesh.triangles).reshape(-1, 3)
    corners = corners + np.random.default_rng(3).uniform(-jitter, jitter, corners.shape)
    return trimesh.Trimesh(corners, np.arange(len(corners)).reshape(-1, 3), process=False)


def fin() -> trimesh.Trimesh:
    """A closed box with one extra triangle on an edge: three faces on that edge, not closed."""
    cube = box([1, 1, 1])
    a, b = cube.edges_unique[0]
    return trimesh.Trimesh(np.vstack([cube.vertices, [[3, 3, 3]]]),
                           np.vstack([cube.faces, [[a, b, len(cube.vertices)]]]), process=False)


@pytest.mark.parametrize("make", [
    lambda chunyu: chunyu.copy(),  # the session fixture may carry caches from other tests
    lambda chunyu: grid_mesh(30),
    lambda chunyu: cracked_grid(),
    lambda chunyu: box([0.1, 0.2, 0.3]),
    lambda chunyu: soup(box([0.1, 0.2, 0.3])),
    lambda chunyu: soup(box([0.1, 0.2, 0.3]), jitter=1e-11),  # within trimesh's merge tolerance
    lambda chunyu: soup(box([0.1, 0.2, 0.3]), jitter=1e-6),  # beyond it: cracked
    lambda chunyu: soup(chunyu),
    lambda chunyu: fin(),
], ids=["chunyu", "grid", "cracked", "box", "soup", "soup-1e-11", "soup-1e-6", "chunyu-soup", "fin"])
def test_numpy_statistics_agree_with_trimesh_welding(chunyu_mesh, make):
    mesh = make(chunyu_mesh)
    stats = mesh_stats(mesh)
    assert "triangles" not in mesh._cache  # nothing full-size left cached on the mesh
    expected = trimesh_stats(mesh)
    assert stats["watertight"] == expected["watertight"]
    assert stats["surface_area_cm2"] == pytest.approx(expected["surface_area_cm2"], abs=0.011)
    if expected["volume_cm3"] is None:
        assert stats["volume_cm3"] is None
    else:
        assert stats["volume_cm3"] == pytest.approx(expected["volume_cm3"], abs=0.011)
    assert open_edge_count(mesh) == expected["open_edges"]


CHUNYU = {"height_cm": 68, "diameter_cm": 36}


def test_crosscheck_passes_within_five_percent_and_flags_beyond():
    ok = crosscheck({"width": 36.5, "height": 67.0, "depth": 35.8}, CHUNYU)
    assert ok["checked"] and not ok["mismatch"] and ok["suspected_units"] is None
    off = crosscheck({"width": 36.0, "height": 72.0, "depth": 36.0}, CHUNYU)
    assert off["mismatch"] and off["checks"][0]["ok"] is False and "+5.9 %" in off["message"]


@pytest.mark.parametrize(("scale", "given", "suspected"), [(1000, "m", "mm"), (100, "m", "cm"),
                                                            (0.001, "mm", "m"), (10, "cm", "mm")])
def test_crosscheck_names_the_unit_mistake(scale, given, suspected):
    box_cm = {"width": 36 * scale, "height": 68 * scale, "depth": 36 * scale}
    result = crosscheck(box_cm, CHUNYU, units=given)
    assert result["mismatch"] and result["suspected_units"] == suspected
    assert f"--units {suspected}" in result["message"]


def test_crosscheck_width_and_depth_in_any_horizontal_orientation_and_without_dimensions():
    stele = {"height_cm": 220, "width_cm": 137.5}
    assert not crosscheck({"width": 20, "height": 221, "depth": 137}, stele)["mismatch"]
    assert crosscheck({"width": 20, "height": 221, "depth": 100}, stele)["mismatch"]
    empty = crosscheck({"width": 1, "height": 1, "depth": 1}, {})
    assert not empty["checked"] and not empty["mismatch"]
