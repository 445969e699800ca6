"""The station through HTTP: API, public page with keepsake PNG, kiosk pages and the event stream."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from museum import create_app
from museum.catalogue import kiosks
from museum.catalogue.schema import create_schema
from museum.extensions import db
from tests.poems_slice import slice_model_dir
from tests.settings import TEST_SETTINGS

BODY = {"poet": "苏轼", "form": "七言绝句", "theme": "山水", "season": "秋", "mood": "豪放",
        "keywords": ["江"], "acrostic": "", "seed": 42}


def test_post_poem_answers_every_field_and_is_reproducible(client):
    first = client.post("/api/v1/poems", json=BODY)
    assert first.status_code == 201, first.get_json()
    data = first.get_json()
    for key in ("code", "lines", "pinyin", "rhyme_group", "pattern", "inspirations", "image_url", "page_url"):
        assert key in data
    assert len(data["lines"]) == 4 and all(len(line) == 7 for line in data["lines"])
    again = client.post("/api/v1/poems", json=BODY).get_json()
    assert again["lines"] == data["lines"] and again["code"] != data["code"]


def test_unknown_values_get_400_naming_field_and_allowed_values(client):
    response = client.post("/api/v1/poems", json={**BODY, "poet": "王维"})
    assert response.status_code == 400
    message = response.get_json()["error"]["message"]
    assert message.startswith("poet") and "苏轼" in message and "白行简" in message
    response = client.post("/api/v1/poems", json={**BODY, "form": "词"})
    assert response.status_code == 400 and "七言律诗" in response.get_json()["error"]["message"]
    assert client.post("/api/v1/poems", data="nope", content_type="text/plain").status_code == 400


def test_names_are_screened_by_the_moderation_list(client):
    response = client.post("/api/v1/poems", json={**BODY, "acrostic": "傻逼"})
    assert response.status_code == 400
    assert response.get_json()["error"]["message"].startswith("acrostic")


def _kiosk(app, name: str):
    """A browser of a registered device: it has opened /kiosk/<token>, so it carries the device's cookie."""
    with app.app_context(), db.transaction() as session:
        token = kiosks.add_device(session, name, "poems")[1]
    browser = app.test_client()
    assert browser.get(f"/kiosk/{token}").status_code == 302
    return browser, token


def _client_at(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _poems(client, count: int, **headers) -> list[int]:
    return [client.post("/api/v1/poems", json=BODY, headers=headers).status_code for _ in range(count)]


def test_rate_limit_per_registered_kiosk(app):
    """POEMS_PER_KIOSK_PER_MINUTE is 3 here. A device is known by its token, whatever headers it sends."""
    hall_1, token = _kiosk(app, "hall-1")
    hall_2, _ = _kiosk(app, "hall-2")
    assert _poems(hall_1, 4) == [201, 201, 201, 429]
    # the old self-declared id is ignored; its token, without a cookie, is the device
    assert _poems(hall_1, 1, **{"X-Kiosk-Id": "someone-else"}) == [429]
    assert _poems(app.test_client(), 1, Authorization=f"Bearer {token}") == [429]
    assert _poems(hall_2, 1) == [201]
    assert _poems(app.test_client(), 1) == [201]  # a browser without a device: its address, not the devices'


def test_rate_limit_per_address_without_a_device(app):
    assert _poems(app.test_client(), 4) == [201, 201, 201, 429]
    assert _poems(app.test_client(), 1, **{"X-Kiosk-Id": "fresh"}) == [429]  # same address, spoofed id
    assert _poems(_client_at(app, "192.0.2.7"), 1) == [201]


@pytest.fixture
def proxied_app(tmp_path):
    app = create_app({**TEST_SETTINGS, "INSTANCE_PATH": str(tmp_path / "instance"),
                      "POEMS_MODEL_DIR": str(slice_model_dir()), "POEMS_PER_KIOSK_PER_MINUTE": 1,
                      "TRUSTED_PROXIES": 1})
    with app.app_context():
        create_schema(db)
    yield app
    with app.app_context():
        db.dispose()


def test_behind_a_trusted_proxy_the_limit_is_per_client_address(proxied_app):
    proxy = _client_at(proxied_app, "10.0.0.1")
    assert _poems(proxy, 2, **{"X-Forwarded-For": "198.51.100.4"}) == [201, 429]
    assert _poems(proxy, 1, **{"X-Forwarded-For": "198.51.100.5"}) == [201]


def test_public_page_and_keepsake_png(client):
    data = client.post("/api/v1/poems", json=BODY).get_json()
    page = client.get(f"/poems/{data['code']}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert data["lines"][0][0] in html and data["rhyme_group"] in html
    png = client.get(f"/poems/{data['code']}.png")
    assert png.status_code == 200 and png.data[:8] == b"\x89PNG\r\n\x1a\n"
    image = Image.open(io.BytesIO(png.data))
    assert image.size == (1200, 1600)
    red = sum(1 for px in image.getdata() if px[0] > 150 and px[1] < 60 and px[2] < 60)
    assert red > 150 * 150 * 0.5  # the seal
    assert client.get("/poems/NOSUCH").status_code == 404


def test_the_public_page_follows_the_phone_language(client):
    code = client.post("/api/v1/poems", json=BODY).get_json()["code"]
    for accept, tag in (("fr-FR,fr;q=0.9", "fr"), ("zh-TW", "zh-Hant"), ("ko", "ko"), ("", "zh-Hans")):
        page = client.get(f"/poems/{code}", headers={"Accept-Language": accept} if accept else {})
        assert f'<html lang="{tag}"' in page.get_data(as_text=True), accept
        assert "Accept-Language" in page.headers["Vary"]


def test_kiosk_pages_and_event_stream(client):
    assert "三游诗人" in client.get("/kiosk/poems").get_data(as_text=True)
    projection = client.get("/kiosk/poems/projection").get_data(as_text=True)
    assert 'data-events="/kiosk/poems/events"' in projection
    assert "EventSource" in client.get("/static/js/poem-projection.js").get_data(as_text=True)
    assert "vertical-rl" in client.get("/static/css/poem-projection.css").get_data(as_text=True)
    data = client.post("/api/v1/poems", json=BODY).get_json()
    stream = client.get("/kiosk/poems/events?after=0").get_data(as_text=True)
    assert "event: poem" in stream and data["code"] in stream and data["lines"][0] in stream


def test_cli_trains_a_slice_and_writes(app, tmp_path):
    from museum.cli.poems import poem_group

    app.config["POEMS_MODEL_DIR"] = str(tmp_path / "model")
    runner = app.test_cli_runner()
    with app.app_context():
        result = runner.invoke(poem_group, ["train", "--slice", "40"])
        assert result.exit_code == 0, result.output
        assert (tmp_path / "model" / "meta.json").exists()
        written = runner.invoke(poem_group, ["write", "--poet", "杜甫", "--form", "五言绝句"])
    assert written.exit_code == 0, written.output
    assert len([line for line in written.output.splitlines() if line.strip()]) == 5


def test_lushi_through_the_api_is_regulated_and_parallel(client):
    from exhibits.poems import parallelism
    from exhibits.poems.verify import heard_faults
    from tests.poems_slice import slice_generator

    model = slice_generator().model
    body = {**BODY, "form": "七言律诗", "theme": "怀古", "keywords": [], "seed": 7}
    data = client.post("/api/v1/poems", json=body).get_json()
    assert len(data["lines"]) == 8 and all(len(line) == 7 for line in data["lines"])
    assert heard_faults(model.tones, data["lines"]) == []
    assert parallelism.poem_parallel(data["lines"], model.lexicon, model.tones.tone_of), [
        parallelism.analyse_couplet(a, b, model.lexicon, model.tones.tone_of).describe()
        for a, b in parallelism.middle_couplets(data["lines"])]


def _cli_lines(result) -> list[str]:
    assert result.exit_code == 0, result.output
    return [line.split()[0] for line in result.output.splitlines()
            if line and not line.startswith(("note:", " ")) and "·" not in line]


def test_the_cli_and_the_api_give_the_same_poem_for_the_same_inputs_and_seed(app, client):
    """Issue 15: the API wrote against its last poems and the CLI against none, and the CLI had no acrostic,
    season, mood or keyword options. Both now write through one function and read the same history."""
    from museum.cli.poems import poem_group

    client.post("/api/v1/poems", json={**BODY, "seed": 1})  # the station has a history
    client.post("/api/v1/poems", json={**BODY, "poet": "李白", "seed": 2})
    body = {"poet": "苏辙", "form": "七言律诗", "theme": "怀古", "season": "秋", "mood": "惆怅",
            "keywords": ["猿", "巫山"], "acrostic": "江山", "seed": 17}
    args = ["write", "--poet", "苏辙", "--form", "七言律诗", "--theme", "怀古", "--season", "秋",
            "--mood", "惆怅", "--keywords", "猿 巫山", "--acrostic", "江山", "--seed", "17"]
    runner = app.test_cli_runner()
    with app.app_context():
        before = _cli_lines(runner.invoke(poem_group, args))
    answer = client.post("/api/v1/poems", json=body).get_json()
    with app.app_context():
        after = _cli_lines(runner.invoke(poem_group, args))
    assert before == answer["lines"] == after
    assert answer["lines"][0][0] == "江" and answer["lines"][1][0] == "山"
    text = "".join(answer["lines"])
    assert all(w in text for w in ("猿", "巫山")) or answer["keywords_left_out"]


def test_the_answer_names_each_keyword_left_out_and_why(client):
    body = {**BODY, "season": "秋", "keywords": ["春水", "猿"], "seed": 5}
    data = client.post("/api/v1/poems", json=body).get_json()
    reason = "春 belongs to another season than the chosen 秋"
    assert {"keyword": "春水", "reason": reason} in data["keywords_left_out"]
    assert any("春水" in note for note in data["notes"]) and "春" not in "".join(data["lines"])


def test_a_server_worker_loads_the_poem_model_as_it_starts(app, tmp_path, monkeypatch):
    """No visitor waits for the model: `museum serve` warms it up in each worker as the worker loads the
    app."""
    from museum import poem_station, server

    poem_station.forget_models()
    assert poem_station.warm_up(app) and any(key.startswith(str(poem_station.model_dir(app)))
                                             for key in poem_station._generators)
    started = []
    monkeypatch.setattr(poem_station, "warm_up", lambda worker_app: started.append(worker_app) or True)
    monkeypatch.setenv("MUSEUM_INSTANCE", str(tmp_path / "served"))
    server.MuseumServer(str(tmp_path / "served"), {}).load()
    assert len(started) == 1


def test_the_cli_writes_on_an_instance_without_a_database_yet(tmp_path):
    """The history lives in the database; before `museum init` there is none, and a poem is still written."""
    from museum.cli.poems import poem_group

    bare = create_app({**TEST_SETTINGS, "INSTANCE_PATH": str(tmp_path / "bare"),
                       "POEMS_MODEL_DIR": str(slice_model_dir())})
    with bare.app_context():
        result = bare.test_cli_runner().invoke(poem_group, ["write", "--poet", "白行简", "--season", "冬"])
    assert len(_cli_lines(result)) == 4
