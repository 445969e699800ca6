"""What pages show of an object's images: IIIF ids, a thumbnail with ``srcset`` and the caption of each
(object pages, the kiosk's gallery station and attract loop, the open-data previews). The IIIF routes
themselves are the ``iiif`` blueprint's; IIIF ids are built on the public base URL
(:func:`museum.open_data.external_url`), never on an unchecked ``Host`` header.
"""

from __future__ import annotations

from flask import g

from museum.catalogue.images import IMAGES
from museum.extensions import db
from museum.i18n import localized
from museum.open_data import external_url

THUMBNAIL_WIDTHS = (200, 400, 800, 1600)


def image_base_url(identifier: str) -> str:
    return external_url("iiif.image_base", identifier=identifier)


def images_for(record, lang: str | None = None) -> list[dict]:
    """What an object page needs for each image: IIIF ids, a thumbnail with ``srcset``, the caption."""
    lang = lang or g.get("lang", "zh")
    result = []
    for image in IMAGES.of(db.session, record):
        base = image_base_url(image.identifier)
        thumb_width = min(400, image.width)
        widths = [w for w in THUMBNAIL_WIDTHS if w < image.width] + [min(image.width, THUMBNAIL_WIDTHS[-1])]
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
        })
    return result
