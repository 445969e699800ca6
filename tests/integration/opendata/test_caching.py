"""Caching headers, conditional requests and compression of pages, open data and static files."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import brotli

import museum


def test_pages_are_short_lived_public_with_etag_and_304(client):
    response = client.get("/en/objects/1989.0107")
    assert response.headers["Cache-Control"] == "public, max-age=300"
    etag = response.headers["ETag"]
    assert etag.startswith('W/"')
    again = client.get("/en/objects/1989.0107", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    changed = client.get("/fr/objects/1989.0107", headers={"If-None-Match": etag})
    assert changed.status_code == 200


def test_text_is_compressed_with_brotli_or_gzip_and_decodes_to_the_same_page(client):
    plain = client.get("/zh/galleries/three-gorges", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers and len(plain.data) >= 1024
    br = client.get("/zh/galleries/three-gorges", headers={"Accept-Encoding": "gzip, br"})
    gz = client.get("/zh/galleries/three-gorges", headers={"Accept-Encoding": "gzip"})
    assert br.headers["Content-Encoding"] == "br" and gz.headers["Content-Encoding"] == "gzip"
    assert brotli.decompress(br.data) == plain.data == gzip.decompress(gz.data)
    assert len(br.data) < len(plain.data) / 2 and int(br.headers["Content-Length"]) == len(br.data)
    assert "Accept-Encoding" in br.headers["Vary"] and "Accept-Encoding" in plain.headers["Vary"]
    small = client.get("/robots.txt", headers={"Accept-Encoding": "gzip"})
    assert len(small.data) < 1024 and "Content-Encoding" not in small.headers
    sitemap = client.get("/sitemap.xml", headers={"Accept-Encoding": "gzip"})
    assert sitemap.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(sitemap.data).startswith(b"<?xml")


def test_static_urls_are_versioned_and_cached_for_a_year(client):
    html = client.get("/en/").get_data(as_text=True)
    href = re.search(r'href="(/static/css/museum\.css\?v=[0-9a-f]{10})"', html).group(1)
    versioned = client.get(href, headers={"Accept-Encoding": "gzip"})
    assert versioned.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    css = (Path(museum.__file__).parent / "static/css/museum.css").read_bytes()
    gzipped = versioned.headers.get("Content-Encoding") == "gzip"
    body = gzip.decompress(versioned.data) if gzipped else versioned.data
    assert body == css
    versioned.close()
    stale = client.get("/static/css/museum.css?v=0000000000")
    assert stale.headers["Cache-Control"] == "public, max-age=300"
    stale.close()


def test_answers_for_a_session_or_for_curators_are_private(client):
    client.set_cookie("session", "something")
    assert client.get("/en/").headers["Cache-Control"] == "private, no-cache"
    client.delete_cookie("session")
    assert client.get("/curator/login").headers["Cache-Control"].startswith(("private", "no-store"))
    assert client.get("/en/objects/0000.0000").headers["Cache-Control"] == "private, no-cache"
