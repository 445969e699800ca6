"""The layout JSON format: schema validation with paths, ids and references, lossless round trip."""

from __future__ import annotations

import copy
import json

import pytest

from exhibits.layouts.exceptions import InvalidLayout
from exhibits.layouts.model import load_layout_file, parse_layout


def test_sample_hall_has_at_least_30_objects_in_the_three_gorges_gallery(sample):
    assert sample.gallery == "three-gorges"
    assert len(sample.placements) >= 30
    assert len({p.object.accession_number for p in sample.placements}) >= 30
    assert {"1989.0107", "2002.0031", "1951.0203", "2004.0117", "2002.0158"} <= {
        p.object.accession_number for p in sample.placements}


def test_round_trip_keeps_the_document(sample_document):
    layout = parse_layout(copy.deepcopy(sample_document))
    again = parse_layout(layout.to_dict())
    assert again.to_dict() == layout.to_dict()
    assert again.placements[0].object.title == sample_document["placements"][0]["object"]["title"]
    assert len(again.to_dict()["cases"]) == len(sample_document["cases"])


def test_schema_errors_name_every_bad_field(sample_document):
    document = copy.deepcopy(sample_document)
    document["cases"][2]["outer"]["width"] = -1
    del document["placements"][4]["object"]["accession_number"]
    with pytest.raises(InvalidLayout) as raised:
        parse_layout(document, "hall.json")
    paths = {error["path"] for error in raised.value.errors}
    assert "cases/2/outer/width" in paths
    assert "placements/4/object" in paths
    assert str(raised.value).startswith("hall.json: ")


def test_references_and_ids_are_checked(sample_document):
    document = copy.deepcopy(sample_document)
    document["placements"][0]["case"] = "no-such-case"
    document["cases"][1]["id"] = document["cases"][0]["id"]
    document["cases"][3]["inner"]["height"] = 9.0
    with pytest.raises(InvalidLayout) as raised:
        parse_layout(document)
    messages = {error["path"]: error["message"] for error in raised.value.errors}
    assert "unknown case 'no-such-case'" in messages["placements/0/case"]
    assert "duplicate id" in messages["cases/1/id"]
    assert "inner size exceeds" in messages["cases/3/inner"]


def test_a_file_that_is_not_json_is_refused_with_its_name(tmp_path):
    path = tmp_path / "broken.json"
    path.write_bytes(b"\x89PNG\r\n\x1a\n not json")
    with pytest.raises(InvalidLayout) as raised:
        load_layout_file(path)
    assert str(path) in str(raised.value)


def test_non_object_document_is_refused():
    with pytest.raises(InvalidLayout):
        parse_layout(json.loads("[1, 2]"))


def test_the_layout_package_is_framework_free():
    import subprocess
    import sys

    code = ("import sys, exhibits.layouts.checker, exhibits.layouts.plan, exhibits.layouts.preview, "
            "exhibits.layouts.glb; bad = [m for m in sys.modules if m.split('.')[0] in ('flask', 'museum')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0
