"""The JSON API against its own OpenAPI document, as ``schemathesis run --checks all`` tests it: every
operation through the examples, coverage and fuzzing phases, in positive and negative modes, with every
check (server errors, status codes, content types, headers and bodies against the document, valid data
accepted, invalid data rejected, unsupported methods and their ``Allow`` header, ignored auth ...).

Deterministic (fixed seed, derandomized generation, no example database) and bounded (MAX_EXAMPLES per
operation and phase), so a failure repeats and the run stays under two minutes.
"""

from __future__ import annotations

import re
import threading
import time

import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import events
from werkzeug.serving import make_server

from tests.integration.api.conftest import BOX_CM, SINGLE_INSTRUMENTS

MAX_EXAMPLES = 10
LAYOUT_DOCUMENTS = r"^/api/v1/layouts/(check|render/\{kind\}|\{layout_id\}/versions)$"
SEED = 1989


def _config(token: str) -> SchemathesisConfig:
    return SchemathesisConfig.from_dict({
        "seed": SEED,
        "suppress-health-check": ["all"],
        "generation": {"mode": "all", "max-examples": MAX_EXAMPLES, "deterministic": True,
                       "database": "none"},
        "phases": {"stateful": {"enabled": False}},
        "request-timeout": 60,  # checking a generated hall of 2,000 cases takes seconds on a busy machine
        "auth": {"openapi": {"bearerToken": {"bearer": token}}},
        # A generated body past the request-body limit (placements at maxItems + 1 is about 3 MB) is rejected
        # by its size before it is parsed: 413 is a rejection too, and documented on every operation with a
        # body.
        "checks": {"negative_data_rejection": {"expected-statuses": [
            "400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429", "5xx"]}},
        # A layout document can be valid by its JSON Schema and still refer to a case or placement it does not
        # have, or enclose no floor: those are a 422 (invalid_layout), as documented.
        "operations": [{"include-path-regex": LAYOUT_DOCUMENTS, "checks": {"positive_data_acceptance": {
            "expected-statuses": ["2xx", "401", "403", "404", "409", "422"]}}}],
    })


def _number(value):
    """A generated query value as a number (the coverage phase gives them as text)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _clamp(value, low: float, high: float):
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    return min(max(value, low), high) if is_number else value


def within_rules_the_document_cannot_state(context, case):
    """Keep the rules OpenAPI cannot state (between parameters, between the path and the body, or about the
    stored model): the endpoints rightly answer 400 to requests that break them. Negative cases are left
    alone, since they are meant to break the document."""
    if case.meta is not None and case.meta.generation.mode.is_negative:
        return case
    path, query, body = case.operation.path, case.query or {}, case.body
    if path == "/api/v1/search":
        query.pop("cursor", None)  # only cursors of earlier answers are valid
        years = _number(query.get("year_from")), _number(query.get("year_to"))
        if None not in years and years[0] > years[1]:
            query["year_from"], query["year_to"] = query["year_to"], query["year_from"]
    accession = (case.path_parameters or {}).get("accession")
    if accession in SINGLE_INSTRUMENTS and query.get("bell") not in (None, 1):
        del query["bell"]  # only bell sets have bells beyond the first
    if path == "/api/v1/layouts/{layout_id}/versions" and isinstance(body, dict) \
            and isinstance(body.get("layout"), dict):
        body["layout"]["id"] = case.path_parameters["layout_id"]  # the document is the path's layout
    if path == "/api/v1/poems" and isinstance(body, dict):  # the moderation list refuses words (400)
        from exhibits.poems.moderation import screen

        keywords = body.get("keywords")  # screened as the station does: the words joined
        words = keywords if isinstance(keywords, list) else re.split(r"[\s,，、]+", keywords) \
            if isinstance(keywords, str) else []
        if screen("".join(word for word in words if isinstance(word, str))):
            body["keywords"] = None
        if isinstance(body.get("acrostic"), str) and screen(body["acrostic"]):
            body["acrostic"] = None
    if path.startswith("/api/v1/models/") and isinstance(case.body, dict) \
            and isinstance(case.body.get("position"), list) and len(case.body["position"]) == 3:
        half_x, height, half_z = BOX_CM["width"] / 200, BOX_CM["height"] / 100, BOX_CM["depth"] / 200
        x, y, z = case.body["position"]
        case.body["position"] = [_clamp(x, -half_x, half_x), _clamp(y, 0, height), _clamp(z, -half_z, half_z)]
    return case


@pytest.fixture(scope="module")
def live_contract(contract_app):
    server = make_server("127.0.0.1", 0, contract_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_every_operation_matches_the_openapi_document(live_contract, curator_token):
    schema = schemathesis.openapi.from_url(f"{live_contract}/api/v1/openapi.json",
                                           config=_config(curator_token))
    schema.hook("map_case")(within_rules_the_document_cannot_state)
    operations, cases, failures, timings = set(), 0, [], {}
    started = time.perf_counter()
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, events.FatalError):
            raise event.exception
        if isinstance(event, events.NonFatalError):
            failures.append(f"{event.label}: error {event.info.message}")
        if not isinstance(event, events.ScenarioFinished) or not event.is_test_scenario:
            continue
        recorder = event.recorder
        operations.add(recorder.label)
        cases += len(recorder.cases)
        timings[recorder.label] = timings.get(recorder.label, 0) + event.elapsed_time
        for checks in recorder.checks.values():
            for check in checks:
                if check.failure_info is not None:
                    failures.append(f"{recorder.label} [{event.phase.value}] {check.name}: "
                                    f"{check.failure_info.failure.title} -- {check.failure_info.code_sample}")
    print(f"schemathesis: {len(operations)} operations, {cases} cases, {len(failures)} failures in "
          f"{time.perf_counter() - started:.0f} s; slowest: "
          + ", ".join(f"{label} {seconds:.1f} s"
                      for label, seconds in sorted(timings.items(), key=lambda t: -t[1])[:6]))
    assert len(operations) == 30
    assert not failures, "\n".join(dict.fromkeys(failures))
