"""The public page of a station poem (/poems/<code>, opened from the keepsake's QR code) and its PNG."""

from __future__ import annotations

from flask import Response, g, make_response, render_template

from museum import poem_station
from museum.extensions import current_language
from museum.public import bp


@bp.route("/poems/<code>")
def poem_page(code: str):
    """No language in the address (it is printed as a QR code): the page follows the phone's language."""
    row = poem_station.poem_or_404(code)
    g.lang = current_language()
    response = make_response(render_template("public/poem.html", poem=poem_station.poem_json(row), row=row))
    response.vary.add("Accept-Language")
    return response


@bp.route("/poems/<code>.png")
def poem_keepsake(code: str):
    row = poem_station.poem_or_404(code)
    download = f'attachment; filename="poem-{row.code}.png"'
    from flask import request

    headers = {"Cache-Control": "public, max-age=86400"}
    if request.args.get("download"):
        headers["Content-Disposition"] = download
    return Response(poem_station.keepsake_png(row), mimetype="image/png", headers=headers)
