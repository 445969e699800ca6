"""The strike-zone editor (issue 16): ``/curator/instruments/<accession>/zones`` shows the zones the station
uses (the built-in ones, labelled in the station's words) on the object's first picture; an editor saves
moved and relabelled zones (audited), the visitors' station draws them in the visitor's language; bad zones
are refused with each problem named in the curator's language and nothing saved; "built-in zones" goes back;
zones placed on another picture are not used."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from PIL import Image
from sqlalchemy import select

from languages import pick
from museum.catalogue import audio as store
from museum.catalogue import images
from museum.catalogue.audit import AuditEntry
from museum.extensions import db
from museum.media import storage
from tests.unit.curator.support import login

CHUNYU = "1989.0107"


@pytest.fixture
def pictured(app, catalogue, tmp_path):
    """The chunyu with a picture (400 × 600)."""
    photo = tmp_path / "chunyu.png"
    Image.new("RGB", (400, 600), (90, 120, 100)).save(photo)
    with app.app_context(), db.transaction() as session:
        images.IMAGES.add(session, CHUNYU, photo, storage())
    return photo


def form_of(html: str) -> dict:
    """The editor's form as a browser would submit it."""
    soup = BeautifulSoup(html, "html.parser")
    form = soup.select_one("form#zone-form")
    data = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    for chooser in form.select("select"):
        data[chooser["name"]] = chooser.select_one("option[selected]")["value"]
    return data


def station_zones(client, lang: str) -> list[tuple]:
    soup = BeautifulSoup(client.get(f"/kiosk/instrument/{CHUNYU}?lang={lang}").get_data(as_text=True),
                         "html.parser")
    return [(g["aria-label"], float(g.select_one("rect.zone-area")["x"]),
             float(g.select_one("rect.zone-area")["y"]))
            for g in soup.select("g.zone")]


def test_an_editor_moves_and_relabels_a_zone_and_the_station_draws_it(app, users, pictured, client):
    before = station_zones(client, "fr")
    assert [label for label, *_ in before] == ["Milieu du corps", "Près de l’ouverture"]
    login(client, "editor1")
    html = client.get(f"/curator/instruments/{CHUNYU}/zones").get_data(as_text=True)
    form = form_of(html)
    assert form["count"] == "2" and form["zone-0-name"] == "centre"
    assert (form["zone-0-left"], form["zone-0-top"], form["zone-0-right"], form["zone-0-bottom"]) == (
        "19", "49", "81", "60")
    assert form["zone-0-label-zh"] == "器身中部" and form["zone-0-label-fr"] == "Milieu du corps"
    assert "built-in zones" in BeautifulSoup(html, "html.parser").select_one(".zone-source").get_text()

    form.update({"zone-0-left": "10", "zone-0-top": "20", "zone-0-right": "90", "zone-0-bottom": "35",
                 "zone-0-label-fr": "Le ventre", "zone-0-label-en": "The belly", "zone-0-label-ja": ""})
    response = client.post(f"/curator/instruments/{CHUNYU}/zones", data=form)
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Strike zones saved" in page
    assert BeautifulSoup(page, "html.parser").select_one(".zone-source").get_text().startswith(
        "Saved by editor:editor1 on ")

    # the station: the moved zone in the picture's coordinates, its label in the visitor's language
    after = station_zones(client, "fr")
    assert after[0] == ("Le ventre", 40.0, 120.0) and after[1] == before[1]
    # no Japanese label: the languages' fallback chain (Japanese reads the Chinese one)
    chain = pick({"zh": "器身中部", "en": "The belly"}, "ja")[0]
    assert station_zones(client, "ja")[0][0] == chain == "器身中部"
    with app.app_context():
        row = store.saved_zones(db.session, CHUNYU)
        assert row.zones[0] == {"name": "centre", "box": [0.1, 0.2, 0.9, 0.35],
                                "labels": {"zh": "器身中部", "zh-Hant": form["zone-0-label-zh-Hant"],
                                           "en": "The belly", "ko": form["zone-0-label-ko"],
                                           "fr": "Le ventre"}}
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.entity == "instrument_zones")).one()
        assert (entry.action, entry.entity_key) == ("insert", CHUNYU) and "editor1" in entry.actor

    # back to the built-in zones (audited too)
    token = form_of(client.get(f"/curator/instruments/{CHUNYU}/zones").get_data(as_text=True))["csrf_token"]
    response = client.post(f"/curator/instruments/{CHUNYU}/zones", data={"csrf_token": token,
                                                                         "action": "built-in"})
    assert response.status_code == 303
    assert station_zones(client, "fr") == before
    with app.app_context():
        actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.entity == "instrument_zones"))
        assert list(actions) == ["insert", "delete"]


def test_bad_zones_are_refused_with_each_problem_in_the_curators_language(app, users, pictured, client):
    login(client, "editor1")
    form = form_of(client.get(f"/curator/instruments/{CHUNYU}/zones").get_data(as_text=True))
    form.update({"zone-1-name": "centre", "zone-1-right": "120", "zone-0-label-en": "",
                 "zone-0-top": "abc"})
    response = client.post(f"/curator/instruments/{CHUNYU}/zones", data=form)
    assert response.status_code == 400
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    problems = [li.get_text() for li in soup.select(".zone-problems li")]
    assert problems == [
        "Zone 1: the top edge is not a number.",
        "Zone 1 needs a label in English.",
        "Zone 2: another zone already sounds “Middle of the body”; each zone sounds a different strike.",
        "Zone 2 (Middle of the body) is not inside the picture: each edge must lie between 0 and 100 %, the "
        "left edge left of the right one and the top above the bottom."]
    assert form_of(str(soup))["zone-1-right"] == "120"  # what was typed stays, to be corrected
    with app.app_context():
        assert store.saved_zones(db.session, CHUNYU) is None
    # in Chinese for a Chinese-speaking curator
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh-CN"
    html = client.post(f"/curator/instruments/{CHUNYU}/zones", data=form).get_data(as_text=True)
    first = BeautifulSoup(html, "html.parser").select(".zone-problems li")[0].get_text()
    assert "区域 1" in first and "数字" in first


def test_zones_placed_on_another_picture_are_not_used(app, users, pictured, client):
    with app.app_context(), db.transaction() as session:
        inst_zones = [z for z in __import__("exhibits.audio.instruments", fromlist=["x"])
                      .INSTRUMENTS[CHUNYU].image_zones]
        store.save_zones(session, CHUNYU, "an-older-picture", inst_zones, "curator:x")
    assert [label for label, *_ in station_zones(client, "en")] == ["Middle of the body", "Near the mouth"]
    login(client, "editor1")
    html = client.get(f"/curator/instruments/{CHUNYU}/zones").get_data(as_text=True)
    assert "placed on another picture" in html


def test_who_may_edit_zones(app, users, pictured, client):
    login(client, "viewer1")
    assert client.get(f"/curator/instruments/{CHUNYU}/zones").status_code == 403
    login(client, "editor1")
    assert client.get("/curator/instruments/2002.0031/zones").status_code == 404


def test_an_instrument_without_a_picture_says_so(app, users, catalogue, client):
    login(client, "editor1")
    response = client.get(f"/curator/instruments/{CHUNYU}/zones")
    assert response.status_code == 200
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert soup.select_one("form#zone-form") is None
    said = soup.select_one(".zone-source").get_text()
    assert said.startswith(f"{CHUNYU} has no picture to place strike zones")
