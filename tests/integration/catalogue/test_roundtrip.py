"""export → import into an empty instance → export gives identical files, in every format."""

from __future__ import annotations

import pytest

from tests.integration.catalogue.conftest import MuseumCLI


@pytest.fixture(scope="module")
def sample_instance(tmp_path_factory):
    cli = MuseumCLI(tmp_path_factory.mktemp("sample") / "instance")
    cli("init")
    cli("load-sample")
    return cli


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_round_trip(sample_instance, tmp_path, fmt):
    first = sample_instance.export(fmt, tmp_path / f"first.{fmt}")
    empty = MuseumCLI(tmp_path / "empty")
    empty("init")
    empty("import", tmp_path / f"first.{fmt}")
    second = empty.export(fmt, tmp_path / f"second.{fmt}")
    assert first == second
    assert len(first) > 10_000


def test_round_trip_keeps_gallery_names_in_json(sample_instance, tmp_path):
    import json

    sample_instance.export("json", tmp_path / "a.json")
    empty = MuseumCLI(tmp_path / "empty")
    empty("init")
    empty("import", tmp_path / "a.json")
    galleries = json.loads(empty.export("json", tmp_path / "b.json"))["galleries"]
    assert {g["slug"]: g["name"]["zh"] for g in galleries}["three-gorges"] == "壮丽三峡"


def test_sample_catalogue_meets_its_brief(sample_instance, tmp_path):
    import json

    data = json.loads(sample_instance.export("json", tmp_path / "s.json"))
    records = data["records"]
    assert len(records) >= 150
    assert len({r["gallery"] for r in records}) == 10
    assert all(r["title"].get("zh") and r["title"].get("en") for r in records)
    assert all(r["description"].get("zh") and r["description"].get("en") for r in records)
    six = [r for r in records if all(r["title"].get(lang) for lang in ("zh-Hant", "ja", "ko", "fr"))]
    assert len(six) >= 30
    chunyu = next(r for r in records if r["accession_number"] == "1989.0107")
    assert (chunyu["height_cm"], chunyu["diameter_cm"], chunyu["weight_g"]) == (68, 36, 30000)
