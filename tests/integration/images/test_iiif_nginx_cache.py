"""deploy/nginx.conf's IIIF cache in front of an app server: the second request for a tile is nginx's (HIT),
a restricted image's tiles are never stored, and an image replaced under the same identifier is not served
stale once the app's X-Accel-Expires (IIIF_SHARED_CACHE_SECONDS, 1 s here) has passed: nginx asks again
with the tile's ETag and gets the new one (a 304 when nothing changed)."""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from PIL import Image
from werkzeug.serving import make_server

from museum import create_app
from museum.catalogue.images import IMAGES
from museum.catalogue.models import Record
from museum.catalogue.schema import create_schema
from museum.extensions import db
from museum.media import storage
from tests.servers import nginx_balancer
from tests.settings import TEST_SETTINGS

OPEN, CLOSED = "2099.0301", "2099.0302"
TILE = "/iiif/3/{}-1/0,0,512,512/256,/0/default.jpg"


def _picture(path, colour):
    Image.new("RGB", (1024, 768), colour).save(path)
    return path


@pytest.fixture(scope="module")
def front(tmp_path_factory):
    """(nginx's base URL, the app) with one open and one restricted image."""
    folder = tmp_path_factory.mktemp("iiif-nginx")
    app = create_app({**TEST_SETTINGS, "INSTANCE_PATH": str(folder / "instance"), "SECRET_KEY": "test",
                      "IIIF_SHARED_CACHE_SECONDS": 1, "IIIF_CACHE_MB": 0})
    with app.app_context():
        create_schema(db)
        with db.transaction() as session:
            session.add_all([Record(accession_number=OPEN, title={"en": "Open"}, published=True),
                             Record(accession_number=CLOSED, title={"en": "Closed"}, published=True)])
            session.flush()
            IMAGES.add(session, OPEN, _picture(folder / "red.png", (200, 30, 30)), storage(), rights="CC0")
            IMAGES.add(session, CLOSED, _picture(folder / "blue.png", (30, 30, 200)), storage(), rights="InC")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    upstream = f"127.0.0.1:{server.server_port}"
    # nginx's workers (nobody, when the tests run as root) write its cache files: a folder they can reach
    nginx_folder = Path(tempfile.mkdtemp(prefix="museum-nginx-"))
    try:
        with nginx_balancer(nginx_folder, [upstream, upstream]) as base:
            yield base, app, folder
    finally:
        shutil.rmtree(nginx_folder, ignore_errors=True)
        server.shutdown()
        thread.join(timeout=10)
        with app.app_context():
            db.dispose()


def _get(url: str) -> tuple[str, str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return answer.headers["X-Cache-Status"], answer.headers["ETag"], answer.read()


def _red(data: bytes) -> int:
    import io

    return Image.open(io.BytesIO(data)).convert("RGB").getpixel((10, 10))[0]


def test_second_request_is_served_by_nginx_and_a_replaced_image_is_not_served_stale(front):
    base, app, folder = front
    url = base + TILE.format(OPEN)
    status, etag, first = _get(url)
    assert status == "MISS"
    status, again_etag, again = _get(url)
    assert (status, again_etag, again) == ("HIT", etag, first)  # nginx's copy, not the app's
    assert _red(first) > 150

    with app.app_context(), db.transaction() as session:  # the same identifier, another picture
        IMAGES.remove(session, IMAGES.find(session, OPEN, f"{OPEN}-1"), storage())
    with app.app_context(), db.transaction() as session:
        added = IMAGES.add(session, OPEN, _picture(folder / "green.png", (30, 200, 30)), storage(),
                           rights="CC0")
        assert added[0].item.identifier == f"{OPEN}-1"

    # Within IIIF_SHARED_CACHE_SECONDS nginx may still answer from its copy; then it must ask the app
    # (with the old ETag) and get the new tile. Polled against a deadline: the expiry is a clock's.
    deadline = time.monotonic() + 10
    while True:
        status, new_etag, data = _get(url)
        if status != "HIT":
            break
        assert data == first
        assert time.monotonic() < deadline, "nginx kept serving the replaced image's tile"
        time.sleep(0.1)
    assert status in ("EXPIRED", "MISS")
    assert new_etag != etag and _red(data) < 100
    assert _get(url)[0] == "HIT"  # the new tile is nginx's from now on


def test_an_unchanged_tile_is_revalidated_with_a_304_and_a_restricted_one_never_stored(front):
    base, app, _folder = front
    url = base + f"/iiif/3/{OPEN}-1/512,0,512,512/256,/0/default.jpg"
    _status, etag, data = _get(url)
    deadline = time.monotonic() + 10
    while (answer := _get(url))[0] == "HIT":
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert answer == ("REVALIDATED", etag, data)  # the app said 304: nginx kept its copy

    restricted = base + TILE.format(CLOSED)
    assert [_get(restricted)[0] for _ in range(2)] == ["MISS", "MISS"]
