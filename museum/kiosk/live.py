"""The live link station: ``/kiosk/live/<link>`` plays a remote site's live HLS stream (the Baiheliang
Underwater Museum's viewing corridor) full screen with hls.js, with the site's name, the current view's
caption and today's guided sessions; when the stream drops or stalls it plays the link's recorded clips
(``/kiosk/live/clips/<name>.mp4``) with a calm notice and goes back to live when the stream recovers
(``static/js/live-station.js``). Its heartbeats carry the stream's health (``kiosks.parse_stream_health``).

The page's Content-Security-Policy lets it fetch the stream from the link's own origin (``connect-src``),
play MediaSource buffers (``media-src blob:``); hls.js's worker is its own file, served from
``/static/vendor/`` (``worker-src 'self'``).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import abort, current_app, jsonify, make_response, render_template, request, url_for

from languages import AUTONYMS, BCP47, LANGUAGES, pick
from museum import auth, security, signalling
from museum.catalogue import live_links
from museum.extensions import db
from museum.kiosk import bp
from museum.kiosk.devices import _kiosk_language, shell
from museum.media import send_stored


def _text(values: dict, lang: str) -> dict:
    text, language = pick(values, lang)
    return {"text": text or "", "lang": BCP47.get(language or lang, lang)}


def _today(sessions: list[dict], now: datetime) -> list[dict]:
    """Today's sessions with their state: ``past``, ``now`` or ``next`` (the first one still to come)."""
    clock = now.strftime("%H:%M")
    marked, next_found = [], False
    for session in sessions:
        if session["end"] <= clock:
            state = "past"
        elif session["start"] <= clock:
            state = "now"
        elif not next_found:
            state, next_found = "next", True
        else:
            state = "later"
        marked.append({**session, "state": state})
    return marked


@bp.route("/kiosk/live/<slug>")
def live_station(slug: str):
    lang = _kiosk_language()
    link = live_links.get(db.session, slug)
    if link is None:
        abort(404)
    now = datetime.now(ZoneInfo(current_app.config["TIMEZONE"]))
    clips = [url_for("kiosk.live_clip", name=name) for name in link.playlist]
    start = url_for("kiosk.live_station", slug=slug, **({"lang": lang} if request.args.get("lang") else {}))
    page = render_template(
        "kiosk/live.html", link=link, name=_text(link.name, lang), caption=_text(link.caption, lang),
        sessions=_today(link.sessions, now), languages=[(code, AUTONYMS[code]) for code in LANGUAGES],
        kiosk_lang=lang, player={
            "stream": link.stream_url, "clips": clips,
            "hls": url_for("vendor", path="hls.js/dist/hls.min.js"),
            "worker": url_for("vendor", path="hls.js/dist/hls.worker.js"),
        },
        guided={"signals": url_for("kiosk.live_signals", slug=slug), "kiosk_media": link.kiosk_media,
                "script": url_for("static", filename="js/guided-session.js")},
        **shell("live", start=start, lang=lang, idle=0, precache=clips))
    response = make_response(page)
    origin = live_links.stream_origin(link.stream_url)
    # the camera and microphone only where the museum lets this link's station send them to the guide
    permissions = {"camera": "(self)", "microphone": "(self)"} if link.kiosk_media else None
    policy = security.DEFAULT.changed(csp={"connect-src": f"'self' {origin}", "media-src": "'self' blob:"},
                                      permissions=permissions)
    headers = dict(policy.headers())
    for name in ("Content-Security-Policy", "Permissions-Policy"):
        response.headers[name] = headers[name]
    return response


@bp.route("/kiosk/live/<slug>/signals", methods=["GET", "POST"])
def live_signals(slug: str):
    """A guided session's signalling for the station (a registered kiosk whose station is ``live:<slug>``):
    POST sends one message (``{"kind", "payload"}``) to the guide; GET ``?after=N`` answers the guide's
    messages after N, the newest number and whether this station may send its camera and microphone."""
    device = auth.current_kiosk()
    if device is None or device.station != f"live:{slug}":
        return jsonify({"error": {"code": "unknown_kiosk",
                                  "message": f"this screen is not a registered station of live:{slug}"}}), 401
    link = live_links.get(db.session, slug)
    if link is None:
        abort(404)
    return signalling.exchange(link, "station", lambda error: error.message)


@bp.route("/kiosk/live/clips/<name>.mp4")
def live_clip(name: str):
    if not live_links.CLIP.fullmatch(name):
        abort(404)
    return send_stored(live_links.clip_key(name), "video/mp4", max_age=3600)
