"""Renders of stored layout versions are kept (museum/layout_renders.py): the comparison page's four
perspective previews are rendered once, and a second view of the page renders nothing."""

from __future__ import annotations

import copy
import re

import pytest

from museum import layout_renders
from museum.catalogue import layouts as store
from museum.extensions import db
from tests.integration.layouts.test_api import SAMPLE, signed_in


@pytest.fixture
def renders(monkeypatch):
    """Every render the kept-renders module asks for, counted (and cheap: a few marked bytes each)."""
    made = []

    def counting(layout, kind, options, sources):
        made.append((layout.cases[0].position, kind, options.camera, options.size))  # W1 moved in v2
        return b"\x89PNG kept render %d" % len(made)

    monkeypatch.setattr(layout_renders, "render", counting)
    return made


def two_versions(app):
    moved = copy.deepcopy(SAMPLE)
    moved["cases"][0]["position"] = [moved["cases"][0]["position"][0] + 0.5, moved["cases"][0]["position"][1]]
    with app.app_context(), db.transaction() as session:
        store.save_version(session, SAMPLE, author="test", note="v1")
        store.save_version(session, moved, author="test", note="v2")


def images_of(page: str) -> list[tuple[str, str]]:
    """(src, data-ready) of each preview on the comparison page."""
    return [(src.replace("&amp;", "&"), ready) for src, ready in
            re.findall(r'<img src="([^"]+)"[^>]*data-ready="(\w+)"', page)]


def test_the_second_view_of_the_comparison_renders_nothing(app, users, renders):
    two_versions(app)
    client, _ = signed_in(app, users, "viewer")
    url = f"/curator/layouts/{SAMPLE['id']}/compare?from=1&to=2&view=entrance&view=W1"
    first = images_of(client.get(url).get_data(as_text=True))
    assert len(first) == 4 and all(ready == "false" for _, ready in first)
    assert client.get(url).get_data(as_text=True).count('class="pending"') == 4  # placeholders
    bodies = [client.get(src) for src, _ in first]
    assert [b.status_code for b in bodies] == [200] * 4
    assert len(renders) == 4 and len(set(renders)) == 4  # two viewpoints of two versions, 960x540
    assert {r[3] for r in renders} == {(960, 540)}

    again = client.get(url).get_data(as_text=True)
    second = images_of(again)
    assert [src for src, _ in second] == [src for src, _ in first]
    assert all(ready == "true" for _, ready in second) and 'class="pending"' not in again
    kept = [client.get(src) for src, _ in second]
    assert len(renders) == 4, "the second view rendered nothing"
    assert [k.data for k in kept] == [b.data for b in bodies]
    assert client.get(second[0][0], headers={"If-None-Match": kept[0].headers["ETag"]}).status_code == 304

    # another size, another version or another viewpoint is another preview
    client.get(second[0][0].replace("960x540", "480x270"))
    assert len(renders) == 5


def test_media_of_the_placed_objects_are_part_of_the_key(app, users, renders, monkeypatch):
    """A photo or model added or replaced after the version was saved is drawn: the kept preview is not
    served for it."""
    two_versions(app)
    client, _ = signed_in(app, users, "viewer")
    src = f"/api/v1/layouts/{SAMPLE['id']}/render/view.png?version=1&size=64x48"
    client.get(src)
    client.get(src)
    assert len(renders) == 1
    monkeypatch.setattr(store, "media_fingerprint", lambda session, layout: "a new photo")
    client.get(src)
    assert len(renders) == 2


def test_nothing_is_kept_when_the_cache_is_off(app, users, renders):
    two_versions(app)
    app.extensions[layout_renders.STORE_KEY] = None  # LAYOUT_RENDER_CACHE_MB = 0
    client, _ = signed_in(app, users, "viewer")
    src = f"/api/v1/layouts/{SAMPLE['id']}/render/plan.svg?version=2"
    assert client.get(src).status_code == client.get(src).status_code == 200
    assert len(renders) == 2


def test_an_unknown_kind_is_a_bad_parameter_before_anything_is_looked_up(app, users):
    """Found by the API contract test: the kept-renders path looked the kind's file format up before
    refusing it (a 500 for ``render/AAA``)."""
    two_versions(app)
    client, _ = signed_in(app, users, "curator")
    answer = client.get("/api/v1/layouts/three-gorges-2024/render/AAA?version=1&size=16x16")
    assert answer.status_code == 400 and "AAA" in answer.get_json()["error"]["message"]
