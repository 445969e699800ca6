"""What pages show of an object's images: IIIF ids, a thumbnail with ``srcset`` and the caption of each
(object pages, the kiosk's gallery station and attract loop, the open-data previews). The IIIF routes
themselves are the ``iiif`` blueprint's; IIIF ids are built on the public base URL
(:func:`museum.open_data.external_url`), never on an unchecked ``Host`` header.
"""

from __future__ import annotations

from flask import current_app, g, url_for

from museum.catalogue import rights
from museum.catalogue.images import IMAGES
from museum.extensions import db
from museum.i18n import localized
from museum.open_data import external_url

THUMBNAIL_WIDTHS = (200, 400, 800, 1600)
CARD_WIDTHS = (200, 400, 800)  # an image card is at most about 300 CSS px wide: 800 covers 2x screens
CARD_BOX = (4, 3)  # the card's image box (width, height): every card is this shape, whatever its image


def image_base_url(identifier: str) -> str:
    return external_url("iiif.image_base", identifier=identifier)


def images_for(record, lang: str | None = None) -> list[dict]:
    """What an object page needs for each image: IIIF ids, a thumbnail with ``srcset``, the caption, its
    rights statement and download link. A restricted image's ``srcset`` stops at the public size
    (``RESTRICTED_IMAGE_PX``), which the IIIF server enforces, so every page is the same for everyone."""
    lang = lang or g.get("lang", "zh")
    result = []
    for image in IMAGES.of(db.session, record):
        base = image_base_url(image.identifier)
        statement = rights.for_item(image.rights, record.licence)
        public_px = None if statement.open else current_app.config["RESTRICTED_IMAGE_PX"] or None
        largest = image.width
        if public_px and max(image.width, image.height) > public_px:
            largest = max(1, int(image.width * public_px / max(image.width, image.height)))
        thumb_width = min(400, largest)
        widths = [w for w in THUMBNAIL_WIDTHS if w < largest] + [min(largest, THUMBNAIL_WIDTHS[-1])]
        srcset = ", ".join(f"{base}/full/{w},/0/default.jpg {w}w" for w in sorted(set(widths)))
        result.append({
            "identifier": image.identifier,
            "id": base,
            "info_url": f"{base}/info.json",
            "thumbnail": f"{base}/full/{thumb_width},/0/default.jpg",
            "thumbnail_width": thumb_width,
            "thumbnail_height": max(1, round(image.height * thumb_width / image.width)),
            "srcset": srcset,
            "sizes": "(max-width: 600px) 100vw, 400px",
            "caption": image.caption_in(lang) or "",
            "caption_html": localized(image.caption, lang),  # marked with its own lang when a fallback
            "width": image.width,
            "height": image.height,
            "rights": image.rights,
            "statement": statement,
            "statement_name": statement.name(lang),
            "download": url_for("iiif.image_download", identifier=image.identifier, lang=lang),
            "download_open": statement.open,
        })
    return result


def _widths(image_width: int, widths: tuple[int, ...]) -> list[int]:
    """The rendering widths offered for an image: those of ``widths`` it has pixels for (IIIF 3.0 never
    upscales without ``^``), and its own width when it is smaller than the largest."""
    return sorted({w for w in widths if w < image_width} | {min(image_width, widths[-1])})


def card_image(image, vw: int = 50, px: int = 300, box: tuple[int, int] = CARD_BOX) -> dict:
    """An image card's ``<img>``: a thumbnail, its ``srcset`` and the ``sizes`` of the picture drawn
    *inside* the card's 4:3 box (a tall object fills the height and only part of the width, so it asks for
    a narrower rendering); ``vw`` is the card's width on phones, ``px`` its width on larger screens, ``box``
    the image box's shape (width, height)."""
    base = image_base_url(image.identifier)
    widths = _widths(image.width, CARD_WIDTHS)
    box_w, box_h = box
    fill = min(1.0, image.width * box_h / (image.height * box_w))  # share of the box's width it covers
    thumb = widths[1] if len(widths) > 1 else widths[0]
    return {
        "src": f"{base}/full/{thumb},/0/default.jpg",
        "srcset": ", ".join(f"{base}/full/{w},/0/default.jpg {w}w" for w in widths),
        "sizes": f"(max-width: 600px) {max(1, round(vw * fill))}vw, {max(1, round(px * fill))}px",
        "width": thumb,
        "height": max(1, round(image.height * thumb / image.width)),
    }
