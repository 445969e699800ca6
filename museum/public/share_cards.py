"""Share images of an object page: ``card.jpg`` (1200 × 630, the Open Graph / Twitter image) and
``poster.jpg`` (900 × 1200 with the page's QR code, to save and send in WeChat, which shows no preview for a
plain link). Drawn by :mod:`assets.images.cards` from the object's first image, in the reader's language.

Both are fixed sizes from the smallest pyramid level that covers them, so one costs about a tenth of a
second; rendered cards are kept per process (``CARD_CACHE`` entries) and answered with an ETag."""

from __future__ import annotations

import hashlib
import io
from collections import OrderedDict
from threading import Lock

import segno
from flask import Response, abort, g, request

from assets.images import cards
from assets.images.exceptions import IIIFImageNotFound
from assets.images.render import Pyramid
from languages import pick
from museum.catalogue import display, repository, vocabulary
from museum.catalogue.images import IMAGES
from museum.extensions import db
from museum.media import storage
from museum.open_data import MUSEUM_NAME, object_page_url
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


def _card(accession: str, layout: str) -> Response:
    record = repository.get_record(db.session, accession)
    if record is None:
        abort(404)
    lang = g.get("lang", "zh")
    images = IMAGES.of(db.session, record)
    page_url = object_page_url(accession, lang)
    version = "|".join([accession, lang, layout, str(record.updated_at), page_url,
                        images[0].pyramid_path if images else ""])
    etag = hashlib.sha256(version.encode()).hexdigest()[:32]
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        data = _cached(etag) or _remember(etag, _draw(record, images, lang, layout, page_url))
        response = Response(data, mimetype="image/jpeg")
    response.set_etag(etag)
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


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
    qr = None
    if layout == "poster":
        buffer = io.BytesIO()
        segno.make(page_url, error="m").save(buffer, kind="png", scale=8, border=2)
        qr = buffer.getvalue()
    return cards.render(layout, picture, text, qr)


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
