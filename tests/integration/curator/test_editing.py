"""Editing in the browser: six languages side by side, drafts invisible to the public, publish, diff,
revert."""

from __future__ import annotations

import re

from sqlalchemy import select

from museum.catalogue import vocabulary
from museum.catalogue.audit import AuditEntry
from museum.extensions import db
from tests.unit.curator.support import login, session_csrf

LANGS = ("zh", "zh-Hant", "en", "ja", "ko", "fr")


def form_of(client, accession: str) -> dict:
    """The edit form as the browser would submit it (every input and selected option)."""
    html = client.get(f"/curator/records/{accession}/edit").get_data(as_text=True)
    form = dict(re.findall(r'<input id="[^"]+" name="([^"]+)"[^>]*?value="([^"]*)"', html))
    form.update(re.findall(r'<textarea id="[^"]+" name="([^"]+)"[^>]*>([^<]*)</textarea>', html))
    for name, body in re.findall(r'<select id="[^"]+" name="([^"]+)">(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', body)
        form[name] = chosen.group(1) if chosen else ""
    form["csrf_token"] = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    return form


def public_title(client, accession: str, lang: str = "en"):
    response = client.get(f"/api/v1/objects/{accession}")
    return response.get_json()["title"].get(lang) if response.status_code == 200 else response.status_code


def test_the_form_shows_all_six_languages_side_by_side(client, users, catalogue):
    login(client, "editor1")
    html = client.get("/curator/records/1989.0107/edit").get_data(as_text=True)
    for field in ("title", "description"):
        for lang in LANGS:
            assert f'name="{field}_{lang}"' in html
    assert 'value="战国铜虎钮錞于"' in html and 'value="Bronze chunyu"' in html
    assert html.count('class="languages"') == 2


def test_a_draft_stays_private_until_a_curator_publishes_it(app, users, catalogue):
    editor, curator, public = app.test_client(), app.test_client(), app.test_client()
    login(editor, "editor1")
    form = form_of(editor, "1989.0107") | {"title_en": "Chunyu with tiger knob",
                                           "title_fr": "Chunyu au tigre", "action": "draft"}
    assert editor.post("/curator/records/1989.0107/edit", data=form).status_code == 303
    assert public_title(public, "1989.0107") == "Bronze chunyu"
    assert "Chunyu with tiger knob" not in public.get("/en/objects/1989.0107").get_data(as_text=True)
    form["action"] = "publish"
    # editors cannot publish
    assert editor.post("/curator/records/1989.0107/edit", data=form).status_code == 403
    login(curator, "curator1")
    page = curator.get("/curator/records/1989.0107").get_data(as_text=True)
    assert "Chunyu with tiger knob" in page and "<ins>Chunyu au tigre</ins>" in page
    response = curator.post("/curator/records/1989.0107/publish", data={"csrf_token": session_csrf(curator)})
    assert response.status_code == 303
    assert public_title(public, "1989.0107") == "Chunyu with tiger knob"
    assert public_title(public, "1989.0107", "fr") == "Chunyu au tigre"
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.entity == "records",
                                                            AuditEntry.action == "update")).one()
        draft = db.session.scalars(select(AuditEntry).where(AuditEntry.entity == "record_revisions")).first()
    assert entry.actor == "curator:curator1" and entry.after["title"]["fr"] == "Chunyu au tigre"
    assert draft.actor == "editor:editor1"


def test_a_new_record_is_hidden_until_published(app, users, catalogue):
    curator = app.test_client()
    login(curator, "curator1")
    token = session_csrf(curator)
    data = {"csrf_token": token, "accession_number": "1977.0012", "title_zh": "三羊铜尊",
            "title_en": "Zun with three rams", "height_cm": "43.8", "category": "bronze", "action": "draft"}
    assert curator.post("/curator/records/new", data=data).status_code == 303
    assert public_title(app.test_client(), "1977.0012") == 404
    assert curator.post("/curator/records/1977.0012/publish", data={"csrf_token": token}).status_code == 303
    assert public_title(app.test_client(), "1977.0012") == "Zun with three rams"


def test_invalid_input_is_shown_next_to_the_field_and_nothing_is_saved(app, users, catalogue):
    client = app.test_client()
    login(client, "editor1")
    form = form_of(client, "2002.0031") | {"height_cm": "tall", "end_year": "-500", "start_year": "-200",
                                           "action": "draft"}
    response = client.post("/curator/records/2002.0031/edit", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="height_cm-error"' in html and 'id="end_year-error"' in html
    assert "has no draft" not in client.get("/curator/records/2002.0031").get_data(as_text=True)
    assert 'badge-draft' not in client.get("/curator/records/2002.0031").get_data(as_text=True)


def test_history_diff_and_revert(app, users, catalogue):
    client = app.test_client()
    login(client, "curator1")
    for height in ("29.0", "30.0"):
        form = form_of(client, "2002.0031") | {"height_cm": height, "title_ko": f"새 모양 {height}",
                                               "action": "publish"}
        assert client.post("/curator/records/2002.0031/edit", data=form).status_code == 303
    diff = client.get("/curator/api/records/2002.0031/diff?from=1&to=3").get_json()
    assert {(c["field"], c["language"], c["before"], c["after"]) for c in diff["changes"]} == {
        ("height_cm", None, 28.0, 30.0), ("title", "ko", None, "새 모양 30.0")}
    page = client.get("/curator/records/2002.0031/diff?from=2&to=3").get_data(as_text=True)
    assert "<del>29.0</del>" in page and "<ins>30.0</ins>" in page
    token = session_csrf(client)
    assert client.post("/curator/records/2002.0031/revert/1", data={"csrf_token": token}).status_code == 303
    record = client.get("/api/v1/objects/2002.0031").get_json()
    assert record["title"].get("ko") is None
    history = client.get("/curator/records/2002.0031").get_data(as_text=True)
    assert "revert to version 1" in history
    assert client.get("/curator/api/records/2002.0031/diff?from=1&to=4").get_json()["changes"] == []


def test_unpublishing_hides_a_record(app, users, catalogue):
    client = app.test_client()
    login(client, "curator1")
    token = session_csrf(client)
    assert client.post("/curator/records/2002.0031/unpublish", data={"csrf_token": token}).status_code == 303
    assert public_title(app.test_client(), "2002.0031") == 404
    assert app.test_client().get("/en/objects/2002.0031").status_code == 404
    assert client.post("/curator/records/2002.0031/publish", data={"csrf_token": token}).status_code == 303
    assert public_title(app.test_client(), "2002.0031") == "Bird-shaped zun"


def test_vocabulary_fields_are_chosen_by_key_and_an_old_free_text_value_is_not_lost_silently(app, users,
                                                                                              catalogue):
    from museum.catalogue.models import Record

    editor = app.test_client()
    login(editor, "editor1")
    with app.app_context(), db.transaction() as session:
        record = session.scalars(select(Record).where(Record.accession_number == "1989.0107")).one()
        record.find_site = "某村"  # kept as free text by migration 0005
    form = form_of(editor, "1989.0107")
    assert form["find_site"] == "某村"  # shown, selected, marked as not in the vocabulary
    response = editor.post("/curator/records/1989.0107/edit", data=form | {"action": "draft"})
    assert response.status_code == 422 and 'id="find_site-error"' in response.get_data(as_text=True)
    form |= {"find_site": "wanxian-ganning", "acquisition_method": "excavation", "material": "青铜",
             "action": "draft"}
    assert editor.post("/curator/records/1989.0107/edit", data=form).status_code == 303
    page = editor.get("/curator/records/1989.0107").get_data(as_text=True)
    # stored by key, shown in the page's language (Chinese: the editor's client asks for no language)
    place, bronze = vocabulary.by_key("place", "wanxian-ganning"), vocabulary.by_key("material", "bronze")
    assert place.name("zh") in page and bronze.name("zh") in page and "wanxian-ganning" not in page
