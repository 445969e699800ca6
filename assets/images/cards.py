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
# An exhibition's share kit, one image per channel at the size the channel shows (README, "Share images"):
# Open Graph/Twitter, the WeChat official account's main (头条) cover at 2.35:1 and its secondary (次条) or
# share thumbnail at 1:1, a square for Weibo and WeChat Moments, 3:4 for Xiaohongshu.
CHANNELS = {"og": (1200, 630), "wechat-cover": (900, 383), "wechat-thumb": (200, 200),
            "square": (1080, 1080), "portrait": (1080, 1440)}
# A Weibo post shows up to nine pictures in a 3 × 3 grid, each opened full screen: the set is nine squares.
TILE = 1080
SET_SIZE = 9
JPEG_QUALITY = 86
DRAWING = "3"  # changed with any change of the drawings, so ETags (and caches) change with them


@dataclass(frozen=True)
class CardText:
    title: str
    facts: str  # one line: period · category, say
    site: str  # the museum's name
    lang: str
    scan_hint: str = ""  # poster only: what the QR code opens


@dataclass(frozen=True)
class TileText:
    """The words of one square of a Weibo set: ``number`` of ``count`` is drawn on it."""
    title: str
    caption: str
    site: str
    lang: str
    number: int
    count: int = SET_SIZE
    rights_line: str = ""  # shown when the item's rights ask for it (attribution, restrictions)
    scan_hint: str = ""


def _text(value: str, lang: str, size: int, width: int, colour: list[int], bold: bool = False,
          max_lines: int = 3, align: str = "low") -> pyvips.Image:
    """``value`` set at ``size`` px, wrapped to ``width``, as RGBA; shortened with "…" at a character
    boundary until it fits in ``max_lines`` lines."""
    face = f"{FACES.get(lang, FACES['zh'])}{' Bold' if bold else ''} {size}px"
    spacing = round(size * .12)

    def setting(words: str) -> pyvips.Image:
        return pyvips.Image.text(escape(words or " "), font=face, width=width, wrap="word-char", dpi=72,
                                 spacing=spacing, align=align)

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


def _fit(picture: pyvips.Image, width: int, height: int, enlarge: float = 2.0) -> pyvips.Image:
    """``picture`` scaled to fit inside ``width`` × ``height`` (never enlarged beyond ``enlarge``), sRGB with
    alpha."""
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
    scale = min(width / picture.width, height / picture.height, enlarge)
    return picture.resize(scale, kernel="lanczos3") if scale != 1 else picture


def _paste(ground: pyvips.Image, layer: pyvips.Image, x: int, y: int) -> pyvips.Image:
    if layer.bands == 3:
        layer = layer.bandjoin(255)
    return ground.composite2(layer, "over", x=x, y=y)


def _ground(width: int, height: int) -> pyvips.Image:
    ground = (pyvips.Image.black(width, height, bands=3) + PAPER).cast("uchar").copy(interpretation="srgb")
    return ground.bandjoin(255)


def _jpeg(image: pyvips.Image) -> bytes:
    return image.flatten(background=PAPER).cast("uchar").jpegsave_buffer(Q=JPEG_QUALITY, strip=True)


def render(layout: str, picture: pyvips.Image | None, text: CardText, qr_png: bytes | None = None) -> bytes:
    """The share image ``layout`` ("social" or "poster") as JPEG bytes."""
    ground = _ground(*LAYOUTS[layout])
    if layout == "social":
        ground = _social(ground, picture, text)
    else:
        ground = _poster(ground, picture, text, qr_png)
    return _jpeg(ground)


def render_channel(channel: str, picture: pyvips.Image | None, text: CardText,
                   qr_png: bytes | None = None) -> bytes:
    """The share image for ``channel`` (a key of :data:`CHANNELS`) as JPEG bytes, exactly its size.

    ``og`` is the social card's layout; ``wechat-cover`` fills the picture edge to edge with the title over
    a dark band kept inside the middle 60 % (WeChat crops the sides of the 2.35:1 cover on phones and shows
    it whole on a computer); ``wechat-thumb`` is the picture alone with the museum's red mark (text at 200 px
    would not be read); ``square`` and ``portrait`` are posters: the picture above, title, facts, the
    museum's name and the QR code of the page."""
    width, height = CHANNELS[channel]
    ground = _ground(width, height)
    if channel == "og":
        ground = _social(ground, picture, text)
    elif channel == "wechat-cover":
        ground = _banner(ground, picture, text)
    elif channel == "wechat-thumb":
        if picture is not None:
            ground = _paste(ground, _cover(picture, width, height), 0, 0)
        seal = (pyvips.Image.black(width, 10, bands=3) + ACCENT).cast("uchar").copy(interpretation="srgb")
        ground = _paste(ground, seal, 0, height - 10)
    else:
        band = 620 if channel == "square" else 900
        ground = _poster(ground, picture, text, qr_png, band=band, scale=1.2)
    return _jpeg(ground)


def _cover(picture: pyvips.Image, width: int, height: int) -> pyvips.Image:
    """``picture`` scaled to cover ``width`` × ``height`` and cut to it about its centre, sRGB with alpha."""
    if picture.interpretation not in ("srgb",) or picture.bands == 1:
        picture = picture.colourspace("srgb")
    if picture.bands == 3:
        picture = picture.bandjoin(255)
    scale = max(width / picture.width, height / picture.height)
    picture = picture.resize(scale, kernel="lanczos3")
    left, top = (picture.width - width) // 2, (picture.height - height) // 2
    return picture.crop(max(0, left), max(0, top), min(width, picture.width), min(height, picture.height))


def _banner(ground: pyvips.Image, picture: pyvips.Image | None, text: CardText) -> pyvips.Image:
    width, height = ground.width, ground.height
    if picture is not None:
        ground = _paste(ground, _cover(picture, width, height), 0, 0)
    safe = round(width * .6)  # the part a phone shows of the 2.35:1 cover
    left = (width - safe) // 2
    title = _text(text.title, text.lang, 40, safe - 48, [255, 255, 255], bold=True, max_lines=2)
    site = _text(text.site, text.lang, 20, safe - 48, [235, 228, 214], max_lines=1)
    band_height = title.height + site.height + 64
    top = height - band_height - 28
    band = (pyvips.Image.black(safe, band_height, bands=3) + [28, 24, 22]).cast("uchar")
    band = band.copy(interpretation="srgb").bandjoin(214)  # 84 % opaque: the picture shows a little
    ground = _paste(ground, band, left, top)
    seal = (pyvips.Image.black(40, 6, bands=3) + ACCENT).cast("uchar").copy(interpretation="srgb")
    ground = _paste(ground, seal, left + 24, top + 16)
    ground = _paste(ground, title, left + 24, top + 32)
    return _paste(ground, site, left + 24, top + 32 + title.height + 8)


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
            qr_png: bytes | None, band: int = 700, scale: float = 1.0) -> pyvips.Image:
    """``band``: the picture's area at the top; ``scale``: of the type and QR code (1 on a 900 px card)."""
    width, height = ground.width, ground.height
    well = (pyvips.Image.black(width, band, bands=3) + [236, 230, 218]).cast("uchar")
    ground = _paste(ground, well.copy(interpretation="srgb"), 0, 0)
    if picture is not None:
        fitted = _fit(picture, width - 80, band - 80)
        ground = _paste(ground, fitted, (width - fitted.width) // 2, (band - fitted.height) // 2)
    margin, qr_side = round(56 * scale), round(220 * scale)
    gap = round(48 * scale)
    column = width - 2 * margin - qr_side - round(40 * scale)
    title = _text(text.title, text.lang, round(50 * scale), column, INK, bold=True, max_lines=3)
    ground = _paste(ground, title, margin, band + gap)
    y = band + gap + title.height + round(28 * scale)
    site = _text(text.site, text.lang, round(26 * scale), column, MUTED, max_lines=2)
    if text.facts:
        room = height - margin - site.height - y - round(24 * scale)  # the facts stop above the museum's name
        facts = _text(text.facts, text.lang, round(28 * scale), column, MUTED, max_lines=2)
        if facts.height <= room:
            ground = _paste(ground, facts, margin, y)
    ground = _paste(ground, site, margin, height - margin - site.height)
    if qr_png:
        qr = pyvips.Image.new_from_buffer(qr_png, "").colourspace("srgb")
        qr = qr.resize(qr_side / qr.width, kernel="nearest")
        qr_x, qr_y = width - margin - qr_side, band + gap
        ground = _paste(ground, qr, qr_x, qr_y)
        if text.scan_hint:
            hint = _text(text.scan_hint, text.lang, round(24 * scale), qr_side, MUTED, max_lines=3)
            ground = _paste(ground, hint, qr_x + (qr_side - hint.width) // 2, qr_y + qr_side + 14)
    return ground


def _badge(ground: pyvips.Image, number: int, count: int) -> pyvips.Image:
    """``number/count`` in white on the museum's red, in the top right corner."""
    words = _text(f"{number}/{count}", "en", 34, 200, [255, 255, 255], bold=True, max_lines=1)
    width, height = words.width + 40, words.height + 20
    plate = (pyvips.Image.black(width, height, bands=3) + ACCENT).cast("uchar").copy(interpretation="srgb")
    ground = _paste(ground, plate, ground.width - width - 32, 32)
    return _paste(ground, words, ground.width - width - 12, 42)


def render_tile(kind: str, picture: pyvips.Image | None, text: TileText, *, qr_png: bytes | None = None,
                enlarge: float = 2.0) -> bytes:
    """One square (``TILE`` px) of a Weibo set as JPEG bytes. ``kind``: ``cover`` (the picture edge to edge
    under a band with the title), ``picture`` (a section's image or an object: the picture fitted above, its
    title, caption, the museum's mark and the rights line below) or ``qr`` (the title and the page's QR
    code). ``enlarge``: how much a picture may be scaled up (1 for a size-limited restricted image)."""
    ground = _ground(TILE, TILE)
    if kind == "cover":
        if picture is not None:
            ground = _paste(ground, _cover(picture, TILE, TILE), 0, 0)
        column = TILE - 2 * 56
        title = _text(text.title, text.lang, 64, column, [255, 255, 255], bold=True, max_lines=2)
        caption = _text(text.caption, text.lang, 30, column, [235, 228, 214], max_lines=2) if text.caption \
            else None
        site = _text(text.site, text.lang, 26, column, [235, 228, 214], max_lines=1)
        band_height = 48 + title.height + (caption.height + 28 if caption else 12) + 20 + site.height + 40
        band = (pyvips.Image.black(TILE, band_height, bands=3) + [28, 24, 22]).cast("uchar")
        ground = _paste(ground, band.copy(interpretation="srgb").bandjoin(220), 0, TILE - band_height)
        y = TILE - band_height + 24
        seal = (pyvips.Image.black(64, 8, bands=3) + ACCENT).cast("uchar").copy(interpretation="srgb")
        ground = _paste(ground, seal, 56, y)
        y += 24
        ground = _paste(ground, title, 56, y)
        y += title.height + 28
        if caption:
            ground = _paste(ground, caption, 56, y)
            y += caption.height + 20
        ground = _paste(ground, site, 56, y)
    elif kind == "qr":
        seal = (pyvips.Image.black(64, 8, bands=3) + ACCENT).cast("uchar").copy(interpretation="srgb")
        ground = _paste(ground, seal, (TILE - 64) // 2, 96)
        title = _text(text.title, text.lang, 58, TILE - 160, INK, bold=True, max_lines=2, align="centre")
        ground = _paste(ground, title, (TILE - title.width) // 2, 132)
        side, top = 440, 132 + title.height + 48
        if qr_png:
            qr = pyvips.Image.new_from_buffer(qr_png, "").colourspace("srgb")
            qr = qr.resize(side / qr.width, kernel="nearest")
            ground = _paste(ground, qr, (TILE - side) // 2, top)
        hint = _text(text.scan_hint, text.lang, 34, TILE - 160, MUTED, max_lines=2, align="centre")
        ground = _paste(ground, hint, (TILE - hint.width) // 2, top + side + 32)
        site = _text(text.site, text.lang, 30, TILE - 160, MUTED, max_lines=1)
        ground = _paste(ground, site, (TILE - site.width) // 2, TILE - 80 - site.height)
    else:
        well_height = 780
        well = (pyvips.Image.black(TILE, well_height, bands=3) + [236, 230, 218]).cast("uchar")
        ground = _paste(ground, well.copy(interpretation="srgb"), 0, 0)
        if picture is not None:
            fitted = _fit(picture, TILE - 80, well_height - 80, enlarge)
            ground = _paste(ground, fitted, (TILE - fitted.width) // 2, (well_height - fitted.height) // 2)
        margin, column = 56, TILE - 2 * 56
        seal = (pyvips.Image.black(56, 8, bands=3) + ACCENT).cast("uchar").copy(interpretation="srgb")
        ground = _paste(ground, seal, margin, well_height + 32)
        title = _text(text.title, text.lang, 46, column, INK, bold=True, max_lines=1)
        ground = _paste(ground, title, margin, well_height + 56)
        y = well_height + 56 + title.height + 10
        if text.caption:
            caption = _text(text.caption, text.lang, 28, column, MUTED, max_lines=1)
            ground = _paste(ground, caption, margin, y)
        bottom = TILE - 28
        if text.rights_line:  # its own lines: a statement's name and URI are read whole
            line = _text(text.rights_line, text.lang, 22, column, MUTED, max_lines=2)
            bottom -= line.height
            ground = _paste(ground, line, margin, bottom)
            bottom -= 6
        site = _text(text.site, text.lang, 24, column, INK, max_lines=1)
        ground = _paste(ground, site, margin, bottom - site.height)
    return _jpeg(_badge(ground, text.number, text.count))
