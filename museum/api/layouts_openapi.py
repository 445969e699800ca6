"""OpenAPI description of the layout routes (:mod:`museum.api.layouts`)."""

from __future__ import annotations

from museum.api.openapi import document, error_responses, guarded, json_response

AUTH = ("Needs a signed-in account (an Authorization: Bearer token, or the session cookie with an X-CSRFToken "
        "header for unsafe methods): anonymous callers get a 401, accounts without the role a 403.")
READERS = ("curator", "editor", "viewer")
LAYOUT_ID = {"name": "layout_id", "in": "path", "required": True, "schema": {"type": "string"}}
VERSION = {"name": "version", "in": "query", "description": "version number (default: the current one)",
           "schema": {"type": "integer", "minimum": 1}}
KIND = {"name": "kind", "in": "path", "required": True, "description": "unknown kinds are a 400",
        "schema": {"type": "string", "enum": ["plan.svg", "plan.png", "view.png", "hall.glb"]}}
REF = {"$ref": "#/components/schemas/LayoutDocument"}
BODY = {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "required": ["layout"], "properties": {
        "layout": REF, "camera": {"type": "string", "description": "x,y,z,yaw (view.png)"},
        "size": {"type": "string", "description": "WIDTHxHEIGHT of the preview (≤ 1920x1080, view.png)"},
        "lang": {"type": "string", "description": "language of the plan's labels (default zh)"}}}}}}
RENDERED = {"200": {"description": "The rendering: SVG or PNG plan, PNG preview or GLB hall", "content": {
    "image/svg+xml": {}, "image/png": {}, "model/gltf-binary": {}}}}
VERSION_SUMMARY = {"type": "object", "required": ["number", "created_at"], "properties": {
    "number": {"type": "integer"}, "note": {"type": ["string", "null"]}, "author": {"type": ["string", "null"]},
    "problem_count": {"type": ["integer", "null"]}, "created_at": {"type": "string"}}}
INVALID = {"422": {"description": "The layout document is invalid (error code invalid_layout, with up to 100 "
                   "entries in error.errors)", "content": {"application/json": {"schema": {
                       "$ref": "#/components/schemas/Error"}}}}}

PATHS = {
    "/api/v1/layouts": {"get": {
        "operationId": "listLayouts", "summary": "Stored gallery layouts", "tags": ["layouts"],
        "responses": json_response({"type": "object", "required": ["layouts"], "properties": {"layouts": {
            "type": "array", "items": {"type": "object", "required": ["id", "current_version"], "properties": {
                "id": {"type": "string"}, "gallery": {"type": ["string", "null"]},
                "title": {"type": ["object", "null"], "description": "Title per language code",
                          "additionalProperties": {"type": "string"}},
                "current_version": {"type": "integer"}}}}}})}},
    "/api/v1/layouts/{layout_id}": {"get": {
        "operationId": "getLayout", "summary": "One version of a layout and the list of versions",
        "tags": ["layouts"], "parameters": [LAYOUT_ID, VERSION],
        "responses": {**json_response({"type": "object", "required": ["layout", "version", "versions"],
                                       "properties": {"layout": REF, "version": VERSION_SUMMARY,
                                                      "versions": {"type": "array", "items": VERSION_SUMMARY}}}),
                      **error_responses(400, 404)}}},
    "/api/v1/layouts/{layout_id}/versions": {"post": {
        "operationId": "saveLayoutVersion", "summary": "Save the next version of a layout (curators)",
        "tags": ["layouts"], "parameters": [LAYOUT_ID],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["layout"], "properties": {
                "layout": REF, "base_version": {"type": "integer", "description": "the version the edit started "
                                                "from; a 409 when it is no longer the current one"},
                "note": {"type": "string"}}}}}},
        "responses": {"201": {"description": "Saved", "content": {"application/json": {"schema": {
            "type": "object", "required": ["version", "report"], "properties": {
                "version": VERSION_SUMMARY, "report": {"$ref": "#/components/schemas/LayoutReport"}}}}}},
                      **error_responses(400, 409), **INVALID}}},
    "/api/v1/layouts/check": {"post": {
        "operationId": "checkLayoutDocument", "summary": "Check an unsaved layout", "tags": ["layouts"],
        "requestBody": BODY,
        "responses": {**json_response({"$ref": "#/components/schemas/LayoutReport"}), **error_responses(400),
                      **INVALID}}},
    "/api/v1/layouts/{layout_id}/check": {"get": {
        "operationId": "checkLayout", "summary": "Check a stored layout", "tags": ["layouts"],
        "parameters": [LAYOUT_ID, VERSION],
        "responses": {**json_response({"$ref": "#/components/schemas/LayoutReport"}), **error_responses(400, 404)}}},
    "/api/v1/layouts/{layout_id}/render/{kind}": {"get": {
        "operationId": "renderLayout", "summary": "Plan, preview image or hall GLB of a stored layout",
        "tags": ["layouts"], "parameters": [
            LAYOUT_ID, KIND, VERSION,
            {"name": "camera", "in": "query", "description": "x,y,z,yaw (view.png)", "schema": {"type": "string"}},
            {"name": "size", "in": "query", "description": "WIDTHxHEIGHT (view.png)", "schema": {"type": "string"}},
            {"name": "lang", "in": "query", "description": "language of the plan's labels (default zh)",
             "schema": {"type": "string"}}],
        "responses": {**RENDERED, **error_responses(400, 404)}}},
    "/api/v1/layouts/render/{kind}": {"post": {
        "operationId": "renderLayoutDocument", "summary": "Render an unsaved layout (the editor's preview)",
        "tags": ["layouts"], "parameters": [KIND], "requestBody": BODY,
        "responses": {**RENDERED, **error_responses(400), **INVALID}}},
}
SAVERS = {("/api/v1/layouts/{layout_id}/versions", "post"): ("curator",)}

document(
    schemas={
        "LayoutDocument": {"type": "object", "required": ["format", "id", "hall"], "description":
                           "A gallery layout (format museum-layout/1): see docs/layout-format.md and "
                           "exhibits/layouts/layout.schema.json."},
        "LayoutReport": {"type": "object", "required": ["ok", "problems"], "properties": {
            "layout": {"type": "string"}, "ok": {"type": "boolean"}, "counts": {"type": "object"},
            "checked": {"type": "object"},
            "problems": {"type": "array", "items": {"type": "object", "properties": {
                "code": {"type": "string"}, "severity": {"type": "string"}, "message": {"type": "string"},
                "subjects": {"type": "array", "items": {"type": "string"}},
                "location": {"type": "array", "items": {"type": "number"}}}}}}},
        "LayoutVersion": VERSION_SUMMARY,
    },
    paths={path: {method: guarded({**operation, "description": AUTH}, *SAVERS.get((path, method), READERS))
                  for method, operation in operations.items()}
           for path, operations in PATHS.items()},
)
