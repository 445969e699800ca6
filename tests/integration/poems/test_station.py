"""The station through HTTP: API, public page with keepsake PNG, kiosk pages and the event stream."""

from __future__ import annotations

import io

from PIL import Image

BODY = {"poet": "苏轼", "form": "七言绝句", "theme": "山水", "season": "秋", "mood": "豪放",
        "keywords": ["江"], "acrostic": "", "seed": 42}


def test_post_poem_answers_every_field_and_is_reproducible(client):
    first = client.post("/api/v1/poems", json=BODY, headers={"X-Kiosk-Id": "a"})
    assert first.status_code == 201, first.get_json()
    data = first.get_json()
    for key in ("code", "lines", "pinyin", "rhyme_group", "pattern", "inspirations", "image_url", "page_url"):
        assert key in data
    assert len(data["lines"]) == 4 and all(len(line) == 7 for line in data["lines"])
    again = client.post("/api/v1/poems", json=BODY, headers={"X-Kiosk-Id": "b"}).get_json()
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


def test_rate_limit_per_kiosk(client):
    for seed in range(3):
        assert client.post("/api/v1/poems", json={**BODY, "seed": seed},
                           headers={"X-Kiosk-Id": "k1"}).status_code == 201
    assert client.post("/api/v1/poems", json=BODY, headers={"X-Kiosk-Id": "k1"}).status_code == 429
    assert client.post("/api/v1/poems", json=BODY, headers={"X-Kiosk-Id": "k2"}).status_code == 201


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
    from exhibits.poems.verify import independent_check
    from tests.poems_slice import slice_generator

    model = slice_generator().model
    body = {**BODY, "form": "七言律诗", "theme": "怀古", "keywords": [], "seed": 7}
    data = client.post("/api/v1/poems", json=body, headers={"X-Kiosk-Id": "lushi"}).get_json()
    assert len(data["lines"]) == 8 and all(len(line) == 7 for line in data["lines"])
    ok, message = independent_check(data["lines"])
    assert ok, message
    assert parallelism.poem_parallel(data["lines"], model.lexicon, model.tones.tone_of), [
        parallelism.analyse_couplet(a, b, model.lexicon, model.tones.tone_of).describe()
        for a, b in parallelism.middle_couplets(data["lines"])]
