"""Serves front-end libraries installed by npm (``node_modules``) under ``/static/vendor/`` —
installed at set-up from the registry (into ``NODE_MODULES``), never copied into the repository."""

from __future__ import annotations

import posixpath
from pathlib import Path

from flask import Flask, abort, send_from_directory

# Only these packages, and in each only its distribution folder (ending in /) or file, are served.
SERVED = {
    "openseadragon": "build/",
    "@google/model-viewer": "dist/",
    "konva": "konva.min.js",
    "three": "build/",
    "hls.js": "dist/",
}


def init_app(app: Flask) -> None:
    root = Path(app.config["NODE_MODULES"])

    @app.route("/static/vendor/<path:path>", endpoint="vendor")
    def vendor(path: str):
        path = posixpath.normpath(path)  # ``..`` must not climb out of a distribution folder
        for package, served in SERVED.items():
            inside = path.removeprefix(package + "/")
            if inside != path and (inside == served or (served.endswith("/") and inside.startswith(served))):
                response = send_from_directory(root / package, inside, max_age=31536000)
                response.headers["Access-Control-Allow-Origin"] = "*"
                return response
        abort(404)
