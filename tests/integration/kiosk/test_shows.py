"""Immersive shows (issue 20): ``museum show import`` (audited; a bad file named field by field), the
validation in the curator's language on /curator/shows, the storyboard PNG, and what a display device gets:
its station, the day's plan for its output, the clock and the media (only show media and audio files)."""

from __future__ import annotations

import json
import re
import subprocess
import time

import pytest

from exhibits.shows import model
from museum.catalogue import accounts, kiosks, shows
from museum.catalogue.audit import AuditEntry
from museum.extensions import db, password_hasher
from museum.media import storage

ROOM = {"slug": "hall", "name": {"zh": "沉浸厅", "en": "Immersive hall"},
        "outputs": [{"name": "wall", "kind": "video"},
                    {"name": "surround", "kind": "audio", "layout": "5.1"}],
        "programme": {"hours": "00:00-24:00", "loop": ["mist"]}}
SHOW = {"slug": "mist", "title": {"zh": "云雾", "en": "Mist"}, "duration": 4,
        "cues": [{"output": "wall", "start": 0, "duration": 2, "media": "show-media/t/mist.mp4",
                  "text": {"zh": "云雾", "fr": "Brume"}, "fade_in": 0.5},
                 {"output": "wall", "start": 1, "duration": 3, "media": "show-media/t/none.mp4"},
                 {"output": "ceiling", "start": 0, "duration": 4, "media": "show-media/t/mist.mp4"},
                 {"output": "surround", "start": 0, "duration": 4, "media": "show-media/t/stereo.m4a"}]}


@pytest.fixture
def show_app(app, tmp_path):
    clip, sound = tmp_path / "mist.mp4", tmp_path / "stereo.m4a"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=10", "-t", "2",
                    "-c:v", "libx264", "-pix_fmt", "yuv420p", str(clip)], check=True, timeout=60)
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-ac", "2",
                    "-c:a", "aac", str(sound)], check=True, timeout=60)
    with app.app_context():
        storage().put("show-media/t/mist.mp4", clip)
        storage().put("show-media/t/stereo.m4a", sound)
        with db.transaction() as session:
            accounts.create_user(session, "cura", "curator", "curator password 1", password_hasher())
    return app


def _import(app, tmp_path, document) -> object:
    path = tmp_path / "show.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return _museum(app, "show", "import", path)


def _museum(app, *args):
    from click.testing import CliRunner

    from museum.cli import main

    return CliRunner().invoke(main, ["--instance", app.config["INSTANCE_PATH"], *map(str, args)])


def test_import_is_audited_and_check_lists_problems(show_app, tmp_path):
    result = _import(show_app, tmp_path, {"rooms": [ROOM], "shows": [SHOW]})
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["room hall", "show mist"]
    with show_app.app_context():
        entry = db.session.query(AuditEntry).filter_by(entity="shows", entity_key="mist").one()
        assert entry.action == "insert"
    check = _museum(show_app, "show", "check", "mist")
    assert check.exit_code == 1
    codes = [line.split(":", 1)[0] for line in check.output.splitlines()]
    assert codes == ["missing_media", "unknown_output", "channel_layout", "overlap"]
    assert "stereo" in check.output and "5.1" in check.output


def test_a_bad_file_is_refused_naming_the_field(show_app, tmp_path):
    bad = {**SHOW, "cues": [{**SHOW["cues"][0], "start": "soon"}]}
    result = _import(show_app, tmp_path, bad)
    assert result.exit_code == 1
    assert "cues[0].start" in result.stderr and "number" in result.stderr
    with show_app.app_context():
        assert shows.get_show(db.session, "mist") is None


def _signed_in(app, lang):
    client = app.test_client()
    login = client.get(f"/curator/login?lang={lang}").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login).group(1)
    client.post("/curator/login", data={"username": "cura", "password": "curator password 1",
                                        "csrf_token": csrf})
    return client


def test_curator_sees_problems_in_their_language_and_the_storyboard(show_app, tmp_path):
    _import(show_app, tmp_path, {"rooms": [ROOM], "shows": [SHOW]})
    client = _signed_in(show_app, "fr")
    index = client.get("/curator/shows").get_data(as_text=True)
    assert "Spectacles immersifs" in index and "/curator/shows/mist" in index
    page = client.get("/curator/shows/mist").get_data(as_text=True)
    problems = re.search(r'<ul class="problems" id="show-problems">(.*?)</ul>', page, re.S).group(1)
    assert "n’est pas dans le stock de médias" in problems
    assert "les repères 1 et 2 se chevauchent" in problems
    board = client.get("/curator/shows/mist/storyboard.png")
    assert board.status_code == 200 and board.data[:8] == b"\x89PNG\r\n\x1a\n"


def test_display_station_plan_clock_and_media(show_app, tmp_path):
    _import(show_app, tmp_path, {"rooms": [ROOM], "shows": [SHOW]})
    with show_app.app_context(), db.transaction() as session:
        token = kiosks.add_device(session, "wall-1", "display:hall/wall")[1]
    client = show_app.test_client()
    opened = client.get(f"/kiosk/{token}")
    assert opened.headers["Location"].endswith("/kiosk/display/hall/wall")
    page = client.get("/kiosk/display/hall/wall?lang=fr")
    assert page.status_code == 200 and 'data-kiosk-station="display"' in page.get_data(as_text=True)
    plan = client.get("/kiosk/display/hall/wall.json").get_json()
    assert plan["kind"] == "video" and plan["plan"]["period"] == 4
    assert [c["start"] for c in plan["shows"]["mist"]["cues"]] == [0, 1]
    before = time.time()
    clock = client.get("/kiosk/shows/clock")
    assert clock.headers["Cache-Control"] == "no-store" and before <= clock.get_json()["now"] <= time.time()
    media = client.get("/kiosk/shows/media/show-media/t/mist.mp4", headers={"Range": "bytes=0-9"})
    assert media.status_code == 206 and media.mimetype == "video/mp4"
    assert client.get("/kiosk/shows/media/poems/secret.json").status_code == 404
    assert client.get("/kiosk/display/hall/nowhere").status_code == 404
    beat = client.post("/kiosk/heartbeat", json={"station": "display", "state": "playing", "version": "x"})
    assert beat.status_code == 200


def _csrf(client, page: str) -> str:
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)


def test_editor_checks_like_the_cli_and_saves_versions(show_app, tmp_path):
    """The timeline editor's JSON routes: the check answers the CLI's problems (same codes, same order) in
    the curator's language with the cues they are about; a save is a new version, audited; CSRF as the
    curator forms; a document that is no show is refused naming its field, in the curator's language."""
    _import(show_app, tmp_path, {"rooms": [ROOM], "shows": [SHOW]})
    client = _signed_in(show_app, "fr")
    page = client.get("/curator/shows/mist").get_data(as_text=True)
    assert 'id="timeline"' in page and "show-editor.js" in page
    csrf = _csrf(client, page)
    headers = {"X-CSRFToken": csrf}
    answer = client.post("/curator/shows/mist/check", json={"document": SHOW}, headers=headers)
    assert answer.status_code == 200
    problems = answer.get_json()["problems"]
    cli = _museum(show_app, "show", "check", "mist")
    assert [p["code"] for p in problems] == [line.split(":", 1)[0] for line in cli.output.splitlines()]
    overlap = next(p for p in problems if p["code"] == "overlap")
    assert overlap["cues"] == [0, 1] and "se chevauchent" in overlap["message"]
    assert client.post("/curator/shows/mist/check", json={"document": SHOW}).status_code == 400  # no CSRF

    fixed = {**SHOW, "cues": [SHOW["cues"][0], {**SHOW["cues"][1], "start": 2, "duration": 2}]}
    saved = client.post("/curator/shows/mist/versions", json={"document": fixed}, headers=headers)
    assert saved.status_code == 201, saved.get_data(as_text=True)
    body = saved.get_json()
    assert body["version"]["number"] == 2 and body["version"]["author"] == "cura"
    assert "overlap" not in {p["code"] for p in body["problems"]}
    with show_app.app_context():
        assert shows.get_show(db.session, "mist").cues[1]["start"] == 2
        assert [v.number for v in shows.versions(db.session, "mist")] == [2, 1]
        assert shows.versions(db.session, "mist")[1].document["cues"][1]["start"] == 1  # as imported
        assert db.session.query(AuditEntry).filter_by(entity="show_versions", entity_key="mist").count() == 2
    assert "Version 2" in client.get("/curator/shows/mist").get_data(as_text=True)

    bad = {**fixed, "cues": [{**fixed["cues"][0], "start": "bientôt"}]}
    refused = client.post("/curator/shows/mist/versions", json={"document": bad}, headers=headers)
    assert refused.status_code == 400
    error = refused.get_json()["error"]
    assert error["field"] == "cues[0].start" and "cues[0].start" in error["message"]
    assert "ne peut pas être enregistré" in error["message"]
    with show_app.app_context():
        assert len(shows.versions(db.session, "mist")) == 2


def test_editor_title_and_length_saved_with_the_version(show_app, tmp_path):
    """The title in six languages and the length are saved with the version; a length that leaves cues
    after the end lists them as problems and cuts nothing; a bad length or a missing Chinese title is
    refused in the curator's language, naming what is wrong."""
    _import(show_app, tmp_path, {"rooms": [ROOM], "shows": [SHOW]})
    client = _signed_in(show_app, "fr")
    page = client.get("/curator/shows/mist").get_data(as_text=True)
    assert 'name="title-ko"' in page and 'name="duration"' in page and 'value="Mist"' in page
    headers = {"X-CSRFToken": _csrf(client, page)}
    titled = {**SHOW, "title": {"zh": "云雾", "en": "Mist at dawn", "fr": "Brume à l’aube"}, "duration": 3}
    saved = client.post("/curator/shows/mist/versions", json={"document": titled}, headers=headers)
    assert saved.status_code == 201
    past = [p for p in saved.get_json()["problems"] if p["code"] == "past_end"]
    assert [p["cues"] for p in past] == [[1], [2], [3]] and "après la fin du spectacle" in past[0]["message"]
    with show_app.app_context():
        row = shows.get_show(db.session, "mist")
        assert row.duration == 3 and row.title["fr"] == "Brume à l’aube"
        assert [c["duration"] for c in row.cues] == [2, 3, 4, 4]  # nothing cut
        assert shows.versions(db.session, "mist")[0].document["duration"] == 3
    for document, words in (({**titled, "duration": "long"}, "la durée doit être un nombre de secondes"),
                            ({**titled, "duration": 99999}, "au plus 14400 secondes"),
                            ({**titled, "title": {"en": "Mist"}}, "le titre chinois est obligatoire")):
        refused = client.post("/curator/shows/mist/versions", json={"document": document}, headers=headers)
        assert refused.status_code == 400
        assert words in refused.get_json()["error"]["message"], refused.get_json()
    with show_app.app_context():
        assert len(shows.versions(db.session, "mist")) == 2


def test_restoring_a_version_is_a_new_version_and_the_list_shows_changes(show_app, tmp_path):
    _import(show_app, tmp_path, {"rooms": [ROOM], "shows": [SHOW]})
    client = _signed_in(show_app, "en")
    page = client.get("/curator/shows/mist").get_data(as_text=True)
    headers = {"X-CSRFToken": _csrf(client, page)}
    moved = {**SHOW, "cues": [SHOW["cues"][0], {**SHOW["cues"][1], "start": 2, "duration": 2},
                              SHOW["cues"][3]]}
    assert client.post("/curator/shows/mist/versions", json={"document": moved},
                       headers=headers).status_code == 201
    history = client.get("/curator/shows/mist/versions").get_data(as_text=True)
    assert re.search(r"Since this version:\s+cues removed: 1 · cues moved: 1</summary>", history)
    assert "moved: wall, none.mp4 from 1.0–4.0 s to 2.0–4.0 s" in history
    assert "removed: ceiling, 0.0–4.0 s, mist.mp4" in history
    assert "Restore version 1" in history and "Restore version 2" not in history  # 2 is the current
    with show_app.app_context():
        audited = db.session.query(AuditEntry).filter_by(entity_key="mist").count()
    csrf = _csrf(client, page)
    assert client.post("/curator/shows/mist/versions/1/restore").status_code == 400  # no CSRF token
    restored = client.post("/curator/shows/mist/versions/1/restore", data={"csrf_token": csrf})
    assert restored.status_code == 302
    assert restored.headers["Location"].endswith("/curator/shows/mist#versions-title")
    with show_app.app_context():
        [third, second, first] = shows.versions(db.session, "mist")
        assert third.number == 3 and third.restored_from == 1 and third.author == "cura"
        assert third.document == first.document and second.document["cues"][1]["start"] == 2  # history kept
        assert shows.get_show(db.session, "mist").cues == model.read_show(SHOW).as_json()["cues"]
        room = shows.get_room(db.session, "hall")
        assert third.problem_count == len(shows.check(storage(), third.show(), room))
        assert db.session.query(AuditEntry).filter_by(entity_key="mist").count() > audited
    page = client.get("/curator/shows/mist").get_data(as_text=True)
    assert "Version 1 restored as version 3." in page and "restored from version 1" in page
    assert "Same as the current version." in page  # version 1 equals version 3
    assert client.post("/curator/shows/mist/versions/9/restore", data={"csrf_token": csrf}).status_code == 404


def test_media_thumbnails_made_once_and_kept(show_app, tmp_path, monkeypatch):
    """A video's poster frame (JPEG) and a sound's waveform (PNG), made by ffmpeg the first time and then
    read from the store; the editor's media picker lists every media with its thumbnail and name."""
    _import(show_app, tmp_path, {"rooms": [ROOM], "shows": [SHOW]})
    client = _signed_in(show_app, "en")
    page = client.get("/curator/shows/mist").get_data(as_text=True)
    assert re.search(r'<label class="media-option" data-search="show-media/t/mist.mp4"><input type="radio" '
                     r'name="media" value="show-media/t/mist.mp4"><img src="/curator/shows/thumbnails/'
                     r'show-media/t/mist.mp4"', page)
    poster = client.get("/curator/shows/thumbnails/show-media/t/mist.mp4")
    assert poster.status_code == 200 and poster.mimetype == "image/jpeg" and poster.data[:2] == b"\xff\xd8"
    wave = client.get("/curator/shows/thumbnails/show-media/t/stereo.m4a")
    assert wave.status_code == 200 and wave.mimetype == "image/png"
    with show_app.app_context():
        assert storage().stat("show-thumbs/show-media/t/mist.mp4.jpg") is not None
    from exhibits.shows import thumbnails

    def refuse(*args):
        raise AssertionError("made again")

    with show_app.app_context():  # ffprobe's answer is kept until the file is written again
        assert shows.media_info(storage(), "show-media/t/copy.mp4") is None
        storage().put("show-media/t/copy.mp4", tmp_path / "mist.mp4")
        assert shows.media_info(storage(), "show-media/t/copy.mp4").kind == "video"
        storage().put("show-media/t/copy.mp4", tmp_path / "stereo.m4a")
        assert shows.media_info(storage(), "show-media/t/copy.mp4").kind == "audio"
    monkeypatch.setattr(thumbnails, "make", refuse)
    assert client.get("/curator/shows/thumbnails/show-media/t/mist.mp4").data == poster.data  # kept
    assert client.get("/curator/shows/thumbnails/show-media/t/none.mp4").status_code == 404
    assert client.get("/curator/shows/thumbnails/poems/secret.png").status_code == 404
    anonymous = show_app.test_client().get("/curator/shows/thumbnails/show-media/t/mist.mp4")
    assert anonymous.status_code in (302, 401, 403)
