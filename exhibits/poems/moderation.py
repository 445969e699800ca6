"""Names and words the station refuses to write into a poem (acrostic names, keywords).

A short list of insults and obscenities; museums extend it with ``POEMS_MODERATION_FILE``.
"""

from __future__ import annotations

from pathlib import Path

BLOCKED = ("傻逼", "傻B", "煞笔", "妈的", "他妈", "操你", "草泥马", "狗日", "王八蛋", "混蛋", "贱人", "婊子",
           "去死", "滚蛋", "杂种", "畜生", "日你", "屌", "屄", "鸡巴", "尼玛", "卧槽", "法轮", "台独", "藏独")


def load_extra(path: str | Path | None) -> tuple[str, ...]:
    if not path or not Path(path).exists():
        return ()
    return tuple(line.strip() for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip())


def screen(text: str, extra: tuple[str, ...] = ()) -> str | None:
    """The first blocked word found in ``text``, or ``None``."""
    for word in BLOCKED + extra:
        if word and word in text:
            return word
    return None
