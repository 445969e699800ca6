"""The shell's object sources for renders: 3D models through the 3D feature, photos through the images
feature, and object facts refreshed from the catalogue."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path

import numpy as np
import pytest
import trimesh
from PIL import Image

from exhibits.layouts import preview
from exhibits.layouts.model import parse_layout
from exhibits.layouts.scene import hall_parts
from museum.catalogue import images, models3d
from museum.catalogue import layouts as store
from museum.catalogue.models import Record
from museum.extensions import db
from museum.media import storage

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = json.loads((ROOT / "exhibits/layouts/samples/three-gorges.json").read_text(encoding="utf-8"))


@pytest.fixture
def media(app):
    """The chunyu and the bird zun in the catalogue."""
    with app.app_context(), db.transaction() as session:
        session.add_all([
            Record(accession_number="1989.0107", title={"zh": "战国铜虎钮錞于"}, material="青铜",
                   height_cm=68.0, diameter_cm=36.0, weight_g=30000.0),
            Record(accession_number="2002.0031", title={"zh": "鸟形铜尊"}, material="青铜",
                   height_cm=29.0, width_cm=28.0, depth_cm=16.8),
            Record(accession_number="1977.0012", title={"zh": "三羊铜尊"}, material="青铜", height_cm=43.8)])
    return app


@pytest.fixture
def with_model(media, tmp_path):
    """A small 3D model of the zun (a cone 0.40 m wide, 0.438 m high), added through the 3D feature."""
    cone = trimesh.creation.cone(radius=0.2, height=0.438, sections=48)
    cone.apply_transform(trimesh.transformations.rotation_matrix(-np.pi / 2, [1, 0, 0]))  # +Y up
    model_file = tmp_path / "zun.glb"
    model_file.write_bytes(cone.export(file_type="glb"))
    with media.app_context(), db.transaction() as session:
        models3d.MODELS.add(session, "1977.0012", model_file, storage())
    return media


@pytest.fixture
def with_photo(media, tmp_path):
    """A cyan photo of the bird zun, added through the images feature."""
    photo_file = tmp_path / "zun.png"
    Image.new("RGB", (300, 200), (0, 200, 230)).save(photo_file)
    with media.app_context(), db.transaction() as session:
        images.IMAGES.add(session, "2002.0031", photo_file, storage())
    return media


def test_model_source_loads_the_lightest_derivative_and_gives_the_size(with_model):
    with with_model.app_context():
        model_for = store.model_source(db.session, with_model.config, storage())
        scene = model_for("1977.0012")
        assert scene is not None and model_for("2002.0031") is None
        extents = scene.extents
        assert extents[1] == pytest.approx(0.438, rel=0.05) and extents[0] == pytest.approx(0.40, rel=0.05)
        layout = parse_layout(copy.deepcopy(SAMPLE))
        names = [p.name for p in hall_parts(layout, model_for)]
        zun = next(p.id for p in layout.placements if p.object.accession_number == "1977.0012")
        assert any(name.startswith(f"{zun}-model") for name in names)
        assert not any(name.startswith(f"{zun}-box") for name in names)
        document, refreshed = store.refresh_from_catalogue(db.session, copy.deepcopy(SAMPLE))
    assert refreshed == 3
    facts = next(p["object"] for p in document["placements"]
                 if p["object"]["accession_number"] == "1977.0012")
    assert facts["size_source"] == "model" and "diameter" not in facts
    assert facts["size"]["height"] == pytest.approx(0.438, rel=0.02)
    assert facts["size"]["width"] == pytest.approx(0.40, rel=0.02)


def test_photo_source_gives_the_records_first_image_for_its_box(with_photo):
    with with_photo.app_context():
        photo_for = store.photo_source(db.session, storage())
        photo = photo_for("2002.0031")
        assert photo is not None and photo.getpixel((10, 10)) == (0, 200, 230)
        assert photo_for("1989.0107") is None
        layout = parse_layout(copy.deepcopy(SAMPLE))
        data = preview.render_preview(layout, preview.Camera(14.0, 9.6, 1.3, 90.0), (160, 90),
                                      photo_for=photo_for, supersample=1)
    image = np.asarray(Image.open(io.BytesIO(data)).convert("RGB")).astype(int)
    cyan = (image[..., 0] < 80) & (image[..., 1] > 120) & (image[..., 2] > 140)
    assert cyan.mean() > 0.01


def test_refresh_takes_sizes_and_weights_from_the_catalogue(media):
    with media.app_context():
        document, refreshed = store.refresh_from_catalogue(db.session, copy.deepcopy(SAMPLE))
    assert refreshed == 3
    chunyu = next(p["object"] for p in document["placements"]
                  if p["object"]["accession_number"] == "1989.0107")
    assert chunyu["size"] == {"width": 0.36, "depth": 0.36, "height": 0.68} and chunyu["diameter"] == 0.36
    assert chunyu["weight_kg"] == 30.0 and chunyu["size_source"] == "catalogue"
