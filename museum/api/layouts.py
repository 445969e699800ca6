"""Layout JSON API for the plan editor (``/api/v1/layouts``): read versions, save a version, check and
render a stored or an unsaved layout. Readers may look, check and render; curators save."""

from __future__ import annotations

import io
from pathlib import Path

from flask import current_app, jsonify, send_file
from flask_login import current_user
from marshmallow import fields, validate
from werkzeug.routing import BaseConverter

from exhibits.layouts.checker import check_layout
from exhibits.layouts.exceptions import InvalidLayout
from exhibits.layouts.model import Layout, layout_schema, parse_layout
from exhibits.layouts.render import CAMERA_PATTERN, KINDS, SIZE_PATTERN, render
from exhibits.layouts.render import RenderOptions as Options
from museum import layout_renders
from museum.api.contract import DB_ID_MAX, WholeNumber, bp, errors, json_schema, nullable, signed_in
from museum.catalogue import layouts as store
from museum.exceptions import BadParameter
from museum.extensions import db
from museum.media import storage as media_storage
from museum.request_limits import accepts_documents
from museum.schemas import Language, Schema

MAX_PREVIEW = (1920, 1080)  # a larger preview is reduced to this: what one request may cost
PREVIEW_SIZE = "960x540"  # the preview's size when none is given
RESERVED = "check"  # /layouts/check is the check of an unsaved layout, not a layout's id
LAYOUT_ID = [{"in": "path", "name": "layout_id", "description": "the layout's id (its document's id; "
              f"{RESERVED!r} is reserved)",
              "schema": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$"}}]
KIND = [{"in": "path", "name": "kind", "description": "unknown kinds are a 400",
         "schema": {"type": "string", "enum": list(KINDS)}}]


def _format_name(name: str) -> str:
    return "Layout" + name[:1].upper() + name[1:]


def format_components(spec) -> None:
    """The layout format's own JSON Schema (exhibits/layouts/layout.schema.json) as the document's
    LayoutDocument and its parts, so the API describes exactly what :func:`parse_layout` checks."""
    def relinked(node):
        if isinstance(node, dict):
            return {k: ("#/components/schemas/" + _format_name(v.rsplit("/", 1)[1]) if k == "$ref"
                        else relinked(v))
                    for k, v in node.items() if k not in ("$schema", "$id", "$defs")}
        return [relinked(v) for v in node] if isinstance(node, list) else node

    schema = layout_schema()
    for name, part in schema.get("$defs", {}).items():
        spec.components.schema(_format_name(name), component=relinked(part))
    spec.components.schema("LayoutDocument", component=relinked(schema))


def layout_field(**kwargs) -> fields.Raw:
    return fields.Raw(metadata={**json_schema(**{"$ref": "#/components/schemas/LayoutDocument"}),
                                **kwargs.pop("metadata", {})}, **kwargs)


class VersionQuery(Schema):
    version = fields.Integer(validate=validate.Range(1, DB_ID_MAX), metadata={
        "description": "version number (default: the current one); one the layout does not have is a 404"})


class RenderOptions(Schema):
    camera = fields.String(validate=validate.Regexp(CAMERA_PATTERN, error="must be x,y,z,yaw (4 numbers)"),
                           metadata={"description": "x,y,z,yaw (view.png)"})
    size = fields.String(validate=validate.Regexp(SIZE_PATTERN, error="must be WIDTHxHEIGHT"), metadata={
        "description": f"WIDTHxHEIGHT of the preview (default {PREVIEW_SIZE}; at least 16x16, at most "
        f"{MAX_PREVIEW[0]}x{MAX_PREVIEW[1]}: larger is reduced), view.png"})
    lang = Language(metadata={"description": "language of the plan's labels (default zh)"})


class RenderQuery(VersionQuery, RenderOptions):
    pass


class LayoutBody(RenderOptions):
    layout = layout_field(required=True)


class SaveBody(Schema):
    layout = layout_field(required=True, metadata={"description": "its id must be the path's layout_id"})
    base_version = WholeNumber(validate=validate.Range(1, DB_ID_MAX), metadata={
        "description": "the version the edit started from; a 409 when it is no longer the current one"})
    note = nullable()


class LayoutSummary(Schema):
    id, current_version = fields.String(required=True), fields.Integer(required=True)
    gallery = nullable()
    title = nullable(fields.Dict, metadata={"description": "Title per language code"})


class LayoutList(Schema):
    layouts = fields.List(fields.Nested(LayoutSummary), required=True)


class LayoutVersion(Schema):
    number, created_at = fields.Integer(required=True), fields.String(required=True)
    note, author, problem_count = nullable(), nullable(), nullable(fields.Integer)


class LayoutVersions(Schema):
    layout = layout_field(required=True)
    version = fields.Nested(LayoutVersion, required=True)
    versions = fields.List(fields.Nested(LayoutVersion), required=True)


class Problem(Schema):
    code, severity, message = fields.String(), fields.String(), fields.String()
    reason = fields.String(metadata={"description": "the finding (exhibits/layouts/checker.py REASONS)"})
    params = fields.Dict(keys=fields.String(), values=fields.String(),
                         metadata={"description": "the values the finding names (numbers as shown)"})
    subjects = fields.List(fields.String())
    location = fields.List(fields.Float())


class LayoutReport(Schema):
    layout = fields.String()
    ok = fields.Boolean(required=True)
    counts, checked = fields.Dict(), fields.Dict()
    problems = fields.List(fields.Nested(Problem), required=True)


class Saved(Schema):
    version = fields.Nested(LayoutVersion, required=True)
    report = fields.Nested(LayoutReport, required=True)


def invalid_documents(view):
    return errors(422, s422="The layout document is invalid (error code invalid_layout, with up to 100 "
                  "entries in error.errors)")(view)


def rendering(view):
    for media_type in KINDS.values():
        view = bp.alt_response(200, content_type=media_type, schema={"type": "string", "format": "binary"},
                               success=True, description="The rendering: SVG or PNG plan, PNG preview or GLB "
                               "hall")(view)
    return view


def _invalid(error: InvalidLayout):
    response = jsonify({"error": {"code": error.code, "message": str(error), "errors": error.errors[:100]}})
    response.status_code = 422
    return response


class LayoutIdConverter(BaseConverter):
    """A layout id in a path, except the reserved word (so ``OPTIONS /layouts/check`` allows POST only)."""

    regex = rf"(?!{RESERVED}$)[A-Za-z0-9][A-Za-z0-9._-]{{0,79}}"


bp.record_once(lambda state: state.app.url_map.converters.setdefault("layout_id", LayoutIdConverter))


@bp.get("/layouts", tags=["layouts"])
@bp.doc(operationId="listLayouts")
@signed_in()
@bp.response(200, LayoutList)
def layouts_index():
    """Stored gallery layouts"""
    return jsonify({"layouts": [{"id": s.slug, "gallery": s.gallery_slug, "title": s.title,
                                 "current_version": s.current_version}
                                for s in store.list_layouts(db.session)]})


@bp.get("/layouts/<layout_id:layout_id>", tags=["layouts"], parameters=LAYOUT_ID)
@bp.doc(operationId="getLayout")
@signed_in()
@bp.arguments(VersionQuery, location="query")
@bp.response(200, LayoutVersions)
@errors(404)
def layout_get(query: dict, layout_id: str):
    """One version of a layout and the list of versions"""
    version = store.get_version(db.session, layout_id, query.get("version"))
    return jsonify({"layout": version.document, "version": version.summary(),
                    "versions": [v.summary() for v in version.layout.versions]})


@bp.post("/layouts/<layout_id:layout_id>/versions", tags=["layouts"], parameters=LAYOUT_ID)
@bp.doc(operationId="saveLayoutVersion")
@accepts_documents
@signed_in("curator")
@bp.arguments(SaveBody)
@bp.response(201, Saved, description="Saved")
@errors(404, 409)
@invalid_documents
def layout_save(body: dict, layout_id: str):
    """Save the next version of a layout (curators)"""
    document = body["layout"]
    if not isinstance(document, dict) or document.get("id") != layout_id:
        raise BadParameter(f"layout.id must be {layout_id!r}")
    try:
        with db.transaction() as session:
            version = store.save_version(session, document, author=_user_name(),
                                         note=body.get("note") or None,
                                         base_version=body.get("base_version"))
            summary = version.summary()
    except InvalidLayout as error:
        return _invalid(error)
    response = jsonify({"version": summary, "report": check_layout(parse_layout(document))})
    response.status_code = 201
    return response


@bp.post("/layouts/check", tags=["layouts"])
@bp.doc(operationId="checkLayoutDocument")
@accepts_documents
@signed_in()
@bp.arguments(LayoutBody)
@bp.response(200, LayoutReport)
@invalid_documents
def layout_check_document(body: dict):
    """Check an unsaved layout"""
    try:
        return jsonify(check_layout(parse_layout(body["layout"], "layout")))
    except InvalidLayout as error:
        return _invalid(error)


@bp.get("/layouts/<layout_id:layout_id>/check", tags=["layouts"], parameters=LAYOUT_ID)
@bp.doc(operationId="checkLayout")
@signed_in()
@bp.arguments(VersionQuery, location="query")
@bp.response(200, LayoutReport)
@errors(404)
def layout_check(query: dict, layout_id: str):
    """Check a stored layout"""
    layout, _ = store.load_document(db.session, layout_id, query.get("version"))
    return jsonify(check_layout(layout))


@bp.get("/layouts/<layout_id:layout_id>/render/<kind>", tags=["layouts"], parameters=LAYOUT_ID + KIND)
@bp.doc(operationId="renderLayout")
@signed_in()
@bp.arguments(RenderQuery, location="query")
@rendering
@errors(400, 404)
def layout_render(query: dict, layout_id: str, kind: str):
    """Plan, preview image or hall GLB of a stored layout (kept once made: the same request again is
    answered from the kept file, with an ETag)"""
    layout, version = store.load_document(db.session, layout_id, query.get("version"))
    data, key = layout_renders.render_stored(layout, version.number, kind, _options(query),
                                             _sources())
    response = send_file(data if isinstance(data, Path) else io.BytesIO(data), mimetype=KINDS[kind],
                         download_name=f"{layout.id}-{kind}", max_age=0, etag=key, conditional=True)
    return response


@bp.post("/layouts/render/<kind>", tags=["layouts"], parameters=KIND)
@bp.doc(operationId="renderLayoutDocument")
@accepts_documents
@signed_in()
@bp.arguments(LayoutBody)
@rendering
@errors(400)
@invalid_documents
def layout_render_document(body: dict, kind: str):
    """Render an unsaved layout (the editor's preview)"""
    try:
        layout = parse_layout(body["layout"])
    except InvalidLayout as error:
        return _invalid(error)
    return _render(layout, kind, body)


def _options(query: dict) -> Options:
    return Options.parse(lang=query.get("lang", "zh"), camera=query.get("camera"),
                         size=query.get("size", PREVIEW_SIZE), largest=MAX_PREVIEW)


def _sources():
    return store.render_sources(db.session, current_app.config, media_storage())


def _render(layout: Layout, kind: str, query: dict):
    data = render(layout, kind, _options(query), _sources())
    return send_file(io.BytesIO(data), mimetype=KINDS[kind], download_name=f"{layout.id}-{kind}", max_age=0)


def _user_name() -> str | None:
    return getattr(current_user, "username", None)
