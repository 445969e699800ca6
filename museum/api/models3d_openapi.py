"""OpenAPI description of the 3D model routes (:mod:`museum.api.models3d`)."""

from __future__ import annotations

from museum.api.openapi import NULLABLE_INT, NULLABLE_STR, document, error_responses, guarded, json_response
from museum.catalogue.models3d import MAX_HOTSPOTS, MAX_TEXT
from museum.catalogue.vocabulary import LANGUAGES

YEAR = 31_536_000
MAX_ID = 2**63 - 1  # the largest database id (models3d answers 404 above it)
MODEL_ID = {"name": "model_id", "in": "path", "required": True,
            "schema": {"type": "integer", "minimum": 0, "maximum": MAX_ID}}
HOTSPOT_ID = {"name": "hotspot_id", "in": "path", "required": True, "schema": {"type": "string"}}
ACCESSION = {"name": "accession", "in": "path", "required": True, "schema": {"type": "string"}}
VECTOR = {"type": "array", "minItems": 3, "maxItems": 3, "items": {"type": "number"}}
TEXTS = {"type": "object", "description": "Text per language code",
         "propertyNames": {"enum": list(LANGUAGES)},
         "additionalProperties": {"type": "string", "minLength": 1, "maxLength": MAX_TEXT, "pattern": "\\S"}}
HOTSPOT_REF = {"$ref": "#/components/schemas/Hotspot"}
EDITING = ("Curators only. The body is checked field by field: a 400 names the problem (unknown field, position "
           f"outside the model's bounding box with a 2 cm margin, a text not keyed by {', '.join(LANGUAGES)}, more "
           f"than {MAX_HOTSPOTS} hotspots ...).")

HOTSPOT = {"type": "object", "required": ["id", "position", "label"], "properties": {
    "id": {"type": "string", "pattern": "^[A-Za-z0-9-]{1,40}$"},
    "position": {**VECTOR, "description": "[x, y, z] in metres, +Y up, origin at the base centre"},
    "normal": {**VECTOR, "description": "unit vector"},
    "label": TEXTS, "description": TEXTS}}
HOTSPOT_INPUT = {"type": "object", "required": ["position", "label"], "additionalProperties": False,
                 "description": "A hotspot to store; the id (letters, digits and '-', at most 40) is made up when "
                 "missing, and taken from the path on replacement.", "properties": {
                     "id": {"type": "string", "pattern": "^[A-Za-z0-9-]{1,40}$"},
                     "position": {**VECTOR, "description": "[x, y, z] in metres, within the model's bounding box"},
                     "normal": {"anyOf": [VECTOR, {"type": "null"}], "description": "not the zero vector; it is "
                                "stored normalised"},
                     "label": {**TEXTS, "minProperties": 1}, "description": {"anyOf": [TEXTS, {"type": "null"}]}}}
DERIVATIVE = {"type": "object", "required": ["level", "url", "bytes", "media_type"], "properties": {
    "level": {"type": "string", "enum": ["web", "kiosk", "thumbnail"]}, "url": {"type": "string"},
    "bytes": {"type": "integer"}, "triangles": NULLABLE_INT, "vertices": NULLABLE_INT, "texture_px": NULLABLE_INT,
    "media_type": {"type": "string"}, "validator": {"type": ["object", "null"],
                                                    "description": "the glTF validator's summary"}}}
MODEL = {"type": "object", "required": ["id", "source", "derivatives", "hotspots", "hotspots_url"], "properties": {
    "id": {"type": "integer"},
    "source": {"type": "object", "required": ["name", "format", "units", "up"], "properties": {
        "name": {"type": "string"}, "format": {"type": "string"}, "units": {"type": "string"},
        "up": {"type": "string"}}},
    "stats": {"type": ["object", "null"], "description": "mesh statistics, with bbox_cm"},
    "dimension_check": {"type": ["object", "null"], "description": "the model's size against the catalogue's "
                        "dimensions"},
    "derivatives": {"type": "array", "items": DERIVATIVE},
    "poster": NULLABLE_STR, "turntable": NULLABLE_STR,
    "hotspots": {"type": "array", "items": HOTSPOT_REF}, "hotspots_url": {"type": "string"}}}
CACHING = {"ETag": {"schema": {"type": "string"}, "description": "the file's SHA-256"},
           "Cache-Control": {"schema": {"type": "string"}, "description": f"public, max-age={YEAR}, immutable"}}
FILE_TYPES = ("model/gltf-binary", "image/png", "image/webp")

document(
    schemas={"Hotspot": HOTSPOT, "HotspotInput": HOTSPOT_INPUT, "ObjectModel": MODEL},
    paths={
        "/api/v1/objects/{accession}/models": {"get": {
            "operationId": "listObjectModels", "summary": "The 3D models of a published object, with derivatives",
            "tags": ["3d"], "parameters": [ACCESSION],
            "responses": {**json_response({"type": "object", "required": ["accession_number", "models"],
                                           "properties": {"accession_number": {"type": "string"}, "models": {
                                               "type": "array", "items": {"$ref": "#/components/schemas/"
                                                                                  "ObjectModel"}}}}),
                          **error_responses(404)}}},
        "/api/v1/models/files/{name}": {"get": {
            "operationId": "getModelFile", "summary": "A derivative (GLB), poster or turntable image of a model",
            "description": "Files are named by content hash (<sha256>.<ext>) and cached for a year. HTTP Range "
            "(206) and conditional requests (If-None-Match, If-Modified-Since: 304) are supported. Source files and "
            "files of unpublished objects are a 404.",
            "tags": ["3d"], "parameters": [{"name": "name", "in": "path", "required": True,
                                            "schema": {"type": "string"}}],
            "responses": {
                "200": {"description": "The file", "headers": CACHING,
                        "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in FILE_TYPES}},
                "206": {"description": "The requested byte range", "headers": CACHING,
                        "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in FILE_TYPES}},
                "304": {"description": "Not modified"}, **error_responses(404)}}},
        "/api/v1/models/{model_id}/hotspots": {
            "get": {"operationId": "listHotspots", "summary": "The hotspots of a model of a published object",
                    "tags": ["3d"], "parameters": [MODEL_ID],
                    "responses": {**json_response({"type": "object", "required": ["model", "hotspots"],
                                                   "properties": {"model": {"type": "integer"},
                                                                  "hotspots": {"type": "array",
                                                                               "items": HOTSPOT_REF}}}),
                                  **error_responses(404)}},
            "post": guarded({
                "operationId": "addHotspot", "summary": "Add a hotspot to a model", "description": EDITING
                + " An id that is already taken is a 400.", "tags": ["3d"], "parameters": [MODEL_ID],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "$ref": "#/components/schemas/HotspotInput"}}}},
                "responses": {"201": {"description": "The stored hotspot", "content": {"application/json": {
                    "schema": HOTSPOT_REF}}}, **error_responses(400, 404)}}, "curator")},
        "/api/v1/models/{model_id}/hotspots/{hotspot_id}": {
            "put": guarded({
                "operationId": "replaceHotspot", "summary": "Replace a hotspot", "description": EDITING,
                "tags": ["3d"], "parameters": [MODEL_ID, HOTSPOT_ID],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "$ref": "#/components/schemas/HotspotInput"}}}},
                "responses": {**json_response(HOTSPOT_REF, "The stored hotspot"), **error_responses(400, 404)}},
                "curator"),
            "delete": guarded({
                "operationId": "deleteHotspot", "summary": "Delete a hotspot", "description": "Curators only.",
                "tags": ["3d"], "parameters": [MODEL_ID, HOTSPOT_ID],
                "responses": {"204": {"description": "Deleted"}, **error_responses(400, 404)}}, "curator")},
    },
)
