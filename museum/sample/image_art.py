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
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

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


GRAIN_SIZE = 2048


@lru_cache(maxsize=1)
def _grain_field() -> np.ndarray:
    return _noise(GRAIN_SIZE, GRAIN_SIZE, 2024, 14)


def _grain(height: int, width: int, seed: int) -> np.ndarray:
    """A ``height`` × ``width`` window of one cached noise field (the material's mottling), placed by
    ``seed``: drawing a fresh field for every picture was most of the drawing time."""
    if height > GRAIN_SIZE or width > GRAIN_SIZE:
        return _noise(height, width, seed, 14)
    x, y = seed % (GRAIN_SIZE - width + 1), (seed // GRAIN_SIZE) % (GRAIN_SIZE - height + 1)
    return _grain_field()[y:y + height, x:x + width]


def _backdrop(width: int, height: int) -> Image.Image:
    ramp = np.linspace(238, 196, height, dtype=np.float32)[:, None, None]
    return Image.fromarray(np.broadcast_to(ramp, (height, width, 3)).astype(np.uint8))


def _lit(
    mask: Image.Image, palette, seed: int, paint=None, gloss: float = 0, grain: bool = False
) -> Image.Image:
    """Material colour over ``mask``: patina noise, lit like a cylinder from the upper left. ``paint`` draws
    decoration on the colour before it is lit (so painted glaze is shaded too); ``gloss`` adds a highlight."""
    if grain:
        return _turned(mask, palette, seed, paint, gloss)
    width, height = mask.size
    columns = np.asarray(mask, dtype=np.float32) > 0
    inside = columns.any(axis=1)
    x0 = np.argmax(columns, axis=1)[:, None].astype(np.float32)
    x1 = (width - np.argmax(columns[:, ::-1], axis=1))[:, None].astype(np.float32)
    t = (np.arange(width, dtype=np.float32)[None, :] - x0) / np.maximum(x1 - x0 - 1, 1) * 2 - 1
    shade = 0.55 + 0.45 * np.cos((t + 0.35) * math.pi / 2.2).clip(0, 1)
    shade = np.where(columns & inside[:, None], shade, 0).astype(np.float32)
    mix = (_grain(height, width, seed) if grain else _noise(height, width, seed, 6))[..., None]
    base = np.array(palette[0], np.float32) * mix + np.array(palette[1], np.float32) * (1 - mix)
    if paint is not None:
        painted = Image.fromarray(base.clip(0, 255).astype(np.uint8))
        paint(ImageDraw.Draw(painted))
        base = np.asarray(painted, dtype=np.float32)
    colour = base * shade[..., None] * 1.25
    if gloss:
        colour += gloss * 255 * np.exp(-((t + 0.45) / 0.09) ** 2)[..., None] * (shade > 0)[..., None]
    return Image.fromarray(colour.clip(0, 255).astype(np.uint8))


def bar_length(px_per_cm: float, width: int) -> int:
    """The scale bar's length in cm: the longest of 1, 2, 5, 10, 20, 50, 100 cm within 40% of ``width``."""
    return next((cm for cm in (100, 50, 20, 10, 5, 2) if cm * px_per_cm <= 0.4 * width), 1)


def _tinted(palette, seed: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """``palette`` varied a little by ``seed``: two objects of one type are not two copies."""
    rng = np.random.default_rng(seed)
    shift = rng.uniform(0.97, 1.03, 3) * rng.uniform(0.9, 1.06)  # a little lighter or darker, hardly a hue
    return tuple(tuple(int(min(255, c * k)) for c, k in zip(colour, shift, strict=True))
                 for colour in palette)


def _turned(mask: Image.Image, palette, seed: int, paint=None, gloss: float = 0) -> Image.Image:
    """:func:`_lit` for the new pictures, in a fraction of its time: the cached grain, the colour mixed and
    painted by Pillow, and the shading computed only inside the mask's bounding box."""
    mix = Image.fromarray((_grain(mask.height, mask.width, seed) * 150 + 52).astype(np.uint8))  # softened
    first, second = _tinted(palette, seed)
    base = Image.composite(Image.new("RGB", mask.size, first), Image.new("RGB", mask.size, second), mix)
    if paint is not None:
        paint(ImageDraw.Draw(base))
    box = mask.getbbox() or (0, 0, 1, 1)
    columns = np.asarray(mask.crop(box)) > 0
    height, width = columns.shape
    inside = columns.any(axis=1)
    x0 = np.argmax(columns, axis=1)[:, None].astype(np.float32)
    x1 = (width - np.argmax(columns[:, ::-1], axis=1))[:, None].astype(np.float32)
    t = (np.arange(width, dtype=np.float32)[None, :] - x0) / np.maximum(x1 - x0 - 1, 1) * 2 - 1
    shade = (0.55 + 0.45 * np.cos((t + 0.35) * math.pi / 2.2).clip(0, 1)) * 1.25
    if gloss:
        shade += gloss * 2.2 * np.exp(-((t + 0.45) / 0.09) ** 2)
    shade = np.where(columns & inside[:, None], shade, 0) * 128
    lit = np.asarray(base.crop(box), dtype=np.uint16) * shade.astype(np.uint16)[..., None] // 128
    if gloss:  # the highlight whitens the glaze rather than only brightening its colour
        lit += (gloss * 255 * np.exp(-((t + 0.45) / 0.09) ** 2) * columns).astype(np.uint16)[..., None] // 2
    out = Image.new("RGB", mask.size)
    out.paste(Image.fromarray(lit.clip(0, 255).astype(np.uint8)), box[:2])
    return out


def _scale_and_label(image: Image.Image, px_per_cm: float, accession: str, dark: bool = False,
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


def _finish(image: Image.Image, px_per_cm: float, accession: str, dark: bool = False) -> None:
    """The new pictures' scale bar (its length chosen to fit) and accession number, sized to be read."""
    _scale_and_label(image, px_per_cm, accession, dark, bar_length(px_per_cm, image.width), legible=True)


def solid(profile: list[tuple[float, float]], accession: str, palette=BRONZE, px_per_cm: float = 10,
          extras=None, seed: int = 1, extent: tuple[float, float] = (0, 0), paint=None, gloss: float = 0,
          bar_cm: int = 10, grain: bool = False) -> Image.Image:
    """A lit solid of revolution from ``profile`` [(half_width_cm, height_cm), ...] bottom to top;
    ``extras`` draw more shapes on the mask, inside ``extent`` (half-width, height in cm) if larger;
    ``paint(draw, centre, floor, px_per_cm)`` decorates the surface (glaze painting, carving)."""
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
    if grain:  # the new pictures blur only the strip the shadow is in
        strip = (0, round(floor) - 40, width, min(height, round(floor) + 44))
        image.paste((90, 90, 90), strip[:2], mask=shadow.crop(strip).filter(ImageFilter.GaussianBlur(8)))
    else:
        image.paste((90, 90, 90), mask=shadow.filter(ImageFilter.GaussianBlur(8)))
    decorate = (lambda d: paint(d, centre, floor, px_per_cm)) if paint else None
    if grain:  # the new pictures: only the object's box is blurred and pasted
        box = mask.getbbox()
        box = (max(0, box[0] - 3), max(0, box[1] - 3), min(width, box[2] + 3), min(height, box[3] + 3))
        image.paste(_lit(mask, palette, seed, decorate, gloss, grain).crop(box), box,
                    mask.crop(box).filter(ImageFilter.GaussianBlur(0.8)))
    else:
        lit = _lit(mask, palette, seed, decorate, gloss)
        image.paste(lit, mask=mask.filter(ImageFilter.GaussianBlur(0.8)))
    _scale_and_label(image, px_per_cm, accession, bar_cm=bar_cm, legible=grain)
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
            fish: int = 0, seed: int = 3, bar_cm: int = 10, legible: bool = False) -> Image.Image:
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
    _scale_and_label(image, px_per_cm, accession, dark=True, bar_cm=bar_cm, legible=legible)
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


# Pictures of the plausible sample records: one function per kind of shape, sized from the record.

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
COBALT, VERMILION, INK = (40, 64, 142), (176, 36, 30), (34, 32, 30)
PAPER, SILK, GOLD_LEAF = (236, 228, 206), (214, 196, 156), (222, 196, 120)


def _paste(image: Image.Image, source, mask: Image.Image) -> None:
    """``image.paste(source, mask=mask)`` over the mask's bounding box only (most masks cover a part)."""
    box = mask.getbbox()
    if box is not None:
        image.paste(source if isinstance(source, tuple) else source.crop(box), box, mask.crop(box))


def fit(*sizes_cm: float, longest: int = 1000) -> float:
    """Pixels per cm so that the largest of ``sizes_cm`` spans ``longest`` pixels."""
    return longest / max(sizes_cm)


def _flat_lit(mask: Image.Image, palette, seed: int, paint=None) -> Image.Image:
    """Material colour over ``mask`` lit as a flat face from the upper left (slabs, discs, panels)."""
    width, height = mask.size
    mix = Image.fromarray((_grain(height, width, seed) * 150 + 52).astype(np.uint8))  # softened
    first, second = _tinted(palette, seed)
    base = Image.composite(Image.new("RGB", mask.size, first), Image.new("RGB", mask.size, second), mix)
    if paint is not None:
        paint(ImageDraw.Draw(base))
    x0, y0, x1, y1 = mask.getbbox() or (0, 0, 1, 1)
    shade = (1.08 - 0.11 * (np.arange(x0, x1, dtype=np.float32)[None, :] / width
                            + np.arange(y0, y1, dtype=np.float32)[:, None] / height)) * 200
    lit = np.asarray(base.crop((x0, y0, x1, y1)), dtype=np.uint16) * shade.astype(np.uint16)[..., None] // 200
    out = Image.new("RGB", mask.size)
    out.paste(Image.fromarray(lit.clip(0, 255).astype(np.uint8)), (x0, y0))
    return out


def _relief(mask: Image.Image, depth: int = 3) -> tuple[Image.Image, Image.Image]:
    """Light and dark edges of ``mask`` (a carving or a raised rim lit from the upper left)."""
    shifted = mask.transform(mask.size, Image.AFFINE, (1, 0, depth, 0, 1, depth))
    light = ImageChops.subtract(mask, shifted)
    dark = ImageChops.subtract(shifted, mask)
    return light, dark


def _carve(image: Image.Image, mask: Image.Image, raised: bool = True, depth: int = 3) -> None:
    """Shade ``mask`` on ``image`` as raised (lit top-left edges) or incised (the reverse)."""
    light, dark = _relief(mask, depth)
    if not raised:
        light, dark = dark, light
    _paste(image, (255, 250, 236), light.point(lambda v: v * 0.55))
    _paste(image, (20, 16, 12), dark.point(lambda v: v * 0.6))


def _frame(width_cm: float, height_cm: float, px_per_cm: float, margin: int = 80,
           dark: bool = False) -> tuple[Image.Image, tuple[float, float, float, float]]:
    """A backdrop sized for an object of ``width_cm`` × ``height_cm``, and the object's box in pixels."""
    width = round(width_cm * px_per_cm) + 2 * margin
    height = round(height_cm * px_per_cm) + 2 * margin
    image = _backdrop(width, height) if not dark else Image.new("RGB", (width, height), (46, 44, 42))
    return image, (margin, margin, width - margin, height - margin)


def _shadow(image: Image.Image, mask: Image.Image, offset: int = 10, blur: int = 10) -> None:
    """A soft drop shadow of ``mask``, blurred at a quarter of the size (a quarter of the time)."""
    small = mask.reduce(4).transform((mask.width // 4, mask.height // 4), Image.AFFINE,
                                     (1, 0, -offset / 4, 0, 1, -offset / 4))
    soft = small.filter(ImageFilter.GaussianBlur(blur / 4)).point(lambda v: v * 0.6).resize(mask.size,
                                                                                           Image.BILINEAR)
    _paste(image, (96, 92, 86), soft)


def _glyph_text(draw, box, text: str, size: int, fill, columns: bool = True, gap: float = 1.25) -> None:
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


def _seal_mark(draw, x: float, y: float, size: float, text: str = "收藏") -> None:
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


def roundel(diameter_cm: float, accession: str, palette=BRONZE, *, hole: str = "", hole_ratio: float = 0.3,
            inscription: str = "", rim: bool = True, motif=None, seed: int = 1) -> Image.Image:
    """A round object face-on (coin, eaves tile, medal, bi disc, dish): a disc lit from the upper left,
    a ``hole`` ("square" or "round"), a raised rim, ``inscription`` (four characters: top, bottom, right,
    left, the order coins are read; or one to three characters across) and a ``motif`` drawn on it."""
    px = fit(diameter_cm)
    image, (x0, y0, x1, y1) = _frame(diameter_cm, diameter_cm, px)
    cx, cy, r = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2
    mask = Image.new("L", image.size, 0)
    draw = ImageDraw.Draw(mask)
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=255)
    h = r * hole_ratio
    if hole == "square":
        draw.rectangle([cx - h, cy - h, cx + h, cy + h], fill=0)
    elif hole == "round":
        draw.ellipse([cx - h, cy - h, cx + h, cy + h], fill=0)

    def paint(d):
        if motif is not None:
            motif(d, cx, cy, r)
    _shadow(image, mask)
    _paste(image, _flat_lit(mask, palette, seed, paint), mask.filter(ImageFilter.GaussianBlur(0.8)))
    raised = Image.new("L", image.size, 0)
    rd = ImageDraw.Draw(raised)
    if rim:
        rd.ellipse([cx - r, cy - r, cx + r, cy + r], outline=255, width=max(3, round(r * 0.07)))
        if hole == "square":
            rd.rectangle([cx - h, cy - h, cx + h, cy + h], outline=255, width=max(3, round(r * 0.05)))
        elif hole == "round":
            rd.ellipse([cx - h, cy - h, cx + h, cy + h], outline=255, width=max(3, round(r * 0.05)))
    glyphs = list(inscription)
    if glyphs:
        size = round(r * (0.42 if len(glyphs) == 4 else 0.5))
        face = font(size)
        reach = (r + h) / 2 if hole else r * 0.55
        places = {4: [(0, -1), (0, 1), (1, 0), (-1, 0)], 2: [(1, 0), (-1, 0)], 1: [(0, 0)],
                  3: [(-1, 0), (0, 0), (1, 0)]}.get(len(glyphs), [(0, 0)] * len(glyphs))
        for glyph, (dx, dy) in zip(glyphs, places, strict=False):
            step = reach if hole or len(glyphs) == 4 else size * 1.05
            rd.text((cx + dx * step, cy + dy * step), glyph, fill=255, font=face, anchor="mm")
    _paste(image, _flat_lit(raised, palette, seed + 1), raised)
    _carve(image, raised, raised=True, depth=max(2, round(r / 150)))
    _finish(image, px, accession)
    return image


def slab(width_cm: float, height_cm: float, accession: str, palette=STONE, *, carving=None, text: str = "",
         raised: bool = False, seed: int = 1, outline: str = "rect", border: float = 0.06,
         text_size: float = 0.2) -> Image.Image:
    """A flat object face-on (stele, brick, panel, plaque, lintel, printing plate, inkstone): a lit slab
    with a border, ``text`` carved in columns (characters ``text_size`` of the inner height) and
    ``carving(draw, box)`` drawn as relief."""
    px = fit(width_cm, height_cm)
    image, (x0, y0, x1, y1) = _frame(width_cm, height_cm, px)
    mask = Image.new("L", image.size, 0)
    draw = ImageDraw.Draw(mask)
    if outline == "arched":
        draw.rectangle([x0, y0 + (x1 - x0) * 0.25, x1, y1], fill=255)
        draw.ellipse([x0, y0, x1, y0 + (x1 - x0) * 0.5], fill=255)
    else:
        draw.rectangle([x0, y0, x1, y1], fill=255)
    _shadow(image, mask)
    _paste(image, _flat_lit(mask, palette, seed), mask)
    cut = Image.new("L", image.size, 0)
    cd = ImageDraw.Draw(cut)
    b = round(min(x1 - x0, y1 - y0) * border)
    inner = (x0 + b, y0 + b + (0 if outline != "arched" else (x1 - x0) * 0.25), x1 - b, y1 - b)
    if border:
        cd.rectangle(inner, outline=255, width=max(2, b // 4))
    if carving is not None:
        carving(cd, inner)
    if text:
        size = max(14, round(text_size * (inner[3] - inner[1])))
        pad = size // 3
        _glyph_text(cd, (inner[0] + pad, inner[1] + pad, inner[2] - pad, inner[3] - pad), text, size, 255)
    if raised:
        _paste(image, _flat_lit(cut, palette, seed + 2), cut)
    else:
        dark = tuple(round(c * 0.62) for c in palette[1])
        _paste(image, dark, cut.point(lambda v: v * 0.5))
    _carve(image, cut, raised=raised, depth=max(2, round(px * 0.15)))
    _finish(image, px, accession)
    return image


def _ink_landscape(draw, box, rng, ink=INK, colour=None) -> None:
    """Mountains in receding washes (far ones pale), ridges outlined in ink with texture strokes, mist
    between them, a river with a boat and clumps of trees: brushwork in ``box``."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    tall = h > w
    for layer, tone in enumerate((196, 158, 112)):
        base = y0 + h * ((0.42 if tall else 0.5) + 0.15 * layer)
        height = h * ((0.34 if tall else 0.4) - 0.07 * layer)
        centre, spread = rng.uniform(0.2, 0.8), rng.uniform(0.18, 0.3)
        ridge = []
        for i in range(49):
            t = i / 48
            peak = math.exp(-((t - centre) / spread) ** 2) + 0.5 * math.exp(-((t - 1 + centre) / spread) ** 2)
            jag = 0.08 * math.sin(t * 40 + layer * 3) + 0.05 * rng.uniform(-1, 1)
            ridge.append((x0 + w * t, base - height * max(0.05, min(1.0, peak + jag))))
        fill = tuple(round(tone + (c - tone) * 0.3) for c in (colour or (tone, tone, tone)))
        draw.polygon([(x0, base + h * 0.1), *ridge, (x1, base + h * 0.1)], fill=fill)
        draw.line(ridge, fill=tuple(round(c * 0.55) for c in fill), width=max(2, round(w * 0.006)))
        for x, y in ridge[2:-2:3]:  # 皴 texture strokes down the slopes
            draw.line(
                [(x, y + h * 0.01), (x - w * 0.012, y + h * 0.05)],
                fill=tuple(round(c * 0.7) for c in fill),
                width=max(1, round(w * 0.004)),
            )
        draw.rectangle([x0, base + h * 0.03, x1, base + h * 0.1], fill=(226, 220, 200))  # mist
    ry = y0 + h * 0.88
    draw.rectangle([x0, ry - h * 0.02, x1, y1], fill=(214, 208, 188))
    for k in range(3):
        draw.line(
            [(x0 + w * (0.1 + 0.3 * k), ry + h * 0.02 * k), (x0 + w * (0.25 + 0.3 * k), ry + h * 0.02 * k)],
            fill=(150, 146, 130),
            width=1,
        )
    for _ in range(4):  # clumps of trees on the near bank
        tx, ty = x0 + w * rng.uniform(0.08, 0.92), ry - h * 0.02
        draw.line([(tx, ty), (tx, ty - h * 0.07)], fill=ink, width=max(2, round(w * 0.008)))
        for _k in range(6):
            cx, cy = tx + w * rng.uniform(-0.04, 0.04), ty - h * rng.uniform(0.05, 0.1)
            r = w * 0.018
            draw.ellipse([cx - r, cy - r * 0.6, cx + r, cy + r * 0.6], fill=(52, 60, 48))
    bx, by = x0 + w * rng.uniform(0.3, 0.6), ry + h * 0.03
    draw.polygon(
        [(bx, by), (bx + w * 0.08, by), (bx + w * 0.065, by + h * 0.012), (bx + w * 0.015, by + h * 0.012)],
        fill=ink,
    )
    draw.line([(bx + w * 0.05, by), (bx + w * 0.05, by - h * 0.025)], fill=ink, width=2)


def _bamboo_rock(draw, box, rng, ink=INK) -> None:
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    draw.ellipse([x0 + w * 0.05, y0 + h * 0.7, x0 + w * 0.6, y1], fill=(120, 118, 112))
    for k in range(3):
        sx = x0 + w * (0.45 + 0.12 * k)
        stem_w = max(3, round(w * 0.02))
        draw.line([(sx, y1 - h * 0.05), (sx + w * 0.05 * (k - 1), y0 + h * (0.1 + 0.1 * k))], fill=ink,
                  width=stem_w)
        for j in range(6):
            ly = y0 + h * (0.15 + 0.12 * j + 0.03 * k)
            direction = 1 if (j + k) % 2 else -1
            draw.polygon([(sx, ly), (sx + direction * w * 0.22, ly + h * 0.03), (sx + direction * w * 0.05,
                                                                                   ly + h * 0.01)], fill=ink)


def _pine_cranes(draw, box, rng, ink=INK) -> None:
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    draw.line([(x0 + w * 0.3, y1), (x0 + w * 0.35, y0 + h * 0.4), (x0 + w * 0.25, y0 + h * 0.15)],
              fill=(90, 60, 40), width=max(6, round(w * 0.05)))
    for j in range(5):
        cx, cy = x0 + w * (0.2 + 0.15 * (j % 3)), y0 + h * (0.12 + 0.09 * j)
        draw.ellipse([cx - w * 0.16, cy - h * 0.025, cx + w * 0.16, cy + h * 0.025], fill=(60, 96, 70))
    for k in range(2):
        cx, cy = x0 + w * (0.6 + 0.12 * k), y0 + h * (0.7 - 0.08 * k)
        draw.ellipse([cx - w * 0.08, cy - h * 0.03, cx + w * 0.08, cy + h * 0.03], fill=(246, 244, 236))
        draw.line([(cx + w * 0.05, cy), (cx + w * 0.07, cy - h * 0.09)], fill=ink, width=4)
        draw.ellipse([cx + w * 0.055, cy - h * 0.105, cx + w * 0.09, cy - h * 0.085], fill=VERMILION)
        draw.line([(cx - w * 0.02, cy + h * 0.02), (cx - w * 0.02, cy + h * 0.09)], fill=ink, width=3)
        draw.line([(cx + w * 0.02, cy + h * 0.02), (cx + w * 0.03, cy + h * 0.09)], fill=ink, width=3)


def _bird_flowers(draw, box, rng, ink=INK) -> None:
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    draw.line([(x0 + w * 0.05, y1 - h * 0.1), (x0 + w * 0.5, y0 + h * 0.45), (x1 - w * 0.1, y0 + h * 0.3)],
              fill=(80, 60, 44), width=max(4, round(w * 0.02)))
    for _j in range(7):
        fx, fy = x0 + w * rng.uniform(0.1, 0.9), y0 + h * rng.uniform(0.2, 0.8)
        r = w * rng.uniform(0.03, 0.05)
        for a in range(5):
            ang = a * 2 * math.pi / 5
            px, py = fx + r * math.cos(ang), fy + r * math.sin(ang)
            draw.ellipse([px - r * 0.6, py - r * 0.6, px + r * 0.6, py + r * 0.6], fill=(214, 120, 130))
        draw.ellipse([fx - r * 0.3, fy - r * 0.3, fx + r * 0.3, fy + r * 0.3], fill=(236, 200, 80))
    bx, by = x0 + w * 0.5, y0 + h * 0.36
    draw.ellipse([bx - w * 0.09, by - h * 0.05, bx + w * 0.05, by + h * 0.03], fill=(70, 90, 120))
    draw.ellipse([bx + w * 0.02, by - h * 0.08, bx + w * 0.08, by - h * 0.02], fill=(70, 90, 120))
    draw.polygon(
        [(bx + w * 0.08, by - h * 0.06), (bx + w * 0.11, by - h * 0.05), (bx + w * 0.08, by - h * 0.04)],
        fill=(220, 170, 60),
    )
    draw.polygon([(bx - w * 0.08, by), (bx - w * 0.2, by + h * 0.06), (bx - w * 0.06, by + h * 0.02)],
                 fill=(50, 60, 80))


def _calligraphy(draw, box, rng, text: str = "", ink=INK) -> None:
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    size = max(14, round(min(w / 3.6, h / 8.5)))
    _glyph_text(draw, (x0 + size * 0.3, y0 + size * 0.4, x1 - size * 0.3, y1 - size * 0.4), text, size, ink,
                gap=1.3)


PAINTINGS = {"landscape": _ink_landscape, "bamboo": _bamboo_rock, "pine-cranes": _pine_cranes,
             "birds-flowers": _bird_flowers, "calligraphy": _calligraphy}
POEM = "朝辞白帝彩云间千里江陵一日还两岸猿声啼不住轻舟已过万重山"


def hanging_scroll(height_cm: float, accession: str, painting: str = "landscape", *, ground=PAPER,
                   text: str = POEM, seed: int = 1) -> Image.Image:
    """A mounted hanging scroll: silk mount, the painting (or calligraphy) with the artist's seals,
    a roller with knobs at the bottom."""
    width_cm = height_cm * 0.36
    px = fit(width_cm + 4, height_cm)
    image, (x0, y0, x1, y1) = _frame(width_cm + 4, height_cm, px)
    rng = np.random.default_rng(seed)
    draw = ImageDraw.Draw(image)
    mx0, mx1 = x0 + 2 * px, x1 - 2 * px
    draw.rectangle([mx0 + 6, y0 + 6, mx1 + 6, y1 + 6], fill=(160, 154, 142))
    draw.rectangle([mx0, y0, mx1, y1], fill=(188, 196, 190))  # the mount's silk
    draw.rectangle([mx0, y0, mx1, y0 + (y1 - y0) * 0.16], fill=(150, 166, 160))  # 天头
    draw.rectangle([mx0, y1 - (y1 - y0) * 0.1, mx1, y1], fill=(150, 166, 160))  # 地头
    for fx in (0.35, 0.65):  # 惊燕 strips
        draw.rectangle([mx0 + (mx1 - mx0) * fx - 3, y0, mx0 + (mx1 - mx0) * fx + 3, y0 + (y1 - y0) * 0.16],
                       fill=(214, 208, 190))
    pw, ph = (mx1 - mx0) * 0.8, (y1 - y0) * 0.64
    px0, py0 = mx0 + (mx1 - mx0 - pw) / 2, y0 + (y1 - y0) * 0.2
    box = (round(px0), round(py0), round(px0 + pw), round(py0 + ph))
    paper = _grain(box[3] - box[1], box[2] - box[0], seed)[..., None] * 14 - 7
    leaf = Image.fromarray((np.array(ground, np.float32) + paper).clip(0, 255).astype(np.uint8))
    image.paste(leaf, box[:2])
    inner = (box[0] + pw * 0.06, box[1] + ph * 0.04, box[2] - pw * 0.06, box[3] - ph * 0.04)
    if painting == "calligraphy":
        _calligraphy(draw, inner, rng, text)
    else:
        PAINTINGS[painting](draw, inner, rng)
        _glyph_text(draw, (inner[2] - pw * 0.12, inner[1], inner[2], inner[1] + ph * 0.3), "峡江秋色戊午写",
                    max(12, round(pw * 0.05)), INK)
    seal = max(10, round(pw * 0.06))
    _seal_mark(draw, inner[0] + seal * 0.3, inner[3] - seal * 2.6, seal, "山人")
    _seal_mark(draw, inner[0] + seal * 0.3, inner[3] - seal * 1.3, seal, "之印")
    rod = (y1 - y0) * 0.012 + 4
    draw.rectangle([x0, y1 - rod, x1, y1 + rod], fill=(84, 54, 36))  # 轴 with its knobs
    draw.rectangle(
        [x0 + (x1 - x0) * 0.15, y0 - rod * 0.6, x1 - (x1 - x0) * 0.15, y0 + rod * 0.4], fill=(110, 84, 60)
    )
    _finish(image, px, accession)
    return image


def album_leaf(width_cm: float, height_cm: float, accession: str, painting: str = "birds-flowers", *,
               ground=SILK, text: str = POEM, seed: int = 1, fan: bool = False) -> Image.Image:
    """An album leaf on its card mount, or a folding-fan leaf (``fan``): painting or calligraphy."""
    px = fit(width_cm, height_cm)
    image, (x0, y0, x1, y1) = _frame(width_cm, height_cm, px)
    rng = np.random.default_rng(seed)
    draw = ImageDraw.Draw(image)
    mask = Image.new("L", image.size, 0)
    md = ImageDraw.Draw(mask)
    if fan:
        cx, cy, outer = (x0 + x1) / 2, y1 + (x1 - x0) * 0.1, (x1 - x0) / 2 / math.sin(math.radians(70))
        md.pieslice([cx - outer, cy - outer, cx + outer, cy + outer], 200, 340, fill=255)
        md.ellipse([cx - outer * 0.45, cy - outer * 0.45, cx + outer * 0.45, cy + outer * 0.45], fill=0)
        _shadow(image, mask)
        _paste(image, _flat_lit(mask, (ground, tuple(round(c * 0.86) for c in ground)), seed), mask)
        for k in range(15):  # the folds
            ang = math.radians(200 + 140 * k / 14)
            draw.line(
                [
                    (cx + outer * 0.45 * math.cos(ang), cy + outer * 0.45 * math.sin(ang)),
                    (cx + outer * math.cos(ang), cy + outer * math.sin(ang)),
                ],
                fill=(176, 150, 90),
                width=1,
            )
        size = max(12, round(outer * 0.075))
        glyphs = [c for c in text if not c.isspace()]
        index = 0
        for k in range(16):  # columns of small regular script radiating from the rivet
            ang = math.radians(206 + 128 * k / 15)
            for j in range(4):
                if index >= len(glyphs):
                    break
                rr = outer * (0.9 - 0.11 * j)
                draw.text((cx + rr * math.cos(ang), cy + rr * math.sin(ang)), glyphs[-1 - index], fill=INK,
                          font=font(size), anchor="mm")
                index += 1
        _seal_mark(draw, cx + outer * 0.62 * math.cos(math.radians(212)) - size,
                   cy + outer * 0.62 * math.sin(math.radians(212)), size * 1.4, "臣")
    else:
        card = (x0, y0, x1, y1)
        md.rectangle(card, fill=255)
        _shadow(image, mask)
        draw.rectangle(card, fill=(222, 214, 196))
        m = (x1 - x0) * 0.08
        box = (round(x0 + m), round(y0 + m), round(x1 - m), round(y1 - m))
        grain = _grain(box[3] - box[1], box[2] - box[0], seed)[..., None] * 12 - 6
        image.paste(
            Image.fromarray((np.array(ground, np.float32) + grain).clip(0, 255).astype(np.uint8)), box[:2]
        )
        PAINTINGS[painting](draw, box, rng) if painting != "calligraphy" else _calligraphy(
            draw, box, rng, text
        )
        seal = max(10, round((box[2] - box[0]) * 0.06))
        _seal_mark(draw, box[2] - seal * 1.6, box[3] - seal * 1.6, seal, "珍藏")
    _finish(image, px, accession)
    return image


def landscape_handscroll(height_cm: float, accession: str, shown_cm: float, seed: int = 1) -> Image.Image:
    """The opening ``shown_cm`` of a landscape handscroll: brocade wrapper end, title slip, then the
    painting in colour on paper."""
    px = fit(shown_cm, height_cm, longest=1150)
    image, (x0, y0, x1, y1) = _frame(shown_cm, height_cm, px)
    rng = np.random.default_rng(seed)
    draw = ImageDraw.Draw(image)
    draw.rectangle([x0 + 6, y0 + 6, x1 + 6, y1 + 6], fill=(160, 154, 142))
    head = x0 + (x1 - x0) * 0.16
    draw.rectangle([x0, y0, head, y1], fill=(118, 90, 60))  # brocade head
    for k in range(12):
        draw.line(
            [(x0, y0 + (y1 - y0) * k / 12), (head, y0 + (y1 - y0) * k / 12)], fill=(140, 108, 72), width=2
        )
    slip = (head + (x1 - x0) * 0.02, y0 + 4, head + (x1 - x0) * 0.07, y1 - 4)
    draw.rectangle(slip, fill=(226, 214, 180))
    _glyph_text(
        draw,
        (slip[0] + 4, slip[1] + 8, slip[2] - 2, slip[3]),
        "三峡图卷",
        max(12, round((slip[2] - slip[0]) * 0.7)),
        INK,
    )
    box = (round(slip[2] + 6), round(y0), round(x1), round(y1))
    grain = _grain(box[3] - box[1], box[2] - box[0], seed)[..., None] * 14 - 7
    image.paste(Image.fromarray((np.array(PAPER, np.float32) + grain).clip(0, 255).astype(np.uint8)), box[:2])
    _ink_landscape(draw, box, rng, colour=(86, 130, 120))
    _seal_mark(draw, box[0] + 10, box[3] - 60, 40, "三峡")
    _finish(image, px, accession)
    return image


def paper(width_cm: float, height_cm: float, accession: str, layout: str, *, title: str = "", text: str = "",
          ground=PAPER, seed: int = 1) -> Image.Image:
    """A printed sheet (``layout``: "poster", "newspaper", "receipt", "map", "note"): paper with printed
    columns, rules and a red seal."""
    px = fit(width_cm, height_cm)
    image, (x0, y0, x1, y1) = _frame(width_cm, height_cm, px)
    rng = np.random.default_rng(seed)
    mask = Image.new("L", image.size, 0)
    ImageDraw.Draw(mask).rectangle([x0, y0, x1, y1], fill=255)
    _shadow(image, mask, offset=8, blur=8)
    w, h = x1 - x0, y1 - y0
    sheet_noise = (_grain(round(h), round(w), seed)[..., None] * 18 - 9
                   + _grain(round(h), round(w), seed // 7 + 1)[..., None] * 16 - 12)
    image.paste(Image.fromarray((np.array(ground, np.float32) + sheet_noise).clip(0, 255).astype(np.uint8)),
                (x0, y0))
    draw = ImageDraw.Draw(image)
    body = text or POEM * 4
    if layout == "poster":
        draw.rectangle([x0 + w * 0.06, y0 + h * 0.28, x1 - w * 0.06, y0 + h * 0.78], fill=(212, 180, 120))
        draw.pieslice([x0 + w * 0.2, y0 + h * 0.3, x1 - w * 0.2, y0 + h * 0.3 + w * 0.6], 180, 360,
                      fill=(196, 52, 40))
        fx = x0 + w * 0.5
        draw.polygon(
            [
                (fx - w * 0.12, y0 + h * 0.78),
                (fx - w * 0.06, y0 + h * 0.46),
                (fx + w * 0.06, y0 + h * 0.46),
                (fx + w * 0.14, y0 + h * 0.78),
            ],
            fill=(40, 48, 40),
        )
        draw.ellipse([fx - w * 0.05, y0 + h * 0.38, fx + w * 0.05, y0 + h * 0.46], fill=(40, 48, 40))
        draw.line([(fx + w * 0.05, y0 + h * 0.5), (fx + w * 0.25, y0 + h * 0.3)], fill=(40, 48, 40),
                  width=max(4, round(w * 0.025)))
        draw.polygon(
            [(fx + w * 0.25, y0 + h * 0.3), (fx + w * 0.4, y0 + h * 0.33), (fx + w * 0.25, y0 + h * 0.38)],
            fill=(196, 52, 40),
        )
        size = round(w * 0.17)
        _glyph_text(draw, (x0 + w * 0.08, y0 + h * 0.05, x1, y0 + h * 0.05 + size), title or "抗战到底",
                    size, (170, 30, 26), columns=False, gap=1.15)
        _glyph_text(draw, (x0 + w * 0.1, y0 + h * 0.83, x1, y1), "全民一心保卫大西南", round(w * 0.08), INK,
                    columns=False)
    elif layout == "newspaper":
        size = round(w * 0.12)
        _glyph_text(draw, (x1 - w * 0.02 - size * 1.1, y0 + h * 0.03, x1, y0 + h * 0.5), title or "陪都日报",
                    size, INK)
        draw.line([(x0 + w * 0.03, y0 + h * 0.03), (x0 + w * 0.03, y1 - h * 0.03)], fill=INK, width=3)
        small = max(10, round(w * 0.022))
        block = (x0 + w * 0.05, y0 + h * 0.04, x1 - w * 0.05 - size * 1.3, y1 - h * 0.04)
        _glyph_text(draw, block, body * 12, small, (60, 58, 54), gap=1.2)
        hx = block[2] - small * 9
        draw.rectangle([hx - small * 4.5, block[1], hx, block[1] + h * 0.45], fill=ground)
        _glyph_text(
            draw, (hx - small * 4.4, block[1], hx, block[1] + h * 0.45), "捷报川江前线", small * 2, INK
        )
        for k in range(1, 4):
            draw.line([(block[0], y0 + h * k / 4), (block[2], y0 + h * k / 4)], fill=INK, width=2)
    elif layout == "map":
        pts = [
            (x0 + w * t, y0 + h * (0.5 + 0.22 * math.sin(t * 7 + seed % 3))) for t in np.linspace(0, 1, 60)
        ]
        draw.line(pts, fill=(84, 120, 168), width=max(6, round(h * 0.05)), joint="curve")
        for _k in range(14):
            mx, my = (
                x0 + w * rng.uniform(0.05, 0.95),
                y0 + h * rng.choice([0.15, 0.85]) + rng.uniform(-1, 1) * h * 0.08,
            )
            draw.polygon(
                [(mx - h * 0.05, my), (mx, my - h * 0.08), (mx + h * 0.05, my)],
                outline=(90, 110, 70),
                width=3,
            )
        names = ["重庆", "涪陵", "丰都", "忠县", "万县", "云阳", "奉节", "巫山"]
        for k, name in enumerate(names):
            x, y = pts[round(5 + k * 50 / len(names))]
            draw.ellipse([x - 6, y - 6, x + 6, y + 6], fill=VERMILION)
            _glyph_text(draw, (x + 8, y + 10, x + h * 0.1, y + h * 0.35), name, max(12, round(h * 0.05)), INK)
        _glyph_text(draw, (x1 - h * 0.12, y0 + h * 0.04, x1, y0 + h * 0.6), title or "川江航运图",
                    max(14, round(h * 0.08)), INK)
    else:  # receipt, note: a bordered form
        ink = (40, 70, 120) if layout == "note" else (40, 96, 70)
        draw.rectangle([x0 + w * 0.04, y0 + h * 0.06, x1 - w * 0.04, y1 - h * 0.06], outline=ink,
                       width=max(3, round(h * 0.02)))
        draw.rectangle([x0 + w * 0.07, y0 + h * 0.11, x1 - w * 0.07, y1 - h * 0.11], outline=ink,
                       width=max(2, round(h * 0.008)))
        size = round(min(h * 0.13, w * 0.08))
        _glyph_text(
            draw,
            (x0 + w * 0.18, y0 + h * 0.15, x1, y0 + h * 0.15 + size * 1.1),
            title or "募捐收据",
            size,
            ink,
            columns=False,
        )
        for k in range(3):
            y = y0 + h * (0.45 + 0.13 * k)
            draw.line([(x0 + w * 0.12, y), (x1 - w * 0.12, y)], fill=ink, width=2)
        note = layout == "note"  # a banknote: its value large; a receipt: the sum written out
        _glyph_text(
            draw,
            (x0 + w * 0.14, y0 + h * 0.3, x0 + w * 0.7, y0 + h * 0.45),
            "壹圆" if note else "国币壹拾圆整",
            round(size * (1.0 if note else 0.55)),
            VERMILION if note else INK,
            columns=False,
        )
        _glyph_text(draw, (x0 + w * 0.14, y0 + h * 0.62, x1, y0 + h * 0.75), "第〇四二七号",
                    round(size * 0.4), ink, columns=False)
        seal = round(min(h * 0.28, w * 0.2))
        _seal_mark(draw, x1 - w * 0.1 - seal, y1 - h * 0.12 - seal, seal, "财政之印" if note else "经收之章")
    if layout in ("poster", "newspaper", "map"):
        seal = round(min(w, h) * 0.07)
        _seal_mark(draw, x0 + w * 0.08, y1 - h * 0.06 - seal, seal, "审定")
    _finish(image, px, accession)
    return image


def cloth(
    width_cm: float, height_cm: float, accession: str, pattern: str = "brocade", seed: int = 1
) -> Image.Image:
    """A folded textile: a flat lit panel with a woven (``brocade``) or resist-dyed (``batik``) pattern,
    its fold as a shaded band."""
    px = fit(width_cm, height_cm)
    image, (x0, y0, x1, y1) = _frame(width_cm, height_cm, px)
    w, h = x1 - x0, y1 - y0
    mask = Image.new("L", image.size, 0)
    ImageDraw.Draw(mask).polygon([(x0, y0 + 6), (x1, y0), (x1 - 4, y1), (x0 + 3, y1 - 5)], fill=255)
    _shadow(image, mask)
    cell = max(24, round(min(w, h) / 8))

    def paint(d):
        if pattern == "batik":
            d.rectangle([0, 0, image.width, image.height], fill=(36, 52, 96))
            for gy in range(round(y0), round(y1), cell):
                for gx in range(round(x0), round(x1), cell):
                    cx, cy = gx + cell / 2, gy + cell / 2
                    d.ellipse([cx - cell * 0.32, cy - cell * 0.32, cx + cell * 0.32, cy + cell * 0.32],
                              outline=(222, 226, 232), width=max(2, cell // 14))
                    d.line([(cx - cell * 0.2, cy), (cx + cell * 0.2, cy)], fill=(222, 226, 232), width=2)
                    d.line([(cx, cy - cell * 0.2), (cx, cy + cell * 0.2)], fill=(222, 226, 232), width=2)
        else:
            colours = [(176, 40, 44), (40, 56, 110), (214, 168, 60), (40, 110, 80), (30, 26, 30)]
            for row, gy in enumerate(range(round(y0), round(y1), cell)):
                d.rectangle([0, gy, image.width, gy + cell], fill=colours[row % 5])
                for col, gx in enumerate(range(round(x0), round(x1), cell)):
                    cx, cy, s = gx + cell / 2, gy + cell / 2, cell * 0.45
                    d.polygon([(cx, cy - s), (cx + s, cy), (cx, cy + s), (cx - s, cy)],
                              fill=colours[(row + col + 2) % 5])
                    d.polygon([(cx, cy - s / 2), (cx + s / 2, cy), (cx, cy + s / 2), (cx - s / 2, cy)],
                              fill=(236, 226, 200))
    _paste(image, _flat_lit(mask, ((255, 255, 255), (232, 232, 232)), seed, paint), mask)
    fold = Image.new("L", image.size, 0)
    ImageDraw.Draw(fold).rectangle([x0, y0 + h * 0.48, x1, y0 + h * 0.55], fill=70)
    _paste(image, (0, 0, 0), ImageChops.multiply(fold.filter(ImageFilter.GaussianBlur(h * 0.02)), mask))
    _finish(image, px, accession)
    return image


def table(height_cm: float, accession: str, palette=ROSEWOOD, seed: int = 1) -> Image.Image:
    """A side table seen from the front: top with everted ends, apron with a carved spandrel, four legs."""
    width_cm = height_cm * 1.5
    px = fit(width_cm + 10, height_cm)
    image, (x0, y0, x1, y1) = _frame(width_cm + 10, height_cm, px)
    w, h = x1 - x0, y1 - y0
    mask = Image.new("L", image.size, 0)
    d = ImageDraw.Draw(mask)
    top = h * 0.06
    d.rectangle([x0 + w * 0.04, y0 + top * 0.6, x1 - w * 0.04, y0 + top * 1.6], fill=255)
    d.polygon(
        [(x0, y0), (x0 + w * 0.06, y0 + top * 0.6), (x0 + w * 0.06, y0 + top * 1.6), (x0, y0 + top * 0.8)],
        fill=255,
    )
    d.polygon(
        [(x1, y0), (x1 - w * 0.06, y0 + top * 0.6), (x1 - w * 0.06, y0 + top * 1.6), (x1, y0 + top * 0.8)],
        fill=255,
    )
    apron = y0 + top * 1.6 + h * 0.1
    d.rectangle([x0 + w * 0.1, y0 + top * 1.6, x1 - w * 0.1, apron], fill=255)
    leg = w * 0.035
    for lx in (x0 + w * 0.12, x1 - w * 0.12 - leg):
        d.polygon([(lx, y0 + top), (lx + leg, y0 + top), (lx + leg * (0.8 if lx < x0 + w / 2 else 1.6), y1),
                   (lx - leg * (0.6 if lx < x0 + w / 2 else -0.2), y1)], fill=255)
    d.rectangle([x0 + w * 0.14, y1 - h * 0.25, x1 - w * 0.14, y1 - h * 0.22], fill=255)  # stretcher
    _shadow(image, mask, blur=6)
    _paste(image, _flat_lit(mask, palette, seed), mask)
    carve = Image.new("L", image.size, 0)
    cd = ImageDraw.Draw(carve)
    for side in (-1, 1):
        cx = x0 + w / 2 + side * w * 0.22
        cd.arc(
            [cx - w * 0.12, apron - h * 0.08, cx + w * 0.12, apron + h * 0.08], 180, 360, fill=255, width=4
        )
        cd.ellipse([cx - 8, apron - h * 0.05, cx + 8, apron - h * 0.05 + 16], outline=255, width=3)
    _paste(image, tuple(round(c * 0.55) for c in palette[1]), carve)
    _carve(image, carve, raised=False, depth=2)
    _finish(image, px, accession)
    return image


def seal_face(side_cm: float, accession: str, symbols: int = 5, palette=BRONZE, seed: int = 1) -> Image.Image:
    """A seal seen from below: its square face with raised symbols, and beside it the impression in red."""
    px = fit(side_cm * 2.4, side_cm)
    image, (x0, y0, x1, y1) = _frame(side_cm * 2.4, side_cm, px)
    s = y1 - y0
    rng = np.random.default_rng(seed)
    shapes = []
    for _k in range(symbols):
        cx, cy = rng.uniform(0.22, 0.78) * s, rng.uniform(0.22, 0.78) * s
        kind, r = int(rng.integers(4)), s * rng.uniform(0.08, 0.14)
        shapes.append((kind, cx, cy, r))

    def symbols_on(d, ox, oy, fill, mirror):
        for kind, cx, cy, r in shapes:
            cx = s - cx if mirror else cx
            x, y = ox + cx, oy + cy
            if kind == 0:
                d.ellipse([x - r, y - r, x + r, y + r], outline=fill, width=max(3, round(r * 0.3)))
            elif kind == 1:
                d.line([(x - r, y + r), (x, y - r), (x + r, y + r)], fill=fill, width=max(3, round(r * 0.3)))
            elif kind == 2:
                d.line([(x, y - r), (x, y + r)], fill=fill, width=max(3, round(r * 0.3)))
                d.line([(x - r, y), (x + r, y)], fill=fill, width=max(3, round(r * 0.3)))
            else:
                d.polygon([(x - r, y), (x, y - r * 0.6), (x + r, y), (x, y + r * 0.6)], fill=fill)
    mask = Image.new("L", image.size, 0)
    ImageDraw.Draw(mask).rectangle([x0, y0, x0 + s, y1], fill=255)
    _shadow(image, mask)
    _paste(image, _flat_lit(mask, palette, seed), mask)
    raised = Image.new("L", image.size, 0)
    rd = ImageDraw.Draw(raised)
    rd.rectangle(
        [x0 + s * 0.06, y0 + s * 0.06, x0 + s * 0.94, y1 - s * 0.06],
        outline=255,
        width=max(3, round(s * 0.05)),
    )
    symbols_on(rd, x0, y0, 255, False)
    _paste(image, _flat_lit(raised, palette, seed + 1), raised)
    _carve(image, raised, raised=True, depth=max(2, round(s / 120)))
    draw = ImageDraw.Draw(image)
    ix = x1 - s
    draw.rectangle([ix, y0, x1, y1], fill=(248, 244, 232))
    draw.rectangle([ix + s * 0.06, y0 + s * 0.06, x1 - s * 0.06, y1 - s * 0.06], outline=VERMILION,
                   width=max(3, round(s * 0.05)))
    symbols_on(draw, ix, y0, VERMILION, True)
    _finish(image, px, accession)
    return image


def fossil(length_cm: float, accession: str, seed: int = 1) -> Image.Image:
    """A fossil skull in its block of matrix: a lit stone block with the bone, teeth and a horn boss."""
    height_cm = length_cm * 0.7
    px = fit(length_cm, height_cm)
    image, (x0, y0, x1, y1) = _frame(length_cm, height_cm, px)
    w, h = x1 - x0, y1 - y0
    rng = np.random.default_rng(seed)
    mask = Image.new("L", image.size, 0)
    pts = [
        (
            x0 + w * (0.5 + 0.5 * math.cos(a)) + rng.uniform(-1, 1) * w * 0.03,
            y0 + h * (0.5 + 0.5 * math.sin(a)) + rng.uniform(-1, 1) * h * 0.04,
        )
        for a in np.linspace(0, 6.2, 18)
    ]
    ImageDraw.Draw(mask).polygon(pts, fill=255)
    _shadow(image, mask)
    _paste(image, _flat_lit(mask, ((176, 160, 132), (132, 118, 96)), seed), mask)
    bone = Image.new("L", image.size, 0)
    bd = ImageDraw.Draw(bone)
    bd.polygon([(x0 + w * 0.12, y0 + h * 0.55), (x0 + w * 0.3, y0 + h * 0.32), (x0 + w * 0.62, y0 + h * 0.28),
                (x0 + w * 0.86, y0 + h * 0.4), (x0 + w * 0.88, y0 + h * 0.58), (x0 + w * 0.6, y0 + h * 0.7),
                (x0 + w * 0.2, y0 + h * 0.7)], fill=255)
    bd.polygon(
        [(x0 + w * 0.2, y0 + h * 0.36), (x0 + w * 0.26, y0 + h * 0.16), (x0 + w * 0.33, y0 + h * 0.33)],
        fill=255,
    )  # horn boss
    _paste(image, _flat_lit(bone, ((226, 208, 170), (190, 168, 128)), seed + 1), bone)
    _carve(image, bone, raised=True, depth=max(2, round(px * 0.2)))
    draw = ImageDraw.Draw(image)
    for k in range(6):  # cheek teeth
        tx = x0 + w * (0.3 + 0.07 * k)
        draw.rounded_rectangle([tx, y0 + h * 0.6, tx + w * 0.055, y0 + h * 0.69], radius=4, fill=(92, 78, 60))
    draw.ellipse([x0 + w * 0.66, y0 + h * 0.38, x0 + w * 0.74, y0 + h * 0.48], fill=(70, 60, 48))  # orbit
    for _k in range(5):
        cx, cy = x0 + w * rng.uniform(0.2, 0.8), y0 + h * rng.uniform(0.32, 0.62)
        draw.line([(cx, cy), (cx + w * rng.uniform(-0.08, 0.08), cy + h * rng.uniform(0.02, 0.08))],
                  fill=(120, 104, 80), width=2)
    _finish(image, px, accession)
    return image


def silhouette(shapes, width_cm: float, height_cm: float, accession: str, palette=BRONZE, *, seed: int = 1,
               paint=None, lit: str = "round") -> Image.Image:
    """A flat object drawn by ``shapes(draw, x0, y0, cm)`` (its box's top left, pixels per cm) and lit as a
    rounded (``lit="round"``) or flat (``"flat"``) body: blades, boats, figures, instruments."""
    px = fit(width_cm, height_cm)
    image, (x0, y0, x1, y1) = _frame(width_cm, height_cm, px)
    mask = Image.new("L", image.size, 0)
    shapes(ImageDraw.Draw(mask), x0, y0, px)
    soften = max(1, round(min(x1 - x0, y1 - y0) / 150))  # round the polygons' corners, as cast or carved
    mask = mask.filter(ImageFilter.BoxBlur(soften)).point(lambda v: 255 if v > 127 else 0)
    _shadow(image, mask, offset=8, blur=8)
    decorate = (lambda d: paint(d, x0, y0, px)) if paint else None
    body = (_lit(mask, palette, seed, decorate, grain=True) if lit == "round"
            else _flat_lit(mask, palette, seed, decorate))
    _paste(image, body, mask.filter(ImageFilter.GaussianBlur(0.8)))
    _finish(image, px, accession)
    return image
