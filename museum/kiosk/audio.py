"""Audio stations: a guide-track player per object or gallery, and the playable bronzes.

``/kiosk/audio/<station>`` (an accession number or a gallery slug): big language buttons, captions on
screen, resume after a dropped connection, reset after idling. ``/kiosk/instrument/<accession>``: touch
the drawing to strike the chunyu or a bell (pre-decoded Web Audio buffers, so the sound starts within a
few milliseconds of the touch), a drum pad beside it, and a rhythm that can be recorded and replayed.
"""

from __future__ import annotations

from flask import current_app, g, render_template, request, url_for

from exhibits.audio import instruments
from exhibits.audio.drawing import drawing
from languages import AUTONYMS, normalise_language, pick
from museum.audio_tracks import tracks_by_language
from museum.catalogue import audio as store
from museum.catalogue.holdings import record_or_gallery
from museum.extensions import db
from museum.kiosk import bp
from museum.kiosk.devices import shell

# The audio station's language buttons: the autonyms, with plain 中文 for the "zh" track.
LANGUAGE_NAMES = {**AUTONYMS, "zh": "中文"}
FORCES = (0.35, 0.7, 1.0)


@bp.route("/kiosk/audio/<station>")
def audio_station(station: str):
    record, gallery = record_or_gallery(db.session, station)
    title = record.title if record else gallery.name
    tracks = tracks_by_language(station)
    idle = current_app.config["AUDIO_KIOSK_IDLE_SECONDS"]
    lang = _station_language()
    return render_template("kiosk/audio_station.html", station=station, titles=title or {},
                           title=pick(title or {}, "zh")[0] or station, tracks=tracks,
                           language_names=LANGUAGE_NAMES, idle_seconds=idle,
                           **shell("audio", start=url_for("kiosk.audio_station", station=station, **_lang_arg()),
                                   lang=lang, idle=idle))


def _station_language() -> str:
    g.lang = normalise_language(request.args.get("lang")) or "zh"
    return g.lang


def _lang_arg() -> dict:
    return {"lang": g.lang} if request.args.get("lang") else {}


@bp.route("/kiosk/instrument/<accession>")
def instrument_station(accession: str):
    inst = instruments.instrument(accession)
    data = store.instrument_data(db.session, accession)
    picture = drawing(inst)
    bells = [{"number": b["number"], "height_cm": b["height_cm"]} for b in data.get("bells", [])]
    sounds = {}
    for bell in [b["number"] for b in bells] or [None]:
        for position in inst.strike_heights:
            for force in FORCES:
                key = f"{bell or 1}-{position}-{force:g}"
                sounds[key] = url_for("api.instrument_strike", accession=accession, position=position,
                                      force=force, **({"bell": bell} if bell else {}))
    spectrogram = url_for("api.instrument_spectrogram", accession=accession, position="centre")
    drum = url_for("api.drum_sound", force=0.8)
    lang = _station_language()
    return render_template("kiosk/instrument.html", inst=inst, data=data, outline=picture.path,
                           zones=picture.zones, bells=bells, sounds=sounds, forces=FORCES, spectrogram=spectrogram,
                           drum=drum, first_partial=data["modes"][0]["frequency"],
                           **shell("instrument", start=url_for("kiosk.instrument_station", accession=accession,
                                                               **_lang_arg()),
                                   lang=lang, precache=[*sounds.values(), drum]))
