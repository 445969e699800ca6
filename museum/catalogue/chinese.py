"""Chinese script helpers for the catalogue (vocabulary matching, display).

:func:`to_traditional` writes zh-Hant pages' text where no traditional version was entered. OpenCC's s2t
maps a simplified character to its usual traditional one, which is wrong inside some names; the phrases of
:data:`KEEP_IN_TRADITIONAL` are written as given there instead (add a name when a reader reports one).
"""

from __future__ import annotations

import re
from functools import cache

# simplified phrase -> its traditional spelling, where OpenCC's character default is wrong
KEEP_IN_TRADITIONAL = {
    "錞于": "錞于",  # the bronze drum-bell chunyu: 于 is not 於 here
    "余家坝": "余家壩",  # a place named after the 余 family, not 餘
}
_KEPT = re.compile("|".join(map(re.escape, sorted(KEEP_IN_TRADITIONAL, key=len, reverse=True))))


@cache
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return _converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    convert = _converter("s2t").convert
    parts, last = [], 0
    for match in _KEPT.finditer(text):
        parts += [convert(text[last:match.start()]), KEEP_IN_TRADITIONAL[match.group()]]
        last = match.end()
    return "".join(parts) + convert(text[last:])
