"""``/api/v1/openapi.json`` (generated from the routes' declarations) and a rendered, server-side
documentation page at ``/api/v1/docs``."""

from __future__ import annotations

import json

from flask import current_app, jsonify, render_template

from museum.api.contract import spec_of, undocumented_route
from museum.catalogue import repository
from museum.extensions import db
from museum.open_data import base_url


def _with_gallery_slugs(spec: dict, slugs: list[str]) -> dict:
    """The galleries in the database become the enum of the object list's gallery filter."""
    for parameter in spec["paths"]["/api/v1/objects"]["get"]["parameters"]:
        if parameter["name"] == "gallery" and slugs:
            parameter["schema"]["enum"] = slugs
    return spec


@undocumented_route("/openapi.json", "openapi_json", methods=["GET"])
def openapi_json():
    slugs = [g.slug for g in repository.list_galleries(db.session)]
    spec = _with_gallery_slugs(spec_of(current_app, base_url()), slugs)
    response = jsonify(spec)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@undocumented_route("/docs", "docs", methods=["GET"])
def docs():
    spec = spec_of(current_app, base_url())
    return render_template("api/docs.html", spec=spec,
                           dumps=lambda v: json.dumps(v, ensure_ascii=False, indent=2))
