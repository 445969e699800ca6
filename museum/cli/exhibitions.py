"""``museum exhibition``: send an online exhibition out of the site.

``video SLUG`` renders its vertical video for Douyin and WeChat Channels (1080 × 1920, H.264 + AAC,
30–60 s): the cover and each pictured block panned slowly under the section's words in the chosen
language, over the exhibition's audio track or a generated soundscape (``museum/exhibition_exports.py``,
``exhibits/stories/video.py``)."""

from __future__ import annotations

import time
from pathlib import Path

import click

from languages import LANGUAGES
from museum import exhibition_exports
from museum.catalogue import exhibitions
from museum.cli.errors import MuseumGroup
from museum.exceptions import BadParameter
from museum.extensions import db


@click.group("exhibition", cls=MuseumGroup)
def exhibition_group() -> None:
    """Online exhibitions: exports for social media."""


@exhibition_group.command("video")
@click.argument("slug")
@click.option("--language", "lang", type=click.Choice(LANGUAGES), default="zh", show_default=True,
              help="the language of the titles (and of the audio track, when the object has one)")
@click.option("--out", type=click.Path(dir_okay=False), default=None,
              help="the MP4 file to write [default: SLUG-LANGUAGE.mp4]")
@click.option("--seconds", type=click.FloatRange(30, 60), default=45, show_default=True,
              help="about how long the video is (each scene 3–8 s)")
@click.option("--version", "number", type=int, default=None,
              help="a version's number [default: the published version]")
def video_command(slug: str, lang: str, out: str | None, seconds: float, number: int | None) -> None:
    """Render SLUG's vertical video (1080 × 1920, H.264 and AAC)."""
    found = exhibitions.get(db.session, slug)
    if number is None and found.published_version is None:
        raise BadParameter(f"exhibition {slug!r} is not published: publish it or name a --version",
                           code="not_published")
    document = exhibitions.version(db.session, found, number or found.published_version).document
    target = Path(out or f"{slug}-{lang}.mp4")
    started = time.monotonic()
    exhibition_exports.render_video(document, lang, target, total=seconds)
    click.echo(f"{target}: {target.stat().st_size / 1e6:.1f} MB in {time.monotonic() - started:.0f} s")


COMMANDS = [exhibition_group]
