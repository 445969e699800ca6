"""The OpenAPI 3.1 document of the JSON API. Each API module adds its paths and schemas here with
:func:`document`, next to the code it describes; a test checks every /api/v1 route is documented."""

from __future__ import annotations

import copy

from museum.catalogue import vocabulary

LANG_PARAM = {"name": "lang", "in": "query", "description": "Language of titles (zh, zh-Hant, en, ja, ko, fr); "
              "missing text falls back along the language's chain.",
              "schema": {"type": "string", "enum": ["zh", "zh-Hant", "zh-hant", "en", "ja", "ko", "fr"]}}
PAGE_PARAMS = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1_000_000, "default": 1}},
    {"name": "size", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
]


ERROR_TEXTS = {400: "Bad parameter", 401: "Not signed in, or an unknown or revoked bearer token "
               "(error code unauthorized; a WWW-Authenticate: Bearer header says how to authenticate)",
               403: "Signed in, but the account lacks a role this operation needs (error code forbidden)",
               404: "Not found", 409: "Conflict", 413: "Too large", 415: "Unsupported media type",
               422: "Invalid input", 429: "Too many requests", 503: "Unavailable"}
WWW_AUTHENTICATE = {"WWW-Authenticate": {"description": "Bearer realm=\"museum\" (with error=\"invalid_token\" "
                                         "for a bad token)", "schema": {"type": "string"}}}
# How a caller signs in: an account's API token, or the session cookie of /curator/login.
SECURITY_SCHEMES = {
    "bearerToken": {"type": "http", "scheme": "bearer", "description": "An account's API token (kiosk devices, "
                    "scripts); requests with a bearer token need no CSRF token."},
    "sessionCookie": {"type": "apiKey", "in": "cookie", "name": "session", "description": "The session cookie "
                      "set by /curator/login; unsafe methods (POST, PUT, DELETE) also need an X-CSRFToken header "
                      "(a missing or wrong one is a 400)."},
}
SIGNED_IN = [{"bearerToken": []}, {"sessionCookie": []}]


def error_responses(*statuses: int) -> dict:
    out = {str(s): {"description": ERROR_TEXTS.get(s, "Error"),
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
           for s in statuses}
    if "401" in out:
        out["401"]["headers"] = copy.deepcopy(WWW_AUTHENTICATE)
    return out


def guarded(operation: dict, *roles: str) -> dict:
    """``operation`` behind ``require_role(*roles)``: adds its ``security`` and its 401 and 403 answers."""
    forbidden = error_responses(403)["403"]
    forbidden["description"] = (f"Signed in, but the account is not {' or '.join(roles)} (admin passes every "
                                "check); error code forbidden")
    return {**operation, "security": copy.deepcopy(SIGNED_IN), "x-required-roles": list(roles),
            "responses": {**operation["responses"], **error_responses(401), "403": forbidden}}


def json_response(schema: dict, description: str = "OK") -> dict:
    return {"200": {"description": description, "content": {"application/json": {"schema": schema}}}}


def _keys(kind: str) -> list[str]:
    return [term.key for term in {"category": vocabulary.CATEGORIES, "period": vocabulary.PERIODS}[kind]]


MULTILINGUAL = {"type": "object", "description": "Text per language code",
                "propertyNames": {"enum": ["zh", "zh-Hant", "en", "ja", "ko", "fr"]},
                "additionalProperties": {"type": "string"}}
NULLABLE_STR = {"type": ["string", "null"]}
NULLABLE_INT = {"type": ["integer", "null"]}
NULLABLE_NUM = {"type": ["number", "null"]}

SCHEMAS: dict = {
    "Error": {"type": "object", "required": ["error"], "properties": {"error": {
        "type": "object", "required": ["code", "message"],
        "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}},
    "Multilingual": MULTILINGUAL,
    "ObjectSummary": {"type": "object", "required": ["accession_number", "title", "url"], "properties": {
        "accession_number": {"type": "string"}, "title": NULLABLE_STR, "category": NULLABLE_STR,
        "period": NULLABLE_STR, "start_year": NULLABLE_INT, "end_year": NULLABLE_INT,
        "gallery": NULLABLE_STR, "url": {"type": "string", "format": "uri"}}},
    "ObjectPage": {"type": "object", "required": ["total", "page", "size", "items"], "properties": {
        "total": {"type": "integer"}, "page": {"type": "integer"}, "size": {"type": "integer"},
        "items": {"type": "array", "items": {"$ref": "#/components/schemas/ObjectSummary"}}}},
    "Object": {"type": "object", "required": ["accession_number", "title"], "properties": {
        "accession_number": {"type": "string"},
        "title": {"$ref": "#/components/schemas/Multilingual"},
        "description": {"$ref": "#/components/schemas/Multilingual"},
        "category": NULLABLE_STR, "period": NULLABLE_STR, "start_year": NULLABLE_INT, "end_year": NULLABLE_INT,
        "material": NULLABLE_STR, "quantity": NULLABLE_INT, "height_cm": NULLABLE_NUM, "width_cm": NULLABLE_NUM,
        "depth_cm": NULLABLE_NUM, "diameter_cm": NULLABLE_NUM, "dimensions_text": NULLABLE_STR,
        "weight_g": NULLABLE_NUM, "find_site": NULLABLE_STR, "acquisition_method": NULLABLE_STR,
        "acquisition_date": NULLABLE_STR, "grade": NULLABLE_STR, "completeness": NULLABLE_STR,
        "conservation_state": NULLABLE_STR, "gallery": NULLABLE_STR, "rights": NULLABLE_STR,
        "licence": NULLABLE_STR, "published": {"type": "boolean"},
        "created_at": NULLABLE_STR, "updated_at": NULLABLE_STR, "url": {"type": "string"}}},
    "Gallery": {"type": "object", "required": ["slug", "name"], "properties": {
        "slug": {"type": "string"}, "name": {"$ref": "#/components/schemas/Multilingual"},
        "description": {"$ref": "#/components/schemas/Multilingual"}, "position": {"type": "integer"},
        "object_count": {"type": "integer"}}},
    "GalleryList": {"type": "object", "required": ["items"], "properties": {
        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Gallery"}}}},
    "Health": {"type": "object", "required": ["status"], "properties": {
        "status": {"type": "string", "enum": ["ok", "degraded", "down"]}, "checks": {"type": "object"}}},
}

PATHS: dict = {
    "/api/v1/objects": {"get": {
        "operationId": "listObjects", "summary": "Published objects, paged and filtered", "tags": ["catalogue"],
        "parameters": PAGE_PARAMS + [
            {"name": "category", "in": "query", "description": "Category key (a name in any language is also "
             "accepted); unknown values are a 400", "schema": {"type": "string", "enum": _keys("category")}},
            {"name": "period", "in": "query", "description": "Period key (a name in any language is also "
             "accepted); unknown values are a 400", "schema": {"type": "string", "enum": _keys("period")}},
            {"name": "gallery", "in": "query", "description": "Gallery slug; unknown slugs are a 400",
             "schema": {"type": "string"}},
            LANG_PARAM],
        "responses": {**json_response({"$ref": "#/components/schemas/ObjectPage"}), **error_responses(400)}}},
    "/api/v1/objects/{accession}": {"get": {
        "operationId": "getObject", "summary": "One published object with all fields", "tags": ["catalogue"],
        "parameters": [{"name": "accession", "in": "path", "required": True, "schema": {"type": "string"}}],
        "responses": {**json_response({"$ref": "#/components/schemas/Object"}), **error_responses(404)}}},
    "/api/v1/galleries": {"get": {
        "operationId": "listGalleries", "summary": "All galleries with object counts", "tags": ["catalogue"],
        "responses": json_response({"$ref": "#/components/schemas/GalleryList"})}},
    "/api/v1/galleries/{slug}": {"get": {
        "operationId": "getGallery", "summary": "One gallery", "tags": ["catalogue"],
        "parameters": [{"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}],
        "responses": {**json_response({"$ref": "#/components/schemas/Gallery"}), **error_responses(404)}}},
    "/healthz": {"get": {
        "operationId": "health", "summary": "Service health with a database check", "tags": ["service"],
        "responses": {**json_response({"$ref": "#/components/schemas/Health"}),
                      "503": {"description": "Down", "content": {"application/json": {
                          "schema": {"$ref": "#/components/schemas/Health"}}}}}}},
}


def document(paths: dict | None = None, schemas: dict | None = None) -> None:
    """Add paths and component schemas (called by each API module at import)."""
    for path, operations in (paths or {}).items():
        PATHS.setdefault(path, {}).update(operations)
    SCHEMAS.update(schemas or {})


def build(server_url: str, gallery_slugs: list[str] | None = None) -> dict:
    """The document; ``gallery_slugs`` (the galleries in the database) become the gallery filter's enum."""
    paths = copy.deepcopy(PATHS)
    if gallery_slugs:
        for parameter in paths["/api/v1/objects"]["get"]["parameters"]:
            if parameter["name"] == "gallery":
                parameter["schema"]["enum"] = list(gallery_slugs)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Three Gorges Museum API", "version": "1.0.0",
                 "description": "Collection records, galleries, search and exhibits of the Chongqing China Three "
                                "Gorges Museum. Errors are JSON {\"error\": {\"code\", \"message\"}}. A request "
                                "with an Authorization: Bearer header whose token is unknown or revoked is a "
                                "401 on every path.",
                 "license": {"name": "Apache-2.0", "identifier": "Apache-2.0"}},
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {"schemas": copy.deepcopy(SCHEMAS), "securitySchemes": copy.deepcopy(SECURITY_SCHEMES)},
    }
