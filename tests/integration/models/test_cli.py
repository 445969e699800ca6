"""``museum model3d add/list/hotspot``; refusals reach the user by name; has_3d for search."""

from __future__ import annotations

from pathlib import Path

from museum.catalogue import models3d as store
from museum.cli.models3d import model3d_group
from museum.extensions import db


def museum(app, runner, *args):
    """``museum model3d ARGS`` in an app context, as the ``museum`` command runs it."""
    with app.app_context():
        return runner.invoke(model3d_group, [str(a) for a in args])


def test_add_with_units_and_up_then_list(app, runner, records, chunyu_zip_mm):
    result = museum(app, runner, "add", "1989.0107", chunyu_zip_mm, "--units", "mm", "--up", "z")
    assert result.exit_code == 0, result.output
    assert "box 36 × 68 × 36 cm" in result.output and "matches the catalogue" in result.output
    assert "validator 0 errors" in result.output
    again = museum(app, runner, "add", "1989.0107", chunyu_zip_mm, "--units", "mm", "--up", "z")
    assert again.exit_code == 0 and "skipped" in again.output
    listed = museum(app, runner, "list", "1989.0107")
    assert "chunyu.zip (zip/obj, mm, up z)" in listed.output and "MISMATCH" not in listed.output
    with app.app_context():
        assert store.records_with_3d(db.session, records) == {"1989.0107"}


def test_wrong_units_are_flagged_with_the_likely_fix(app, runner, records, chunyu_zip_mm):
    result = museum(app, runner, "add", "1989.0107", chunyu_zip_mm, "--up", "z")
    assert result.exit_code == 0, result.output
    assert "WARNING dimension mismatch" in result.output and "--units mm" in result.output
    listed = museum(app, runner, "list", "1989.0107")
    assert "MISMATCH" in listed.output


def test_refusals_name_the_file_and_store_nothing(app, runner, records, tmp_path):
    bad = tmp_path / "broken.obj"
    bad.write_text("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 4\n")
    result = museum(app, runner, "add", "1989.0107", bad)
    assert result.exit_code != 0 and "broken.obj" in result.output and "out of range" in result.output
    missing = museum(app, runner, "add", "0000.0000", bad)
    assert missing.exit_code != 0 and "no record with accession number '0000.0000'" in missing.output
    with app.app_context():
        assert store.records_with_3d(db.session, records) == set()
    store_folder = Path(app.config["MEDIA_ROOT"]) / "models"
    assert [p for p in store_folder.glob("**/*") if p.is_file()] == []


def test_hotspot_command(app, runner, chunyu_model):
    ok = museum(app, runner, "hotspot", str(chunyu_model), "0", "0.6", "0", "--label", "en=Knob",
                             "--label", "zh=钮")
    assert ok.exit_code == 0, ok.output
    outside = museum(app, runner, "hotspot", str(chunyu_model), "0", "9", "0", "--label", "en=Sky")
    assert outside.exit_code != 0 and "outside" in outside.output
    with app.app_context():
        [hotspot] = db.session.get(store.ObjectModel, chunyu_model).hotspots
        assert hotspot["label"] == {"en": "Knob", "zh": "钮"}


def test_remove_deletes_the_rows_and_the_files(app, runner, chunyu_model):
    store_folder = Path(app.config["MEDIA_ROOT"]) / "models"
    with app.app_context():
        names = {f.name for f in db.session.get(store.ObjectModel, chunyu_model).files}
    assert {p.name for p in store_folder.iterdir() if p.is_file()} == names  # source, GLBs, poster, turntable
    removed = museum(app, runner, "remove", chunyu_model)
    assert removed.exit_code == 0 and f"removed model {chunyu_model}" in removed.output
    assert [p for p in store_folder.iterdir() if p.is_file()] == []
    assert "no 3D model" in museum(app, runner, "list", "1989.0107").output
    again = museum(app, runner, "remove", chunyu_model)
    assert again.exit_code != 0 and f"no 3D model {chunyu_model}" in again.output
