"""Display devices of an immersive show room: ``/kiosk/display/<room>/<output>`` (station
``display:<room>/<output>``) plays its output's part of the show the room's programme plays now
(``static/js/display-station.js``): the LED walls and the ceiling their videos and stills with the cues'
captions, the surround output its sound.

All displays follow one clock, the service's: ``/kiosk/shows/clock`` answers the service's time, and each
page measures its offset the NTP way (several round trips, the one with the smallest round-trip time kept),
then computes from the shared clock alone which show and cue play and where in its media, so a display
that starts, reloads or comes back from a network loss joins at the right cue and position.
``/kiosk/display/<room>/<output>.json`` is the day's plan for that output; media come from
``/kiosk/shows/media/<key>`` (the show media and audio tracks' files only).
"""

from __future__ import annotations

import time
from pathlib import PurePosixPath

from flask import abort, current_app, jsonify, render_template, request, url_for

from languages import AUTONYMS, BCP47, FALLBACK_CHAINS, LANGUAGES, pick
from museum.catalogue import shows
from museum.extensions import db
from museum.kiosk import bp
from museum.kiosk.devices import _kiosk_language, shell
from museum.media import send_stored


def _room_and_output(room: str, output: str):
    found = shows.get_room(db.session, room)
    if found is None or output not in [o["name"] for o in found.outputs]:
        abort(404)
    return found


@bp.route("/kiosk/display/<room>/<output>")
def display_station(room: str, output: str):
    lang = _kiosk_language()
    found = _room_and_output(room, output)
    name, name_lang = pick(found.name, lang)
    kind = next(o["kind"] for o in found.outputs if o["name"] == output)
    start = url_for("kiosk.display_station", room=room, output=output,
                    **({"lang": lang} if request.args.get("lang") else {}))
    return render_template(
        "kiosk/display.html", room=found, output=output, kind=kind, kiosk_lang=lang,
        room_name={"text": name or room, "lang": BCP47.get(name_lang or lang, lang)},
        languages=[(code, AUTONYMS[code]) for code in LANGUAGES],
        player={"plan": url_for("kiosk.display_plan", room=room, output=output),
                "clock": url_for("kiosk.show_clock"), "media": url_for("kiosk.show_media", key=""),
                "lang": lang, "fallbacks": _fallbacks(lang), "kind": kind},
        **shell("display", start=start, lang=lang, idle=0))


def _fallbacks(lang: str) -> list[str]:
    """The languages a caption is looked up in, in order (the reader's, then its fallback chain)."""
    return list(dict.fromkeys(FALLBACK_CHAINS.get(lang, (lang,)) + LANGUAGES))


@bp.route("/kiosk/display/<room>/<output>.json")
def display_plan(room: str, output: str):
    found = _room_and_output(room, output)
    plan = shows.display_plan(db.session, found, output, current_app.config["TIMEZONE"], time.time())
    response = jsonify(plan)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/kiosk/shows/clock")
def show_clock():
    """The service's time (Unix seconds), for the displays' offset measurement; never cached."""
    response = jsonify({"now": time.time()})
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/kiosk/shows/media/<path:key>")
def show_media(key: str):
    if ".." in key or not key.startswith(shows.PLAYABLE_PREFIXES):
        abort(404)
    mimetype = shows.MIME.get(PurePosixPath(key).suffix)
    if mimetype is None:
        abort(404)
    return send_stored(key, mimetype, max_age=3600)
