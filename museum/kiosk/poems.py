"""Kiosk pages of the 三游诗人 station: the touch kiosk, the projection and its event stream (SSE)."""

from __future__ import annotations

from flask import Response, current_app, render_template, request

from exhibits.poems import themes
from exhibits.poems.corpus import POETS
from exhibits.poems.generator import THIN_POETS
from exhibits.poems.patterns import FORMS
from museum.catalogue.poems import newest_poem_id, poem_events_after
from museum.extensions import db
from museum.kiosk import bp
from museum.streams import REPLAY_LIMIT, format_event, start_cursor


@bp.route("/kiosk/poems")
def poems_kiosk():
    choices = {
        "poets": [{"value": p, "en": en, "thin": p in THIN_POETS} for p, en in POETS.items()],
        "forms": [{"value": f, "en": en} for f, en in zip(FORMS, (
            "5-character quatrain", "7-character quatrain", "5-character regulated verse",
            "7-character regulated verse"), strict=True)],
        "themes": [{"value": k, "en": v["en"]} for k, v in themes.THEMES.items()],
        "seasons": [{"value": k, "en": v["en"]} for k, v in themes.SEASONS.items()],
        "moods": [{"value": k, "en": v["en"]} for k, v in themes.MOODS.items()],
        "keywords": themes.GORGES_KEYWORDS,
    }
    idle = int(current_app.config.get("POEMS_KIOSK_IDLE_SECONDS", 90))
    return render_template("kiosk/poems.html", choices=choices, idle_seconds=idle)


@bp.route("/kiosk/poems/projection")
def poems_projection():
    return render_template("kiosk/poems_projection.html")


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
