"""Every workspace page in the six languages: the curator's language chosen with ?lang= (and kept), no
English left on the Chinese pages nor Chinese on the English ones (apart from text marked as another
language, codes and names), fields named in words, a navigation reaching every part, the diff page of a
record never edited."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from languages import BCP47, URL_SEGMENTS
from museum.catalogue.fields import SCALARS
from tests.unit.curator.support import login

PAGES = {
    "dashboard": "/curator/",
    "records": "/curator/records",
    "record": "/curator/records/1989.0107",
    "edit": "/curator/records/1989.0107/edit",
    "new": "/curator/records/new",
    "diff": "/curator/records/1989.0107/diff?from=1&to=draft",
    "media": "/curator/media",
    "record media": "/curator/records/1989.0107/media",
    "layouts": "/curator/layouts",
    "kiosks": "/curator/kiosks",
    "audit": "/curator/audit",
    "users": "/curator/users",
    "instrument notes": "/curator/instruments/1989.0107",
}
PARTS = ("/curator/", "/curator/records", "/curator/media", "/curator/layouts", "/curator/kiosks",
         "/curator/audit", "/curator/users")
# what may stay in Latin letters on a Chinese page: commands, codes, formats, units, user names
LATIN_ALLOWED = {
    "cc0",  # the rights statement's own name in every language (Creative Commons' Chinese pages say CC0)
    "museum", "audit", "verify", "anchor", "user", "add", "name", "role", "kiosk", "station", "poems",
    "projection", "audio", "instrument", "accession", "gallery", "slug", "token", "layout", "import",
    "file", "load", "sample", "utc", "json", "lines", "glb", "uri", "jpeg", "png", "tiff", "webp", "obj",
    "mtl", "zip", "ply", "stl", "off", "gltf", "wav", "flac", "ogg", "mp3", "lufs", "txt", "vtt", "mac",
    "ctrl", "shift", "yaw", "current", "draft", "yyyy", "mm", "dd", "admin1", "curator1", "editor1",
    "viewer1", "english", "api", "cm", "px", "id", "hz", "gpa", "kg", "e",
}
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@pytest.fixture
def admin(app, users, catalogue):
    client = app.test_client()
    login(client, "admin1")
    return client


def visible_text(html: str, page_lang: str) -> str:
    """The words a reader sees in the page's own language: no scripts, no hidden marks, no element marked as
    another language (record text in its six languages, the language switcher's autonyms)."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "head", "datalist"]):
        tag.decompose()
    for tag in soup.select('[aria-hidden="true"], .lang-switch, code, .visually-hidden'):
        tag.decompose()
    for tag in soup.find_all(attrs={"lang": True}):
        if tag.name != "html" and tag.get("lang") != page_lang:
            tag.decompose()
    return soup.get_text(" ")


def english_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[A-Za-z][A-Za-z0-9]+", text) if w.lower() not in LATIN_ALLOWED}


@pytest.mark.parametrize("lang", list(URL_SEGMENTS))
def test_every_workspace_page_speaks_the_chosen_language(admin, lang):
    first = admin.get(f"/curator/?lang={URL_SEGMENTS[lang]}")
    assert first.status_code == 200
    assert "curator_lang=" in first.headers.get("Set-Cookie", "")
    for name, path in PAGES.items():
        response = admin.get(path)  # the cookie keeps the language chosen once
        html = response.get_data(as_text=True)
        assert response.status_code == 200, (name, response.status_code)
        assert f'<html lang="{BCP47[lang]}">' in html, name
        # the switcher highlights the language the page is in, and its links keep the workspace page
        soup = BeautifulSoup(html, "html.parser")
        current = soup.select_one('.lang-switch a[aria-current="true"]')
        assert current is not None and current["hreflang"] == BCP47[lang], name
        assert all(a["href"].startswith("/curator") for a in soup.select(".lang-switch a")), name


def test_the_chinese_pages_have_no_english_left(admin):
    admin.get("/curator/?lang=zh")
    for name, path in PAGES.items():
        text = visible_text(admin.get(path).get_data(as_text=True), "zh-Hans")
        assert english_words(text) == set(), name


def test_the_english_pages_have_no_chinese_left(admin):
    admin.get("/curator/?lang=en")
    for name, path in PAGES.items():
        text = visible_text(admin.get(path).get_data(as_text=True), "en")
        assert not CJK.findall(text), (name, sorted(set(CJK.findall(text)))[:20])


def test_fields_are_named_in_words_with_the_registration_terms_in_chinese(admin):
    admin.get("/curator/?lang=zh")
    soup = BeautifulSoup(admin.get("/curator/records/1989.0107/edit").get_data(as_text=True), "html.parser")
    labels = {label["for"]: label.get_text(strip=True) for label in soup.select(".scalars label[for]")}
    assert {f.name for f in SCALARS if f.name != "published"} <= set(labels)
    for raw, label in labels.items():
        assert raw != label and "_" not in label, raw
    assert labels["period"] == "年代" and labels["material"] == "质地" and labels["category"] == "类别"
    assert labels["acquisition_method"] == "来源方式" and labels["find_site"] == "出土地点"
    assert labels["weight_g"].startswith("质量") and labels["acquisition_date"] == "入藏时间"
    # vocabulary choices by key, named in the page's language
    period = soup.select_one('#period option[value="warring-states"]')
    assert period.get_text(strip=True) == "战国" and period.has_attr("selected")
    admin.get("/curator/?lang=fr")
    soup = BeautifulSoup(admin.get("/curator/records/1989.0107/edit").get_data(as_text=True), "html.parser")
    assert soup.select_one('label[for="weight_g"]').get_text(strip=True) == "Poids (g)"
    assert soup.select_one('#category option[value="bronze"]').get_text(strip=True) != "bronze"


@pytest.mark.parametrize("path", list(PAGES.values()))
def test_the_navigation_reaches_every_part_from_every_page(admin, path):
    soup = BeautifulSoup(admin.get(path).get_data(as_text=True), "html.parser")
    links = {a["href"].split("?")[0] for a in soup.select("nav.curator-nav a")}
    assert set(PARTS) <= links, set(PARTS) - links
    assert len(soup.select('nav.curator-nav a[aria-current="page"]')) == 1


def test_a_viewer_sees_the_parts_open_to_a_viewer_only(app, users, catalogue):
    client = app.test_client()
    login(client, "viewer1")
    soup = BeautifulSoup(client.get("/curator/").get_data(as_text=True), "html.parser")
    links = {a["href"] for a in soup.select("nav.curator-nav a")}
    assert links == {"/curator/", "/curator/records", "/curator/media", "/curator/layouts"}
    for href in links:
        assert client.get(href).status_code == 200


@pytest.mark.parametrize("lang, words", [("zh", "还没有在工作台中编辑过"),
                                         ("en", "not been edited in the workspace yet"),
                                         ("fr", "pas encore été modifiée")])
def test_the_diff_of_a_record_never_edited_is_a_page_that_says_so(admin, lang, words):
    admin.get(f"/curator/?lang={lang}")
    response = admin.get("/curator/records/1989.0107/diff?from=1&to=draft")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and words in html
    assert 'href="/curator/records/1989.0107"' in html  # and the way back to the record


def test_a_missing_version_of_an_edited_record_is_a_clear_404_in_the_curators_language(admin):
    admin.get("/curator/?lang=en")
    edit = admin.get("/curator/records/2002.0031/edit").get_data(as_text=True)
    inputs = BeautifulSoup(edit, "html.parser").select("form.record-form input")
    form = {i["name"]: i.get("value", "") for i in inputs}
    form.update({"title_fr": "Zun en forme d’oiseau", "action": "publish"})
    assert admin.post("/curator/records/2002.0031/edit", data=form).status_code == 303
    admin.get("/curator/?lang=zh")
    response = admin.get("/curator/records/2002.0031/diff?from=1&to=9")
    assert response.status_code == 404 and "这条记录没有第 9 版。" in response.get_data(as_text=True)
    assert admin.get("/curator/records/2002.0031/diff?from=1&to=2").status_code == 200


def test_the_dashboard_shows_the_whole_anchor_command(admin):
    html = admin.get("/curator/").get_data(as_text=True)
    code = BeautifulSoup(html, "html.parser").select_one("[data-command] code").get_text()
    assert re.fullmatch(r"museum audit verify --anchor \d+:[0-9a-f]{64}", code), code


def test_audit_entries_read_field_by_field(admin):
    admin.get("/curator/?lang=zh")
    page = admin.get("/curator/audit?entity=records&entity_key=1989.0107").get_data(as_text=True)
    soup = BeautifulSoup(page, "html.parser")
    assert not soup.select("pre.json")
    rows = {row.th.get_text(strip=True): row for row in soup.select(".audit-entry table tr") if row.th}
    assert "年代" in rows and "战国" in rows["年代"].get_text()  # a key shown by its name
