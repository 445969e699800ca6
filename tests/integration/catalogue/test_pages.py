"""Public pages: languages in the URL, html lang, hreflang alternates, fallback marked with its language."""

from __future__ import annotations

import re

import pytest

from museum.catalogue.models import Record
from museum.extensions import db
from tests.integration.catalogue.test_api import sample_client  # noqa: F401  (fixture)

SEGMENTS = {"zh": "zh-Hans", "zh-hant": "zh-Hant", "en": "en", "ja": "ja", "ko": "ko", "fr": "fr"}


@pytest.mark.parametrize("accept, target", [("en-GB,en;q=0.9", "/en/"), ("zh-TW", "/zh-hant/"),
                                            ("ja", "/ja/"), ("de", "/zh/"), ("", "/zh/"),
                                            ("fr-CA,fr;q=0.8", "/fr/")])
def test_root_redirects_by_accept_language(sample_client, accept, target):  # noqa: F811
    response = sample_client.get("/", headers={"Accept-Language": accept})
    assert response.status_code == 302 and response.headers["Location"].endswith(target)


@pytest.mark.parametrize("segment", SEGMENTS)
@pytest.mark.parametrize("path", ["/", "/galleries/ancient-ba-yu", "/objects/1989.0107"])
def test_pages_in_every_language(sample_client, segment, path):  # noqa: F811
    html = sample_client.get(f"/{segment}{path}").get_data(as_text=True)
    assert f'<html lang="{SEGMENTS[segment]}">' in html
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html))
    assert set(alternates) == set(SEGMENTS.values()) | {"x-default"}
    assert alternates["fr"].endswith(f"/fr{path}")


def test_object_page_fields(sample_client):  # noqa: F811
    en = sample_client.get("/en/objects/1989.0107").get_data(as_text=True)
    assert "475–221 BC" in en and "H 68 cm" in en and "30 kg" in en and "Bronze chunyu" in en
    zh = sample_client.get("/zh/objects/1989.0107").get_data(as_text=True)
    assert "公元前475年—前221年" in zh and "高68厘米" in zh and "30千克" in zh


def test_fallback_text_carries_its_own_lang(sample_client, app):  # noqa: F811
    with app.app_context():
        record = db.session.query(Record).filter_by(accession_number="1989.0107").one()
        record.title = {"zh": "战国铜虎钮錞于"}
        db.session.commit()
    html = sample_client.get("/fr/objects/1989.0107").get_data(as_text=True)
    assert '<span lang="zh-Hans" class="fallback" data-fallback="zh">战国铜虎钮錞于</span>' in html


def test_gallery_paging(sample_client, app):  # noqa: F811
    app.config["GALLERY_PAGE_SIZE"] = 5
    first = sample_client.get("/en/galleries/ancient-ba-yu").get_data(as_text=True)
    assert 'rel="next"' in first and "Page 1 of" in first
    assert sample_client.get("/en/galleries/ancient-ba-yu?page=99").status_code == 404
    assert sample_client.get("/en/galleries/ancient-ba-yu?page=x").status_code == 400
    assert sample_client.get("/en/galleries/ancient-ba-yu?page=99999999999999999999999").status_code == 400
    assert sample_client.get("/en/galleries/ancient-ba-yu?page=²").status_code == 400


def test_unknown_language_and_object_are_404_pages(sample_client):  # noqa: F811
    assert sample_client.get("/de/").status_code == 404
    response = sample_client.get("/en/objects/NOPE")
    assert response.status_code == 404 and "text/html" in response.content_type
