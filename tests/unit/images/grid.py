"""Test images made here: the IIIF validator's 10 × 10 colour grid and small crafted files."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from PIL import Image, ImageDraw


def validator_colours() -> list[list[tuple[int, int, int]]]:
    from iiif_validator.validator import ValidationInfo

    return ValidationInfo().colorInfo


def make_validator_grid(path: Path) -> Path:
    """1000 × 1000 px, square (x, y) of 100 px filled with ``colorInfo[x][y]`` (as the validator expects)."""
    colours = validator_colours()
    image = Image.new("RGB", (1000, 1000))
    draw = ImageDraw.Draw(image)
    for x in range(10):
        for y in range(10):
            draw.rectangle([x * 100, y * 100, x * 100 + 99, y * 100 + 99], fill=colours[x][y])
    image.save(path)
    return path


def make_png_bomb(path: Path, width: int = 100_000, height: int = 100_000) -> Path:
    """A PNG whose header claims width × height pixels but holds almost no data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    row = b"\x00" + b"\x00" * width
    body = zlib.compress(row * 16, 9)  # 16 rows: the rest is missing
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body)
                     + chunk(b"IEND", b""))
    return path


def dominant_colour(image: Image.Image) -> tuple[int, ...]:
    colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    return max(colours)[1]


def close(a, b, tolerance: int = 8) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))
