"""OpenAPI description of the audio routes (:mod:`museum.api.audio`)."""

from __future__ import annotations

from exhibits.audio import instruments
from museum.api.openapi import NULLABLE_NUM, NULLABLE_STR, document, error_responses, json_response
from museum.catalogue.vocabulary import LANGUAGES

DAY = 86_400
BINARY = {"type": "string", "format": "binary"}
CACHED = {"Cache-Control": {"description": f"max-age={DAY}", "schema": {"type": "string"}}}
AUDIO_TYPES = ("audio/flac", "audio/ogg", "audio/mp4", "audio/mpeg", "audio/wav", "text/vtt", "application/json",
               "image/png", "application/octet-stream")
TRACK_FILES = ("flac", "opus", "aac", "mp3", "peaks", "waveform", "captions")
INSTRUMENT = {"name": "accession", "in": "path", "required": True, "description": "a playable instrument; "
              "other accession numbers are a 404", "schema": {"type": "string", "enum": list(instruments.INSTRUMENTS)}}
FORCE = {"type": "number", "minimum": 0, "maximum": 1}
STRIKE_PARAMS = [
    {"name": "position", "in": "query", "description": "where the mallet strikes (other values are a 400)",
     "schema": {"type": "string", "enum": ["centre", "side"], "default": "centre"}},
    {"name": "force", "in": "query", "description": "from 0 (softest) to 1, rounded to steps of 0.05; outside "
     "0-1 or not a number is a 400", "schema": {**FORCE, "default": 0.7}},
    {"name": "bell", "in": "query", "description": f"which bell of a set (1-{len(instruments.BELL_HEIGHTS_CM)}, "
     "default 1); a single instrument takes none or 1, anything else is a 400",
     "schema": {"type": "integer", "minimum": 1, "maximum": len(instruments.BELL_HEIGHTS_CM)}}]
STRIKE_ERRORS = {**error_responses(400, 404), "409": {
    "description": "No modal analysis is cached for the instrument (run `museum audio modes`)",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}
TRACKS = {"type": "object", "description": "the tracks per language code", "propertyNames": {"enum": list(LANGUAGES)},
          "additionalProperties": {"type": "array", "items": {"$ref": "#/components/schemas/AudioTrack"}}}
PARTIAL = {"type": "object", "required": ["frequency", "decay", "amplitude", "order"], "properties": {
    "frequency": {"type": "number", "description": "Hz"}, "decay": {"type": "number", "description": "seconds"},
    "amplitude": {"type": "number", "minimum": 0, "maximum": 1, "description": "relative to the loudest"},
    "order": {"type": "integer"}, "family": NULLABLE_STR}}


def _file(media_types: tuple[str, ...], description: str) -> dict:
    content = {t: {"schema": BINARY} for t in media_types}
    return {"200": {"description": description, "headers": CACHED, "content": content},
            "206": {"description": "The requested byte range (HTTP Range)", "headers": CACHED, "content": content},
            "304": {"description": "Not modified (If-None-Match, If-Modified-Since)"}}


document(
    schemas={
        "AudioTrack": {"type": "object", "required": ["id", "kind", "language", "duration", "sample_rate",
                                                      "channels", "urls"], "properties": {
            "id": {"type": "integer"}, "kind": {"type": "string", "enum": ["guide", "soundscape"]},
            "title": NULLABLE_STR, "language": {"type": "string", "enum": list(LANGUAGES)},
            "duration": {"type": "number", "description": "seconds"}, "sample_rate": {"type": "integer"},
            "channels": {"type": "integer"}, "layout": {**NULLABLE_STR, "description": "mono, stereo, quad, 5.1, 7.1"},
            "loudness_lufs": NULLABLE_NUM, "true_peak_dbtp": NULLABLE_NUM,
            "urls": {"type": "object", "description": "the files of the track: FLAC master, Opus, AAC and MP3 "
                     "derivatives, waveform peaks (JSON) and image (PNG), WebVTT captions when transcribed",
                     "propertyNames": {"enum": list(TRACK_FILES)}, "additionalProperties": {"type": "string"}}}},
        "Instrument": {"type": "object", "required": ["accession", "kind", "title", "modes_url", "strike_url"],
                       "properties": {"accession": {"type": "string"},
                                      "kind": {"type": "string", "enum": ["chunyu", "bells"]},
                                      "title": {"type": "string"},
                                      "bells": {"type": ["integer", "null"], "description": "bells in the set"},
                                      "modes_url": {"type": "string"}, "strike_url": {"type": "string"}}},
        "InstrumentModes": {"type": "object", "required": ["accession", "kind", "title", "position", "force",
                                                           "bell", "partials"], "properties": {
            "accession": {"type": "string"}, "kind": {"type": "string", "enum": ["chunyu", "bells"]},
            "title": {"type": "string"}, "notes": {"type": "string"},
            "position": {"type": "string", "enum": ["centre", "side"]}, "force": FORCE,
            "bell": {"type": ["integer", "null"]}, "thickness_mm": {"type": "number"},
            "material": {"type": "object"}, "damping": {"type": "object"},
            "convergence": {"type": "object", "description": "fine against coarse mesh"},
            "partials": {"type": "array", "items": PARTIAL},
            "bells": {"type": "array", "description": "bell sets only", "items": {
                "type": "object", "required": ["number", "height_cm", "scale"], "properties": {
                    "number": {"type": "integer"}, "height_cm": {"type": "number"}, "scale": {"type": "number"}}}},
            "lowest_pair": {"type": "object", "description": "bell sets only: the two tones of the chosen bell",
                            "properties": {"centre_hz": {"type": "number"}, "side_hz": {"type": "number"},
                                           "ratio": {"type": "number"}}}}},
    },
    paths={
        "/api/v1/objects/{accession}/audio": {"get": {
            "operationId": "listObjectAudio", "summary": "Audio guide tracks of a published object, per language",
            "tags": ["audio"],
            "parameters": [{"name": "accession", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {**json_response({"type": "object", "required": ["accession", "languages"], "properties": {
                "accession": {"type": "string"}, "languages": TRACKS}}), **error_responses(404)}}},
        "/api/v1/galleries/{slug}/audio": {"get": {
            "operationId": "listGalleryAudio", "summary": "Guide tracks and soundscapes of a gallery, per language",
            "tags": ["audio"],
            "parameters": [{"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {**json_response({"type": "object", "required": ["gallery", "languages"], "properties": {
                "gallery": {"type": "string"}, "languages": TRACKS}}), **error_responses(404)}}},
        "/api/v1/audio/{folder}/{name}": {"get": {
            "operationId": "getAudioFile", "summary": "One file of a track (the urls of an AudioTrack)",
            "tags": ["audio"],
            "parameters": [{"name": "folder", "in": "path", "required": True, "schema": {"type": "string"}},
                           {"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {**_file(AUDIO_TYPES, "The file (Opus is audio/ogg; codecs=opus)"),
                          **error_responses(404)}}},
        "/api/v1/instruments": {"get": {
            "operationId": "listInstruments", "summary": "The playable bronzes", "tags": ["audio"],
            "responses": json_response({"type": "object", "required": ["instruments"], "properties": {
                "instruments": {"type": "array", "items": {"$ref": "#/components/schemas/Instrument"}}}})}},
        "/api/v1/instruments/{accession}/modes": {"get": {
            "operationId": "getInstrumentModes", "summary": "The partials of one strike, from the cached modal "
            "analysis", "tags": ["audio"], "parameters": [INSTRUMENT, *STRIKE_PARAMS],
            "responses": {**json_response({"$ref": "#/components/schemas/InstrumentModes"}), **STRIKE_ERRORS}}},
        "/api/v1/instruments/{accession}/strike": {"get": {
            "operationId": "strikeInstrument", "summary": "The sound of one strike (mono 16-bit WAV, cached)",
            "tags": ["audio"], "parameters": [INSTRUMENT, *STRIKE_PARAMS],
            "responses": {**_file(("audio/wav",), "The strike"), **STRIKE_ERRORS}}},
        "/api/v1/instruments/{accession}/spectrogram.png": {"get": {
            "operationId": "getInstrumentSpectrogram", "summary": "Spectrogram of one strike, the modes marked",
            "tags": ["audio"], "parameters": [INSTRUMENT, *STRIKE_PARAMS],
            "responses": {**_file(("image/png",), "The spectrogram"), **STRIKE_ERRORS}}},
        "/api/v1/instruments/drum.wav": {"get": {
            "operationId": "strikeDrum", "summary": "The drum pad beside the bronzes (1 s mono 16-bit WAV, cached)",
            "tags": ["audio"],
            "parameters": [{"name": "force", "in": "query", "description": "from 0 to 1, rounded to steps of "
                            "0.05; outside 0-1 or not a number is a 400", "schema": {**FORCE, "default": 0.8}}],
            "responses": {**_file(("audio/wav",), "The drum"), **error_responses(400)}}},
    },
)
