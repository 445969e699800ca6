"""Sharing and discovery of the public pages: canonical URLs, Open Graph / Twitter cards and schema.org
JSON-LD for object pages, a share QR code (SVG), ``robots.txt`` and ``sitemap.xml`` with hreflang."""

from __future__ import annotations

import io

import segno
from flask import Response, abort, g, request, url_for

from languages import BCP47, OG_LOCALES, URL_SEGMENTS, pick
from museum.catalogue import display, repository, vocabulary
from museum.extensions import db
from museum.object_images import images_for
from museum.open_data import MUSEUM_NAME, absolute, iso_year, linked_art_url, object_page_url
from museum.public import bp, sitemaps

# Query arguments that make a different page (everything else — tracking tags — is dropped).
CANONICAL_QUERY = ("page", "q")
# Words of the share block, kept here rather than in the message catalogues (the block is optional).
SHARE_WORDS = {
    "heading": {"zh": "分享", "zh-Hant": "分享", "en": "Share", "ja": "共有", "ko": "공유", "fr": "Partager"},
    "qr_alt": {"zh": "本页二维码：{url}", "zh-Hant": "本頁二維碼：{url}", "en": "QR code of this page: {url}",
               "ja": "このページのQRコード：{url}", "ko": "이 페이지의 QR 코드: {url}",
               "fr": "Code QR de cette page : {url}"},
    "linked_art": {"zh": "Linked Art 开放数据（JSON-LD）", "zh-Hant": "Linked Art 開放數據（JSON-LD）",
                   "en": "Linked Art open data (JSON-LD)", "ja": "Linked Art オープンデータ（JSON-LD）",
                   "ko": "Linked Art 공개 데이터(JSON-LD)", "fr": "Données ouvertes Linked Art (JSON-LD)"},
    "poster": {"zh": "微信分享卡片（保存图片后发给好友）", "zh-Hant": "微信分享卡片（儲存圖片後傳給好友）",
               "en": "Card for WeChat (save the picture, then send it)",
               "ja": "WeChat 用カード（画像を保存して送信）", "ko": "위챗 공유 카드(이미지를 저장해 보내기)",
               "fr": "Carte pour WeChat (enregistrez l’image, puis envoyez-la)"},
}


def canonical_url() -> str | None:
    """The page's absolute URL without tracking arguments (``page=1`` is the page itself)."""
    if request.endpoint is None or request.url_rule is None or request.method != "GET":
        return None
    args = dict(request.view_args or {})
    if "lang" in request.url_rule.arguments:
        args["lang"] = URL_SEGMENTS[g.get("lang", "zh")]
    for name in CANONICAL_QUERY:
        value = request.args.get(name)
        if value and not (name == "page" and value == "1"):
            args[name] = value
    return absolute(url_for(request.endpoint, **args))


def _image_url(record) -> tuple[str | None, str]:
    """(absolute URL of a ≤ 1200 px rendering of the first image, its alt text) or (None, '')."""
    images = images_for(record)
    if not images:
        return None, ""
    first = images[0]
    url = f"{first['id']}/full/{min(1200, first['width'])},/0/default.jpg"
    caption = first["caption"] or record.label(g.get("lang", "zh"))
    return (url if url.startswith("http") else absolute(url)), caption


def _quantity(value: float | None, unit: str, unit_code: str) -> dict | None:
    if value is None:
        return None
    return {"@type": "QuantitativeValue", "value": value, "unitText": unit, "unitCode": unit_code}


def object_sharing(record) -> dict:
    """Everything object_head.html prints: Open Graph values and the schema.org JSON-LD document."""
    lang = g.get("lang", "zh")
    cache = g.setdefault("object_sharing", {})
    if (record.accession_number, lang) not in cache:
        cache[(record.accession_number, lang)] = _object_sharing(record, lang)
    return cache[(record.accession_number, lang)]


def _object_sharing(record, lang: str) -> dict:
    title = pick(record.title, lang)[0] or record.accession_number
    description = pick(record.description, lang)[0] or title
    page_url = object_page_url(record.accession_number, lang)
    image, image_alt = _image_url(record)
    period = vocabulary.by_key("period", record.period)
    category = vocabulary.by_key("category", record.category)
    jsonld = {"@context": "https://schema.org", "@type": "VisualArtwork", "@id": page_url, "url": page_url,
              "name": title, "description": description, "inLanguage": BCP47[lang],
              "identifier": {"@type": "PropertyValue", "propertyID": "accession number",
                             "value": record.accession_number},
              "sameAs": linked_art_url(record.accession_number),
              "isPartOf": {"@type": "Collection", "name": MUSEUM_NAME[lang]},
              "holdingOrganization": {"@type": "Museum", "name": MUSEUM_NAME[lang], "url": absolute("/")}}
    alternate = {k: v for k, v in (record.title or {}).items() if v and v != title}
    if alternate:
        jsonld["alternateName"] = list(dict.fromkeys(alternate.values()))
    if category:
        jsonld["artform"] = category.name(lang)
    if record.material:
        jsonld["artMedium"] = vocabulary.label("material", record.material, lang)[0]
    if period or record.start_year is not None:
        years = vocabulary.format_years(record.start_year, record.end_year, lang)
        jsonld["temporalCoverage"] = (f"{iso_year(record.start_year)}/{iso_year(record.end_year)}"
                                      if record.start_year is not None and record.end_year is not None
                                      else years)
        jsonld["dateCreated"] = ", ".join(p for p in ((period.name(lang) if period else None), years) if p)
    for key, field in (("height", "height_cm"), ("width", "width_cm"), ("depth", "depth_cm")):
        value = _quantity(getattr(record, field), "cm", "CMT")
        if value:
            jsonld[key] = value
    if record.weight_g is not None:
        jsonld["weight"] = _quantity(record.weight_g, "g", "GRM")
    if record.find_site:
        place = vocabulary.label("place", record.find_site, lang)[0]
        jsonld["locationCreated"] = {"@type": "Place", "name": place}
    if record.gallery is not None:
        jsonld["contentLocation"] = {"@type": "Place", "name": record.gallery.label(lang)}
    if record.licence:
        jsonld["license"] = record.licence
    if image:
        jsonld["image"] = image
    measures = display.dimensions(record, lang)
    cards = {layout: absolute(url_for(f"public.object_{layout}", accession=record.accession_number))
             for layout in ("card", "poster")}
    return {"title": title, "description": description[:300], "url": page_url, "image": image,
            "card": cards["card"], "poster": cards["poster"],
            "image_alt": image_alt, "site_name": MUSEUM_NAME[lang], "locale": OG_LOCALES[lang],
            "locale_alternates": [v for k, v in OG_LOCALES.items() if k != lang],
            "measures": " · ".join(measures), "jsonld": jsonld,
            "qr_url": url_for("public.object_qr", accession=record.accession_number),
            "words": {key: text[lang].format(url=page_url) for key, text in SHARE_WORDS.items()}}


@bp.app_context_processor
def _sharing_helpers():
    return {"canonical_url": canonical_url, "object_sharing": object_sharing}


@bp.route("/<lang>/objects/<accession>/qr.svg")
def object_qr(accession: str):
    """A QR code (SVG) of the object page's URL in this language, for sharing and printed labels."""
    record = repository.get_record(db.session, accession)
    if record is None:
        abort(404)
    url = object_page_url(accession, g.get("lang", "zh"))
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=4, border=2, title=url, xmldecl=True,
                                    svgclass="qr-code", lineclass=None)
    response = Response(buffer.getvalue(), content_type="image/svg+xml")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


@bp.route("/robots.txt")
def robots_txt():
    lines = ["User-agent: *", "Disallow: /curator/", "Disallow: /kiosk/", "Disallow: /api/v1/search",
             "Allow: /", "", f"Sitemap: {absolute(url_for('public.sitemap_xml'))}", ""]
    return Response("\n".join(lines), content_type="text/plain; charset=utf-8")


@bp.route("/sitemap.xml")
def sitemap_xml():
    return sitemaps.root_document()


@bp.route("/sitemaps/<name>.xml")
def sitemap_part(name: str):
    return sitemaps.part_document(name)
