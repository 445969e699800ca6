"""The preferences a visitor can choose, and the imagery each one steers towards.

The station's own content (chosen words, not model data): themes, seasons and moods as short lists of
words from the Three Gorges and the classical repertoire. The decoder places one of the theme's (or the
visitor's) words in the poem and favours characters close to all of them.
"""

from __future__ import annotations

from exhibits.poems import seasons

THEMES = {
    "山水": {"en": "landscape",
             "words": ["巫山", "三峡", "江流", "青峰", "猿声", "白云", "夔门", "高峡", "孤舟", "烟波"]},
    "怀古": {"en": "history",
             "words": ["白帝", "夔州", "古城", "千古", "英雄", "兴亡", "遗迹", "荒台", "石碑", "往事"]},
    "送别": {"en": "farewell",
             "words": ["孤舟", "离别", "故人", "长亭", "征帆", "江头", "相送", "远行", "折柳", "别酒"]},
    "思乡": {"en": "homesickness",
             "words": ["故乡", "归心", "乡书", "明月", "家山", "归舟", "乡关", "旧游", "归梦", "天涯"]},
}
SEASONS = {
    "春": {"en": "spring", "words": ["春风", "花开", "新柳", "桃花", "春水", "莺声"]},
    "夏": {"en": "summer", "words": ["夏木", "荷花", "清风", "蝉声", "新竹", "长日"]},
    "秋": {"en": "autumn", "words": ["秋风", "落叶", "霜林", "寒江", "秋月", "雁声"]},
    "冬": {"en": "winter", "words": ["寒梅", "白雪", "冰霜", "寒云", "冬夜", "朔风"]},
}
MOODS = {
    "豪放": {"en": "bold", "words": ["长风", "万里", "豪情", "奔流", "千帆", "壮心"]},
    "闲适": {"en": "at ease", "words": ["闲云", "清茶", "垂钓", "幽居", "高卧", "浊酒"]},
    "惆怅": {"en": "wistful", "words": ["惆怅", "愁心", "残阳", "孤灯", "泪痕", "落花"]},
    "宁静": {"en": "serene", "words": ["清泉", "明月", "空山", "松风", "幽径", "夜钟"]},
}
# What marks a poem as of one season (the station's choice): the seasons' names and feasts, and words
# no reader hears in another season. Another season's markers are never written in a poem of a chosen
# season (an autumn poem holds no 春, 寒食 or 桃花), and a keyword holding one is left out. Words the poets
# share between two seasons are not markers (寒蝉 and 残暑 are autumn's, 春雪 and 腊梅 spring's, 雁 flies
# in autumn and winter): what each season's poems avoid beyond these comes from the corpus
# (:mod:`exhibits.poems.seasons`).
SEASON_MARKERS = {
    "春": ["春", "寒食", "清明", "桃花", "杏花", "柳絮", "莺", "踏青", "上巳", "梨花"],
    "夏": ["夏", "端午", "榴花", "荷花"],
    "秋": ["秋", "重阳", "蟋蟀", "蛩", "芦花"],
    "冬": ["冬", "岁暮", "除夕", "朔风"],
}
# Place names of the Gorges among the theme words: a poem is anchored by one (a reader hears 巫山, 夔门 and
# 白帝 in one quatrain as names dropped in), so the plan gives at most one of them a line unless the visitor
# asked for more.
PLACE_NAMES = ("巫山", "三峡", "夔门", "高峡", "白帝", "夔州", "瞿塘", "巴山", "神女", "巫峡", "西陵", "峡")
# Numerals a reader hears as filler when a poem piles them up (三千, 九万, 三十四): 一 and 两 are left out,
# they are mostly "a, one whole" (一夜, 一片).
NUMERALS = "二三四五六七八九十百千万"


NAMED_THREES = "峡游"  # 三峡 and 三游 are names, not numbers


def numerals_in(text: str) -> int:
    """How many numeral characters ``text`` holds (the 三 of 三峡 and 三游 is a name's, not a number)."""
    return sum(numeral_step(previous, c) for previous, c in zip(" " + text, text, strict=False))


def numeral_step(previous: str, char: str) -> int:
    """What ``char`` written after ``previous`` adds to :func:`numerals_in` (a 三 counted as a number
    until 峡 or 游 makes it a name's), so a decoder keeps the count as it writes."""
    if char in NAMED_THREES and previous == "三":
        return -1
    return int(char in NUMERALS)


# Imagery a visitor can tap (the list and more from the Gorges).
GORGES_KEYWORDS = ["峡", "猿", "巫山", "白帝", "夔门", "神女", "江", "舟", "云", "月", "瞿塘", "巴山",
                   "滩", "帆"]

MAX_KEYWORDS = 5
MAX_KEYWORD_LENGTH = 4
MAX_ACROSTIC_LENGTH = 8


def theme_words(theme: str | None, season: str | None, mood: str | None) -> list[str]:
    words: list[str] = []
    for table, key in ((THEMES, theme), (SEASONS, season), (MOODS, mood)):
        if key:
            words.extend(table[key]["words"])
    return words


def season_clashes(season: str | None, corpus: bool = True) -> list[str]:
    """What a poem of ``season`` never holds: the other seasons' markers, then (``corpus``) the words the
    corpus's poems of that season avoid (nothing when no season is chosen)."""
    if not season:
        return []
    own = set(SEASON_MARKERS[season])
    markers = [m for other, words in SEASON_MARKERS.items() if other != season for m in words if m not in own]
    if not corpus:
        return markers
    return markers + sorted(seasons.committed_table()[season] - set(markers) - own)


def clashing_marker(text: str, season: str | None) -> str | None:
    """The first marker of another season found in ``text``, if any."""
    return next((m for m in season_clashes(season) if m in text), None)
