"""``museum image add/import/list/remove`` on a temporary instance, and the sample images step."""

from __future__ import annotations

from pathlib import Path

import pytest
from iiif_prezi3 import Collection, Manifest
from PIL import Image
from sqlalchemy import func, select

from museum.catalogue.images import ObjectImage
from museum.catalogue.models import Record
from museum.cli.images import image_group, match_name
from museum.extensions import db


def run(app, *args):
    with app.app_context():
        return app.test_cli_runner().invoke(image_group, list(args))


def rows(app) -> list[tuple[str, int, dict]]:
    with app.app_context():
        return [(i.identifier, i.position, i.caption) for i in db.session.scalars(
            select(ObjectImage).order_by(ObjectImage.identifier))]


@pytest.fixture
def catalogue(app):
    with app.app_context(), db.transaction() as session:
        session.add_all([Record(accession_number="2002.0031", title={"zh": "鸟形铜尊"}),
                         Record(accession_number="1951.0203", title={"zh": "夜宴图"})])
    return app


def picture(path: Path, colour=(120, 80, 40), size=(64, 48)) -> Path:
    Image.new("RGB", size, colour).save(path)
    return path


def test_add_with_captions_then_again_is_idempotent(catalogue, tmp_path):
    front, back = picture(tmp_path / "front.png"), picture(tmp_path / "back.jpg", (10, 20, 200))
    result = run(catalogue, "add", "2002.0031", str(front), str(back), "--caption-zh", "正面",
                 "--caption-en", "Front", "--caption", "fr=Face")
    assert result.exit_code == 0, result.output
    assert rows(catalogue) == [("2002.0031-1", 1, {"zh": "正面", "en": "Front", "fr": "Face"}),
                               ("2002.0031-2", 2, {"zh": "正面", "en": "Front", "fr": "Face"})]
    again = run(catalogue, "add", "2002.0031", str(front))
    assert again.exit_code == 0 and "already attached" in again.output
    assert len(rows(catalogue)) == 2
    listing = run(catalogue, "list", "2002.0031")
    assert "2002.0031-2\t64×48\t正面" in listing.output


def test_bad_files_are_refused_by_name_and_the_good_ones_kept(catalogue, tmp_path):
    good = picture(tmp_path / "good.png")
    fake = tmp_path / "fake.jpg"
    fake.write_bytes(b"GIF89a" + bytes(100))
    result = run(catalogue, "add", "2002.0031", str(fake), str(good))
    assert result.exit_code != 0
    assert "fake.jpg: GIF is not an accepted image" in result.output
    assert [r[0] for r in rows(catalogue)] == ["2002.0031-1"]
    missing = run(catalogue, "add", "1900.0001", str(good))
    assert missing.exit_code != 0 and "no record with accession number 1900.0001" in missing.output


def test_import_matches_names_skips_done_files_and_reports_the_rest(catalogue, tmp_path):
    folder = tmp_path / "incoming"
    folder.mkdir()
    picture(folder / "2002.0031-2.tif")
    picture(folder / "2002.0031-1.jpg", (0, 200, 0))
    picture(folder / "1951.0203.png", (200, 0, 0), size=(400, 20))
    picture(folder / "1999.0001-1.png")
    (folder / "2002.0031-3.tif").write_bytes(b"II*\x00" + bytes(50))  # a TIFF header and nothing else
    result = run(catalogue, "import", str(folder))
    assert result.exit_code != 0
    assert "2 added" not in result.output
    assert "3 added, 0 already attached, 1 refused, 1 unmatched" in result.output
    assert "no record matches 1999.0001-1.png" in result.output and "2002.0031-3.tif" in result.output
    assert [r[:2] for r in rows(catalogue)] == [("1951.0203-1", 1), ("2002.0031-1", 1), ("2002.0031-2", 2)]
    (folder / "2002.0031-3.tif").unlink()
    resumed = run(catalogue, "import", str(folder))
    assert resumed.exit_code == 0 and "0 added, 3 already attached, 0 refused, 1 unmatched" in resumed.output


def test_remove_deletes_row_and_pyramid(catalogue, tmp_path):
    run(catalogue, "add", "2002.0031", str(picture(tmp_path / "a.png")))
    pyramid = Path(catalogue.config["MEDIA_ROOT"]) / "images" / "pyramids" / "2002.0031-1.tif"
    assert pyramid.exists()
    assert run(catalogue, "remove", "2002.0031-1").exit_code == 0
    assert rows(catalogue) == [] and not pyramid.exists()
    assert run(catalogue, "remove", "2002.0031-1").exit_code != 0


@pytest.mark.parametrize("name,expected", [
    ("2002.0031-2.tif", ("2002.0031", 2)), ("2002.0031.jpg", ("2002.0031", None)),
    ("2002.0031-12.webp", ("2002.0031", 12)), ("2002.0032-1.tif", None),
    ("A-7-3.png", ("A-7", 3)), ("A-7.png", ("A-7", None)),
])
def test_file_names_to_accession_numbers(name, expected):
    assert match_name(Path(name), {"2002.0031", "A-7"}) == expected


def test_sample_step_draws_and_attaches_images_once(app):
    from museum.sample import images as sample_images
    from museum.sample import records as sample_records

    messages = []
    with app.app_context():
        sample_records.load(app, messages.append)
        sample_images.load(app, messages.append)
        sample_images.load(app, messages.append)
        scroll = db.session.scalar(select(ObjectImage).where(ObjectImage.identifier == "1951.0203-1"))
        assert scroll.width > 15 * scroll.height > 0  # a handscroll: 547.8 cm by 30.8 cm
        record = db.session.scalar(select(Record).where(Record.accession_number == "1989.0107"))
        assert [i.caption["en"] for i in db.session.scalars(select(ObjectImage).where(
            ObjectImage.record_id == record.id).order_by(ObjectImage.position))][0].startswith("Front")
        plausible = db.session.scalar(select(Record).where(Record.accession_number == "S2007.0705"))
        coin = db.session.scalars(select(ObjectImage).where(ObjectImage.record_id == plausible.id)).one()
        assert coin.caption["en"] == "Seen from above (illustration)"
        assert coin.is_sample and coin.width == coin.height
        pictured = db.session.scalar(select(func.count(func.distinct(ObjectImage.record_id))))
        assert pictured == db.session.scalar(select(func.count()).select_from(Record)) == 154  # every record
    assert messages[-2] == "sample images: 155 added, 0 already present"  # 15 of the real objects, 140 more
    assert messages[-1] == "sample images: 0 added, 155 already present"
    client = app.test_client()
    for accession in ("1989.0107", "1951.0203", "1963.0088"):
        manifest = client.get(f"/iiif/manifests/{accession}.json").get_json()
        Manifest(**manifest)
        assert manifest["items"] and manifest["rights"] == "http://creativecommons.org/licenses/by-nc/4.0/"
    collection = client.get("/iiif/collections/calligraphy-painting.json").get_json()
    Collection(**collection)
    assert any(item["id"].endswith("/1951.0203.json") and item.get("thumbnail")
               for item in collection["items"])


def test_sample_step_redraws_its_own_changed_pictures_only(app, monkeypatch):
    """A drawing changed since the sample was loaded replaces the sample's older picture in place; a
    curator's image at that position is never touched (the new drawing goes after it)."""
    from museum.sample import images as sample_images
    from museum.sample import records as sample_records

    everything = list(sample_images._pictures())
    chosen = [item for item in everything if item[0] in ("S2007.0705", "S2007.0701")]
    monkeypatch.setattr(sample_images, "_pictures", lambda: iter(chosen))
    messages = []
    with app.app_context():
        sample_records.load(app, messages.append)
        sample_images.load(app, messages.append)
        with db.transaction() as session:  # as if drawn by an older version; the other one a curator's
            older = {i.identifier: i for i in session.scalars(select(ObjectImage))}
            older["S2007.0705-1"].source_sha256 = "0" * 64
            older["S2007.0701-1"].source_sha256, older["S2007.0701-1"].is_sample = "1" * 64, False
        sample_images.load(app, messages.append)
        rows = {(i.identifier, i.source_sha256[:1]) for i in db.session.scalars(select(ObjectImage))}
    assert messages[-2:] == ["sample images: 2 added, 0 already present",
                             "sample images: 2 added, 0 already present, 1 redrawn"]
    assert ("S2007.0705-1", "0") not in rows and len(rows) == 3
    assert ("S2007.0701-1", "1") in rows and any(name == "S2007.0701-2" for name, _ in rows)
    media = Path(app.config["MEDIA_ROOT"]) / "images" / "pyramids"
    assert (media / "S2007.0705-1.tif").exists() and (media / "S2007.0701-2.tif").exists()
