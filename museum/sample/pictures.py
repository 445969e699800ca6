"""Pictures of the plausible sample records, drawn from each record's own data: the object type it was
made from (``data/object_types.json``), its category and its catalogued height (the scale bar is true to
it). One table chooses the drawing: by object type where a type needs its own shape, else by category.

Every picture is deterministic per accession number (seeded by it), so loading the sample twice draws
the same bytes and the images step skips what is already attached.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable

from PIL import Image

from museum.sample import image_art as art

Drawing = Callable[
    [float, str, int], tuple[Image.Image, str]
]  # (height cm, accession, seed) -> picture, view

VIEWS = {  # caption of each kind of view, in the six languages: every picture here is an illustration
    "front": {
        "zh": "正面（示意图）",
        "zh-Hant": "正面（示意圖）",
        "en": "Front (illustration)",
        "ja": "正面（イメージ図）",
        "ko": "정면 (삽화)",
        "fr": "Face (illustration)",
    },
    "face": {
        "zh": "俯视（示意图）",
        "zh-Hant": "俯視（示意圖）",
        "en": "Seen from above (illustration)",
        "ja": "上面（イメージ図）",
        "ko": "위에서 본 모습 (삽화)",
        "fr": "Vue de dessus (illustration)",
    },
    "side": {
        "zh": "侧面（示意图）",
        "zh-Hant": "側面（示意圖）",
        "en": "Side view (illustration)",
        "ja": "側面（イメージ図）",
        "ko": "측면 (삽화)",
        "fr": "Vue de profil (illustration)",
    },
    "whole": {
        "zh": "全貌（示意图）",
        "zh-Hant": "全貌（示意圖）",
        "en": "The whole object (illustration)",
        "ja": "全体（イメージ図）",
        "ko": "전체 모습 (삽화)",
        "fr": "Vue d'ensemble (illustration)",
    },
    "folded": {
        "zh": "折叠展示（示意图）",
        "zh-Hant": "折疊展示（示意圖）",
        "en": "Folded (illustration)",
        "ja": "折り畳んだ状態（イメージ図）",
        "ko": "접은 모습 (삽화)",
        "fr": "Plié (illustration)",
    },
    "opening": {
        "zh": "卷首局部（示意图）",
        "zh-Hant": "卷首局部（示意圖）",
        "en": "Opening section (illustration)",
        "ja": "巻首部分（イメージ図）",
        "ko": "권두 부분 (삽화)",
        "fr": "Début du rouleau (illustration)",
    },
    "seal": {
        "zh": "印面与印文（示意图）",
        "zh-Hant": "印面與印文（示意圖）",
        "en": "Seal face and impression (illustration)",
        "ja": "印面と印影（イメージ図）",
        "ko": "인면과 인영 (삽화)",
        "fr": "Face du sceau et empreinte (illustration)",
    },
}


def seed_of(accession: str) -> int:
    return zlib.crc32(accession.encode())


def _vessel(profile, palette=art.POTTERY, *, extras=None, extent=(0, 0), paint=None, gloss=0.0,
            view: str = "front", smooth: bool = True) -> Drawing:
    """A solid of revolution: ``profile`` is [(half-width, height)] as fractions of the height, drawn
    through as a curve unless it is built (``smooth=False``: storeys, boxes)."""
    def draw(height, accession, seed):
        shape = [(w * height, f * height) for w, f in (_smooth(profile) if smooth else profile)]
        half = max([w for w, _f in shape] + [extent[0] * height])
        tall = max(height, extent[1] * height)
        px = art.fit(2 * half, tall)
        width = round(2 * half * px) + 160
        scaled = [(lambda d, c, f, cm, e=e: e(d, c, f, cm, height)) for e in extras or ()]
        deco = (lambda d, c, f, cm: paint(d, c, f, cm, height)) if paint else None
        return art.solid(
            shape,
            accession,
            palette,
            px,
            scaled,
            seed,
            (extent[0] * height, extent[1] * height),
            deco,
            gloss,
            art.bar_length(px, width),
            grain=True,
        ), view
    return draw


def _smooth(profile: list[tuple[float, float]], steps: int = 8) -> list[tuple[float, float]]:
    """The profile through its points as a Catmull-Rom curve (a potter's line, not a polygon's); the
    first and last points (foot and the axis at the top) are kept."""
    points = [profile[0], *profile, profile[-1]]
    curve = [profile[0]]
    for i in range(1, len(points) - 2):
        (ax, ay), (bx, by), (cx, cy), (dx, dy) = points[i - 1:i + 3]
        for step in range(1, steps + 1):
            t = step / steps
            curve.append(tuple(0.5 * (2 * b + (c - a) * t + (2 * a - 5 * b + 4 * c - d) * t * t
                                      + (3 * b - a - 3 * c + d) * t ** 3)
                               for a, b, c, d in ((ax, bx, cx, dx), (ay, by, cy, dy))))
    return curve


def _flat(shapes, width: float, tall: float, palette, *, paint=None, lit: str = "round",
          view: str = "front") -> Drawing:
    """A flat silhouette ``shapes(draw, x0, y0, cm, size)`` in a box of ``width`` × ``tall`` heights."""
    def draw(height, accession, seed):
        deco = (lambda d, x, y, cm: paint(d, x, y, cm, height)) if paint else None
        return art.silhouette(lambda d, x, y, cm: shapes(d, x, y, cm, height), width * height, tall * height,
                              accession, palette, seed=seed, paint=deco, lit=lit), view
    return draw


# Decoration painted on vessels: (draw, centre x, floor y, pixels per cm, height cm).

def _bands(colour, *fractions, width=0.012):
    def paint(d, c, f, cm, h):
        for fraction in fractions:
            y = f - fraction * h * cm
            d.rectangle(
                [c - 60 * h * cm, y - width * h * cm, c + 60 * h * cm, y + width * h * cm], fill=colour
            )

    return paint


def _scroll(colour, low, high, *, flowers=(214, 120, 130), leaves=None, band=True):
    """A band of flowers on a scrolling stem between ``low`` and ``high`` (fractions of the height)."""
    def paint(d, c, f, cm, h):
        y0, y1 = f - high * h * cm, f - low * h * cm
        mid, amp = (y0 + y1) / 2, (y1 - y0) * 0.3
        points = [(c + (x - 40) * h * cm * 0.05, mid + amp * math.sin(x / 3)) for x in range(81)]
        d.line(points, fill=leaves or colour, width=max(2, round(h * cm * 0.012)))
        for k, (x, y) in enumerate(points[::6]):
            r = min((y1 - y0) * 0.22, h * cm * 0.07)
            d.ellipse([x - r, y - r, x + r, y + r], fill=flowers if flowers else colour)
            d.ellipse([x - r * 0.4, y - r * 0.4, x + r * 0.4, y + r * 0.4], fill=colour)
            ly = y + (r * 1.2 if k % 2 else -r * 1.2)
            d.ellipse([x + r * 0.6, ly - r * 0.35, x + r * 1.8, ly + r * 0.35], fill=leaves or colour)
        if band:
            for y in (y0, y1):
                d.rectangle([c - 60 * h * cm, y - 3, c + 60 * h * cm, y + 3], fill=colour)
    return paint


def _both(*paints):
    def paint(d, c, f, cm, h):
        for p in paints:
            p(d, c, f, cm, h)
    return paint


def _blue_landscape(d, c, f, cm, h):
    y0, y1 = f - 0.72 * h * cm, f - 0.25 * h * cm
    for k in range(5):
        x = c + (k - 2) * 0.16 * h * cm
        d.polygon([(x - 0.14 * h * cm, y1), (x, y0 + (k % 2) * 0.1 * h * cm), (x + 0.14 * h * cm, y1)],
                  outline=art.COBALT, fill=(178, 190, 220))
    d.line([(c - h * cm, y1 + 6), (c + h * cm, y1 + 6)], fill=art.COBALT, width=4)
    _bands(art.COBALT, 0.8, 0.2)(d, c, f, cm, h)


def _hares_fur(d, c, f, cm, h):
    for k in range(60):
        x = c + (k - 30) * 0.02 * h * cm
        d.line([(x, f - 0.95 * h * cm), (x + 0.01 * h * cm, f - (0.35 + 0.1 * (k % 3)) * h * cm)],
               fill=(150, 96, 56), width=max(2, round(0.006 * h * cm)))
    d.rectangle([c - h * cm, f - 0.2 * h * cm, c + h * cm, f], fill=(190, 160, 130))  # unglazed foot


def _weave(d, c, f, cm, h):
    step = max(6, round(0.06 * h * cm))
    for y in range(round(f - h * cm), round(f), step):
        d.line([(c - h * cm, y), (c + h * cm, y)], fill=(120, 90, 50), width=2)
    for x in range(round(c - h * cm), round(c + h * cm), step):
        d.line([(x, f - h * cm), (x, f)], fill=(140, 106, 62), width=1)


def _ring_handles(at, reach):
    def extra(d, c, f, cm, h):
        for side in (-1, 1):
            x, y, r = c + side * reach * h * cm, f - at * h * cm, 0.08 * h * cm
            d.ellipse([x - r, y - r, x + r, y + r], outline=255, width=max(3, round(r * 0.35)))
    return extra


def _lugs(at, reach):
    def extra(d, c, f, cm, h):
        for side in (-1, 1):
            x, y, r = c + side * reach * h * cm, f - at * h * cm, 0.05 * h * cm
            d.rounded_rectangle([x - r, y - r, x + r, y + r], radius=r / 2, fill=255)
    return extra


def _tripod(d, c, f, cm, h):
    for dx in (-0.35, 0.0, 0.35):
        x = c + dx * h * cm
        d.polygon([(x - 0.06 * h * cm, f - 0.3 * h * cm), (x + 0.06 * h * cm, f - 0.3 * h * cm),
                   (x + 0.03 * h * cm, f), (x - 0.03 * h * cm, f)], fill=255)
    for side in (-1, 1):  # upright handles on the rim
        x = c + side * 0.34 * h * cm
        d.rectangle([x - 0.04 * h * cm, f - 1.0 * h * cm, x + 0.04 * h * cm, f - 0.8 * h * cm], fill=255)


def _ewer(d, c, f, cm, h):
    d.line([(c + 0.18 * h * cm, f - 0.45 * h * cm), (c + 0.42 * h * cm, f - 0.85 * h * cm)], fill=255,
           width=max(4, round(0.05 * h * cm)))  # spout
    d.arc([c - 0.45 * h * cm, f - 0.85 * h * cm, c - 0.1 * h * cm, f - 0.35 * h * cm], 90, 270, fill=255,
          width=max(4, round(0.04 * h * cm)))  # handle


def _siren_slots(d, c, f, cm, h):
    for k in range(-4, 5):
        x = c + k * 0.06 * h * cm
        d.rectangle(
            [x - 0.012 * h * cm, f - 0.92 * h * cm, x + 0.012 * h * cm, f - 0.7 * h * cm], fill=(40, 44, 38)
        )


def _siren(d, c, f, cm, h):
    d.rectangle([c - 0.03 * h * cm, f - 0.6 * h * cm, c + 0.03 * h * cm, f], fill=255)  # post
    d.rectangle([c - 0.2 * h * cm, f - 0.04 * h * cm, c + 0.2 * h * cm, f], fill=255)  # foot
    d.line([(c + 0.25 * h * cm, f - 0.72 * h * cm), (c + 0.45 * h * cm, f - 0.55 * h * cm)], fill=255,
           width=max(3, round(0.025 * h * cm)))  # crank
    d.ellipse([c + 0.42 * h * cm, f - 0.58 * h * cm, c + 0.5 * h * cm, f - 0.5 * h * cm], fill=255)


def _flask_cap(d, c, f, cm, h):
    d.rectangle([c - 0.07 * h * cm, f - 1.0 * h * cm, c + 0.07 * h * cm, f - 0.92 * h * cm], fill=255)
    d.line([(c + 0.06 * h * cm, f - 0.96 * h * cm), (c + 0.3 * h * cm, f - 0.8 * h * cm)], fill=255, width=3)


# Flat silhouettes: (draw, x0, y0, px per cm, height cm); coordinates in heights.

def _at(x0, y0, cm, h):
    return lambda x, y: (x0 + x * h * cm, y0 + y * h * cm)


def _junk(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    d.polygon([p(0, 0.72), p(0.2, 0.95), p(1.15, 0.95), p(1.4, 0.68), p(1.2, 0.8), p(0.1, 0.8)], fill=255)
    d.rectangle([*p(0.62, 0.05), *p(0.65, 0.82)], fill=255)  # mast
    d.polygon([p(0.66, 0.1), p(1.05, 0.16), p(1.0, 0.68), p(0.66, 0.7)], fill=255)  # sail
    d.rectangle([*p(0.25, 0.6), *p(0.5, 0.8)], fill=255)  # deck house


def _sail(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    d.polygon([p(0.66, 0.1), p(1.05, 0.16), p(1.0, 0.68), p(0.66, 0.7)], fill=(196, 170, 120))
    for k in range(6):
        d.line([p(0.66, 0.1 + 0.1 * k), p(1.04, 0.16 + 0.09 * k)], fill=(120, 90, 60), width=3)
    d.rectangle([*p(0.25, 0.6), *p(0.5, 0.8)], fill=(150, 60, 40))


def _boat_coffin(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    d.polygon([p(0, 0.2), p(0.3, 0.5), p(0.5, 0.9), p(4.6, 0.9), p(4.9, 0.5), p(5.0, 0.25), p(4.6, 0.4),
               p(0.4, 0.4)], fill=255)


def _dagger_axe(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    d.polygon([p(0, 0.1), p(1.3, 0.0), p(1.35, 0.15), p(1.3, 0.3), p(1.3, 1.1), p(1.2, 1.15), p(1.15, 0.4),
               p(0.9, 0.3), p(0.05, 0.25)], fill=255)  # yuan (blade) and hu
    d.rectangle([*p(1.35, 0.08), *p(2.0, 0.26)], fill=255)  # nei (tang)


def _tiger_stripes(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    for k in range(7):
        d.line([p(1.45 + 0.07 * k, 0.1), p(1.5 + 0.07 * k, 0.24)], fill=(30, 48, 40), width=4)
    d.ellipse([*p(1.2, 0.45), *p(1.28, 0.55)], outline=(30, 48, 40), width=4)


def _yue(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    d.rectangle([*p(0.32, 0), *p(0.58, 0.2)], fill=255)  # the tang
    d.rectangle([*p(0.18, 0.2), *p(0.72, 0.26)], fill=255)  # shoulders
    d.polygon([p(0.24, 0.26), p(0.66, 0.26), p(0.7, 0.5), p(0.9, 0.82), p(0.0, 0.82), p(0.2, 0.5)], fill=255)
    d.chord([*p(0, 0.64), *p(0.9, 1.0)], 0, 180, fill=255)  # the crescent edge


def _yue_face(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    d.ellipse([*p(0.36, 0.4), *p(0.54, 0.56)], outline=(40, 60, 50), width=max(3, round(0.02 * h * cm)))
    d.line([p(0.06, 0.9), p(0.84, 0.9)], fill=(200, 170, 110), width=max(2, round(0.01 * h * cm)))


def _stone_axe(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    d.polygon([p(0.12, 0), p(0.48, 0), p(0.6, 0.95), p(0.3, 1.0), p(0.0, 0.95)], fill=255)


def _steelyard(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    d.polygon([p(0, 1.0), p(12, 0.8), p(12, 1.2), p(0, 1.4)], fill=255)  # beam, tapering
    d.line([p(1.2, 1.2), p(1.2, 2.4)], fill=255, width=max(2, round(0.06 * h * cm)))
    d.arc([*p(0.8, 2.3), *p(1.6, 3.1)], 0, 270, fill=255, width=max(3, round(0.1 * h * cm)))  # hook
    d.line([p(2.2, 1.1), p(2.2, 0.2)], fill=255, width=max(2, round(0.05 * h * cm)))  # lifting cord
    d.line([p(8.5, 0.95), p(8.5, 2.2)], fill=255, width=max(2, round(0.04 * h * cm)))
    d.polygon([p(8.1, 2.2), p(8.9, 2.2), p(9.1, 3.3), p(7.9, 3.3)], fill=255)  # weight


def _ingot(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    d.polygon([p(0, 0), p(0.6, 0.35), p(2.4, 0.35), p(3.0, 0), p(2.6, 0.8), p(2.2, 1.0), p(0.8, 1.0),
               p(0.4, 0.8)], fill=255)
    d.ellipse([*p(1.0, 0.15), *p(2.0, 0.55)], fill=255)


def _radio(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    d.rectangle([*p(0, 0.4), *p(0.9, 1.0)], fill=255)
    d.ellipse([*p(0, 0), *p(0.9, 0.8)], fill=255)


def _radio_face(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    d.ellipse([*p(0.15, 0.12), *p(0.75, 0.72)], fill=(176, 150, 100))  # grille cloth
    for k in range(5):
        d.line(
            [p(0.2 + 0.1 * k, 0.2), p(0.2 + 0.1 * k, 0.7)],
            fill=(96, 60, 36),
            width=max(3, round(0.02 * h * cm)),
        )
    d.rectangle([*p(0.3, 0.78), *p(0.6, 0.86)], fill=(230, 214, 170))  # dial
    for k in range(2):
        d.ellipse([*p(0.14 + 0.52 * k, 0.88), *p(0.24 + 0.52 * k, 0.96)], fill=(50, 34, 24))


def _seated_figure(with_qin: bool):
    def shapes(d, x0, y0, cm, h):
        p = _at(x0, y0, cm, h)
        d.ellipse([*p(0.3, 0.02), *p(0.48, 0.2)], fill=255)  # head
        d.rectangle([*p(0.35, 0.18), *p(0.43, 0.24)], fill=255)  # neck
        d.polygon([p(0.39, 0.22), p(0.6, 0.28), p(0.64, 0.5), p(0.78, 0.92), p(0.72, 1.0), p(0.04, 1.0),
                   p(0.0, 0.92), p(0.14, 0.5), p(0.18, 0.28)], fill=255)  # robe, kneeling
        if with_qin:
            d.polygon([p(0.0, 0.6), p(0.8, 0.66), p(0.8, 0.72), p(0.0, 0.66)], fill=255)
            d.ellipse([*p(0.1, 0.55), *p(0.24, 0.64)], fill=255)  # hands on the strings
            d.ellipse([*p(0.52, 0.58), *p(0.66, 0.67)], fill=255)
        else:
            d.rectangle([*p(0.55, 0.62), *p(0.85, 0.75)], fill=255)  # board with a fish
            d.polygon([p(0.6, 0.6), p(0.78, 0.56), p(0.82, 0.6), p(0.78, 0.62)], fill=255)
    return shapes


def _dog(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    d.ellipse([*p(0.2, 0.3), *p(1.05, 0.7)], fill=255)  # body
    d.ellipse([*p(0.9, 0.0), *p(1.25, 0.35)], fill=255)  # head
    d.polygon([p(1.2, 0.15), p(1.4, 0.22), p(1.2, 0.3)], fill=255)  # muzzle
    d.polygon([p(0.95, 0.05), p(1.0, -0.0), p(1.05, 0.08)], fill=255)  # ear
    d.line([p(0.22, 0.4), p(0.05, 0.15)], fill=255, width=max(4, round(0.07 * h * cm)))  # curled tail
    for x in (0.3, 0.45, 0.8, 0.95):
        d.rectangle([*p(x, 0.6), *p(x + 0.09, 1.0)], fill=255)


def _mask(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    d.ellipse([*p(0.0, 0.0), *p(0.72, 1.0)], fill=255)
    d.ellipse([*p(0.18, 0.38), *p(0.3, 0.46)], fill=0)  # eyes cut through
    d.ellipse([*p(0.42, 0.38), *p(0.54, 0.46)], fill=0)


def _mask_paint(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    d.rectangle([*p(0, 0), *p(0.72, 0.3)], fill=(30, 28, 26))  # hair band
    d.polygon([p(0.12, 0.34), p(0.32, 0.3), p(0.34, 0.35)], fill=(30, 28, 26))
    d.polygon([p(0.6, 0.34), p(0.4, 0.3), p(0.38, 0.35)], fill=(30, 28, 26))
    d.ellipse([*p(0.08, 0.55), *p(0.22, 0.66)], fill=(200, 60, 50))
    d.ellipse([*p(0.5, 0.55), *p(0.64, 0.66)], fill=(200, 60, 50))
    d.chord([*p(0.24, 0.7), *p(0.48, 0.84)], 0, 180, fill=(150, 30, 30))


def _lusheng(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    d.ellipse([*p(0.0, 0.72), *p(0.3, 0.86)], fill=255)  # wind chest
    d.polygon([p(0.28, 0.78), p(0.5, 0.74), p(0.5, 0.78), p(0.28, 0.82)], fill=255)  # blowpipe
    for k, top in enumerate((0.0, 0.08, 0.2, 0.3, 0.42, 0.5)):
        x = 0.06 + 0.035 * k
        d.rectangle([*p(x, top), *p(x + 0.022, 0.95)], fill=255)


def _headdress(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    d.rectangle([*p(0.35, 0.7), *p(0.75, 0.85)], fill=255)  # band
    for side in (-1, 1):  # the two great horns
        cx = 0.55 + side * 0.02
        d.polygon(
            [
                p(cx, 0.72),
                p(cx + side * 0.35, 0.45),
                p(cx + side * 0.5, 0.05),
                p(cx + side * 0.42, 0.06),
                p(cx + side * 0.25, 0.42),
                p(cx, 0.62),
            ],
            fill=255,
        )
    d.polygon([p(0.5, 0.7), p(0.55, 0.2), p(0.6, 0.7)], fill=255)


def _headdress_paint(d, x0, y0, cm, h):
    p = _at(x0, y0, cm, h)
    for k in range(9):
        d.ellipse([*p(0.36 + 0.045 * k, 0.74), *p(0.39 + 0.045 * k, 0.8)], outline=(120, 124, 132), width=2)


def _tower(d, c, f, cm, h):  # eaves on the stacked storeys of the pottery tower
    for k, at in enumerate((0.3, 0.55, 0.78)):
        half = (0.42 - 0.08 * k) * h * cm
        d.polygon([(c - half, f - at * h * cm), (c, f - (at + 0.07) * h * cm), (c + half, f - at * h * cm)],
                  fill=255)


# Decoration on flat round things: (draw, cx, cy, r).

def _grains(d, cx, cy, r):
    for k in range(36):
        for ring in (0.55, 0.7, 0.85):
            a = k * math.tau / 36 + ring
            x, y = cx + ring * r * math.cos(a), cy + ring * r * math.sin(a)
            d.ellipse([x - r * 0.025, y - r * 0.025, x + r * 0.025, y + r * 0.025], fill=(104, 136, 100))


def _eaves_tile(d, cx, cy, r):
    d.line([(cx - r, cy), (cx + r, cy)], fill=(96, 94, 90), width=max(3, round(r * 0.04)))
    d.line([(cx, cy - r), (cx, cy + r)], fill=(96, 94, 90), width=max(3, round(r * 0.04)))
    d.ellipse([cx - r * 0.14, cy - r * 0.14, cx + r * 0.14, cy + r * 0.14], fill=(120, 118, 112))


def _petals(d, cx, cy, r):
    for k in range(24):
        a = k * math.tau / 24
        d.line([(cx + 0.35 * r * math.cos(a), cy + 0.35 * r * math.sin(a)),
                (cx + 0.8 * r * math.cos(a), cy + 0.8 * r * math.sin(a))], fill=(104, 140, 112), width=4)
    d.ellipse([cx - 0.3 * r, cy - 0.3 * r, cx + 0.3 * r, cy + 0.3 * r], outline=(104, 140, 112), width=4)


def _wucai(d, cx, cy, r):
    d.ellipse([cx - 0.95 * r, cy - 0.95 * r, cx + 0.95 * r, cy + 0.95 * r], outline=(60, 120, 80), width=6)
    d.ellipse([cx - 0.75 * r, cy - 0.75 * r, cx + 0.75 * r, cy + 0.75 * r], outline=art.VERMILION, width=4)
    for k, colour in enumerate(((60, 90, 160), art.VERMILION, (70, 130, 80))):
        x = cx + (k - 1) * 0.38 * r
        d.ellipse([x - 0.08 * r, cy - 0.42 * r, x + 0.08 * r, cy - 0.26 * r], fill=(236, 210, 180))
        d.polygon(
            [(x, cy - 0.26 * r), (x - 0.16 * r, cy + 0.2 * r), (x + 0.16 * r, cy + 0.2 * r)], fill=colour
        )
    d.rectangle([cx - 0.6 * r, cy + 0.25 * r, cx + 0.6 * r, cy + 0.3 * r], fill=(120, 100, 60))


def _star(d, cx, cy, r):
    points = [(cx + (0.28 if k % 2 else 0.12) * r * math.sin(k * math.pi / 5),
               cy - (0.28 if k % 2 else 0.12) * r * math.cos(k * math.pi / 5)) for k in range(10)]
    points = [(cx + 0.3 * r * math.sin(k * math.pi / 5) * (1 if k % 2 == 0 else 0.4),
               cy - 0.3 * r * math.cos(k * math.pi / 5) * (1 if k % 2 == 0 else 0.4)) for k in range(10)]
    d.polygon(points, fill=(150, 40, 34))


def _dots(d, cx, cy, r):
    for k in range(48):
        a = k * math.tau / 48
        x, y = cx + 0.82 * r * math.cos(a), cy + 0.82 * r * math.sin(a)
        d.ellipse([x - r * 0.02, y - r * 0.02, x + r * 0.02, y + r * 0.02], fill=(110, 60, 36))
    d.ellipse([cx - 0.2 * r, cy - 0.2 * r, cx + 0.2 * r, cy + 0.2 * r], outline=(110, 60, 36), width=4)


def _twist(d, cx, cy, r):
    for k in range(90):
        a = k * math.tau / 90
        d.line(
            [
                (cx + 0.75 * r * math.cos(a), cy + 0.75 * r * math.sin(a)),
                (cx + 0.97 * r * math.cos(a + 0.06), cy + 0.97 * r * math.sin(a + 0.06)),
            ],
            fill=(150, 154, 162),
            width=3,
        )


def _roundel(diameter: float, palette, view="face", **options) -> Drawing:
    """``diameter`` in heights, or in cm when ``fixed``: coins' sizes are not their thickness."""
    fixed = options.pop("fixed", False)
    return lambda h, a, s: (
        art.roundel(diameter if fixed else diameter * h, a, palette, seed=s, **options),
        view,
    )


def _slab(width: float, tall: float, palette, view="front", **options) -> Drawing:
    return lambda h, a, s: (art.slab(width * h, tall * h, a, palette, seed=s, **options), view)


def _paper(width: float, tall: float, layout: str, view="whole", **options) -> Drawing:
    return lambda h, a, s: (art.paper(width * h, tall * h, a, layout, seed=s, **options), view)


# Relief carvings on slabs: (draw, box).

def _relief_scene(d, box):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    for k in range(max(2, round(w / h * 2))):
        x = x0 + w * (k + 0.5) / max(2, round(w / h * 2))
        d.ellipse([x - h * 0.06, y0 + h * 0.2, x + h * 0.06, y0 + h * 0.32], fill=255)
        d.polygon(
            [(x, y0 + h * 0.32), (x - h * 0.13, y1 - h * 0.12), (x + h * 0.13, y1 - h * 0.12)], fill=255
        )
        if k % 2:
            d.ellipse(
                [x + h * 0.12, y1 - h * 0.4, x + h * 0.4, y1 - h * 0.12], outline=255, width=4
            )  # a wheel
    d.line([(x0, y1 - h * 0.1), (x1, y1 - h * 0.1)], fill=255, width=4)


def _lattice(d, box):
    x0, y0, x1, y1 = box
    step = (x1 - x0) / 6
    for k in range(1, 6):
        d.line([(x0 + k * step, y0), (x0 + k * step, y1)], fill=255, width=max(3, round(step * 0.12)))
    for k in range(1, round((y1 - y0) / step)):
        d.line([(x0, y0 + k * step), (x1, y0 + k * step)], fill=255, width=max(3, round(step * 0.12)))
    cx, cy, r = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) * 0.28
    d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=0, outline=255, width=6)
    for k in range(8):
        a = k * math.tau / 8
        d.ellipse([cx + r * 0.55 * math.cos(a) - r * 0.25, cy + r * 0.55 * math.sin(a) - r * 0.25,
                   cx + r * 0.55 * math.cos(a) + r * 0.25, cy + r * 0.55 * math.sin(a) + r * 0.25], fill=255)


def _ink_well(d, box):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    d.ellipse([x0 + w * 0.15, y0 + h * 0.06, x1 - w * 0.15, y0 + h * 0.3], fill=255)  # the water pool
    d.rounded_rectangle(
        [x0 + w * 0.1, y0 + h * 0.36, x1 - w * 0.1, y1 - h * 0.06], radius=w * 0.1, outline=255, width=5
    )


def _plate_border(d, box):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    for k in range(12):
        x = x0 + w * (k + 0.5) / 12
        d.ellipse([x - w * 0.03, y0 + h * 0.02, x + w * 0.03, y0 + h * 0.02 + w * 0.06], outline=255, width=3)
    d.rectangle([x0 + w * 0.05, y0 + h * 0.6, x1 - w * 0.05, y1 - h * 0.05], outline=255, width=4)
    for k in range(3):  # people carrying sacks into a storehouse
        x = x0 + w * (0.25 + 0.22 * k)
        d.ellipse([x - w * 0.03, y0 + h * 0.66, x + w * 0.03, y0 + h * 0.7], fill=255)
        d.line([(x, y0 + h * 0.7), (x, y0 + h * 0.85)], fill=255, width=5)


BY_TYPE: dict[str, Drawing] = {  # object type (its English name in object_types.json) -> drawing
    "rubbing of a carved stone fish": lambda h, a, s: (
        art.rubbing("石鱼出水兆丰年" * 6, h * 1.6, h, a, art.fit(h * 1.6, h), fish=1, seed=s, bar_cm=10,
                    legible=True),
        "whole",
    ),
    "tracker's iron ring": _roundel(1.0, art.IRON, hole="round", hole_ratio=0.72, rim=False),
    "model of a river junk": _flat(_junk, 1.4, 1.0, art.WOOD, paint=_sail, view="side"),
    "salt-making pottery jar": _vessel(
        [(0.1, 0), (0.3, 0.15), (0.42, 0.45), (0.38, 0.8), (0.26, 0.9), (0.3, 1.0), (0, 1.0)]
    ),
    "Daxi culture stone axe": _flat(_stone_axe, 0.6, 1.0, ((120, 128, 116), (86, 94, 86))),
    "eaves tile from Baidicheng": _roundel(1.0, art.CLAY_GREY, inscription="长乐未央", motif=_eaves_tile),
    "rhinoceros fossil": lambda h, a, s: (art.fossil(h * 1.4, a, s), "side"),
    "bronze dagger-axe with tiger design": lambda h, a, s: _flat(
        _dagger_axe, 2.0, 1.2, art.BRONZE, paint=_tiger_stripes, lit="flat"
    )(12, a, s),
    "boat coffin": _flat(_boat_coffin, 5.0, 1.0, art.WOOD, view="side"),
    "bronze fu cauldron": _vessel(
        [(0.2, 0), (0.42, 0.2), (0.5, 0.45), (0.4, 0.75), (0.26, 0.86), (0.32, 1.0), (0, 1.0)],
        art.BRONZE,
        extras=[_ring_handles(0.72, 0.42)],
        extent=(0.55, 1.0),
    ),
    "bronze seal with Ba-Shu symbols": lambda h, a, s: (art.seal_face(h * 1.4, a, seed=s), "seal"),
    "bronze yue axe": _flat(_yue, 0.9, 1.0, art.BRONZE, paint=_yue_face, lit="flat"),
    "pointed-base pottery cup": _vessel([(0, 0), (0.12, 0.2), (0.3, 0.7), (0.34, 1.0), (0, 1.0)]),
    "jade bi disc": lambda h, a, s: (
        art.roundel(14 + h, a, art.JADE, hole="round", hole_ratio=0.3, motif=_grains, seed=s),
        "face",
    ),
    "brass plaque of the treaty-port customs": _slab(
        1.5, 1.0, art.BRASS, text="重庆关验讫", raised=True, text_size=0.28
    ),
    "stone inscription from a city gate": _slab(2.0, 1.0, art.STONE, text="朝天门", text_size=0.45),
    "carved wooden panel from a guild hall": _slab(0.6, 1.0, art.WOOD, carving=_lattice, raised=True),
    "map of navigation on the Sichuan river": _paper(3.0, 1.0, "map"),
    "brass steelyard": _flat(_steelyard, 12.0, 3.4, art.BRASS),
    "copper hotpot": _vessel(
        [(0.45, 0), (0.5, 0.08), (0.42, 0.16), (0.8, 0.6), (0.95, 0.96), (0.97, 1.0), (0, 1.0)],
        art.COPPER,
        extras=[_ring_handles(0.8, 1.02)],
        extent=(1.12, 1.0),
    ),
    "city-wall brick": _slab(
        3.6, 1.0, ((150, 146, 138), (118, 114, 108)), text="淳祐乙巳", raised=True, text_size=0.4, border=0
    ),
    "air-raid siren": _vessel(
        [(0.3, 0.6), (0.34, 0.65), (0.34, 0.95), (0.2, 1.0), (0, 1.0)],
        ((104, 116, 96), (76, 84, 70)),
        extras=[_siren],
        extent=(0.5, 1.0),
        paint=_siren_slots,
        smooth=False,
    ),
    "wartime propaganda poster": _paper(0.7, 1.0, "poster"),
    "wartime-capital commemorative medal": lambda h, a, s: (
        art.roundel(h, a, art.BRASS, inscription="陪都", motif=_star, seed=s),
        "face",
    ),
    "war-bond receipt": _paper(1.6, 1.0, "receipt", title="救国公债收据"),
    "army water bottle": _vessel(
        [
            (0.3, 0),
            (0.42, 0.12),
            (0.44, 0.5),
            (0.38, 0.76),
            (0.14, 0.88),
            (0.07, 0.9),
            (0.07, 0.96),
            (0, 0.96),
        ],
        art.ALUMINIUM,
        extras=[_flask_cap],
        extent=(0.5, 1.0),
    ),
    "wartime newspaper": _paper(0.7, 1.0, "newspaper"),
    "radio receiver": _flat(_radio, 0.9, 1.0, art.WOOD, paint=_radio_face, lit="flat"),
    "landscape, hanging scroll": lambda h, a, s: (art.hanging_scroll(h, a, "landscape", seed=s), "whole"),
    "poem in running script, hanging scroll": lambda h, a, s: (
        art.hanging_scroll(h, a, "calligraphy", seed=s),
        "whole",
    ),
    "album of birds and flowers": lambda h, a, s: (
        art.album_leaf(h * 1.1, h, a, "birds-flowers", seed=s),
        "whole",
    ),
    "the Three Gorges, handscroll": lambda h, a, s: (art.landscape_handscroll(h, a, 110, seed=s), "opening"),
    "fan leaf in regular script": lambda h, a, s: (
        art.album_leaf(h * 2.9, h, a, "calligraphy", ground=art.GOLD_LEAF, fan=True, seed=s),
        "whole",
    ),
    "bamboo and rock, hanging scroll": lambda h, a, s: (art.hanging_scroll(h, a, "bamboo", seed=s), "whole"),
    "album of stele rubbings": lambda h, a, s: (
        art.rubbing("汉巴郡朐忍令广汉景君之碑" * 4, h * 0.75, h, a, art.fit(h), seed=s, bar_cm=10,
                    legible=True),
        "whole",
    ),
    "blue-and-white bowl with lotus scroll": _vessel(
        [(0.28, 0), (0.3, 0.12), (0.22, 0.14), (0.5, 0.45), (0.9, 0.92), (0.92, 1.0), (0, 1.0)],
        art.PORCELAIN,
        paint=_scroll(art.COBALT, 0.35, 0.85, flowers=None),
        gloss=0.25,
    ),
    "Longquan celadon dish": lambda h, a, s: (
        art.roundel(h * 6, a, art.CELADON, motif=_petals, seed=s),
        "face",
    ),
    "famille-rose vase with flowers": _vessel(
        [
            (0.12, 0),
            (0.14, 0.03),
            (0.28, 0.25),
            (0.3, 0.55),
            (0.22, 0.75),
            (0.1, 0.85),
            (0.09, 0.95),
            (0.13, 1.0),
            (0, 1.0),
        ],
        art.PORCELAIN,
        paint=_scroll((60, 120, 80), 0.3, 0.65, flowers=(226, 120, 140), leaves=(80, 150, 96), band=False),
        gloss=0.25,
    ),
    "black-glazed tea bowl from the Tushan kilns": _vessel(
        [(0.3, 0), (0.32, 0.15), (0.5, 0.3), (0.92, 0.9), (0.9, 1.0), (0, 1.0)],
        art.BLACK_GLAZE,
        paint=_hares_fur,
        gloss=0.35,
    ),
    "celadon jar with four lugs": _vessel(
        [(0.26, 0), (0.3, 0.05), (0.48, 0.4), (0.45, 0.7), (0.25, 0.88), (0.22, 1.0), (0, 1.0)],
        art.CELADON,
        extras=[_lugs(0.85, 0.3)],
        extent=(0.5, 1.0),
        gloss=0.2,
    ),
    "wucai dish with figures": lambda h, a, s: (
        art.roundel(h * 6, a, art.PORCELAIN, motif=_wucai, seed=s),
        "face",
    ),
    "qingbai ewer": _vessel(
        [(0.2, 0), (0.22, 0.05), (0.32, 0.3), (0.3, 0.6), (0.14, 0.72), (0.08, 0.9), (0.1, 1.0), (0, 1.0)],
        art.QINGBAI,
        extras=[_ewer],
        extent=(0.45, 1.0),
        gloss=0.3,
    ),
    "banliang coin": _roundel(
        3.2, art.BRONZE, hole="square", hole_ratio=0.22, inscription="半两", rim=False, fixed=True
    ),
    "wuzhu coin": _roundel(2.5, art.BRONZE, hole="square", hole_ratio=0.26, inscription="五铢", fixed=True),
    "Kaiyuan tongbao coin": _roundel(
        2.4, art.BRONZE, hole="square", hole_ratio=0.26, inscription="开元通宝", fixed=True
    ),
    "printing plate for jiaozi paper money": lambda h, a, s: (
        art.slab(
            12.5,
            18,
            a,
            art.BRONZE,
            seed=s,
            carving=_plate_border,
            raised=True,
            text="除四川外许于诸路州县公私从便",
            text_size=0.055,
        ),
        "face",
    ),
    "silver ingot": _flat(_ingot, 3.0, 1.0, art.SILVER, view="side"),
    "Sichuan copper coin": _roundel(3.9, art.COPPER, inscription="四川铜币", motif=_dots, fixed=True),
    "cloth note of the Sichuan-Shaanxi Soviet": _paper(
        1.6, 1.0, "note", title="川陕省苏维埃", ground=(214, 206, 186)
    ),
    "pictorial brick": _slab(1.15, 1.0, art.CLAY_GREY, carving=_relief_scene, raised=True),
    "figurine playing the qin": _flat(_seated_figure(True), 0.8, 1.0, art.POTTERY),
    "pottery dog": _flat(_dog, 1.4, 1.0, art.POTTERY, view="side"),
    "stone sarcophagus": _slab(2.75, 1.0, art.STONE, carving=_relief_scene, raised=True, view="side"),
    "kitchen figurine": _flat(_seated_figure(False), 0.9, 1.0, art.POTTERY),
    "pottery tower": _vessel(
        [
            (0.3, 0),
            (0.3, 0.3),
            (0.24, 0.3),
            (0.24, 0.55),
            (0.18, 0.55),
            (0.18, 0.78),
            (0.12, 0.78),
            (0.1, 0.92),
            (0, 1.0),
        ],
        ((108, 128, 88), (80, 96, 64)),
        extras=[_tower],
        extent=(0.42, 1.0),
        smooth=False,
    ),
    "carved lintel from a cliff tomb": _slab(4.0, 1.0, art.STONE, carving=_relief_scene, raised=True),
    "Miao silver necklace": _roundel(1.0, art.SILVER, hole="round", hole_ratio=0.7, motif=_twist),
    "Tujia brocade (xilankapu)": lambda h, a, s: (art.cloth(h * 0.5, h * 0.35, a, "brocade", s), "folded"),
    "Nuo opera mask": _flat(_mask, 0.72, 1.0, art.WOOD, paint=_mask_paint),
    "batik apron": lambda h, a, s: (art.cloth(h * 0.8, h, a, "batik", s), "whole"),
    "lusheng mouth organ": _flat(_lusheng, 0.5, 1.0, art.BAMBOO),
    "carrying basket": _vessel(
        [(0.2, 0), (0.24, 0.05), (0.4, 0.9), (0.42, 1.0), (0, 1.0)], art.BAMBOO, paint=_weave
    ),
    "silver headdress": _flat(_headdress, 1.1, 0.9, art.SILVER, paint=_headdress_paint),
    "blue-and-white vase with landscape": _vessel(
        [(0.12, 0), (0.15, 0.04), (0.3, 0.3), (0.28, 0.7), (0.12, 0.82), (0.08, 0.95), (0.12, 1.0), (0, 1.0)],
        art.PORCELAIN,
        paint=_blue_landscape,
        gloss=0.25,
    ),
    "pine and cranes, hanging scroll": lambda h, a, s: (
        art.hanging_scroll(h, a, "pine-cranes", ground=art.SILK, seed=s),
        "whole",
    ),
    "Duan inkstone": lambda h, a, s: (
        art.slab(h * 3.5, h * 5.5, a, ((96, 80, 96), (64, 54, 68)), seed=s, carving=_ink_well),
        "face",
    ),
    "ivory brush pot": _vessel(
        [(0.4, 0), (0.38, 0.04), (0.36, 0.96), (0.4, 1.0), (0, 1.0)],
        art.IVORY,
        smooth=False,
        paint=_both(_bands((150, 120, 80), 0.1, 0.9, width=0.008), _blue_landscape),
    ),
    "bronze incense burner": _vessel(
        [(0.3, 0.25), (0.45, 0.4), (0.48, 0.6), (0.4, 0.78), (0.42, 0.82), (0, 0.82)],
        art.BRONZE,
        extras=[_tripod],
        extent=(0.5, 1.0),
    ),
    "small enamelled bowl": _vessel(
        [(0.3, 0), (0.32, 0.12), (0.5, 0.4), (0.9, 0.92), (0.92, 1.0), (0, 1.0)],
        art.ENAMEL,
        paint=_scroll((200, 170, 40), 0.3, 0.85, flowers=(224, 110, 150), leaves=(90, 150, 110)),
        gloss=0.3,
    ),
    "rosewood side table": lambda h, a, s: (art.table(h, a, seed=s), "front"),
}

BY_CATEGORY: dict[str, Drawing] = {  # a category's drawing for a type not listed above
    "porcelain": BY_TYPE["blue-and-white vase with landscape"],
    "pottery": BY_TYPE["salt-making pottery jar"],
    "bronze": BY_TYPE["bronze fu cauldron"],
    "coins": BY_TYPE["wuzhu coin"],
    "calligraphy-painting": BY_TYPE["landscape, hanging scroll"],
    "rubbings": BY_TYPE["album of stele rubbings"],
    "documents": BY_TYPE["wartime newspaper"],
    "archives": BY_TYPE["map of navigation on the Sichuan river"],
    "bills-tickets": BY_TYPE["war-bond receipt"],
    "stone-carving": BY_TYPE["carved lintel from a cliff tomb"],
    "bamboo-wood": BY_TYPE["carved wooden panel from a guild hall"],
    "iron-metal": BY_TYPE["copper hotpot"],
    "weapons": BY_TYPE["bronze yue axe"],
    "gold-silver": BY_TYPE["Miao silver necklace"],
    "textiles": BY_TYPE["Tujia brocade (xilankapu)"],
    "transport": BY_TYPE["model of a river junk"],
    "specimens-fossils": BY_TYPE["rhinoceros fossil"],
    "seals": BY_TYPE["bronze seal with Ba-Shu symbols"],
    "jade-stone": BY_TYPE["jade bi disc"],
    "weights-measures": BY_TYPE["brass steelyard"],
    "relics-notables": BY_TYPE["army water bottle"],
    "audio-visual": BY_TYPE["radio receiver"],
    "instruments": BY_TYPE["lusheng mouth organ"],
    "stationery": BY_TYPE["Duan inkstone"],
    "ivory-bone-horn": BY_TYPE["ivory brush pot"],
    "enamel": BY_TYPE["small enamelled bowl"],
    "furniture": BY_TYPE["rosewood side table"],
    "other": BY_TYPE["pottery tower"],
}


def drawing_for(kind: dict) -> Drawing:
    """The drawing of an object type: its own if it has one, else its category's."""
    return BY_TYPE.get(kind["en"]) or BY_CATEGORY.get(kind["category"]) or BY_CATEGORY["other"]


def picture(kind: dict, record: dict) -> tuple[Image.Image, dict[str, str]]:
    """The picture of a plausible ``record`` made from object type ``kind``, and its caption."""
    accession = record["accession_number"]
    image, view = drawing_for(kind)(record["height_cm"], accession, seed_of(accession))
    return image, VIEWS[view]
