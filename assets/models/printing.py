"""A 3D-print export: a model's GLB (metres, +Y up, as every derivative is normalised) as a binary STL in
millimetres, +Z up, standing on a base plate, watertight or refused. Framework-free (trimesh)."""

from __future__ import annotations

import numpy as np
import trimesh

from assets.models.exceptions import DerivativeFailed
from assets.models.webglb import load_glb

BASE_MM = 3.0  # the plate's thickness
MARGIN_MM = 5.0  # how far the plate reaches past the object on each side
OVERLAP_MM = 0.5  # the object sinks this far into the plate, so slicers fuse the two shells


def print_stl(glb: bytes) -> tuple[bytes, trimesh.Trimesh]:
    """The STL and its mesh: the object at its real size (1 unit = 1 mm) on a plate."""
    loaded = load_glb(glb)  # the web level is quantized and meshopt-compressed
    mesh = trimesh.Trimesh(loaded.vertices, loaded.faces, process=True)  # drops UVs and normals
    mesh.merge_vertices(merge_tex=True, merge_norm=True)  # texture seams split vertices: stitch them
    trimesh.repair.fill_holes(mesh)
    trimesh.repair.fix_normals(mesh)
    if not mesh.is_watertight:
        raise DerivativeFailed("the model is not closed (watertight) even after filling its holes: "
                               "no 3D print can be made of it")
    mesh.apply_scale(1000.0)  # metres → millimetres
    mesh.apply_transform(trimesh.transformations.rotation_matrix(np.pi / 2, [1, 0, 0]))  # +Y up → +Z up
    (x0, y0, z0), (x1, y1, _z1) = mesh.bounds
    mesh.apply_translation([0, 0, BASE_MM - OVERLAP_MM - z0])
    plate = trimesh.creation.box(extents=[x1 - x0 + 2 * MARGIN_MM, y1 - y0 + 2 * MARGIN_MM, BASE_MM])
    plate.apply_translation([(x0 + x1) / 2, (y0 + y1) / 2, BASE_MM / 2])
    printed = trimesh.util.concatenate([mesh, plate])
    return printed.export(file_type="stl"), printed
