"""Generated poems: metrically correct (independent checker), no repeats, no copies, reproducible."""

from __future__ import annotations

import numpy as np
import pytest

from exhibits.poems import parallelism
from exhibits.poems.exceptions import InvalidPreference
from exhibits.poems.features import contains, line_codes, line_hash
from exhibits.poems.patterns import FORMS, line_faults
from exhibits.poems.preferences import parse_preferences
from exhibits.poems.verify import independent_check

CASES = [(poet, form, theme, seed) for seed, (poet, form, theme) in enumerate([
    ("苏轼", "五言绝句", "山水"), ("杜甫", "七言律诗", "怀古"), ("李白", "七言绝句", "送别"),
    ("白居易", "五言律诗", "思乡"), ("元稹", "七言绝句", "思乡"), ("苏洵", "五言律诗", "山水"),
    ("刘禹锡", "七言律诗", "送别"), ("苏辙", "五言绝句", "怀古"), ("白行简", "七言绝句", "山水")])]


LUSHI = [(poet, form, theme, seed) for seed, (poet, form, theme) in enumerate([
    ("杜甫", "五言律诗", "山水"), ("杜甫", "七言律诗", "怀古"), ("李白", "五言律诗", "送别"),
    ("白居易", "七言律诗", "思乡"), ("苏轼", "五言律诗", "思乡"), ("苏辙", "七言律诗", "山水"),
    ("刘禹锡", "五言律诗", "怀古"), ("元稹", "七言律诗", "送别")], start=100)]


@pytest.fixture(scope="module")
def lushi(generator):
    return [generator.generate(parse_preferences(
        {"poet": poet, "form": form, "theme": theme, "season": "春", "seed": seed}))
        for poet, form, theme, seed in LUSHI]


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


def test_lushi_middle_couplets_are_parallel(generator, lushi):
    """The 颔联 and 颈联 are decoded against their first lines; on the small slice model nearly all make it."""
    model = generator.model
    analyses = [parallelism.analyse_couplet(a, b, model.lexicon, model.tones.tone_of)
                for poem in lushi for a, b in parallelism.middle_couplets(poem.lines)]
    assert all(a.tones_opposite for a in analyses)
    assert sum(a.parallel for a in analyses) >= 0.8 * len(analyses), [a.describe() for a in analyses]
    assert sum(poem.scores["parallel"] == 1.0 for poem in lushi) >= 0.6 * len(lushi)
    for poem in lushi:
        ok, message = independent_check(poem.lines)
        assert ok, (poem.lines, message)


def test_unrhymed_feet_share_no_rhyme_group_with_the_second_line(generator, lushi):
    """The checker (and the 平水韵 tradition) reads an unrhymed foot sharing the rhyme's group, in any
    reading, as a rhyme: lines 3, 5 and 7 must avoid every group of line 2's foot."""
    groups = generator.model.tones.groups
    for poem in lushi:
        foot = poem.lines[1][-1]
        for number in (2, 4, 6):
            assert not groups[poem.lines[number][-1]] & groups[foot], (poem.lines, number)


def test_the_decoder_scores_the_models_probabilities(generator):
    """The decoder's cached, column-restricted style probabilities equal the model's dense ones."""
    model, decoder = generator.model, generator.decoder
    contexts = [[0, 0, 0], [0, 0, 1], [model.ids["山"], model.ids["中"], model.ids["不"]],
                [1, model.ids["明"], model.ids["月"]]]
    columns = np.arange(3, model.size, 7)
    lookup = np.full(model.size, len(columns))
    lookup[columns] = np.arange(len(columns))
    low = decoder._low_orders([c[-1] for c in contexts])
    two = decoder._contexts("", 2, [(c[-2] << 14) | c[-1] for c in contexts])
    for poet in ("杜甫", "白行简"):
        dense = model.style_distribution(poet, contexts)[:, columns]
        assert np.allclose(decoder._style(poet, contexts, columns, lookup, low, two)[:, :-1], dense, rtol=1e-6)


def test_reverse_model_batch_matches_one_poem_at_a_time(generator, poems):
    model = generator.model
    texts = [poem.lines for _, poem in poems[:3]]
    assert np.allclose(model.reverse_logprobs(texts), [model.reverse_logprob(t) for t in texts])


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


def test_concurrent_requests_get_the_same_poems_as_one_at_a_time(generator):
    """The decoder's caches are shared by the station's threads: they must not change a poem."""
    from concurrent.futures import ThreadPoolExecutor

    requests = [{"poet": p, "form": f, "theme": "山水", "seed": s}
                for s, (p, f) in enumerate([("杜甫", "七言律诗"), ("苏轼", "五言绝句"), ("李白", "五言律诗"),
                                            ("元稹", "七言绝句")], start=40)]
    alone = [generator.generate(parse_preferences(r)).lines for r in requests]
    with ThreadPoolExecutor(max_workers=2) as pool:
        together = list(pool.map(lambda r: generator.generate(parse_preferences(r)).lines, requests))
    assert together == alone
