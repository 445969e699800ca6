"""Share images of an object page and of an exhibition (its share kit, and its Weibo set of nine squares
one by one or together as a zip). Of an object page: ``card.jpg`` (1200 × 630, the Open Graph / Twitter
image) and ``poster.jpg`` (900 × 1200 with the page's QR code, to save and send in WeChat, which shows no
preview for a plain link). Drawn by :mod:`assets.images.cards` from the object's first image, in the
reader's language.

Both are fixed sizes from the smallest pyramid level that covers them, so one costs about a tenth of a
second; rendered cards are kept per process (``CARD_CACHE`` entries) and answered with an ETag."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from threading import Lock

from flask import Response, abort, current_app, g, request, stream_with_context

from assets.images import cards
from assets.images.exceptions import IIIFImageNotFound
from assets.images.render import Pyramid
from languages import URL_SEGMENTS, pick
from museum.catalogue import display, exhibitions, repository, vocabulary
from museum.catalogue.images import IMAGES
from museum.exceptions import NotFound
from museum.exhibition_bundle import zip_stream
from museum.exhibition_exports import qr_png, share_image, tile_rights, weibo_image, weibo_tiles
from museum.extensions import db
from museum.media import storage
from museum.open_data import MUSEUM_NAME, external_url, object_page_url
from museum.public import bp

CARD_CACHE = 128
SCAN_HINT = {"zh": "扫码查看这件文物", "zh-Hant": "掃碼查看這件文物", "en": "Scan to open this object",
             "ja": "QRコードで作品ページへ", "ko": "QR 코드로 유물 보기", "fr": "Scannez pour voir l’objet"}
_rendered: OrderedDict[str, bytes] = OrderedDict()
_lock = Lock()


@bp.route("/<lang>/objects/<accession>/card.jpg")
def object_card(accession: str):
    return _card(accession, "social")


@bp.route("/<lang>/objects/<accession>/poster.jpg")
def object_poster(accession: str):
    return _card(accession, "poster")


@bp.route("/<lang>/exhibitions/<slug>/share/<channel>.jpg")
def exhibition_share(slug: str, channel: str):
    """One image of an exhibition's share kit (``cards.CHANNELS``) in the reader's language, drawn from the
    published version's cover region."""
    if channel not in cards.CHANNELS:
        abort(404)
    found = _published(slug)
    lang = g.get("lang", "zh")
    page_url = external_url("public.exhibition", lang=URL_SEGMENTS[lang], slug=slug)
    version = "|".join([cards.DRAWING, slug, lang, channel, str(found.published_at),
                        str(found.published_version), page_url])
    etag = hashlib.sha256(version.encode()).hexdigest()[:32]
    return _answer(etag, lambda: share_image(found.document, lang, channel, page_url))


@bp.route("/<lang>/exhibitions/<slug>/weibo/<int:number>.jpg")
def exhibition_weibo(slug: str, number: int):
    """Square ``number`` (1–9) of the published exhibition's Weibo set in the reader's language."""
    found = _published(slug)
    lang = g.get("lang", "zh")
    tiles = weibo_tiles(found.document, lang)
    if not 1 <= number <= len(tiles):
        abort(404)
    page_url = external_url("public.exhibition", lang=URL_SEGMENTS[lang], slug=slug)
    statement = tile_rights(tiles[number - 1])  # a change of the picture's rights draws it again
    parts = [cards.DRAWING, "weibo", slug, lang, str(number), str(found.published_at),
             str(found.published_version), page_url, statement.key if statement else "",
             str(current_app.config["RESTRICTED_IMAGE_PX"])]
    etag = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
    return _answer(etag, lambda: weibo_image(tiles, number, lang, page_url))


@bp.route("/<lang>/exhibitions/<slug>/weibo.zip")
def exhibition_weibo_set(slug: str):
    """The nine squares together, numbered ``01.jpg`` … ``09.jpg``, to post at once."""
    found = _published(slug)
    lang = g.get("lang", "zh")
    tiles = weibo_tiles(found.document, lang)
    page_url = external_url("public.exhibition", lang=URL_SEGMENTS[lang], slug=slug)
    files = ((f"{number:02d}.jpg", lambda n=number: weibo_image(tiles, n, lang, page_url))
             for number in range(1, len(tiles) + 1))
    response = Response(stream_with_context(zip_stream(files)), mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{slug}-weibo-{lang}.zip"'
    return response


def _published(slug: str):
    try:
        found = exhibitions.get(db.session, slug)
    except NotFound:
        abort(404)
    if found.status != exhibitions.PUBLISHED or not found.document:
        abort(404)
    return found


def exhibition_share_url(slug: str, channel: str, lang: str) -> str:
    return external_url("public.exhibition_share", lang=URL_SEGMENTS[lang], slug=slug, channel=channel)


def _qr(url: str) -> bytes:
    return qr_png(url)


def _answer(etag: str, draw) -> Response:
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        data = _cached(etag) or _remember(etag, draw())
        response = Response(data, mimetype="image/jpeg")
    response.set_etag(etag)
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


def _card(accession: str, layout: str) -> Response:
    record = repository.get_record(db.session, accession)
    if record is None:
        abort(404)
    lang = g.get("lang", "zh")
    images = IMAGES.of(db.session, record)
    page_url = object_page_url(accession, lang)
    version = "|".join([cards.DRAWING, accession, lang, layout, str(record.updated_at), page_url,
                        images[0].pyramid_path if images else ""])
    etag = hashlib.sha256(version.encode()).hexdigest()[:32]
    return _answer(etag, lambda: _draw(record, images, lang, layout, page_url))


def _draw(record, images, lang: str, layout: str, page_url: str) -> bytes:
    width, height = cards.LAYOUTS[layout]
    picture = _picture(images[0].pyramid_path, width, height) if images else None
    period = vocabulary.by_key("period", record.period)
    category = vocabulary.by_key("category", record.category)
    facts = [period.name(lang) if period else "", category.name(lang) if category else ""]
    facts += display.dimensions(record, lang)[:1]
    text = cards.CardText(title=pick(record.title, lang)[0] or record.accession_number,
                          facts=" · ".join(f for f in facts if f), site=MUSEUM_NAME[lang], lang=lang,
                          scan_hint=SCAN_HINT[lang])
    return cards.render(layout, picture, text, _qr(page_url) if layout == "poster" else None)


def _picture(key: str, width: int, height: int):
    """The smallest pyramid level that still covers the card (or the largest there is)."""
    try:
        pyramid = Pyramid(storage().local_path(key))
    except (FileNotFoundError, IIIFImageNotFound):
        return None  # the card is still drawn, without a picture
    for level in reversed(pyramid.levels):
        if level.width >= width and level.height >= height:
            return level
    return pyramid.levels[0]


def _cached(etag: str) -> bytes | None:
    with _lock:
        if etag in _rendered:
            _rendered.move_to_end(etag)
            return _rendered[etag]
    return None


def _remember(etag: str, data: bytes) -> bytes:
    with _lock:
        _rendered[etag] = data
        while len(_rendered) > CARD_CACHE:
            _rendered.popitem(last=False)
    return data
