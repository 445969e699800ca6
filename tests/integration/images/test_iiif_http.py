"""HTTP behaviour of the image routes: headers, caching, errors, publication."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.integration.images.conftest import GRID_ACCESSION

BASE = f"/iiif/3/{GRID_ACCESSION}-1"


def test_info_json(iiif_client):
    response = iiif_client.get(f"{BASE}/info.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    info = response.get_json()
    assert info["id"] == f"http://localhost{BASE}" and (info["width"], info["height"]) == (1000, 1000)
    assert info["rights"] == "http://creativecommons.org/publicdomain/zero/1.0/"
    assert info["tiles"][0]["scaleFactors"][:3] == [1, 2, 4]
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert 'rel="profile"' in response.headers["Link"]
    ld = iiif_client.get(f"{BASE}/info.json", headers={"Accept": "application/ld+json"})
    assert ld.mimetype == "application/ld+json" and "image/3/context.json" in ld.headers["Content-Type"]


def test_base_uri_redirects_to_info(iiif_client):
    response = iiif_client.get(BASE)
    assert response.status_code == 303 and response.headers["Location"].endswith(f"{BASE}/info.json")


def test_image_has_canonical_link_and_cache_headers(iiif_client):
    response = iiif_client.get(f"{BASE}/pct:50,50,50,50/!100,100/0/default.jpg")
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    assert Image.open(io.BytesIO(response.data)).size == (100, 100)
    assert f'{BASE}/500,500,500,500/100,100/0/default.jpg>;rel="canonical"' in response.headers["Link"]
    assert response.headers["ETag"] and response.headers["Last-Modified"]
    assert "max-age" in response.headers["Cache-Control"]


def test_etag_and_last_modified_give_304(iiif_client):
    url = f"{BASE}/full/200,/0/default.png"
    first = iiif_client.get(url)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert iiif_client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert iiif_client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    assert iiif_client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    other = iiif_client.get(f"{BASE}/full/201,/0/default.png")
    assert other.headers["ETag"] != etag
    assert iiif_client.get(f"{BASE}/info.json", headers={"If-None-Match": etag}).status_code == 200


@pytest.mark.parametrize("path,status", [
    ("full/max/0/default.gif", 501),
    ("full/max/0/default.xyz", 400),
    ("nonsense/max/0/default.jpg", 400),
    ("full/2000,/0/default.jpg", 400),
    ("full/max/400/default.jpg", 400),
    ("full/max/0/sepia.jpg", 400),
])
def test_errors_have_spec_statuses_json_bodies_and_cors(iiif_client, path, status):
    response = iiif_client.get(f"{BASE}/{path}")
    assert response.status_code == status
    assert response.get_json()["error"]["message"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_unknown_and_unpublished_images_are_404(iiif_client):
    assert iiif_client.get("/iiif/3/nope-1/info.json").status_code == 404
    assert iiif_client.get("/iiif/3/nope-1/full/max/0/default.jpg").status_code == 404
    assert iiif_client.get("/iiif/3/2099.0002-1/info.json").status_code == 404  # record not published


def test_images_for_gives_srcset_and_caption(iiif_app):
    from museum.catalogue.models import Record
    from museum.extensions import db
    from museum.object_images import images_for

    with iiif_app.test_request_context("/en/"):
        record = db.session.query(Record).filter_by(accession_number=GRID_ACCESSION).one()
        [image] = images_for(record, "en")
    assert image["caption"] == image["caption_html"] == "Grid"
    assert image["info_url"].endswith(f"{BASE}/info.json")
    assert "full/200,/0/default.jpg 200w" in image["srcset"] and "1000w" in image["srcset"]
