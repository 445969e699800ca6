"""Kiosk pages of the 三游诗人 station: the touch kiosk, the projection and its event stream (SSE)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import segno
from flask import Response, current_app, g, jsonify, render_template, request, url_for
from sqlalchemy import select

from exhibits.poems import themes
from languages import AUTONYMS, BCP47, LANGUAGES, normalise_language
from museum import poem_station
from museum.catalogue.poems import StationPoem, newest_poem_id, poem_events_after, poems_since, send_to_wall
from museum.extensions import db
from museum.kiosk import bp
from museum.kiosk.devices import shell
from museum.kiosk.poem_flow import station_choices, station_text
from museum.kiosk.wall import programme
from museum.open_data import external_url
from museum.streams import REPLAY_LIMIT, format_event, start_cursor


@bp.route("/kiosk/poems")
def poems_kiosk():
    """The touch flow of the station: poet → form → theme, season, mood → imagery and acrostic → the poem.
    Every word is in the visitor's language (?lang=, switched on the start screen); ?home= is the station's
    own language, to which the idle reset returns."""
    g.lang = normalise_language(request.args.get("lang")) or "zh"
    home = normalise_language(request.args.get("home")) or g.lang
    idle = current_app.config["POEMS_KIOSK_IDLE_SECONDS"]
    start = url_for("kiosk.poems_kiosk", lang=home) if request.args.get("home") or request.args.get("lang") \
        else url_for("kiosk.poems_kiosk")
    languages = [{"code": code, "autonym": AUTONYMS[code], "tag": BCP47[code],
                  "href": url_for("kiosk.poems_kiosk", lang=code, home=home)} for code in LANGUAGES]
    choices = station_choices(g.lang)
    return render_template("kiosk/poems.html", choices=choices, idle_seconds=idle,
                           text=station_text(g.lang, choices), languages=languages,
                           acrostic_max=themes.MAX_ACROSTIC_LENGTH, keywords_max=themes.MAX_KEYWORDS,
                           **shell("poems", start=start, lang=g.lang, idle=idle))


DAY_POEMS = 12  # the newest poems of the day that the projection's idle programme cycles through



@bp.route("/kiosk/poems/<code>/qr.svg")
def poem_qr(code: str):
    """The QR code of a station poem's public page, as SVG: the kiosk shows it at 320 px or more."""
    row = poem_station.poem_or_404(code)
    svg = io.BytesIO()
    segno.make(external_url("public.poem_page", code=row.code), error="m").save(
        svg, kind="svg", scale=1, border=2, xmldecl=False, svgns=True, omitsize=True, dark="#000",
        light="#fff")
    return Response(svg.getvalue(), mimetype="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=86400"})


@bp.post("/kiosk/poems/<code>/wall")
def poem_to_wall(code: str):
    """The visitor sends their poem to the projection wall: it joins the wall's event stream now."""
    poem_station.poem_or_404(code)
    with db.transaction() as session:
        row = send_to_wall(session,
                           session.scalar(select(StationPoem).where(StationPoem.code == code.upper())))
        answer = {"code": row.code, "wall": row.wall_id}
    return jsonify(answer)


def _seconds(name: str, configured: int, low: int, high: int) -> int:
    """A wall's own timing from its address (?hold=, ?cycle=), within bounds, else the configured one."""
    value = request.args.get(name, "")
    return min(max(int(value), low), high) if value.isdecimal() else configured


@bp.route("/kiosk/poems/projection")
def poems_projection():
    """The wall of the 三游洞 scene: poems in vertical columns as they arrive from the station, and between
    them an idle programme (the day's poems and famous poems of the three journeys). The captions are in the
    wall's language (?lang=, default Chinese); the poems are Chinese."""
    g.lang = normalise_language(request.args.get("lang")) or "zh"
    config = current_app.config
    timing = {"hold": _seconds("hold", config["POEMS_WALL_HOLD_SECONDS"], 1, 3600),
              "cycle": _seconds("cycle", config["POEMS_WALL_CYCLE_SECONDS"], 1, 600)}
    # the wall's own settings
    args = {k: v for k, v in request.args.items() if k in ("lang", "hold", "cycle")}
    return render_template("kiosk/poems_projection.html", html_lang=BCP47[g.lang], timing=timing,
                           programme=programme(),
                           **shell("projection", start=url_for("kiosk.poems_projection", **args), lang=g.lang,
                                   idle=0, precache=[url_for("kiosk.poems_today"),
                                                     url_for("static", filename="js/wall-scene.js")]))


@bp.route("/kiosk/poems/today")
def poems_today():
    """The newest station poems of the museum's day (since local midnight in ``TIMEZONE``), newest first."""
    zone = ZoneInfo(current_app.config["TIMEZONE"])
    midnight = datetime.now(zone).replace(hour=0, minute=0, second=0, microsecond=0)
    since = midnight.astimezone(UTC).replace(tzinfo=None)  # stored times are naive UTC
    poems = [{"code": row.code, "lines": row.result["lines"], "poet": row.result["poet"],
              "form": row.result["form"],
              "time": row.created.replace(tzinfo=UTC).astimezone(zone).strftime("%H:%M")}
             for row in poems_since(db.session, since, DAY_POEMS)]
    response = jsonify({"poems": poems})
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/kiosk/poems/events")
def poems_events():
    """New poems as server-sent events. ``museum serve`` answers this URL on its event loop with a held
    stream (:mod:`museum.streams`); this view is the plain-WSGI answer: the events already waiting, then
    the end of the response and a ``retry:`` after which the browser asks again. It never holds a thread."""
    last = request.headers.get("Last-Event-ID") or request.args.get("after")
    cursor = start_cursor(last, bool(request.args.get("replay")), newest_poem_id(db.session))
    events = poem_events_after(db.session, cursor, REPLAY_LIMIT)
    # ``id:`` without data moves the browser's Last-Event-ID: the next request starts after what this one saw
    body = f"retry: {int(current_app.config['STREAM_POLL_SECONDS'] * 1000)}\nid: {cursor}\n\n"
    body += "".join(format_event("poem", event) for event in events)
    return Response(body, mimetype="text/event-stream",
                    headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
