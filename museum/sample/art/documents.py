"""Printed paper documents: a wartime poster, a newspaper, a map of the river, a receipt and a banknote."""

from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageDraw

from museum.sample.art import canvas, materials
from museum.sample.art.materials import INK, PAPER, VERMILION
from museum.sample.art.paintings import POEM


def paper(width_cm: float, height_cm: float, accession: str, layout: str, *, title: str = "", text: str = "",
          ground=PAPER, seed: int = 1) -> Image.Image:
    """A printed sheet (``layout``: "poster", "newspaper", "receipt", "map", "note"): paper with printed
    columns, rules and a red seal."""
    px = canvas.fit(width_cm, height_cm)
    image, (x0, y0, x1, y1) = canvas.frame(width_cm, height_cm, px)
    rng = np.random.default_rng(seed)
    mask = Image.new("L", image.size, 0)
    ImageDraw.Draw(mask).rectangle([x0, y0, x1, y1], fill=255)
    canvas.shadow(image, mask, offset=8, blur=8)
    w, h = x1 - x0, y1 - y0
    sheet_noise = (materials.mottle(round(h), round(w), seed)[..., None] * 18 - 9
                   + materials.mottle(round(h), round(w), seed // 7 + 1)[..., None] * 16 - 12)
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
        canvas.glyph_text(draw, (x0 + w * 0.08, y0 + h * 0.05, x1, y0 + h * 0.05 + size),
                          title or "抗战到底", size, (170, 30, 26), columns=False, gap=1.15)
        canvas.glyph_text(draw, (x0 + w * 0.1, y0 + h * 0.83, x1, y1), "全民一心保卫大西南", round(w * 0.08),
                          INK, columns=False)
    elif layout == "newspaper":
        size = round(w * 0.12)
        canvas.glyph_text(draw, (x1 - w * 0.02 - size * 1.1, y0 + h * 0.03, x1, y0 + h * 0.5),
                          title or "陪都日报", size, INK)
        draw.line([(x0 + w * 0.03, y0 + h * 0.03), (x0 + w * 0.03, y1 - h * 0.03)], fill=INK, width=3)
        small = max(10, round(w * 0.022))
        block = (x0 + w * 0.05, y0 + h * 0.04, x1 - w * 0.05 - size * 1.3, y1 - h * 0.04)
        canvas.glyph_text(draw, block, body * 12, small, (60, 58, 54), gap=1.2)
        hx = block[2] - small * 9
        draw.rectangle([hx - small * 4.5, block[1], hx, block[1] + h * 0.45], fill=ground)
        canvas.glyph_text(
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
            canvas.glyph_text(draw, (x + 8, y + 10, x + h * 0.1, y + h * 0.35), name,
                              max(12, round(h * 0.05)), INK)
        canvas.glyph_text(draw, (x1 - h * 0.12, y0 + h * 0.04, x1, y0 + h * 0.6), title or "川江航运图",
                          max(14, round(h * 0.08)), INK)
    else:  # receipt, note: a bordered form
        ink = (40, 70, 120) if layout == "note" else (40, 96, 70)
        draw.rectangle([x0 + w * 0.04, y0 + h * 0.06, x1 - w * 0.04, y1 - h * 0.06], outline=ink,
                       width=max(3, round(h * 0.02)))
        draw.rectangle([x0 + w * 0.07, y0 + h * 0.11, x1 - w * 0.07, y1 - h * 0.11], outline=ink,
                       width=max(2, round(h * 0.008)))
        size = round(min(h * 0.13, w * 0.08))
        canvas.glyph_text(
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
        canvas.glyph_text(
            draw,
            (x0 + w * 0.14, y0 + h * 0.3, x0 + w * 0.7, y0 + h * 0.45),
            "壹圆" if note else "国币壹拾圆整",
            round(size * (1.0 if note else 0.55)),
            VERMILION if note else INK,
            columns=False,
        )
        canvas.glyph_text(draw, (x0 + w * 0.14, y0 + h * 0.62, x1, y0 + h * 0.75), "第〇四二七号",
                          round(size * 0.4), ink, columns=False)
        seal = round(min(h * 0.28, w * 0.2))
        canvas.seal_mark(draw, x1 - w * 0.1 - seal, y1 - h * 0.12 - seal, seal,
                         "财政之印" if note else "经收之章")
    if layout in ("poster", "newspaper", "map"):
        seal = round(min(w, h) * 0.07)
        canvas.seal_mark(draw, x0 + w * 0.08, y1 - h * 0.06 - seal, seal, "审定")
    canvas.finish(image, px, accession)
    return image
