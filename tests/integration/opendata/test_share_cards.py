"""Share images of object pages: the Open Graph card (1200 × 630) and the WeChat poster with its QR code
(900 × 1200), in the reader's language, cached with an ETag, never for unpublished records."""

from __future__ import annotations

import re

import pytest
import pyvips

from tests.integration.opendata.conftest import UNPUBLISHED


def _image(response) -> pyvips.Image:
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    return pyvips.Image.new_from_buffer(response.get_data(), "")


@pytest.mark.parametrize("name, size", [("card", (1200, 630)), ("poster", (900, 1200))])
def test_cards_have_their_sizes_in_every_language(client, name, size):
    seen = set()
    for segment in ("zh", "zh-hant", "en", "ja", "ko", "fr"):
        image = _image(client.get(f"/{segment}/objects/1989.0107/{name}.jpg"))
        assert (image.width, image.height) == size
        seen.add(image.avg())
    assert len(seen) == 6  # each language draws its own words


def test_the_title_is_drawn_where_the_card_puts_it(client):
    card = _image(client.get("/en/objects/1989.0107/card.jpg"))
    title_area = card.crop(616, 110, 520, 70)  # right of the picture, under the seal mark
    assert title_area.colourspace("b-w").deviate() > 30  # ink on paper, not an empty ground
    empty_paper = card.crop(616, 0, 520, 60)
    assert empty_paper.colourspace("b-w").deviate() < 3


def test_the_poster_carries_a_qr_code(client):
    poster = _image(client.get("/fr/objects/1989.0107/poster.jpg"))
    qr = poster.crop(900 - 56 - 220, 748, 220, 220).colourspace("b-w")
    dark = (qr < 128).ifthenelse(1, 0).avg()
    assert 0.3 < dark < 0.7  # modules, not a blank or solid square


def test_cards_are_cached_and_revalidated(client):
    first = client.get("/en/objects/1989.0107/card.jpg")
    assert first.headers["Cache-Control"] == "public, max-age=86400" and first.headers["ETag"]
    again = client.get("/en/objects/1989.0107/card.jpg", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and not again.get_data()
    other = client.get("/zh/objects/1989.0107/card.jpg")
    assert other.headers["ETag"] != first.headers["ETag"]


def test_no_card_for_unpublished_or_unknown_records(client):
    assert client.get(f"/en/objects/{UNPUBLISHED[0]}/card.jpg").status_code == 404
    assert client.get("/en/objects/NOPE.0001/poster.jpg").status_code == 404


def test_object_pages_announce_the_card_and_offer_the_poster(client):
    html = client.get("/ja/objects/1989.0107").get_data(as_text=True)
    meta = dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', html))
    assert meta["og:image"] == "http://localhost/ja/objects/1989.0107/card.jpg"
    assert meta["twitter:image"] == meta["og:image"] and meta["twitter:card"] == "summary_large_image"
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert '<a href="http://localhost/ja/objects/1989.0107/poster.jpg" download>WeChat 用カード' in html
