"""Audio stations: a guide-track player per object or gallery, and the playable bronzes.

``/kiosk/audio/<station>`` (an accession number or a gallery slug): big language buttons, captions on
screen, resume after a dropped connection, reset after idling. ``/kiosk/instrument/<accession>``: touch
the drawing to strike the chunyu or a bell (pre-decoded Web Audio buffers, so the sound starts within a
few milliseconds of the touch), a drum pad beside it, and a rhythm that can be recorded and replayed.
"""

from __future__ import annotations

import numpy as np
from flask import current_app, render_template, url_for

from exhibits.audio import instruments
from languages import AUTONYMS, pick
from museum.api.audio import tracks_by_language
from museum.catalogue import audio as store
from museum.catalogue.holdings import record_or_gallery
from museum.extensions import db
from museum.kiosk import bp

# The audio station's language buttons: the autonyms, with plain 中文 for the "zh" track.
LANGUAGE_NAMES = {**AUTONYMS, "zh": "中文"}
FORCES = (0.35, 0.7, 1.0)


@bp.route("/kiosk/audio/<station>")
def audio_station(station: str):
    record, gallery = record_or_gallery(db.session, station)
    title = record.title if record else gallery.name
    tracks = tracks_by_language(station)
    idle = int(current_app.config.get("AUDIO_KIOSK_IDLE_SECONDS", 120))
    return render_template("kiosk/audio_station.html", station=station, titles=title or {},
                           title=pick(title or {}, "zh")[0] or station, tracks=tracks,
                           language_names=LANGUAGE_NAMES, idle_seconds=idle)


def outline_svg_path(shell, width: float = 300.0, height: float = 300.0) -> tuple[str, float]:
    """SVG path of the instrument's silhouette (outer surface of the meridian profile, both sides),
    mouth at the bottom; returns the path and the SVG units per metre."""
    profile = shell.profile
    outer_rho = profile.rho + shell.thickness / 2 * profile.n_rho
    outer_z = profile.z + shell.thickness / 2 * profile.n_z
    scale = min(width / (2 * outer_rho.max()), height / outer_z.max()) * 0.9
    cx, base = width / 2, height * 0.95
    right = [(cx + r * scale, base - z * scale) for r, z in zip(outer_rho, outer_z, strict=True)][::40]
    left = [(cx - x + cx, y) for x, y in right[::-1]]
    points = right + [(cx, right[-1][1])] + left
    return "M " + " L ".join(f"{x:.1f},{y:.1f}" for x, y in points) + " Z", scale


@bp.route("/kiosk/instrument/<accession>")
def instrument_station(accession: str):
    inst = instruments.instrument(accession)
    data = store.instrument_data(db.session, accession)
    shell = inst.shell()
    path, scale = outline_svg_path(shell)
    zones = []
    top = float(np.max(shell.profile.z))
    for name, (fraction, _phi) in inst.strike_heights.items():
        zones.append({"position": name, "y": 300 * 0.95 - fraction * top * scale})
    bells = [{"number": b["number"], "height_cm": b["height_cm"]} for b in data.get("bells", [])]
    sounds = {}
    for bell in [b["number"] for b in bells] or [None]:
        for position in inst.strike_heights:
            for force in FORCES:
                key = f"{bell or 1}-{position}-{force:g}"
                sounds[key] = url_for("api.instrument_strike", accession=accession, position=position,
                                      force=force, **({"bell": bell} if bell else {}))
    spectrogram = url_for("api.instrument_spectrogram", accession=accession, position="centre")
    return render_template("kiosk/instrument.html", inst=inst, data=data, outline=path, zones=zones,
                           bells=bells, sounds=sounds, forces=FORCES, spectrogram=spectrogram,
                           drum=url_for("api.drum_sound", force=0.8),
                           first_partial=data["modes"][0]["frequency"])
