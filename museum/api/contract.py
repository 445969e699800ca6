"""How the API declares its contract: each route states its request and response schemas (marshmallow) on
the route, flask-smorest parses requests with them and apispec writes the OpenAPI 3.1 document from them.

This module holds the wiring shared by the routes: the :class:`Api` bound to each app (so limits read
from the app's configuration appear in its document as configured), the request parser whose failures
are the house 400 (``BadParameter`` naming the parameter or field), the error envelope's schema, and the
decorators that document error answers and sign-in requirements.
"""

from __future__ import annotations

import copy
import http
from collections.abc import Callable, Mapping

import marshmallow as ma
from flask import Blueprint as FlaskBlueprint
from flask import Flask, current_app
from flask_smorest import Api as SmorestApi
from flask_smorest import Blueprint
from marshmallow import fields, validate
from webargs.flaskparser import FlaskParser

from languages import LANGUAGES
from museum.auth import require_role
from museum.catalogue.accounts import READERS
from museum.exceptions import BadParameter
from museum.schemas import Schema, first_error

DB_ID_MAX = 2**63 - 1  # the largest database id (SQLite's INTEGER): larger ids are a 404, not an overflow
DESCRIPTION = ("Collection records, galleries, search and exhibits of the Chongqing China Three Gorges "
               "Museum. Errors are JSON {\"error\": {\"code\", \"message\"}}; a bad parameter or field is a "
               "400 whose message names it. A request with an Authorization: Bearer header whose token is "
               "unknown or revoked is a 401 on every path.")
ERROR_TEXTS = {400: "Bad parameter", 404: "Not found", 409: "Conflict", 413: "Too large",
               415: "Unsupported media type", 422: "Invalid input", 429: "Too many requests",
               503: "Unavailable"}
SECURITY_SCHEMES = {
    "bearerToken": {"type": "http", "scheme": "bearer", "description": "An account's API token (mt_..., for "
                    "scripts: `museum user token NAME`); requests with a bearer token need no CSRF token. A "
                    "kiosk device's token (kiosk_...) identifies the device but passes no role check."},
    "sessionCookie": {"type": "apiKey", "in": "cookie", "name": "session", "description": "The session "
                      "cookie set by /curator/login; unsafe methods (POST, PUT, DELETE) also need an "
                      "X-CSRFToken header (a missing or wrong one is a 400)."},
}


# --- schemas and fields ------------------------------------------------------------------------------

class ErrorDetail(Schema):
    code = fields.String(required=True, metadata={"description": "machine-readable, e.g. bad_parameter"})
    message = fields.String(required=True,
                            metadata={"description": "for people; names the parameter or field"})


class Error(Schema):
    error = fields.Nested(ErrorDetail, required=True)


def uri(**kwargs) -> fields.String:
    return fields.String(metadata={"format": "uri", **kwargs.pop("metadata", {})}, **kwargs)


def described(field: fields.Field, text: str) -> fields.Field:
    field.metadata = {**field.metadata, "description": text}
    return field


def json_schema(**keywords) -> dict:
    """Field metadata for JSON Schema keywords marshmallow has no validator for (``const``, ``not``,
    ``propertyNames``, ``anyOf`` ...): copied into the document verbatim by :func:`_keywords`."""
    return {"json_schema": keywords}


def configured(key: str, derive: Callable[[int], int] = int) -> Callable[[Mapping], int]:
    """A limit read from the app's configuration (``derive`` turns the key's value into the limit)."""
    return lambda config: derive(config[key])


class Limit(validate.Validator):
    """``minimum`` ≤ value ≤ ``maximum(app.config)``; the document shows the configured maximum."""

    def __init__(self, minimum: int, maximum: Callable[[Mapping], int], hint: str = ""):
        self.minimum, self.maximum, self.hint = minimum, maximum, hint

    def __call__(self, value):
        maximum = self.maximum(current_app.config)
        if not self.minimum <= value <= maximum:
            raise ma.ValidationError(f"must be from {self.minimum} to {maximum}{self.hint}")
        return value


def configured_integer(maximum: Callable[[Mapping], int], minimum: int = 1, hint: str = "",
                       **kwargs) -> fields.Integer:
    return fields.Integer(validate=Limit(minimum, maximum, hint),
                          metadata={"minimum": minimum, "maximum_from": maximum,
                                    **kwargs.pop("metadata", {})},
                          **kwargs)


class WholeNumber(fields.Integer):
    """An integer in a JSON body; JSON has one number type, so 42.0 is the integer 42 (and "42" is text)."""

    def _validated(self, value):
        if isinstance(value, bool) or not isinstance(value, int | float) \
                or (isinstance(value, float) and not value.is_integer()):
            raise self.make_error("invalid", input=value)
        return int(value)


# --- request parsing ---------------------------------------------------------------------------------

class Parser(FlaskParser):
    DEFAULT_VALIDATION_STATUS = 400

    def handle_error(self, error, req, schema, *, error_status_code, error_headers):
        messages = error.messages
        if (isinstance(messages, dict) and len(messages) == 1
                and next(iter(messages)) in self.__location_map__):
            messages = next(iter(messages.values()))  # drop the location ("query", "json")
        field, message = first_error(messages)
        raise (schema.error if isinstance(schema, Schema) else Schema.error)(field, message)

    def handle_invalid_json_error(self, error, req, *args, **kwargs):
        raise BadParameter("the body is not valid JSON")


Blueprint.ARGUMENTS_PARSER = Parser()
bp = Blueprint("api", __name__, url_prefix="/api/v1")


# --- documentation decorators ---------------------------------------------------------------------------

def errors(*statuses: int, **descriptions: str):
    """Document error answers with the error envelope (``descriptions`` by ``s409="..."``)."""
    def decorator(view):
        for status in statuses:
            text = descriptions.get(f"s{status}") or ERROR_TEXTS.get(status) or http.HTTPStatus(status).phrase
            view = bp.alt_response(status, schema=Error, description=text)(view)
        return view
    return decorator


def signed_in(*roles: str):
    """``require_role(*roles)`` and its documentation: the security schemes and the 401 and 403 answers."""
    roles = roles or READERS
    who = " or ".join(roles)

    def decorator(view):
        view = require_role(*roles)(view)
        view = errors(401, 403, s401="Not signed in, or an unknown or revoked bearer token (error code "
                      "unauthorized; a WWW-Authenticate: Bearer header says how to authenticate)",
                      s403=f"Signed in, but the account is not {who} (admin passes every check); error code "
                      "forbidden")(view)
        return Blueprint.doc(security=[{"bearerToken": []}, {"sessionCookie": []}], **{"x-required-roles":
                             list(roles)})(view)
    return decorator


# --- the Api per app ------------------------------------------------------------------------------------

class Api(SmorestApi):
    DEFAULT_ERROR_RESPONSE_NAME = None  # every answer an operation can give is documented on it
    ERROR_SCHEMA = Error

    def _register_error_handlers(self) -> None:
        """Nothing: :mod:`museum.errors` maps every exception to the house envelope."""


def make_api(app: Flask, blueprints: tuple[Blueprint, ...], components: tuple = ()) -> Api:
    """The app's Api: its routes' operations, and ``components(spec)`` adding schemas no route owns alone."""
    # its title and versions: API_TITLE, API_VERSION, OPENAPI_VERSION in museum/config.py
    api = Api(app, spec_kwargs={"info": {"description": DESCRIPTION, "license": {
        "name": "Apache-2.0", "identifier": "Apache-2.0"}}})
    api.ma_plugin.converter.add_attribute_function(_keywords_for(app))
    for component in components:
        component(api.spec)
    for name, scheme in SECURITY_SCHEMES.items():
        api.spec.components.security_scheme(name, scheme)
    for blueprint in blueprints:
        api.register_blueprint(blueprint)
    app.extensions["museum-api"] = api
    return api


def _keywords_for(app: Flask):
    def _keywords(self, field: fields.Field, **kwargs) -> dict:
        """JSON Schema keywords from field metadata: ``json_schema`` verbatim, ``maximum_from`` a config
        key."""
        out = dict(field.metadata.get("json_schema", {}))
        if "maximum_from" in field.metadata:
            out["maximum"] = field.metadata["maximum_from"](app.config)
        return out
    return _keywords


TOO_LARGE = {"description": "The request body is larger than this address accepts (MAX_BODY_BYTES; only a "
             "signed-in user's uploads may be larger); refused before it is read, error code "
             "request_entity_too_large",
             "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def spec_of(app: Flask, server_url: str) -> dict:
    """The app's OpenAPI document (a copy), with the server it was asked from. Every operation that takes a
    body may answer 413: the limit of museum/request_limits.py applies to all of them."""
    spec = copy.deepcopy(app.extensions["museum-api"].spec.to_dict())
    spec["servers"] = [{"url": server_url}]
    for operations in spec["paths"].values():
        for operation in operations.values():
            if isinstance(operation, dict) and "requestBody" in operation:
                operation["responses"].setdefault("413", TOO_LARGE)
    return spec


def undocumented_route(rule: str, endpoint: str, **options):
    """A route on the blueprint that is not an API operation (the document itself, its HTML page)."""
    def decorator(view):
        FlaskBlueprint.add_url_rule(bp, rule, endpoint, view, **options)
        return view
    return decorator


# --- fields the routes share ----------------------------------------------------------------------------

def multilingual(**kwargs) -> fields.Dict:
    return fields.Dict(keys=fields.String(), values=fields.String(), metadata={
        "description": "Text per language code", **json_schema(propertyNames={"enum": list(LANGUAGES)}),
    }, **kwargs)


def nullable(field_class=fields.String, **kwargs) -> fields.Field:
    return field_class(allow_none=True, **kwargs)
