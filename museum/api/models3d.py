"""3D models over HTTP: the models of an object with their derivatives, the model files themselves
(HTTP Range, ETag, a year of caching: names are content hashes), and hotspot editing for curators.

``object_models(accession)`` is also offered to templates for ``partials/model_viewer.html``.
"""

from __future__ import annotations

from pathlib import Path

from flask import current_app, jsonify, request, send_file, url_for
from sqlalchemy import select

from museum.api import bp, models3d_openapi  # models3d_openapi documents these routes
from museum.catalogue import models3d as store
from museum.catalogue import repository
from museum.catalogue.models import Record
from museum.catalogue.vocabulary import pick
from museum.curator.auth import require_role
from museum.exceptions import BadParameter, NotFound
from museum.extensions import current_language, db

PUBLIC_KINDS = ("web", "kiosk", "thumbnail", "poster", "turntable")
YEAR = 31_536_000
MAX_ID = models3d_openapi.MAX_ID  # SQLite's INTEGER cannot hold a larger id (it raised OverflowError: a 500)


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
    return [describe(model, lang or current_language()) for model in store.models_of(db.session, accession)]


@bp.app_context_processor
def _template_helpers():
    return {"object_models": object_models}


@bp.get("/objects/<accession>/models")
def list_models(accession: str):
    if repository.get_record(db.session, accession) is None:
        raise NotFound(f"no published object with accession number {accession!r}")
    models = store.models_of(db.session, accession)
    return jsonify({"accession_number": accession, "models": [describe(m) for m in models]})


@bp.get("/models/files/<name>")
def model_file(name: str):
    stored = store.file_by_name(db.session, name)
    if stored is None or stored.kind not in PUBLIC_KINDS or not _published(stored.model_id):
        raise NotFound(f"no model file {name[:80]!r}")
    path = Path(current_app.config["MEDIA_ROOT"]) / "models" / stored.name
    if not path.is_file():
        raise NotFound(f"model file {name[:80]!r} is missing from the media store")
    response = send_file(path, mimetype=stored.media_type, conditional=True, etag=stored.sha256, max_age=YEAR)
    response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _published(model_id: int) -> bool:
    return bool(db.session.scalar(select(Record.published).join(store.ObjectModel)
                                  .where(store.ObjectModel.id == model_id)))


def _model(model_id: int) -> store.ObjectModel:
    model = db.session.get(store.ObjectModel, model_id) if model_id <= MAX_ID else None
    if model is None or not _published(model_id):
        raise NotFound(f"no 3D model {model_id}")
    return model


def _body():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadParameter("send a JSON object")
    return body


@bp.get("/models/<int:model_id>/hotspots")
def list_hotspots(model_id: int):
    return jsonify({"model": model_id, "hotspots": _model(model_id).hotspots or []})


@bp.post("/models/<int:model_id>/hotspots")
@require_role("curator")
def add_hotspot(model_id: int):
    model = _model(model_id)
    hotspot = store.clean_hotspot(_body(), model)
    if any(h["id"] == hotspot["id"] for h in model.hotspots or []):
        raise BadParameter(f"hotspot {hotspot['id']!r} already exists")
    store.set_hotspots(model, [*(model.hotspots or []), hotspot])
    db.session.commit()
    return jsonify(hotspot), 201


@bp.put("/models/<int:model_id>/hotspots/<hotspot_id>")
@require_role("curator")
def replace_hotspot(model_id: int, hotspot_id: str):
    model = _model(model_id)
    hotspots = list(model.hotspots or [])
    index = next((i for i, h in enumerate(hotspots) if h["id"] == hotspot_id), None)
    if index is None:
        raise NotFound(f"no hotspot {hotspot_id[:40]!r} on model {model_id}")
    hotspots[index] = store.clean_hotspot(_body(), model, hotspot_id)
    store.set_hotspots(model, hotspots)
    db.session.commit()
    return jsonify(hotspots[index])


@bp.delete("/models/<int:model_id>/hotspots/<hotspot_id>")
@require_role("curator")
def delete_hotspot(model_id: int, hotspot_id: str):
    model = _model(model_id)
    remaining = [h for h in model.hotspots or [] if h["id"] != hotspot_id]
    if len(remaining) == len(model.hotspots or []):
        raise NotFound(f"no hotspot {hotspot_id[:40]!r} on model {model_id}")
    store.set_hotspots(model, remaining)
    db.session.commit()
    return "", 204
