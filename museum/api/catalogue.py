"""Objects and galleries."""

from __future__ import annotations

from flask import jsonify
from marshmallow import fields, validate

from languages import URL_SEGMENTS
from museum.api.contract import bp, configured, configured_integer, errors, multilingual, nullable, uri
from museum.catalogue import repository, serialise
from museum.exceptions import BadParameter, NotFound
from museum.extensions import db
from museum.open_data import external_url
from museum.schemas import Language, Schema, Term

MAX_PAGE = 1_000_000


class ObjectQuery(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(1, MAX_PAGE))
    size = configured_integer(configured("API_MAX_PAGE_SIZE"), load_default=20)
    category = Term("category", metadata={"description": "Category key (a name in any language is also "
                                          "accepted); unknown values are a 400"})
    period = Term("period", metadata={"description": "Period key (a name in any language is also accepted); "
                                      "unknown values are a 400"})
    gallery = fields.String(metadata={"description": "Gallery slug (one of the galleries); unknown slugs are "
                                                     "a 400"})
    lang = Language()


class ObjectLanguage(Schema):
    lang = Language(metadata={"description": "Language of ``labels`` (zh, zh-Hant, en, ja, ko, fr)"})


class Labels(Schema):
    """Names of the vocabulary-backed fields in the requested language; the fields themselves keep the key."""

    category, period, grade, material = nullable(), nullable(), nullable(), nullable()
    find_site, acquisition_method = nullable(), nullable()


class ObjectSummary(Schema):
    accession_number = fields.String(required=True)
    title = nullable(required=True)
    category, period, gallery = nullable(), nullable(), nullable()
    start_year, end_year = nullable(fields.Integer), nullable(fields.Integer)
    url = uri(required=True)


class ObjectPage(Schema):
    total = fields.Integer(required=True)
    page, size = fields.Integer(required=True), fields.Integer(required=True)
    items = fields.List(fields.Nested(ObjectSummary), required=True)


class Object(Schema):
    accession_number = fields.String(required=True)
    title = multilingual(required=True)
    description = multilingual()
    category, period, material = nullable(), nullable(), nullable()
    start_year, end_year = nullable(fields.Integer), nullable(fields.Integer)
    quantity = nullable(fields.Integer)
    height_cm, width_cm = nullable(fields.Float), nullable(fields.Float)
    depth_cm, diameter_cm, weight_g = nullable(fields.Float), nullable(fields.Float), nullable(fields.Float)
    dimensions_text, find_site = nullable(), nullable()
    acquisition_method, acquisition_date = nullable(), nullable()
    grade, completeness, conservation_state, gallery = nullable(), nullable(), nullable(), nullable()
    rights, licence, created_at, updated_at = nullable(), nullable(), nullable(), nullable()
    published = fields.Boolean()
    url = fields.String()
    lang = fields.String(metadata={"description": "The language of labels"})
    labels = fields.Nested(Labels, metadata={"description": "category, period, grade, material, find_site "
                                             "and acquisition_method in the requested language (a value that "
                                             "is not a vocabulary key is given as stored)"})


class Gallery(Schema):
    slug = fields.String(required=True)
    name = multilingual(required=True)
    description = multilingual()
    position = fields.Integer()
    object_count = fields.Integer()


class GalleryList(Schema):
    items = fields.List(fields.Nested(Gallery), required=True)


@bp.get("/objects", tags=["catalogue"])
@bp.doc(operationId="listObjects")
@bp.arguments(ObjectQuery, location="query")
@bp.response(200, ObjectPage)
def list_objects(query: dict):
    """Published objects, paged and filtered"""
    gallery = None
    if "gallery" in query:
        gallery = repository.get_gallery(db.session, query["gallery"])
        if gallery is None:
            raise BadParameter(f"gallery: unknown gallery {query['gallery'][:80]!r}")
    page, size, lang = query["page"], query["size"], query["lang"]
    result = repository.list_records(db.session, page=page, size=size, category=query.get("category"),
                                     period=query.get("period"), gallery=gallery)
    return jsonify({
        "total": result.total,
        "page": page,
        "size": size,
        "items": [serialise.summary(r, lang, url=external_url("public.record", lang=URL_SEGMENTS[lang],
                                                              accession=r.accession_number))
                  for r in result.items],
    })


@bp.get("/objects/<accession>", tags=["catalogue"])
@bp.doc(operationId="getObject")
@bp.arguments(ObjectLanguage, location="query")
@bp.response(200, Object)
@errors(404)
def get_object(query: dict, accession: str):
    """One published object with all fields; vocabulary fields are keys, with their names in ``labels``"""
    record = repository.get_record(db.session, accession)
    if record is None:
        raise NotFound(f"no published object with accession number {accession!r}")
    data = serialise.full(record)
    data["url"] = external_url("public.record", lang="zh", accession=accession)
    data["lang"] = query["lang"]
    data["labels"] = serialise.labels(record, query["lang"])
    return jsonify(data)


@bp.get("/galleries", tags=["catalogue"])
@bp.doc(operationId="listGalleries")
@bp.response(200, GalleryList)
def list_galleries():
    """All galleries with object counts"""
    counts = repository.gallery_counts(db.session)
    return jsonify({"items": [serialise.gallery(g, counts.get(g.id, 0))
                              for g in repository.list_galleries(db.session)]})


@bp.get("/galleries/<slug>", tags=["catalogue"])
@bp.doc(operationId="getGallery")
@bp.response(200, Gallery)
@errors(404)
def get_gallery(slug: str):
    """One gallery"""
    gallery = repository.get_gallery(db.session, slug)
    if gallery is None:
        raise NotFound(f"no gallery {slug!r}")
    counts = repository.gallery_counts(db.session)
    return jsonify(serialise.gallery(gallery, counts.get(gallery.id, 0)))
