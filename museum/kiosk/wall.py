"""What the poem projection shows between visitors' poems: famous poems of the three journeys to 三游洞.

In 819 白居易, his brother 白行简 and 元稹 found the cave together (白居易 wrote its 序, which names
it); in 1059 苏洵 and his sons 苏轼 and 苏辙 came down the Yangtze, visited it and wrote poems on its
walls (the 后三游).
Beside them, poems written in the Three Gorges by the other poets the station writes after.

The texts are the standard simplified editions; the 三游洞 poems of the 苏 are checked against the 全宋诗 text
of npm ``chinese-poetry`` (which spells 岩 as 巌). Lines are printed without punctuation, as on a scroll.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

# One note per journey, in the wall's language (the caption under the poem).
JOURNEYS = {
    "819": _l("In 819 Bai Juyi, his brother Bai Xingjian and their friend Yuan Zhen found this cave "
              "together; it is named the Cave of the Three Travellers after them."),
    "1059": _l("In 1059 Su Xun and his sons Su Shi and Su Zhe visited the cave on their way down the Yangtze "
               "and wrote poems on its walls: the Later Three Travellers."),
    "gorges": _l("A poem written in the Three Gorges, where the Yangtze cuts through the mountains between "
                 "Chongqing and Yichang."),
}


@dataclass(frozen=True)
class FamousPoem:
    title: str
    dynasty: str
    poet: str
    lines: tuple[str, ...]
    journey: str  # a key of JOURNEYS
    excerpt: bool = False  # prose, a passage of a longer text

    def to_json(self) -> dict:
        return {"title": self.title, "dynasty": self.dynasty, "poet": self.poet, "lines": list(self.lines),
                "excerpt": self.excerpt, "note": str(JOURNEYS[self.journey])}


FAMOUS = (
    FamousPoem("三游洞序", "唐", "白居易",
               ("初见石如叠如削", "其怪者如引臂如垂幢", "次见泉如泻如洒", "其奇者如悬练如不绝线"), "819",
               excerpt=True),
    FamousPoem("题三游洞石壁", "宋", "苏洵",
               ("洞门苍石流成乳", "山下长溪冷欲冰", "天寒二子苦求去", "我欲居之尔不能"), "1059"),
    FamousPoem("游三游洞", "宋", "苏轼",
               ("冻雨霏霏半成雪", "游人屦冻苍苔滑", "不辞携被岩底眠", "洞口云深夜无月"), "1059"),
    FamousPoem("题三游洞石壁", "宋", "苏辙",
               ("昔年有迁客", "携手醉嵌岩", "去我岁已百", "游人忽复三"), "1059"),
    FamousPoem("早发白帝城", "唐", "李白",
               ("朝辞白帝彩云间", "千里江陵一日还", "两岸猿声啼不住", "轻舟已过万重山"), "gorges"),
    FamousPoem("登高", "唐", "杜甫",
               ("风急天高猿啸哀", "渚清沙白鸟飞回", "无边落木萧萧下", "不尽长江滚滚来",
                "万里悲秋常作客", "百年多病独登台", "艰难苦恨繁霜鬓", "潦倒新停浊酒杯"), "gorges"),
    FamousPoem("竹枝词", "唐", "刘禹锡",
               ("杨柳青青江水平", "闻郎江上唱歌声", "东边日出西边雨", "道是无晴却有晴"), "gorges"),
    FamousPoem("宿江边阁", "唐", "杜甫",
               ("暝色延山径", "高斋次水门", "薄云岩际宿", "孤月浪中翻",
                "鹳鹤追飞静", "豺狼得食喧", "不眠忧战伐", "无力正乾坤"), "gorges"),
    FamousPoem("八阵图", "唐", "杜甫",
               ("功盖三分国", "名成八阵图", "江流石不转", "遗恨失吞吴"), "gorges"),
    FamousPoem("题峡中石上", "唐", "白居易",
               ("巫女庙花红似粉", "昭君村柳翠于眉", "诚知老去风情少", "见此争无一句诗"), "gorges"),
)


def programme() -> list[dict]:
    """The famous poems as the projection's script reads them (notes in the current language)."""
    return [poem.to_json() for poem in FAMOUS]
