"""Image ingest's tools: check an uploaded image and build the pyramidal tiled TIFF that serving reads
(:mod:`assets.images.kind` puts them together and stores the result).

Checks, in order, before any pixel is decoded: byte size, content type by magic bytes, the header's
width × height × pages against the pixel limit (decompression bombs). Then every page is decoded in full
(truncated or corrupt files fail here), turned upright by its EXIF orientation, converted to 8-bit sRGB
(16-bit and CMYK sources included, alpha flattened on white) and written as a JPEG-compressed tiled
pyramid with all metadata stripped (so EXIF GPS never reaches a derivative). A pyramid is written to a
temporary name and renamed, so an interrupted ingest leaves nothing half-written behind.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyvips

from assets.images.exceptions import CorruptImage, FileTooLarge, TooManyPixels
from assets.images.sniff import ACCEPTED, sniff_file
from assets.media import Derivative, Limits

DEFAULT_MAX_BYTES = 2 * 1024**3  # 2 GiB
DEFAULT_MAX_PIXELS = 400_000_000  # a 20,000 × 20,000 master; more is refused as a possible bomb
PYRAMID_TILE = 256
PYRAMID_QUALITY = 90

Progress = Callable[[int], None]  # percent done, 0..100


LIMITS = Limits(max_bytes=DEFAULT_MAX_BYTES, max_pixels=DEFAULT_MAX_PIXELS)


@dataclass(frozen=True)
class SourceInfo:
    """What the header of a source file says (nothing decoded yet)."""

    path: Path
    format: str  # key of sniff.ACCEPTED
    media_type: str
    width: int  # of the first page, before EXIF orientation
    height: int
    pages: int
    bits_per_sample: int
    orientation: int  # EXIF orientation 1..8 (1 when absent)
    size_bytes: int


_BITS = {"uchar": 8, "char": 8, "ushort": 16, "short": 16, "uint": 32, "int": 32, "float": 32,
         "double": 64}


def inspect(path: str | Path, limits: Limits = LIMITS) -> SourceInfo:
    """Check size, content type and pixel count of ``path`` from its header; raise a clear error."""
    path = Path(path)
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise FileTooLarge(
            f"{path.name}: {size:,} bytes is more than the limit of {limits.max_bytes:,} bytes")
    kind = sniff_file(path)
    try:
        header = pyvips.Image.new_from_file(str(path), access="sequential", fail_on="error")
    except pyvips.Error as error:
        raise CorruptImage(
            f"{path.name}: cannot read the {kind.upper()} header ({_first_line(error)})") from None
    pages = _page_count(header)
    pixels = header.width * header.height * pages
    if pixels > limits.max_pixels:
        raise TooManyPixels(
            f"{path.name}: {header.width:,} × {header.height:,} px × {pages} page(s) = {pixels:,} pixels "
            f"is more than the limit of {limits.max_pixels:,} (possible decompression bomb)"
        )
    orientation = header.get("orientation") if header.get_typeof("orientation") else 1
    return SourceInfo(path, kind, ACCEPTED[kind][0], header.width, header.height, pages,
                      _BITS.get(header.format, 8), int(orientation or 1), size)


def build_pyramid(info: SourceInfo, destination: str | Path, page: int = 0,
                  progress: Progress | None = None, tile_size: int = PYRAMID_TILE) -> Derivative:
    """Decode page ``page`` of the checked source and write the pyramid to ``destination``; its metadata
    are the page and the upright pixel size (after EXIF orientation) and the number of levels."""
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    name = info.path.name
    try:
        options = {"page": page} if info.pages > 1 else {}
        # A full decoding pass that fails on any error (truncation included). libvips 8.14 can crash
        # when a load error happens inside a pyramid save, so the save below reads a checked file.
        pyvips.Image.new_from_file(str(info.path), access="sequential", fail_on="error", **options).avg()
        access = "sequential" if info.orientation == 1 else "random"
        image = pyvips.Image.new_from_file(str(info.path), access=access, **options)
        image = _upright_srgb8(image)
        if progress is not None:
            _watch(image, progress)
        temporary = destination.with_name(destination.name + ".part")
        image.tiffsave(str(temporary), tile=True, pyramid=True, compression="jpeg", Q=PYRAMID_QUALITY,
                       tile_width=tile_size, tile_height=tile_size, strip=True)
    except pyvips.Error as error:
        _remove_quietly(destination.with_name(destination.name + ".part"))
        raise CorruptImage(f"{name}: page {page + 1} cannot be decoded, the file is truncated or "
                           f"corrupt ({_first_line(error)})") from None
    os.replace(temporary, destination)
    # through a new source: libvips 8.14's cache of new_from_file would count a replaced file's levels
    levels = _page_count(pyvips.Image.new_from_source(pyvips.Source.new_from_file(str(destination)), ""))
    return Derivative("pyramid", "image/tiff", destination.stat().st_size, path=destination,
                      metadata={"page": page, "width": image.width, "height": image.height, "levels": levels})


def _upright_srgb8(image: pyvips.Image) -> pyvips.Image:
    image = image.autorot()  # honours and removes the EXIF orientation tag
    if image.get_typeof("icc-profile-data"):
        try:
            image = image.icc_transform("srgb", embedded=True, intent="perceptual")
        except pyvips.Error:
            pass  # a broken embedded profile: fall back to the interpretation below
    if image.interpretation not in ("srgb", "b-w") or image.format != "uchar":
        image = image.colourspace("srgb")
    if image.hasalpha():
        image = image.flatten(background=[255] * (image.bands - 1))
    if image.bands == 1:
        image = image.colourspace("srgb")
    if image.format != "uchar":
        image = image.cast("uchar")
    return image


def _watch(image: pyvips.Image, progress: Progress) -> None:
    image.set_progress(True)
    image.signal_connect("eval", lambda _image, state: progress(int(state.percent)))


def _page_count(image: pyvips.Image) -> int:
    return int(image.get("n-pages")) if image.get_typeof("n-pages") else 1


def _first_line(error: Exception) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[-1] if lines else type(error).__name__


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
