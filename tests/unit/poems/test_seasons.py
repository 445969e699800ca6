"""What each season's poems avoid, read from the corpus; poems set in one season even when none is chosen."""

from __future__ import annotations

from exhibits.poems import seasons, themes
from exhibits.poems.corpus import Poem
from exhibits.poems.preferences import parse_preferences


def _poems(title: str, line: str, count: int) -> list[Poem]:
    return [Poem("", title, (line, "山高水长流", "风清月白时", "人间未了情")) for _ in range(count)]


def test_a_word_the_other_seasons_use_and_one_season_avoids_is_out_of_that_season():
    corpus = (_poems("春日", "桃花落满溪", 40) + _poems("秋夜", "霜叶满江村", 40)
              + _poems("夏日", "桃花开满溪", 40) + _poems("冬夜", "寒梅雪满村", 40))
    table = seasons.out_of_season(corpus)
    assert "桃花" in table["秋"] and "桃花" in table["冬"]  # 80 uses elsewhere, 0 here: 13 expected
    assert "桃花" not in table["春"] and "桃花" not in table["夏"]
    assert "霜叶" in table["春"] and "霜叶" in table["冬"] and "霜叶" not in table["秋"]
    assert "满" not in sum(table.values(), [])  # every season uses it
    assert "山高" not in sum(table.values(), [])


def test_few_uses_are_not_evidence():
    corpus = _poems("春日", "桃花落满溪", 10) + _poems("秋夜", "霜叶满江村", 10) + _poems("无题", "桃花", 0)
    table = seasons.out_of_season(corpus)
    assert table["秋"] == [] or "桃" not in table["秋"]  # a single character needs 20 expected uses
    assert seasons.out_of_season([]) == {s: [] for s in seasons.SEASON_NAMES}


def test_the_committed_table_holds_what_the_poets_did():
    table = seasons.committed_table()
    assert {"桃", "梅", "莺", "东风", "芳草", "杨花"} <= table["秋"]  # spring's flowers and winds
    assert {"秋", "菊", "枫", "蟋蟀", "西风"} <= table["春"]
    assert "蝉" in table["春"] and "蝉" in table["冬"] and "蝉" not in table["秋"]  # 寒蝉 is autumn's
    assert "雪" not in table["春"]  # 春雪
    assert "寒食" in themes.season_clashes("冬") and "梅" in themes.season_clashes("秋")
    assert themes.clashing_marker("寒蝉鸣古木", "秋") is None
    assert themes.clashing_marker("东风吹柳絮", "秋") in {"柳絮", "东风"}
    assert themes.clashing_marker("杨柳", "秋") is None  # 24 autumn poems hold willows: the data decides


def test_a_poem_without_a_chosen_season_is_set_in_one(generator):
    requests = [("李白", "七言绝句", "送别"), ("杜甫", "五言律诗", "思乡"), ("苏轼", "七言律诗", "山水"),
                ("白居易", "五言绝句", "怀古")] * 2
    for seed, (poet, form, theme) in enumerate(requests, start=500):
        poem = generator.generate(parse_preferences({"poet": poet, "form": form, "theme": theme,
                                                    "seed": seed}))
        assert any(not any(themes.clashing_marker(line, s) for line in poem.lines)
                   for s in seasons.SEASON_NAMES), poem.lines


def test_the_visitors_words_choose_the_season_and_words_of_two_seasons_ban_nothing():
    import numpy as np

    from exhibits.poems.planning import implied_season

    rng = np.random.default_rng(1)
    def prefs(*keywords):
        return parse_preferences({"poet": "李白", "form": "七言绝句", "keywords": list(keywords)})

    assert {implied_season(prefs("秋月"), rng) for _ in range(20)} == {"秋"}
    assert implied_season(prefs("春水", "秋月"), rng) is None
    drawn = {implied_season(prefs(), rng) for _ in range(200)}
    assert drawn == set(seasons.SEASON_NAMES)
