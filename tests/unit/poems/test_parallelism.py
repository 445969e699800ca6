"""The 对仗 measure: word classes from jieba's data, verse-rhythm words, tones opposite at even positions."""

from __future__ import annotations

import pytest

from exhibits.poems import parallelism
from exhibits.poems.tones import build_tone_table


@pytest.fixture(scope="module")
def lexicon():
    return parallelism.jieba_lexicon()


@pytest.fixture(scope="module")
def tone_of():
    return build_tone_table().tone_of


@pytest.mark.parametrize("first,second", [
    ("两个黄鹂鸣翠柳", "一行白鹭上青天"),  # 杜甫《绝句》
    ("无边落木萧萧下", "不尽长江滚滚来"),  # 杜甫《登高》
    ("明月松间照", "清泉石上流"),  # 王维《山居秋暝》
    ("星垂平野阔", "月涌大江流"),  # 杜甫《旅夜书怀》
    ("白日依山尽", "黄河入海流"),  # 王之涣《登鹳雀楼》
])
def test_known_parallel_couplets_pass(lexicon, tone_of, first, second):
    analysis = parallelism.analyse_couplet(first, second, lexicon, tone_of)
    assert analysis.parallel, analysis.describe()


@pytest.mark.parametrize("first,second", [
    ("床前明月光", "疑是地上霜"),  # 李白《静夜思》: neither classes nor tones face each other
    ("借问酒家何处有", "牧童遥指杏花村"),  # 杜牧《清明》: a question and its answer
    ("劝君更尽一杯酒", "西出阳关无故人"),  # 王维《送元二使安西》
    ("朝辞白帝彩云间", "千里江陵一日还"),  # 李白《早发白帝城》
])
def test_known_non_parallel_couplets_fail(lexicon, tone_of, first, second):
    analysis = parallelism.analyse_couplet(first, second, lexicon, tone_of)
    assert not analysis.parallel, analysis.describe()


def test_same_tone_at_an_even_position_is_not_parallel(lexicon, tone_of):
    # the classes face each other position by position, but the second characters 月 and 日 are both
    # 仄: a couplet's even positions must have opposite tones
    analysis = parallelism.analyse_couplet("明月照高楼", "白日照长河", lexicon, tone_of)
    assert analysis.matched_share >= parallelism.MIN_MATCHED
    assert not analysis.tones_opposite and not analysis.parallel


def test_classes_come_from_jieba_and_the_closed_lists(lexicon):
    assert lexicon.char_classes("山") == parallelism.NOUN
    assert lexicon.char_classes("不") == parallelism.FUNCTION
    assert lexicon.char_classes("一") == lexicon.char_classes("万") == parallelism.NUMERAL
    assert parallelism.DIRECTION in lexicon.char_classes("东")
    assert parallelism.COLOUR in lexicon.char_classes("红")
    # a noun head (桃花, 梅花), though modern 花 "spends"
    assert parallelism.NOUN in lexicon.char_classes("花")
    assert lexicon.char_classes("我") == lexicon.char_classes("君") == parallelism.FUNCTION  # pronouns
    assert lexicon.word_class("萧萧") == parallelism.ADJECTIVE  # 叠字


def test_wider_classes_give_loose_parallels():
    assert parallelism.widened(parallelism.COLOUR) == {parallelism.COLOUR, parallelism.ADJECTIVE,
                                                       parallelism.VERB}
    assert parallelism.widened(parallelism.DIRECTION) == {parallelism.DIRECTION, parallelism.NOUN}
    assert parallelism.position_matches(("色", ""), ("形", ""))
    assert not parallelism.position_matches(("色", ""), ("名", ""))
    assert parallelism.position_matches(("", ""), ("名", ""))  # unknown to jieba: not held against


def test_words_follow_the_verse_rhythm(lexicon):
    assert lexicon.segment("两个黄鹂鸣翠柳")[:2] == [(0, 2), (2, 2)]
    five = lexicon.segment("明月松间照")
    assert five[0] == (0, 2) and sum(length for _, length in five) == 5
    labels = lexicon.labels("万里悲秋常作客")
    assert labels[0][1] == labels[1][1] == parallelism.NUMERAL  # 万里: a numeral word


def test_middle_couplets_and_poem_verdict(lexicon, tone_of):
    poem = ["风急天高猿啸哀", "渚清沙白鸟飞回", "无边落木萧萧下", "不尽长江滚滚来",
            "万里悲秋常作客", "百年多病独登台", "艰难苦恨繁霜鬓", "潦倒新停浊酒杯"]  # 杜甫《登高》
    assert parallelism.middle_couplets(poem) == [(poem[2], poem[3]), (poem[4], poem[5])]
    assert parallelism.poem_parallel(poem, lexicon, tone_of)
    assert not parallelism.poem_parallel(poem[:4], lexicon, tone_of)  # 绝句: no middle couplets
    broken = poem[:3] + ["劝君更尽一杯酒"] + poem[4:]
    assert not parallelism.poem_parallel(broken, lexicon, tone_of)


def test_lexicon_round_trips_and_restricts(lexicon):
    small = lexicon.restricted("山水明月")
    assert set(small.chars) <= set("山水明月") and all(set(w) <= set("山水明月") for w in small.words)
    assert "明月" in small.words
    again = parallelism.Lexicon.from_json(small.to_json())
    assert again.chars == small.chars and again.words == small.words
