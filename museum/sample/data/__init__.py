"""The sample catalogue's facts as data files (galleries, real objects, typical object types), read as JSON.

Facts of real objects come from shared/reference/catalogue-facts.md; accession numbers are the sample's own.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent
RIGHTS = "© Chongqing China Three Gorges Museum (sample record)"


@cache
def _read(name: str) -> str:
    return (HERE / name).read_text(encoding="utf-8")


def read_data(name: str):
    """A fresh copy of the data file ``name`` (callers may change what they get)."""
    return json.loads(_read(name))


def galleries() -> list[dict]:
    """The ten permanent galleries: slug, name in six languages, description in five (zh-Hant is
    converted)."""
    return read_data("galleries.json")


def real_objects() -> list[dict]:
    """Real objects of the museum with their published facts."""
    return read_data("real_objects.json")
