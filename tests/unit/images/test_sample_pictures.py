"""The sample catalogue's drawn pictures of its plausible records (museum/sample/pictures.py)."""

from __future__ import annotations

import hashlib
import io

import pytest

from museum.sample import pictures
from museum.sample.art import canvas
from museum.sample.plausible_objects import object_types, plausible_kinds

KINDS = {record["accession_number"]: (kind, record) for kind, record in plausible_kinds()}


def _bytes(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="TIFF")
    return buffer.getvalue()


def test_every_object_type_and_category_has_its_drawing():
    types = [kind for kinds in object_types().values() for kind in kinds]
    assert [kind["en"] for kind in types if kind["en"] not in pictures.BY_TYPE] == []
    assert {kind["category"] for kind in types} <= set(pictures.BY_CATEGORY)
    unknown = {"en": "a type added later", "category": "seals"}
    assert pictures.drawing_for(unknown) is pictures.BY_CATEGORY["seals"]


# one record of each kind of shape: vessel, coin, scroll, paper, slab, cloth, table, seal, fossil, silhouette
@pytest.mark.parametrize("accession", ["S2006.0601", "S2007.0705", "S2005.0503", "S2004.0407", "S2003.0303",
                                       "S2009.0903", "S2010.1013", "S2002.0207", "S2001.0113", "S2008.0805"])
def test_a_picture_is_small_captioned_and_the_same_bytes_every_time(accession):
    kind, record = KINDS[accession]
    image, caption = pictures.picture(kind, record)
    assert 900 <= max(image.size) <= 1400 and min(image.size) >= 300, image.size
    assert image.mode == "RGB"
    assert caption["en"].endswith("(illustration)")
    assert set(caption) == {"zh", "zh-Hant", "en", "ja", "ko", "fr"}
    again, _caption = pictures.picture(kind, record)
    assert hashlib.sha256(_bytes(image)).digest() == hashlib.sha256(_bytes(again)).digest()


def test_variants_of_one_type_differ_and_follow_the_catalogued_height():
    first, second = KINDS["S2006.0605"], KINDS["S2006.0606"]  # famille-rose vase, 38 cm and 42.6 cm high
    assert first[0] is second[0] and second[1]["height_cm"] > first[1]["height_cm"]
    one, two = pictures.picture(*first)[0], pictures.picture(*second)[0]
    assert _bytes(one) != _bytes(two)


@pytest.mark.parametrize("px_per_cm, width, expected", [(4, 1160, 100), (10, 1160, 20), (300, 1160, 1),
                                                        (40, 1160, 10), (2, 1160, 100)])
def test_the_scale_bar_fits_the_picture(px_per_cm, width, expected):
    assert canvas.bar_length(px_per_cm, width) == expected
    assert expected * px_per_cm <= 0.4 * width or expected == 1
