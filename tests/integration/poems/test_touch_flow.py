"""The touch flow's server side: the station page in six languages, its language switch, the QR code of a
poem's page, and "send to the wall" (a poem the station writes is off the wall until the visitor sends it)."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
import segno
from flask_babel import force_locale
from flask_babel import gettext as _

from languages import BABEL_LOCALES, BCP47, LANGUAGES
from museum.catalogue.poems import newest_poem_id, poem_events_after, poems_since
from museum.extensions import db
from museum.open_data import external_url

BODY = {"poet": "李白", "form": "五言绝句", "theme": "山水", "seed": 7}


def translated(app, lang: str, message: str, **values) -> str:
    with app.test_request_context(), force_locale(BABEL_LOCALES[lang]):
        return _(message, **values)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_station_speaks_the_visitors_language(app, client, lang):
    page = client.get(f"/kiosk/poems?lang={lang}").get_data(as_text=True)
    assert f'<html lang="{BCP47[lang]}"' in page
    for message in ("Choose a poet of the Three Gorges", "Start over", "Write my poem", "Send to the wall"):
        assert translated(app, lang, message) in page
    journey = "Pardoned in 759 on his way into exile, he sailed from Baidi to Jiangling in a single day."
    assert translated(app, lang, journey) in page
    if lang != "en":  # every visible word translated, not the English fallback
        assert "Choose a poet of the Three Gorges" not in page and "Send to the wall" not in page
    # no keyboard at the station: the acrostic is a grid of buttons
    assert "<input" not in page and 'class="key"' in page
    assert "Three Travellers' Poets" not in page


def test_chinese_words_carry_their_script(client):
    english = client.get("/kiosk/poems?lang=en").get_data(as_text=True)
    assert '<span class="name-zh" lang="zh-Hans">苏轼</span>' in english
    assert "Poets of the Three Travels" in english
    traditional = client.get("/kiosk/poems?lang=zh-Hant").get_data(as_text=True)
    assert '<span class="name-zh" lang="zh-Hant">蘇軾</span>' in traditional
    assert 'data-value="苏轼"' in traditional  # the value the API takes stays the simplified one


def test_the_language_switch_returns_to_the_stations_own_language(client):
    page = client.get("/kiosk/poems?lang=fr&home=ja").get_data(as_text=True)
    assert 'data-kiosk-start="/kiosk/poems?lang=ja"' in page
    links = re.findall(r'<a href="([^"]+)" lang="([^"]+)" hreflang', page)
    assert [tag for _, tag in links] == [BCP47[code] for code in LANGUAGES]
    assert all("home=ja" in href for href, _ in links)
    plain = client.get("/kiosk/poems").get_data(as_text=True)
    assert 'data-kiosk-start="/kiosk/poems"' in plain


def test_the_qr_code_is_the_poems_page(app, client):
    answer = client.post("/api/v1/poems", json=BODY).get_json()
    response = client.get(f"/kiosk/poems/{answer['code']}/qr.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    assert svg.startswith("<svg")
    with app.test_request_context():
        url = external_url("public.poem_page", code=answer["code"])
    assert url == answer["page_url"]
    # the same symbol segno makes for the page's address (a QR code of anything else differs)
    expected = segno.make(url, error="m")
    assert f'viewBox="0 0 {expected.symbol_size(scale=1, border=2)[0]} ' in svg
    other = segno.make(url + "X", error="m")
    assert [list(row) for row in expected.matrix] != [list(row) for row in other.matrix]
    assert client.get("/kiosk/poems/NOSUCH22/qr.svg").status_code == 404


def test_a_station_poem_reaches_the_wall_when_sent(app, client):
    on_wall = client.post("/api/v1/poems", json=BODY).get_json()  # the API's default: on the wall at once
    assert on_wall["on_wall"] is True
    with app.app_context():
        before = newest_poem_id(db.session)
        assert [e["code"] for _, e in poem_events_after(db.session, before - 1)] == [on_wall["code"]]

    kept = client.post("/api/v1/poems", json={**BODY, "seed": 8, "wall": False}).get_json()
    assert kept["on_wall"] is False
    with app.app_context():
        assert newest_poem_id(db.session) == before  # not on the wall, not in its stream
        assert poem_events_after(db.session, before) == []
        assert kept["code"] not in [row.code for row in poems_since(db.session, datetime(2000, 1, 1), 50)]

    sent = client.post(f"/kiosk/poems/{kept['code']}/wall")
    assert sent.status_code == 200 and sent.get_json() == {"code": kept["code"], "wall": before + 1}
    with app.app_context():
        events = poem_events_after(db.session, before)
        assert [(number, event["code"]) for number, event in events] == [(before + 1, kept["code"])]
        assert events[0][1]["lines"] == kept["lines"]
    again = client.post(f"/kiosk/poems/{kept['code']}/wall")  # a second tap keeps its place
    assert again.get_json()["wall"] == before + 1
    assert client.post("/kiosk/poems/NOSUCH22/wall").status_code == 404
    # the projection's plain-WSGI stream hands it out
    stream = client.get(f"/kiosk/poems/events?after={before}").get_data(as_text=True)
    assert f"id: {before + 1}\nevent: poem\n" in stream and kept["code"] in stream
