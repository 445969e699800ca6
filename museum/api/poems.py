"""POST /api/v1/poems: a poem from the 三游诗人 station, stored under a short code."""

from __future__ import annotations

from flask import jsonify, request

from exhibits.poems import themes
from exhibits.poems.corpus import POETS
from exhibits.poems.patterns import FORMS
from exhibits.poems.preferences import MAX_SEED
from museum import poem_station
from museum.api import bp, openapi
from museum.extensions import db


def kiosk_id() -> str:
    """The kiosk making the request: its ``X-Kiosk-Id`` header, else its address."""
    return (request.headers.get("X-Kiosk-Id") or request.remote_addr or "unknown")[:64]


@bp.post("/poems")
def create_poem():
    body = request.get_json(silent=True)
    if body is None:
        body = []  # not a JSON object: the validator names the problem
    seed = body.get("seed") if isinstance(body, dict) else None
    if isinstance(seed, float) and seed.is_integer():
        body["seed"] = int(seed)  # JSON has one number type: 42.0 is the integer 42
    with db.transaction() as session:
        row = poem_station.make_poem(session, body, kiosk_id())
        answer = poem_station.poem_json(row)
    response = jsonify(answer)
    response.status_code = 201
    response.headers["Location"] = answer["page_url"]
    return response


HAN = "\u4e00-\u9fff"
KEYWORD = f"[{HAN}]{{1,{themes.MAX_KEYWORD_LENGTH}}}"


def _optional(values) -> dict:
    return {"enum": [*values, "", None], "description": "empty or null: none"}


POEM_REQUEST = {"type": "object", "required": ["poet", "form"], "additionalProperties": False, "properties": {
    "poet": {"type": "string", "enum": list(POETS)}, "form": {"type": "string", "enum": list(FORMS)},
    "theme": _optional(themes.THEMES), "season": _optional(themes.SEASONS), "mood": _optional(themes.MOODS),
    "keywords": {"description": f"Up to {themes.MAX_KEYWORDS} words of 1-{themes.MAX_KEYWORD_LENGTH} Chinese "
                 "characters to work in, as a list or one string separated by spaces or commas", "anyOf": [
                     {"type": "array", "maxItems": themes.MAX_KEYWORDS,
                      "items": {"type": "string", "pattern": f"^{KEYWORD}$"}},
                     {"type": "string", "pattern": f"^({KEYWORD}[ ,，、]+){{0,{themes.MAX_KEYWORDS - 1}}}"
                      f"({KEYWORD})?$"},
                     {"type": "null"}]},
    "acrostic": {"type": ["string", "null"], "pattern": f"^[{HAN}]{{0,{themes.MAX_ACROSTIC_LENGTH}}}$",
                 "description": "藏头: the first characters of the lines (dropped, with a note, when the form "
                 "cannot hold it)"},
    "seed": {"type": ["integer", "null"], "minimum": 0, "maximum": MAX_SEED, "default": 0,
             "description": "the same preferences and seed give the same poem"}}}
POEM = {"type": "object", "required": ["code", "lines", "pinyin", "rhyme_group", "pattern", "inspirations",
                                       "image_url", "page_url", "poet", "form", "notes"], "properties": {
    "code": {"type": "string", "pattern": "^[2-9A-HJ-NP-Z]{8}$"},
    "lines": {"type": "array", "items": {"type": "string"}},
    "pinyin": {"type": "array", "items": {"type": "array", "items": {"type": "string"}},
               "description": "the syllables of each line, with tone marks"},
    "rhyme_group": {"type": "string", "description": "the 平水韵 rhyme group"},
    "pattern": {"type": "object", "required": ["name", "template", "tones", "rhyme_lines"], "properties": {
        "name": {"type": "string"}, "template": {"type": "array", "items": {"type": "string"}},
        "tones": {"type": "array", "items": {"type": "string"}},
        "rhyme_lines": {"type": "array", "items": {"type": "integer", "minimum": 1}}}},
    "inspirations": {"type": "array", "description": "real poems of the poet closest to this one", "items": {
        "type": "object", "required": ["author", "title", "lines"], "properties": {
            "author": {"type": "string"}, "title": {"type": "string"},
            "lines": {"type": "array", "items": {"type": "string"}}}}},
    "image_url": {"type": "string", "format": "uri", "description": "the keepsake PNG"},
    "page_url": {"type": "string", "format": "uri"}, "poet": {"type": "string"}, "form": {"type": "string"},
    "notes": {"type": "array", "items": {"type": "string"}}}}

openapi.document(
    schemas={"PoemRequest": POEM_REQUEST, "Poem": POEM},
    paths={"/api/v1/poems": {"post": {
        "operationId": "createPoem", "summary": "Write a regulated poem in the style of a Three Gorges poet",
        "description": "The 三游诗人 station. Unknown fields or values, and words on the moderation list, are a "
        "400 naming the field; a kiosk (X-Kiosk-Id, else the client address) may ask for "
        "POEMS_PER_KIOSK_PER_MINUTE poems a minute (default 6), then gets a 429. A 503 means the station has "
        "no trained model (run `museum poems train`); a 422 that no poem met every rule (try another seed).",
        "tags": ["poems"],
        "parameters": [{"name": "X-Kiosk-Id", "in": "header", "description": "the asking kiosk (first 64 "
                        "characters)", "schema": {"type": "string"}}],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "$ref": "#/components/schemas/PoemRequest"}}}},
        "responses": {"201": {"description": "The poem, stored under its code", "headers": {
            "Location": {"description": "the poem's public page (page_url)", "schema": {"type": "string"}}},
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Poem"}}}},
            **openapi.error_responses(400, 422, 429, 503)}}}},
)
