"""The controlled vocabularies: every term named in the six languages; imported values map to keys."""

from __future__ import annotations

import re

import opencc
import pytest

from languages import LANGUAGES
from museum.catalogue import vocabulary

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
S2T = opencc.OpenCC("s2t")
# zh-Hant names OpenCC's s2t would change although they are right: 余 is a surname and place name of its own
# in traditional script (開縣余家壩), not the simplified form of 餘 there.
S2T_EXCEPTIONS = {"開縣余家壩"}


@pytest.mark.parametrize("kind", sorted(vocabulary.KINDS))
def test_every_term_has_a_name_in_all_six_languages(kind):
    terms = vocabulary.KINDS[kind]
    assert len({t.key for t in terms}) == len(terms), "keys are unique"
    for term in terms:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", term.key), term.key
        assert set(term.names) == set(LANGUAGES), term.key
        assert all(term.names[lang].strip() for lang in LANGUAGES), term.key


@pytest.mark.parametrize("kind", ["material", "acquisition", "place"])
def test_latin_and_hangul_names_have_no_chinese_characters_and_zh_hant_is_traditional(kind):
    for term in vocabulary.KINDS[kind]:
        for lang in ("en", "fr", "ko"):
            assert not HAN.search(term.names[lang]), (term.key, lang, term.names[lang])
        hant = term.names["zh-Hant"]
        if hant not in S2T_EXCEPTIONS:
            assert S2T.convert(hant) == hant, (term.key, hant)


def test_names_are_unambiguous_within_a_kind():
    for kind, terms in vocabulary.KINDS.items():
        for term in terms:
            for name in (*term.names.values(), *term.aliases):
                assert vocabulary.lookup(kind, name) is term or kind in ("category", "period",
                                                                         "grade"), (kind, name)


@pytest.mark.parametrize(("kind", "value", "stored"), [
    ("material", "青铜", "bronze"),
    ("material", "青銅", "bronze"),  # traditional
    ("material", "bronze", "bronze"),  # the key
    ("material", "Bronze", "bronze"),  # a name in another language
    ("material", "铁、织物", "iron,textile"),  # several materials
    ("material", "iron,textile", "iron,textile"),  # as stored (a curator form sends it back)
    ("material", "绢本设色", "colour-on-silk"),
    ("place", "万县甘宁乡", "wanxian-ganning"),
    ("place", "萬縣甘寧鄉", "wanxian-ganning"),
    ("acquisition", "考古发掘", "excavation"),
    ("acquisition", "捐献", "donation"),  # an alias
])
def test_imported_values_map_to_keys(kind, value, stored):
    assert vocabulary.lookup_value(kind, value) == stored


def test_an_unknown_value_is_an_error_with_suggestions():
    with pytest.raises(vocabulary.UnknownTerm, match="unknown material '塑料'"):
        vocabulary.lookup_value("material", "铁、塑料")
    with pytest.raises(vocabulary.UnknownTerm) as error:
        vocabulary.lookup_value("acquisition", "考古发")
    assert error.value.suggestions == ["考古发掘"]


def test_labels_in_every_language_and_free_text_marked_as_such():
    assert vocabulary.label("material", "iron,textile", "zh") == ("铁、织物", True)
    assert vocabulary.label("material", "iron,textile", "en") == ("Iron, textile", True)
    assert vocabulary.label("material", "iron,textile", "ja") == ("鉄・織物", True)
    assert vocabulary.label("place", "wanxian-ganning", "fr") == ("Canton de Ganning, Wanxian", True)
    assert vocabulary.label("acquisition", "excavation", "ko") == ("고고 발굴", True)
    # a value kept from before the vocabulary
    assert vocabulary.label("place", "某地", "en") == ("某地", False)


def test_traditional_conversion_keeps_names_opencc_gets_wrong():
    from museum.catalogue.chinese import to_traditional

    assert S2T.convert("最大的錞于") == "最大的錞於"  # why the exception exists
    assert to_traditional("万县出土，最大的錞于，于是开县余家坝") == "萬縣出土，最大的錞于，於是開縣余家壩"


def test_search_names_cover_every_language():
    names = vocabulary.names_of("material", "bronze")
    assert names["fr"] == ["Bronze"] and names["zh"][0] == "青铜" and names["ko"] == ["청동"]
    assert vocabulary.names_of("place", "某地") == {"zh": ["某地"]}
