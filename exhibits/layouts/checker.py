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
from exhibits.layouts.conservation import light_class, light_limit
from exhibits.layouts.model import Layout

AISLE_WIDTH = 1.2  # metres: two wheelchairs pass (GB 50763-2012 accessible route, ADA 1.2 m turning)
DOOR_APPROACH_DEPTH = 1.5  # metres kept clear inside every door
AREA_TOLERANCE = 1e-4  # m²: touching is not overlapping
FAULT_CLASSES = ("outside_hall", "object_does_not_fit", "cases_overlap", "objects_overlap",
                 "aisle_too_narrow", "door_blocked", "case_overloaded", "light_too_bright", "unknown_size")


# Each problem names its fault class (``code``, counted in the report) and the exact finding (``reason``) with
# its ``params``, so a workspace can say it in the curator's language; ``message`` is the English sentence
# (CLI, logs). Numbers in params are rounded as the sentence shows them.
REASONS = {
    "case_outside_hall": "case {case} reaches {area} m² outside the hall",
    "case_overlaps_wall": "case {case} overlaps wall {wall}",
    "cases_overlap": "cases {case} and {other} overlap by {area} m²",
    "unknown_size": "{object} ({placement}) has no size: add catalogue dimensions or a 3D model",
    "object_outside_hall": "{object} ({placement}) stands outside the hall",
    "object_above_ceiling": "{object} ({placement}) is {height} m high, above the {ceiling} m ceiling",
    "object_on_case": "{object} ({placement}) stands on case {case}",
    "object_wider_than_case": "{object} ({placement}) does not fit case {case} with {clearance} cm clearance "
                              "(plan)",
    "object_taller_than_case": "{object} ({placement}) is {height} m high; case {case} holds {room} m",
    "plinth_above_ceiling": "{object} ({placement}) on plinth {case} reaches above the ceiling",
    "objects_overlap": "{object} and {other} in case {case} overlap",
    "objects_too_close": "{object} and {other} in case {case} are {gap} cm apart",
    "case_overloaded": "case {case} carries {load} kg, more than its {limit} kg limit",
    "light_too_bright": "{object} ({material}) gets {lux} lux; {material_class}: at most {limit} lux",
    "door_blocked": "door {door} is blocked by {blockers}",
    "aisle_too_narrow": "no {width} m wide route from door {door} to door {other}",
    "aisle_too_narrow_at": "no {width} m wide route from door {door} to door {other}; narrow at {places}",
}


def _problem(code: str, reason: str, params: dict, subjects: list[str], location=None) -> dict:
    problem = {"code": code, "reason": reason, "params": params, "severity": "error",
               "message": REASONS[reason].format(**params), "subjects": subjects}
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
            problems.append(_problem("outside_hall", "case_outside_hall",
                                     {"case": case.id, "area": f"{outside.area:.2f}"},
                                     [case.id], _centre(outside)))
        for wall_id, wall in walls.items():
            overlap = footprints[case.id].intersection(wall)
            if overlap.area > AREA_TOLERANCE:
                problems.append(_problem("cases_overlap", "case_overlaps_wall",
                                         {"case": case.id, "wall": wall_id}, [case.id, wall_id],
                                         _centre(overlap)))
    for a, b in combinations(layout.cases, 2):
        overlap = footprints[a.id].intersection(footprints[b.id])
        if overlap.area > AREA_TOLERANCE:
            problems.append(_problem("cases_overlap", "cases_overlap",
                                     {"case": a.id, "other": b.id, "area": f"{overlap.area:.2f}"},
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
        named = {"object": placement.object.accession_number, "placement": placement.id}
        where = geometry.world_point(placement.position, case)
        if size is None or shape is None:
            problems.append(_problem("unknown_size", "unknown_size", named, [placement.id], where))
            continue
        local_shapes[placement.id] = shape
        if case is None:
            top = placement.elevation + size.height
            if not floor.contains(shape):
                problems.append(_problem("outside_hall", "object_outside_hall", named, [placement.id], where))
            if top > layout.ceiling_height:
                problems.append(_problem("object_does_not_fit", "object_above_ceiling",
                                         {**named, "height": f"{top:.2f}",
                                          "ceiling": f"{layout.ceiling_height:.2f}"}, [placement.id], where))
            for case_id, footprint in footprints.items():
                overlap = shape.intersection(footprint)
                if overlap.area > AREA_TOLERANCE:
                    problems.append(_problem("objects_overlap", "object_on_case",
                                             {**named, "case": case_id}, [placement.id, case_id],
                                             _centre(overlap)))
            continue
        clearance = case.clearance
        allowed = geometry.case_display_local(case).buffer(-clearance, join_style="mitre")
        subjects = [placement.id, case.id]
        if not allowed.contains(shape):
            problems.append(_problem("object_does_not_fit", "object_wider_than_case",
                                     {**named, "case": case.id, "clearance": f"{clearance * 100:.0f}"},
                                     subjects, where))
        elif (case.inner is not None
              and placement.elevation + size.height + clearance > case.inner.height + 1e-9):
            problems.append(_problem("object_does_not_fit", "object_taller_than_case",
                                     {**named, "height": f"{size.height:.2f}", "case": case.id,
                                      "room": f"{case.inner.height - clearance:.2f}"}, subjects, where))
        elif case.inner is None and case.deck + placement.elevation + size.height > layout.ceiling_height:
            problems.append(_problem("object_does_not_fit", "plinth_above_ceiling",
                                     {**named, "case": case.id}, subjects, where))
    for case in layout.cases:
        inside = [p for p in layout.placements_in(case.id) if p.id in local_shapes]
        for a, b in combinations(inside, 2):
            gap = local_shapes[a.id].distance(local_shapes[b.id])
            if gap < case.clearance - 1e-9:
                overlap = local_shapes[a.id].intersection(local_shapes[b.id])
                pair = {"object": a.object.accession_number, "other": b.object.accession_number,
                        "case": case.id}
                reason, extra = (("objects_overlap", {}) if overlap.area > AREA_TOLERANCE
                                 else ("objects_too_close", {"gap": f"{gap * 100:.0f}"}))
                problems.append(_problem("objects_overlap", reason, {**pair, **extra},
                                         [a.id, b.id], geometry.world_point(a.position, case)))
    return problems


def _check_loads(layout: Layout) -> list[dict]:
    problems = []
    for case in layout.cases:
        if case.max_load_kg is None:
            continue
        load = sum(p.object.weight_kg or 0.0 for p in layout.placements_in(case.id))
        if load > case.max_load_kg:
            problems.append(_problem("case_overloaded", "case_overloaded",
                                     {"case": case.id, "load": f"{load:.1f}",
                                      "limit": f"{case.max_load_kg:.1f}"},
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
                "light_too_bright", "light_too_bright",
                {"object": facts.accession_number, "material": facts.material or "?", "lux": f"{lux:.0f}",
                 "material_class": material_class, "sensitivity": light_class(facts.material),
                 "limit": f"{limit:.0f}"},
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
            problems.append(_problem("door_blocked", "door_blocked",
                                     {"door": door.id, "blockers": ", ".join(blockers)},
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
            route = {"width": f"{AISLE_WIDTH:.1f}", "door": reference.id, "other": door.id}
            problems.append(_problem(
                "aisle_too_narrow", "aisle_too_narrow_at" if places else "aisle_too_narrow",
                {**route, "places": places} if places else route, [reference.id, door.id], where))
    return problems
