"""Building the trimesh mesh of a parsed OBJ as trimesh's own OBJ loader builds it: one mesh per
``usemtl`` material, the (position, uv, normal) combinations made unique, the groups concatenated.
"""

from __future__ import annotations

import numpy as np
import trimesh
from trimesh.exchange.obj import parse_mtl
from trimesh.visual.material import SimpleMaterial
from trimesh.visual.texture import TextureVisuals

from assets.models.objlines import VN, VT, NotHandled, V
from assets.models.objparse import Parsed


def load_materials(mtllibs: list[str], resolver) -> dict:
    """Materials of every ``mtllib`` as trimesh makes them (textures through the resolver)."""
    materials = {}
    for library in mtllibs:
        try:
            data = resolver.get(library)
        except Exception:  # noqa: BLE001 - the resolver remembers the missing name, the loader names it
            continue
        try:
            parsed = {key: SimpleMaterial(**kwargs)
                      for key, kwargs in parse_mtl(data, resolver=resolver).items()}
        except Exception:  # noqa: BLE001 - as trimesh: an unreadable library gives no materials
            continue
        for key, material in parsed.items():
            materials.setdefault(key, material)
    return materials


def build(parsed: Parsed, materials: dict) -> trimesh.Trimesh:
    """One mesh per ``usemtl`` material (in trimesh's order), concatenated as trimesh does."""
    total = len(parsed.corners[V]) // 3
    bounds = [0] + [first for first, _ in parsed.materials] + [total]
    names = [None] + [name for _, name in parsed.materials]
    segments = [(names[i], bounds[i], bounds[i + 1]) for i in range(len(names)) if bounds[i + 1] > bounds[i]]
    order = list(dict.fromkeys(name for name, _, _ in segments))
    if len(order) == 1:
        return _group_mesh(parsed, materials, order[0], None)
    meshes = []
    for name in reversed(order):  # trimesh pops its material groups from the end
        chosen = np.concatenate([np.arange(a, b) for m, a, b in segments if m == name])
        meshes.append(_group_mesh(parsed, materials, name, chosen))
    return trimesh.util.concatenate(meshes)


def _group_mesh(parsed: Parsed, materials: dict, material: str | None,
                triangles: np.ndarray | None) -> trimesh.Trimesh:
    sizes = {V: len(parsed.v), VT: 0 if parsed.vt is None else len(parsed.vt),
             VN: 0 if parsed.vn is None else len(parsed.vn)}
    attributes = list(parsed.corners)
    keys = []
    for attribute in attributes:
        corner = parsed.corners[attribute]
        keys.append(corner if triangles is None else corner.reshape(-1, 3)[triangles].reshape(-1))
    faces, picks = unmerge(keys, [sizes[a] for a in attributes])
    del keys
    chosen = dict(zip(attributes, picks, strict=True))
    whole = triangles is None  # the only group: what is used is let go at once
    if whole:
        parsed.corners.clear()
    vertices = _pick(parsed.v, chosen[V], sizes[V])
    uv = _pick(parsed.vt, chosen[VT], sizes[V]) if VT in chosen else None
    if whole:
        parsed.v = parsed.vt = None
    normals = _pick(parsed.vn, chosen[VN], sizes[V]) if VN in chosen else None
    if whole:
        parsed.vn = None
    if material in materials:
        visual = TextureVisuals(uv=uv, material=materials[material])
    elif uv is not None:
        visual = TextureVisuals(uv=uv)
    else:
        visual = None
    return trimesh.Trimesh(vertices=vertices, faces=faces, vertex_normals=normals, visual=visual,
                           process=False)


def _pick(values: np.ndarray, chosen: np.ndarray | None, count: int) -> np.ndarray:
    return values[:count] if chosen is None else values[chosen]


def unmerge(keys: list[np.ndarray], sizes: list[int]) -> tuple[np.ndarray, list[np.ndarray | None]]:
    """Faces over the unique combinations of the corners' attribute indices (position, uv, normal),
    ordered by position index then uv then normal, and for each attribute the index of every new
    vertex (None: the identity, when every corner uses the same index for all and all are used)."""
    first = keys[0]
    if all(other is first or np.array_equal(first, other) for other in keys[1:]):
        used = np.zeros(sizes[0], bool)
        used[first] = True
        if used.all():
            return first.astype(np.int64).reshape(-1, 3), [None] * len(keys)
        remap = np.cumsum(used) - 1
        kept = np.flatnonzero(used)
        return remap[first].reshape(-1, 3), [kept] * len(keys)
    inverse = first.astype(np.int64)
    picks = [None]
    for index, (other, size) in enumerate(zip(keys[1:], sizes[1:], strict=True)):
        if (int(inverse.max()) + 1) * max(size, 1) >= 2**63:
            raise NotHandled("too many combinations of indices")
        unique, inverse = np.unique(inverse * size + other, return_inverse=True)
        previous = unique // size
        picks = [previous if index == 0 else pick[previous] for pick in picks] + [unique % size]
        del unique, previous
    return inverse.reshape(-1, 3), picks
