"""``/api/v1/openapi.json`` and a rendered, server-side documentation page at ``/api/v1/docs``."""

from __future__ import annotations

import json

from flask import jsonify, render_template

from museum.api import bp, openapi
from museum.catalogue import repository
from museum.extensions import db
from museum.open_data import base_url


@bp.get("/openapi.json")
def openapi_json():
    slugs = [g.slug for g in repository.list_galleries(db.session)]
    response = jsonify(openapi.build(base_url(), gallery_slugs=slugs))
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/docs")
def docs():
    spec = openapi.build(base_url())
    return render_template("api/docs.html", spec=spec, dumps=lambda v: json.dumps(v, ensure_ascii=False, indent=2))
