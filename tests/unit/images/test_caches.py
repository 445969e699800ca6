"""The IIIF caches: rendered images in a worker's memory and on disk (byte bounds, least recently used out,
a replaced image never answered from its predecessor), and open pyramids (levels opened as needed)."""

from __future__ import annotations

import os
import shutil

import pytest

from assets.images.cost import pyramid_sizes
from assets.images.derivatives import DerivativeStore, derivative_key
from assets.images.exceptions import IIIFImageNotFound
from assets.images.iiif_request import ImageRequest
from assets.images.kind import IMAGE
from assets.images.render import Pyramid, PyramidCache, RenderedCache
from assets.storage import LocalStorage


def _age(path, seconds_ago: float) -> None:
    when = os.stat(path).st_mtime - seconds_ago
    os.utime(path, (when, when))


def test_derivative_store_keeps_and_finds_files(tmp_path):
    store = DerivativeStore(tmp_path, max_bytes=10_000)
    key = derivative_key("2099.1-1", "sha", "v1", "full/max/0/default.jpg")
    assert store.get(key, "jpg") is None
    path = store.put(key, "jpg", b"tile")
    assert path.read_bytes() == b"tile" and store.get(key, "jpg") == path and path.suffix == ".jpg"
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".part")]  # written whole, renamed


def test_derivative_keys_differ_for_another_version_of_the_same_image():
    request = "0,0,512,512/256,/0/default.jpg"
    keys = {derivative_key("2099.1-1", "sha-a", "v1", request),
            derivative_key("2099.1-1", "sha-b", "v1", request),
            derivative_key("2099.1-1", "sha-a", "v2", request),
            derivative_key("2099.1-2", "sha-a", "v1", request)}
    assert len(keys) == 4
    assert derivative_key("a", "b") != derivative_key("a\x1fb")  # parts cannot run into each other


def test_derivative_store_stays_within_its_bound_least_recently_used_out(tmp_path):
    store = DerivativeStore(tmp_path, max_bytes=1000, low_water=0.5)
    paths = []
    for index in range(4):  # 4 × 120 bytes: under the bound
        paths.append(store.put(derivative_key(index), "jpg", bytes(120)))
        _age(paths[-1], 1000 - index * 100)  # the first written is the oldest
    _age(paths[0], -2000)  # ... but it was used last (a hit refreshes the age)
    assert store.get(derivative_key(0), "jpg") == paths[0]
    for index in range(4, 9):  # over 1000 bytes: pruned down to 500
        paths.append(store.put(derivative_key(index), "jpg", bytes(120)))
    assert store.measure() <= 1000
    kept = {p for p in paths if p.exists()}
    assert paths[0] in kept and paths[-1] in kept
    assert not {paths[1], paths[2]} & kept  # the least recently used went first


def test_writes_handed_to_the_background_thread_are_done_by_join(tmp_path):
    store = DerivativeStore(tmp_path, max_bytes=10_000)
    assert all(store.put_later(derivative_key(index), "jpg", b"tile") for index in range(20))
    store.join()
    assert all(store.get(derivative_key(index), "jpg").read_bytes() == b"tile" for index in range(20))


def test_derivative_store_refuses_an_output_larger_than_an_eighth_of_its_bound(tmp_path):
    store = DerivativeStore(tmp_path, max_bytes=800)
    assert store.put(derivative_key("big"), "png", bytes(101)) is None
    assert store.get(derivative_key("big"), "png") is None and store.measure() == 0


def test_a_hit_on_an_old_file_refreshes_its_age(tmp_path):
    store = DerivativeStore(tmp_path, max_bytes=10_000)
    path = store.put(derivative_key("x"), "jpg", b"x")
    _age(path, 3600)
    before = os.stat(path).st_mtime
    store.get(derivative_key("x"), "jpg")
    assert os.stat(path).st_mtime > before + 3000


def test_rendered_cache_is_bounded_in_bytes_least_recently_used_out():
    cache = RenderedCache(max_bytes=800)
    for key in "abc":
        cache.put(key, bytes(100))
    assert cache.get("a") is not None  # a is now the most recently used
    for key in "defghi":
        cache.put(key, bytes(100))
    assert cache.size <= 800
    assert cache.get("a") is not None and cache.get("b") is None
    cache.put("huge", bytes(101))  # over an eighth: not kept (it would flush the rest)
    assert cache.get("huge") is None


@pytest.fixture
def two_pyramids(grid_png, tmp_path):
    """Pyramids of two different pictures: the grid and a plain one."""
    import pyvips

    plain = tmp_path / "plain.png"
    (pyvips.Image.black(1000, 1000, bands=3) + [20, 200, 20]).cast("uchar").pngsave(str(plain))
    storage = LocalStorage(tmp_path / "media")
    return [storage.local_path(IMAGE.ingest(source, storage, name).derivative("pyramid").key)
            for source, name in ((grid_png, "grid"), (plain, "plain"))]


def test_pyramid_opens_a_level_only_when_a_request_needs_it(two_pyramids):
    pyramid = Pyramid(two_pyramids[0], pyramid_sizes(1000, 1000))
    assert pyramid._levels[1:] and all(level is None for level in pyramid._levels[1:])
    plan = ImageRequest.parse("full", "250,", "0", "default.jpg").resolve(pyramid.width, pyramid.height)
    pyramid.render(plan)
    opened = [index for index, level in enumerate(pyramid._levels) if level is not None]
    assert opened == [0, 2]  # the header's page and the 250 px level


def test_pyramid_reads_its_real_sizes_when_the_expected_ones_are_wrong(two_pyramids):
    real = Pyramid(two_pyramids[0]).sizes
    wrong = [real[0]] + [(w + 1, h) for w, h in real[1:]]
    pyramid = Pyramid(two_pyramids[0], wrong)
    assert pyramid.sizes == wrong  # trusted until a level is opened
    pyramid.level(1)
    assert pyramid.sizes == real
    assert Pyramid(two_pyramids[0], real[:-1]).sizes == real  # another number of levels: not trusted


def test_pyramid_cache_reopens_a_file_replaced_under_the_same_name(two_pyramids, tmp_path):
    grid, plain = two_pyramids
    served = tmp_path / "served.tif"
    shutil.copy(grid, served)
    cache = PyramidCache()
    plan = ImageRequest.parse("0,0,100,100", "max", "0", "default.png").resolve(1000, 1000)
    first = cache.get(served)
    assert cache.get(served) is first
    grid_tile = first.render(plan)
    shutil.copy(plain, served.with_suffix(".new"))
    os.replace(served.with_suffix(".new"), served)
    second = cache.get(served)
    assert second is not first and second.version != first.version
    assert second.render(plan) != grid_tile  # its pixels, not libvips' cached ones of the old file
    served.unlink()
    with pytest.raises(IIIFImageNotFound):
        cache.get(served)
