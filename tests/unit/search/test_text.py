"""Text preparation: folding, CJK pairs, pinyin, stemming, glossary, planning, highlights."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search import highlight, text
from search.base import decode_cursor, encode_cursor
from search.documents import prepare
from search.exceptions import BadCursor, InvalidDocument, QueryTooLong
from search.glossary import Glossary, default_glossary
from search.planner import Planner
from search.query import AllOf, AnyOf, Phrase, Term


def test_fold_simplifies_lowercases_and_removes_accents_and_controls():
    assert text.fold("戰國銅虎鈕錞于") == "战国铜虎钮\U0002cb5a于"  # OpenCC turns 錞 into 𬭚
    assert text.fold("AIGUIÈRE Épée") == "aiguiere epee"
    assert text.fold("ＡＢＣ１２３") == "abc123"
    assert text.fold("a\x00b\u200bc") == "a b c"
    assert text.fold("が") == "が"  # kana voicing marks are not accents


def test_runs_pairs_and_gaps():
    runs = text.runs('青铜 "AND" 器: NEAR(x*)')
    assert [(r.kind, r.text) for r in runs] == [("cjk", "青铜"), ("word", "and"), ("cjk", "器"),
                                                ("word", "near"), ("word", "x")]
    assert text.pairs("缠枝莲纹") == ["缠枝", "枝莲", "莲纹"]
    tokens = text.analyse("缠枝莲 纹碗 bowls", "en")
    assert tokens.unigrams == ["缠", "枝", "莲", text.GAP, "纹", "碗"]
    assert tokens.pairs == ["缠枝", "枝莲", text.GAP, "纹碗"]
    assert tokens.words == ["bowl"]


def test_korean_and_japanese_are_paired_like_chinese():
    assert text.analyse("청동기", "ko").pairs == ["청동", "동기"]
    assert text.analyse("青銅器", "ja").pairs == ["青铜", "铜器"]


def test_pinyin_syllables_and_grams():
    assert text.pinyin_syllables("战国铜虎钮錞于") == [["zhan", "guo", "tong", "hu", "niu", "chun", "yu"]]
    grams = text.pinyin_grams(["hu", "niu", "chun", "yu"])
    assert {"huniu", "huniuchunyu", "chunyu", "niuchun"} <= set(grams)
    assert "hu" not in grams and len(text.pinyin_grams(list("abcdefghijkl"))) == sum(
        min(12 - s, 8) - 1 for s in range(12))


def test_stems_in_english_and_french():
    assert text.stems("bells")[0] == "bell"
    assert "cloch" in text.stems("cloches")
    assert text.stem("1989", "en") == "1989"


def test_glossary_segments_longest_first_and_keeps_single_characters_whole():
    glossary = default_glossary()
    pieces = glossary.segment_cjk("战国青铜器")
    assert [p for p, _ in pieces] == ["战国", "青铜器"] and all(keys for _, keys in pieces)
    assert [p for p, keys in glossary.segment_cjk("铜虎") if keys] == []  # one-character terms only alone
    assert glossary.segment_cjk("铜")[0][1] == {"copper"}
    assert glossary.match_words(["warring", "states", "bronze"], 0) == (2, {"warring-states"})


def test_glossary_rejects_malformed_data_naming_the_concept():
    with pytest.raises(ValueError, match="concept 1 has no 'key'"):
        Glossary([{"zh": ["铜"]}])
    with pytest.raises(ValueError, match="'bell', en"):
        Glossary([{"key": "bell", "en": "bell"}])


def test_planner_uses_terms_for_single_tokens_and_phrases_for_pairs():
    plan = Planner().plan("缠枝莲纹碗")
    node = plan.node
    phrases = [i for i in node.items if isinstance(i, Phrase)] if isinstance(node, AnyOf) else []
    assert phrases and phrases[0].values == ("缠枝", "枝莲", "莲纹", "纹碗")
    single = Planner().plan("碗").node
    assert isinstance(single, AnyOf) and all(isinstance(i, Term) for i in single.items)
    assert isinstance(Planner().plan("bronze zun").node, (AllOf, AnyOf))


def test_stop_words_are_dropped_unless_the_query_is_only_stop_words():
    assert Planner().plan("bronze AND zun").words == ["bronze", "zun"]
    assert Planner().plan("and or").words == ["and", "or"]
    assert Planner().plan('"*:[]()').empty


def test_query_length_limit():
    Planner().plan("铜" * 500)
    with pytest.raises(QueryTooLong):
        Planner().plan("铜" * 501)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_plans_without_error(q):
    plan = Planner().plan(q)
    assert plan.node is not None


def test_highlight_maps_folded_matches_onto_the_stored_text():
    plan = Planner().plan("战国 drums")
    assert highlight.highlight("戰國銅虎鈕錞于 & <b>", plan) == "<mark>戰國</mark>銅虎鈕錞于 &amp; &lt;b&gt;"
    assert "<mark>Drums</mark>" in highlight.highlight("Drums of war", plan)
    long = "无关" * 100 + "战国" + "无关" * 100
    marked = highlight.highlight(long, plan)
    assert marked.startswith("…") and marked.endswith("…") and "<mark>战国</mark>" in marked


def test_did_you_mean_picks_the_closest_word_of_the_hits():
    sources = [{"title": {"en": "Bronze zun with three rams"}}, {"title": {"en": "Bronze chunyu"}}]
    assert highlight.did_you_mean("Bronse zunn", ["bronse", "zunn"], sources) == "bronze zun"
    assert highlight.did_you_mean("bronze", ["bronze"], sources) is None
    assert highlight.did_you_mean("xylophone", ["xylophone"], sources) is None


def test_documents_are_checked_and_name_the_problem():
    with pytest.raises(InvalidDocument, match="accession_number"):
        prepare({"title": {"zh": "铜"}})
    with pytest.raises(InvalidDocument, match="X1: start_year"):
        prepare({"accession_number": "X1", "start_year": "475 BC"})
    fields = prepare({"accession_number": "1989.0107", "title": {"zh": "錞于", "zh-Hant": "錞于"},
                      "start_year": -475})
    assert fields["end_year"] == -475 and fields["title_pairs"] == "\U0002cb5a于"  # one copy, not two
    assert "1989.0107" in fields["ids"].split()


def test_cursors_round_trip_and_reject_garbage():
    assert decode_cursor(encode_cursor({"o": 20, "p": 3})) == {"o": 20, "p": 3}
    for garbage in ("!!", "e30x", "WzFd"):  # not base64 JSON of an object
        with pytest.raises(BadCursor):
            decode_cursor(garbage)
