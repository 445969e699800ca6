"""Drawings of the plausible sample records, sized from the record: a :data:`Drawing` takes a record's
catalogued height (cm), its accession number and its seed and returns the picture and its kind of view
(which names the caption). The builders make one from a shape given in heights: a vessel's profile, a flat
silhouette, a roundel, a slab, a printed sheet.
"""

from __future__ import annotations

from collections.abc import Callable

from PIL import Image

from museum.sample.art import canvas, documents, objects
from museum.sample.art.materials import POTTERY

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


def vessel(profile, palette=POTTERY, *, extras=None, extent=(0, 0), paint=None, gloss=0.0,
           view: str = "front", smooth: bool = True) -> Drawing:
    """A solid of revolution: ``profile`` is [(half-width, height)] as fractions of the height, drawn
    through as a curve unless it is built (``smooth=False``: storeys, boxes)."""
    def draw(height, accession, seed):
        shape = [(w * height, f * height) for w, f in (_smooth(profile) if smooth else profile)]
        half = max([w for w, _f in shape] + [extent[0] * height])
        tall = max(height, extent[1] * height)
        px = canvas.fit(2 * half, tall)
        width = round(2 * half * px) + 160
        scaled = [(lambda d, c, f, cm, e=e: e(d, c, f, cm, height)) for e in extras or ()]
        deco = (lambda d, c, f, cm: paint(d, c, f, cm, height)) if paint else None
        return objects.solid(
            shape,
            accession,
            palette,
            px,
            scaled,
            seed,
            (extent[0] * height, extent[1] * height),
            deco,
            gloss,
            canvas.bar_length(px, width),
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


def flat(shapes, width: float, tall: float, palette, *, paint=None, lit: str = "round",
         view: str = "front") -> Drawing:
    """A flat silhouette ``shapes(draw, x0, y0, cm, size)`` in a box of ``width`` × ``tall`` heights."""
    def draw(height, accession, seed):
        deco = (lambda d, x, y, cm: paint(d, x, y, cm, height)) if paint else None
        return objects.silhouette(lambda d, x, y, cm: shapes(d, x, y, cm, height), width * height,
                                  tall * height, accession, palette, seed=seed, paint=deco, lit=lit), view
    return draw


def roundel(diameter: float, palette, view="face", **options) -> Drawing:
    """``diameter`` in heights, or in cm when ``fixed``: coins' sizes are not their thickness."""
    fixed = options.pop("fixed", False)
    return lambda h, a, s: (
        objects.roundel(diameter if fixed else diameter * h, a, palette, seed=s, **options),
        view,
    )


def slab(width: float, tall: float, palette, view="front", **options) -> Drawing:
    """A flat object face-on, ``width`` × ``tall`` heights (:func:`museum.sample.art.objects.slab`)."""
    return lambda h, a, s: (objects.slab(width * h, tall * h, a, palette, seed=s, **options), view)


def paper(width: float, tall: float, layout: str, view="whole", **options) -> Drawing:
    """A printed sheet, ``width`` × ``tall`` heights (:func:`museum.sample.art.documents.paper`)."""
    return lambda h, a, s: (documents.paper(width * h, tall * h, a, layout, seed=s, **options), view)
