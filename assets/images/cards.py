"""Share images of an object, drawn with libvips (Pango text): framework-free.

Two layouts, both JPEG:

- ``social`` — 1200 × 630, the size Open Graph and Twitter/X cards show: the picture fitted on the left on a
  paper ground, the title, a line of facts and the museum's name on the right.
- ``poster`` — 900 × 1200, a card to save and send in WeChat (which shows no preview for a plain link):
  the picture above, the title and facts, and the page's QR code with a line saying what it opens.

Text is set in Noto Sans CJK (Debian ``fonts-noto-cjk``), with the face of the reader's script, so Chinese,
Japanese and Korean titles take their own glyph forms; long titles wrap and are cut to their lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import pyvips

PAPER = [247, 243, 234]
INK = [33, 37, 41]
MUTED = [92, 99, 106]
ACCENT = [155, 59, 42]  # the museum's seal red
FACES = {"zh": "Noto Sans CJK SC", "zh-Hant": "Noto Sans CJK TC", "ja": "Noto Sans CJK JP",
         "ko": "Noto Sans CJK KR", "en": "Noto Sans CJK SC", "fr": "Noto Sans CJK SC"}
LAYOUTS = {"social": (1200, 630), "poster": (900, 1200)}
JPEG_QUALITY = 86


@dataclass(frozen=True)
class CardText:
    title: str
    facts: str  # one line: period · category, say
    site: str  # the museum's name
    lang: str
    scan_hint: str = ""  # poster only: what the QR code opens


def _text(value: str, lang: str, size: int, width: int, colour: list[int], bold: bool = False,
          max_lines: int = 3) -> pyvips.Image:
    """``value`` set at ``size`` px, wrapped to ``width``, as RGBA; shortened with "…" at a character
    boundary until it fits in ``max_lines`` lines."""
    face = f"{FACES.get(lang, FACES['zh'])}{' Bold' if bold else ''} {size}px"
    spacing = round(size * .12)

    def setting(words: str) -> pyvips.Image:
        return pyvips.Image.text(escape(words or " "), font=face, width=width, wrap="word-char", dpi=72,
                                 spacing=spacing)

    lines = setting("\n".join(["国Ag…"] * max_lines)).height  # fonts' line heights differ a little per
    limit = lines * (max_lines + .5) / max_lines  # script, so the limit is half a line more than n lines
    mask, shown = setting(value), value
    while mask.height > limit and len(shown) > 1:
        cut = shown[:-1]
        if " " in cut:  # Latin text loses whole words
            cut = cut.rsplit(" ", 1)[0]
        shown = cut.rstrip(" ,;:·、，")
        mask = setting(shown + "…")
    ink = mask.new_from_image(colour).copy(interpretation="srgb")
    return ink.bandjoin(mask)


def _fit(picture: pyvips.Image, width: int, height: int) -> pyvips.Image:
    """``picture`` scaled to fit inside ``width`` × ``height`` (never enlarged beyond 2×), sRGB with alpha."""
    if picture.interpretation not in ("srgb", "b-w"):
        picture = picture.colourspace("srgb")
    if picture.bands == 1:
        picture = picture.colourspace("srgb")
    if picture.bands == 3:
        picture = picture.bandjoin(255)
    ratio, box = picture.width / picture.height, width / height
    if ratio > 2.5 * box:  # a handscroll: a detail from its middle reads better than a thin strip
        crop = round(picture.height * box * 1.2)
        picture = picture.crop((picture.width - crop) // 2, 0, crop, picture.height)
    elif ratio < box / 2.5:  # a hanging scroll: a detail from its upper middle
        crop = round(picture.width / box * 1.2)
        picture = picture.crop(0, (picture.height - crop) // 3, picture.width, crop)
    scale = min(width / picture.width, height / picture.height, 2.0)
    return picture.resize(scale, kernel="lanczos3") if scale != 1 else picture


def _paste(ground: pyvips.Image, layer: pyvips.Image, x: int, y: int) -> pyvips.Image:
    if layer.bands == 3:
        layer = layer.bandjoin(255)
    return ground.composite2(layer, "over", x=x, y=y)


def render(layout: str, picture: pyvips.Image | None, text: CardText, qr_png: bytes | None = None) -> bytes:
    """The share image ``layout`` ("social" or "poster") as JPEG bytes."""
    width, height = LAYOUTS[layout]
    ground = (pyvips.Image.black(width, height, bands=3) + PAPER).cast("uchar").copy(interpretation="srgb")
    ground = ground.bandjoin(255)
    if layout == "social":
        ground = _social(ground, picture, text)
    else:
        ground = _poster(ground, picture, text, qr_png)
    return ground.flatten(background=PAPER).cast("uchar").jpegsave_buffer(Q=JPEG_QUALITY, strip=True)


def _social(ground: pyvips.Image, picture: pyvips.Image | None, text: CardText) -> pyvips.Image:
    width, height = ground.width, ground.height
    panel = 560  # the picture's square
    well = (pyvips.Image.black(panel, height, bands=3) + [236, 230, 218]).cast("uchar")
    ground = _paste(ground, well.copy(interpretation="srgb"), 0, 0)
    if picture is not None:
        fitted = _fit(picture, panel - 60, height - 60)
        ground = _paste(ground, fitted, (panel - fitted.width) // 2, (height - fitted.height) // 2)
    left, column = panel + 56, width - panel - 56 - 56
    seal = (pyvips.Image.black(56, 8, bands=3) + ACCENT).cast("uchar").copy(interpretation="srgb")
    ground = _paste(ground, seal, left, 72)
    title = _text(text.title, text.lang, 58, column, INK, bold=True, max_lines=3)
    ground = _paste(ground, title, left, 112)
    y = 112 + title.height + 28
    if text.facts:
        facts = _text(text.facts, text.lang, 32, column, MUTED, max_lines=2)
        ground = _paste(ground, facts, left, y)
    site = _text(text.site, text.lang, 28, column, MUTED, max_lines=1)
    return _paste(ground, site, left, height - 64 - site.height)


def _poster(ground: pyvips.Image, picture: pyvips.Image | None, text: CardText,
            qr_png: bytes | None) -> pyvips.Image:
    width, height = ground.width, ground.height
    band = 700  # the picture's area at the top
    well = (pyvips.Image.black(width, band, bands=3) + [236, 230, 218]).cast("uchar")
    ground = _paste(ground, well.copy(interpretation="srgb"), 0, 0)
    if picture is not None:
        fitted = _fit(picture, width - 80, band - 80)
        ground = _paste(ground, fitted, (width - fitted.width) // 2, (band - fitted.height) // 2)
    margin, qr_side = 56, 220
    column = width - 2 * margin - qr_side - 40
    title = _text(text.title, text.lang, 50, column, INK, bold=True, max_lines=3)
    ground = _paste(ground, title, margin, band + 48)
    y = band + 48 + title.height + 28
    if text.facts:
        facts = _text(text.facts, text.lang, 28, column, MUTED, max_lines=2)
        ground = _paste(ground, facts, margin, y)
    site = _text(text.site, text.lang, 26, column, MUTED, max_lines=2)
    ground = _paste(ground, site, margin, height - margin - site.height)
    if qr_png:
        qr = pyvips.Image.new_from_buffer(qr_png, "").colourspace("srgb")
        qr = qr.resize(qr_side / qr.width, kernel="nearest")
        qr_x, qr_y = width - margin - qr_side, band + 48
        ground = _paste(ground, qr, qr_x, qr_y)
        if text.scan_hint:
            hint = _text(text.scan_hint, text.lang, 24, qr_side, MUTED, max_lines=3)
            ground = _paste(ground, hint, qr_x + (qr_side - hint.width) // 2, qr_y + qr_side + 14)
    return ground
