"""Plan geometry of a layout with shapely: footprints of cases, objects, walls and door approaches.

Case-local coordinates have their origin at the case centre with x along the case width; a placement's
position and rotation are case-local, so moving or turning a case carries its objects with it.
"""

from __future__ import annotations

import math

from shapely import affinity
from shapely.geometry import LineString, Point, Polygon, box
from shapely.ops import nearest_points

from exhibits.layouts.model import Case, Door, Layout, ObjectFacts, Placement, Size, Wall

CIRCLE_SEGMENTS = 16


def object_size(facts: ObjectFacts) -> Size | None:
    """Width, depth and height of an object in metres (a round object: its diameter both ways)."""
    if facts.size is not None:
        return facts.size
    if facts.diameter is not None:
        return Size(facts.diameter, facts.diameter, facts.diameter)
    return None


def rectangle(width: float, depth: float, centre=(0.0, 0.0), rotation: float = 0.0) -> Polygon:
    shape = box(-width / 2, -depth / 2, width / 2, depth / 2)
    if rotation:
        shape = affinity.rotate(shape, rotation, origin=(0, 0))
    return affinity.translate(shape, centre[0], centre[1])


def to_world(shape, case: Case | None):
    """Move a case-local shape into hall coordinates."""
    if case is None:
        return shape
    if case.rotation:
        shape = affinity.rotate(shape, case.rotation, origin=(0, 0))
    return affinity.translate(shape, case.position[0], case.position[1])


def world_point(point, case: Case | None) -> tuple[float, float]:
    if case is None:
        return (float(point[0]), float(point[1]))
    angle = math.radians(case.rotation)
    x, y = point
    return (case.position[0] + x * math.cos(angle) - y * math.sin(angle),
            case.position[1] + x * math.sin(angle) + y * math.cos(angle))


def case_footprint(case: Case) -> Polygon:
    return rectangle(case.outer.width, case.outer.depth, case.position, case.rotation)


def case_display_local(case: Case) -> Polygon:
    display = case.display
    return rectangle(display.width, display.depth)


def object_footprint_local(placement: Placement) -> Polygon | None:
    """The object's footprint in its case's coordinates (hall coordinates when it stands on the floor)."""
    facts = placement.object
    if facts.diameter is not None:
        radius = facts.diameter / 2
        return Point(placement.position).buffer(radius, quad_segs=CIRCLE_SEGMENTS // 4)
    size = object_size(facts)
    if size is None:
        return None
    return rectangle(size.width, size.depth, placement.position, placement.rotation)


def object_footprint(layout: Layout, placement: Placement) -> Polygon | None:
    local = object_footprint_local(placement)
    return None if local is None else to_world(local, layout.case(placement.case))


def wall_footprint(wall: Wall) -> Polygon:
    return LineString([wall.start, wall.end]).buffer(wall.thickness / 2, cap_style="flat")


def floor_polygon(layout: Layout) -> Polygon:
    polygon = Polygon(layout.floor)
    return polygon if polygon.is_valid else polygon.buffer(0)


def door_inward(layout: Layout, door: Door) -> tuple[tuple[float, float], tuple[float, float]]:
    """The point of the hall outline nearest the door and the unit vector into the hall there."""
    floor = floor_polygon(layout)
    on_outline = nearest_points(floor.exterior, Point(door.position))[0]
    coords = list(floor.exterior.coords)
    best = min(range(len(coords) - 1),
               key=lambda i: LineString([coords[i], coords[i + 1]]).distance(on_outline))
    (x1, y1), (x2, y2) = coords[best], coords[best + 1]
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    normal = (-(y2 - y1) / length, (x2 - x1) / length)  # left normal: inward for a CCW outline
    probe = Point(on_outline.x + normal[0] * 0.01, on_outline.y + normal[1] * 0.01)
    if not floor.contains(probe):
        normal = (-normal[0], -normal[1])
    return (on_outline.x, on_outline.y), normal


def door_approach(layout: Layout, door: Door, depth: float) -> Polygon:
    """The area just inside a door, ``door.width`` wide and ``depth`` deep, that must stay clear."""
    (x, y), (nx, ny) = door_inward(layout, door)
    tx, ty = -ny, nx
    half = door.width / 2
    corners = [(x + tx * half, y + ty * half), (x - tx * half, y - ty * half),
               (x - tx * half + nx * depth, y - ty * half + ny * depth),
               (x + tx * half + nx * depth, y + ty * half + ny * depth)]
    return Polygon(corners)


def door_point(layout: Layout, door: Door, distance: float) -> Point:
    (x, y), (nx, ny) = door_inward(layout, door)
    return Point(x + nx * distance, y + ny * distance)
