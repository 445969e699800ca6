"""Audio over HTTP: the tracks of an object or gallery per language, their files (HTTP Range), and the
playable bronzes: strike sounds (WAV, cached on disk), their partials as JSON, spectrograms and a drum.

Strikes are synthesised from the cached modes (milliseconds); the modal analysis itself only ever runs
from the command line (``museum audio modes``), never inside a request.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from flask import current_app, jsonify, request, send_file, url_for
from sqlalchemy import select

from exhibits.audio import instruments, player, spectrum, synthesis
from exhibits.audio.exceptions import BadStrike
from museum.api import audio_openapi, bp  # noqa: F401  (audio_openapi documents these routes)
from museum.catalogue import audio as store
from museum.catalogue import repository
from museum.exceptions import NotFound
from museum.extensions import db

POSITIONS = ("centre", "side")
FORCE_STEP = 0.05


def track_json(track: store.AudioTrack) -> dict:
    files = track.manifest.get("files", {})
    return {"id": track.id, "kind": track.kind, "title": track.title, "language": track.language,
            "duration": track.duration, "sample_rate": track.sample_rate, "channels": track.channels,
            "layout": track.layout, "loudness_lufs": track.loudness_lufs, "true_peak_dbtp": track.true_peak_dbtp,
            "urls": {kind: url_for("api.audio_file", folder=track.folder, name=name) for kind, name in files.items()}}


def tracks_by_language(target: str) -> dict:
    grouped: dict[str, list] = {}
    for track in store.tracks_for(db.session, target):
        grouped.setdefault(track.language, []).append(track_json(track))
    return grouped


@bp.get("/objects/<accession>/audio")
def object_audio(accession: str):
    if repository.get_record(db.session, accession) is None:  # unpublished records are invisible here too
        raise NotFound(f"no published object with accession number {accession!r}")
    return jsonify({"accession": accession, "languages": tracks_by_language(accession)})


@bp.get("/galleries/<slug>/audio")
def gallery_audio(slug: str):
    if repository.get_gallery(db.session, slug) is None:
        raise NotFound(f"no gallery {slug!r}")
    return jsonify({"gallery": slug, "languages": tracks_by_language(slug)})


@bp.get("/audio/<folder>/<name>")
def audio_file(folder: str, name: str):
    track = db.session.scalar(select(store.AudioTrack).where(store.AudioTrack.folder == folder))
    if track is None or name not in track.manifest.get("files", {}).values():
        raise NotFound(f"no audio file {folder}/{name}")
    from assets.audio.encode import MIME_BY_SUFFIX

    path = Path(current_app.config["MEDIA_ROOT"]) / "audio" / folder / name
    if not path.is_file():
        raise NotFound(f"audio file {folder}/{name} is missing from the media store")
    return send_file(path, mimetype=MIME_BY_SUFFIX.get(path.suffix, "application/octet-stream"),
                     conditional=True, max_age=86_400)


# --- instruments -------------------------------------------------------------------------------

def _strike_args() -> tuple[str, float, int | None]:
    position = request.args.get("position", "centre")
    if position not in POSITIONS:
        raise BadStrike(f"position must be centre or side, not {position[:40]!r}")
    raw_force = request.args.get("force", "0.7")
    force = synthesis.check_force(raw_force)
    force = round(round(force / FORCE_STEP) * FORCE_STEP, 2)
    raw_bell = request.args.get("bell")
    bell = None
    if raw_bell not in (None, ""):
        try:
            bell = int(raw_bell)
        except ValueError:
            raise BadStrike(f"bell must be a whole number, not {raw_bell[:40]!r}") from None
    return position, force, bell


def _data(accession: str) -> dict:
    return store.instrument_data(db.session, accession)


def _cache_file(accession: str, data: dict, suffix: str, *parts) -> Path:
    digest = hashlib.blake2b(json.dumps(data["modes"], sort_keys=True).encode(), digest_size=5).hexdigest()
    name = "-".join(str(p) for p in parts) + f"-{digest}{suffix}"
    return Path(current_app.config["INSTANCE_PATH"]) / "cache" / "strikes" / accession / name


def _cached(path: Path, make) -> Path:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(path.suffix + ".partial")
        partial.write_bytes(make())
        partial.replace(path)
    return path


@bp.get("/instruments")
def list_instruments():
    return jsonify({"instruments": [{
        "accession": inst.accession, "kind": inst.kind, "title": inst.title,
        "bells": len(instruments.BELL_HEIGHTS_CM) if inst.kind == "bells" else None,
        "modes_url": url_for("api.instrument_modes", accession=inst.accession),
        "strike_url": url_for("api.instrument_strike", accession=inst.accession)}
        for inst in instruments.INSTRUMENTS.values()]})


@bp.get("/instruments/<accession>/modes")
def instrument_modes(accession: str):
    data = _data(accession)
    position, force, bell = _strike_args()
    body = {"accession": accession, "kind": data["kind"], "title": data["title"], "notes": data["notes"],
            "position": position, "force": force, "bell": bell, "thickness_mm": data["thickness_mm"],
            "material": data["material"], "damping": data["damping"],
            "convergence": {k: v for k, v in data.get("convergence", {}).items() if k != "per_mode"},
            "partials": player.modes_table(data, position, force, bell)}
    if data["kind"] == "bells":
        scale = data["bells"][(bell or 1) - 1]["scale"]
        pair = data["lowest_pair"]
        body["bells"] = data["bells"]
        body["lowest_pair"] = {"centre_hz": round(pair["centre_hz"] * scale, 3),
                               "side_hz": round(pair["side_hz"] * scale, 3), "ratio": pair["ratio"]}
    return jsonify(body)


@bp.get("/instruments/<accession>/strike")
def instrument_strike(accession: str):
    data = _data(accession)
    position, force, bell = _strike_args()
    player.scaled_modes(data, bell)  # validates the bell number before anything is cached
    path = _cache_file(accession, data, ".wav", position, f"{force:.2f}", bell or 1)
    _cached(path, lambda: synthesis.wav_bytes(player.strike_signal(data, position, force, bell)))
    return send_file(path, mimetype="audio/wav", conditional=True, max_age=86_400)


@bp.get("/instruments/<accession>/spectrogram.png")
def instrument_spectrogram(accession: str):
    data = _data(accession)
    position, force, bell = _strike_args()
    marks = [m["frequency"] for m in player.scaled_modes(data, bell)]
    path = _cache_file(accession, data, ".png", "spectrogram", position, f"{force:.2f}", bell or 1)

    def make() -> bytes:
        signal = player.strike_signal(data, position, force, bell)
        top = min(12_000.0, max(2_000.0, 1.3 * max(marks)))
        return spectrum.spectrogram_png(signal, synthesis.SAMPLE_RATE, max_hz=top, marks=marks)

    _cached(path, make)
    return send_file(path, mimetype="image/png", conditional=True, max_age=86_400)


@bp.get("/instruments/drum.wav")
def drum_sound():
    force = synthesis.check_force(request.args.get("force", "0.8"))
    force = round(round(force / FORCE_STEP) * FORCE_STEP, 2)
    path = Path(current_app.config["INSTANCE_PATH"]) / "cache" / "strikes" / f"drum-{force:.2f}.wav"
    _cached(path, lambda: synthesis.wav_bytes(synthesis.drum(force=force)))
    return send_file(path, mimetype="audio/wav", conditional=True, max_age=86_400)
