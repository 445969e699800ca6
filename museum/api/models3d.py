"""3D models over HTTP: the models of an object with their derivatives, the model files themselves
(HTTP Range, ETag, a year of caching: names are content hashes), and hotspot editing for curators.

``object_models(accession)`` is also offered to templates for ``partials/model_viewer.html``.
"""

from __future__ import annotations

import math
import re

from flask import jsonify, url_for
from marshmallow import RAISE, ValidationError, fields, validate
from sqlalchemy import select

from languages import LANGUAGES, pick
from museum.api.contract import DB_ID_MAX, bp, errors, json_schema, nullable, signed_in
from museum.auth import sees_restricted
from museum.catalogue import models3d as store
from museum.catalogue import repository, rights
from museum.catalogue.models import Record
from museum.catalogue.models3d import MAX_HOTSPOTS, MAX_TEXT, VISIBLE_TEXT
from museum.exceptions import Conflict, Forbidden, NotFound
from museum.extensions import current_language, db
from museum.media import send_stored
from museum.schemas import Schema

PUBLIC_KINDS = ("web", "kiosk", "thumbnail", "poster", "turntable")
YEAR = 31_536_000
FILE_TYPES = ("model/gltf-binary", "image/png", "image/webp")
CACHING = {"ETag": {"schema": {"type": "string"}, "description": "the file's SHA-256"},
           "Cache-Control": {"schema": {"type": "string"},
                             "description": f"public, max-age={YEAR}, immutable"}}
HOTSPOT_ID = r"^[A-Za-z0-9-]{1,40}$"
# "not the zero vector" as JSON Schema generators can follow: some component is above or below zero
NOT_ZERO = [{"prefixItems": [{}] * axis + [{"anyOf": [{"exclusiveMinimum": 0}, {"exclusiveMaximum": 0}]}]}
            for axis in range(3)]
EDITING = ("Curators only. The body is checked field by field: a 400 names the problem (unknown field, "
           f"position outside the model's bounding box with a 2 cm margin, a text not keyed by "
           f"{', '.join(LANGUAGES)}, a zero normal ...); an id already taken, or more than {MAX_HOTSPOTS} "
           f"hotspots, is a 409.")


class Vector(fields.List):
    """[x, y, z]: three finite JSON numbers."""

    def __init__(self, **kwargs):
        checks = kwargs.pop("validate", [])
        checks = [checks] if callable(checks) else checks
        super().__init__(fields.Float(allow_nan=False), validate=[validate.Length(equal=3), *checks],
                         **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, list) or len(value) != 3 or not all(
                isinstance(c, int | float) and not isinstance(c, bool) and math.isfinite(c) for c in value):
            raise ValidationError("must be three finite numbers [x, y, z]")
        return [float(c) for c in value]


class Texts(fields.Dict):
    """Text per language code: non-empty, at most MAX_TEXT characters."""

    def __init__(self, **kwargs):
        metadata = {"description": "Text per language code",
                    **json_schema(propertyNames={"enum": list(LANGUAGES)}),
                    **kwargs.pop("metadata", {})}
        super().__init__(keys=fields.String(), values=fields.String(validate=validate.Length(1, MAX_TEXT),
                                                                    metadata={"pattern": VISIBLE_TEXT}),
                         metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, dict) or (self.required and not value):
            raise ValidationError(f"must be an object keyed by language ({', '.join(LANGUAGES)})")
        for lang, text in value.items():
            if lang not in LANGUAGES:
                raise ValidationError(f"unknown language {lang!r}; use {', '.join(LANGUAGES)}")
            if not isinstance(text, str) or not re.search(VISIBLE_TEXT, text) or len(text) > MAX_TEXT:
                raise ValidationError(f"{lang} must be non-empty text of at most {MAX_TEXT} characters")
        return dict(value)


def _not_zero(vector: list[float] | None) -> None:
    if vector is not None and not any(vector):
        raise ValidationError("must not be the zero vector")


class HotspotInput(Schema):
    """A hotspot to store; the id is made up when missing, and taken from the path on replacement."""

    class Meta:
        unknown = RAISE

    error_messages = {"unknown": "is an unknown hotspot field"}
    id = fields.String(validate=validate.Regexp(HOTSPOT_ID,
                                                error="must be letters, digits and '-' (at most 40)"))
    position = Vector(required=True, metadata={"description": "[x, y, z] in metres, within the model's "
                                               "bounding box (2 cm margin)"})
    normal = Vector(allow_none=True, validate=_not_zero, metadata={
        "description": "not the zero vector; it is stored normalised", **json_schema(anyOf=NOT_ZERO)})
    label = Texts(required=True, metadata={"minProperties": 1})
    description = Texts(allow_none=True)


class Hotspot(Schema):
    id = fields.String(required=True, validate=validate.Regexp(HOTSPOT_ID))
    position = Vector(required=True, metadata={"description": "[x, y, z] in metres, +Y up, origin at the "
                                               "base centre"})
    normal = Vector(metadata={"description": "unit vector"})
    label, description = Texts(required=True), Texts()


class Derivative(Schema):
    level = fields.String(required=True, validate=validate.OneOf(["web", "kiosk", "thumbnail"]))
    url, media_type = fields.String(required=True), fields.String(required=True)
    bytes = fields.Integer(required=True)
    triangles, vertices = nullable(fields.Integer), nullable(fields.Integer)
    texture_px = nullable(fields.Integer)
    validator = nullable(fields.Dict, metadata={"description": "the glTF validator's summary"})


class Source(Schema):
    name, format = fields.String(required=True), fields.String(required=True)
    units, up = fields.String(required=True), fields.String(required=True)


class ObjectModel(Schema):
    id = fields.Integer(required=True)
    source = fields.Nested(Source, required=True)
    stats = nullable(fields.Dict, metadata={"description": "mesh statistics, with bbox_cm"})
    dimension_check = nullable(fields.Dict, metadata={"description": "the model's size against the "
                                                      "catalogue's dimensions"})
    derivatives = fields.List(fields.Nested(Derivative), required=True)
    poster, turntable = nullable(), nullable()
    hotspots = fields.List(fields.Nested(Hotspot), required=True)
    hotspots_url = fields.String(required=True)


class ObjectModels(Schema):
    accession_number = fields.String(required=True)
    models = fields.List(fields.Nested(ObjectModel), required=True)


class ModelHotspots(Schema):
    model = fields.Integer(required=True)
    hotspots = fields.List(fields.Nested(Hotspot), required=True)


def model_files(view):
    for media_type in FILE_TYPES:
        for status, text in ((206, "The requested byte range"), (200, "The file")):
            view = bp.alt_response(status, schema={"type": "string", "format": "binary"},
                                   content_type=media_type,
                                   headers=CACHING, description=text, success=status == 200)(view)
    return bp.alt_response(304, description="Not modified")(view)


def file_url(stored: store.ObjectModelFile | None) -> str | None:
    return url_for("api.model_file", name=stored.name) if stored else None


def describe(model: store.ObjectModel, lang: str | None = None) -> dict:
    """The JSON description of a model; with ``lang``, hotspot texts are also resolved for display."""
    derivatives = [{"level": f.kind, "url": file_url(f), "bytes": f.bytes, "triangles": f.triangles,
                    "vertices": f.vertices, "texture_px": f.texture_px, "media_type": f.media_type,
                    "validator": f.validator}
                   for f in model.files if f.kind in ("web", "kiosk", "thumbnail")]
    hotspots = []
    for hotspot in model.hotspots or []:
        item = dict(hotspot)
        if lang:
            item["text"] = pick(hotspot.get("label"), lang)[0] or ""
            item["detail"] = pick(hotspot.get("description"), lang)[0] or ""
        hotspots.append(item)
    return {"id": model.id, "source": {"name": model.source_name, "format": model.source_format,
                                       "units": model.units, "up": model.up},
            "stats": model.stats, "dimension_check": model.crosscheck, "derivatives": derivatives,
            "poster": file_url(model.file("poster")), "turntable": file_url(model.file("turntable")),
            "hotspots": hotspots, "hotspots_url": url_for("api.list_hotspots", model_id=model.id)}


def object_models(accession: str, lang: str | None = None) -> list[dict]:
    """Descriptions of the models of a published record (empty when none), for templates."""
    record = repository.get_record(db.session, accession)
    if record is None:
        return []
    return [{**describe(model, lang or current_language()),
             "statement": rights.for_item(model.rights, record.licence)}
            for model in store.MODELS.list(db.session, accession)]


@bp.app_context_processor
def _template_helpers():
    return {"object_models": object_models}


@bp.get("/objects/<accession>/models", tags=["3d"])
@bp.doc(operationId="listObjectModels")
@bp.response(200, ObjectModels)
@errors(404)
def list_models(accession: str):
    """The 3D models of a published object, with derivatives"""
    if repository.get_record(db.session, accession) is None:
        raise NotFound(f"no published object with accession number {accession!r}")
    models = store.MODELS.list(db.session, accession)
    return jsonify({"accession_number": accession, "models": [describe(m) for m in models]})


@bp.get("/models/files/<name>", tags=["3d"])
@bp.doc(operationId="getModelFile")
@model_files
@errors(404)
def model_file(name: str):
    """A derivative (GLB), poster or turntable image of a model

    Files are named by content hash (<sha256>.<ext>) and cached for a year. HTTP Range (206) and conditional
    requests (If-None-Match, If-Modified-Since: 304) are supported. Source files and files of unpublished
    objects are a 404.
    """
    stored = store.file_by_name(db.session, name)
    if stored is None or stored.kind not in PUBLIC_KINDS or not _published(stored.model_id):
        raise NotFound(f"no model file {name[:80]!r}")
    restricted = _full_detail_only(name) and not _statement(stored.model_id).open
    if restricted and not sees_restricted():
        raise Forbidden("the rights of this model let the public see only its lighter (kiosk) level")
    response = send_stored(store.PREFIX + stored.name, stored.media_type, etag=stored.sha256, max_age=YEAR)
    response.headers["Cache-Control"] = f"{'private' if restricted else 'public'}, max-age={YEAR}, immutable"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _full_detail_only(name: str) -> bool:
    """Whether the file ``name`` is only ever a full-detail (``web``) level: a small model's kiosk level can
    be the same file, which the public may have."""
    kinds = set(db.session.scalars(select(store.ObjectModelFile.kind)
                                   .where(store.ObjectModelFile.name == name)))
    return kinds == {"web"}


def _statement(model_id: int) -> rights.Statement:
    """The rights of a model: its own statement, else its record's licence (museum/catalogue/rights.py)."""
    row = db.session.execute(select(store.ObjectModel.rights, Record.licence)
                             .join(Record, Record.id == store.ObjectModel.record_id)
                             .where(store.ObjectModel.id == model_id)).first()
    return rights.for_item(*row) if row else rights.DEFAULT


def _published(model_id: int) -> bool:
    return bool(db.session.scalar(select(Record.published).join(store.ObjectModel)
                                  .where(store.ObjectModel.id == model_id)))


def _model(model_id: int) -> store.ObjectModel:
    model = db.session.get(store.ObjectModel, model_id) if model_id <= DB_ID_MAX else None
    if model is None or not _published(model_id):
        raise NotFound(f"no 3D model {model_id}")
    return model


MODEL = "/models/<int:model_id>/hotspots"
MODEL_ID = [{"in": "path", "name": "model_id", "description": "larger ids than the database holds are a 404",
             "schema": {"type": "integer", "minimum": 0, "maximum": DB_ID_MAX}}]


@bp.get(MODEL, tags=["3d"], parameters=MODEL_ID)
@bp.doc(operationId="listHotspots")
@bp.response(200, ModelHotspots)
@errors(404)
def list_hotspots(model_id: int):
    """The hotspots of a model of a published object"""
    return jsonify({"model": model_id, "hotspots": _model(model_id).hotspots or []})


@bp.post(MODEL, tags=["3d"], parameters=MODEL_ID)
@bp.doc(operationId="addHotspot", description=EDITING)
@signed_in("curator")
@bp.arguments(HotspotInput)
@bp.response(201, Hotspot, description="The stored hotspot")
@errors(404, 409)
def add_hotspot(body: dict, model_id: int):
    """Add a hotspot to a model"""
    model = _model(model_id)
    hotspot = store.clean_hotspot(body, model)
    if any(h["id"] == hotspot["id"] for h in model.hotspots or []):
        raise Conflict(f"hotspot {hotspot['id']!r} already exists")
    store.set_hotspots(model, [*(model.hotspots or []), hotspot])
    db.session.commit()
    return jsonify(hotspot), 201


@bp.put(MODEL + "/<hotspot_id>", tags=["3d"], parameters=MODEL_ID)
@bp.doc(operationId="replaceHotspot", description=EDITING)
@signed_in("curator")
@bp.arguments(HotspotInput)
@bp.response(200, Hotspot, description="The stored hotspot")
@errors(404)
def replace_hotspot(body: dict, model_id: int, hotspot_id: str):
    """Replace a hotspot"""
    model = _model(model_id)
    hotspots = list(model.hotspots or [])
    index = next((i for i, h in enumerate(hotspots) if h["id"] == hotspot_id), None)
    if index is None:
        raise NotFound(f"no hotspot {hotspot_id[:40]!r} on model {model_id}")
    hotspots[index] = store.clean_hotspot(body, model, hotspot_id)
    store.set_hotspots(model, hotspots)
    db.session.commit()
    return jsonify(hotspots[index])


@bp.delete(MODEL + "/<hotspot_id>", tags=["3d"], parameters=MODEL_ID)
@bp.doc(operationId="deleteHotspot")
@signed_in("curator")
@bp.response(204, description="Deleted")
@errors(404)
def delete_hotspot(model_id: int, hotspot_id: str):
    """Delete a hotspot"""
    model = _model(model_id)
    remaining = [h for h in model.hotspots or [] if h["id"] != hotspot_id]
    if len(remaining) == len(model.hotspots or []):
        raise NotFound(f"no hotspot {hotspot_id[:40]!r} on model {model_id}")
    store.set_hotspots(model, remaining)
    db.session.commit()
    return "", 204
