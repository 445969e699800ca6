"""Share cards drawn by assets.images.cards: pictures fitted (a handscroll shows a detail, not a strip) and
long titles shortened with an ellipsis inside their lines."""

from __future__ import annotations

import pyvips

from assets.images import cards


def _decode(data: bytes) -> pyvips.Image:
    return pyvips.Image.new_from_buffer(data, "")


def _stripes(width: int, height: int) -> pyvips.Image:
    """A picture of vertical dark stripes every 40 px on white, so covered area is easy to measure."""
    x = pyvips.Image.xyz(width, height)[0]
    return ((x % 40) < 20).ifthenelse([20, 20, 20], [255, 255, 255]).cast("uchar").copy(interpretation="srgb")


def test_a_handscroll_fills_the_picture_well_with_a_detail():
    text = cards.CardText("手卷", "", "博物馆", "zh")
    card = _decode(cards.render("social", _stripes(8000, 300), text))
    well = card.crop(30, 30, 500, 570).colourspace("b-w")
    covered = (well < 100).ifthenelse(1, 0).avg()  # dark stripes over the well's height, not a thin band
    assert covered > 0.3


def test_a_long_title_is_shortened_to_its_lines_with_an_ellipsis():
    long = "Chunyu en bronze à bouton en forme de tigre, le plus grand connu du monde entier et de loin"
    short = cards._text(long, "fr", 58, 528, cards.INK, bold=True, max_lines=3)
    three = cards._text("A\nB\nC", "fr", 58, 528, cards.INK, bold=True, max_lines=3)
    assert short.height <= three.height * 3.5 / 3
    assert short.width <= 528


def test_every_language_gets_a_card():
    for lang in ("zh", "zh-Hant", "en", "ja", "ko", "fr"):
        data = cards.render("poster", None, cards.CardText("錞于", "戰國", "博物館", lang, "scan"), None)
        image = _decode(data)
        assert (image.width, image.height) == (900, 1200)
