"""Registration values: 尺寸, 质量, dates, quantities, periods and the year display."""

import pytest

from museum.catalogue import parsing, vocabulary


@pytest.mark.parametrize("text, expected", [
    ("高68厘米 口径36厘米", {"height_cm": 68, "diameter_cm": 36}),
    ("高68厘米 顶径36厘米 底径28厘米", {"height_cm": 68, "diameter_cm": 36}),
    ("28×16.8×29厘米", {"width_cm": 28, "depth_cm": 16.8, "height_cm": 29}),
    ("28 x 16.8 x 29 cm", {"width_cm": 28, "depth_cm": 16.8, "height_cm": 29}),
    ("通高43.8厘米", {"height_cm": 43.8}),
    ("主阙高5.4米", {"height_cm": 540}),
    ("高680毫米", {"height_cm": 68}),
    ("H 5.4 m", {"height_cm": 540}),
])
def test_dimensions(text, expected):
    if expected is None:
        with pytest.raises(parsing.ParseError):
            parsing.parse_dimensions(text)
    else:
        assert parsing.parse_dimensions(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["68", "高68", "高六十八厘米", "高68厘米 宽"])
def test_dimensions_refused(text):
    with pytest.raises(parsing.ParseError):
        parsing.parse_dimensions(text)


@pytest.mark.parametrize("text, grams", [("30千克", 30000), ("108.95克", 108.95), ("1.5公斤", 1500),
                                         ("30 kg", 30000)])
def test_weight(text, grams):
    assert parsing.parse_weight(text) == pytest.approx(grams)


def test_weight_without_unit_is_refused():
    with pytest.raises(parsing.ParseError, match="30千克"):
        parsing.parse_weight("30")


@pytest.mark.parametrize("text, iso", [("1989", "1989"), ("1989年7月", "1989-07"),
                                       ("1989-07-15", "1989-07-15"), ("1989.7.15", "1989-07-15"),
                                       ("1989/07", "1989-07")])
def test_dates(text, iso):
    assert parsing.parse_date(text) == iso


@pytest.mark.parametrize("text", ["1989-13", "1989-02-30", "yesterday", "3024"])
def test_bad_dates(text):
    with pytest.raises(parsing.ParseError):
        parsing.parse_date(text)


def test_quantity():
    assert parsing.parse_quantity("14件") == 14
    assert parsing.parse_quantity("1套") == 1
    with pytest.raises(parsing.ParseError):
        parsing.parse_quantity("0")


@pytest.mark.parametrize("name", ["战国", "戰國", "Warring States", "warring states period", "战国时期",
                                  "warring-states"])
def test_period_names_resolve_to_one_key_with_years(name):
    period = vocabulary.lookup("period", name)
    assert (period.key, period.start_year, period.end_year) == ("warring-states", -475, -221)


def test_unknown_period_suggests():
    with pytest.raises(vocabulary.UnknownTerm, match="Warring States"):
        vocabulary.lookup("period", "Waring States")


def test_every_category_of_the_standard_is_there():
    assert len(vocabulary.CATEGORIES) == 35
    assert vocabulary.lookup("category", "青铜器").key == "bronze"
    assert vocabulary.lookup("category", "銅器").key == "bronze"
    assert vocabulary.lookup("category", "Calligraphy and painting").key == "calligraphy-painting"


@pytest.mark.parametrize("lang, expected", [
    ("en", "475–221 BC"), ("zh", "公元前475年—前221年"), ("fr", "475–221 av. J.-C."),
    ("ko", "기원전 475년–기원전 221년"),
])
def test_year_display(lang, expected):
    assert vocabulary.format_years(-475, -221, lang) == expected


def test_year_display_across_the_era():
    assert vocabulary.format_years(-206, 8, "en") == "206 BC–AD 8"
    assert vocabulary.format_years(-206, 8, "zh") == "公元前206年—公元8年"
    assert vocabulary.format_years(618, 907, "en") == "618–907"
