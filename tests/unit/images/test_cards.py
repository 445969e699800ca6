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


def test_every_channel_of_the_share_kit_has_its_exact_size_with_or_without_a_picture():
    text = cards.CardText("壮丽三峡 online", "从巫山人到白鹤梁", "重庆中国三峡博物馆", "zh", "扫码")
    for channel, size in cards.CHANNELS.items():
        for picture in (None, _stripes(3000, 400), _stripes(300, 2000)):
            image = _decode(cards.render_channel(channel, picture, text, None))
            assert (image.width, image.height) == size, channel


def test_the_wechat_cover_keeps_its_words_in_the_middle_that_phones_show():
    text = cards.CardText("A long exhibition title that wraps onto a second line", "", "Museum", "en")
    cover = _decode(cards.render_channel("wechat-cover", None, text)).colourspace("b-w")
    sides = cover.crop(0, 0, 170, 383).deviate() + cover.crop(730, 0, 170, 383).deviate()
    assert sides < 2  # the cropped edges are plain paper
    assert cover.crop(200, 0, 500, 383).deviate() > 30  # the band and its words
