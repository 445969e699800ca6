"""Metre as a reader hears it (issue 15): polyphones read in their word, the table's gaps and variant forms
filled, rhymes on a character's main reading only, and the station's checker hearing what a reader hears."""

from __future__ import annotations

import pytest

from exhibits.poems.patterns import line_faults
from exhibits.poems.reading import heard_tones, readings, rhyme_group
from exhibits.poems.tones import PING, ZE, build_tone_table, fill_from_corpus
from exhibits.poems.verify import heard_faults
from tests.poems_slice import slice_corpus


@pytest.fixture(scope="module")
def package_table():
    return build_tone_table()


@pytest.fixture(scope="module")
def table(generator):
    return generator.model.tones  # the package's table filled from the (slice) corpus as training does


@pytest.mark.parametrize("text,heard", [
    ("相思", "平平"),  # not 仄仄: 相 xiāng, 思 sī
    ("不", "仄"), ("不见", "仄仄"),  # bù; the phrase dictionary's sandhi bú is still 仄
    ("长安", "平平"), ("远行", "仄平"), ("中兴", "平平"), ("故乡", "仄平"),
    ("不胜", "仄仄"), ("不禁", "仄平"),  # bù shèng and bù jīn, as the phrase dictionary reads them
])
def test_a_polyphone_is_read_in_its_word(package_table, text, heard):
    assert heard_tones(package_table, text) == heard, readings(text)


def test_three_level_tail_hidden_by_a_polyphone_is_caught(package_table):
    """日暮行人开: 行 is xíng here, so the line ends 平平平 whatever the template wanted of it."""
    tones = heard_tones(package_table, "日暮行人开")
    assert tones == "仄仄平平平"
    assert "三平尾" in line_faults(tones, "仄仄仄平平")


@pytest.mark.parametrize("char,tone", [("峰", PING), ("为", None), ("听", None), ("里", ZE), ("几", None),
                                       ("台", PING), ("群", PING), ("溪", PING)])
def test_variant_forms_fill_the_table(package_table, char, tone):
    """峰/峯, 为/爲/為, 听/聽, 里/裏, 几/幾, 台/臺, 群/羣, 溪/谿: every form the dictionary holds counts."""
    assert package_table.known(char)
    if tone is not None:
        assert package_table.tone_of(char) == {tone}


def test_characters_missing_in_every_form_come_from_the_corpus(table):
    assert table.tone_of("啼") == {PING} and table.rhyme_of["啼"] == "上平八齐"
    assert "啼" in table.inferred and "峰" not in table.inferred


def test_corpus_inference_agrees_with_the_dictionary_where_both_speak(package_table):
    """Hide 150 frequent single-tone characters from the table, infer them from the corpus slice, compare."""
    from collections import Counter

    poems = slice_corpus()
    counts = Counter(c for poem in poems for c in poem.text)
    hidden = [c for c, _ in counts.most_common(600) if len(package_table.tone_of(c)) == 1][:150]
    trial = build_tone_table()
    for char in hidden:
        del trial.tones[char], trial.groups[char]
    fill_from_corpus(trial, poems)
    inferred = [c for c in hidden if c in trial.inferred]
    assert len(inferred) >= 100
    agree = sum(trial.tone_of(c) == package_table.tone_of(c) for c in inferred)
    assert agree >= 0.97 * len(inferred), [(c, trial.inferred[c]) for c in inferred
                                           if trial.tone_of(c) != package_table.tone_of(c)]


@pytest.mark.parametrize("line,group", [
    ("千里江陵一日平", "下平八庚"),  # not 先: pián is a rare second reading
    ("千里江陵一日还", "上平十五删"),  # not 先
    ("千里江陵一日能", "下平十蒸"),  # not 灰
    ("千里江陵一日逢", "上平二冬"),  # not 江
    ("千里江陵一日共", ""), ("千里江陵一日梦", ""),  # gòng, mèng: 仄, rhyme on no 平 group
    ("夔门江上到三更", "下平八庚"),  # 更 is gèng alone, gēng in 三更
])
def test_rhymes_on_the_main_reading_only(table, line, group):
    assert rhyme_group(table, line) == group


def test_the_checker_hears_real_regulated_poems_as_correct_and_old_style_ones_as_not(table):
    dengao = ["风急天高猿啸哀", "渚清沙白鸟飞回", "无边落木萧萧下", "不尽长江滚滚来",
              "万里悲秋常作客", "百年多病独登台", "艰难苦恨繁霜鬓", "潦倒新停浊酒杯"]
    qutang = ["瞿唐天下险", "夜上信难哉", "岸似双屏合", "天如匹帛开",
              "逆风惊浪起", "拔稔暗船来", "欲识愁多少", "高于滟滪堆"]
    assert heard_faults(table, dengao) == []
    assert heard_faults(table, qutang) == []
    assert heard_faults(table, ["床前明月光", "疑是地上霜", "举头望明月", "低头思故乡"])  # 古绝, not 律


def test_the_checker_hears_a_polyphone_in_the_wrong_slot(table):
    """The old station's trick: 相思 in a 仄仄 slot was accepted because 相 and 思 can each be 仄."""
    good = ["江上孤舟客", "秋风送远行", "明朝何处去", "流水自东倾"]
    assert heard_faults(table, good) == []
    bad = ["相思孤舟客", *good[1:]]  # 相思 is 平平 where the template needs 仄仄 (or 平仄 at most)
    assert any("line 1" in fault for fault in heard_faults(table, bad))
    assert any("does not rhyme" in f for f in heard_faults(table, [*good[:3], "流水自东共"]))
