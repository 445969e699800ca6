"""The hall in 3D: floor, walls, cases (deck and glass), plinths and objects, as a list of :class:`Part`.

Parts are built in plan axes (x east, y north, z up, metres). The GLB exporter turns them into glTF
axes (y up); the preview renderer rasterises them directly. An object shows its 3D model when
``model_for(accession_number)`` returns one (a trimesh ``Trimesh`` or ``Scene`` in glTF axes, metres),
else a box or cylinder of its size, textured with ``photo_for(accession_number)`` (a PIL image) when
there is a photo, and coloured by material otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import shapely
import trimesh
from PIL import Image
from shapely.geometry import Polygon
from shapely.ops import unary_union

from exhibits.layouts import geometry
from exhibits.layouts.model import Case, Layout, Placement

ModelSource = Callable[[str], "trimesh.Trimesh | trimesh.Scene | None"]
PhotoSource = Callable[[str], "Image.Image | None"]

Y_UP = trimesh.transformations.rotation_matrix(-np.pi / 2, [1, 0, 0])  # plan z-up -> glTF y-up
Z_UP = np.linalg.inv(Y_UP)
WALL_THICKNESS = 0.25
MATERIAL_COLOURS = (  # keyword -> RGBA
    (("金", "gold"), (212, 175, 55, 255)), (("银", "silver"), (192, 192, 196, 255)),
    (("铜", "bronze", "copper"), (96, 120, 92, 255)), (("铁", "iron"), (80, 74, 70, 255)),
    (("瓷", "porcelain"), (224, 232, 236, 255)), (("陶", "砖", "pottery", "brick"), (170, 104, 72, 255)),
    (("玉", "jade"), (150, 190, 150, 255)), (("石", "stone"), (150, 146, 138, 255)),
    (("纸", "拓", "paper", "rubbing"), (236, 226, 200, 255)),
    (("绢", "丝", "绣", "silk", "textile"), (168, 52, 44, 255)),
    (("木", "竹", "wood", "bamboo"), (128, 88, 52, 255)), (("骨", "bone"), (222, 210, 182, 255)),
)
CASE_BASE = (238, 236, 230, 255)
PLINTH = (214, 208, 196, 255)
GLASS = (200, 225, 235, 60)
FLOOR = (150, 140, 128, 255)
WALL = (226, 222, 214, 255)


@dataclass
class Part:
    name: str
    mesh: trimesh.Trimesh  # plan axes; visual carries colours or a texture
    colour: tuple[int, int, int, int]
    kind: str = "solid"  # solid | glass | model
    texture: Image.Image | None = None


def material_colour(material: str | None) -> tuple[int, int, int, int]:
    text = (material or "").lower()
    for words, colour in MATERIAL_COLOURS:
        if any(word in text for word in words):
            return colour
    return (176, 150, 110, 255)


def extrude(polygon: Polygon, bottom: float, top: float) -> trimesh.Trimesh:
    """A prism over a polygon (holes allowed): triangulated caps and one quad per outline edge."""
    triangles = shapely.constrained_delaunay_triangles(polygon)
    vertices, faces = [], []
    for triangle in triangles.geoms:
        a, b, c = list(triangle.exterior.coords)[:3]
        if (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]) < 0:
            b, c = c, b
        n = len(vertices)
        vertices += [(*a, top), (*b, top), (*c, top), (*a, bottom), (*c, bottom), (*b, bottom)]
        faces += [(n, n + 1, n + 2), (n + 3, n + 4, n + 5)]
    for ring in [polygon.exterior, *polygon.interiors]:
        coords = list(ring.coords)
        ccw = ring.is_ccw if ring is polygon.exterior else not ring.is_ccw
        for (x1, y1), (x2, y2) in zip(coords[:-1], coords[1:], strict=True):
            if not ccw:
                (x1, y1), (x2, y2) = (x2, y2), (x1, y1)
            n = len(vertices)
            vertices += [(x1, y1, bottom), (x2, y2, bottom), (x2, y2, top), (x1, y1, top)]
            faces += [(n, n + 1, n + 2), (n, n + 2, n + 3)]
    return trimesh.Trimesh(np.array(vertices, float), np.array(faces, np.int64), process=False)


def case_part(case: Case, piece: str, bottom: float, height: float, colour, kind: str = "solid") -> Part:
    """A piece of a case (base, glass or canopy): its outer footprint from ``bottom`` up ``height`` metres."""
    outer = case.outer
    footprint = geometry.rectangle(outer.width, outer.depth, case.position, case.rotation)
    return Part(f"{case.id}-{piece}", extrude(footprint, bottom, bottom + height), colour, kind)


def _photo_box(width: float, depth: float, height: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A box centred on the origin (bottom at z=0) whose four sides and top each show the whole photo (a
    painting or rubbing laid flat in a table case shows it on top, one hung upright on its front)."""
    w, d = width / 2, depth / 2
    corners = [(-w, -d), (w, -d), (w, d), (-w, d)]
    vertices, faces, uv = [], [], []
    for i in range(4):
        (x1, y1), (x2, y2) = corners[i], corners[(i + 1) % 4]
        n = len(vertices)
        vertices += [(x1, y1, 0), (x2, y2, 0), (x2, y2, height), (x1, y1, height)]
        uv += [(0, 0), (1, 0), (1, 1), (0, 1)]
        faces += [(n, n + 1, n + 2), (n, n + 2, n + 3)]
    n = len(vertices)
    vertices += [(x, y, height) for x, y in corners]
    uv += [(0, 0), (1, 0), (1, 1), (0, 1)]
    faces += [(n, n + 1, n + 2), (n, n + 2, n + 3)]
    return np.array(vertices, float), np.array(faces, np.int64), np.array(uv, float)


def _place(mesh: trimesh.Trimesh, layout: Layout, placement: Placement, case: Case | None) -> trimesh.Trimesh:
    """Turn and move a mesh built around the origin (bottom at z=0) to its place in the hall."""
    x, y = geometry.world_point(placement.position, case)
    angle = placement.rotation + (case.rotation if case else 0.0)
    bottom = (case.deck if case else 0.0) + placement.elevation
    matrix = trimesh.transformations.rotation_matrix(np.radians(angle), [0, 0, 1])
    matrix[:3, 3] = (x, y, bottom)
    mesh.apply_transform(matrix)
    return mesh


def _model_meshes(model) -> list[trimesh.Trimesh]:
    if isinstance(model, trimesh.Scene):
        return [m for m in model.dump() if isinstance(m, trimesh.Trimesh)]
    return [model.copy()]


def _member_parts(layout: Layout, placement: Placement, case: Case | None, model, colour) -> list[Part]:
    """A set (编钟) as its members side by side along the object's width, each its own height: the model
    (the first, largest member's) scaled to each, else a cylinder as wide as a member's share allows."""
    heights, width, depth = placement.object.members, placement.object.size.width, placement.object.size.depth
    pitch = width / len(heights)
    meshes = _model_meshes(model) if model is not None else None
    if meshes:
        for mesh in meshes:
            mesh.apply_transform(Z_UP)
        low = np.min([m.bounds[0] for m in meshes], axis=0)
        high = np.max([m.bounds[1] for m in meshes], axis=0)
    parts = []
    for index, height in enumerate(heights):
        offset = -width / 2 + pitch * (index + 0.5)
        if meshes:
            scale = height / max(high[2] - low[2], 1e-6)
            matrix = np.diag([scale, scale, scale, 1.0])
            matrix[:3, 3] = (offset - (low[0] + high[0]) / 2 * scale, -(low[1] + high[1]) / 2 * scale,
                             -low[2] * scale)
            pieces = [mesh.copy().apply_transform(matrix) for mesh in meshes]
            kind = "model"
        else:
            radius = min(pitch * 0.8, depth, height * 0.6) / 2
            cylinder = trimesh.creation.cylinder(radius=radius, height=height, sections=24)
            cylinder.apply_translation((offset, 0, height / 2))
            pieces, kind = [cylinder], "solid"
        for piece_index, piece in enumerate(pieces):
            name = f"{placement.id}-member-{index}-{piece_index}"
            parts.append(Part(name, _place(piece, layout, placement, case), colour, kind))
    return parts


def object_parts(layout: Layout, placement: Placement, model_for: ModelSource | None,
                 photo_for: PhotoSource | None) -> list[Part]:
    case = layout.case(placement.case)
    facts = placement.object
    colour = material_colour(facts.material)
    if facts.colour:
        colour = (*(int(facts.colour[i:i + 2], 16) for i in (1, 3, 5)), 255)
    model = model_for(facts.accession_number) if model_for else None
    if facts.members and facts.size is not None:
        return _member_parts(layout, placement, case, model, colour)
    if model is not None:
        meshes = _model_meshes(model)
        for mesh in meshes:
            mesh.apply_transform(Z_UP)
        low = np.min([m.bounds[0] for m in meshes], axis=0)
        high = np.max([m.bounds[1] for m in meshes], axis=0)
        shift = np.eye(4)
        shift[:3, 3] = (-(low[0] + high[0]) / 2, -(low[1] + high[1]) / 2, -low[2])
        placed = [_place(mesh.apply_transform(shift), layout, placement, case) for mesh in meshes]
        return [Part(f"{placement.id}-model-{i}", mesh, colour, "model") for i, mesh in enumerate(placed)]
    size = geometry.object_size(facts)
    if size is None:
        return []
    photo = photo_for(facts.accession_number) if photo_for else None
    if photo is not None:
        vertices, faces, uv = _photo_box(size.width, size.depth, size.height)
        image = photo.convert("RGB")
        image.thumbnail((512, 512))
        mesh = trimesh.Trimesh(vertices, faces, process=False,
                               visual=trimesh.visual.TextureVisuals(uv=uv, image=image))
        return [Part(f"{placement.id}-photo", _place(mesh, layout, placement, case), colour, "solid", image)]
    if facts.diameter is not None:
        mesh = trimesh.creation.cylinder(radius=facts.diameter / 2, height=size.height, sections=24)
        mesh.apply_translation((0, 0, size.height / 2))
    else:
        mesh = trimesh.creation.box((size.width, size.depth, size.height))
        mesh.apply_translation((0, 0, size.height / 2))
    return [Part(f"{placement.id}-box", _place(mesh, layout, placement, case), colour)]


def hall_parts(layout: Layout, model_for: ModelSource | None = None,
               photo_for: PhotoSource | None = None, wall_height: float | None = None) -> list[Part]:
    floor = geometry.floor_polygon(layout)
    parts = [Part("floor", extrude(floor, -0.05, 0.0), FLOOR)]
    height = wall_height or layout.ceiling_height
    ring = floor.buffer(WALL_THICKNESS, join_style="mitre").difference(floor)
    walls = ring
    if layout.doors:
        walls = ring.difference(unary_union([_door_cut(layout, door) for door in layout.doors]))
    for index, piece in enumerate(getattr(walls, "geoms", [walls])):
        parts.append(Part(f"wall-{index}", extrude(piece, 0.0, height), WALL))
    for door in layout.doors:  # the wall above each opening
        lintel = ring.intersection(_door_cut(layout, door))
        if not lintel.is_empty and door.height < height:
            for piece in getattr(lintel, "geoms", [lintel]):
                parts.append(Part(f"lintel-{door.id}", extrude(piece, door.height, height), WALL))
    for wall in layout.walls:
        footprint = geometry.wall_footprint(wall)
        parts.append(Part(f"wall-{wall.id}", extrude(footprint, 0.0, wall.height or height), WALL))
    for case in layout.cases:
        outer = case.outer
        if case.is_plinth or not case.glass:
            parts.append(case_part(case, "base", 0.0, case.deck, PLINTH))
            continue
        parts.append(case_part(case, "base", 0.0, case.deck, CASE_BASE))
        glass_top = case.deck + (case.inner.height if case.inner else outer.height - case.deck)
        parts.append(case_part(case, "glass", case.deck, glass_top - case.deck, GLASS, "glass"))
        if outer.height > glass_top + 1e-6:  # a canopy with the lights above the glass
            parts.append(case_part(case, "canopy", glass_top, outer.height - glass_top, CASE_BASE))
    for placement in layout.placements:
        parts += object_parts(layout, placement, model_for, photo_for)
    return parts


def _door_cut(layout: Layout, door) -> Polygon:
    (x, y), (nx, ny) = geometry.door_inward(layout, door)
    tx, ty = -ny, nx
    half, reach = door.width / 2, WALL_THICKNESS * 2
    return Polygon([(x + tx * half - nx * reach, y + ty * half - ny * reach),
                    (x - tx * half - nx * reach, y - ty * half - ny * reach),
                    (x - tx * half + nx * reach, y - ty * half + ny * reach),
                    (x + tx * half + nx * reach, y + ty * half + ny * reach)])
