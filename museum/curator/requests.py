"""Visitors' requests for images whose rights keep them from download (catalogue/access_requests.py)."""

from __future__ import annotations

from flask import render_template

from museum.auth import require_role
from museum.catalogue import access_requests
from museum.curator import bp
from museum.extensions import db


@bp.route("/requests")
@require_role("curator")
def access_request_list():
    return render_template("curator/requests.html", requests=access_requests.recent(db.session))
