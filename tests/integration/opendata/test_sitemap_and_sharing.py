"""sitemap.xml (single and paged), robots.txt, canonical URLs, Open Graph, schema.org JSON-LD and the QR
code."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree

from languages import LANGUAGES

SM = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def test_sitemap_lists_every_published_page_in_six_languages_with_alternates(client, published, unpublished):
    root = ElementTree.fromstring(client.get("/sitemap.xml").data)
    assert root.tag == f"{{{SM['s']}}}urlset"
    urls = root.findall("s:url", SM)
    locs = [u.find("s:loc", SM).text for u in urls]
    objects = {re.sub(r".*/objects/", "", loc) for loc in locs if "/objects/" in loc}
    assert objects == published and not objects & unpublished
    assert len(locs) == len(set(locs)) == 6 * (len(published) + 1 + 10 + 1)  # + the exhibitions list
    entry = next(u for u in urls if u.find("s:loc", SM).text == "http://localhost/ja/objects/1989.0107")
    alternates = {a.get("hreflang"): a.get("href") for a in entry.findall("x:link", SM)}
    assert alternates["zh-Hans"] == "http://localhost/zh/objects/1989.0107"
    assert alternates["zh-Hant"] == "http://localhost/zh-hant/objects/1989.0107"
    assert alternates["x-default"] == alternates["zh-Hans"] and len(alternates) == 7
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", entry.find("s:lastmod", SM).text)


def test_sitemap_index_when_over_the_limit(client, opendata_app, published):
    opendata_app.config.update(SITEMAP_MAX_URLS=100, SITEMAP_RECORDS_PER_FILE=40)
    try:
        index = ElementTree.fromstring(client.get("/sitemap.xml").data)
        assert index.tag == f"{{{SM['s']}}}sitemapindex"
        parts = [s.find("s:loc", SM).text for s in index.findall("s:sitemap", SM)]
        assert parts[0] == "http://localhost/sitemaps/pages.xml"
        assert len(parts) == 1 + -(-len(published) // 40)
        seen = []
        for part in parts:
            root = ElementTree.fromstring(client.get(part.removeprefix("http://localhost")).data)
            seen += [u.find("s:loc", SM).text for u in root.findall("s:url", SM)]
        assert len(seen) == len(set(seen)) == 6 * (len(published) + 12)  # home, 10 galleries, exhibitions
        assert client.get(f"/sitemaps/objects-{len(parts)}.xml").status_code == 404
        assert client.get("/sitemaps/objects-0.xml").status_code == 404
    finally:
        opendata_app.config.update(SITEMAP_MAX_URLS=50_000, SITEMAP_RECORDS_PER_FILE=5_000)


def test_robots_txt_points_to_the_sitemap(client):
    text = client.get("/robots.txt").get_data(as_text=True)
    assert "Sitemap: http://localhost/sitemap.xml" in text and "Disallow: /curator/" in text


def test_canonical_urls_drop_tracking_arguments(client):
    pages = {"/en/?utm_source=weibo": "http://localhost/en/",
             "/fr/galleries/coins?page=1&from=wechat": "http://localhost/fr/galleries/coins",
             "/fr/galleries/coins?page=2": "http://localhost/fr/galleries/coins?page=2",
             "/zh-hant/objects/1989.0107?share=1": "http://localhost/zh-hant/objects/1989.0107"}
    for path, canonical in pages.items():
        html = client.get(path).get_data(as_text=True)
        assert f'<link rel="canonical" href="{canonical}">' in html, path


def test_public_base_url_is_used_behind_a_proxy(client, opendata_app):
    opendata_app.config["PUBLIC_BASE_URL"] = "https://museum.example.org/"
    try:
        html = client.get("/en/objects/1989.0107").get_data(as_text=True)
        assert '<link rel="canonical" href="https://museum.example.org/en/objects/1989.0107">' in html
    finally:
        opendata_app.config["PUBLIC_BASE_URL"] = None


def _meta(html: str) -> dict:
    return {m[0]: m[1] for m in re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', html)}


def test_open_graph_twitter_and_schema_org_in_each_language(client):
    for segment, title in (("zh", "战国铜虎钮錞于"), ("en", "Bronze chunyu with tiger knob"),
                           ("ko", "전국 호뉴 청동 순우")):
        html = client.get(f"/{segment}/objects/1989.0107").get_data(as_text=True)
        meta = _meta(html)
        assert meta["og:title"] == title and meta["twitter:title"] == title
        assert meta["og:url"] == f"http://localhost/{segment}/objects/1989.0107"
        assert meta["twitter:card"] in ("summary", "summary_large_image")
        block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
        data = json.loads(block)
        assert data["@type"] == "VisualArtwork" and data["name"] == title
        assert data["identifier"]["value"] == "1989.0107" and data["height"]["value"] == 68
        assert data["temporalCoverage"] == "-0474/-0220"
    assert len(LANGUAGES) == 6


def test_json_ld_cannot_break_out_of_its_script(client, opendata_app):
    from museum.catalogue.models import Record
    from museum.extensions import db

    with opendata_app.app_context():
        record = db.session.query(Record).filter_by(accession_number="1954.0003").one()
        old = dict(record.title)
        record.title = {**old, "en": "</script><script>alert(1)</script>"}
        db.session.commit()
    try:
        html = client.get("/en/objects/1954.0003").get_data(as_text=True)
        assert "<script>alert(1)" not in html
        block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
        assert json.loads(block)["name"] == "</script><script>alert(1)</script>"
    finally:
        with opendata_app.app_context():
            record = db.session.query(Record).filter_by(accession_number="1954.0003").one()
            record.title = old
            db.session.commit()


def test_share_qr_code_is_an_svg_of_the_page_address(client, unpublished):
    html = client.get("/ja/objects/1989.0107").get_data(as_text=True)
    assert 'src="/ja/objects/1989.0107/qr.svg' in html and "このページのQRコード" in html
    response = client.get("/ja/objects/1989.0107/qr.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    svg = ElementTree.fromstring(response.data)
    assert svg.find("{http://www.w3.org/2000/svg}title").text == "http://localhost/ja/objects/1989.0107"
    assert svg.find("{http://www.w3.org/2000/svg}path").get("d").count("h") > 50
    assert client.get(f"/ja/objects/{sorted(unpublished)[0]}/qr.svg").status_code == 404
