"""Each disagreement schemathesis found between the OpenAPI document and the code (issue 13 item 7), as a
request and its answer, and the document's side of it."""

from __future__ import annotations

import jsonschema
import pytest

from museum import create_app
from museum.catalogue.schema import create_schema
from museum.extensions import db
from tests.integration.api.conftest import MODEL_ACCESSION
from tests.settings import TEST_SETTINGS

LAYOUT = "three-gorges-2024"


@pytest.fixture(scope="module")
def client(contract_app):
    return contract_app.test_client()


@pytest.fixture(scope="module")
def spec(client) -> dict:
    return client.get("/api/v1/openapi.json").get_json()


@pytest.fixture(scope="module")
def signed(curator_token) -> dict:
    return {"Authorization": f"Bearer {curator_token}"}


def _parameter(spec: dict, path: str, method: str, name: str) -> dict:
    operation = spec["paths"][path][method]
    return next(p for p in operation.get("parameters", []) + spec["paths"][path].get("parameters", [])
                if p["name"] == name)


def _error(response, status: int, parameter: str) -> str:
    assert response.status_code == status, response.get_data(as_text=True)
    message = response.get_json()["error"]["message"]
    assert message.startswith(parameter), message
    return message


def test_a_large_version_number_is_a_missing_version_not_a_bad_parameter(client, spec, signed):
    schema = _parameter(spec, "/api/v1/layouts/{layout_id}", "get", "version")["schema"]
    jsonschema.validate(41844355426, schema)
    response = client.get(f"/api/v1/layouts/{LAYOUT}?version=41844355426", headers=signed)
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"
    assert client.get(f"/api/v1/layouts/{LAYOUT}?version=1", headers=signed).status_code == 200
    _error(client.get(f"/api/v1/layouts/{LAYOUT}?version=0", headers=signed), 400, "version")


def test_a_zero_normal_is_refused_by_the_document_and_by_the_code(client, spec, signed):
    normal = spec["components"]["schemas"]["HotspotInput"]["properties"]["normal"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([0, 0, 0], normal)
    jsonschema.validate([0, 0, 1e-300], normal)
    model = client.get(f"/api/v1/objects/{MODEL_ACCESSION}/models").get_json()["models"][0]["id"]
    body = {"position": [0, 0.5, 0], "normal": [0, 0, 0], "label": {"en": "Knob"}}
    for method, url in (("post", f"/api/v1/models/{model}/hotspots"),
                        ("put", f"/api/v1/models/{model}/hotspots/any")):
        assert "zero vector" in _error(getattr(client, method)(url, json=body, headers=signed), 400, "normal")
    tiny = client.post(f"/api/v1/models/{model}/hotspots", json={**body, "normal": [0, 0, 1e-300]},
                       headers=signed)
    assert tiny.status_code == 201 and tiny.get_json()["normal"] == [0, 0, 1]


def test_a_label_of_only_spaces_is_refused_by_the_document_and_by_the_code(client, spec, signed):
    """\x85 is a space to Python and not to ECMAScript, \ufeff the other way round: the document's pattern and
    the code agree on both (schemathesis generated "\r\x0b\x85" as a valid label, which the code refused)."""
    label = spec["components"]["schemas"]["HotspotInput"]["properties"]["label"]["additionalProperties"]
    model = client.get(f"/api/v1/objects/{MODEL_ACCESSION}/models").get_json()["models"][0]["id"]
    for blank in ("\r\x0b\x85", "\ufeff", "\x1c\x1f", " \u3000"):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(blank, label)
        response = client.post(f"/api/v1/models/{model}/hotspots", headers=signed,
                               json={"position": [0, 0.5, 0], "label": {"en": blank}})
        assert response.status_code == 400, repr(blank)
    jsonschema.validate("\x8c", label)  # a control character shows something: both accept it
    shown = client.post(f"/api/v1/models/{model}/hotspots", headers=signed,
                        json={"position": [0, 0.5, 0], "label": {"en": "\x8c"}})
    assert shown.status_code == 201


@pytest.mark.parametrize("url, parameter", [
    ("/api/v1/objects?category=&period=", "category"), ("/api/v1/objects?period=", "period"),
    ("/api/v1/suggest?q=tiger&lang=", "lang"), ("/api/v1/search?category=bronze,", "category"),
    ("/api/v1/search?year_from=", "year_from"), ("/api/v1/objects?size=", "size"),
])
def test_empty_values_are_refused_as_the_document_says(client, spec, url, parameter):
    path = url.split("?")[0]
    schema = _parameter(spec, path, "get", parameter)["schema"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate("", schema.get("items", schema))
    _error(client.get(url), 400, parameter)


def test_options_of_the_check_route_allows_only_what_is_documented(client, spec, signed):
    response = client.options("/api/v1/layouts/check", headers=signed)
    allowed = {m.strip() for m in response.headers["Allow"].split(",")} - {"HEAD", "OPTIONS"}
    assert allowed == {m.upper() for m in spec["paths"]["/api/v1/layouts/check"]} == {"POST"}
    assert client.get("/api/v1/layouts/check", headers=signed).status_code == 405


def test_the_page_size_limit_is_documented_as_configured(tmp_path):
    app = create_app({**TEST_SETTINGS, "INSTANCE_PATH": str(tmp_path / "instance"), "SECRET_KEY": "limits",
                      "API_MAX_PAGE_SIZE": 250})
    with app.app_context():
        create_schema(db)
    client = app.test_client()
    spec = client.get("/api/v1/openapi.json").get_json()
    for path in ("/api/v1/objects", "/api/v1/search"):
        assert _parameter(spec, path, "get", "size")["schema"]["maximum"] == 250
        assert client.get(f"{path}?size=250").status_code == 200
        _error(client.get(f"{path}?size=251"), 400, "size")


def test_bodies_over_the_limit_are_a_documented_413(contract_app, client, spec):
    """Found by schemathesis fuzzing under `make test`: a 3 MB layout is refused before it is read."""
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if "requestBody" in operation:
                assert "413" in operation["responses"], (method, path)
    limit = contract_app.config["MAX_BODY_BYTES"]
    contract_app.config["MAX_BODY_BYTES"] = 100
    try:
        answer = client.post("/api/v1/poems", json={"poet": "李白", "keywords": "江" * 200})
    finally:
        contract_app.config["MAX_BODY_BYTES"] = limit
    assert answer.status_code == 413 and answer.get_json()["error"]["code"] == "request_entity_too_large"
