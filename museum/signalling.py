"""The signalling exchange of a guided session, shared by its two ends (the guide's page in the ``curator``
blueprint, the station in the ``kiosk`` blueprint): POST sends one message (``{"kind", "payload"}``) from
``side`` to the other end; GET ``?after=N`` answers the other end's messages after N, the newest number and
whether the station may send its camera and microphone. Bad messages are a 400 naming the problem, in the
words ``describe(error)`` gives (the guide's language, or the English message for a station)."""

from __future__ import annotations

from collections.abc import Callable

from flask import jsonify, request

from museum.catalogue import live_links
from museum.extensions import db


def exchange(link, side: str, describe: Callable[[live_links.LiveLinkError], str]):
    if request.method == "POST":
        message = request.get_json(silent=True) or {}
        try:
            number = live_links.send_signal(db.session, link.slug, side, message.get("kind"),
                                            message.get("payload"))
        except live_links.LiveLinkError as error:
            return jsonify({"error": {"code": error.code, "field": error.field,
                                      "message": describe(error)}}), 400
        db.session.commit()
        return jsonify({"id": number}), 201
    after = request.args.get("after", "0")
    after = int(after) if after.isdecimal() else 0
    signals, newest = live_links.signals_after(db.session, link.slug, side, after)
    return jsonify({"signals": signals, "newest": newest, "kiosk_media": link.kiosk_media})
