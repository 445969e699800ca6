"""POST /api/v1/poems: a poem from the 三游诗人 station, stored under a short code."""

from __future__ import annotations

import re

from flask import jsonify
from marshmallow import RAISE, ValidationError, fields, validate

from exhibits.poems import themes
from exhibits.poems.corpus import POETS
from exhibits.poems.exceptions import InvalidPreference
from exhibits.poems.patterns import FORMS
from exhibits.poems.preferences import MAX_SEED
from museum import auth, poem_station
from museum.api.contract import WholeNumber, bp, errors, json_schema, uri
from museum.extensions import db
from museum.schemas import Schema

HAN = "\u4e00-\u9fff"
KEYWORD = f"[{HAN}]{{1,{themes.MAX_KEYWORD_LENGTH}}}"
KEYWORD_LIST = f"^({KEYWORD}[ ,，、]+){{0,{themes.MAX_KEYWORDS - 1}}}({KEYWORD})?$"
KEYWORDS_SCHEMA = [{"type": "array", "maxItems": themes.MAX_KEYWORDS, "items": {"type": "string",
                                                                                "pattern": f"^{KEYWORD}$"}},
                   {"type": "string", "pattern": KEYWORD_LIST}, {"type": "null"}]


def _keywords(value) -> None:
    if value is None or (isinstance(value, str) and re.fullmatch(KEYWORD_LIST, value)):
        return
    if isinstance(value, list) and len(value) <= themes.MAX_KEYWORDS and all(
            isinstance(k, str) and re.fullmatch(KEYWORD, k) for k in value):
        return
    raise ValidationError(f"must be up to {themes.MAX_KEYWORDS} words of 1-{themes.MAX_KEYWORD_LENGTH}"
                          " Chinese characters, as a list or one string separated by spaces or commas")


class JsonBoolean(fields.Boolean):
    """true or false only (marshmallow's Boolean also takes 0, 1, "yes" …, which the schema says it
    refuses)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


def _optional(values) -> fields.String:
    return fields.String(allow_none=True, validate=validate.OneOf([*values, ""]),
                         metadata={"description": "empty or null: none"})


class PoemRequest(Schema):
    class Meta:
        unknown = RAISE

    poet = fields.String(required=True, validate=validate.OneOf(list(POETS)))
    form = fields.String(required=True, validate=validate.OneOf(list(FORMS)))
    theme, season, mood = _optional(themes.THEMES), _optional(themes.SEASONS), _optional(themes.MOODS)
    keywords = fields.Raw(allow_none=True, validate=_keywords, metadata={
        "description": f"Up to {themes.MAX_KEYWORDS} words of 1-{themes.MAX_KEYWORD_LENGTH} Chinese"
                       " characters to work in, as a list or one string separated by spaces or commas",
        **json_schema(anyOf=KEYWORDS_SCHEMA)})
    acrostic = fields.String(allow_none=True, validate=validate.Regexp(
        f"^[{HAN}]{{0,{themes.MAX_ACROSTIC_LENGTH}}}$",
        error=f"must be 0-{themes.MAX_ACROSTIC_LENGTH} Chinese characters"),
        metadata={"description": "藏头: the first characters of the lines (dropped, with a note, when the"
                                 " form cannot hold it)"})
    wall = JsonBoolean(load_default=True, metadata={
        "description": "false: the poem is not projected until sent (POST /kiosk/poems/{code}/wall)"})
    seed = WholeNumber(allow_none=True, validate=validate.Range(0, MAX_SEED), metadata={
        "default": 0, "description": "the same preferences and seed give the same poem"})

    @staticmethod
    def error(field: str, message: str) -> Exception:
        return InvalidPreference(field or "body", message.rstrip("."))


class Pattern(Schema):
    name = fields.String(required=True)
    template = fields.List(fields.String(), required=True)
    tones = fields.List(fields.String(), required=True)
    rhyme_lines = fields.List(fields.Integer(validate=validate.Range(min=1)), required=True)


class Inspiration(Schema):
    author, title = fields.String(required=True), fields.String(required=True)
    lines = fields.List(fields.String(), required=True)


class LeftOut(Schema):
    keyword, reason = fields.String(required=True), fields.String(required=True)


class Poem(Schema):
    code = fields.String(required=True, validate=validate.Regexp("^[2-9A-HJ-NP-Z]{8}$"))
    lines = fields.List(fields.String(), required=True)
    pinyin = fields.List(fields.List(fields.String()), required=True, metadata={
        "description": "the syllables of each line, with tone marks"})
    rhyme_group = fields.String(required=True, metadata={"description": "the 平水韵 rhyme group"})
    pattern = fields.Nested(Pattern, required=True)
    inspirations = fields.List(fields.Nested(Inspiration), required=True, metadata={
        "description": "real poems of the poet closest to this one"})
    image_url = uri(required=True, metadata={"description": "the keepsake PNG"})
    page_url = uri(required=True)
    poet, form = fields.String(required=True), fields.String(required=True)
    notes = fields.List(fields.String(), required=True)
    keywords_left_out = fields.List(fields.Nested(LeftOut), required=True, metadata={
        "description": "every keyword the poem does not hold, with the reason (a clash with the season, no "
        "place that fits the metre, a character used twice …); the notes say the same in words"})
    on_wall = fields.Boolean(required=True, metadata={"description": "the poem is on the projection wall"})


@bp.post("/poems", tags=["poems"])
@bp.doc(operationId="createPoem")
@bp.arguments(PoemRequest)
@bp.response(201, Poem, description="The poem, stored under its code", headers={
    "Location": {"description": "the poem's public page (page_url)", "schema": {"type": "string"}}})
@errors(422, 429, 503, s422="No poem met every rule (try another seed)",
        s429="The kiosk (or address) asked for more than POEMS_PER_KIOSK_PER_MINUTE poems a minute",
        s503="The station has no trained model (run `museum poems train`)")
def create_poem(body: dict):
    """Write a regulated poem in the style of a Three Gorges poet

    The 三游诗人 station. Unknown fields or values, and words on the moderation list, are a 400 naming the
    field; a registered kiosk device (its kiosk_token cookie, set when it opened /kiosk/<token>, or its
    token as a bearer token), else a client address, may ask for POEMS_PER_KIOSK_PER_MINUTE poems a minute
    (default 6), then gets a 429.
    """
    with db.transaction() as session:
        row = poem_station.make_poem(session, body, auth.client_key())
        answer = poem_station.poem_json(row)
    response = jsonify(answer)
    response.status_code = 201
    response.headers["Location"] = answer["page_url"]
    return response
