"""Named viewpoints (the preview comparison's and the twin's), the photo on a flat painting's top, sets as
their members and a plan that draws what lies outside the hall."""

from __future__ import annotations

import math

import numpy as np
import pytest
import trimesh
from PIL import Image
from shapely.geometry import Point

from exhibits.layouts import geometry
from exhibits.layouts.preview import Camera, camera_text, default_camera, viewpoints
from exhibits.layouts.scene import hall_parts


def test_the_entrance_and_every_case_have_a_viewpoint_inside_the_hall_looking_at_it(sample):
    named = viewpoints(sample)
    assert list(named) == ["entrance", *(c.id for c in sample.cases)]
    assert named["entrance"] == default_camera(sample)
    floor = geometry.floor_polygon(sample)
    for case in sample.cases:
        eye = named[case.id]
        assert floor.contains(Point(eye.x, eye.y)), case.id
        towards = math.degrees(math.atan2(case.position[1] - eye.y, case.position[0] - eye.x))
        assert eye.yaw == towards or abs((eye.yaw - towards + 180) % 360 - 180) < 1e-3
        assert eye.pitch < 0  # looking down at the deck


def test_a_wall_case_is_seen_from_the_room_side_and_a_table_case_from_close(sample):
    named = viewpoints(sample)
    assert (named["W1"].x, named["W1"].y, named["W1"].yaw) == (7, 3.5, -90)  # in front, facing the south wall
    assert (named["N1"].x, named["N1"].y, named["N1"].yaw) == (20, 20.5, 90)
    assert math.hypot(named["T1"].x - 7, named["T1"].y - 17.45) < 2.5  # closer to the table case


def test_camera_text_is_what_the_render_options_read():
    assert camera_text(Camera(7, 3.5, 1.6, -90)) == "7,3.5,1.6,-90"
    assert Camera.parse(camera_text(Camera(1.25, 2, 1.6, 45))) == Camera(1.25, 2, 1.6, 45)


def test_a_flat_painting_shows_its_whole_photo_on_top(sample):
    """The handscroll lies in table case T1: its top face carries the whole photo (its four corners at
    the photo's corners), not one pixel of it."""
    photo = Image.new("RGB", (64, 8), (200, 30, 30))
    parts = hall_parts(sample, photo_for=lambda accession: photo if accession == "1951.0203" else None)
    part = next(p for p in parts if p.name == "p32-photo")
    uv = np.asarray(part.mesh.visual.uv)
    top = uv[-4:]
    assert sorted(map(tuple, top)) == [(0, 0), (0, 1), (1, 0), (1, 1)]


def test_a_set_is_drawn_as_its_members_each_its_own_height(sample):
    """The 14 chime bells: the one model (the largest bell's, 0.27 m) scaled to each member, side by side."""
    bell = trimesh.creation.cylinder(radius=0.08, height=0.27)  # glTF axes: y up
    bell.apply_transform(trimesh.transformations.rotation_matrix(-np.pi / 2, [1, 0, 0]))
    parts = [p for p in hall_parts(sample, model_for=lambda a: bell if a == "1972.0008" else None)
             if p.name.startswith("p36-")]
    members = next(p for p in sample.placements if p.id == "p36").object.members
    assert len(parts) == len(members) == 14
    deck = sample.case("F4").deck
    heights = [p.mesh.bounds[1][2] - p.mesh.bounds[0][2] for p in parts]
    assert heights == pytest.approx(list(members), abs=1e-6)
    assert all(p.mesh.bounds[0][2] == pytest.approx(deck) for p in parts)
    centres = [p.mesh.bounds.mean(axis=0)[0] for p in parts]
    assert centres == sorted(centres) and centres[-1] - centres[0] == pytest.approx(2.9 * 13 / 14, abs=1e-6)
    without_model = [p for p in hall_parts(sample) if p.name.startswith("p36-")]
    assert len(without_model) == 14


def test_members_survive_a_round_trip_through_the_format(sample_document):
    from exhibits.layouts.model import layout_to_dict, parse_layout
    again = layout_to_dict(parse_layout(sample_document))
    bells = next(p for p in again["placements"] if p["id"] == "p36")["object"]
    assert len(bells["members"]) == 14 and bells["members"][0] == 0.27


def test_the_plan_draws_a_case_left_outside_the_hall_inside_its_picture(sample_document):
    """W1 dragged 5 m south of the hall (outside the floor's bounds): it is in the SVG's picture, outlined
    as a problem, not cut off."""
    import copy
    import re
    import xml.etree.ElementTree as ET

    from exhibits.layouts import plan
    from exhibits.layouts.checker import check_layout
    from exhibits.layouts.model import parse_layout

    document = copy.deepcopy(sample_document)
    next(c for c in document["cases"] if c["id"] == "W1")["position"] = [7, -5]
    layout = parse_layout(document)
    root = ET.fromstring(plan.render_svg(layout, check_layout(layout)))
    width, height = (float(v) for v in root.get("viewBox").split()[2:])
    w1 = next(e for e in root.iter("{http://www.w3.org/2000/svg}polygon") if e.get("data-id") == "W1")
    points = [tuple(map(float, p.split(","))) for p in re.split(r"\s+", w1.get("points").strip())]
    assert all(0 <= x <= width and 0 <= y <= height for x, y in points)
    assert w1.get("stroke") == plan.PROBLEM
