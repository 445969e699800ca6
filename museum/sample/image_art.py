"""Sample object images drawn here (no downloads): shaded silhouettes of each object at its catalogued
size, rubbings, and a long handscroll. Every picture carries a 10 cm scale bar and its accession number.

Shapes are profiles in centimetres (half-width at a height, bottom to top) turned into lit solids;
they are illustrations for the sample catalogue, not documentation of the real objects.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_PATHS = ("/usr/share/fonts/truetype/arphic/ukai.ttc",  # Debian fonts-arphic-ukai: a brush (kai) face
              "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
BRONZE = ((62, 104, 86), (128, 96, 58))  # patina green, bronze brown
POTTERY = ((150, 96, 70), (112, 72, 52))
STONE = ((140, 136, 128), (98, 96, 92))
GOLD = ((222, 178, 74), (170, 120, 40))
BONE = ((206, 190, 160), (150, 128, 100))
IRON = ((80, 78, 76), (120, 70, 50))


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


def _noise(height: int, width: int, seed: int, scale: int = 8) -> np.ndarray:
    rng = np.random.default_rng(seed)
    small = rng.random((max(2, height // scale), max(2, width // scale)))
    image = Image.fromarray((small * 255).astype(np.uint8)).resize((width, height), Image.BICUBIC)
    return np.asarray(image, dtype=np.float32) / 255


def _backdrop(width: int, height: int) -> Image.Image:
    ramp = np.linspace(238, 196, height, dtype=np.float32)[:, None, None]
    return Image.fromarray(np.broadcast_to(ramp, (height, width, 3)).astype(np.uint8))


def _lit(mask: Image.Image, palette, seed: int) -> Image.Image:
    """Material colour over ``mask``: patina noise, lit like a cylinder from the upper left."""
    width, height = mask.size
    columns = np.asarray(mask, dtype=np.float32) > 0
    inside = columns.any(axis=1)
    x0 = np.argmax(columns, axis=1)[:, None].astype(np.float32)
    x1 = (width - np.argmax(columns[:, ::-1], axis=1))[:, None].astype(np.float32)
    t = (np.arange(width, dtype=np.float32)[None, :] - x0) / np.maximum(x1 - x0 - 1, 1) * 2 - 1
    shade = 0.55 + 0.45 * np.cos((t + 0.35) * math.pi / 2.2).clip(0, 1)
    shade = np.where(columns & inside[:, None], shade, 0).astype(np.float32)
    mix = _noise(height, width, seed, 6)[..., None]
    base = np.array(palette[0], np.float32) * mix + np.array(palette[1], np.float32) * (1 - mix)
    colour = (base * shade[..., None] * 1.25).clip(0, 255).astype(np.uint8)
    return Image.fromarray(colour)


def _scale_and_label(image: Image.Image, px_per_cm: float, accession: str, dark: bool = False) -> None:
    draw = ImageDraw.Draw(image)
    ink = (235, 235, 225) if dark else (40, 40, 40)
    bar = round(10 * px_per_cm)
    x, y = 20, image.height - 24
    for step in range(10):
        fill = ink if step % 2 == 0 else ((90, 90, 90) if dark else (250, 250, 250))
        draw.rectangle([x + step * bar / 10, y, x + (step + 1) * bar / 10, y + 8], fill=fill, outline=ink)
    draw.text((x, y - 22), "10 cm", fill=ink, font=font(16))
    draw.text((image.width - 20, image.height - 12), accession, fill=ink, font=font(18), anchor="rs")


def solid(profile: list[tuple[float, float]], accession: str, palette=BRONZE, px_per_cm: float = 10,
          extras=None, seed: int = 1, extent: tuple[float, float] = (0, 0)) -> Image.Image:
    """A lit solid of revolution from ``profile`` [(half_width_cm, height_cm), ...] bottom to top;
    ``extras`` draw more shapes on the mask, inside ``extent`` (half-width, height in cm) if larger."""
    height_cm = max([h for _w, h in profile] + [extent[1]])
    half_cm = max([w for w, _h in profile] + [extent[0]])
    margin = 80
    width, height = round(2 * half_cm * px_per_cm) + 2 * margin, round(height_cm * px_per_cm) + 2 * margin
    centre, floor = width / 2, height - margin
    right = [(centre + w * px_per_cm, floor - h * px_per_cm) for w, h in profile]
    left = [(centre - w * px_per_cm, floor - h * px_per_cm) for w, h in reversed(profile)]
    mask = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(mask)
    draw.polygon(right + left, fill=255)
    for shape in extras or ():
        shape(draw, centre, floor, px_per_cm)
    image = _backdrop(width, height)
    shadow = Image.new("L", (width, height), 0)
    ImageDraw.Draw(shadow).ellipse([centre - half_cm * px_per_cm * 1.1, floor - 10,
                                    centre + half_cm * px_per_cm * 1.1, floor + 14], fill=120)
    image.paste((90, 90, 90), mask=shadow.filter(ImageFilter.GaussianBlur(8)))
    image.paste(_lit(mask, palette, seed), mask=mask.filter(ImageFilter.GaussianBlur(0.8)))
    _scale_and_label(image, px_per_cm, accession)
    return image


def bells(heights_cm: list[float], accession: str, px_per_cm: float = 10) -> Image.Image:
    """A set of chime bells hanging from a beam, tallest on the left."""
    gap = 4
    width = round((sum(h * 0.62 for h in heights_cm) + gap * len(heights_cm)) * px_per_cm) + 160
    height = round((max(heights_cm) + 24) * px_per_cm) + 120
    image = _backdrop(width, height)
    mask = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(mask)
    beam_y = 60
    draw.rectangle([40, beam_y - 14, width - 40, beam_y], fill=255)
    x = 80.0
    for h in heights_cm:
        w = h * 0.62 * px_per_cm
        top = beam_y + 6 * px_per_cm
        draw.rectangle([x + w / 2 - 3, beam_y, x + w / 2 + 3, top], fill=255)  # hanger
        draw.polygon([(x + w * 0.18, top), (x + w * 0.82, top), (x + w, top + h * px_per_cm),
                      (x + w / 2, top + h * px_per_cm * 0.9), (x, top + h * px_per_cm)], fill=255)
        x += w + gap * px_per_cm
    image.paste(_lit(mask, BRONZE, 14), mask=mask)
    _scale_and_label(image, px_per_cm, accession)
    return image


def rubbing(text: str, width_cm: float, height_cm: float, accession: str, px_per_cm: float = 6,
            fish: int = 0, seed: int = 3) -> Image.Image:
    """Ink rubbing: black paper, characters and carvings left white, in columns read right to left."""
    width, height = round(width_cm * px_per_cm), round(height_cm * px_per_cm)
    paper = 30 + 40 * _noise(height, width, seed, 3) + 25 * _noise(height, width, seed + 1, 40)
    image = Image.fromarray(np.repeat(paper[..., None], 3, axis=2).clip(0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    cell = max(24, round(min(width, height) / 14))
    glyphs = [c for c in text if not c.isspace() and c not in "，。、（）()：；,.:;"] or ["石"]
    index, face = 0, font(round(cell * 0.8))
    for x in range(width - cell - cell // 2, cell // 2, -cell):
        for y in range(cell, height - 2 * cell, cell):
            draw.text((x, y), glyphs[index % len(glyphs)], fill=(214, 210, 200), font=face)
            index += 1
    for n in range(fish):
        cx, cy = width * (0.3 + 0.4 * n), height * 0.8
        draw.ellipse([cx - 4 * cell, cy - cell, cx + 4 * cell, cy + cell], outline=(220, 216, 205), width=6)
        draw.polygon([(cx + 4 * cell, cy), (cx + 5.5 * cell, cy - cell), (cx + 5.5 * cell, cy + cell)],
                     outline=(220, 216, 205), width=6)
    _scale_and_label(image, px_per_cm, accession, dark=True)
    return image


def handscroll(accession: str, width_cm: float = 547.8, height_cm: float = 30.8,
               px_per_cm: float = 20, scenes: int = 5, seed: int = 7) -> Image.Image:
    """A long silk handscroll with ``scenes`` episodes separated by standing screens, and red seals."""
    width, height = round(width_cm * px_per_cm), round(height_cm * px_per_cm)
    silk = _noise(height, width, seed, 4)[..., None]
    base = np.array((196, 170, 120), np.float32) * (0.9 + 0.12 * silk)
    image = Image.fromarray(base.clip(0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    rng = np.random.default_rng(seed)
    panel = width / scenes
    robes = [(40, 40, 46), (168, 52, 40), (60, 90, 120), (226, 214, 190), (70, 110, 70)]
    for scene in range(scenes):
        x0 = scene * panel
        if scene:
            draw.rectangle([x0 - 30, height * 0.12, x0 + 30, height * 0.92], fill=(118, 96, 66))
            draw.rectangle([x0 - 22, height * 0.16, x0 + 22, height * 0.88], fill=(214, 206, 180))
        for _ in range(int(rng.integers(4, 8))):
            fx = x0 + rng.uniform(0.1, 0.9) * panel
            fy = height * rng.uniform(0.35, 0.55)
            size = height * rng.uniform(0.32, 0.42)
            robe = robes[int(rng.integers(len(robes)))]
            draw.polygon([(fx, fy), (fx - size * 0.22, fy + size), (fx + size * 0.22, fy + size)], fill=robe)
            draw.ellipse([fx - size * 0.07, fy - size * 0.17, fx + size * 0.07, fy], fill=(232, 206, 170))
            draw.rectangle([fx - size * 0.05, fy - size * 0.22, fx + size * 0.05, fy - size * 0.15],
                           fill=(20, 20, 20))
        tx = x0 + rng.uniform(0.2, 0.7) * panel
        draw.rectangle([tx, height * 0.72, tx + panel * 0.18, height * 0.76], fill=(90, 50, 30))
    for sx in (width * 0.02, width * 0.985, width * 0.5):
        draw.rectangle([sx, height * 0.08, sx + 60, height * 0.08 + 60], fill=(190, 30, 30))
    _scale_and_label(image, px_per_cm, accession)
    return image
