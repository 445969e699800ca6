"""``GET /healthz``: the service, its database and the checks ``create_app`` adds (the search engines)."""

from __future__ import annotations

import time
from collections.abc import Callable

from flask import Flask, current_app, jsonify
from flask_smorest import Blueprint
from marshmallow import fields, validate
from sqlalchemy import text

from museum.extensions import db
from museum.schemas import Schema

bp = Blueprint("service", __name__)
EXTENSION_KEY = "museum_health_checks"


def add_check(app: Flask, name: str, check: Callable[[], dict]) -> None:
    """Report ``check()`` — ``{"status": "ok"|"degraded"|"down", ...}`` — as ``checks[name]`` of ``app``'s
    health answer; anything but ok makes the service degraded."""
    app.extensions.setdefault(EXTENSION_KEY, {})[name] = check


class Health(Schema):
    status = fields.String(required=True, validate=validate.OneOf(["ok", "degraded", "down"]))
    checks = fields.Dict(metadata={"description": "one entry per component: database, search ..."})


@bp.get("/healthz", tags=["service"])
@bp.doc(operationId="health")
@bp.response(200, Health, description="Up (ok), or some component degraded")
@bp.alt_response(503, schema=Health, description="Down: the database does not answer")
def healthz():
    """Service health with a database check"""
    started = time.perf_counter()
    body = {"status": "ok", "checks": {}}
    try:
        db.session.execute(text("SELECT 1"))
        body["checks"]["database"] = {"status": "ok", "ms": round((time.perf_counter() - started) * 1000, 2)}
    except Exception as error:  # reported, not raised: health must answer
        body["checks"]["database"] = {"status": "down", "error": type(error).__name__}
        body["status"] = "down"
    for name, check in current_app.extensions.get(EXTENSION_KEY, {}).items():
        try:
            result = check()
        except Exception as error:
            result = {"status": "down", "error": str(error)[:200]}
        body["checks"][name] = result
        if result.get("status") != "ok" and body["status"] == "ok":
            body["status"] = "degraded"
    return jsonify(body), (503 if body["status"] == "down" else 200)
