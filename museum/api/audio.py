"""Audio over HTTP: the tracks of an object or gallery per language, their files (HTTP Range), and the
playable bronzes: strike sounds (WAV, cached on disk), their partials as JSON, spectrograms and a drum.

Strikes are synthesised from the cached modes (milliseconds); the modal analysis itself only ever runs
from the command line (``museum audio modes``), never inside a request.
"""

from __future__ import annotations

from pathlib import Path

from flask import current_app, jsonify, send_file, url_for
from marshmallow import fields, validate

from assets.audio.encode import MIME_BY_SUFFIX
from exhibits.audio import instruments, player
from exhibits.audio.cache import StrikeCache
from exhibits.audio.exceptions import BadStrike
from languages import LANGUAGES
from museum.api.contract import bp, errors, json_schema, nullable
from museum.audio_tracks import tracks_by_language
from museum.catalogue import audio as store
from museum.catalogue import repository
from museum.exceptions import NotFound
from museum.extensions import db
from museum.media import send_stored
from museum.schemas import Schema, join

POSITIONS = ("centre", "side")
FORCE_STEP = 0.05
DAY = 86_400
BINARY = {"type": "string", "format": "binary"}
CACHED = {"Cache-Control": {"description": f"max-age={DAY}", "schema": {"type": "string"}}}
TRACK_TYPES = ("audio/flac", "audio/ogg", "audio/mp4", "audio/mpeg", "audio/wav", "text/vtt",
               "application/json", "image/png", "application/octet-stream")
TRACK_FILES = ("flac", "opus", "aac", "mp3", "peaks", "waveform", "captions")
INSTRUMENT = [{"in": "path", "name": "accession", "description": "a playable instrument; other accession "
               "numbers are a 404", "schema": {"type": "string", "enum": list(instruments.INSTRUMENTS)}}]
LANGUAGE_KEYS = json_schema(propertyNames={"enum": list(LANGUAGES)})


def force_field(default: float) -> fields.Float:
    return fields.Float(load_default=default, allow_nan=False, validate=validate.Range(0, 1), metadata={
        "default": default, "description": "from 0 (softest) to 1, rounded to steps of 0.05; outside 0-1 or "
        "not a number is a 400"})


class StrikeQuery(Schema):
    position = fields.String(load_default="centre", validate=validate.OneOf(POSITIONS), metadata={
        "default": "centre", "description": "where the mallet strikes (other values are a 400)"})
    force = force_field(0.7)
    bell = fields.Integer(validate=validate.Range(1, len(instruments.BELL_HEIGHTS_CM)), metadata={
        "description": f"which bell of a set (1-{len(instruments.BELL_HEIGHTS_CM)}, default 1); a single "
        "instrument takes none or 1, anything else is a 400"})

    error = staticmethod(lambda field, message: BadStrike(join(field, message)))


class DrumQuery(Schema):
    force = force_field(0.8)
    error = staticmethod(StrikeQuery.error)


class AudioTrack(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(["guide", "soundscape"]))
    title = nullable()
    language = fields.String(required=True, validate=validate.OneOf(LANGUAGES))
    duration = fields.Float(required=True, metadata={"description": "seconds"})
    sample_rate, channels = fields.Integer(required=True), fields.Integer(required=True)
    layout = nullable(metadata={"description": "mono, stereo, quad, 5.1, 7.1"})
    loudness_lufs, true_peak_dbtp = nullable(fields.Float), nullable(fields.Float)
    urls = fields.Dict(keys=fields.String(), values=fields.String(), required=True, metadata={
        "description": "the files of the track: FLAC master, Opus, AAC and MP3 derivatives, waveform peaks "
        "(JSON) and image (PNG), WebVTT captions when transcribed",
        **json_schema(propertyNames={"enum": list(TRACK_FILES)})})


def _tracks() -> fields.Dict:
    return fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(AudioTrack)), required=True,
                       metadata={"description": "the tracks per language code", **LANGUAGE_KEYS})


class ObjectTracks(Schema):
    accession, languages = fields.String(required=True), _tracks()


class GalleryTracks(Schema):
    gallery, languages = fields.String(required=True), _tracks()


class Instrument(Schema):
    accession, title = fields.String(required=True), fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(["chunyu", "bells"]))
    bells = nullable(fields.Integer, metadata={"description": "bells in the set"})
    modes_url, strike_url = fields.String(required=True), fields.String(required=True)


class InstrumentList(Schema):
    instruments = fields.List(fields.Nested(Instrument), required=True)


class Partial(Schema):
    frequency = fields.Float(required=True, metadata={"description": "Hz"})
    decay = fields.Float(required=True, metadata={"description": "seconds"})
    amplitude = fields.Float(required=True, validate=validate.Range(0, 1), metadata={
        "description": "relative to the loudest"})
    order = fields.Integer(required=True)
    family = nullable()


class Bell(Schema):
    number = fields.Integer(required=True)
    height_cm, scale = fields.Float(required=True), fields.Float(required=True)


class LowestPair(Schema):
    centre_hz, side_hz, ratio = fields.Float(), fields.Float(), fields.Float()


class InstrumentModes(Schema):
    accession, title, notes = fields.String(required=True), fields.String(required=True), fields.String()
    kind = fields.String(required=True, validate=validate.OneOf(["chunyu", "bells"]))
    position = fields.String(required=True, validate=validate.OneOf(POSITIONS))
    force = fields.Float(required=True, validate=validate.Range(0, 1))
    bell = nullable(fields.Integer, required=True)
    thickness_mm = fields.Float()
    material, damping = fields.Dict(), fields.Dict()
    convergence = fields.Dict(metadata={"description": "fine against coarse mesh"})
    partials = fields.List(fields.Nested(Partial), required=True)
    bells = fields.List(fields.Nested(Bell), metadata={"description": "bell sets only"})
    lowest_pair = fields.Nested(LowestPair, metadata={"description": "bell sets only: the two tones of the "
                                                      "chosen bell"})


def files(*media_types: str, description: str):
    """Document a file answer: 200, 206 for an HTTP Range, 304 for a conditional request."""
    def decorator(view):
        for media_type in media_types:
            view = bp.alt_response(206, schema=BINARY, content_type=media_type, headers=CACHED,
                                   description="The requested byte range (HTTP Range)")(view)
            view = bp.alt_response(200, schema=BINARY, content_type=media_type, headers=CACHED,
                                   description=description, success=True)(view)
        return bp.alt_response(304, description="Not modified (If-None-Match, If-Modified-Since)")(view)
    return decorator


def strike_errors(view):
    return errors(400, 404, 409, s409="No modal analysis is cached for the instrument (run `museum audio "
                  "modes`)")(view)


@bp.get("/objects/<accession>/audio", tags=["audio"])
@bp.doc(operationId="listObjectAudio")
@bp.response(200, ObjectTracks)
@errors(404)
def object_audio(accession: str):
    """Audio guide tracks of a published object, per language"""
    if repository.get_record(db.session, accession) is None:  # unpublished records are invisible here too
        raise NotFound(f"no published object with accession number {accession!r}")
    return jsonify({"accession": accession, "languages": tracks_by_language(accession)})


@bp.get("/galleries/<slug>/audio", tags=["audio"])
@bp.doc(operationId="listGalleryAudio")
@bp.response(200, GalleryTracks)
@errors(404)
def gallery_audio(slug: str):
    """Guide tracks and soundscapes of a gallery, per language"""
    if repository.get_gallery(db.session, slug) is None:
        raise NotFound(f"no gallery {slug!r}")
    return jsonify({"gallery": slug, "languages": tracks_by_language(slug)})


@bp.get("/audio/<folder>/<name>", tags=["audio"])
@bp.doc(operationId="getAudioFile")
@files(*TRACK_TYPES, description="The file (Opus is audio/ogg; codecs=opus)")
@errors(404)
def audio_file(folder: str, name: str):
    """One file of a track (the urls of an AudioTrack)"""
    track = store.TRACKS.by_folder(db.session, folder)
    if track is None or name not in track.manifest.get("files", {}).values():
        raise NotFound(f"no audio file {folder}/{name}")
    mimetype = MIME_BY_SUFFIX.get(Path(name).suffix, "application/octet-stream")
    return send_stored(f"audio/{folder}/{name}", mimetype, max_age=DAY)


# --- instruments -------------------------------------------------------------------------------

def _quantised(force: float) -> float:
    return round(round(force / FORCE_STEP) * FORCE_STEP, 2)


def _strike_args(query: dict) -> tuple[str, float, int | None]:
    return query["position"], _quantised(query["force"]), query.get("bell")


def _data(accession: str) -> dict:
    return store.instrument_data(db.session, accession)


def _strikes() -> StrikeCache:
    return StrikeCache(Path(current_app.config["INSTANCE_PATH"]) / "cache" / "strikes")


@bp.get("/instruments", tags=["audio"])
@bp.doc(operationId="listInstruments")
@bp.response(200, InstrumentList)
def list_instruments():
    """The playable bronzes"""
    return jsonify({"instruments": [{
        "accession": inst.accession, "kind": inst.kind, "title": inst.title,
        "bells": len(instruments.BELL_HEIGHTS_CM) if inst.kind == "bells" else None,
        "modes_url": url_for("api.instrument_modes", accession=inst.accession),
        "strike_url": url_for("api.instrument_strike", accession=inst.accession)}
        for inst in instruments.INSTRUMENTS.values()]})


@bp.get("/instruments/<accession>/modes", tags=["audio"], parameters=INSTRUMENT)
@bp.doc(operationId="getInstrumentModes")
@bp.arguments(StrikeQuery, location="query")
@bp.response(200, InstrumentModes)
@strike_errors
def instrument_modes(query: dict, accession: str):
    """The partials of one strike, from the cached modal analysis"""
    data = _data(accession)
    position, force, bell = _strike_args(query)
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


@bp.get("/instruments/<accession>/strike", tags=["audio"], parameters=INSTRUMENT)
@bp.doc(operationId="strikeInstrument")
@bp.arguments(StrikeQuery, location="query")
@files("audio/wav", description="The strike")
@strike_errors
def instrument_strike(query: dict, accession: str):
    """The sound of one strike (mono 16-bit WAV, cached)"""
    path = _strikes().strike(accession, _data(accession), *_strike_args(query))
    return send_file(path, mimetype="audio/wav", conditional=True, max_age=86_400)


@bp.get("/instruments/<accession>/spectrogram.png", tags=["audio"], parameters=INSTRUMENT)
@bp.doc(operationId="getInstrumentSpectrogram")
@bp.arguments(StrikeQuery, location="query")
@files("image/png", description="The spectrogram")
@strike_errors
def instrument_spectrogram(query: dict, accession: str):
    """Spectrogram of one strike, the modes marked"""
    path = _strikes().spectrogram(accession, _data(accession), *_strike_args(query))
    return send_file(path, mimetype="image/png", conditional=True, max_age=86_400)


@bp.get("/instruments/drum.wav", tags=["audio"])
@bp.doc(operationId="strikeDrum")
@bp.arguments(DrumQuery, location="query")
@files("audio/wav", description="The drum")
def drum_sound(query: dict):
    """The drum pad beside the bronzes (1 s mono 16-bit WAV, cached)"""
    path = _strikes().drum(_quantised(query["force"]))
    return send_file(path, mimetype="audio/wav", conditional=True, max_age=86_400)
