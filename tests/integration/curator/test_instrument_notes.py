"""The technical notes of a playable bronze are the curator's (issue 16): ``/curator/instruments/<accession>``
shows the model's notes, wall thickness, partials, meshes and convergence of the modal analysis the station
plays; the record page links to it; the visitors' station shows none of it."""

from __future__ import annotations

from bs4 import BeautifulSoup

from exhibits.audio import instruments, player
from tests.unit.curator.support import login


def test_the_curator_view_shows_the_technical_notes(app, users, catalogue, client):
    login(client, "viewer1")
    data = player.shipped_modes("1989.0107")
    html = client.get("/curator/instruments/1989.0107").get_data(as_text=True)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one(".model-notes").get_text() == instruments.INSTRUMENTS["1989.0107"].notes
    assert soup.select_one(".model-notes")["lang"] == "en"
    assert f"{data['thickness_mm']} mm" in soup.select_one(".instrument-facts").get_text()
    assert soup.select_one(".lowest-partial").get_text() == f"{data['modes'][0]['frequency']:.1f} Hz"
    rows = soup.select("table.partials tbody tr")
    frequencies = [f"{m['frequency']:.1f}" for m in data["modes"]]
    assert [row.select("td")[1].get_text() for row in rows] == frequencies
    meshes = soup.select("table.meshes tbody tr")
    assert [row.select_one("td code").get_text() for row in meshes] == list(data["levels"])
    assert [row.select("td")[3].get_text() for row in meshes] == [str(level["dofs"]) for level in
                                                                   data["levels"].values()]
    assert "Convergence" in soup.select_one(".convergence").get_text()
    spectrograms = [img["src"] for img in soup.select("img.spectrogram")]
    assert spectrograms == [f"/api/v1/instruments/1989.0107/spectrogram.png?position={p}"
                            for p in ("centre", "side")]
    # the record page links to the notes; a record that is no instrument does not
    record = client.get("/curator/records/1989.0107").get_data(as_text=True)
    assert 'href="/curator/instruments/1989.0107"' in record
    assert "/curator/instruments/" not in client.get("/curator/records/2002.0031").get_data(as_text=True)


def test_the_bells_notes_show_the_two_tones(app, users, catalogue, client):
    login(client, "viewer1")
    data = player.shipped_modes("1972.0008")
    text = BeautifulSoup(client.get("/curator/instruments/1972.0008").get_data(as_text=True),
                         "html.parser").select_one(".instrument-facts").get_text()
    assert f"{data['lowest_pair']['centre_hz']:.1f} Hz / {data['lowest_pair']['side_hz']:.1f} Hz" in text


def test_only_signed_in_readers_and_known_instruments(app, users, catalogue, client):
    response = client.get("/curator/instruments/1989.0107")
    assert response.status_code in (302, 401)
    assert "/curator/login" in response.headers.get("Location", "/curator/login")
    login(client, "viewer1")
    assert client.get("/curator/instruments/2002.0031").status_code == 404


def test_the_visitors_station_shows_no_technical_notes(app, users, catalogue, client):
    for lang in ("en", "fr", "zh"):
        html = client.get(f"/kiosk/instrument/1989.0107?lang={lang}").get_data(as_text=True)
        soup = BeautifulSoup(html, "html.parser")
        for tag in soup(["script", "template"]):
            tag.decompose()
        visible = soup.get_text(" ")
        for technical in ("Hz", "thickness", "mesh", "partial", "spectrogram", "kg footprint", "分音"):
            assert technical.lower() not in visible.lower(), (lang, technical)
        assert soup.select(".zone-label")  # the zones are labelled ...
        assert all("spectrogram" not in img.get("src", "") for img in soup.select("img"))
