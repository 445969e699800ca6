"""Property-based test of the JSON API driven by its own OpenAPI document (schemathesis): no server errors,
and every answer matches its documented status, content type and schema.

Each documented operation is one test; hypothesis draws up to MAX_EXAMPLES requests from the operation's
parameters and bodies (derandomized, so a failure repeats). schemathesis' pytest plugin does not work with
pytest 9 yet, so the operations are parametrized here and each one is driven with ``given``.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

import museum.api  # noqa: F401  (imports every API module, so every operation is documented)
from exhibits.audio import instruments
from museum.api import openapi
from tests.poems_slice import slice_model_dir

MAX_EXAMPLES = 12
OPERATIONS = sorted((path, method.upper()) for path, operations in openapi.PATHS.items() for method in operations)
CASES = [pytest.param(path, method, id=f"{method} {path}") for path, method in OPERATIONS]
SINGLE_INSTRUMENTS = {accession for accession, inst in instruments.INSTRUMENTS.items() if inst.kind != "bells"}


@pytest.fixture(scope="module")
def api_schema(opendata_app):
    # the poem station answers 503 without a trained model: lend it the small test model
    previous = opendata_app.config.get("POEMS_MODEL_DIR")
    opendata_app.config["POEMS_MODEL_DIR"] = str(slice_model_dir())
    yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", opendata_app)
    opendata_app.config["POEMS_MODEL_DIR"] = previous


def within_rules_between_parameters(case):
    """Keep the rules OpenAPI cannot state (between parameters, or about what the server issued): the
    endpoints rightly answer 400 to requests that break them, which schemathesis would count as valid."""
    query = case.query
    if not query:
        return case
    if case.operation.path == "/api/v1/search":
        query.pop("cursor", None)  # only cursors of earlier answers are valid
        if query.get("year_from") is not None and query.get("year_to") is not None \
                and query["year_from"] > query["year_to"]:
            query["year_from"], query["year_to"] = query["year_to"], query["year_from"]
    if (case.path_parameters or {}).get("accession") in SINGLE_INSTRUMENTS and query.get("bell") not in (None, 1):
        del query["bell"]  # only bell sets have bells beyond the first
    return case


@pytest.mark.parametrize("path, method", CASES)
def test_api_operation_matches_its_openapi_document(api_schema, path, method):
    operation = api_schema[path][method]

    @given(case=operation.as_strategy().map(within_rules_between_parameters))
    @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case):
        case.call_and_validate(headers={"Accept-Encoding": "identity"})  # the WSGI transport does not decode

    run()
