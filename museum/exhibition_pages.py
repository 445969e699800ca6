"""What the exhibition pages show of a document (the public pages and the curator's preview alike): each
block resolved against the catalogue in the reader's language — sections' Markdown as sanitised HTML with
the site's fallback marking, object cards, IIIF region URLs, the 3D model and hotspot, the audio track in
the reader's language when the object has one, the SVG map and the timeline."""

from __future__ import annotations

from flask import g
from markupsafe import Markup

from exhibits.stories import figures, text
from languages import BCP47, pick
from museum import browse
from museum.audio_tracks import track_json
from museum.catalogue import repository, vocabulary
from museum.catalogue.audio import TRACKS
from museum.catalogue.chinese import to_traditional
from museum.catalogue.images import IMAGES
from museum.extensions import db
from museum.i18n import _fallback_note, localized, plain
from museum.object_images import image_base_url

REGION_WIDTHS = (400, 800, 1200)


def markdown_html(values: dict | None, lang: str | None = None) -> Markup:
    """A section's body in ``lang`` (or its fallback, marked with its own ``lang`` and a visible note;
    simplified Chinese converted for zh-Hant readers and marked), rendered and sanitised."""
    lang = lang or g.get("lang", "zh")
    source, found = pick(values, lang)
    if source is None:
        return Markup("")
    if found == lang:
        return Markup(text.render(source))
    if lang == "zh-Hant" and found == "zh":
        return Markup('<div lang="zh-Hant" data-converted="opencc-s2t">{}</div>').format(
            Markup(text.render(to_traditional(source))))
    return Markup('<div lang="{}" class="fallback" data-fallback="{}">{}<p><small class="fallback-note">({})'
                  '</small></p></div>').format(BCP47[found], found, Markup(text.render(source)),
                                               _fallback_note(found))


def region_image(identifier: str, region: str) -> dict | None:
    image = IMAGES.by_identifier(db.session, identifier)
    if image is None:
        return None
    base = image_base_url(image.identifier)
    if region == "full":
        x, y, w, h = 0, 0, image.width, image.height
    else:
        x, y, w, h = (int(v) for v in region.split(","))
    widths = sorted({min(w, width) for width in REGION_WIDTHS})
    return {"identifier": image.identifier, "info_url": f"{base}/info.json", "region": region,
            "x": x, "y": y, "w": w, "h": h, "width": widths[-1], "height": max(1, round(h * widths[-1] / w)),
            "src": f"{base}/{region}/{widths[min(1, len(widths) - 1)]},/0/default.jpg",
            "srcset": ", ".join(f"{base}/{region}/{width},/0/default.jpg {width}w" for width in widths),
            # the same sizes in WebP (a third of the JPEG's bytes): what browsers take, the JPEG the fallback
            "srcset_webp": ", ".join(f"{base}/{region}/{width},/0/default.webp {width}w" for width in widths),
            "full_width": image.width, "full_height": image.height,
            "record": image.record.accession_number if image.record else None,
            "title": plain(image.record.title) if image.record else ""}


def _track(block: dict, lang: str) -> dict | None:
    chosen = TRACKS.by_folder(db.session, block["track"])
    if chosen is None:
        return None
    target = chosen.record.accession_number if chosen.record else None
    if target and chosen.language != lang:  # the same object's guide in the reader's language, if any
        for other in TRACKS.list(db.session, target):
            if other.language == lang and other.kind == chosen.kind:
                chosen = other
                break
    data = track_json(chosen)
    data["language_tag"] = BCP47.get(chosen.language, chosen.language)
    data["accession"] = target
    return data


def blocks_for(document: dict, lang: str | None = None) -> list[dict]:
    lang = lang or g.get("lang", "zh")
    shown = []
    for number, block in enumerate(document.get("blocks", []), start=1):
        kind = block["kind"]
        item = {"kind": kind, "number": number, "caption": localized(block.get("caption"), lang)}
        if kind == "text":
            item["heading"] = localized(block.get("heading"), lang)
            item["body"] = markdown_html(block.get("body"), lang)
        elif kind in ("object", "model"):
            record = repository.get_record(db.session, block["accession"])
            if record is None:
                continue
            item["record"] = record
            item["card"] = browse.cards([record])[0]
            item["hotspot"] = block.get("hotspot", "")
        elif kind == "image":
            item["image"] = region_image(block["image"], block.get("region", "full"))
            if item["image"] is None:
                continue
        elif kind == "compare":
            item["before"] = region_image(block["before"], "full")
            item["after"] = region_image(block["after"], "full")
            if not item["before"] or not item["after"]:
                continue
        elif kind == "audio":
            item["track"] = _track(block, lang)
            if item["track"] is None:
                continue
        elif kind == "map":
            places = [vocabulary.by_key("place", key) for key in block.get("places", [])]
            places = [p for p in places if p is not None and p.coordinates]
            if not places:
                continue
            item["map"] = figures.site_map([(p.key, p.name(lang), *p.coordinates, 0) for p in places])
        elif kind == "timeline":
            periods = [vocabulary.by_key("period", key) for key in block.get("periods", [])]
            rows = [(p.key, p.name(lang), vocabulary.format_years(p.start_year, p.end_year, lang),
                     p.start_year, p.end_year) for p in periods if p is not None]
            item["bars"], item["first"], item["last"] = figures.timeline(rows)
        shown.append(item)
    return shown


def cover_for(document: dict) -> dict | None:
    cover = document.get("cover")
    return region_image(cover["image"], cover.get("region", "full")) if cover else None
