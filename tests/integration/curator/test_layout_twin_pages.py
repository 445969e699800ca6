"""The twin and the preview comparison pages: the import map allowed by its hash and nothing else inline,
the viewpoints and versions in the images' addresses, each page in the six languages, a missing version
a 404."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from bs4 import BeautifulSoup

from languages import URL_SEGMENTS
from museum.catalogue import layouts as store
from museum.extensions import db
from tests.unit.curator.support import login

SAMPLE = json.loads((Path(__file__).resolve().parents[3] / "exhibits/layouts/samples/three-gorges.json")
                    .read_text(encoding="utf-8"))
SLUG = SAMPLE["id"]


@pytest.fixture
def curator(app, users):
    with app.app_context(), db.transaction() as session:
        store.save_version(session, SAMPLE, author="test", note="first")
        moved = copy.deepcopy(SAMPLE)
        next(c for c in moved["cases"] if c["id"] == "F6")["position"] = [36, 11]
        store.save_version(session, moved, author="test", note="F6 moved")
    client = app.test_client()
    login(client, "curator1")
    return client


def test_the_twin_page_allows_its_import_map_by_hash_and_no_other_inline_script(curator):
    response = curator.get(f"/curator/layouts/{SLUG}/twin")
    assert response.status_code == 200
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    import_map = soup.find("script", type="importmap").string
    digest = base64.b64encode(hashlib.sha256(import_map.encode()).digest()).decode()
    policy = response.headers["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1).split()
    assert script_src == ["'self'", f"'sha256-{digest}'"]
    assert json.loads(import_map)["imports"]["three"] == "/static/vendor/three/build/three.module.js"
    assert soup.find(id="twin")["data-glb"].endswith(f"/layouts/{SLUG}/render/hall.glb?version=2")
    views = json.loads(soup.find(id="twin-views").string)
    assert set(views) == {"entrance", *(c["id"] for c in SAMPLE["cases"])}
    assert views["F6"][:2] == [36, 14]  # the current version's F6, moved east
    editor = curator.get(f"/curator/layouts/{SLUG}")  # the editor's policy stays without the hash
    editor_policy = editor.headers["Content-Security-Policy"]
    assert "sha256" not in re.search(r"script-src ([^;]*)", editor_policy).group(1)


def test_the_comparison_shows_both_versions_from_the_chosen_viewpoints(curator):
    response = curator.get(f"/curator/layouts/{SLUG}/compare?from=1&to=2&view=entrance&view=F6&view=nowhere")
    assert response.status_code == 200
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    sections = soup.select(".comparison")
    assert [s["data-view"] for s in sections] == ["entrance", "F6"]
    for section in sections:
        queries = [parse_qs(urlparse(img["src"]).query) for img in section.find_all("img")]
        assert [q["version"] for q in queries] == [["1"], ["2"]]
        assert queries[0]["camera"] == queries[1]["camera"]  # the same eye for both versions
    assert parse_qs(urlparse(sections[1].img["src"]).query)["camera"] == ["36,14,1.6,-90"]


def test_the_comparison_defaults_to_the_current_and_the_previous_version(curator):
    page = curator.get(f"/curator/layouts/{SLUG}/compare").get_data(as_text=True)
    soup = BeautifulSoup(page, "html.parser")
    assert [o["value"] for o in soup.select("#from option[selected], #to option[selected]")] == ["1", "2"]
    assert len(soup.select(".comparison")) == 2


def test_a_version_the_layout_does_not_have_is_a_404(curator):
    assert curator.get(f"/curator/layouts/{SLUG}/twin?version=9").status_code == 404
    assert curator.get(f"/curator/layouts/{SLUG}/compare?to=9").status_code == 404


@pytest.mark.parametrize("lang", list(URL_SEGMENTS))
def test_the_pages_speak_the_curators_language(curator, lang):
    curator.get(f"/curator/?lang={URL_SEGMENTS[lang]}")
    words = {"zh": "展厅漫游", "zh-Hant": "展廳漫遊", "en": "Walk-through", "ja": "ウォークスルー",
             "ko": "둘러보기", "fr": "Visite virtuelle"}
    twin = curator.get(f"/curator/layouts/{SLUG}/twin").get_data(as_text=True)
    assert words[lang] in twin and "%(" not in twin
    compare = curator.get(f"/curator/layouts/{SLUG}/compare").get_data(as_text=True)
    assert "%(" not in compare
    editor = curator.get(f"/curator/layouts/{SLUG}").get_data(as_text=True)
    text = json.loads(BeautifulSoup(editor, "html.parser").find(id="editor-text").string)
    assert {"undone", "refused_hall", "clear_wall", "open_case"} <= set(text)
