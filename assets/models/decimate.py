"""Texture-preserving decimation with meshoptimizer (the simplifier inside gltfpack), in process.

meshoptimizer's quadric simplifier treats vertices that share a position but differ in UV or normal
as one seam: collapses keep both sides of a texture seam together, so no open edge appears, and the
surviving vertices keep their UVs, normals and colours unchanged.
"""

from __future__ import annotations

import meshoptimizer
import numpy as np
import trimesh

from assets.models.exceptions import DerivativeFailed


def decimate(mesh: trimesh.Trimesh, max_faces: int) -> tuple[trimesh.Trimesh, float]:
    """A copy of ``mesh`` with at most ``max_faces`` triangles and the relative error meshoptimizer
    reports (fraction of the mesh extent). Meshes already within the budget come back unchanged."""
    faces = np.asarray(mesh.faces)
    if len(faces) <= max_faces:
        return mesh, 0.0
    positions = np.ascontiguousarray(mesh.vertices, dtype=np.float32)
    indices = np.ascontiguousarray(faces.reshape(-1), dtype=np.uint32)
    destination = np.empty_like(indices)
    error = np.zeros(1, dtype=np.float32)
    # target_error 1.0 (the whole extent) lets the face budget decide, as gltfpack -si does.
    count = meshoptimizer.simplify(destination, indices, positions, target_index_count=max_faces * 3,
                                   target_error=1.0, result_error=error)
    if count == 0 or count > max_faces * 3:
        raise DerivativeFailed(
            f"decimation stopped at {count // 3} triangles, over the budget of {max_faces}")
    return _compact(mesh, destination[:count].reshape(-1, 3).astype(np.int64)), float(error[0])


def _compact(mesh: trimesh.Trimesh, faces: np.ndarray) -> trimesh.Trimesh:
    """The kept faces over only the vertices they use, carrying UVs, normals, colours and material."""
    used, inverse = np.unique(faces.reshape(-1), return_inverse=True)
    new_faces = inverse.reshape(-1, 3)
    visual = mesh.visual
    kwargs = {}
    if "vertex_normals" in mesh._cache:
        kwargs["vertex_normals"] = np.asarray(mesh.vertex_normals)[used]
    if isinstance(visual, trimesh.visual.TextureVisuals):
        uv = None if visual.uv is None else np.asarray(visual.uv)[used]
        new_visual = trimesh.visual.TextureVisuals(uv=uv, material=visual.material)
    elif visual.kind == "vertex":
        new_visual = trimesh.visual.ColorVisuals(vertex_colors=np.asarray(visual.vertex_colors)[used])
    elif visual.kind == "face":
        new_visual = None  # face colours do not survive collapses; the material colour remains
    else:
        new_visual = None
    result = trimesh.Trimesh(np.asarray(mesh.vertices)[used], new_faces, visual=new_visual, process=False,
                             **kwargs)
    return result
