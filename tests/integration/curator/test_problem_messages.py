"""The workspace's problems in the curator's language: a record form's refused values (each next to its
field, naming the value typed), a new record's accession number already taken, a missing title, refused
uploads (naming the file), a draft or version that is not there, a 3D model's size against the catalogue.
Each is triggered through the pages (test client) in several languages; the message must be written in the
page's language (its script; for French, not the English sentence) and still name the field, value or
file."""

from __future__ import annotations

import io
import re

import pytest
from bs4 import BeautifulSoup

from languages import URL_SEGMENTS
from tests.integration.curator.test_media import _stl
from tests.unit.curator.support import csrf_from, login

HAN = re.compile(r"[\u3400-\u9fff]")
KANA = re.compile(r"[\u3040-\u30ff]")
HANGUL = re.compile(r"[\uac00-\ud7af]")
LATIN = re.compile(r"[A-Za-zÀ-ÿ]")
LANGUAGES = ("zh", "zh-Hant", "ja", "ko", "fr")
RECORD = "/curator/records/1989.0107"
# field → a value it refuses (each a different problem of the shared import rules)
BAD_VALUES = {
    "height_cm": "tall",                 # not a number
    "start_year": "300BC",               # not a whole number
    "category": "spaceship",             # not in the vocabulary
    "gallery": "nowhere",                # no such gallery
    "acquisition_date": "1989-13-45",    # not a real date
    "quantity": "many",                  # cannot read the quantity
}


def in_language(text: str, lang: str) -> bool:
    """Written in the page's language by its script (the same test as tests/web/test_accessibility.py's),
    values typed by the curator taken out first."""
    han, kana, hangul, latin = (len(p.findall(text)) for p in (HAN, KANA, HANGUL, LATIN))
    if lang in ("zh", "zh-Hant"):
        return han > 0 and hangul == 0 and kana == 0 and latin == 0
    if lang == "ja":
        return kana > 0 and hangul == 0
    if lang == "ko":
        return hangul > 0 and kana == 0
    return latin > 0 and hangul == 0 and kana == 0 and han <= latin / 3


def without(text: str, *named: str) -> str:
    """The sentence around the names it quotes (values, files, accession numbers) and the formats and units
    a curator writes as they are."""
    for name in (*named, "YYYY-MM-DD", "YYYY-MM", "YYYY", "UTF-8", "WebVTT", "ZIP", "cm", "mm"):
        text = text.replace(name, "")
    return text


@pytest.fixture
def editor(app, users, catalogue):
    client = app.test_client()
    login(client, "curator1")
    return client


def _speak(client, lang: str) -> None:
    assert client.get(f"/curator/?lang={URL_SEGMENTS[lang]}").status_code == 200


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _form(client, path: str) -> dict[str, str]:
    """The edit form's fields as the page fills them, ready to post back."""
    soup = _soup(client.get(path))
    fields = {tag["name"]: tag.get("value", "") for tag in soup.select("form input[name]")
              if tag.get("type") not in ("submit", "checkbox")}
    fields |= {tag["name"]: tag.get_text() for tag in soup.select("form textarea[name]")}
    for select in soup.select("form select[name]"):
        chosen = select.select_one("option[selected]")
        fields[select["name"]] = chosen["value"] if chosen else ""
    return fields


def _field_errors(client, lang: str) -> dict[str, str]:
    _speak(client, lang)
    form = _form(client, f"{RECORD}/edit") | BAD_VALUES
    response = client.post(f"{RECORD}/edit", data=form)
    assert response.status_code == 422
    soup = _soup(response)
    return {name: soup.select_one(f"#{name}-error").get_text(strip=True) for name in BAD_VALUES
            if soup.select_one(f"#{name}-error")}


def _flash(response) -> str:
    found = _soup(response).select_one(".flash-error")
    assert found is not None, response.get_data(as_text=True)[:2000]
    return found.get_text(" ", strip=True)


def _upload(client, name: str, content: bytes, folder: str = "images", **fields) -> str:
    media = f"{RECORD}/media"
    token = csrf_from(client.get(media).get_data(as_text=True).replace(
        'type="hidden" name="csrf_token" value=', 'name="csrf_token" type="hidden" value='))
    data = {"csrf_token": token, **fields}
    if name:
        data["file"] = (io.BytesIO(content), name)
    response = client.post(f"{media}/{folder}", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    return _flash(response)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_records_refused_values_are_said_in_the_curators_language(editor, lang):
    english = _field_errors(editor, "en")
    said = _field_errors(editor, lang)
    assert set(said) == set(english) == set(BAD_VALUES)  # each refused field has its own message
    for name, value in BAD_VALUES.items():
        assert value in said[name], (name, said[name])  # the value typed is named
        assert in_language(without(said[name], value), lang), (name, said[name])
        assert said[name] != english[name], (name, said[name])
        assert in_language(without(english[name], value), "en"), (name, english[name])


@pytest.mark.parametrize("lang", ("zh", "fr", "ja"))
def test_a_taken_accession_number_and_a_missing_title(editor, lang):
    said = {}
    for language in ("en", lang):
        _speak(editor, language)
        form = _form(editor, "/curator/records/new") | {"accession_number": "1989.0107", "title_zh": "新"}
        soup = _soup(editor.post("/curator/records/new", data=form))
        taken = soup.select_one("#accession_number-error").get_text(strip=True)
        form = _form(editor, "/curator/records/new") | {"accession_number": "2026.0001"}
        soup = _soup(editor.post("/curator/records/new", data=form))
        untitled = soup.select_one("#title_zh-error").get_text(strip=True)
        said[language] = (taken, untitled)
    taken, untitled = said[lang]
    assert "1989.0107" in taken and in_language(without(taken, "1989.0107"), lang), taken
    assert in_language(untitled, lang), untitled
    assert said[lang] != said["en"] and taken != said["en"][0] and untitled != said["en"][1]


@pytest.mark.parametrize("lang", ("zh", "fr", "ko"))
def test_refused_uploads_name_the_file_in_the_curators_language(editor, lang):
    cases = {"front.jpg": b"this is not an image at all" * 10, "empty.png": b"", "": b""}
    said = {}
    for language in ("en", lang):
        _speak(editor, language)
        said[language] = {name: _upload(editor, name, content) for name, content in cases.items()}
    for name in cases:
        message = said[lang][name]
        assert name in message, message  # the file is named
        assert in_language(without(message, name), lang), message
        assert message != said["en"][name]
    track = _upload(editor, "guide.wav", b"RIFF" + b"\0" * 200, "audio", lang="zh")
    assert "guide.wav" in track and in_language(without(track, "guide.wav"), lang), track
    # a track whose language was not chosen: the parameter said in words
    unspoken = _upload(editor, "guide.wav", b"RIFF" + b"\0" * 200, "audio")
    assert in_language(unspoken, lang) and unspoken != track, unspoken


@pytest.mark.parametrize("lang", ("zh", "fr", "ja"))
def test_a_missing_draft_or_version_is_said_in_the_curators_language(editor, lang):
    said = {}
    for language in ("en", lang):
        _speak(editor, language)
        token = csrf_from(editor.get(RECORD).get_data(as_text=True).replace(
            'type="hidden" name="csrf_token" value=', 'name="csrf_token" type="hidden" value='))
        discard = editor.post(f"{RECORD}/discard", data={"csrf_token": token}, follow_redirects=True)
        revert = editor.post(f"{RECORD}/revert/7", data={"csrf_token": token}, follow_redirects=True)
        said[language] = (_flash(discard), _flash(revert))
    no_draft, no_version = said[lang]
    assert in_language(no_draft, lang) and no_draft != said["en"][0], no_draft
    assert "7" in no_version and in_language(without(no_version, "7"), lang) and no_version != said["en"][1]


@pytest.mark.parametrize("lang", ("zh", "fr", "ja"))
def test_a_models_size_against_the_catalogue_is_said_in_the_curators_language(editor, lang):
    """A model in centimetres added as metres: added, with the size problem in words (the dimension by its
    name, both sizes, the units the file seems to be in), in the flash and in the models' table."""
    _speak(editor, lang)
    media = f"{RECORD}/media"
    token = csrf_from(editor.get(media).get_data(as_text=True).replace(
        'type="hidden" name="csrf_token" value=', 'name="csrf_token" type="hidden" value='))
    data = {"csrf_token": token, "units": "m", "up": "z", "file": (io.BytesIO(_stl(68.0)), "chunyu.stl")}
    page = editor.post(f"{media}/models", data=data, content_type="multipart/form-data",
                       follow_redirects=True)
    flashed = _flash(page)
    assert "chunyu.stl" in flashed and "6800" in flashed and "68" in flashed, flashed
    said = flashed.split("chunyu.stl", 1)[1]  # after the names of what was added
    assert in_language(without(said, "6800", "68", "cm"), lang), said
    row = next(td.get_text(" ", strip=True) for td in _soup(page).select("td")
               if td.select_one("strong.badge") and "6800" in td.get_text())
    assert in_language(without(row, "6800", "68", "cm"), lang), row
