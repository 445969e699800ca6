"""The framework-free writers of an exhibition's exports: the WeChat article's inline styling of a section
(no class, no link, no script left) and the video's words (long captions cut at a word with "…")."""

from __future__ import annotations

import pyvips

from exhibits.stories import text, video, wechat


def test_a_section_is_styled_inline_and_its_links_are_written_out():
    section = text.render('# Tigers\n\nThe **Ba** <span class="x" onclick="alert(1)">revered</span> '
                          "[the tiger](https://example.org/tiger).\n\n- one\n- two")
    styled = wechat.inline(section)
    assert 'class=' not in styled and "onclick" not in styled and "<a" not in styled
    assert "the tiger" in styled and "(https://example.org/tiger)" in styled
    for tag in ("h3", "p", "strong", "ul", "li"):
        assert f'<{tag} style="' in styled, tag


def test_a_picture_is_never_wider_than_wechat_keeps():
    wide = wechat.picture_html(wechat.Picture("https://m/iiif/x/full/2000,/0/default.jpg", 2000, 1000))
    assert 'width="1080" height="540"' in wide and "max-width:1080px" in wide


def test_long_captions_are_cut_at_a_word_with_an_ellipsis():
    long = "From Wushan Man to the Baiheliang inscriptions: the people, objects and river of the Three Gorges"
    assert video._shortened(long, 40) == "From Wushan Man to the Baiheliang…"
    assert video._shortened("短句", 40) == "短句"


def test_the_overlay_is_a_transparent_frame_with_its_words():
    picture = pyvips.Image.black(10, 10, bands=3)
    frame = video.overlay(video.Scene(picture, "巴人的青铜", "战国铜虎钮錞于"), "zh", "重庆中国三峡博物馆")
    assert (frame.width, frame.height, frame.bands) == (video.WIDTH, video.HEIGHT, 4)
    alpha = frame[3]
    assert alpha.crop(0, 1200, video.WIDTH, 700).max() == 0  # the lower part is left to the picture
    assert alpha.crop(0, 420, video.WIDTH, 100).min() > 0  # the title's band
