"""Request schemas shared by the JSON API and the pages (marshmallow): the base :class:`Schema` whose
failures are the house 400 (``BadParameter`` naming the parameter or field), the messages said the way
the rest of the service says them, the fields several routes share (languages, vocabulary terms,
repeated values) and :func:`load_query` for a page's query string.

The API's wiring (flask-smorest, the OpenAPI document, error documentation) is :mod:`museum.api.contract`;
the search parameters are :mod:`museum.search_query`.
"""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate
from webargs.multidictproxy import MultiDictProxy
from werkzeug.datastructures import MultiDict

from languages import LANGUAGES
from museum.catalogue import vocabulary
from museum.exceptions import BadParameter

SLUG = r"^[a-z0-9][a-z0-9-]{0,79}$"  # a gallery's slug
# marshmallow's own messages, said the way the rest of the service says them
PLAIN = {"Missing data for required field.": "is required", "Field may not be null.": "must not be null",
         "Unknown field.": "is not a known field", "Not a valid integer.": "must be a whole number",
         "Not a valid number.": "must be a number", "Not a valid string.": "must be text",
         "Not a valid boolean.": "must be true or false", "Not a valid list.": "must be a list",
         "Not a valid mapping type.": "must be a JSON object", "Invalid input type.": "must be a JSON object",
         "Invalid value.": "is not valid", "String does not match expected pattern.": "has the wrong form"}


class Schema(ma.Schema):
    """Base of every request and response schema. Unknown keys are ignored and left undocumented (answers
    may grow); a request body that refuses them says ``unknown = RAISE`` in its Meta. ``error(field,
    message)`` makes the exception a failed request raises; a feature with its own error codes (instruments,
    the poem station) overrides it."""

    class Meta:
        unknown = ma.EXCLUDE

    @staticmethod
    def error(field: str, message: str) -> Exception:
        return BadParameter(join(field, message))


def join(field: str, message: str) -> str:
    message = PLAIN.get(message, message).rstrip(".")
    if message[:1].isupper() and not message[1:2].isupper():
        message = message[:1].lower() + message[1:]
    if not field:
        return message
    reads_on = message.startswith(("must", "is ", "has ", "takes "))
    return f"{field} {message}" if reads_on else f"{field}: {message}"


def first_error(messages, path: tuple[str, ...] = ()) -> tuple[str, str]:
    """The first (field path, message) of marshmallow's nested error messages."""
    if isinstance(messages, dict):
        key = next(iter(messages))
        step = () if key in ("_schema", "value") else (str(key),)
        if key == "key":
            return ".".join(path), "has an unknown key: " + first_error(messages[key])[1]
        return first_error(messages[key], path + step)
    if isinstance(messages, list):
        return first_error(messages[0], path) if messages and not isinstance(messages[0], str) \
            else (".".join(path), messages[0] if messages else "is not valid")
    return ".".join(path), str(messages)


def load_query(schema: Schema, args: MultiDict) -> dict:
    """Query arguments parsed outside an API route (an HTML form's GET, where an empty field is a field
    left blank, so it counts as not given)."""
    given = MultiDict([(key, value) for key, value in args.items(multi=True) if value.strip()])
    try:
        return schema.load(MultiDictProxy(given, schema))
    except ma.ValidationError as error:
        field, message = first_error(error.messages)
        raise schema.error(field, message) from None


class Values(fields.List):
    """A query parameter given several times or with comma-separated values (``category=a,b&category=c``);
    every value is checked, so an empty one is an error like any other bad value."""

    def __init__(self, inner: fields.Field, *, max_values: int, **kwargs):
        super().__init__(inner, validate=validate.Length(max=max_values, error=f"takes at most {max_values} "
                                                          "values"), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            value = [value]
        return super()._deserialize([part for item in value for part in str(item).split(",")], attr, data,
                                    **kwargs)


LANGUAGE_CODES = [*LANGUAGES, "zh-hant"]


class Language(fields.String):
    """``lang``: one of the six language codes (default zh); loads as the code's canonical spelling."""

    def __init__(self, **kwargs):
        kwargs.setdefault("load_default", "zh")
        super().__init__(metadata={"enum": LANGUAGE_CODES, "description": "Language (zh, zh-Hant, en, ja, "
                                   "ko, fr); missing text falls back along the language's chain.",
                                   **kwargs.pop("metadata", {})}, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if value not in LANGUAGE_CODES:
            raise ma.ValidationError(f"must be one of {', '.join(LANGUAGES)}, not {value[:40]!r}")
        return vocabulary.normalise_language(value)


class Term(fields.String):
    """A category or period by key (the documented enum) or by a name in any language; loads as the key."""

    def __init__(self, kind: str, **kwargs):
        self.kind = kind
        keys = [term.key for term in {"category": vocabulary.CATEGORIES, "period": vocabulary.PERIODS}[kind]]
        super().__init__(metadata={"enum": keys, **kwargs.pop("metadata", {})}, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        try:
            return vocabulary.lookup(self.kind, value).key
        except vocabulary.UnknownTerm as error:
            raise ma.ValidationError(str(error)) from None
