"""Record fields fall back along each language's chain."""

import pytest

from museum.catalogue.vocabulary import FALLBACK_CHAINS, LANGUAGES, normalise_language, pick

FULL = {"zh": "虎钮錞于", "zh-Hant": "虎鈕錞于", "en": "Chunyu", "ja": "虎鈕錞于（日）", "ko": "호뉴 순우", "fr": "Chunyu (fr)"}


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


def test_every_chain_starts_with_its_language():
    assert all(chain[0] == lang for lang, chain in FALLBACK_CHAINS.items())


@pytest.mark.parametrize("code, lang", [("zh-TW", "zh-Hant"), ("zh_Hant_HK", "zh-Hant"), ("zh-CN", "zh"),
                                        ("zh-Hans", "zh"), ("en-GB", "en"), ("FR", "fr"), ("de", None)])
def test_normalise_language(code, lang):
    assert normalise_language(code) == lang
