"""The layout checker: every problem a curator must fix before moving an object, as a JSON report.

Problem codes (the fault classes): ``outside_hall``, ``object_does_not_fit``, ``cases_overlap``,
``objects_overlap``, ``aisle_too_narrow``, ``door_blocked``, ``case_overloaded``, ``light_too_bright``,
and ``unknown_size`` (a placed object whose size is not known, so it cannot be checked).
"""

from __future__ import annotations

from itertools import combinations

from shapely.geometry import Point, Polygon
from shapely.ops import unary_union

from exhibits.layouts import geometry
from exhibits.layouts.conservation import light_limit
from exhibits.layouts.model import Layout

AISLE_WIDTH = 1.2  # metres: two wheelchairs pass (GB 50763-2012 accessible route, ADA 1.2 m turning)
DOOR_APPROACH_DEPTH = 1.5  # metres kept clear inside every door
AREA_TOLERANCE = 1e-4  # m²: touching is not overlapping
FAULT_CLASSES = ("outside_hall", "object_does_not_fit", "cases_overlap", "objects_overlap",
                 "aisle_too_narrow", "door_blocked", "case_overloaded", "light_too_bright", "unknown_size")


def _problem(code: str, message: str, subjects: list[str], location=None) -> dict:
    problem = {"code": code, "severity": "error", "message": message, "subjects": subjects}
    if location is not None:
        problem["location"] = [round(location[0], 3), round(location[1], 3)]
    return problem


def _centre(shape) -> tuple[float, float]:
    point = shape.representative_point()
    return (point.x, point.y)


def check_layout(layout: Layout) -> dict:
    """Check a layout; the report's ``ok`` is true when ``problems`` is empty."""
    problems: list[dict] = []
    floor = geometry.floor_polygon(layout)
    footprints = {case.id: geometry.case_footprint(case) for case in layout.cases}
    walls = {wall.id: geometry.wall_footprint(wall) for wall in layout.walls}

    for case in layout.cases:
        outside = footprints[case.id].difference(floor)
        if outside.area > AREA_TOLERANCE:
            problems.append(_problem("outside_hall",
                                     f"case {case.id} reaches {outside.area:.2f} m² outside the hall",
                                     [case.id], _centre(outside)))
        for wall_id, wall in walls.items():
            overlap = footprints[case.id].intersection(wall)
            if overlap.area > AREA_TOLERANCE:
                problems.append(_problem("cases_overlap", f"case {case.id} overlaps wall {wall_id}",
                                         [case.id, wall_id], _centre(overlap)))
    for a, b in combinations(layout.cases, 2):
        overlap = footprints[a.id].intersection(footprints[b.id])
        if overlap.area > AREA_TOLERANCE:
            problems.append(_problem("cases_overlap",
                                     f"cases {a.id} and {b.id} overlap by {overlap.area:.2f} m²",
                                     [a.id, b.id], _centre(overlap)))

    problems += _check_placements(layout, floor, footprints)
    problems += _check_loads(layout)
    problems += _check_light(layout)
    problems += _check_circulation(layout, floor, footprints, walls)

    counts: dict[str, int] = {}
    for problem in problems:
        counts[problem["code"]] = counts.get(problem["code"], 0) + 1
    return {"layout": layout.id, "ok": not problems, "counts": counts, "problems": problems,
            "checked": {"cases": len(layout.cases), "placements": len(layout.placements),
                        "doors": len(layout.doors), "walls": len(layout.walls)}}


def _check_placements(layout: Layout, floor, footprints: dict) -> list[dict]:
    problems = []
    local_shapes: dict[str, object] = {}
    for placement in layout.placements:
        case = layout.case(placement.case)
        size = geometry.object_size(placement.object)
        shape = geometry.object_footprint_local(placement)
        name = f"{placement.object.accession_number} ({placement.id})"
        where = geometry.world_point(placement.position, case)
        if size is None or shape is None:
            problems.append(_problem("unknown_size",
                                     f"{name} has no size: add catalogue dimensions or a 3D model",
                                     [placement.id], where))
            continue
        local_shapes[placement.id] = shape
        if case is None:
            top = placement.elevation + size.height
            if not floor.contains(shape):
                problems.append(_problem("outside_hall", f"{name} stands outside the hall",
                                         [placement.id], where))
            if top > layout.ceiling_height:
                problems.append(_problem("object_does_not_fit", f"{name} is {top:.2f} m high, above the "
                                         f"{layout.ceiling_height:.2f} m ceiling", [placement.id], where))
            for case_id, footprint in footprints.items():
                overlap = shape.intersection(footprint)
                if overlap.area > AREA_TOLERANCE:
                    problems.append(_problem("objects_overlap", f"{name} stands on case {case_id}",
                                             [placement.id, case_id], _centre(overlap)))
            continue
        clearance = case.clearance
        allowed = geometry.case_display_local(case).buffer(-clearance, join_style="mitre")
        subjects = [placement.id, case.id]
        if not allowed.contains(shape):
            problems.append(_problem("object_does_not_fit", f"{name} does not fit case {case.id} with "
                                     f"{clearance * 100:.0f} cm clearance (plan)", subjects, where))
        elif (case.inner is not None
              and placement.elevation + size.height + clearance > case.inner.height + 1e-9):
            problems.append(_problem("object_does_not_fit", f"{name} is {size.height:.2f} m high; "
                                     f"case {case.id} holds {case.inner.height - clearance:.2f} m",
                                     subjects, where))
        elif case.inner is None and case.deck + placement.elevation + size.height > layout.ceiling_height:
            problems.append(_problem("object_does_not_fit",
                                     f"{name} on plinth {case.id} reaches above the ceiling",
                                     subjects, where))
    for case in layout.cases:
        inside = [p for p in layout.placements_in(case.id) if p.id in local_shapes]
        for a, b in combinations(inside, 2):
            gap = local_shapes[a.id].distance(local_shapes[b.id])
            if gap < case.clearance - 1e-9:
                overlap = local_shapes[a.id].intersection(local_shapes[b.id])
                what = "overlap" if overlap.area > AREA_TOLERANCE else f"are {gap * 100:.0f} cm apart"
                problems.append(_problem("objects_overlap", f"{a.object.accession_number} and "
                                         f"{b.object.accession_number} in case {case.id} {what}",
                                         [a.id, b.id], geometry.world_point(a.position, case)))
    return problems


def _check_loads(layout: Layout) -> list[dict]:
    problems = []
    for case in layout.cases:
        if case.max_load_kg is None:
            continue
        load = sum(p.object.weight_kg or 0.0 for p in layout.placements_in(case.id))
        if load > case.max_load_kg:
            problems.append(_problem("case_overloaded", f"case {case.id} carries {load:.1f} kg, "
                                     f"more than its {case.max_load_kg:.1f} kg limit",
                                     [case.id], case.position))
    return problems


def object_lux(layout: Layout, placement) -> float:
    """Illuminance on an object: its case's level, else the brightest light area it stands in, else
    ambient."""
    case = layout.case(placement.case)
    if case is not None and case.lux is not None:
        return case.lux
    where = Point(geometry.world_point(placement.position, case))
    levels = [light.lux for light in layout.lights if Polygon(light.area).covers(where)]
    return max(levels) if levels else layout.ambient_lux


def _check_light(layout: Layout) -> list[dict]:
    problems = []
    for placement in layout.placements:
        lux = object_lux(layout, placement)
        limit, material_class = light_limit(placement.object.material)
        if lux > limit:
            case = layout.case(placement.case)
            facts = placement.object
            problems.append(_problem(
                "light_too_bright", f"{facts.accession_number} ({facts.material or '?'}) "
                f"gets {lux:.0f} lux; {material_class}: at most {limit:.0f} lux",
                [placement.id], geometry.world_point(placement.position, case)))
    return problems


def _check_circulation(layout: Layout, floor, footprints: dict, walls: dict) -> list[dict]:
    problems = []
    obstacles = list(footprints.values()) + list(walls.values())
    for placement in layout.placements:
        if placement.case is None:
            shape = geometry.object_footprint(layout, placement)
            if shape is not None:
                obstacles.append(shape)
    blocked_area = unary_union(obstacles) if obstacles else None
    open_doors = []
    for door in layout.doors:
        approach = geometry.door_approach(layout, door, DOOR_APPROACH_DEPTH)
        blockers = [cid for cid, fp in footprints.items() if fp.intersection(approach).area > AREA_TOLERANCE]
        blockers += [wid for wid, fp in walls.items() if fp.intersection(approach).area > AREA_TOLERANCE]
        if blockers:
            problems.append(_problem("door_blocked", f"door {door.id} is blocked by {', '.join(blockers)}",
                                     [door.id, *blockers], door.position))
        else:
            open_doors.append(door)
    if len(open_doors) < 2:
        return problems
    free = floor.difference(blocked_area) if blocked_area is not None else floor
    passable = free.buffer(-AISLE_WIDTH / 2)
    parts = list(getattr(passable, "geoms", [passable]))
    component_of = {}
    for door in open_doors:
        point = geometry.door_point(layout, door, AISLE_WIDTH / 2 + 0.05)
        hits = [index for index, part in enumerate(parts) if part.distance(point) < 0.06]
        component_of[door.id] = hits[0] if hits else None
    reference = open_doors[0]
    narrow = free.difference(passable.buffer(AISLE_WIDTH / 2 + 1e-3))
    pinches = [piece for piece in getattr(narrow, "geoms", [narrow]) if piece.area > 0.01
               and sum(1 for part in parts if part.distance(piece) < AISLE_WIDTH / 2 + 0.05) >= 2]
    for door in open_doors[1:]:
        if component_of[door.id] is None or component_of[door.id] != component_of[reference.id]:
            where = _centre(pinches[0]) if pinches else door.position
            places = "; ".join(f"({x:.1f}, {y:.1f})" for x, y in (_centre(p) for p in pinches[:5]))
            route = f"no {AISLE_WIDTH:.1f} m wide route from door {reference.id} to door {door.id}"
            problems.append(_problem(
                "aisle_too_narrow", route + (f"; narrow at {places}" if places else ""),
                [reference.id, door.id], where))
    return problems
