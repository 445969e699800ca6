"""Security headers on every kind of answer, and the trusted-proxy setting (issue 13, items 4 and 6)."""

from __future__ import annotations

import asyncio

import pytest
from flask import request

from museum import create_app, security
from museum.catalogue.images import IMAGES
from museum.catalogue.models import Gallery, Record
from museum.catalogue.schema import create_schema
from museum.extensions import db
from museum.media import storage
from tests.settings import TEST_SETTINGS
from tests.unit.images.grid import make_validator_grid

ACCESSION = "2099.0101"
COMMON = {"X-Content-Type-Options": "nosniff", "Cross-Origin-Opener-Policy": "same-origin"}


def _app(tmp_path, **config):
    app = create_app({**TEST_SETTINGS, "INSTANCE_PATH": str(tmp_path / "instance"), "SECRET_KEY": "headers",
                      **config})

    @app.get("/_test/client")
    def _client():
        return {"addr": request.remote_addr, "scheme": request.scheme, "host": request.host,
                "root": request.script_root}

    with app.app_context():
        create_schema(db)
    return app


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("headers")
    app = _app(tmp)
    with app.app_context(), db.transaction() as session:
        gallery = Gallery(slug="test-gallery", name={"zh": "测试展厅", "en": "Test gallery"})
        record = Record(accession_number=ACCESSION, title={"zh": "网格", "en": "Grid"}, gallery=gallery,
                        period="warring-states", category="bronze", published=True)
        session.add_all([gallery, record])
        session.flush()
        IMAGES.add(session, ACCESSION, make_validator_grid(tmp / "grid.png"), storage())
    yield app
    with app.app_context():
        db.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


def csp(response) -> dict[str, str]:
    """The Content-Security-Policy as {directive: sources}."""
    parts = (p.strip().split(" ", 1) for p in response.headers["Content-Security-Policy"].split(";"))
    return {p[0]: p[1] if len(p) > 1 else "" for p in parts}


# every kind of answer: (path, status, framable by this site, served to other origins with CORS)
KINDS = {
    "public page": (f"/en/objects/{ACCESSION}", 200, True, False),
    "home": ("/zh/", 200, True, False),
    "API JSON": (f"/api/v1/objects/{ACCESSION}", 200, False, False),
    "API docs": ("/api/v1/docs", 200, False, False),
    "IIIF info.json": (f"/iiif/3/{ACCESSION}-1/info.json", 200, False, True),
    "IIIF image": (f"/iiif/3/{ACCESSION}-1/full/!100,100/0/default.jpg", 200, False, True),
    "static file": ("/static/css/museum.css", 200, False, False),
    "vendor file": ("/static/vendor/openseadragon/build/openseadragon/openseadragon.min.js",
                    200, False, True),
    "page 404": ("/en/no-such-page/here", 404, False, False),
    "API 404": ("/api/v1/objects/NOPE", 404, False, False),
    "OAI": ("/oai?verb=Identify", 200, False, False),
    "OAI error": ("/oai?verb=Nonsense", 200, False, False),
    "curator page": ("/curator/login", 200, False, False),
    "curator 404": ("/curator/no-such-page", 404, False, False),
    "kiosk page": ("/kiosk/offline", 200, False, False),
    "event stream": ("/kiosk/poems/events", 200, False, False),
    "health": ("/healthz", 200, False, False),
}


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_answer_carries_the_headers(client, kind):
    path, status, framable, cross_origin = KINDS[kind]
    response = client.get(path)
    assert response.status_code == status, response.data[:200]
    for name, value in COMMON.items():
        assert response.headers[name] == value
    policy = csp(response)
    # model-viewer (object pages only) compiles WebAssembly; JavaScript eval stays refused everywhere
    assert policy["script-src"] == ("'self' 'wasm-unsafe-eval'" if kind == "public page" else "'self'")
    assert policy["connect-src"] == ("'self' blob:" if kind == "public page" else "'self'")
    assert policy["object-src"] == "'none'" and policy["base-uri"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]
    if framable:
        assert policy["frame-ancestors"] == "'self'" and response.headers["X-Frame-Options"] == "SAMEORIGIN"
    else:
        assert policy["frame-ancestors"] == "'none'" and response.headers["X-Frame-Options"] == "DENY"
    permissions = response.headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "fullscreen=(self)"):
        assert feature in permissions.split(", ")
    # curator pages send no referrer to other sites (an unknown /curator/ path is no curator page: default)
    expected_referrer = "same-origin" if kind == "curator page" else "strict-origin-when-cross-origin"
    assert response.headers["Referrer-Policy"] == expected_referrer
    if cross_origin:
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert response.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    else:
        assert "Cross-Origin-Resource-Policy" not in response.headers
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP


def test_conditional_and_compressed_answers_keep_the_headers(client):
    first = client.get(f"/en/objects/{ACCESSION}", headers={"Accept-Encoding": "br"})
    again = client.get(f"/en/objects/{ACCESSION}", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    assert first.headers["Content-Encoding"] == "br" and first.headers["X-Content-Type-Options"] == "nosniff"


def test_hsts_only_over_tls(client):
    assert "Strict-Transport-Security" not in client.get("/zh/").headers
    secure = client.get("/zh/", base_url="https://museum.example")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"
    over_tls = client.get("/static/css/museum.css", base_url="https://museum.example")
    assert "Strict-Transport-Security" in over_tls.headers


def test_without_trusted_proxies_forwarded_headers_change_nothing(client):
    spoofed = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https",
               "X-Forwarded-Host": "evil.example", "X-Forwarded-Prefix": "/elsewhere"}
    response = client.get("/_test/client", headers=spoofed)
    assert response.get_json() == {"addr": "127.0.0.1", "scheme": "http", "host": "localhost", "root": ""}
    assert "Strict-Transport-Security" not in response.headers


def test_one_trusted_proxy_gives_the_client_address_and_scheme(tmp_path):
    app = _app(tmp_path, TRUSTED_PROXIES="1")  # as MUSEUM_TRUSTED_PROXIES=1 arrives from the environment
    assert app.config["TRUSTED_PROXIES"] == 1
    client = app.test_client()
    forwarded = {"X-Forwarded-For": "198.51.100.9, 203.0.113.7", "X-Forwarded-Proto": "https",
                 "X-Forwarded-Host": "museum.example", "X-Forwarded-Prefix": "/collection"}
    response = client.get("/_test/client", headers=forwarded)
    # one proxy: only the address it added (the last one) is trusted; the client could have forged the first
    assert response.get_json() == {"addr": "203.0.113.7", "scheme": "https", "host": "museum.example",
                                   "root": "/collection"}
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    plain = client.get("/_test/client", headers={"X-Forwarded-For": "203.0.113.7",
                                                 "X-Forwarded-Proto": "http"})
    assert plain.get_json()["addr"] == "203.0.113.7" and "Strict-Transport-Security" not in plain.headers
    with app.app_context():
        db.dispose()


def test_frame_ancestors_config_lets_partner_sites_embed_public_pages_only(tmp_path):
    app = _app(tmp_path, FRAME_ANCESTORS="https://partner.example  https://school.example")
    client = app.test_client()
    public = client.get("/zh/")
    assert csp(public)["frame-ancestors"] == "'self' https://partner.example https://school.example"
    assert "X-Frame-Options" not in public.headers  # it cannot name other origins
    curator = client.get("/curator/login")
    assert csp(curator)["frame-ancestors"] == "'none'" and curator.headers["X-Frame-Options"] == "DENY"
    with app.app_context():
        db.dispose()


def test_an_endpoint_can_override_the_policy(tmp_path):
    """A future live-link kiosk page needs the camera and microphone; only that page gets them."""
    app = _app(tmp_path)
    security.override(app, "kiosk.offline", permissions={"camera": "(self)", "microphone": "(self)"},
                      csp={"media-src": "'self' blob: mediastream:"})
    client = app.test_client()
    live = client.get("/kiosk/offline")
    assert {"camera=(self)", "microphone=(self)", "geolocation=()"} <= set(live.headers["Permissions-Policy"]
                                                                          .split(", "))
    assert csp(live)["media-src"] == "'self' blob: mediastream:" and csp(live)["script-src"] == "'self'"
    other = client.get("/kiosk/poems")
    assert "camera=()" in other.headers["Permissions-Policy"] and csp(other)["media-src"] == "'self'"
    with app.app_context():
        db.dispose()


def test_event_streams_served_by_the_asgi_layer_carry_the_headers(tmp_path):
    """``museum serve`` answers the poem stream outside Flask (museum/asgi.py): same defaults, same proxy
    rule."""
    from museum.asgi import MuseumASGI

    app = _app(tmp_path, TRUSTED_PROXIES=1)
    front = MuseumASGI(app)

    async def stream_headers(headers: list[tuple[bytes, bytes]]) -> dict[str, str]:
        sent, answered = [], asyncio.Event()

        async def receive():
            await answered.wait()
            return {"type": "http.disconnect"}

        async def send(message):
            sent.append(message)
            if message["type"] == "http.response.body":
                answered.set()

        scope = {"type": "http", "method": "GET", "path": "/kiosk/poems/events", "query_string": b"",
                 "headers": headers, "client": ("127.0.0.1", 50000), "scheme": "http"}
        await front(scope, receive, send)
        assert sent[0]["status"] == 200
        return {name.decode(): value.decode() for name, value in sent[0]["headers"]}

    async def both():
        return (await stream_headers([]),
                await stream_headers([(b"x-forwarded-for", b"203.0.113.7"),
                                      (b"x-forwarded-proto", b"https")]))

    plain, secure = asyncio.run(asyncio.wait_for(both(), 30))
    for headers in (plain, secure):
        assert headers["content-type"].startswith("text/event-stream")
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
        assert "camera=()" in headers["permissions-policy"]
    assert "strict-transport-security" not in plain
    assert secure["strict-transport-security"] == "max-age=31536000"
    with app.app_context():
        db.dispose()
