"""Kiosk devices: ``/kiosk/<token>`` opens the device's station; heartbeats; the offline service worker;
the attract loop's highlights; the gallery browser station."""

from __future__ import annotations

from flask import abort, current_app, g, jsonify, redirect, render_template, request, url_for
from sqlalchemy import select

from languages import normalise_language
from museum import auth
from museum.catalogue import kiosks, repository
from museum.catalogue.models import Record
from museum.catalogue.models3d import records_with_3d
from museum.extensions import db
from museum.kiosk import bp
from museum.object_images import images_for

KIOSK_VERSION = "1"


def station_url(device: kiosks.KioskDevice) -> str:
    kind, target = device.kind, device.target
    if kind == "poems":
        return url_for("kiosk.poems_kiosk")
    if kind == "audio":
        return url_for("kiosk.audio_station", station=target)
    if kind == "instrument":
        return url_for("kiosk.instrument_station", accession=target)
    return url_for("kiosk.gallery_station", slug=target)


@bp.route("/kiosk/<token>")
def open_device(token: str):
    if not token.startswith(kiosks.TOKEN_PREFIX):
        abort(404)
    device = kiosks.device_for_token(db.session, token)
    if device is None:
        abort(404, "unknown or revoked kiosk token")
    return auth.remember_kiosk(redirect(station_url(device)), token)


@bp.post("/kiosk/heartbeat")
def heartbeat():
    device = auth.current_kiosk()
    if device is None:
        return jsonify({"error": {"code": "unknown_kiosk", "message": "this screen is not a registered kiosk"}}), 401
    data = request.get_json(silent=True) or {}
    kiosks.record_heartbeat(device, version=str(data.get("version") or ""), screen=str(data.get("screen") or ""),
                            address=request.remote_addr)
    db.session.commit()
    response = jsonify({"name": device.name, "station_url": station_url(device),
                        "idle_seconds": current_app.config["KIOSK_IDLE_SECONDS"]})
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
    return render_template("kiosk/offline.html")


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


def _station_context(gallery, lang: str) -> dict:
    return {"gallery": gallery, "kiosk_lang": lang, "kiosk_thumbnail": _thumbnail,
            "idle_seconds": current_app.config["KIOSK_IDLE_SECONDS"],
            "attract_seconds": current_app.config["KIOSK_ATTRACT_SECONDS"],
            "kiosk_start": url_for("kiosk.gallery_station", slug=gallery.slug)}


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
    return render_template("kiosk/object.html", record=record, **_station_context(gallery, lang))
