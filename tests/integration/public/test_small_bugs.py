"""The small bugs of issue 17: "clear filters" printed a dict method, /zh-Hant/ was a 404, /favicon.ico
redirected to a 404, counts read "1 objects", the footer claimed the museum's whole collection on the
sample, and the Share block was empty."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import func, select

from museum.catalogue.models import Record
from museum.catalogue.models3d import ObjectModel
from museum.extensions import db
from tests.integration.catalogue.test_api import sample_client  # noqa: F401  (fixture)


def test_clear_filters_is_a_link_that_keeps_the_query(search_client):
    html = search_client.get("/en/search?q=bronze&category=bronze&year_from=-500").get_data(as_text=True)
    assert "built-in method" not in html
    link = re.search(r'<p class="clear-filters"><a href="([^"]+)">([^<]+)</a>', html)
    assert link.groups() == ("/en/search?q=bronze", "Clear filters")
    assert '<span class="filter-count">2 active</span>' in html
    zh = search_client.get("/zh/search?q=bronze&category=bronze").get_data(as_text=True)
    assert '<a href="/zh/search?q=bronze">清除筛选</a>' in zh
    assert "clear-filters" not in search_client.get("/en/search?q=bronze").get_data(as_text=True)


@pytest.mark.parametrize("segment, one, many", [("en", "1 object", "objects"), ("fr", "1 objet", "objets"),
                                                ("zh", "1件文物", None), ("ja", "1点", None)])
def test_result_counts_are_plurals_in_the_readers_language(search_client, segment, one, many):
    single = search_client.get(f"/{segment}/search?q=錞于").get_data(as_text=True)
    count = re.search(r'<p class="count">([^<]+)</p>', single).group(1)
    assert count == one
    several = search_client.get(f"/{segment}/search?q=bronze").get_data(as_text=True)
    count = re.search(r'<p class="count">([^<]+)</p>', several).group(1)
    assert int(re.match(r"\d+", count).group()) > 1 and (many is None or count.endswith(many))


@pytest.mark.parametrize("asked, canonical", [("/zh-Hant/", "/zh-hant/"), ("/ZH/", "/zh/"),
                                              ("/zh-HANT/search?q=%E9%8C%9E%E4%BA%8E&page=1",
                                               "/zh-hant/search?q=%E9%8C%9E%E4%BA%8E&page=1"),
                                              ("/En/objects/1989.0107", "/en/objects/1989.0107")])
def test_language_segments_are_case_insensitive(sample_client, asked, canonical):  # noqa: F811
    response = sample_client.get(asked)
    assert response.status_code == 301 and response.headers["Location"] == canonical
    assert sample_client.get(canonical).status_code == 200


def test_unknown_language_is_still_404(sample_client):  # noqa: F811
    assert sample_client.get("/De/").status_code == 404
    assert sample_client.get("/zh-hans/").status_code == 404


def test_favicon_touch_icon_and_manifest(sample_client):  # noqa: F811
    icon = sample_client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.mimetype == "image/vnd.microsoft.icon"
    assert icon.data[:4] == b"\x00\x00\x01\x00"  # an ICO directory
    touch = sample_client.get("/apple-touch-icon.png")
    assert touch.status_code == 200 and touch.data[:8] == b"\x89PNG\r\n\x1a\n"
    html = sample_client.get("/fr/").get_data(as_text=True)
    assert '<link rel="icon" href="/favicon.ico"' in html
    assert '<link rel="manifest" href="/fr/manifest.webmanifest">' in html
    response = sample_client.get("/fr/manifest.webmanifest")
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.data)
    assert manifest["lang"] == "fr" and manifest["start_url"] == "/fr/"
    assert manifest["name"] != "Chongqing China Three Gorges Museum"  # in French
    assert {icon["sizes"] for icon in manifest["icons"]} == {"any", "192x192", "512x512"}
    for icon in manifest["icons"]:
        assert sample_client.get(icon["src"]).status_code == 200
    assert json.loads(sample_client.get("/zh-hant/manifest.webmanifest").data)["lang"] == "zh-Hant"


def test_footer_says_what_this_instance_holds(sample_client, app):  # noqa: F811
    with app.app_context():
        published = select(func.count()).select_from(Record).where(Record.published.is_(True))
        records = db.session.scalar(published)
        models = db.session.scalar(select(func.count(func.distinct(ObjectModel.record_id))))
    html = sample_client.get("/en/").get_data(as_text=True)
    footer = html[html.index('<footer'):]
    assert "79,390" not in html and "1,626" not in html
    assert f"{records} objects on this site" in footer and "Sample data for demonstration" in footer
    if models:
        assert (f"{models} with 3D models" if models > 1 else "1 with a 3D model") in footer
    else:
        assert "3D model" not in footer
    zh = sample_client.get("/zh/").get_data(as_text=True)
    assert f"本站收录藏品 {records} 件" in zh


def test_footer_of_an_empty_instance(client):
    footer = client.get("/en/").get_data(as_text=True).split("<footer", 1)[1]
    assert "0 objects on this site" in footer and "3D" not in footer and "Sample data" not in footer


def test_share_block_has_copy_link_native_share_and_links(sample_client):  # noqa: F811
    html = sample_client.get("/en/objects/1989.0107").get_data(as_text=True)
    start = html.index('<aside class="share"')
    share = html[start:html.index("</aside>", start)]
    assert 'data-url="http://localhost/en/objects/1989.0107"' in share
    assert 'value="http://localhost/en/objects/1989.0107"' in share and "readonly" in share
    assert "data-share-copy hidden>Copy link</button>" in share  # shown by share.js
    assert "data-share-native hidden>Share…</button>" in share  # shown only with the Web Share API
    assert "https://service.weibo.com/share/share.php?url=http%3A//localhost/en/objects/1989.0107" in share
    assert 'src="/en/objects/1989.0107/qr.svg"' in share and "loading=" not in share
    assert re.search(r'<script src="/static/js/share\.js\?v=\w+" defer></script>', html)
    assert sample_client.get("/static/js/share.js").status_code == 200


@pytest.mark.parametrize("path, headers, lang, words", [
    ("/fr/nope", {}, "fr", "Page introuvable."),  # the language of the address it was asked under
    ("/zh-Hant/nope", {}, "zh-Hant", None),
    ("/nope/at/all", {"Accept-Language": "ja"}, "ja", "ページが見つかりませんでした。"),  # else the browser's
])
def test_not_found_pages_speak_one_language(client, path, headers, lang, words):
    response = client.get(path, headers=headers)
    html = response.get_data(as_text=True)
    assert response.status_code == 404 and f'<html lang="{lang}">' in html
    assert re.search(rf'hreflang="{lang}" aria-current="true"', html)  # the language menu agrees
    assert words is None or words in html


def test_a_single_terms_results_may_be_indexed_but_not_endless_combinations(search_client):
    robots = '<meta name="robots" content="noindex">'
    for url in ("/en/search", "/zh/search?q=%E9%9D%92%E9%93%9C"):  # the page, a term's results (青铜)
        page = search_client.get(url).get_data(as_text=True)
        assert robots not in page, url
        assert '<link rel="canonical"' in page, url
    for url in ("/zh/search?q=%E9%9D%92%E9%93%9C&category=bronze", "/zh/search?q=%E9%9D%92%E9%93%9C&page=2",
                "/en/search?from=300&from_era=bce", "/en/search?q=zzzzqqqq", "/en/search?q=" + "bell+" * 12):
        assert robots in search_client.get(url).get_data(as_text=True), url
