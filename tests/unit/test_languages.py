"""The language table: fallback chains, tags, URL segments, Babel locales and Accept-Language tags."""

from pathlib import Path

import pytest

from languages import (
    ACCEPT_TAGS,
    BABEL_LOCALES,
    FALLBACK_CHAINS,
    FROM_URL_SEGMENT,
    LANGUAGES,
    TABLE,
    URL_SEGMENTS,
    normalise_language,
    pick,
)

TRANSLATIONS = Path(__file__).resolve().parents[2] / "museum" / "translations"
FULL = {"zh": "虎钮錞于", "zh-Hant": "虎鈕錞于", "en": "Chunyu", "ja": "虎鈕錞于（日）", "ko": "호뉴 순우",
        "fr": "Chunyu (fr)"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_own_language_first(lang):
    assert pick(FULL, lang) == (FULL[lang], lang)


@pytest.mark.parametrize("lang, available, expected", [
    ("zh-Hant", {"zh": "简", "en": "E"}, "zh"),
    ("ja", {"zh": "简", "en": "E"}, "zh"),
    ("ja", {"en": "E"}, "en"),
    ("fr", {"zh": "简", "en": "E"}, "en"),
    ("fr", {"zh": "简"}, "zh"),
    ("ko", {"zh": "简", "en": "E"}, "en"),
    ("en", {"zh": "简", "fr": "F"}, "zh"),
    ("zh", {"zh-Hant": "繁", "en": "E"}, "zh-Hant"),
    ("zh", {"ko": "K"}, "ko"),  # last resort: any language rather than nothing
])
def test_chain(lang, available, expected):
    assert pick(available, lang)[1] == expected


def test_empty_values_are_skipped_and_nothing_gives_none():
    assert pick({"en": "", "zh": "简"}, "en") == ("简", "zh")
    assert pick({}, "en") == (None, None)
    assert pick(None, "en") == (None, None)


@pytest.mark.parametrize("language", TABLE, ids=lambda language: language.code)
def test_chains_name_other_known_languages_once(language):
    rest = language.falls_back_to
    assert set(rest) <= set(LANGUAGES) and language.code not in rest and len(set(rest)) == len(rest)
    assert FALLBACK_CHAINS[language.code] == (language.code, *rest)


def test_url_segments_are_distinct_and_lead_back_to_their_language():
    assert {FROM_URL_SEGMENT[URL_SEGMENTS[lang]] for lang in LANGUAGES} == set(LANGUAGES)
    assert URL_SEGMENTS["zh-Hant"] == "zh-hant"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_babel_locale_has_a_message_catalogue(lang):
    assert (TRANSLATIONS / BABEL_LOCALES[lang] / "LC_MESSAGES" / "messages.po").is_file()


@pytest.mark.parametrize("language", TABLE, ids=lambda language: language.code)
def test_accept_language_tags_normalise_to_their_own_language(language):
    offered = [tag for tag in ACCEPT_TAGS if normalise_language(tag) == language.code]
    assert {language.code, language.tag, *language.regional_tags} <= set(offered)


@pytest.mark.parametrize("code, lang", [("zh-TW", "zh-Hant"), ("zh_Hant_HK", "zh-Hant"), ("zh-CN", "zh"),
                                        ("zh-Hans", "zh"), ("en-GB", "en"), ("FR", "fr"), ("de", None)])
def test_normalise_language(code, lang):
    assert normalise_language(code) == lang
