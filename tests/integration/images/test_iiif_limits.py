"""Issue 13, item 2: what an IIIF image request may cost is checked before the pyramid is even opened;
over a limit is a 400 whose JSON names the parameter and the limit; every spelling of one request shares
one render and one ETag.

The fast tests lower the limits so that the 1,000 × 1,000 validator grid trips them; the slow one puts
the issue's own URLs to a 20,000 × 15,000 image with the default limits."""

from __future__ import annotations

import io

import pytest
import pyvips
from PIL import Image

from assets.images import cost
from assets.images.iiif_request import ImageRequest
from assets.images.render import Pyramid
from museum.iiif import images as iiif_images
from tests.integration.images.conftest import GRID_ACCESSION
from tests.settings import TEST_SETTINGS

BASE = f"/iiif/3/{GRID_ACCESSION}-1"


@pytest.fixture
def opened(monkeypatch):
    """The paths of the pyramids the IIIF routes open during the test (they are still opened for real)."""
    calls = []
    real = iiif_images.PYRAMIDS.get
    monkeypatch.setattr(iiif_images.PYRAMIDS, "get", lambda path, *a: calls.append(path) or real(path, *a))
    return calls


def _estimate(path: str, width: int = 1000, height: int = 1000) -> float:
    plan = ImageRequest.parse(*path.split("/")).resolve(width, height)
    return cost.estimate(plan, cost.pyramid_sizes(width, height)).seconds


@pytest.fixture
def tight(iiif_app, monkeypatch):
    """Limits lowered for the 1,000 × 1,000 grid; the time limit lies between a jpg and a tif of 300 px."""
    seconds = (_estimate("full/300,/0/default.jpg") + _estimate("full/300,/0/default.tif")) / 2
    for key, value in {"IIIF_MAX_AREA": 250_000, "IIIF_MAX_ROTATED_AREA": 40_000,
                       "IIIF_MAX_DECODED_PIXELS": 600_000, "IIIF_MAX_SECONDS": seconds}.items():
        monkeypatch.setitem(iiif_app.config, key, value)


@pytest.mark.parametrize("path,parameter,words", [
    ("full/max/45/default.webp", "rotation", ["rotation '45'", "708 × 708", "40,000 px"]),
    ("full/^200,/33/default.tif", "rotation", ["rotation '33'", "40,000 px"]),
    ("full/1000,1/0/default.jpg", "region", ["region 'full'", "1,000,000 source pixels", "600,000"]),
    ("0,0,2,2/^600,600/0/default.png", "size", ["size '^600,600'", "360,000", "250,000"]),
    ("full/300,/0/default.tif", "format", ["format 'tif'", "300 × 300"]),
])
def test_requests_over_a_limit_are_400_before_the_pyramid_is_opened(iiif_client, tight, opened, path,
                                                                    parameter, words):
    response = iiif_client.get(f"{BASE}/{path}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "over_limit"
    assert error["message"].startswith(parameter) or f" {parameter} " in error["message"]
    for word in words:
        assert word in error["message"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert opened == []  # nothing was opened, so nothing was decoded


def test_requests_within_the_limits_are_served(iiif_client, tight, opened):
    response = iiif_client.get(f"{BASE}/full/300,/0/default.jpg")
    assert response.status_code == 200 and Image.open(io.BytesIO(response.data)).size == (300, 300)
    rotated = iiif_client.get(f"{BASE}/full/140,/45/default.png")  # 198 × 198: under 40,000 px
    assert rotated.status_code == 200
    assert Image.open(io.BytesIO(rotated.data)).size == cost.canvas_size(140, 140, 45) == (198, 198)
    info = iiif_client.get(f"{BASE}/info.json").get_json()
    assert info["maxArea"] == 250_000 and "rotationArbitrary" in info["extraFeatures"]
    assert len(opened) == 3


def test_every_spelling_of_one_request_shares_one_render_and_one_etag(iiif_client, monkeypatch):
    renders = []
    real_render = Pyramid.render
    monkeypatch.setattr(Pyramid, "render", lambda self, plan: renders.append(plan) or real_render(self, plan))
    spellings = ["full/321,/0/default.png", "0,0,1000,1000/321,321/360/color.png",
                 "pct:0,0,100,100/!321,321/0.0/default.png", "square/321,/0/color.png"]
    responses = [iiif_client.get(f"{BASE}/{path}") for path in spellings]
    assert [r.status_code for r in responses] == [200] * 4
    assert len({r.headers["ETag"] for r in responses}) == 1 and len(renders) == 1
    assert all(f'{BASE}/full/321,321/0/default.png>;rel="canonical"' in r.headers["Link"] for r in responses)
    assert iiif_client.get(f"{BASE}/full/321,/1/default.png").headers["ETag"] != responses[0].headers["ETag"]


# -- the issue's own reproductions, on a 20,000 × 15,000 image with the default limits -------------------
ISSUE_URLS = ["full/^4500,/45/default.webp", "full/^4400,/33/default.webp", "full/max/46/default.webp",
              "full/^4500,/45/default.tif"]


@pytest.fixture(scope="module")
def large_app(tmp_path_factory):
    from museum import create_app
    from museum.catalogue.images import IMAGES
    from museum.catalogue.models import Record
    from museum.catalogue.schema import create_schema
    from museum.extensions import db
    from museum.media import storage

    instance = tmp_path_factory.mktemp("iiif-large")
    source = instance / "large.jpg"
    pyvips.Image.black(20_000, 15_000, bands=3).jpegsave(str(source), Q=50)
    app = create_app({**TEST_SETTINGS, "INSTANCE_PATH": str(instance), "SECRET_KEY": "test"})
    with app.app_context():
        create_schema(db)
        with db.transaction() as session:
            record = Record(accession_number="2099.0100", title={"en": "Large"}, published=True)
            session.add(record)
            session.flush()
            IMAGES.add(session, record.accession_number, source, storage(), rights="CC0")  # cost, not rights
    yield app
    with app.app_context():
        db.dispose()


@pytest.mark.slow
def test_the_issues_hostile_requests_are_refused_before_decoding(large_app, opened):
    client = large_app.test_client()
    for path in ISSUE_URLS:
        response = client.get(f"/iiif/3/2099.0100-1/{path}")
        assert response.status_code == 400, path
        message = response.get_json()["error"]["message"]
        assert message.startswith("rotation '") and "4,000,000 px" in message, message
    for path, parameter in (("full/max/0/default.webp", "format"), ("full/max/0/default.tif", "format"),
                            ("full/20000,1/0/default.jpg", "region"),
                            ("full/^max/33/default.png", "rotation")):
        response = client.get(f"/iiif/3/2099.0100-1/{path}")
        assert response.status_code == 400 and response.get_json()["error"]["message"].startswith(parameter)
    assert opened == []
    info = client.get("/iiif/3/2099.0100-1/info.json").get_json()
    assert info["maxArea"] == 16_000_000
    response = client.get("/iiif/3/2099.0100-1/full/max/0/default.jpg")  # the declared maximum is served
    assert response.status_code == 200 and Image.open(io.BytesIO(response.data)).size == (4618, 3464)
