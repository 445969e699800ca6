"""search.related: what a search with no hits offers (spelling, pinyin, related glossary terms)."""

from __future__ import annotations

import pytest

from search.related import suggest


def offered(q, lang):
    return [(s.term, s.reason) for s in suggest(q, lang)]


@pytest.mark.parametrize(("q", "lang", "expected"), [
    # the concept's related list, in order
    ("鼎", "zh", [("青铜", "related"), ("尊", "related"), ("钟", "related")]),
    ("鼎", "zh-Hant", [("青銅", "related"), ("尊", "related"), ("鐘", "related")]),
    ("铜镜", "zh", [("青铜", "related"), ("铜", "related")]),  # 铜镜 itself is not offered back
    ("mirror", "en", [("bronze", "related"), ("copper", "related")]),
    ("bronse", "en", [("bronze", "spelling")]),
    ("qingtong", "en", [("bronze", "pinyin")]),
    ("tongjing", "ko", [("거울", "pinyin"), ("청동", "related"), ("구리", "related")]),
    ("mirror", "fr", [("miroir", "same"), ("bronze", "related"), ("cuivre", "related")]),
    ("xyzzy", "en", []),
])
def test_suggestions(q, lang, expected):
    assert offered(q, lang) == expected


def test_zh_hant_reads_converted_terms_where_the_glossary_has_only_simplified():
    copper = next(s for s in suggest("铜镜", "zh-Hant") if s.key == "copper")  # copper has no zh-Hant term
    assert (copper.term, copper.language) == ("銅", "zh-Hant")
