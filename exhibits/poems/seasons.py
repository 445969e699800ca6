"""Which words the poets themselves kept out of a season's poems, read from the corpus.

A reader hears 折杨柳 beside 枫叶 as two seasons in one poem, though neither word holds 春 or 秋. The
station's own markers (:data:`exhibits.poems.themes.SEASON_MARKERS`: 春, 寒食, 重阳 …) cannot list every such
word, so the rest comes from real data: the corpus poems whose title names exactly one season (春 8,176,
夏 1,845, 秋 5,942, 冬 1,299 poems). A word is *out of season* for season S when the poems of the other three
seasons use it often enough that S's poems should hold it at least ``expected`` times, and they hold it at
most :data:`RATIO` of that (桃 in autumn: 48 poems where 341 were expected; 寒食 in winter: 0 where 6.7).
Single characters need more evidence than two-character words (:data:`MIN_EXPECTED`): a banned character is
lost to every line of the poem.

The table is computed once from the corpus and committed (``weights/seasons.json``)::

    python -m exhibits.poems.seasons node_modules/chinese-poetry > exhibits/poems/weights/seasons.json
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

SEASON_NAMES = ("春", "夏", "秋", "冬")
MIN_EXPECTED = {1: 20.0, 2: 5.0}  # word length -> uses expected in the season's poems before it can be out
MIN_SUPPORT = 15  # season-titled poems that use the word at all
RATIO = 0.15  # out of season: used at most this share of what the other seasons' rate predicts
TABLE = Path(__file__).resolve().parent / "weights" / "seasons.json"


def out_of_season(poems: Iterable) -> dict[str, list[str]]:
    """Season -> the one- and two-character words its poems avoid (sorted by evidence, strongest first).
    ``poems``: objects with ``title`` and ``lines`` (:class:`exhibits.poems.corpus.Poem`)."""
    counts = {s: Counter() for s in SEASON_NAMES}
    titled = Counter()
    for poem in poems:
        named = [s for s in SEASON_NAMES if s in poem.title]
        if len(named) != 1:
            continue
        season = named[0]
        titled[season] += 1
        words = {line[i:i + 2] for line in poem.lines for i in range(len(line) - 1)}
        words.update("".join(poem.lines))
        counts[season].update(words)
    vocabulary = set().union(*(c.keys() for c in counts.values()))
    table: dict[str, list[tuple[float, str]]] = {s: [] for s in SEASON_NAMES}
    for word in vocabulary:
        uses = {s: counts[s][word] for s in SEASON_NAMES}
        if sum(uses.values()) < MIN_SUPPORT:
            continue
        for season in SEASON_NAMES:
            others = [s for s in SEASON_NAMES if s != season]
            poems_elsewhere = sum(titled[s] for s in others)
            if not titled[season] or not poems_elsewhere:
                continue
            expected = sum(uses[s] for s in others) / poems_elsewhere * titled[season]
            if expected >= MIN_EXPECTED[len(word)] and uses[season] <= RATIO * expected:
                table[season].append((expected, word))
    return {s: [w for _, w in sorted(rows, key=lambda r: (-r[0], r[1]))] for s, rows in table.items()}


@lru_cache(maxsize=1)
def committed_table() -> dict[str, frozenset[str]]:
    """The committed table (empty when the file is missing: the station's own markers still apply)."""
    try:
        data = json.loads(TABLE.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {s: frozenset() for s in SEASON_NAMES}
    return {s: frozenset(data["out_of_season"].get(s, ())) for s in SEASON_NAMES}


def main(argv: list[str]) -> int:
    from exhibits.poems.corpus import iter_regulated

    if len(argv) != 1:
        print("usage: python -m exhibits.poems.seasons CHINESE_POETRY_ROOT > weights/seasons.json",
              file=sys.stderr)
        return 2
    table = out_of_season(iter_regulated(Path(argv[0])))
    json.dump({"source": "chinese-poetry quantangshi, regulated poems whose title names one season",
               "min_expected": MIN_EXPECTED, "min_support": MIN_SUPPORT, "ratio": RATIO,
               "out_of_season": table}, sys.stdout, ensure_ascii=False, indent=0)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
