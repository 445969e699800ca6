"""Watermarks for downloads of restricted images: the museum's mark across the middle, faint, and a band
along the bottom with the mark and the rights line, legible. Framework-free (pyvips and Pango only)."""

from __future__ import annotations

import html

import pyvips

BAND_OPACITY = 0.62  # the band's darkness over the picture
MARK_OPACITY = 0.28  # the central mark's whiteness over the picture


def _text(text: str, width: int, height: int) -> pyvips.Image:
    """One line of ``text`` as a mask (0–255) fitted into width × height."""
    return pyvips.Image.text(html.escape(text), font="sans", width=max(1, width), height=max(1, height),
                             align="centre")


def _blend(base: pyvips.Image, mask: pyvips.Image, colour: float, opacity: float, x: int, y: int):
    """``base`` with ``colour`` laid over it where ``mask`` is set, at ``opacity``."""
    alpha = pyvips.Image.black(base.width, base.height).insert(mask, x, y) * (opacity / 255.0)
    return base * (1 - alpha) + alpha * colour


def watermark(image: pyvips.Image, mark: str, rights_line: str) -> pyvips.Image:
    """``image`` (sRGB, 3 bands, uchar) with ``mark`` across it and a band of ``mark · rights_line``."""
    if image.hasalpha():
        image = image.flatten(background=[255] * (image.bands - 1))
    width, height = image.width, image.height
    band_h = max(18, round(min(width, height) * 0.07))
    band = pyvips.Image.black(width, band_h) + 255
    result = _blend(image, band.crop(0, 0, width, band_h), 0, BAND_OPACITY, 0, height - band_h)
    line = _text(f"{mark} · {rights_line}", width - band_h, round(band_h * 0.6))
    result = _blend(result, line, 255, 1.0, (width - line.width) // 2,
                    height - band_h + (band_h - line.height) // 2)
    big = _text(mark, round(width * 0.8), round(height * 0.18))
    result = _blend(result, big, 255, MARK_OPACITY, (width - big.width) // 2, (height - big.height) // 2)
    return result.cast("uchar")
