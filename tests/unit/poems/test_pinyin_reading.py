"""The pinyin shown with a poem is the reading the metre hears (exhibits.poems.reading), not pypinyin's
spoken tone sandhi: 不 before a fourth tone is bù (仄) as the checker counts it, a polyphone as its word."""

from exhibits.poems.generator import PoemGenerator


def test_pinyin_follows_the_metres_reading():
    assert PoemGenerator.pinyin(["相思不见长安远"]) == [["xiāng", "sī", "bù", "jiàn", "cháng", "ān", "yuǎn"]]
    assert PoemGenerator.pinyin(["一夜"])[0][0] == "yī"  # not the sandhi yí
