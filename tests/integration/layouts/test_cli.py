"""``museum layout import/export/check/render/list`` on a temporary instance, and the sample step."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from museum.catalogue.models import Record
from museum.cli.layouts import layout_group
from museum.extensions import db
from museum.sample import layouts as sample_layouts

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "exhibits" / "layouts" / "samples" / "three-gorges.json"
FAULTY = ROOT / "tests" / "unit" / "layouts" / "data" / "faulty-layout.json"


def run(app, *args):
    with app.app_context():
        return app.test_cli_runner().invoke(layout_group, list(args), catch_exceptions=False)


def test_check_a_file_exits_non_zero_with_every_fault_class(app):
    result = run(app, "check", str(FAULTY))
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert len(report["counts"]) == 9


def test_import_check_export_round_trip_with_catalogue_refresh(app, tmp_path):
    with app.app_context(), db.transaction() as session:
        session.add(Record(accession_number="2002.0031", title={"zh": "鸟形铜尊（目录）"}, material="青铜",
                           height_cm=29.0, width_cm=28.0, depth_cm=16.8, weight_g=4200.0))
    result = run(app, "import", str(SAMPLE), "--note", "first")
    assert result.exit_code == 0, result.output
    assert "version 1" in result.output and "1 refreshed" in result.output
    assert run(app, "check", "three-gorges-2024").exit_code == 0
    out = tmp_path / "out.json"
    assert run(app, "export", "three-gorges-2024", "-o", str(out)).exit_code == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    zun = next(p["object"] for p in exported["placements"] if p["object"]["accession_number"] == "2002.0031")
    assert zun["title"] == {"zh": "鸟形铜尊（目录）"} and zun["weight_kg"] == 4.2
    assert zun["size_source"] == "catalogue"
    assert "version 2" in run(app, "import", str(out)).output
    assert "v2" in run(app, "list").output


def test_invalid_file_is_refused_naming_the_field(app, tmp_path):
    document = json.loads(SAMPLE.read_text(encoding="utf-8"))
    document["cases"][0]["outer"]["height"] = "tall"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    result = run(app, "import", str(bad))
    assert result.exit_code == 1
    assert "  cases/0/outer/height: " in result.output
    assert result.output.splitlines()[-1].startswith("error: ")
    with app.app_context():
        assert run(app, "list").output == ""


def test_render_writes_plan_view_and_glb(app, tmp_path):
    paths = {name: tmp_path / name for name in ("plan.svg", "plan.png", "view.png", "hall.glb")}
    result = run(app, "render", str(SAMPLE), "--plan", str(paths["plan.svg"]),
                 "--view", str(paths["view.png"]), "--size", "160x90", "--camera", "21,6,1.6,90",
                 "--glb", str(paths["hall.glb"]))
    assert result.exit_code == 0, result.output
    assert run(app, "render", str(SAMPLE), "--plan", str(paths["plan.png"])).exit_code == 0
    assert paths["plan.svg"].read_text(encoding="utf-8").startswith("<svg")
    assert paths["plan.png"].read_bytes()[:8] == paths["view.png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert paths["hall.glb"].read_bytes()[:4] == b"glTF"


@pytest.mark.parametrize("args,message", [
    (["--camera", "1,2"], "error: camera '1,2': expected x,y,z,yaw"),
    (["--size", "12x9"], "error: size '12x9': expected WIDTHxHEIGHT"),  # the API's reading of sizes
    (["--plan", "x.pdf"], "x.pdf: the plan is written as .svg or .png"),
])
def test_render_refuses_bad_options(app, tmp_path, args, message):
    result = run(app, "render", str(SAMPLE), *[a if a != "x.pdf" else str(tmp_path / a) for a in args],
                 *([] if "--plan" in args else ["--view", str(tmp_path / "v.png")]))
    assert result.exit_code == 1
    assert message in result.output and len(result.output.splitlines()) == 1


def test_sample_step_stores_the_hall_once(app):
    messages = []
    with app.app_context():
        sample_layouts.load(app, messages.append)
        sample_layouts.load(app, messages.append)
    assert "0 problem(s)" in messages[0] and messages[1].endswith("unchanged")
