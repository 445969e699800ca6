"""Objects drawn at their catalogued size: solids of revolution turned from a profile (vessels, pillars, a
blade, a mandible), a set of chime bells, and flat things seen face-on — roundels (coins, tiles, discs,
dishes), slabs (steles, bricks, panels, plates), a seal with its impression, a fossil in its matrix, flat
silhouettes (blades, boats, figures, instruments), a folded textile and a side table.

Profiles are in centimetres (half-width at a height, bottom to top); these are illustrations for the
sample catalogue, not documentation of the real objects.
"""

from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from museum.sample.art import canvas, materials
from museum.sample.art.materials import BRONZE, ROSEWOOD, STONE, VERMILION


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
    image = canvas.backdrop(width, height)
    pool = Image.new("L", (width, height), 0)  # the shadow on the floor
    ImageDraw.Draw(pool).ellipse([centre - half_cm * px_per_cm * 1.1, floor - 10,
                                  centre + half_cm * px_per_cm * 1.1, floor + 14], fill=120)
    if grain:  # the plausible records' pictures blur only the strip the shadow is in
        strip = (0, round(floor) - 40, width, min(height, round(floor) + 44))
        image.paste((90, 90, 90), strip[:2], mask=pool.crop(strip).filter(ImageFilter.GaussianBlur(8)))
    else:
        image.paste((90, 90, 90), mask=pool.filter(ImageFilter.GaussianBlur(8)))
    decorate = (lambda d: paint(d, centre, floor, px_per_cm)) if paint else None
    if grain:  # the plausible records' pictures: only the object's box is blurred and pasted
        box = mask.getbbox()
        box = (max(0, box[0] - 3), max(0, box[1] - 3), min(width, box[2] + 3), min(height, box[3] + 3))
        image.paste(materials.lit_round(mask, palette, seed, decorate, gloss, grain).crop(box), box,
                    mask.crop(box).filter(ImageFilter.GaussianBlur(0.8)))
    else:
        lit = materials.lit_round(mask, palette, seed, decorate, gloss)
        image.paste(lit, mask=mask.filter(ImageFilter.GaussianBlur(0.8)))
    canvas.scale_and_label(image, px_per_cm, accession, bar_cm=bar_cm, legible=grain)
    return image


def bells(heights_cm: list[float], accession: str, px_per_cm: float = 10) -> Image.Image:
    """A set of chime bells hanging from a beam, tallest on the left."""
    gap = 4
    width = round((sum(h * 0.62 for h in heights_cm) + gap * len(heights_cm)) * px_per_cm) + 160
    height = round((max(heights_cm) + 24) * px_per_cm) + 120
    image = canvas.backdrop(width, height)
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
    image.paste(materials.lit_round(mask, BRONZE, 14), mask=mask)
    canvas.scale_and_label(image, px_per_cm, accession)
    return image


def roundel(diameter_cm: float, accession: str, palette=BRONZE, *, hole: str = "", hole_ratio: float = 0.3,
            inscription: str = "", rim: bool = True, motif=None, seed: int = 1) -> Image.Image:
    """A round object face-on (coin, eaves tile, medal, bi disc, dish): a disc lit from the upper left,
    a ``hole`` ("square" or "round"), a raised rim, ``inscription`` (four characters: top, bottom, right,
    left, the order coins are read; or one to three characters across) and a ``motif`` drawn on it."""
    px = canvas.fit(diameter_cm)
    image, (x0, y0, x1, y1) = canvas.frame(diameter_cm, diameter_cm, px)
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
    canvas.shadow(image, mask)
    canvas.paste(image, materials.lit_flat(mask, palette, seed, paint),
                 mask.filter(ImageFilter.GaussianBlur(0.8)))
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
        face = canvas.font(size)
        reach = (r + h) / 2 if hole else r * 0.55
        places = {4: [(0, -1), (0, 1), (1, 0), (-1, 0)], 2: [(1, 0), (-1, 0)], 1: [(0, 0)],
                  3: [(-1, 0), (0, 0), (1, 0)]}.get(len(glyphs), [(0, 0)] * len(glyphs))
        for glyph, (dx, dy) in zip(glyphs, places, strict=False):
            step = reach if hole or len(glyphs) == 4 else size * 1.05
            rd.text((cx + dx * step, cy + dy * step), glyph, fill=255, font=face, anchor="mm")
    canvas.paste(image, materials.lit_flat(raised, palette, seed + 1), raised)
    canvas.carve(image, raised, raised=True, depth=max(2, round(r / 150)))
    canvas.finish(image, px, accession)
    return image


def slab(width_cm: float, height_cm: float, accession: str, palette=STONE, *, carving=None, text: str = "",
         raised: bool = False, seed: int = 1, outline: str = "rect", border: float = 0.06,
         text_size: float = 0.2) -> Image.Image:
    """A flat object face-on (stele, brick, panel, plaque, lintel, printing plate, inkstone): a lit slab
    with a border, ``text`` carved in columns (characters ``text_size`` of the inner height) and
    ``carving(draw, box)`` drawn as relief."""
    px = canvas.fit(width_cm, height_cm)
    image, (x0, y0, x1, y1) = canvas.frame(width_cm, height_cm, px)
    mask = Image.new("L", image.size, 0)
    draw = ImageDraw.Draw(mask)
    if outline == "arched":
        draw.rectangle([x0, y0 + (x1 - x0) * 0.25, x1, y1], fill=255)
        draw.ellipse([x0, y0, x1, y0 + (x1 - x0) * 0.5], fill=255)
    else:
        draw.rectangle([x0, y0, x1, y1], fill=255)
    canvas.shadow(image, mask)
    canvas.paste(image, materials.lit_flat(mask, palette, seed), mask)
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
        canvas.glyph_text(cd, (inner[0] + pad, inner[1] + pad, inner[2] - pad, inner[3] - pad), text, size,
                          255)
    if raised:
        canvas.paste(image, materials.lit_flat(cut, palette, seed + 2), cut)
    else:
        dark = tuple(round(c * 0.62) for c in palette[1])
        canvas.paste(image, dark, cut.point(lambda v: v * 0.5))
    canvas.carve(image, cut, raised=raised, depth=max(2, round(px * 0.15)))
    canvas.finish(image, px, accession)
    return image


def seal_face(side_cm: float, accession: str, symbols: int = 5, palette=BRONZE, seed: int = 1) -> Image.Image:
    """A seal seen from below: its square face with raised symbols, and beside it the impression in red."""
    px = canvas.fit(side_cm * 2.4, side_cm)
    image, (x0, y0, x1, y1) = canvas.frame(side_cm * 2.4, side_cm, px)
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
    canvas.shadow(image, mask)
    canvas.paste(image, materials.lit_flat(mask, palette, seed), mask)
    raised = Image.new("L", image.size, 0)
    rd = ImageDraw.Draw(raised)
    rd.rectangle(
        [x0 + s * 0.06, y0 + s * 0.06, x0 + s * 0.94, y1 - s * 0.06],
        outline=255,
        width=max(3, round(s * 0.05)),
    )
    symbols_on(rd, x0, y0, 255, False)
    canvas.paste(image, materials.lit_flat(raised, palette, seed + 1), raised)
    canvas.carve(image, raised, raised=True, depth=max(2, round(s / 120)))
    draw = ImageDraw.Draw(image)
    ix = x1 - s
    draw.rectangle([ix, y0, x1, y1], fill=(248, 244, 232))
    draw.rectangle([ix + s * 0.06, y0 + s * 0.06, x1 - s * 0.06, y1 - s * 0.06], outline=VERMILION,
                   width=max(3, round(s * 0.05)))
    symbols_on(draw, ix, y0, VERMILION, True)
    canvas.finish(image, px, accession)
    return image


def fossil(length_cm: float, accession: str, seed: int = 1) -> Image.Image:
    """A fossil skull in its block of matrix: a lit stone block with the bone, teeth and a horn boss."""
    height_cm = length_cm * 0.7
    px = canvas.fit(length_cm, height_cm)
    image, (x0, y0, x1, y1) = canvas.frame(length_cm, height_cm, px)
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
    canvas.shadow(image, mask)
    canvas.paste(image, materials.lit_flat(mask, ((176, 160, 132), (132, 118, 96)), seed), mask)
    bone = Image.new("L", image.size, 0)
    bd = ImageDraw.Draw(bone)
    bd.polygon([(x0 + w * 0.12, y0 + h * 0.55), (x0 + w * 0.3, y0 + h * 0.32), (x0 + w * 0.62, y0 + h * 0.28),
                (x0 + w * 0.86, y0 + h * 0.4), (x0 + w * 0.88, y0 + h * 0.58), (x0 + w * 0.6, y0 + h * 0.7),
                (x0 + w * 0.2, y0 + h * 0.7)], fill=255)
    bd.polygon(
        [(x0 + w * 0.2, y0 + h * 0.36), (x0 + w * 0.26, y0 + h * 0.16), (x0 + w * 0.33, y0 + h * 0.33)],
        fill=255,
    )  # horn boss
    canvas.paste(image, materials.lit_flat(bone, ((226, 208, 170), (190, 168, 128)), seed + 1), bone)
    canvas.carve(image, bone, raised=True, depth=max(2, round(px * 0.2)))
    draw = ImageDraw.Draw(image)
    for k in range(6):  # cheek teeth
        tx = x0 + w * (0.3 + 0.07 * k)
        draw.rounded_rectangle([tx, y0 + h * 0.6, tx + w * 0.055, y0 + h * 0.69], radius=4, fill=(92, 78, 60))
    draw.ellipse([x0 + w * 0.66, y0 + h * 0.38, x0 + w * 0.74, y0 + h * 0.48], fill=(70, 60, 48))  # orbit
    for _k in range(5):
        cx, cy = x0 + w * rng.uniform(0.2, 0.8), y0 + h * rng.uniform(0.32, 0.62)
        draw.line([(cx, cy), (cx + w * rng.uniform(-0.08, 0.08), cy + h * rng.uniform(0.02, 0.08))],
                  fill=(120, 104, 80), width=2)
    canvas.finish(image, px, accession)
    return image


def silhouette(shapes, width_cm: float, height_cm: float, accession: str, palette=BRONZE, *, seed: int = 1,
               paint=None, lit: str = "round") -> Image.Image:
    """A flat object drawn by ``shapes(draw, x0, y0, cm)`` (its box's top left, pixels per cm) and lit as a
    rounded (``lit="round"``) or flat (``"flat"``) body: blades, boats, figures, instruments."""
    px = canvas.fit(width_cm, height_cm)
    image, (x0, y0, x1, y1) = canvas.frame(width_cm, height_cm, px)
    mask = Image.new("L", image.size, 0)
    shapes(ImageDraw.Draw(mask), x0, y0, px)
    soften = max(1, round(min(x1 - x0, y1 - y0) / 150))  # round the polygons' corners, as cast or carved
    mask = mask.filter(ImageFilter.BoxBlur(soften)).point(lambda v: 255 if v > 127 else 0)
    canvas.shadow(image, mask, offset=8, blur=8)
    decorate = (lambda d: paint(d, x0, y0, px)) if paint else None
    body = (materials.lit_round(mask, palette, seed, decorate, grain=True) if lit == "round"
            else materials.lit_flat(mask, palette, seed, decorate))
    canvas.paste(image, body, mask.filter(ImageFilter.GaussianBlur(0.8)))
    canvas.finish(image, px, accession)
    return image


def cloth(
    width_cm: float, height_cm: float, accession: str, pattern: str = "brocade", seed: int = 1
) -> Image.Image:
    """A folded textile: a flat lit panel with a woven (``brocade``) or resist-dyed (``batik``) pattern,
    its fold as a shaded band."""
    px = canvas.fit(width_cm, height_cm)
    image, (x0, y0, x1, y1) = canvas.frame(width_cm, height_cm, px)
    w, h = x1 - x0, y1 - y0
    mask = Image.new("L", image.size, 0)
    ImageDraw.Draw(mask).polygon([(x0, y0 + 6), (x1, y0), (x1 - 4, y1), (x0 + 3, y1 - 5)], fill=255)
    canvas.shadow(image, mask)
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
    canvas.paste(image, materials.lit_flat(mask, ((255, 255, 255), (232, 232, 232)), seed, paint), mask)
    fold = Image.new("L", image.size, 0)
    ImageDraw.Draw(fold).rectangle([x0, y0 + h * 0.48, x1, y0 + h * 0.55], fill=70)
    canvas.paste(image, (0, 0, 0), ImageChops.multiply(fold.filter(ImageFilter.GaussianBlur(h * 0.02)), mask))
    canvas.finish(image, px, accession)
    return image


def table(height_cm: float, accession: str, palette=ROSEWOOD, seed: int = 1) -> Image.Image:
    """A side table seen from the front: top with everted ends, apron with a carved spandrel, four legs."""
    width_cm = height_cm * 1.5
    px = canvas.fit(width_cm + 10, height_cm)
    image, (x0, y0, x1, y1) = canvas.frame(width_cm + 10, height_cm, px)
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
    canvas.shadow(image, mask, blur=6)
    canvas.paste(image, materials.lit_flat(mask, palette, seed), mask)
    spandrels = Image.new("L", image.size, 0)
    cd = ImageDraw.Draw(spandrels)
    for side in (-1, 1):
        cx = x0 + w / 2 + side * w * 0.22
        cd.arc(
            [cx - w * 0.12, apron - h * 0.08, cx + w * 0.12, apron + h * 0.08], 180, 360, fill=255, width=4
        )
        cd.ellipse([cx - 8, apron - h * 0.05, cx + 8, apron - h * 0.05 + 16], outline=255, width=3)
    canvas.paste(image, tuple(round(c * 0.55) for c in palette[1]), spandrels)
    canvas.carve(image, spandrels, raised=False, depth=2)
    canvas.finish(image, px, accession)
    return image
