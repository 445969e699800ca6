"""Ink on silk and paper: ink landscapes, bamboo and rock, pine and cranes, birds and flowers, and columns
of calligraphy, mounted as hanging scrolls, album or fan leaves and handscrolls; the real sample's long
figure handscroll; and ink rubbings of carved stones.
"""

from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageDraw

from museum.sample.art import canvas, materials
from museum.sample.art.materials import INK, PAPER, SILK, VERMILION


def rubbing(text: str, width_cm: float, height_cm: float, accession: str, px_per_cm: float = 6,
            fish: int = 0, seed: int = 3, bar_cm: int = 10, legible: bool = False) -> Image.Image:
    """Ink rubbing: black paper, characters and carvings left white, in columns read right to left."""
    width, height = round(width_cm * px_per_cm), round(height_cm * px_per_cm)
    paper = (30 + 40 * materials.noise(height, width, seed, 3)
             + 25 * materials.noise(height, width, seed + 1, 40))
    image = Image.fromarray(np.repeat(paper[..., None], 3, axis=2).clip(0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    cell = max(24, round(min(width, height) / 14))
    glyphs = [c for c in text if not c.isspace() and c not in "，。、（）()：；,.:;"] or ["石"]
    index, face = 0, canvas.font(round(cell * 0.8))
    for x in range(width - cell - cell // 2, cell // 2, -cell):
        for y in range(cell, height - 2 * cell, cell):
            draw.text((x, y), glyphs[index % len(glyphs)], fill=(214, 210, 200), font=face)
            index += 1
    for n in range(fish):
        cx, cy = width * (0.3 + 0.4 * n), height * 0.8
        draw.ellipse([cx - 4 * cell, cy - cell, cx + 4 * cell, cy + cell], outline=(220, 216, 205), width=6)
        draw.polygon([(cx + 4 * cell, cy), (cx + 5.5 * cell, cy - cell), (cx + 5.5 * cell, cy + cell)],
                     outline=(220, 216, 205), width=6)
    canvas.scale_and_label(image, px_per_cm, accession, dark=True, bar_cm=bar_cm, legible=legible)
    return image


def handscroll(accession: str, width_cm: float = 547.8, height_cm: float = 30.8,
               px_per_cm: float = 20, scenes: int = 5, seed: int = 7) -> Image.Image:
    """A long silk handscroll with ``scenes`` episodes separated by standing screens, and red seals."""
    width, height = round(width_cm * px_per_cm), round(height_cm * px_per_cm)
    silk = materials.noise(height, width, seed, 4)[..., None]
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
    canvas.scale_and_label(image, px_per_cm, accession)
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
    canvas.glyph_text(draw, (x0 + size * 0.3, y0 + size * 0.4, x1 - size * 0.3, y1 - size * 0.4), text, size,
                      ink, gap=1.3)


PAINTINGS = {"landscape": _ink_landscape, "bamboo": _bamboo_rock, "pine-cranes": _pine_cranes,
             "birds-flowers": _bird_flowers, "calligraphy": _calligraphy}
POEM = "朝辞白帝彩云间千里江陵一日还两岸猿声啼不住轻舟已过万重山"


def hanging_scroll(height_cm: float, accession: str, painting: str = "landscape", *, ground=PAPER,
                   text: str = POEM, seed: int = 1) -> Image.Image:
    """A mounted hanging scroll: silk mount, the painting (or calligraphy) with the artist's seals,
    a roller with knobs at the bottom."""
    width_cm = height_cm * 0.36
    px = canvas.fit(width_cm + 4, height_cm)
    image, (x0, y0, x1, y1) = canvas.frame(width_cm + 4, height_cm, px)
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
    paper = materials.mottle(box[3] - box[1], box[2] - box[0], seed)[..., None] * 14 - 7
    leaf = Image.fromarray((np.array(ground, np.float32) + paper).clip(0, 255).astype(np.uint8))
    image.paste(leaf, box[:2])
    inner = (box[0] + pw * 0.06, box[1] + ph * 0.04, box[2] - pw * 0.06, box[3] - ph * 0.04)
    if painting == "calligraphy":
        _calligraphy(draw, inner, rng, text)
    else:
        PAINTINGS[painting](draw, inner, rng)
        canvas.glyph_text(draw, (inner[2] - pw * 0.12, inner[1], inner[2], inner[1] + ph * 0.3),
                          "峡江秋色戊午写", max(12, round(pw * 0.05)), INK)
    seal = max(10, round(pw * 0.06))
    canvas.seal_mark(draw, inner[0] + seal * 0.3, inner[3] - seal * 2.6, seal, "山人")
    canvas.seal_mark(draw, inner[0] + seal * 0.3, inner[3] - seal * 1.3, seal, "之印")
    rod = (y1 - y0) * 0.012 + 4
    draw.rectangle([x0, y1 - rod, x1, y1 + rod], fill=(84, 54, 36))  # 轴 with its knobs
    draw.rectangle(
        [x0 + (x1 - x0) * 0.15, y0 - rod * 0.6, x1 - (x1 - x0) * 0.15, y0 + rod * 0.4], fill=(110, 84, 60)
    )
    canvas.finish(image, px, accession)
    return image


def album_leaf(width_cm: float, height_cm: float, accession: str, painting: str = "birds-flowers", *,
               ground=SILK, text: str = POEM, seed: int = 1, fan: bool = False) -> Image.Image:
    """An album leaf on its card mount, or a folding-fan leaf (``fan``): painting or calligraphy."""
    px = canvas.fit(width_cm, height_cm)
    image, (x0, y0, x1, y1) = canvas.frame(width_cm, height_cm, px)
    rng = np.random.default_rng(seed)
    draw = ImageDraw.Draw(image)
    mask = Image.new("L", image.size, 0)
    md = ImageDraw.Draw(mask)
    if fan:
        cx, cy, outer = (x0 + x1) / 2, y1 + (x1 - x0) * 0.1, (x1 - x0) / 2 / math.sin(math.radians(70))
        md.pieslice([cx - outer, cy - outer, cx + outer, cy + outer], 200, 340, fill=255)
        md.ellipse([cx - outer * 0.45, cy - outer * 0.45, cx + outer * 0.45, cy + outer * 0.45], fill=0)
        canvas.shadow(image, mask)
        leaf = (ground, tuple(round(c * 0.86) for c in ground))  # the leaf's palette
        canvas.paste(image, materials.lit_flat(mask, leaf, seed), mask)
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
                          font=canvas.font(size), anchor="mm")
                index += 1
        canvas.seal_mark(draw, cx + outer * 0.62 * math.cos(math.radians(212)) - size,
                         cy + outer * 0.62 * math.sin(math.radians(212)), size * 1.4, "臣")
    else:
        card = (x0, y0, x1, y1)
        md.rectangle(card, fill=255)
        canvas.shadow(image, mask)
        draw.rectangle(card, fill=(222, 214, 196))
        m = (x1 - x0) * 0.08
        box = (round(x0 + m), round(y0 + m), round(x1 - m), round(y1 - m))
        grain = materials.mottle(box[3] - box[1], box[2] - box[0], seed)[..., None] * 12 - 6
        image.paste(
            Image.fromarray((np.array(ground, np.float32) + grain).clip(0, 255).astype(np.uint8)), box[:2]
        )
        PAINTINGS[painting](draw, box, rng) if painting != "calligraphy" else _calligraphy(
            draw, box, rng, text
        )
        seal = max(10, round((box[2] - box[0]) * 0.06))
        canvas.seal_mark(draw, box[2] - seal * 1.6, box[3] - seal * 1.6, seal, "珍藏")
    canvas.finish(image, px, accession)
    return image


def landscape_handscroll(height_cm: float, accession: str, shown_cm: float, seed: int = 1) -> Image.Image:
    """The opening ``shown_cm`` of a landscape handscroll: brocade wrapper end, title slip, then the
    painting in colour on paper."""
    px = canvas.fit(shown_cm, height_cm, longest=1150)
    image, (x0, y0, x1, y1) = canvas.frame(shown_cm, height_cm, px)
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
    canvas.glyph_text(
        draw,
        (slip[0] + 4, slip[1] + 8, slip[2] - 2, slip[3]),
        "三峡图卷",
        max(12, round((slip[2] - slip[0]) * 0.7)),
        INK,
    )
    box = (round(slip[2] + 6), round(y0), round(x1), round(y1))
    grain = materials.mottle(box[3] - box[1], box[2] - box[0], seed)[..., None] * 14 - 7
    image.paste(Image.fromarray((np.array(PAPER, np.float32) + grain).clip(0, 255).astype(np.uint8)), box[:2])
    _ink_landscape(draw, box, rng, colour=(86, 130, 120))
    canvas.seal_mark(draw, box[0] + 10, box[3] - 60, 40, "三峡")
    canvas.finish(image, px, accession)
    return image
