"""An exhibition sent out of the site, in one language: as a WeChat official-account article
(:mod:`exhibits.stories.wechat` writes it; here each block is resolved against the catalogue), as the
scenes of a vertical video (:mod:`exhibits.stories.video` renders them), as the share kit's images
(:func:`share_image`) and the nine squares of a Weibo post (:func:`weibo_tiles`, :func:`weibo_image`).
The zip for the social-media team is :mod:`museum.exhibition_bundle`.

Pictures are IIIF URLs at the size they are shown, never more than the public size of a restricted image
(``RESTRICTED_IMAGE_PX``: the WeChat editor fetches them anonymously, and the IIIF server refuses more).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from html import escape
from pathlib import Path

import segno
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from assets.images import cards
from assets.images.exceptions import IIIFImageNotFound
from assets.images.render import Pyramid
from exhibits.stories import video, wechat
from languages import BABEL_LOCALES, BCP47, URL_SEGMENTS
from museum.catalogue import repository, rights, vocabulary
from museum.catalogue.audio import TRACKS
from museum.catalogue.images import IMAGES
from museum.exhibition_pages import markdown_html
from museum.extensions import db
from museum.i18n import plain
from museum.media import storage
from museum.object_images import image_base_url
from museum.open_data import MUSEUM_NAME, external_url

SOUND_SUFFIXES = (".opus", ".ogg", ".mp3", ".m4a", ".aac", ".wav", ".flac")
SCAN_EXHIBITION = {"zh": "扫码看线上展览", "zh-Hant": "掃碼看線上展覽", "en": "Scan to open the exhibition",
                   "ja": "QRコードでオンライン展示へ", "ko": "QR 코드로 온라인 전시 보기",
                   "fr": "Scannez pour voir l’exposition"}
# statements whose pictures need no line of rights on them: no one to credit and nothing restricted
NO_RIGHTS_LINE = ("CC0", "NoC-US")


@dataclass
class Shot:
    """A picture of the exhibition: an image's IIIF identifier and a region in full-resolution pixels."""
    identifier: str
    x: int
    y: int
    w: int
    h: int
    title: str  # what the video shows over it
    caption: str = ""


def statement_of(image) -> rights.Statement:
    return rights.for_item(image.rights, image.record.licence if image.record else None)


def rights_line(statement: rights.Statement, lang: str) -> str:
    """The line a picture under ``statement`` carries when sent out ("" when none is needed)."""
    if statement.key in NO_RIGHTS_LINE:
        return ""
    return " ".join(part for part in (statement.name(lang), statement.uri) if part)


def public_limit(image) -> int | None:
    """The longest side anyone may have of ``image`` (None: full resolution, its rights are open)."""
    return None if statement_of(image).open else current_app.config["RESTRICTED_IMAGE_PX"] or None


def _public_width(image, w: int, h: int, wanted: int) -> int:
    """The largest width ≤ ``wanted`` (and ≤ the region's) at which anyone may fetch the region."""
    width = min(wanted, w)
    limit = public_limit(image)
    if limit and max(width, round(h * width / w)) > limit:
        width = max(1, int(limit * w / max(w, h)))
    return width


def box_of(image, region: str) -> tuple[int, int, int, int]:
    if not region or region == "full":
        return 0, 0, image.width, image.height
    x, y, w, h = (int(v) for v in region.split(","))
    return x, y, w, h


@dataclass
class LocalPicture:
    """A picture of an exported article kept beside it (``src`` is ``images/NN.jpg``)."""
    src: str
    identifier: str
    box: tuple[int, int, int, int]
    width: int
    height: int


def _picture(identifier: str, region: str, alt: str, caption: str,
             local: list[LocalPicture] | None = None) -> wechat.Picture | None:
    image = IMAGES.by_identifier(db.session, identifier)
    if image is None:
        return None
    x, y, w, h = box_of(image, region)
    width = _public_width(image, w, h, wechat.MAX_IMAGE_WIDTH)
    height = max(1, round(h * width / w))
    iiif_region = "full" if (x, y, w, h) == (0, 0, image.width, image.height) else f"{x},{y},{w},{h}"
    src = f"{image_base_url(identifier)}/{iiif_region}/{width},/0/default.jpg"
    if local is not None:  # the export's copy: the same region at the same size, in a file beside it
        src = f"images/{len(local) + 1:02d}.jpg"
        local.append(LocalPicture(src, identifier, (x, y, w, h), width, height))
    return wechat.Picture(src=src, width=width, height=height, alt=alt or caption, caption=caption)


def local_picture_jpeg(picture: LocalPicture) -> bytes:
    """The JPEG of an exported article's picture: its region at exactly its width × height."""
    image = IMAGES.by_identifier(db.session, picture.identifier)
    cut = region_picture(image, picture.box, picture.width, picture.height)
    if cut is None:
        raise FileNotFoundError(f"the image file of {picture.identifier} is missing")
    cut = cut.resize(picture.width / cut.width, vscale=picture.height / cut.height, kernel="lanczos3")
    if cut.bands in (2, 4):
        cut = cut.flatten(background=[255] * (cut.bands - 1))
    return cut.colourspace("srgb").cast("uchar").jpegsave_buffer(Q=88, strip=True)


def _first_image(accession: str):
    record = repository.get_record(db.session, accession)
    if record is None or not record.published:
        return None, None
    images = IMAGES.of(db.session, record)
    return record, (images[0] if images else None)


def region_picture(image, box: tuple[int, int, int, int], width: int, height: int):
    """The region ``box`` (full-resolution pixels) of ``image`` from the smallest pyramid level that still
    covers a ``width`` × ``height`` picture (or the full resolution); None when its file is missing."""
    try:
        pyramid = Pyramid(storage().local_path(image.pyramid_path))
    except (FileNotFoundError, IIIFImageNotFound):
        return None
    x, y, w, h = box
    chosen = pyramid.levels[0]
    for level in reversed(pyramid.levels):
        factor = level.width / image.width
        if w * factor >= width and h * factor >= height:
            chosen = level
            break
    factor = chosen.width / image.width
    left, top = int(x * factor), int(y * factor)
    return chosen.crop(left, top, max(1, min(chosen.width - left, round(w * factor))),
                       max(1, min(chosen.height - top, round(h * factor))))


def exhibition_url(slug: str, lang: str) -> str:
    return external_url("public.exhibition", lang=URL_SEGMENTS[lang], slug=slug)


def wechat_article(slug: str, document: dict, lang: str, local: list[LocalPicture] | None = None) -> str:
    """The exhibition ``document`` as a WeChat article in ``lang`` (fallback text marked with its
    language, as on the site). With ``local`` (a list to fill), its pictures are files beside it
    (``images/NN.jpg``, listed in ``local``) rather than IIIF URLs."""
    page = exhibition_url(slug, lang)
    parts: list[wechat.Part] = []
    shown_last = None  # an object block then a model block of the same object show its picture once
    with force_locale(BABEL_LOCALES[lang]):
        for block in document.get("blocks", []):
            kind = block["kind"]
            caption = plain(block.get("caption"), lang)
            part = wechat.Part()
            if kind not in ("object", "model"):
                shown_last = None
            if kind == "text":
                part.heading = plain(block.get("heading"), lang)
                part.html = str(markdown_html(block.get("body"), lang))
            elif kind in ("object", "model"):
                record, image = _first_image(block["accession"])
                if record is None:
                    continue
                title = plain(record.title, lang) or record.accession_number
                period = vocabulary.by_key("period", record.period)
                facts = " · ".join(f for f in (title, period.name(lang) if period else "") if f)
                if image is not None and shown_last != record.accession_number:
                    picture = _picture(image.identifier, "full", title, caption or facts, local)
                    part.pictures.append(picture)
                elif image is None:
                    part.note = facts
                shown_last = record.accession_number
                if kind == "model":
                    part.note = _("Turn this object in 3D on the museum's website: %(url)s", url=page)
            elif kind == "image":
                picture = _picture(block["image"], block.get("region", "full"), caption, caption, local)
                if picture:
                    part.pictures.append(picture)
            elif kind == "compare":
                for key in ("before", "after"):
                    picture = _picture(block[key], "full", caption, "", local)
                    if picture:
                        part.pictures.append(picture)
                part.note = caption
            elif kind == "audio":
                track = _reader_track(block, lang)
                if track is None:
                    continue
                part.note = _("Audio guide “%(title)s”: listen with captions on the museum's website: "
                              "%(url)s", title=track.title or caption, url=page)
            elif kind == "map":
                places = [vocabulary.by_key("place", key) for key in block.get("places", [])]
                names = list(dict.fromkeys(p.name(lang) for p in places if p is not None))
                if not names:
                    continue
                joiner = "、" if lang in ("zh", "zh-Hant", "ja") else "; "  # place names hold commas
                part.note = _("Find sites: %(places)s", places=joiner.join(names))
            elif kind == "timeline":
                periods = [vocabulary.by_key("period", key) for key in block.get("periods", [])]
                rows = [(p.name(lang), vocabulary.format_years(p.start_year, p.end_year, lang))
                        for p in periods if p is not None]
                part.html = "<ul>" + "".join(f"<li><strong>{escape(name)}</strong> {escape(years)}</li>"
                                             for name, years in rows) + "</ul>"
            if not (part.heading or part.html or part.pictures or part.note):
                continue
            parts.append(part)
        cover = document.get("cover")
        cover_picture = _picture(cover["image"], cover.get("region", "full"), "", "", local) if cover \
            else None
        footer = _("%(museum)s · Read the whole exhibition, with deep zoom, 3D and audio: %(url)s",
                   museum=MUSEUM_NAME[lang], url=page)
    return wechat.article(plain(document.get("title"), lang) or slug, plain(document.get("summary"), lang),
                          cover_picture, parts, footer, BCP47[lang])


def video_shots(document: dict, lang: str) -> list[Shot]:
    """The pictures of a vertical video in order: the cover under the exhibition's title, then each block
    with a picture under the heading of the section it follows (or its caption, or the object's title)."""
    shots: list[Shot] = []
    title = plain(document.get("title"), lang)
    heading = ""

    def add(identifier: str, region: str, over: str, caption: str = "") -> None:
        image = IMAGES.by_identifier(db.session, identifier)
        if image is None:
            return
        shots.append(Shot(identifier, *box_of(image, region), title=over,
                          caption=caption if caption != over else ""))

    cover = document.get("cover")
    if cover:
        add(cover["image"], cover.get("region", "full"), title, plain(document.get("summary"), lang))
    for block in document.get("blocks", []):
        kind = block["kind"]
        caption = plain(block.get("caption"), lang)
        if kind == "text":
            heading = plain(block.get("heading"), lang)
        elif kind == "image":
            add(block["image"], block.get("region", "full"), heading or caption, caption)
            heading = ""
        elif kind == "compare":
            add(block["before"], "full", heading or caption, caption)
            heading = ""
        elif kind in ("object", "model"):
            record, image = _first_image(block["accession"])
            if image is not None and not (shots and shots[-1].identifier == image.identifier):
                name = plain(record.title, lang)  # (an object, then its 3D model: one scene)
                add(image.identifier, "full", heading or name, name if heading else caption)
                heading = ""
    return shots


def render_video(document: dict, lang: str, out: Path, *, total: float = 45.0,
                 seconds: float | None = None, preset: str = "veryfast", progress=None) -> Path:
    """The vertical video of ``document`` in ``lang`` written to ``out``: a scene per picture
    (:func:`video_shots`), about ``total`` seconds (or ``seconds`` a scene), over the exhibition's audio
    track or a generated soundscape."""
    shots = video_shots(document, lang)[:video.MAX_SCENES]
    scenes = []
    for shot in shots:
        image = IMAGES.by_identifier(db.session, shot.identifier)
        picture = region_picture(image, (shot.x, shot.y, shot.w, shot.h), round(video.WIDTH * video.TRAVEL),
                                 round(video.HEIGHT * video.TRAVEL) // 2)
        if picture is not None:
            scenes.append(video.Scene(picture, shot.title, shot.caption))
    each = seconds or video.seconds_per_scene(len(scenes), total)
    sound = audio_file(document, lang)
    return video.render(scenes, out, lang=lang, site=MUSEUM_NAME[lang], seconds=each,
                        audio=Path(sound) if sound else None, preset=preset, progress=progress)


def video_key(slug: str, version: int, lang: str) -> str:
    """Where the vertical video of ``slug``'s version ``version`` in ``lang`` is kept (one per pair)."""
    return f"exhibition-videos/{slug}/v{version}-{lang}.mp4"


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=2)
    return buffer.getvalue()


def share_image(document: dict, lang: str, channel: str, page_url: str) -> bytes:
    """One image of the share kit (``cards.CHANNELS``) in ``lang``, drawn from the cover's region."""
    width, height = cards.CHANNELS[channel]
    picture = None
    cover = document.get("cover")
    image = IMAGES.by_identifier(db.session, cover["image"]) if cover else None
    if image is not None:
        picture = region_picture(image, box_of(image, cover.get("region", "full")), width, height)
    text = cards.CardText(title=plain(document.get("title"), lang) or "", site=MUSEUM_NAME[lang], lang=lang,
                          facts=plain(document.get("summary"), lang), scan_hint=SCAN_EXHIBITION[lang])
    return cards.render_channel(channel, picture, text, qr_png(page_url) if channel in ("square", "portrait")
                                else None)


@dataclass
class Tile:
    """One square of the Weibo set: ``kind`` cover, picture (a section's image region or an object's card)
    or qr; ``identifier`` and ``box`` (full-resolution pixels) name its picture."""
    kind: str
    title: str
    caption: str = ""
    identifier: str | None = None
    box: tuple[int, int, int, int] | None = None


def weibo_tiles(document: dict, lang: str) -> list[Tile]:
    """The Weibo set in order: the cover, the sections' images at their regions, comparisons and object
    cards (title and period), then details of those pictures when there are fewer than seven, and the QR
    code last: nine squares as soon as the exhibition has one picture."""
    title = plain(document.get("title"), lang)
    cover = document.get("cover")
    tiles = [Tile("cover", title, plain(document.get("summary"), lang))]
    if cover and (image := IMAGES.by_identifier(db.session, cover["image"])) is not None:
        tiles[0].identifier, tiles[0].box = image.identifier, box_of(image, cover.get("region", "full"))
    pictures: list[Tile] = []
    heading = ""

    def add(identifier: str, region: str, over: str, caption: str) -> None:
        image = IMAGES.by_identifier(db.session, identifier)
        if image is not None and not any(t.identifier == identifier and t.box == box_of(image, region)
                                         for t in pictures):
            over = over or (plain(image.record.title, lang) if image.record else "") or title
            pictures.append(Tile("picture", over, caption if caption != over else "", identifier,
                                 box_of(image, region)))

    for block in document.get("blocks", []):
        kind, caption = block["kind"], plain(block.get("caption"), lang)
        if kind == "text":
            heading = plain(block.get("heading"), lang)
        elif kind == "image":  # a section's heading names its first picture; later ones their caption
            add(block["image"], block.get("region", "full"), heading, caption)
            heading = ""
        elif kind == "compare":
            add(block["before"], "full", heading, caption)
            add(block["after"], "full", heading, caption)
            heading = ""
        elif kind in ("object", "model"):
            record, image = _first_image(block["accession"])
            if image is not None:
                period = vocabulary.by_key("period", record.period)
                add(image.identifier, "full", plain(record.title, lang) or record.accession_number,
                    " · ".join(f for f in (period.name(lang) if period else "", caption) if f))
    middle = pictures[:cards.SET_SIZE - 2]
    with force_locale(BABEL_LOCALES[lang]):
        for source in list(middle):  # details: the middle half of each picture, until seven
            if len(middle) >= cards.SET_SIZE - 2 or not middle:
                break
            x, y, w, h = source.box
            middle.append(Tile("picture", source.title, _("Detail"), source.identifier,
                               (x + w // 4, y + h // 4, max(1, w // 2), max(1, h // 2))))
    if not middle:
        return [tiles[0], Tile("qr", title)]
    while len(middle) < cards.SET_SIZE - 2:  # fewer than four pictures: details of details
        x, y, w, h = middle[-1].box
        middle.append(Tile("picture", middle[-1].title, middle[-1].caption, middle[-1].identifier,
                           (x + w // 4, y + h // 4, max(1, w // 2), max(1, h // 2))))
    return [tiles[0], *middle, Tile("qr", title)]


def tile_picture(tile: Tile, lang: str):
    """The tile's picture as its rights allow, and how much it may be enlarged: an open image's region
    from the pyramid; a restricted one's at most ``RESTRICTED_IMAGE_PX`` on its longest side, not to be
    enlarged (the cover square, which fills its frame, is the exception), with the museum's watermark and
    rights line on it (as ``/iiif/download`` gives it)."""
    from assets.images.watermark import watermark

    if tile.identifier is None:
        return None, 2.0
    image = IMAGES.by_identifier(db.session, tile.identifier)
    side = cards.TILE if tile.kind == "cover" else cards.TILE - 80
    limit = public_limit(image)
    x, y, w, h = tile.box
    if limit is not None:
        side = min(side, limit)
    scale = side / max(w, h) if limit is not None else max(side / w, side / h)
    picture = region_picture(image, tile.box, max(1, round(w * scale)), max(1, round(h * scale)))
    if picture is None or limit is None:
        return picture, 2.0
    fit = min(1.0, limit / max(picture.width, picture.height))
    if fit < 1.0:
        picture = picture.resize(fit, kernel="lanczos3")
    if picture.bands in (2, 4):
        picture = picture.flatten(background=[255] * (picture.bands - 1))
    picture = picture.colourspace("srgb") if picture.bands < 3 else picture
    return watermark(picture.cast("uchar"), MUSEUM_NAME[lang], rights_line(statement_of(image), lang)), 1.0


def tile_rights(tile: Tile) -> rights.Statement | None:
    image = IMAGES.by_identifier(db.session, tile.identifier) if tile.identifier else None
    return statement_of(image) if image is not None else None


def weibo_image(tiles: list[Tile], number: int, lang: str, page_url: str) -> bytes:
    """Square ``number`` (from 1) of the set ``tiles`` as JPEG bytes."""
    tile = tiles[number - 1]
    picture, enlarge = tile_picture(tile, lang)
    statement = tile_rights(tile)
    text = cards.TileText(title=tile.title, caption=tile.caption, site=MUSEUM_NAME[lang], lang=lang,
                          number=number, count=len(tiles),
                          rights_line=rights_line(statement, lang) if statement else "",
                          scan_hint=SCAN_EXHIBITION[lang])
    return cards.render_tile(tile.kind, picture, text, qr_png=qr_png(page_url) if tile.kind == "qr" else None,
                             enlarge=enlarge)


def _reader_track(block: dict, lang: str):
    """The audio block's track, or the same object's guide of the same kind in ``lang`` when there is one
    (what the exhibition page plays)."""
    chosen = TRACKS.by_folder(db.session, block["track"])
    if chosen is None:
        return None
    target = chosen.record.accession_number if chosen.record else None
    if target and chosen.language != lang:
        for other in TRACKS.list(db.session, target):
            if other.language == lang and other.kind == chosen.kind:
                return other
    return chosen


def audio_file(document: dict, lang: str) -> str | None:
    """The local path of the exhibition's first audio track (in ``lang`` when the object has one)."""
    for block in document.get("blocks", []):
        if block["kind"] != "audio":
            continue
        chosen = _reader_track(block, lang)
        if chosen is None:
            continue
        files = chosen.manifest.get("files", {})
        sounds = [name for name in files.values() if Path(name).suffix in SOUND_SUFFIXES]
        if sounds:
            return str(storage().local_path(f"audio/{chosen.folder}/{sounds[0]}"))
    return None
