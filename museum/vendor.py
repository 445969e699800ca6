"""Serves front-end libraries installed by npm (``node_modules``) under ``/static/vendor/`` —
installed at set-up from the registry, never copied into the repository."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, abort, send_from_directory

NODE_MODULES = Path(__file__).resolve().parent.parent / "node_modules"
# Only these packages (and only their distribution folders) are served.
SERVED = {
    "openseadragon": "build",
    "@google/model-viewer": "dist",
    "konva": "",
    "three": "build",
}


def init_app(app: Flask) -> None:
    root = Path(app.config.get("NODE_MODULES") or NODE_MODULES)

    @app.route("/static/vendor/<path:path>", endpoint="vendor")
    def vendor(path: str):
        for package, folder in SERVED.items():
            prefix = package + "/"
            if path.startswith(prefix) and path[len(prefix):].startswith(folder):
                response = send_from_directory(root / package, path[len(prefix):], max_age=31536000)
                response.headers["Access-Control-Allow-Origin"] = "*"
                return response
        abort(404)
