"""Rendering IIIF requests from a pyramidal TIFF with pyvips.

:class:`Pyramid` keeps the pages (levels) of one pyramid open; a request is cut from the smallest level
that still has at least the requested resolution, so a 512 px tile of a 20,000 × 15,000 image decodes only
the few 256 px JPEG tiles it covers. Order of operations follows the spec: region, size, mirroring,
rotation, quality, format. Output carries no metadata.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

import pyvips

from assets.images.cost import choose_level
from assets.images.exceptions import IIIFImageNotFound
from assets.images.iiif_request import Plan

JPEG_QUALITY = 85
WEBP_QUALITY = 80
WEBP_EFFORT = 2  # libwebp's default 4 is three times slower for files a few per cent smaller


class Pyramid:
    """The levels of one pyramidal TIFF; level 0 is full resolution.

    Opening reads the first page's header only; another level is opened when a request first needs it, and
    its JPEG tiles are decoded only where a request reads. ``sizes``, when the caller knows them (the sizes
    our ingest writes for the image's row), spare reading every page's header to choose a level; a level
    found to differ when opened makes the real sizes be read instead.
    """

    def __init__(self, path: str | Path, sizes: list[tuple[int, int]] | None = None):
        self.path = Path(path)
        try:
            stat = self.path.stat()
            first = _open_page(self.path, 0)
        except (pyvips.Error, FileNotFoundError):
            raise IIIFImageNotFound(f"image file {self.path.name} is missing or unreadable") from None
        count = int(first.get("n-pages")) if first.get_typeof("n-pages") else 1
        self._levels: list[pyvips.Image | None] = [first] + [None] * (count - 1)
        self._lock = threading.Lock()
        self.width, self.height = first.width, first.height
        self.mtime = stat.st_mtime
        # which bytes these are: a file replaced in place (same name) has another version
        self.version = f"{stat.st_mtime_ns}-{stat.st_size}-{stat.st_ino}"
        expected = [tuple(size) for size in sizes or ()]
        fits = len(expected) == count and expected[:1] == [(first.width, first.height)]
        self._sizes: list[tuple[int, int]] | None = expected if fits else None

    @property
    def levels(self) -> list[pyvips.Image]:
        return [self.level(index) for index in range(len(self._levels))]

    def level(self, index: int) -> pyvips.Image:
        image = self._levels[index]
        if image is None:
            with self._lock:
                image = self._levels[index]
                if image is None:
                    image = _open_page(self.path, index)
                    self._levels[index] = image
                    if self._sizes is not None and self._sizes[index] != (image.width, image.height):
                        self._sizes = None  # not the pyramid the caller expected: read its real sizes
        return image

    @property
    def sizes(self) -> list[tuple[int, int]]:
        """Each level's size (read once: headers only)."""
        if self._sizes is None:
            self._sizes = [(level.width, level.height) for level in self.levels]
        return self._sizes

    @property
    def scale_factors(self) -> list[int]:
        return [2**index for index in range(len(self._levels))]

    def render(self, plan: Plan) -> bytes:
        return encode(self.cut(plan), plan.format, bitonal=plan.quality == "bitonal")

    def cut(self, plan: Plan) -> pyvips.Image:
        """The region of ``plan`` at its output size, mirrored, rotated and in its quality."""
        level = self._level_for(plan)
        fx, fy = level.width / self.width, level.height / self.height
        x0, y0 = int(plan.x * fx), int(plan.y * fy)
        x1 = min(level.width, max(x0 + 1, round((plan.x + plan.w) * fx)))
        y1 = min(level.height, max(y0 + 1, round((plan.y + plan.h) * fy)))
        image = level.crop(x0, y0, x1 - x0, y1 - y0)
        image = _resize_exactly(image, plan.width, plan.height)
        if plan.mirror:
            image = image.fliphor()
        image = _rotate(image, plan.rotation, keep_alpha=plan.format != "jpg")
        return _apply_quality(image, plan.quality)

    def _level_for(self, plan: Plan) -> pyvips.Image:
        return self.level(choose_level(plan, self.sizes))  # the level the cost model counted


def _open_page(path: Path, page: int) -> pyvips.Image:
    """One page of a TIFF, read through its own source: libvips (before 8.15's ``revalidate``) caches
    ``new_from_file`` by file name and would hand back a replaced file's old pixels."""
    return pyvips.Image.new_from_source(pyvips.Source.new_from_file(str(path)), "", page=page)


def encode(image: pyvips.Image, fmt: str, bitonal: bool = False) -> bytes:
    if fmt == "jpg":
        if image.hasalpha():
            image = image.flatten(background=[255] * (image.bands - 1))
        return image.jpegsave_buffer(Q=JPEG_QUALITY, strip=True)
    if fmt == "png":
        if bitonal and not image.hasalpha():
            return image.pngsave_buffer(bitdepth=1, strip=True)
        return image.pngsave_buffer(compression=3, strip=True)
    if fmt == "webp":
        return image.webpsave_buffer(Q=WEBP_QUALITY, effort=WEBP_EFFORT, strip=True)
    if fmt == "tif":
        return image.tiffsave_buffer(compression="deflate", strip=True)
    raise ValueError(f"no encoder for {fmt}")


def _resize_exactly(image: pyvips.Image, width: int, height: int) -> pyvips.Image:
    if (image.width, image.height) == (width, height):
        return image
    hscale, vscale = width / image.width, height / image.height
    # The level chosen has at least the output's resolution, so a reduction is by less than 2: bilinear
    # there (IIPImage's default too) costs 40 % less than lanczos3 for a 1,000 px thumbnail and differs
    # little at that ratio; a larger reduction (a pyramid missing levels) keeps lanczos3.
    if hscale < 0.5 or vscale < 0.5:
        kernel = "lanczos3"
    else:
        kernel = "linear" if hscale < 1 or vscale < 1 else "cubic"
    resized = image.resize(hscale, vscale=vscale, kernel=kernel)
    if (resized.width, resized.height) != (width, height):  # rounding inside vips: fix by one pixel
        resized = resized.embed(0, 0, max(width, resized.width), max(height, resized.height), extend="copy")
        resized = resized.crop(0, 0, width, height)
    return resized


def _rotate(image: pyvips.Image, degrees: float, keep_alpha: bool) -> pyvips.Image:
    if degrees == 0:
        return image
    if degrees == 90:
        return image.rot90()
    if degrees == 180:
        return image.rot180()
    if degrees == 270:
        return image.rot270()
    if keep_alpha and not image.hasalpha():
        image = image.bandjoin(255)
    background = [0] * image.bands if keep_alpha else [255] * image.bands
    # vips turns clockwise for positive angles in image coordinates (y down), as IIIF wants.
    return image.rotate(degrees, background=background)


def _apply_quality(image: pyvips.Image, quality: str) -> pyvips.Image:
    if quality in ("default", "color"):
        return image
    alpha = None
    if image.hasalpha():
        image, alpha = image.extract_band(0, n=image.bands - 1), image.extract_band(image.bands - 1)
    grey = image.colourspace("b-w")
    if quality == "bitonal":
        grey = (grey >= 128).cast("uchar")
    return grey.bandjoin(alpha) if alpha is not None else grey


class PyramidCache:
    """The most recently used open pyramids, reopened when the file on disk changes."""

    def __init__(self, capacity: int = 64):
        self.capacity = capacity
        self._items: OrderedDict[str, Pyramid] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, path: str | Path, sizes: list[tuple[int, int]] | None = None) -> Pyramid:
        """The open pyramid at ``path`` (``sizes``: what its levels should be, see :class:`Pyramid`)."""
        key = str(path)
        with self._lock:
            pyramid = self._items.get(key)
            if pyramid is not None:
                self._items.move_to_end(key)
        if pyramid is not None:
            try:
                stat = Path(key).stat()
                if f"{stat.st_mtime_ns}-{stat.st_size}-{stat.st_ino}" == pyramid.version:
                    return pyramid
            except FileNotFoundError:
                self.forget(key)
                raise IIIFImageNotFound(f"image file {Path(key).name} is missing") from None
        pyramid = Pyramid(key, sizes)
        with self._lock:
            self._items[key] = pyramid
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)
        return pyramid

    def forget(self, path: str | Path) -> None:
        with self._lock:
            self._items.pop(str(path), None)


class RenderedCache:
    """Encoded outputs (tiles, thumbnails) by key, least recently used first out, within a byte budget."""

    def __init__(self, max_bytes: int = 64 * 1024 * 1024):
        self.max_bytes = max_bytes
        self.size = 0
        self._items: OrderedDict[tuple, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> bytes | None:
        with self._lock:
            data = self._items.get(key)
            if data is not None:
                self._items.move_to_end(key)
            return data

    def put(self, key: tuple, data: bytes) -> None:
        if len(data) > self.max_bytes // 8:  # one huge output must not flush everything else
            return
        with self._lock:
            previous = self._items.pop(key, None)
            self.size -= len(previous) if previous is not None else 0
            self._items[key] = data
            self.size += len(data)
            while self.size > self.max_bytes and self._items:
                _key, dropped = self._items.popitem(last=False)
                self.size -= len(dropped)
