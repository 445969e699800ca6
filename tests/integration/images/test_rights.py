"""Rights that govern use (issue 21): a restricted image is served to the public only up to
RESTRICTED_IMAGE_PX and downloaded watermarked; curators get it whole; an open image downloads at full size;
the IIIF manifest and Linked Art state the record's rights."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops

from museum.catalogue import audit, rights
from museum.catalogue.images import IMAGES, set_rights
from museum.catalogue.models import Record
from museum.exceptions import BadParameter
from museum.extensions import db
from museum.media import storage
from tests.unit.curator.support import login, session_csrf, users  # noqa: F401  (the users fixture)

OPEN, RESTRICTED = "2098.0001", "2098.0002"


@pytest.fixture
def held(app, tmp_path):
    """Two records with one 1600 × 1000 picture each: one CC BY 4.0, one In Copyright."""
    picture = tmp_path / "picture.png"
    image = Image.new("RGB", (1600, 1000))
    for x in range(0, 1600, 100):  # stripes, so scaled and cut renders differ from a blank
        image.paste((x % 255, 80, 255 - x % 255), (x, 0, x + 50, 1000))
    image.save(picture)
    with app.app_context(), db.transaction() as session:
        session.add_all([Record(accession_number=OPEN, title={"en": "Open"}, licence="CC BY 4.0",
                                published=True),
                         Record(accession_number=RESTRICTED, title={"en": "Restricted"}, published=True)])
        session.flush()
        IMAGES.add(session, OPEN, picture, storage(), rights="CC-BY-4.0")
        IMAGES.add(session, RESTRICTED, picture, storage(), rights="InC")
    return {"open": f"{OPEN}-1", "restricted": f"{RESTRICTED}-1"}


def _size(response) -> tuple[int, int]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return Image.open(io.BytesIO(response.data)).size


def test_restricted_image_is_capped_for_the_public_and_declared_in_info_json(app, client, held):
    info = client.get(f"/iiif/3/{held['restricted']}/info.json").get_json()
    assert (info["maxWidth"], info["maxHeight"]) == (1200, 750)
    assert info["rights"] == rights.IN_COPYRIGHT
    assert all(1600 / f <= 1200 for f in info["tiles"][0]["scaleFactors"])  # no full-resolution tiles
    assert all(max(s["width"], s["height"]) <= 1200 for s in info["sizes"])
    assert _size(client.get(f"/iiif/3/{held['restricted']}/full/max/0/default.jpg")) == (1200, 750)
    assert _size(client.get(f"/iiif/3/{held['restricted']}/full/1200,/0/default.jpg")) == (1200, 750)
    for path in ("full/1600,/0/default.jpg", "0,0,512,512/512,/0/default.jpg", "full/pct:100/0/default.jpg"):
        refused = client.get(f"/iiif/3/{held['restricted']}/{path}")
        assert refused.status_code == 403, path
        error = refused.get_json()["error"]
        assert error["code"] == "rights_restricted" and "1200×750" in error["message"]
    # a tile of an allowed level (scale factor 2: 800 px wide, under the cap) is served
    assert _size(client.get(f"/iiif/3/{held['restricted']}/0,0,1024,1000/512,/0/default.jpg")) == (512, 500)
    # open images: no cap
    info = client.get(f"/iiif/3/{held['open']}/info.json").get_json()
    assert "maxWidth" not in info and 1 in info["tiles"][0]["scaleFactors"]
    assert _size(client.get(f"/iiif/3/{held['open']}/full/1600,/0/default.jpg")) == (1600, 1000)


def test_a_signed_in_curator_gets_the_restricted_image_whole_and_privately(app, client, held, users):  # noqa: F811
    login(client, "curator1")
    response = client.get(f"/iiif/3/{held['restricted']}/full/1600,/0/default.jpg")
    assert _size(response) == (1600, 1000)
    cache_control = response.headers["Cache-Control"]
    assert "private" in cache_control and "public" not in cache_control
    assert "maxWidth" not in client.get(f"/iiif/3/{held['restricted']}/info.json").get_json()


def test_downloads_open_full_size_and_restricted_watermarked(app, client, held):
    opened = client.get(f"/iiif/download/{held['open']}.jpg")
    assert _size(opened) == (1600, 1000) and "attachment" in opened.headers["Content-Disposition"]
    marked = client.get(f"/iiif/download/{held['restricted']}.jpg?lang=en")
    assert _size(marked) == (1200, 750)
    plain = Image.open(io.BytesIO(client.get(f"/iiif/3/{held['restricted']}/full/max/0/default.jpg").data))
    stamped = Image.open(io.BytesIO(marked.data)).convert("RGB")
    difference = ImageChops.difference(plain.convert("RGB"), stamped).convert("L")
    band = difference.crop((0, 700, 1200, 750))  # the rights band along the bottom
    middle = difference.crop((100, 300, 1100, 450))  # the museum's mark across the middle
    top = difference.crop((0, 0, 1200, 200))  # no mark there: only JPEG noise
    mean = lambda region: sum(region.getdata()) / (region.width * region.height)  # noqa: E731
    assert mean(band) > 40 and mean(middle) > 3 * mean(top) and mean(top) < 3


def test_manifest_and_linked_art_state_the_rights(app, client, held):
    manifest = client.get(f"/iiif/manifests/{OPEN}.json").get_json()
    assert manifest["rights"] == "http://creativecommons.org/licenses/by/4.0/"
    assert "CC BY 4.0" in manifest["requiredStatement"]["value"]["en"][0]
    restricted = client.get(f"/iiif/manifests/{RESTRICTED}.json").get_json()
    assert restricted["rights"] == rights.IN_COPYRIGHT
    assert restricted["items"][0]["rights"] == rights.IN_COPYRIGHT  # each canvas states its image's rights
    assert manifest["items"][0]["rights"] == "http://creativecommons.org/licenses/by/4.0/"
    assert "受版权保护" in restricted["requiredStatement"]["value"]["zh-Hans"][0]
    linked = client.get(f"/api/v1/objects/{RESTRICTED}.jsonld").get_json()
    right = linked["representation"][0]["digitally_shown_by"][0]["subject_to"][0]
    assert right["type"] == "Right" and right["classified_as"][0]["id"] == restricted["rights"]


def test_the_object_page_links_the_statement_in_the_readers_language(app, client, held):
    page = client.get(f"/zh/objects/{RESTRICTED}").get_data(as_text=True)
    assert f'<a href="{rights.IN_COPYRIGHT}" rel="license">受版权保护</a>' in page
    assert f"/iiif/download/{held['restricted']}.jpg" in page
    assert "1600w" not in page  # the srcset stops at the public size
    page = client.get(f"/en/objects/{OPEN}").get_data(as_text=True)
    assert 'rel="license">CC BY 4.0</a>' in page


def test_setting_rights_is_audited_and_unknown_statements_are_refused(app, held):
    with app.app_context():
        with db.transaction() as session:
            set_rights(session, held["restricted"], "http://creativecommons.org/publicdomain/zero/1.0/")
        with db.transaction() as session:
            assert IMAGES.by_identifier(session, held["restricted"]).rights == "CC0"
            entries = session.query(audit.AuditEntry).filter_by(entity="object_images",
                                                                 entity_key=held["restricted"]).all()
            assert any("CC0" in (entry.after_json or "") for entry in entries)
        with pytest.raises(BadParameter, match="unknown rights statement 'all rights reserved'"):
            with db.transaction() as session:
                set_rights(session, held["restricted"], "all rights reserved")


def test_a_curator_sets_an_images_rights_on_the_media_page(app, client, held, users):  # noqa: F811
    login(client, "curator1")
    page = client.get(f"/curator/records/{RESTRICTED}/media?lang=zh").get_data(as_text=True)
    assert '<option value="InC" selected>受版权保护 · ' in page
    token = session_csrf(client)
    url = f"/curator/records/{RESTRICTED}/media/images/{held['restricted']}/rights"
    refused = client.post(url, data={"csrf_token": token, "rights": "whatever"}, follow_redirects=True)
    assert "Choose a rights statement from the list." in refused.get_data(as_text=True) or "从列表" in \
        refused.get_data(as_text=True)
    response = client.post(url, data={"csrf_token": token, "rights": "CC0"})
    assert response.status_code == 303
    with app.app_context():
        assert IMAGES.by_identifier(db.session, held["restricted"]).rights == "CC0"
    client.get("/curator/logout")
    anonymous = app.test_client()
    assert _size(anonymous.get(f"/iiif/3/{held['restricted']}/full/1600,/0/default.jpg")) == (1600, 1000)


def test_a_visitor_asks_for_a_restricted_image_and_curators_see_it(app, client, held, users):  # noqa: F811
    url = f"/en/objects/{RESTRICTED}/request?item={held['restricted']}"
    assert url.replace("/en/", "/zh/").split("?")[0] in client.get(f"/zh/objects/{RESTRICTED}").get_data(
        as_text=True)
    bad = client.post(url, data={"name": "Li", "email": "not-an-address", "purpose": "A book"})
    assert bad.status_code == 422 and "Give an email address" in bad.get_data(as_text=True)
    sent = client.post(url, data={"name": "Li Hua", "email": "li@example.org",
                                  "purpose": "A book on Ba bronzes"})
    assert sent.status_code == 200 and "your request is with the museum" in sent.get_data(as_text=True)
    with app.app_context():
        entries = db.session.query(audit.AuditEntry).filter_by(entity="access_requests").all()
        assert len(entries) == 1 and "li@example.org" in entries[0].after_json
    login(client, "curator1")
    listing = client.get("/curator/requests").get_data(as_text=True)
    assert "A book on Ba bronzes" in listing and held["restricted"] in listing


def test_a_registered_kiosk_shows_the_restricted_image_whole(app, client, held):
    from museum.catalogue import kiosks

    with app.app_context(), db.transaction() as session:
        token = kiosks.add_device(session, "hall-gallery", "poems")[1]
    response = client.get(f"/iiif/3/{held['restricted']}/full/1600,/0/default.jpg",
                          headers={"Authorization": f"Bearer {token}"})
    assert _size(response) == (1600, 1000) and "private" in response.headers["Cache-Control"]
