"""Chinese script helpers for the catalogue (vocabulary matching, display)."""

from __future__ import annotations

from functools import cache


@cache
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return _converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    return _converter("s2t").convert(text)
