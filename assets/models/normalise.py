"""Normalisation (metres, +Y up, origin at the centre of the base) and the statistics we record."""

from __future__ import annotations

import numpy as np
import trimesh

from assets.models.exceptions import InvalidGeometry
from assets.models.loaders import texture_images

UNIT_SCALE = {"mm": 0.001, "cm": 0.01, "m": 1.0}
# Rotation taking +Z up to +Y up (a right-handed turn of -90° about X): (x, y, z) -> (x, z, -y).
Z_UP_TO_Y_UP = np.array([[1, 0, 0, 0], [0, 0, 1, 0], [0, -1, 0, 0], [0, 0, 0, 1]], dtype=float)


def normalisation_matrix(vertices: np.ndarray, units: str, up: str) -> np.ndarray:
    """The 4×4 transform: scale to metres, turn to +Y up, move the base centre to the origin."""
    if units not in UNIT_SCALE:
        raise InvalidGeometry(f"unknown units {units!r}: use one of {', '.join(UNIT_SCALE)}")
    if up not in ("y", "z"):
        raise InvalidGeometry(f"unknown up axis {up!r}: use y or z")
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


def welded(mesh: trimesh.Trimesh) -> trimesh.Trimesh:
    """The same surface with vertices merged by position (UV seams closed) for topology questions."""
    return trimesh.Trimesh(np.asarray(mesh.vertices), np.asarray(mesh.faces), process=True, validate=False)


def open_edge_count(mesh: trimesh.Trimesh) -> int:
    """Edges used by one face only, after merging vertices by position (a cracked seam counts)."""
    surface = welded(mesh)
    edges = surface.edges_sorted
    _, counts = np.unique(edges, axis=0, return_counts=True)
    return int((counts == 1).sum())


def mesh_stats(mesh: trimesh.Trimesh) -> dict:
    """Faces, vertices, bounding box in cm (x width, y height, z depth), area, volume when closed."""
    surface = welded(mesh)
    extents_cm = (np.ptp(np.asarray(mesh.vertices), axis=0) * 100).round(2)
    watertight = bool(surface.is_watertight)
    return {
        "faces": int(len(mesh.faces)),
        "vertices": int(len(mesh.vertices)),
        "bbox_cm": {"width": float(extents_cm[0]), "height": float(extents_cm[1]),
                    "depth": float(extents_cm[2])},
        "surface_area_cm2": round(float(mesh.area) * 1e4, 2),
        "watertight": watertight,
        "volume_cm3": round(abs(float(surface.volume)) * 1e6, 2) if watertight else None,
        "has_uv": getattr(mesh.visual, "uv", None) is not None,
        "textures": [{"width": image.size[0], "height": image.size[1]} for image in texture_images(mesh)],
    }
