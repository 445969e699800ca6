"""Layout JSON API for the plan editor (``/api/v1/layouts``): read versions, save a version, check and
render a stored or an unsaved layout. Readers may look, check and render; curators save."""

from __future__ import annotations

import io
import re

from flask import current_app, jsonify, request, send_file
from flask_login import current_user

from exhibits.layouts import glb, plan, preview
from exhibits.layouts.checker import check_layout
from exhibits.layouts.exceptions import InvalidLayout, RenderError
from exhibits.layouts.model import Layout, parse_layout
from museum.api import bp, layouts_openapi  # noqa: F401  (documents these routes)
from museum.catalogue import layouts as store
from museum.catalogue.accounts import READERS
from museum.curator.auth import require_role
from museum.exceptions import BadParameter
from museum.extensions import db

RENDER_KINDS = {"plan.svg": "image/svg+xml", "plan.png": "image/png", "view.png": "image/png",
                "hall.glb": "model/gltf-binary"}
MAX_PREVIEW = (1920, 1080)


def _invalid(error: InvalidLayout):
    response = jsonify({"error": {"code": error.code, "message": str(error), "errors": error.errors[:100]}})
    response.status_code = 422
    return response


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadParameter("send a JSON object")
    return body


def _version_arg() -> int | None:
    value = request.args.get("version")
    if value is None:
        return None
    if not re.fullmatch(r"[0-9]{1,9}", value) or int(value) == 0:
        raise BadParameter("version must be a positive integer")
    return int(value)


@bp.get("/layouts")
@require_role(*READERS)
def layouts_index():
    return jsonify({"layouts": [{"id": s.slug, "gallery": s.gallery_slug, "title": s.title,
                                 "current_version": s.current_version} for s in store.list_layouts(db.session)]})


@bp.get("/layouts/<layout_id>")
@require_role(*READERS)
def layout_get(layout_id: str):
    version = store.get_version(db.session, layout_id, _version_arg())
    return jsonify({"layout": version.document, "version": version.summary(),
                    "versions": [v.summary() for v in version.layout.versions]})


@bp.post("/layouts/<layout_id>/versions")
@require_role("curator")
def layout_save(layout_id: str):
    """Body: ``{"layout": document, "base_version": N, "note": "..."}``; 409 when N is not current."""
    body = _body()
    document = body.get("layout")
    base = body.get("base_version")
    if base is not None and not isinstance(base, int):
        raise BadParameter("base_version must be an integer")
    if not isinstance(document, dict) or document.get("id") != layout_id:
        raise BadParameter(f"layout.id must be {layout_id!r}")
    try:
        with db.transaction() as session:
            version = store.save_version(session, document, author=_user_name(), note=str(body.get("note") or "")
                                         or None, base_version=base)
            summary = version.summary()
    except InvalidLayout as error:
        return _invalid(error)
    response = jsonify({"version": summary, "report": check_layout(parse_layout(document))})
    response.status_code = 201
    return response


@bp.post("/layouts/check")
@require_role(*READERS)
def layout_check_document():
    try:
        return jsonify(check_layout(parse_layout(_body().get("layout"), "layout")))
    except InvalidLayout as error:
        return _invalid(error)


@bp.get("/layouts/<layout_id>/check")
@require_role(*READERS)
def layout_check(layout_id: str):
    layout, _ = store.load_document(db.session, layout_id, _version_arg())
    return jsonify(check_layout(layout))


@bp.get("/layouts/<layout_id>/render/<kind>")
@require_role(*READERS)
def layout_render(layout_id: str, kind: str):
    layout, _ = store.load_document(db.session, layout_id, _version_arg())
    return _render(layout, kind, request.args)


@bp.post("/layouts/render/<kind>")
@require_role(*READERS)
def layout_render_document(kind: str):
    """Render an unsaved layout (the editor's preview): body ``{"layout": ..., "camera": "x,y,z,yaw"}``."""
    body = _body()
    try:
        layout = parse_layout(body.get("layout"))
    except InvalidLayout as error:
        return _invalid(error)
    return _render(layout, kind, {k: str(v) for k, v in body.items() if k in ("camera", "size", "lang")})


def _render(layout: Layout, kind: str, options):
    if kind not in RENDER_KINDS:
        raise BadParameter(f"render kind must be one of {', '.join(RENDER_KINDS)}")
    lang = options.get("lang", "zh")
    session = db.session
    photo_for = store.photo_source(session, current_app.config["MEDIA_ROOT"])
    model_for = store.model_source(session, current_app.config)
    if kind == "plan.svg":
        data = plan.render_svg(layout, check_layout(layout), lang).encode("utf-8")
    elif kind == "plan.png":
        data = plan.render_png(layout, check_layout(layout), lang)
    elif kind == "hall.glb":
        data = glb.export_glb(layout, model_for=model_for, photo_for=photo_for)
    else:
        camera = preview.Camera.parse(options["camera"]) if options.get("camera") else None
        width, _, height = options.get("size", "960x540").partition("x")
        if not (re.fullmatch(r"[0-9]{1,5}", width) and re.fullmatch(r"[0-9]{1,5}", height)):
            raise RenderError("size must be WIDTHxHEIGHT")
        size = (min(int(width), MAX_PREVIEW[0]), min(int(height), MAX_PREVIEW[1]))
        data = preview.render_preview(layout, camera, size, model_for=model_for, photo_for=photo_for)
    return send_file(io.BytesIO(data), mimetype=RENDER_KINDS[kind], download_name=f"{layout.id}-{kind}",
                     max_age=0)


def _user_name() -> str | None:
    return getattr(current_user, "username", None)
