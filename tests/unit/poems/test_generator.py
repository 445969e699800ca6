"""Generated poems: metrically correct (independent checker), no repeats, no copies, reproducible."""

from __future__ import annotations

import pytest

from exhibits.poems.exceptions import InvalidPreference
from exhibits.poems.features import contains, line_codes, line_hash
from exhibits.poems.patterns import FORMS, line_faults
from exhibits.poems.preferences import parse_preferences
from exhibits.poems.verify import independent_check

CASES = [(poet, form, theme, seed) for seed, (poet, form, theme) in enumerate([
    ("苏轼", "五言绝句", "山水"), ("杜甫", "七言律诗", "怀古"), ("李白", "七言绝句", "送别"),
    ("白居易", "五言律诗", "思乡"), ("元稹", "七言绝句", "思乡"), ("苏洵", "五言律诗", "山水"),
    ("刘禹锡", "七言律诗", "送别"), ("苏辙", "五言绝句", "怀古"), ("白行简", "七言绝句", "山水")])]


@pytest.fixture(scope="module")
def poems(generator):
    return [(case, generator.generate(parse_preferences(
        {"poet": case[0], "form": case[1], "theme": case[2], "season": "秋", "seed": case[3]})))
        for case in CASES]


def test_every_poem_has_the_form_and_passes_the_independent_checker(poems):
    for (_, form, _, _), poem in poems:
        length, count = FORMS[form]
        assert len(poem.lines) == count and all(len(line) == length for line in poem.lines)
        ok, message = independent_check(poem.lines)
        assert ok, (poem.lines, message)


def test_every_line_follows_its_template_without_faults(poems):
    for _, poem in poems:
        for tones, pattern in zip(poem.pattern["tones"], poem.pattern["template"], strict=True):
            assert line_faults(tones, pattern) == []


def test_no_character_repeats_and_no_corpus_line_is_copied(generator, poems):
    for _, poem in poems:
        text = "".join(poem.lines)
        assert len(set(text)) == len(text)
        assert not contains(generator.model.exact_lines, line_hash(line_codes(poem.lines))).any()


def test_rhyme_feet_come_from_one_group_poets_used(generator, poems):
    for _, poem in poems:
        feet = [poem.lines[i - 1][-1] for i in poem.pattern["rhyme_lines"]]
        assert all(foot in generator.model.rhymes[poem.rhyme_group] for foot in feet)


def test_annotations_pinyin_and_inspirations(poems):
    for (poet, *_), poem in poems:
        assert [len(p) for p in poem.pinyin] == [len(line) for line in poem.lines]
        assert any(mark in "".join(poem.pinyin[0]) for mark in "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ")
        assert len(poem.inspirations) == 3
        if poet not in ("白行简",):
            assert all(p["author"] == poet for p in poem.inspirations)


def test_same_seed_same_poem_other_seed_other_poem(generator):
    request = {"poet": "杜甫", "form": "五言绝句", "theme": "山水", "seed": 7}
    first = generator.generate(parse_preferences(request)).lines
    assert generator.generate(parse_preferences(request)).lines == first
    others = {tuple(generator.generate(parse_preferences({**request, "seed": s})).lines) for s in range(8, 12)}
    assert len(others | {tuple(first)}) >= 4


def test_acrostic_heads_each_line_or_is_explained(generator):
    poem = generator.generate(parse_preferences(
        {"poet": "苏轼", "form": "七言绝句", "theme": "山水", "acrostic": "江山如画", "seed": 3}))
    if "".join(line[0] for line in poem.lines) != "江山如画":
        assert any("藏头" in note for note in poem.notes)
    repeated = generator.generate(parse_preferences(
        {"poet": "苏轼", "form": "五言绝句", "acrostic": "山山", "seed": 1}))
    assert any("repeats" in note for note in repeated.notes)


def test_keywords_are_placed(generator):
    poem = generator.generate(parse_preferences(
        {"poet": "李白", "form": "七言律诗", "theme": "山水", "keywords": ["巫山"], "seed": 5}))
    assert "巫山" in "".join(poem.lines) or poem.notes


@pytest.mark.parametrize("body,field", [
    ({"poet": "王维", "form": "五言绝句"}, "poet"),
    ({"poet": "李白", "form": "词"}, "form"),
    ({"poet": "李白", "form": "五言绝句", "theme": "爱情"}, "theme"),
    ({"poet": "李白", "form": "五言绝句", "seed": -1}, "seed"),
    ({"poet": "李白", "form": "五言绝句", "acrostic": "Ann"}, "acrostic"),
    ({"poet": "李白", "form": "五言绝句", "colour": "red"}, "colour"),
])
def test_bad_preferences_name_the_field(body, field):
    with pytest.raises(InvalidPreference) as raised:
        parse_preferences(body)
    assert raised.value.field == field and str(raised.value).startswith(field)
