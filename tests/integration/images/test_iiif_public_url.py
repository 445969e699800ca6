"""Issue 13, item 11: IIIF ids and the other publicly cached absolute URLs never come from an unchecked
``Host`` header (``PUBLIC_BASE_URL``, else an ``ALLOWED_HOSTS`` name, else http://localhost)."""

from __future__ import annotations

from tests.integration.images.conftest import GRID_ACCESSION

BASE = f"/iiif/3/{GRID_ACCESSION}-1"


def test_ids_do_not_come_from_a_spoofed_host(iiif_app, iiif_client, monkeypatch):
    evil = {"base_url": "http://evil.example"}
    info = iiif_client.get(f"{BASE}/info.json", **evil).get_json()
    assert info["id"] == f"http://localhost{BASE}"
    canonical = iiif_client.get(f"{BASE}/full/64,/0/default.jpg", **evil).headers["Link"]
    for path in (f"/iiif/manifests/{GRID_ACCESSION}.json", "/iiif/collections/test-gallery.json",
                 f"/en/objects/{GRID_ACCESSION}"):
        body = iiif_client.get(path, **evil).get_data(as_text=True)
        assert "evil.example" not in body and f"http://localhost{BASE}" in body
    assert "evil.example" not in canonical and f"<http://localhost{BASE}/" in canonical
    # An allowed host (any port) is used as it is; PUBLIC_BASE_URL wins over every Host.
    allowed = iiif_client.get(f"{BASE}/info.json", base_url="http://127.0.0.1:5000").get_json()
    assert allowed["id"] == f"http://127.0.0.1:5000{BASE}"
    monkeypatch.setitem(iiif_app.config, "PUBLIC_BASE_URL", "https://museum.example.org/")
    for base_url in ("http://evil.example", "http://localhost"):
        info = iiif_client.get(f"{BASE}/info.json", base_url=base_url).get_json()
        assert info["id"] == f"https://museum.example.org{BASE}"
    manifest = iiif_client.get(f"/iiif/manifests/{GRID_ACCESSION}.json", **evil).get_json()
    assert manifest["id"] == f"https://museum.example.org/iiif/manifests/{GRID_ACCESSION}.json"


def test_allowed_hosts_accept_names_suffixes_and_ports():
    from museum.open_data import host_allowed

    allowed = ["localhost", "::1", ".museum.example.org"]
    assert host_allowed("localhost:5000", allowed) and host_allowed("LOCALHOST", allowed)
    assert host_allowed("[::1]:8080", allowed) and host_allowed("www.museum.example.org", allowed)
    assert host_allowed("a.example,localhost", "a.example, b.example") is False  # one Host, one name
    assert host_allowed("b.example:80", "a.example, b.example")
    for host in ("evil.example", "localhost.evil.example", "evilmuseum.example.org", "", ":80", "[::2]"):
        assert not host_allowed(host, allowed), host


def test_other_publicly_cached_documents_ignore_a_spoofed_host(iiif_client):
    for path in ("/api/v1/openapi.json", "/oai?verb=Identify", f"/api/v1/objects/{GRID_ACCESSION}",
                 "/sitemap.xml"):
        response = iiif_client.get(path, base_url="http://evil.example")
        assert response.status_code == 200, path
        assert "evil.example" not in response.get_data(as_text=True) and "http://localhost" in \
            response.get_data(as_text=True), path
