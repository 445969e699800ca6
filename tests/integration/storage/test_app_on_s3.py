"""The whole service with its media in S3 (MEDIA_URL=s3://..., S3_ENDPOINT_URL on the SeaweedFS server): an
image and a 3D model are ingested through their features, then IIIF info.json, a tile and a GLB with a Range
request are answered by the app; the bytes are in the bucket, not in the instance folder."""

from __future__ import annotations

import io
from pathlib import Path

import boto3
import numpy as np
import pytest
import trimesh
from PIL import Image

from assets.s3storage import S3Storage
from museum import create_app
from museum.catalogue import models3d
from museum.catalogue.images import IMAGES
from museum.catalogue.models import Record
from museum.catalogue.schema import create_schema
from museum.extensions import db
from museum.media import storage
from tests.settings import TEST_SETTINGS


@pytest.fixture
def s3_app(s3_endpoint, s3_url, tmp_path):
    app = create_app({**TEST_SETTINGS, "INSTANCE_PATH": str(tmp_path / "instance"), "SECRET_KEY": "test",
                      "MEDIA_URL": s3_url, "S3_ENDPOINT_URL": s3_endpoint})
    with app.app_context():
        create_schema(db)
        with db.transaction() as session:
            session.add_all([Record(accession_number="2002.0031", title={"zh": "鸟形铜尊"}, published=True),
                             Record(accession_number="1977.0012", title={"zh": "三羊铜尊"}, published=True)])
    yield app
    with app.app_context():
        db.dispose()


def test_images_and_models_in_s3_are_served_with_tiles_and_ranges(s3_app, s3_url, s3_endpoint, tmp_path):
    photo = tmp_path / "zun.png"
    Image.new("RGB", (600, 400), (0, 200, 230)).save(photo)
    cone = trimesh.creation.cone(radius=0.2, height=0.438, sections=48)
    cone.apply_transform(trimesh.transformations.rotation_matrix(-np.pi / 2, [1, 0, 0]))
    model = tmp_path / "zun.glb"
    model.write_bytes(cone.export(file_type="glb"))
    with s3_app.app_context():
        assert isinstance(storage(), S3Storage)
        with db.transaction() as session:
            IMAGES.add(session, "2002.0031", photo, storage())
            models3d.MODELS.add(session, "1977.0012", model, storage())
        glb = next(f.name for m in models3d.MODELS.list(db.session, "1977.0012") for f in m.files
                   if f.kind == "web" and f.name.endswith(".glb"))

    bucket, prefix = s3_url.removeprefix("s3://").split("/", 1)
    objects = [item["Key"] for item in boto3.client("s3", endpoint_url=s3_endpoint).list_objects_v2(
        Bucket=bucket, Prefix=prefix + "/").get("Contents", [])]
    assert any("/images/pyramids/" in name for name in objects) and f"{prefix}/models/{glb}" in objects
    media_root = s3_app.config["MEDIA_ROOT"]  # the local folder holds no media, only the working folders
    assert all(part.startswith(".") for part in (p.relative_to(media_root).parts[0]
                                                 for p in Path(media_root).rglob("*")))

    client = s3_app.test_client()
    info = client.get("/iiif/3/2002.0031-1/info.json")
    assert info.status_code == 200 and (info.get_json()["width"], info.get_json()["height"]) == (600, 400)
    tile = client.get("/iiif/3/2002.0031-1/0,0,256,256/256,/0/default.jpg")
    assert tile.status_code == 200 and tile.mimetype == "image/jpeg"
    assert Image.open(io.BytesIO(tile.data)).size == (256, 256)
    assert Image.open(io.BytesIO(tile.data)).getpixel((128, 128)) == pytest.approx((0, 200, 230), abs=6)

    whole = client.get(f"/api/v1/models/files/{glb}")
    assert whole.status_code == 200 and whole.data[:4] == b"glTF"
    assert "immutable" in whole.headers["Cache-Control"]
    part = client.get(f"/api/v1/models/files/{glb}", headers={"Range": "bytes=4-11"})
    assert part.status_code == 206 and part.data == whole.data[4:12]
    assert part.headers["Content-Range"] == f"bytes 4-11/{len(whole.data)}"
    tail = client.get(f"/api/v1/models/files/{glb}", headers={"Range": "bytes=-16"})
    assert tail.status_code == 206 and tail.data == whole.data[-16:]
    assert client.get(f"/api/v1/models/files/{glb}",
                      headers={"If-None-Match": whole.headers["ETag"]}).status_code == 304


def test_a_store_that_refuses_is_a_503_naming_the_bucket(s3_app, s3_endpoint, tmp_path):
    photo = tmp_path / "zun.png"
    Image.new("RGB", (300, 200), (0, 200, 230)).save(photo)
    with s3_app.app_context(), db.transaction() as session:
        IMAGES.add(session, "2002.0031", photo, storage())
    s3_app.extensions["media_storage"] = S3Storage("no-such-bucket", "media", endpoint_url=s3_endpoint,
                                                   work_dir=tmp_path / "work")
    answer = s3_app.test_client().get("/iiif/3/2002.0031-1/full/100,/0/default.jpg")
    assert answer.status_code == 503 and answer.get_json()["error"]["code"] == "storage_unavailable"
    assert "no-such-bucket" in answer.get_json()["error"]["message"]
