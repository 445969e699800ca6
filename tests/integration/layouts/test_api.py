"""The layout JSON API used by the plan editor: roles, CSRF, versions with conflicts, check and render."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from tests.unit.curator.support import login, session_csrf

ROOT = Path(__file__).resolve().parents[3]
SAMPLE_FILE = ROOT / "exhibits" / "layouts" / "samples" / "three-gorges.json"
SAMPLE = json.loads(SAMPLE_FILE.read_text(encoding="utf-8"))
FAULTY = json.loads((ROOT / "tests/unit/layouts/data/faulty-layout.json").read_text(encoding="utf-8"))


def signed_in(app, users, role):
    client = app.test_client()
    assert login(client, users["names"][role]).status_code == 302
    return client, {"X-CSRFToken": session_csrf(client)}


def test_curator_saves_versions_and_stale_saves_conflict(app, users):
    client, headers = signed_in(app, users, "curator")
    url = "/api/v1/layouts/three-gorges-2024/versions"
    first = client.post(url, json={"layout": SAMPLE, "note": "v1"}, headers=headers)
    assert first.status_code == 201, first.get_data(as_text=True)
    assert first.get_json()["version"]["number"] == 1 and first.get_json()["report"]["ok"]
    moved = copy.deepcopy(SAMPLE)
    moved["cases"][0].update(position=[1.0, 9.0], rotation=90)  # in front of the entrance
    second = client.post(url, json={"layout": moved, "base_version": 1}, headers=headers)
    assert second.get_json()["version"]["problem_count"] == 1
    stale = client.post(url, json={"layout": SAMPLE, "base_version": 1}, headers=headers)
    assert stale.status_code == 409
    got = client.get("/api/v1/layouts/three-gorges-2024?version=1").get_json()
    assert [v["number"] for v in got["versions"]] == [1, 2]
    assert got["layout"]["cases"][0]["position"] == SAMPLE["cases"][0]["position"]
    assert got["versions"][1]["author"] == users["names"]["curator"]


def test_save_needs_csrf_and_the_curator_role(app, users):
    client, headers = signed_in(app, users, "viewer")
    url = "/api/v1/layouts/three-gorges-2024/versions"
    assert client.post(url, json={"layout": SAMPLE}, headers=headers).status_code == 403
    curator, _ = signed_in(app, users, "curator")
    assert curator.post(url, json={"layout": SAMPLE}).status_code == 400  # no CSRF token
    assert app.test_client().get("/api/v1/layouts").status_code == 401


def test_check_an_unsaved_layout_reports_problems_or_schema_errors(app, users):
    client, headers = signed_in(app, users, "viewer")
    report = client.post("/api/v1/layouts/check", json={"layout": FAULTY}, headers=headers).get_json()
    assert len(report["counts"]) == 9
    broken = copy.deepcopy(FAULTY)
    broken["cases"][0]["rotation"] = "north"
    response = client.post("/api/v1/layouts/check", json={"layout": broken}, headers=headers)
    assert response.status_code == 422
    assert response.get_json()["error"]["errors"][0]["path"] == "cases/0/rotation"


@pytest.mark.parametrize(("kind", "magic"), [("plan.svg", b"<svg"), ("plan.png", b"\x89PNG"),
                                             ("hall.glb", b"glTF"), ("view.png", b"\x89PNG")])
def test_render_an_unsaved_layout(app, users, kind, magic):
    client, headers = signed_in(app, users, "editor")
    response = client.post(f"/api/v1/layouts/render/{kind}", headers=headers,
                           json={"layout": FAULTY, "camera": "2,2,1.6,45", "size": "64x48"})
    assert response.status_code == 200
    assert response.data.startswith(magic)


def test_unknown_layout_and_kind_are_reported(app, users):
    client, headers = signed_in(app, users, "viewer")
    assert client.get("/api/v1/layouts/nope").status_code == 404
    response = client.post("/api/v1/layouts/render/view.jpg", json={"layout": FAULTY}, headers=headers)
    assert response.status_code == 400
    assert client.post("/api/v1/layouts/render/view.png", json={"layout": FAULTY, "camera": "x"},
                       headers=headers).status_code == 400


def padded(document: dict, size: int) -> bytes:
    """The JSON body ``{"layout": document}`` made ``size`` bytes long with trailing whitespace (still
    JSON)."""
    body = json.dumps({"layout": document}).encode()
    return body + b" " * (size - len(body))


def test_signed_in_users_send_layouts_larger_than_the_small_body_limit(app, users):
    """A gallery layout file may be 5 MiB (up to 5,000 placements): above MAX_BODY_BYTES (1 MB), it is
    accepted from a curator's session or an API token, and refused unread from anyone else."""
    big = padded(SAMPLE, 2 * 1024 * 1024)
    json_type = {"Content-Type": "application/json"}
    client, headers = signed_in(app, users, "curator")
    saved = client.post("/api/v1/layouts/three-gorges-2024/versions", data=big,
                        headers={**headers, **json_type})
    assert saved.status_code == 201, saved.get_data(as_text=True)[:300]
    token = {"Authorization": f"Bearer {users['api_token']}", **json_type}
    checked = app.test_client().post("/api/v1/layouts/check", data=big, headers=token)
    assert checked.status_code == 200 and checked.get_json()["ok"]
    anonymous = app.test_client().post("/api/v1/layouts/check", data=big, headers=json_type)
    assert anonymous.status_code == 413
    unknown = app.test_client().post("/api/v1/layouts/check", data=big,
                                     headers={**json_type, "Authorization": "Bearer mt_not-a-token"})
    assert unknown.status_code == 413
    app.config["MAX_DOCUMENT_BYTES"] = 1_500_000
    too_big = client.post("/api/v1/layouts/three-gorges-2024/versions", data=big,
                          headers={**headers, **json_type})
    assert too_big.status_code == 413 and "1,500,000" in too_big.get_data(as_text=True)
    assert app.test_client().post("/api/v1/layouts/check", data=big, headers=token).status_code == 413
