"""Rendered tiles kept on disk for every worker: a tile rendered once is sent from its file afterwards (the
same bytes and validators), and the files stay within IIIF_DISK_CACHE_MB."""

from __future__ import annotations

from assets.images.render import Pyramid, RenderedCache
from museum.iiif import images as iiif_images
from tests.integration.images.conftest import GRID_ACCESSION

TILE = f"/iiif/3/{GRID_ACCESSION}-1/0,0,500,500/250,/0/default.jpg"


def test_a_rendered_tile_is_sent_from_the_disk_cache(iiif_app, iiif_client, monkeypatch):
    store = iiif_app.extensions[iiif_images.DERIVATIVES_KEY]
    assert store is not None and str(store.folder).startswith(iiif_app.instance_path)
    # no memory cache: from disk or rendered
    monkeypatch.setitem(iiif_app.extensions, iiif_images.RENDERED_KEY, RenderedCache(max_bytes=0))
    rendered = []
    real = Pyramid.render
    monkeypatch.setattr(Pyramid, "render", lambda self, plan: rendered.append(plan) or real(self, plan))
    first = iiif_client.get(TILE.replace("250,", "250,250"))  # another spelling of the same request
    store.join()  # its file is written after the answer
    second = iiif_client.get(TILE)
    assert first.status_code == second.status_code == 200
    assert len(rendered) <= 1  # rendered at most once (not at all if an earlier test left the file)
    assert second.is_streamed  # a file handed to the server (its file wrapper), not bytes in memory
    assert second.data == first.data and second.headers["ETag"] == first.headers["ETag"]
    assert second.headers["Cache-Control"] == first.headers["Cache-Control"] == "public, max-age=86400"
    assert second.mimetype == "image/jpeg" and "no-cache" not in second.headers["Cache-Control"]
    assert iiif_client.get(TILE, headers={"If-None-Match": second.headers["ETag"]}).status_code == 304
    assert store.measure() <= store.max_bytes


def test_byte_ranges_of_a_tile_from_memory_and_from_its_file(iiif_app, iiif_client, monkeypatch):
    """A tile answers a Range request with the bytes asked for (206, Content-Range), whether it comes from
    memory or from the shared file; If-Range with another ETag gets the whole tile."""
    whole = iiif_client.get(TILE)
    assert whole.status_code == 200 and whole.headers["Accept-Ranges"] == "bytes"
    size, etag = len(whole.data), whole.headers["ETag"]
    part = iiif_client.get(TILE, headers={"Range": "bytes=10-109"})
    assert part.status_code == 206 and part.data == whole.data[10:110]
    assert part.headers["Content-Range"] == f"bytes 10-109/{size}" and part.headers["ETag"] == etag
    iiif_app.extensions[iiif_images.DERIVATIVES_KEY].join()
    monkeypatch.setitem(iiif_app.extensions, iiif_images.RENDERED_KEY, RenderedCache(max_bytes=0))
    tail = iiif_client.get(TILE, headers={"Range": f"bytes={size - 50}-"})  # from the file now
    assert tail.status_code == 206 and tail.is_streamed and tail.data == whole.data[-50:]
    stale = iiif_client.get(TILE, headers={"Range": "bytes=0-9", "If-Range": '"another"'})
    assert stale.status_code == 200 and stale.data == whole.data
    assert iiif_client.get(TILE, headers={"Range": f"bytes={size + 10}-"}).status_code == 416
