"""The public page of a station poem (/poems/<code>, opened from the keepsake's QR code) and its PNG."""

from __future__ import annotations

from flask import Response, abort, g, make_response, render_template
from sqlalchemy import select

from museum import poem_station
from museum.catalogue.poems import StationPoem
from museum.extensions import current_language, db
from museum.public import bp


def _find(code: str) -> StationPoem:
    row = db.session.scalar(select(StationPoem).where(StationPoem.code == code.upper()))
    if row is None:
        abort(404, f"no poem with code {code}")
    return row


@bp.route("/poems/<code>")
def poem_page(code: str):
    """No language in the address (it is printed as a QR code): the page follows the phone's language."""
    row = _find(code)
    g.lang = current_language()
    response = make_response(render_template("public/poem.html", poem=poem_station.poem_json(row), row=row))
    response.vary.add("Accept-Language")
    return response


@bp.route("/poems/<code>.png")
def poem_keepsake(code: str):
    row = _find(code)
    download = f'attachment; filename="poem-{row.code}.png"'
    from flask import request

    headers = {"Cache-Control": "public, max-age=86400"}
    if request.args.get("download"):
        headers["Content-Disposition"] = download
    return Response(poem_station.keepsake_png(row), mimetype="image/png", headers=headers)
