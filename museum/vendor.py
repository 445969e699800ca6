"""Serves front-end libraries installed by npm (``node_modules``) under ``/static/vendor/`` —
installed at set-up from the registry (into ``NODE_MODULES``), never copied into the repository."""

from __future__ import annotations

import base64
import hashlib
import json
import posixpath
from pathlib import Path

from flask import Flask, abort, send_from_directory

# Only these packages, and in each only its distribution folders (ending in /) or files, are served.
SERVED = {
    "openseadragon": "build/",
    "@google/model-viewer": "dist/",
    "konva": "konva.min.js",
    "three": ("build/", "examples/jsm/"),  # the curator's walk-through twin: the core and its add-ons
    "hls.js": "dist/",
    # model-viewer's meshopt decoder (EXT_meshopt_compression web GLBs): a classic script it loads by URL
    "meshoptimizer": "meshopt_decoder.cjs",
}
# media types Python's table does not know
MEDIA_TYPES = {".cjs": "text/javascript"}
# Where three.js's modules and add-ons (``import ... from "three/addons/..."``) are found: an import map is
# the one inline script a page may carry, allowed by its hash (THREE_IMPORT_MAP_HASH in the page's policy).
THREE_IMPORT_MAP = json.dumps({"imports": {
    "three": "/static/vendor/three/build/three.module.js",
    "three/addons/": "/static/vendor/three/examples/jsm/"}}, separators=(",", ":"))
_DIGEST = hashlib.sha256(THREE_IMPORT_MAP.encode()).digest()
THREE_IMPORT_MAP_HASH = f"'sha256-{base64.b64encode(_DIGEST).decode()}'"


def init_app(app: Flask) -> None:
    root = Path(app.config["NODE_MODULES"])

    @app.route("/static/vendor/<path:path>", endpoint="vendor")
    def vendor(path: str):
        path = posixpath.normpath(path)  # ``..`` must not climb out of a distribution folder
        for package, served in SERVED.items():
            inside = path.removeprefix(package + "/")
            if inside != path and any(inside == one or (one.endswith("/") and inside.startswith(one))
                                      for one in ((served,) if isinstance(served, str) else served)):
                response = send_from_directory(root / package, inside, max_age=31536000,
                                               mimetype=MEDIA_TYPES.get(posixpath.splitext(inside)[1]))
                response.headers["Access-Control-Allow-Origin"] = "*"
                return response
        abort(404)
