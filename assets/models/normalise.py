"""Normalisation (metres, +Y up, origin at the centre of the base) and the statistics we record."""

from __future__ import annotations

import numpy as np
import trimesh

from assets.models.exceptions import UnknownFrame
from assets.models.loaders import texture_images

UNIT_SCALE = {"mm": 0.001, "cm": 0.01, "m": 1.0}
# Rotation taking +Z up to +Y up (a right-handed turn of -90° about X): (x, y, z) -> (x, z, -y).
Z_UP_TO_Y_UP = np.array([[1, 0, 0, 0], [0, 0, 1, 0], [0, -1, 0, 0], [0, 0, 0, 1]], dtype=float)


def check_frame(units: str, up: str) -> None:
    """Refuse units and up axes we cannot normalise from."""
    if units not in UNIT_SCALE:
        raise UnknownFrame(f"unknown units {units!r}: use one of {', '.join(UNIT_SCALE)}", value=units)
    if up not in ("y", "z"):
        raise UnknownFrame(f"unknown up axis {up!r}: use y or z", value=up)


def normalisation_matrix(vertices: np.ndarray, units: str, up: str) -> np.ndarray:
    """The 4×4 transform: scale to metres, turn to +Y up, move the base centre to the origin."""
    check_frame(units, up)
    matrix = np.diag([UNIT_SCALE[units]] * 3 + [1.0])
    if up == "z":
        matrix = Z_UP_TO_Y_UP @ matrix
    moved = trimesh.transform_points(np.vstack([vertices.min(axis=0), vertices.max(axis=0)]), matrix)
    lower, upper = moved.min(axis=0), moved.max(axis=0)
    base_centre = np.array([(lower[0] + upper[0]) / 2, lower[1], (lower[2] + upper[2]) / 2])
    return trimesh.transformations.translation_matrix(-base_centre) @ matrix


def normalise(mesh: trimesh.Trimesh, units: str = "m", up: str = "y") -> trimesh.Trimesh:
    """Transform ``mesh`` in place (normals follow) and return it."""
    vertices = np.asarray(mesh.vertices)
    # The corners of the axis-aligned box are enough: the transform is a scale, a quarter turn, a shift.
    mesh.apply_transform(normalisation_matrix(vertices, units, up))
    return mesh


# Positions that round to the same 10 nm are one point, as trimesh's merge_vertices (tol.merge 1e-8) decides.
MERGE_DIGITS = 8
FACE_BLOCK = 1 << 18  # faces per block of the area/volume sums: bounded temporaries


def welded(mesh: trimesh.Trimesh) -> trimesh.Trimesh:
    """The same surface with vertices merged by position (UV seams closed) for topology questions."""
    return trimesh.Trimesh(np.asarray(mesh.vertices), np.asarray(mesh.faces), process=True, validate=False)


def position_ids(vertices: np.ndarray) -> np.ndarray:
    """For every vertex, an id shared by all vertices at the same position (after rounding to
    ``MERGE_DIGITS`` decimals, as trimesh merges): what welding needs, without building a mesh."""
    quantised = np.rint(np.asarray(vertices, dtype=np.float64) * 10.0**MERGE_DIGITS).astype(np.int64)
    quantised -= quantised.min(axis=0)
    span = [int(s) + 1 for s in quantised.max(axis=0)]
    if span[0] * span[1] >= 2**62 or len(vertices) * span[2] >= 2**62:  # kilometres at 10 nm: rows
        return np.unique(quantised, axis=0, return_inverse=True)[1].reshape(-1)
    ids = np.unique(quantised[:, 0] * span[1] + quantised[:, 1], return_inverse=True)[1]
    return np.unique(ids * span[2] + quantised[:, 2], return_inverse=True)[1]


def _sorted_edges(vertices: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """Every face edge (after welding by position) as one int64 key, sorted."""
    ids = position_ids(vertices)
    count = int(ids.max()) + 1
    welded_faces = ids.astype(np.int32 if count < 2**31 else np.int64)[faces]
    del ids
    keys = np.empty(3 * len(faces), dtype=np.int64)
    for side, (a, b) in enumerate(((0, 1), (1, 2), (2, 0))):
        key = keys[side * len(faces):(side + 1) * len(faces)]
        np.minimum(welded_faces[:, a], welded_faces[:, b], out=key)
        key *= count
        key += np.maximum(welded_faces[:, a], welded_faces[:, b])
    del welded_faces
    keys.sort()
    return keys


def _closed(keys: np.ndarray) -> bool:
    """Every edge used by exactly two faces (trimesh's is_watertight) on sorted edge keys."""
    return (len(keys) > 0 and len(keys) % 2 == 0 and bool((keys[0::2] == keys[1::2]).all())
            and bool((keys[1:-1:2] != keys[2::2]).all()))


def open_edge_count(mesh: trimesh.Trimesh) -> int:
    """Edges used by one face only, after merging vertices by position (a cracked seam counts)."""
    keys = _sorted_edges(np.asarray(mesh.vertices), np.asarray(mesh.faces))
    if not len(keys):
        return 0
    runs = np.diff(np.flatnonzero(np.r_[True, keys[1:] != keys[:-1], True]))
    return int((runs == 1).sum())


def area_and_volume(vertices: np.ndarray, faces: np.ndarray) -> tuple[float, float]:
    """Surface area and signed enclosed volume with trimesh's formulas (area: half the cross products'
    lengths; volume: the divergence theorem's sum of cross_x · (x0 + x1 + x2) / 6), in blocks of faces."""
    area = volume = 0.0
    for start in range(0, len(faces), FACE_BLOCK):
        triangles = vertices[faces[start:start + FACE_BLOCK]]
        crosses = np.cross(triangles[:, 1] - triangles[:, 0], triangles[:, 2] - triangles[:, 0])
        area += float(np.sqrt((crosses**2).sum(axis=1)).sum()) / 2
        volume += float((crosses[:, 0] * triangles[:, :, 0].sum(axis=1)).sum()) / 6
        del triangles, crosses
    return area, volume


def mesh_stats(mesh: trimesh.Trimesh) -> dict:
    """Faces, vertices, bounding box in cm (x width, y height, z depth), area, volume when closed.

    Closed means every edge shared by exactly two faces once vertices are merged by position (UV
    seams split vertices, not the surface); computed with numpy on the arrays, nothing cached on
    ``mesh`` and no welded copy of it kept."""
    vertices, faces = np.asarray(mesh.vertices), np.asarray(mesh.faces)
    extents_cm = (np.ptp(vertices, axis=0) * 100).round(2)
    watertight = _closed(_sorted_edges(vertices, faces))
    area, volume = area_and_volume(vertices, faces)
    return {
        "faces": int(len(faces)),
        "vertices": int(len(vertices)),
        "bbox_cm": {"width": float(extents_cm[0]), "height": float(extents_cm[1]),
                    "depth": float(extents_cm[2])},
        "surface_area_cm2": round(area * 1e4, 2),
        "watertight": watertight,
        "volume_cm3": round(abs(volume) * 1e6, 2) if watertight else None,
        "has_uv": getattr(mesh.visual, "uv", None) is not None,
        "textures": [{"width": image.size[0], "height": image.size[1]} for image in texture_images(mesh)],
    }
