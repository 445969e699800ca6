"""Every field in the reader's language: vocabulary fields by key, shown and served translated; zh-Hant
converted from simplified (marked); other missing text marked as a fallback with a visible note."""

from __future__ import annotations

import re

import lxml.html
import opencc
import pytest

from museum.catalogue.chinese import KEEP_IN_TRADITIONAL
from museum.catalogue.models import Record
from museum.extensions import db
from tests.integration.catalogue.test_api import sample_client  # noqa: F401  (fixture)

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
S2T = opencc.OpenCC("s2t")
FIELDS = ("material", "find_site", "acquisition_method")
CHUNYU = "1989.0107"  # 青铜, 万县甘宁乡, 考古发掘
IN_DESCRIPTION = "//div[contains(concat(' ', @class, ' '), ' description ')]//*"
EXPECTED = {
    "zh": {"material": "青铜", "find_site": "万县甘宁乡", "acquisition_method": "考古发掘，1989-07"},
    "zh-hant": {"material": "青銅", "find_site": "萬縣甘寧鄉", "acquisition_method": "考古發掘，1989-07"},
    "en": {"material": "Bronze", "find_site": "Ganning Township, Wanxian",
           "acquisition_method": "Archaeological excavation, 1989-07"},
    "ja": {"material": "青銅", "find_site": "万県甘寧郷", "acquisition_method": "考古発掘、1989-07"},
    "ko": {"material": "청동", "find_site": "만현 감녕향", "acquisition_method": "고고 발굴, 1989-07"},
    "fr": {"material": "Bronze", "find_site": "Canton de Ganning, Wanxian",
           "acquisition_method": "Fouilles archéologiques, 1989-07"},
}


def _fields(client, segment: str, accession: str = CHUNYU) -> dict[str, str]:
    response = client.get(f"/{segment}/objects/{accession}")
    assert response.status_code == 200
    tree = lxml.html.fromstring(response.get_data(as_text=True))
    return {name: tree.xpath(f'//dd[@data-field="{name}"]')[0].text_content().strip() for name in FIELDS}


@pytest.mark.parametrize("segment", sorted(EXPECTED))
def test_object_page_fields_in_the_readers_language(sample_client, segment):  # noqa: F811
    fields = _fields(sample_client, segment)
    assert fields == EXPECTED[segment]
    if segment in ("en", "fr", "ko"):
        assert not any(HAN.search(text) for text in fields.values()), fields
    if segment == "zh-hant":
        assert all(S2T.convert(text) == text for text in fields.values()), fields


@pytest.mark.parametrize("segment", ["en", "fr", "ko"])
def test_no_chinese_in_vocabulary_fields_on_any_sample_object(sample_client, app, segment):  # noqa: F811
    with app.app_context():
        numbers = [r.accession_number for r in db.session.query(Record).filter(Record.published).all()]
    for number in numbers[::7]:
        tree = lxml.html.fromstring(sample_client.get(f"/{segment}/objects/{number}").get_data(as_text=True))
        for dd in tree.xpath("//dd[@data-field]"):
            assert not HAN.search(dd.text_content()), (number, dd.get("data-field"), dd.text_content())


def test_every_zh_hant_field_is_traditional(sample_client, app):  # noqa: F811
    with app.app_context():
        numbers = [r.accession_number for r in db.session.query(Record).filter(Record.published).all()]
    for number in numbers[::5]:
        tree = lxml.html.fromstring(sample_client.get(f"/zh-hant/objects/{number}").get_data(as_text=True))
        for dd in tree.xpath("//dl[@class='fields']/dd"):
            text = dd.text_content()
            for kept in KEEP_IN_TRADITIONAL.values():  # names OpenCC alone would get wrong
                text = text.replace(kept, "")
            assert S2T.convert(text) == text, (number, text)


def test_zh_hant_converts_simplified_text_and_marks_it(sample_client, app):  # noqa: F811
    with app.app_context():
        record = db.session.query(Record).filter_by(accession_number=CHUNYU).one()
        record.description = {"zh": "1989年7月万县甘宁乡出土，是已知最大的錞于。"}
        record.completeness = "有锈蚀"  # free text, no traditional version
        db.session.commit()
    html = sample_client.get(f"/zh-hant/objects/{CHUNYU}").get_data(as_text=True)
    tree = lxml.html.fromstring(html)
    converted = tree.xpath(IN_DESCRIPTION + "[@data-converted]")[0]
    assert converted.get("lang") == "zh-Hant" and converted.get("data-converted") == "opencc-s2t"
    # 錞于 kept (OpenCC alone writes 錞於); everything else is an s2t fixed point
    assert converted.text_content() == "1989年7月萬縣甘寧鄉出土，是已知最大的錞于。"
    rest = converted.text_content().replace("錞于", "")
    assert S2T.convert(rest) == rest
    note = tree.xpath(IN_DESCRIPTION + "[@class='converted-note']")[0]
    assert note.text_content() == "(由簡體中文自動轉換)"
    assert "有锈蚀" not in html and "有鏽蝕" in html and '<span lang="zh-Hant" class="converted"' in html


@pytest.mark.parametrize(("segment", "note"), [("ja", "中国語の原文"), ("ko", "중국어 원문"),
                                                ("fr", "texte original en chinois")])
def test_other_languages_mark_chinese_fallback_with_a_visible_note(sample_client, app,  # noqa: F811
                                                                    segment, note):
    with app.app_context():
        record = db.session.query(Record).filter_by(accession_number=CHUNYU).one()
        record.description = {"zh": "1989年7月万县甘宁乡出土。"}
        db.session.commit()
    tree = lxml.html.fromstring(sample_client.get(f"/{segment}/objects/{CHUNYU}").get_data(as_text=True))
    fallback = tree.xpath(IN_DESCRIPTION + "[@class='fallback']")[0]
    assert fallback.get("lang") == "zh-Hans" and fallback.text_content() == "1989年7月万县甘宁乡出土。"
    assert tree.xpath(IN_DESCRIPTION + "[@class='fallback-note']")[0].text_content() == f"({note})"


@pytest.mark.parametrize("segment", ["ja", "ko", "fr"])
def test_gallery_descriptions_exist_in_ja_ko_fr(sample_client, segment):  # noqa: F811
    html = sample_client.get(f"/{segment}/galleries/ancient-ba-yu").get_data(as_text=True)
    tree = lxml.html.fromstring(html)
    lead = tree.xpath("//p[@class='lead']")[0]
    assert not lead.xpath(".//*[@class='fallback']") and lead.text_content().strip()


@pytest.mark.parametrize(("lang", "material", "find_site"), [
    ("zh", "青铜", "万县甘宁乡"), ("zh-Hant", "青銅", "萬縣甘寧鄉"),
    ("en", "Bronze", "Ganning Township, Wanxian"), ("ja", "青銅", "万県甘寧郷"),
    ("ko", "청동", "만현 감녕향"), ("fr", "Bronze", "Canton de Ganning, Wanxian"),
])
def test_api_returns_keys_and_labels_in_the_requested_language(sample_client,  # noqa: F811
                                                               lang, material, find_site):
    body = sample_client.get(f"/api/v1/objects/{CHUNYU}?lang={lang}").get_json()
    assert (body["material"], body["find_site"], body["acquisition_method"]) == ("bronze", "wanxian-ganning",
                                                                                  "excavation")
    assert body["lang"] == lang
    assert body["labels"]["material"] == material and body["labels"]["find_site"] == find_site
    assert body["labels"]["category"] and body["labels"]["grade"]


def test_api_refuses_an_unknown_language(sample_client):  # noqa: F811
    assert sample_client.get(f"/api/v1/objects/{CHUNYU}?lang=de").status_code == 400
