"""The admin's list of kiosk devices: station, last heartbeat, version and current screen."""

from __future__ import annotations

from flask import render_template

from museum.auth import require_role
from museum.catalogue import kiosks
from museum.catalogue.models import utcnow
from museum.curator import bp
from museum.extensions import db


@bp.route("/kiosks")
@require_role("admin")
def kiosk_devices():
    return render_template("curator/kiosks.html", devices=kiosks.list_devices(db.session), now=utcnow())
