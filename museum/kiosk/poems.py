"""Kiosk pages of the 三游诗人 station: the touch kiosk, the projection and its event stream (SSE)."""

from __future__ import annotations

import json
import time

from flask import Response, current_app, render_template, request, stream_with_context
from sqlalchemy import select

from exhibits.poems import themes
from exhibits.poems.corpus import POETS
from exhibits.poems.generator import THIN_POETS
from exhibits.poems.patterns import FORMS
from museum.catalogue.poems import StationPoem
from museum.extensions import db
from museum.kiosk import bp


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


def _events(after: int, seconds: float, interval: float):
    deadline = time.monotonic() + seconds
    yield "retry: 1000\n\n"
    while True:
        session = db.new_session()
        try:
            rows = session.scalars(select(StationPoem).where(StationPoem.id > after)
                                   .order_by(StationPoem.id).limit(10)).all()
            for row in rows:
                after = row.id
                data = {"code": row.code, "lines": row.result["lines"], "poet": row.result["poet"],
                        "form": row.result["form"]}
                yield f"id: {row.id}\nevent: poem\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
        finally:
            session.close()
        if time.monotonic() >= deadline:
            return
        yield ": keep-alive\n\n"
        time.sleep(interval)


@bp.route("/kiosk/poems/events")
def poems_events():
    """New poems as server-sent events; the stream ends after a while and the browser reconnects."""
    last = request.headers.get("Last-Event-ID") or request.args.get("after")
    if last is None or not str(last).isdecimal():
        newest = db.session.scalar(select(StationPoem.id).order_by(StationPoem.id.desc()).limit(1))
        last = max(0, (newest or 0) - (1 if request.args.get("replay") else 0))
    seconds = float(current_app.config.get("POEMS_EVENTS_SECONDS", 30))
    stream = stream_with_context(_events(int(last), seconds, 1.0))
    return Response(stream, mimetype="text/event-stream",
                    headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
