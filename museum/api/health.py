"""``GET /healthz``: the service and its database (and, once wired, the search engine)."""

from __future__ import annotations

import time

from flask import Flask, jsonify
from sqlalchemy import text

from museum.extensions import db

# Other components add a callable returning {"status": "ok"|"degraded"|"down", ...} here.
CHECKS: dict = {}


def init_app(app: Flask) -> None:
    @app.get("/healthz")
    def healthz():
        started = time.perf_counter()
        body = {"status": "ok", "checks": {}}
        try:
            db.session.execute(text("SELECT 1"))
            body["checks"]["database"] = {"status": "ok", "ms": round((time.perf_counter() - started) * 1000, 2)}
        except Exception as error:  # reported, not raised: health must answer
            body["checks"]["database"] = {"status": "down", "error": type(error).__name__}
            body["status"] = "down"
        for name, check in CHECKS.items():
            try:
                result = check()
            except Exception as error:
                result = {"status": "down", "error": str(error)[:200]}
            body["checks"][name] = result
            if result.get("status") != "ok" and body["status"] == "ok":
                body["status"] = "degraded"
        return jsonify(body), (503 if body["status"] == "down" else 200)
