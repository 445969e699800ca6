"""The checker finds every fault class in the faulty hall, none in the sample, and reacts to each change."""

from __future__ import annotations

import copy

import pytest

from exhibits.layouts.checker import FAULT_CLASSES, check_layout
from exhibits.layouts.conservation import light_limit
from exhibits.layouts.model import parse_layout

EXPECTED_SUBJECTS = {
    "outside_hall": {"sticks-out"},
    "cases_overlap": {"overlap-a", "overlap-b"},
    "object_does_not_fit": {"too-wide", "barrier-south"},
    "objects_overlap": {"crowd-1", "crowd-2"},
    "aisle_too_narrow": {"west", "east"},
    "door_blocked": {"north", "blocks-door"},
    "case_overloaded": {"weak"},
    "light_too_bright": {"bright-paper"},
    "unknown_size": {"no-size"},
}


def test_faulty_layout_shows_every_fault_class_once(faulty):
    report = check_layout(faulty)
    assert report["ok"] is False
    assert set(report["counts"]) == set(FAULT_CLASSES)
    for problem in report["problems"]:
        assert set(problem["subjects"]) == EXPECTED_SUBJECTS[problem["code"]], problem
        assert problem["message"]
    assert all(count == 1 for count in report["counts"].values())


def test_sample_hall_has_no_problem(sample):
    report = check_layout(sample)
    assert report["problems"] == []
    assert report["ok"] is True
    assert report["checked"]["placements"] == len(sample.placements)


def test_the_narrow_aisle_is_located_between_the_barriers(faulty):
    problem = next(p for p in check_layout(faulty)["problems"] if p["code"] == "aisle_too_narrow")
    x, y = problem["location"]
    assert 5.4 < x < 6.6 and 3.3 < y < 4.5


def _with(document: dict, change) -> dict:
    document = copy.deepcopy(document)
    change(document)
    return check_layout(parse_layout(document))["counts"]


def test_widening_the_aisle_clears_the_aisle_fault(faulty_document):
    def widen(doc):
        barrier = next(c for c in doc["cases"] if c["id"] == "barrier-north")
        barrier["position"] = [6, 6.6]
        barrier["outer"]["depth"] = 2.8
        barrier["inner"]["depth"] = 2.6
    counts = _with(faulty_document, widen)
    assert "aisle_too_narrow" not in counts
    assert counts.get("door_blocked") == 1


def test_moving_a_case_in_front_of_the_entrance_blocks_it(sample_document):
    def block(doc):
        doc["cases"][0]["position"] = [1.0, 9.0]
        doc["cases"][0]["rotation"] = 90
    counts = _with(sample_document, block)
    assert counts.get("door_blocked") == 1


def test_rotating_a_long_case_makes_objects_stick_out(sample_document):
    def turn(doc):
        next(p for p in doc["placements"] if p["case"] == "T1")["rotation"] = 20
    assert _with(sample_document, turn).get("object_does_not_fit") == 1


def test_object_taller_than_the_case_does_not_fit(sample_document):
    def grow(doc):
        doc["placements"][0]["object"]["size"]["height"] = 1.99
    assert _with(sample_document, grow).get("object_does_not_fit") == 1


def test_que_taller_than_the_ceiling_does_not_fit(sample_document):
    def lower(doc):
        doc["hall"]["ceiling_height"] = 5.0
    assert _with(sample_document, lower).get("object_does_not_fit") == 1


def test_light_area_over_a_textile_is_too_bright(sample_document):
    def spotlight(doc):
        case = next(c for c in doc["cases"] if c["id"] == "W4")
        del case["lux"]
        doc["lights"].append({"id": "spot", "area": [[20, 0], [26, 0], [26, 2], [20, 2]], "lux": 120})
    assert _with(sample_document, spotlight).get("light_too_bright") == 2


@pytest.mark.parametrize(("material", "limit"), [
    ("纸本水墨", 50), ("silk embroidery", 50), ("漆木", 150), ("bone", 150), ("青铜", 300),
    ("porcelain", 300), (None, 150), ("铁 丝 织物", 50)])
def test_light_limits_by_material(material, limit):
    assert light_limit(material)[0] == limit
