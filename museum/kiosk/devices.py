"""Kiosk devices: ``/kiosk/<token>`` opens the device's station; heartbeats; the offline service worker;
the attract loop's highlights; the gallery browser station; :func:`shell`, what every station page gives
the kiosk shell (``kiosk/base.html`` and ``static/js/kiosk.js``)."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from flask import abort, current_app, g, jsonify, redirect, render_template, request, url_for
from sqlalchemy import select

from languages import BCP47, normalise_language
from museum import auth
from museum.catalogue import kiosks, repository
from museum.catalogue.models import Record
from museum.catalogue.models3d import records_with_3d
from museum.extensions import db
from museum.kiosk import bp
from museum.object_images import images_for
from museum.web_caching import file_version

SHELL_FILES = ("js/kiosk.js", "js/kiosk-sw.js", "css/kiosk.css")
# a live link station's drops, as its heartbeats report them
drop_log = logging.getLogger("museum.kiosk.live")


def app_version() -> str:
    """The version a station page was served with, sent back in its heartbeats: the shell's generation and
    a digest of the shell's files (it changes when a deployment changes them)."""
    static = Path(current_app.static_folder)
    digest = hashlib.blake2b("".join(file_version(static / name) or "-" for name in SHELL_FILES).encode(),
                             digest_size=4).hexdigest()
    return f"kiosk-2.{digest}"


def shell(station: str, *, start: str, lang: str = "zh", idle: float | None = None,
          attract_source: str | None = None, precache: tuple[str, ...] | list[str] = ()) -> dict:
    """What a station page declares to the kiosk shell: its type (one of ``kiosks.STATION_TYPES``), the
    address of its start, its language, its idle time in seconds (0: the station has no idle reset, e.g.
    the projection, whose idle programme is its attract loop), where its attract loop's highlights come
    from (else the page's ``{% block attract %}``) and extra addresses to keep for offline use."""
    assert station in kiosks.STATION_TYPES or station == "", station  # "": a page of no station (offline)
    config = current_app.config
    return {"kiosk": {
        "station": station, "start": start, "lang": lang, "html_lang": BCP47.get(lang, lang),
        "idle": config["KIOSK_IDLE_SECONDS"] if idle is None else idle,
        "attract": config["KIOSK_ATTRACT_SECONDS"], "attract_source": attract_source or "",
        "version": app_version(), "precache": [*precache, url_for("kiosk.offline", lang=lang)],
    }}


def station_url(device: kiosks.KioskDevice) -> str:
    kind, target = device.kind, device.target
    if kind == "poems":
        return url_for("kiosk.poems_kiosk")
    if kind == "projection":
        return url_for("kiosk.poems_projection")
    if kind == "audio":
        return url_for("kiosk.audio_station", station=target)
    if kind == "instrument":
        return url_for("kiosk.instrument_station", accession=target)
    if kind == "live":
        return url_for("kiosk.live_station", slug=target)
    if kind == "display":
        room, output = target.split("/", 1)
        return url_for("kiosk.display_station", room=room, output=output)
    return url_for("kiosk.gallery_station", slug=target)


@bp.route("/kiosk/<token>")
def open_device(token: str):
    if not token.startswith(kiosks.TOKEN_PREFIX):
        abort(404)
    device = kiosks.device_for_token(db.session, token)
    if device is None:
        abort(404, "unknown or revoked kiosk token")
    lang = normalise_language(request.args.get("lang"))  # the station's language: /kiosk/<token>?lang=fr
    target = station_url(device) + (f"?lang={lang}" if lang else "")
    return auth.remember_kiosk(redirect(target), token)


@bp.post("/kiosk/heartbeat")
def heartbeat():
    device = auth.current_kiosk()
    if device is None:
        return jsonify({"error": {"code": "unknown_kiosk",
                                  "message": "this screen is not a registered kiosk"}}), 401
    try:
        beat = kiosks.parse_heartbeat(request.get_json(silent=True))
    except kiosks.KioskError as error:
        field = error.message.split(":", 1)[0]
        return jsonify({"error": {"code": "bad_heartbeat", "field": field, "message": error.message}}), 400
    stream = beat["stream"]
    dropped = kiosks.new_drop(device.stream_health, stream)
    if stream is not None:  # the drops the service has seen from this device, across page loads
        stream["logged_drops"] = (device.stream_health or {}).get("logged_drops", 0) + dropped
    if dropped:
        drop_log.warning("live link dropped: kiosk %s (%s) plays recorded footage; drops since the page "
                         "opened: %d, bitrate %s, latency %s", device.name, device.station,
                         beat["stream"]["drops"], beat["stream"]["bitrate"], beat["stream"]["latency"])
    kiosks.record_heartbeat(device, version=beat["version"], screen=beat["screen"],
                            address=request.remote_addr, station_type=beat["station"], state=beat["state"],
                            stream=stream)
    db.session.commit()
    response = jsonify({"name": device.name, "station": device.station, "station_url": station_url(device),
                        "version": app_version(),
                        "received": device.last_seen_at.isoformat(timespec="seconds") + "Z"})
    token = request.cookies.get(auth.KIOSK_COOKIE)
    return auth.remember_kiosk(response, token) if token and not g.get("token_auth") else response


@bp.route("/kiosk/sw.js")
def service_worker():
    response = current_app.send_static_file("js/kiosk-sw.js")
    response.headers["Service-Worker-Allowed"] = "/kiosk/"
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/kiosk/offline")
def offline():
    """What the service worker shows for a page it has not kept, in the station's language."""
    lang = _kiosk_language()
    return render_template("kiosk/offline.html", **shell("", start=request.path, lang=lang, idle=0))


@bp.route("/kiosk/attract.json")
def attract():
    """Highlights for the attract loop: published objects with images or 3D models first."""
    lang = request.args.get("lang", "zh")
    records = db.session.scalars(select(Record).where(Record.published.is_(True), Record.grade == "first")
                                 .order_by(Record.accession_number).limit(24)).all()
    with_3d = records_with_3d(db.session, [record.accession_number for record in records])
    items = []
    for record in records:
        items.append({"accession_number": record.accession_number, "title": record.label(lang),
                      "image": _thumbnail(record), "has_3d": record.accession_number in with_3d})
    items.sort(key=lambda item: (item["image"] is None and not item["has_3d"]))
    return jsonify({"items": items})


def _thumbnail(record) -> str | None:
    images = images_for(record)
    return images[0].get("thumbnail") if images else None  # a URL of a 400 px IIIF derivative


def _kiosk_language() -> str:
    g.lang = normalise_language(request.args.get("lang")) or "zh"
    return g.lang


def _station_context(gallery, lang: str, station: str = "gallery") -> dict:
    return {"gallery": gallery, "kiosk_lang": lang, "kiosk_thumbnail": _thumbnail,
            **shell(station, start=url_for("kiosk.gallery_station", slug=gallery.slug), lang=lang,
                    attract_source=url_for("kiosk.attract", lang=lang))}


@bp.route("/kiosk/gallery/<slug>")
def gallery_station(slug: str):
    """The gallery browser station: the gallery's objects with images, 3D and audio."""
    lang = _kiosk_language()
    gallery = repository.get_gallery(db.session, slug)
    if gallery is None:
        abort(404)
    results = repository.list_records(db.session, page=1, size=200, gallery=gallery)
    with_3d = records_with_3d(db.session, [record.accession_number for record in results.items])
    return render_template("kiosk/gallery.html", records=results.items,
                           kiosk_has_3d=lambda record: record.accession_number in with_3d,
                           **_station_context(gallery, lang))


@bp.route("/kiosk/gallery/<slug>/<accession>")
def gallery_object(slug: str, accession: str):
    lang = _kiosk_language()
    gallery = repository.get_gallery(db.session, slug)
    record = repository.get_record(db.session, accession)
    if gallery is None or record is None or record.gallery_id != gallery.id:
        abort(404)
    return render_template("kiosk/object.html", record=record, **_station_context(gallery, lang, "object"))
