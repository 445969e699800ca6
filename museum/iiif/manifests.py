"""IIIF Presentation API 3.0 routes: one manifest per object, one collection per gallery and per published
exhibition.

Records become plain dicts here and :mod:`assets.images.presentation` builds the documents. Labels and
metadata carry every language the record has (keys as BCP 47 tags: zh-Hans, zh-Hant, en, ja, ko, fr).
"""

from __future__ import annotations

from flask import Response, abort, json, request
from sqlalchemy import select

from assets.images import presentation
from museum.catalogue import display, exhibitions, repository, rights, vocabulary
from museum.catalogue.images import IMAGES, ObjectImage
from museum.catalogue.models import Record
from museum.extensions import db
from museum.iiif import bp
from museum.open_data import external_url

PRESENTATION_CONTEXT = "http://iiif.io/api/presentation/3/context.json"
INSTITUTION = {"zh": "重庆中国三峡博物馆", "zh-Hant": "重慶中國三峽博物館",
               "en": "Chongqing China Three Gorges Museum", "ja": "重慶中国三峡博物館",
               "ko": "충칭 중국 삼협 박물관", "fr": "Musée des Trois Gorges de Chongqing"}
LABELS = {
    "accession": {"zh": "总登记号", "zh-Hant": "總登記號", "en": "Accession number", "ja": "登録番号",
                  "ko": "등록 번호", "fr": "Numéro d'inventaire"},
    "period": {"zh": "年代", "zh-Hant": "年代", "en": "Period", "ja": "年代", "ko": "시대", "fr": "Période"},
    "category": {"zh": "类别", "zh-Hant": "類別", "en": "Category", "ja": "分類", "ko": "분류",
                 "fr": "Catégorie"},
    "material": {"zh": "质地", "zh-Hant": "質地", "en": "Material", "ja": "材質", "ko": "재질",
                 "fr": "Matériau"},
    "dimensions": {"zh": "尺寸", "zh-Hant": "尺寸", "en": "Dimensions", "ja": "寸法", "ko": "크기",
                   "fr": "Dimensions"},
    "weight": {"zh": "质量", "zh-Hant": "質量", "en": "Weight", "ja": "重さ", "ko": "무게", "fr": "Poids"},
    "gallery": {"zh": "展厅", "zh-Hant": "展廳", "en": "Gallery", "ja": "展示室", "ko": "전시실",
                "fr": "Salle"},
    "attribution": {"zh": "来源", "zh-Hant": "來源", "en": "Attribution", "ja": "提供", "ko": "출처",
                    "fr": "Attribution"},
}
def _bcp47(values: dict | None) -> dict:
    return {vocabulary.BCP47.get(lang, lang): text for lang, text in (values or {}).items() if text}


def _per_language(render) -> dict:
    return _bcp47({lang: render(lang) for lang in vocabulary.LANGUAGES})


def _json(document: dict) -> Response:
    wants_ld = request.accept_mimetypes["application/ld+json"] > request.accept_mimetypes["application/json"]
    mimetype = f'application/ld+json;profile="{PRESENTATION_CONTEXT}"' if wants_ld else "application/json"
    response = Response(json.dumps(document, ensure_ascii=False), mimetype=mimetype)
    response.vary.add("Accept")
    response.cache_control.public = True
    response.cache_control.max_age = 300
    return response.make_conditional(request)


def manifest_url(accession_number: str) -> str:
    return external_url("iiif.object_manifest", accession=accession_number)


def record_document(record: Record, images: list[ObjectImage]) -> dict:
    """The plain dict :func:`assets.images.presentation.manifest` takes."""
    metadata = [(_bcp47(LABELS["accession"]), record.accession_number)]
    period = vocabulary.by_key("period", record.period)
    if period:
        metadata.append((_bcp47(LABELS["period"]), _bcp47(period.names)))
    category = vocabulary.by_key("category", record.category)
    if category:
        metadata.append((_bcp47(LABELS["category"]), _bcp47(category.names)))
    if record.material:
        metadata.append((_bcp47(LABELS["material"]), _per_language(
            lambda lang: vocabulary.label("material", record.material, lang)[0])))
    if display.dimensions(record, "en"):
        metadata.append((_bcp47(LABELS["dimensions"]), _per_language(lambda lang: " × ".join(
            display.dimensions(record, lang)))))
    if record.weight_g:
        weight = _per_language(lambda lang: display.weight(record.weight_g, lang))
        metadata.append((_bcp47(LABELS["weight"]), weight))
    if record.gallery is not None:
        metadata.append((_bcp47(LABELS["gallery"]), _bcp47(record.gallery.name) or record.gallery.slug))
    statement = rights.for_record(record.licence, [image.rights for image in images])
    attribution = _per_language(lambda lang: " · ".join(
        part for part in (INSTITUTION[lang], record.rights, statement.name(lang)) if part))
    document = {
        "id": manifest_url(record.accession_number),
        "label": _bcp47(record.title) or record.accession_number,
        "summary": _bcp47(record.description),
        "metadata": metadata,
        "required_statement": (_bcp47(LABELS["attribution"]), attribution),
        "rights": statement.iiif_uri,
        "provider": {"id": external_url("public.root"), "label": _bcp47(INSTITUTION),
                     "homepage": {"id": external_url("public.root"), "label": _bcp47(INSTITUTION)}},
        "homepage": {"id": external_url("public.record", lang="en", accession=record.accession_number),
                     "label": _bcp47(record.title) or record.accession_number},
    }
    if record.gallery is not None:
        document["part_of"] = [external_url("iiif.gallery_collection", slug=record.gallery.slug)]
    return document


def image_documents(images: list[ObjectImage]) -> list[dict]:
    return [{"service_id": external_url("iiif.image_base", identifier=image.identifier),
             "width": image.width, "height": image.height, "label": _bcp47(image.caption),
             "rights": rights.for_item(image.rights, image.record.licence if image.record else None).iiif_uri}
            for image in images]


@bp.route("/iiif/manifests/<accession>.json")
def object_manifest(accession: str):
    record = repository.get_record(db.session, accession)
    if record is None:
        abort(404, f"no published record {accession}")
    images = IMAGES.of(db.session, record)
    return _json(presentation.manifest(record_document(record, images), image_documents(images)))


@bp.route("/iiif/collections/<slug>.json")
def gallery_collection(slug: str):
    gallery = repository.get_gallery(db.session, slug)
    if gallery is None:
        abort(404, f"no gallery {slug}")
    records = db.session.scalars(select(Record).where(Record.gallery_id == gallery.id,
                                                      Record.published.is_(True))
                                 .order_by(Record.accession_number)).all()
    first_images = {image.record_id: image for image in db.session.scalars(
        select(ObjectImage).where(ObjectImage.record_id.in_([r.id for r in records]))
        .order_by(ObjectImage.position.desc()))}
    entries = []
    for record in records:
        entry = {"id": manifest_url(record.accession_number), "label": _bcp47(record.title)}
        image = first_images.get(record.id)
        if image is not None:
            entry["thumbnail"] = presentation.thumbnail(
                external_url("iiif.image_base", identifier=image.identifier), image.width,
                image.height, box=200)
        entries.append(entry)
    document = presentation.collection(external_url("iiif.gallery_collection", slug=slug),
                                       _bcp47(gallery.name) or slug, entries,
                                       summary=_bcp47(gallery.description))
    return _json(document)


def exhibition_accessions(document: dict) -> list[str]:
    """The records an exhibition shows, in the order of its blocks: object cards and 3D models by their
    accession number, image regions and comparisons by the record their image belongs to."""
    numbers: list[str] = []
    for block in document.get("blocks", []):
        if block.get("accession"):
            numbers.append(block["accession"])
        for key in ("image", "before", "after"):
            image = IMAGES.by_identifier(db.session, block.get(key) or "") if block.get(key) else None
            if image is not None and image.record is not None:
                numbers.append(image.record.accession_number)
    return list(dict.fromkeys(numbers))


@bp.route("/iiif/exhibitions/<slug>.json")
def exhibition_collection(slug: str):
    """A published exhibition as a IIIF Presentation 3.0 Collection of its objects' manifests."""
    try:
        shown = exhibitions.get(db.session, slug)
    except exhibitions.NotFound:
        abort(404, f"no exhibition {slug}")
    if shown.status != exhibitions.PUBLISHED or not shown.document:
        abort(404, f"no exhibition {slug}")
    numbers = exhibition_accessions(shown.document)
    records = {r.accession_number: r for r in db.session.scalars(
        select(Record).where(Record.accession_number.in_(numbers), Record.published.is_(True)))}
    entries = []
    for number in numbers:
        record = records.get(number)
        if record is None:
            continue
        entry = {"id": manifest_url(number), "label": _bcp47(record.title)}
        images = IMAGES.of(db.session, record)
        if images:
            entry["thumbnail"] = presentation.thumbnail(
                external_url("iiif.image_base", identifier=images[0].identifier), images[0].width,
                images[0].height, box=200)
        entries.append(entry)
    document = presentation.collection(external_url("iiif.exhibition_collection", slug=slug),
                                       _bcp47(shown.document.get("title")) or slug, entries,
                                       summary=_bcp47(shown.document.get("summary")))
    return _json(document)
