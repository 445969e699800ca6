"""The picture around a drawn object: its backdrop and frame, the soft drop shadow, pasting over a mask's
box, carved or raised edges, fonts and characters set in columns, red seals, and the scale bar and accession
number every sample picture carries.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from museum.sample.art.materials import VERMILION

FONT_PATHS = ("/usr/share/fonts/truetype/arphic/ukai.ttc",  # Debian fonts-arphic-ukai: a brush (kai) face
              "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")


@lru_cache(maxsize=32)
def font(size: int) -> ImageFont.ImageFont:
    # The basic layout engine: with raqm, Pillow 12 sometimes computed absurd glyph masks here.
    face = next((ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.BASIC)
                 for path in FONT_PATHS if Path(path).exists()), None)
    face = face or ImageFont.load_default(size)
    # FreeType renders the very first glyphs of a face slightly differently; draw once so that every
    # picture is byte-for-byte reproducible (the sample step skips images already attached by content).
    ImageDraw.Draw(Image.new("L", (8 * size, 2 * size))).text((0, 0), "10 cm 石", font=face, fill=255)
    return face


def backdrop(width: int, height: int) -> Image.Image:
    ramp = np.linspace(238, 196, height, dtype=np.float32)[:, None, None]
    return Image.fromarray(np.broadcast_to(ramp, (height, width, 3)).astype(np.uint8))


def frame(width_cm: float, height_cm: float, px_per_cm: float, margin: int = 80,
          dark: bool = False) -> tuple[Image.Image, tuple[float, float, float, float]]:
    """A backdrop sized for an object of ``width_cm`` × ``height_cm``, and the object's box in pixels."""
    width = round(width_cm * px_per_cm) + 2 * margin
    height = round(height_cm * px_per_cm) + 2 * margin
    image = backdrop(width, height) if not dark else Image.new("RGB", (width, height), (46, 44, 42))
    return image, (margin, margin, width - margin, height - margin)


def paste(image: Image.Image, source, mask: Image.Image) -> None:
    """``image.paste(source, mask=mask)`` over the mask's bounding box only (most masks cover a part)."""
    box = mask.getbbox()
    if box is not None:
        image.paste(source if isinstance(source, tuple) else source.crop(box), box, mask.crop(box))


def fit(*sizes_cm: float, longest: int = 1000) -> float:
    """Pixels per cm so that the largest of ``sizes_cm`` spans ``longest`` pixels."""
    return longest / max(sizes_cm)


def shadow(image: Image.Image, mask: Image.Image, offset: int = 10, blur: int = 10) -> None:
    """A soft drop shadow of ``mask``, blurred at a quarter of the size (a quarter of the time)."""
    small = mask.reduce(4).transform((mask.width // 4, mask.height // 4), Image.AFFINE,
                                     (1, 0, -offset / 4, 0, 1, -offset / 4))
    soft = small.filter(ImageFilter.GaussianBlur(blur / 4)).point(lambda v: v * 0.6).resize(mask.size,
                                                                                           Image.BILINEAR)
    paste(image, (96, 92, 86), soft)


def _relief(mask: Image.Image, depth: int = 3) -> tuple[Image.Image, Image.Image]:
    """Light and dark edges of ``mask`` (a carving or a raised rim lit from the upper left)."""
    shifted = mask.transform(mask.size, Image.AFFINE, (1, 0, depth, 0, 1, depth))
    light = ImageChops.subtract(mask, shifted)
    dark = ImageChops.subtract(shifted, mask)
    return light, dark


def carve(image: Image.Image, mask: Image.Image, raised: bool = True, depth: int = 3) -> None:
    """Shade ``mask`` on ``image`` as raised (lit top-left edges) or incised (the reverse)."""
    light, dark = _relief(mask, depth)
    if not raised:
        light, dark = dark, light
    paste(image, (255, 250, 236), light.point(lambda v: v * 0.55))
    paste(image, (20, 16, 12), dark.point(lambda v: v * 0.6))


def glyph_text(draw, box, text: str, size: int, fill, columns: bool = True, gap: float = 1.25) -> None:
    """``text`` in ``box`` in vertical columns read right to left (or rows if not ``columns``)."""
    x0, y0, x1, y1 = box
    face, step = font(size), round(size * gap)
    glyphs = [c for c in text if not c.isspace()] or ["石"]
    index = 0
    if columns:
        x = x1 - size
        while x >= x0 and index < len(glyphs):
            y = y0
            while y + size <= y1 and index < len(glyphs):
                draw.text((x, y), glyphs[index], fill=fill, font=face)
                index, y = index + 1, y + size + size // 8
            x -= step
    else:
        y = y0
        while y + size <= y1 and index < len(glyphs):
            x = x0
            while x + size <= x1 and index < len(glyphs):
                draw.text((x, y), glyphs[index], fill=fill, font=face)
                index, x = index + 1, x + size + size // 8
            y += step


def seal_mark(draw, x: float, y: float, size: float, text: str = "收藏") -> None:
    """A red square seal, its characters left white."""
    draw.rectangle([x, y, x + size, y + size], fill=VERMILION)
    glyphs = list(text[:4])
    half = len(glyphs) > 2
    cell = size / 2 if half or len(glyphs) == 2 else size
    face = font(max(8, round(cell * 0.78)))
    for index, glyph in enumerate(glyphs):
        col, row = (1 - index // 2, index % 2) if half else (0, index) if len(glyphs) == 2 else (0, 0)
        gx = x + (col * cell if half else (size - cell) / 2 if len(glyphs) == 2 else 0) + cell * 0.11
        gy = y + row * cell + cell * 0.08
        draw.text((gx, gy), glyph, fill=(246, 226, 214), font=face)


def bar_length(px_per_cm: float, width: int) -> int:
    """The scale bar's length in cm: the longest of 1, 2, 5, 10, 20, 50, 100 cm within 40% of ``width``."""
    return next((cm for cm in (100, 50, 20, 10, 5, 2) if cm * px_per_cm <= 0.4 * width), 1)


def scale_and_label(image: Image.Image, px_per_cm: float, accession: str, dark: bool = False,
                    bar_cm: int = 10, legible: bool = False) -> None:
    """The scale bar (``bar_cm`` long in ten steps) and the accession number; ``legible`` sizes the words
    and the bar to the picture (still readable where a page shows it at a third of its size)."""
    draw = ImageDraw.Draw(image)
    ink = (235, 235, 225) if dark else (40, 40, 40)
    bar = round(bar_cm * px_per_cm)
    text = max(16, round(max(image.size) / 42)) if legible else 16
    thick = max(8, round(text / 2.4)) if legible else 8
    x, y = 20, image.height - 16 - thick
    for step in range(10):
        fill = ink if step % 2 == 0 else ((90, 90, 90) if dark else (250, 250, 250))
        draw.rectangle([x + step * bar / 10, y, x + (step + 1) * bar / 10, y + thick], fill=fill, outline=ink)
    draw.text((x, y - text - 6), "1 m" if bar_cm == 100 else f"{bar_cm} cm", fill=ink, font=font(text))
    draw.text((image.width - 20, image.height - 12), accession, fill=ink, font=font(text if legible else 18),
              anchor="rs")


def finish(image: Image.Image, px_per_cm: float, accession: str, dark: bool = False) -> None:
    """The plausible records' scale bar (its length chosen to fit) and accession number, sized to be read."""
    scale_and_label(image, px_per_cm, accession, dark, bar_length(px_per_cm, image.width), legible=True)
