"""What the sample pictures' objects are made of: palettes (the two colours a material is mottled between),
the noise and the one cached grain field that mottle them, and a material lit over a shape's mask, as a
turned body lit like a cylinder from the upper left (:func:`lit_round`) or as a flat face (:func:`lit_flat`).
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw

# Each palette is the two colours a material's mottling mixes.
BRONZE = ((62, 104, 86), (128, 96, 58))  # patina green, bronze brown
POTTERY = ((150, 96, 70), (112, 72, 52))
STONE = ((140, 136, 128), (98, 96, 92))
GOLD = ((222, 178, 74), (170, 120, 40))
BONE = ((206, 190, 160), (150, 128, 100))
IRON = ((80, 78, 76), (120, 70, 50))
PORCELAIN = ((240, 241, 238), (222, 226, 228))  # white porcelain body
CELADON = ((150, 182, 150), (118, 156, 128))
QINGBAI = ((206, 226, 224), (178, 206, 206))
BLACK_GLAZE = ((52, 40, 34), (24, 20, 18))
SILVER = ((222, 224, 228), (150, 154, 162))
COPPER = ((196, 120, 70), (150, 84, 52))
BRASS = ((210, 176, 96), (160, 124, 60))
ALUMINIUM = ((190, 194, 196), (140, 146, 148))
WOOD = ((150, 100, 58), (110, 70, 40))
ROSEWOOD = ((108, 50, 36), (70, 30, 24))
BAMBOO = ((196, 166, 102), (160, 126, 70))
JADE = ((168, 190, 150), (120, 150, 112))
IVORY = ((238, 226, 198), (212, 194, 160))
CLAY_GREY = ((150, 148, 142), (112, 110, 106))
ENAMEL = ((236, 232, 222), (216, 210, 196))
# Single colours: painted blue, seal red and ink; the grounds of paper, silk and gold leaf.
COBALT, VERMILION, INK = (40, 64, 142), (176, 36, 30), (34, 32, 30)
PAPER, SILK, GOLD_LEAF = (236, 228, 206), (214, 196, 156), (222, 196, 120)


def noise(height: int, width: int, seed: int, scale: int = 8) -> np.ndarray:
    """Smooth noise in [0, 1]: random values every ``scale`` pixels, interpolated bicubically."""
    rng = np.random.default_rng(seed)
    small = rng.random((max(2, height // scale), max(2, width // scale)))
    image = Image.fromarray((small * 255).astype(np.uint8)).resize((width, height), Image.BICUBIC)
    return np.asarray(image, dtype=np.float32) / 255


GRAIN_SIZE = 2048


@lru_cache(maxsize=1)
def _grain_field() -> np.ndarray:
    return noise(GRAIN_SIZE, GRAIN_SIZE, 2024, 14)


def mottle(height: int, width: int, seed: int) -> np.ndarray:
    """A ``height`` × ``width`` window of one cached noise field (the material's mottling), placed by
    ``seed``: drawing a fresh field for every picture was most of the drawing time."""
    if height > GRAIN_SIZE or width > GRAIN_SIZE:
        return noise(height, width, seed, 14)
    x, y = seed % (GRAIN_SIZE - width + 1), (seed // GRAIN_SIZE) % (GRAIN_SIZE - height + 1)
    return _grain_field()[y:y + height, x:x + width]


def _tinted(palette, seed: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """``palette`` varied a little by ``seed``: two objects of one type are not two copies."""
    rng = np.random.default_rng(seed)
    shift = rng.uniform(0.97, 1.03, 3) * rng.uniform(0.9, 1.06)  # a little lighter or darker, hardly a hue
    return tuple(tuple(int(min(255, c * k)) for c, k in zip(colour, shift, strict=True))
                 for colour in palette)


def lit_round(
    mask: Image.Image, palette, seed: int, paint=None, gloss: float = 0, grain: bool = False
) -> Image.Image:
    """Material colour over ``mask``: patina noise, lit like a cylinder from the upper left. ``paint`` draws
    decoration on the colour before it is lit (so painted glaze is shaded too); ``gloss`` adds a highlight."""
    if grain:
        return _turned(mask, palette, seed, paint, gloss)
    width, height = mask.size
    columns = np.asarray(mask, dtype=np.float32) > 0
    t, inside = _across(columns)
    shade = 0.55 + 0.45 * np.cos((t + 0.35) * math.pi / 2.2).clip(0, 1)
    shade = np.where(columns & inside[:, None], shade, 0).astype(np.float32)
    mix = noise(height, width, seed, 6)[..., None]
    base = np.array(palette[0], np.float32) * mix + np.array(palette[1], np.float32) * (1 - mix)
    if paint is not None:
        painted = Image.fromarray(base.clip(0, 255).astype(np.uint8))
        paint(ImageDraw.Draw(painted))
        base = np.asarray(painted, dtype=np.float32)
    colour = base * shade[..., None] * 1.25
    if gloss:
        colour += gloss * 255 * np.exp(-((t + 0.45) / 0.09) ** 2)[..., None] * (shade > 0)[..., None]
    return Image.fromarray(colour.clip(0, 255).astype(np.uint8))


def _turned(mask: Image.Image, palette, seed: int, paint=None, gloss: float = 0) -> Image.Image:
    """:func:`lit_round` with ``grain`` (the plausible records' pictures), in a fraction of its time: the
    cached grain, the colour mixed and painted by Pillow, and the shading computed only inside the mask's
    bounding box."""
    base = _painted(mask, palette, seed, paint)
    box = mask.getbbox() or (0, 0, 1, 1)
    columns = np.asarray(mask.crop(box)) > 0
    t, inside = _across(columns)
    shade = (0.55 + 0.45 * np.cos((t + 0.35) * math.pi / 2.2).clip(0, 1)) * 1.25
    if gloss:
        shade += gloss * 2.2 * np.exp(-((t + 0.45) / 0.09) ** 2)
    shade = np.where(columns & inside[:, None], shade, 0) * 128
    lit = np.asarray(base.crop(box), dtype=np.uint16) * shade.astype(np.uint16)[..., None] // 128
    if gloss:  # the highlight whitens the glaze rather than only brightening its colour
        lit += (gloss * 255 * np.exp(-((t + 0.45) / 0.09) ** 2) * columns).astype(np.uint16)[..., None] // 2
    return _placed(mask, lit, box[:2])


def lit_flat(mask: Image.Image, palette, seed: int, paint=None) -> Image.Image:
    """Material colour over ``mask`` lit as a flat face from the upper left (slabs, discs, panels)."""
    width, height = mask.size
    base = _painted(mask, palette, seed, paint)
    x0, y0, x1, y1 = mask.getbbox() or (0, 0, 1, 1)
    shade = (1.08 - 0.11 * (np.arange(x0, x1, dtype=np.float32)[None, :] / width
                            + np.arange(y0, y1, dtype=np.float32)[:, None] / height)) * 200
    lit = np.asarray(base.crop((x0, y0, x1, y1)), dtype=np.uint16) * shade.astype(np.uint16)[..., None] // 200
    return _placed(mask, lit, (x0, y0))


def _painted(mask: Image.Image, palette, seed: int, paint=None) -> Image.Image:
    """The material's colour over the whole of ``mask``'s size: ``palette`` tinted by ``seed`` and mixed by
    the softened grain, with ``paint`` drawn on it (before it is lit)."""
    mix = Image.fromarray((mottle(mask.height, mask.width, seed) * 150 + 52).astype(np.uint8))  # softened
    first, second = _tinted(palette, seed)
    base = Image.composite(Image.new("RGB", mask.size, first), Image.new("RGB", mask.size, second), mix)
    if paint is not None:
        paint(ImageDraw.Draw(base))
    return base


def _across(columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each pixel of the (rows × columns) boolean ``columns`` lies across its row's extent, from -1 at
    its left end to 1 at its right (a cylinder's surface seen front-on), and which rows have any pixel."""
    width = columns.shape[1]
    inside = columns.any(axis=1)
    x0 = np.argmax(columns, axis=1)[:, None].astype(np.float32)
    x1 = (width - np.argmax(columns[:, ::-1], axis=1))[:, None].astype(np.float32)
    t = (np.arange(width, dtype=np.float32)[None, :] - x0) / np.maximum(x1 - x0 - 1, 1) * 2 - 1
    return t, inside


def _placed(mask: Image.Image, lit: np.ndarray, corner: tuple[int, int]) -> Image.Image:
    """The lit pixels of ``mask``'s bounding box (top left at ``corner``) on a black picture of its size."""
    out = Image.new("RGB", mask.size)
    out.paste(Image.fromarray(lit.clip(0, 255).astype(np.uint8)), corner)
    return out
