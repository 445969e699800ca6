"""The instruments over HTTP: strike WAVs (cached), partials JSON, spectrograms, the drum, kiosk pages."""

from __future__ import annotations

import io
import wave

import numpy as np
import pytest


def _wav(body: bytes) -> tuple[int, np.ndarray]:
    with wave.open(io.BytesIO(body)) as w:
        return w.getframerate(), np.frombuffer(w.readframes(w.getnframes()), "<i2")


def test_strike_wav_is_cached_and_served_with_range(app, client):
    url = "/api/v1/instruments/1989.0107/strike?position=centre&force=0.72"
    first = client.get(url)
    assert first.status_code == 200 and first.mimetype == "audio/wav"
    rate, pcm = _wav(first.data)
    assert rate == 48_000 and len(pcm) == 3 * 48_000 and 0.2 < np.abs(pcm).max() / 32767 < 0.9
    cached = list((app.instance_path and __import__("pathlib").Path(app.config["INSTANCE_PATH"]) / "cache"
                   / "strikes" / "1989.0107").glob("centre-0.70-1-*.wav"))
    assert len(cached) == 1  # force quantised to 0.05 steps
    again = client.get(url, headers={"Range": "bytes=0-43"})
    assert again.status_code == 206 and again.data == first.data[:44]


def test_harder_strike_is_louder_and_brighter(client):
    soft = _wav(client.get("/api/v1/instruments/1989.0107/strike?force=0.2").data)[1].astype(float)
    hard = _wav(client.get("/api/v1/instruments/1989.0107/strike?force=1").data)[1].astype(float)
    assert np.sqrt(np.mean(hard**2)) > 2 * np.sqrt(np.mean(soft**2))

    def centroid(x):
        power = np.abs(np.fft.rfft(x)) ** 2
        return (np.fft.rfftfreq(len(x), 1 / 48_000) * power).sum() / power.sum()

    assert centroid(hard) > centroid(soft)


def test_modes_json_for_a_bell(client):
    body = client.get("/api/v1/instruments/1972.0008/modes?position=side&bell=14").get_json()
    assert body["bell"] == 14 and len(body["bells"]) == 14
    first = client.get("/api/v1/instruments/1972.0008/modes?bell=1").get_json()
    assert body["lowest_pair"]["centre_hz"] == pytest.approx(first["lowest_pair"]["centre_hz"] * 27 / 15,
                                                             rel=1e-3)
    assert {"frequency", "decay", "amplitude"} <= set(body["partials"][0])
    assert body["convergence"]["compared_modes"] >= 10


@pytest.mark.parametrize(("query", "status", "code"), [
    ("/api/v1/instruments/1989.0107/strike?position=top", 400, "bad_strike"),
    ("/api/v1/instruments/1989.0107/strike?force=2", 400, "bad_strike"),
    ("/api/v1/instruments/1972.0008/strike?bell=15", 400, "bad_strike"),
    ("/api/v1/instruments/1989.0107/strike?bell=2", 400, "bad_strike"),
    ("/api/v1/instruments/2002.0031/strike", 404, "unknown_instrument"),
])
def test_bad_strikes_answer_json_errors(client, query, status, code):
    response = client.get(query)
    assert response.status_code == status
    assert response.get_json()["error"]["code"] == code


def test_spectrogram_drum_and_listing(client):
    png = client.get("/api/v1/instruments/1972.0008/spectrogram.png?bell=3")
    assert png.status_code == 200 and png.data[:4] == b"\x89PNG"
    rate, drum = _wav(client.get("/api/v1/instruments/drum.wav").data)
    assert rate == 48_000 and np.abs(drum).max() > 10_000
    listed = client.get("/api/v1/instruments").get_json()["instruments"]
    assert {i["accession"] for i in listed} == {"1989.0107", "1972.0008"}


def test_kiosk_pages_render(app, client):
    from museum.catalogue.models import Record
    from museum.extensions import db

    with app.app_context(), db.transaction() as session:
        session.add(Record(accession_number="1989.0107", title={"zh": "战国铜虎钮錞于"}))
    page = client.get("/kiosk/instrument/1989.0107").get_data(as_text=True)
    assert page.count('class="zone strike"') == 2 and '"drum":' in page  # two zones; the play-along's drum
    bells = client.get("/kiosk/instrument/1972.0008").get_data(as_text=True)
    assert bells.count('class="zone strike"') == 14  # one zone per bell; front or side is chosen beside them
    assert bells.count('class="where"') == 2
    station = client.get("/kiosk/audio/1989.0107")
    assert station.status_code == 200 and "暂无语音导览" in station.get_data(as_text=True)
    assert client.get("/kiosk/audio/nowhere").status_code == 404
