"""The poem projection's page and its day's poems through HTTP (the wall itself:
tests/web/test_poem_wall.py)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from museum import create_app
from museum.catalogue.poems import StationPoem
from museum.extensions import db
from museum.kiosk.wall import FAMOUS, JOURNEYS
from tests.settings import TEST_SETTINGS

LINES = ["江清猿啸远", "峡口月初生", "孤棹随波去", "千山入梦轻"]


def add(app, code: str, created: datetime) -> None:
    with app.app_context(), db.transaction() as session:
        session.add(StationPoem(code=code, request={}, kiosk="test", created=created.replace(tzinfo=None),
                                result={"poet": "李白", "form": "五言绝句", "lines": LINES}))


def wall_data(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="wall-data">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def test_the_days_poems_are_the_museums_day_newest_first(app, client):
    zone = ZoneInfo(app.config["TIMEZONE"])
    midnight = datetime.now(zone).replace(hour=0, minute=0, second=0, microsecond=0)
    add(app, "YESTERDAY", (midnight - timedelta(minutes=1)).astimezone(UTC))
    add(app, "EARLY", (midnight + timedelta(minutes=1)).astimezone(UTC))
    add(app, "NOW", datetime.now(UTC))
    response = client.get("/kiosk/poems/today")
    assert response.headers["Cache-Control"] == "no-store"
    poems = response.get_json()["poems"]
    assert [p["code"] for p in poems] == ["NOW", "EARLY"]
    assert poems[1]["time"] == "00:01" and poems[1]["lines"] == LINES and poems[1]["form"] == "五言绝句"


def test_the_wall_speaks_its_language_and_keeps_its_timing(client):
    page = client.get("/kiosk/poems/projection").get_data(as_text=True)
    assert '<html lang="zh-Hans">' in page and "三游洞诗墙" in page
    data = wall_data(page)
    assert data["famous"][0]["note"].startswith("公元819年")
    assert data["captions"]["today"].count("{time}") == 1
    page = client.get("/kiosk/poems/projection?lang=fr&hold=5&cycle=99999").get_data(as_text=True)
    assert '<html lang="fr">' in page and "il apparaîtra sur ce mur" in page
    assert 'data-hold="5"' in page and 'data-cycle="600"' in page  # a wall's own timing, within bounds
    assert "grotte des Trois Voyageurs" in wall_data(page)["famous"][0]["note"]
    assert 'data-hold="90"' in client.get("/kiosk/poems/projection?hold=soon").get_data(as_text=True)


def test_famous_poems_are_whole_and_cover_the_four_forms():
    shapes = {(len(p.lines), len(p.lines[0])) for p in FAMOUS if not p.excerpt}
    assert shapes == {(4, 5), (4, 7), (8, 5), (8, 7)}
    for poem in FAMOUS:
        assert poem.journey in JOURNEYS and poem.poet and poem.dynasty in ("唐", "宋")
        # no punctuation
        assert all(re.fullmatch(r"[\u4e00-\u9fff]+", line) for line in poem.lines), poem.title
        if not poem.excerpt:
            assert len({len(line) for line in poem.lines}) == 1, poem.title
    # the three journeys: the cave's 序 of 819 and the 后三游 of 1059, all three 苏 with their poems
    assert {p.poet for p in FAMOUS if p.journey == "819"} == {"白居易"}
    assert {p.poet for p in FAMOUS if p.journey == "1059"} == {"苏洵", "苏轼", "苏辙"}


def test_a_bad_timezone_is_refused_at_start(tmp_path):
    with pytest.raises(ValueError, match="TIMEZONE"):
        create_app({**TEST_SETTINGS, "INSTANCE_PATH": str(tmp_path), "TIMEZONE": "Mars/Olympus"})
