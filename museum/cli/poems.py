"""``museum poem train [--slice N]``: train the poem station's model into the instance; ``museum poem write``
prints one poem, with every option the API takes (a bad value is one ``error: field: …`` line)."""

from __future__ import annotations

import re

import click

from exhibits.poems.corpus import POETS
from exhibits.poems.exceptions import InvalidPreference
from exhibits.poems.patterns import FORMS
from exhibits.poems.preferences import MAX_SEED
from exhibits.poems.themes import MOODS, SEASONS, THEMES
from museum import poem_station
from museum.cli.errors import MuseumGroup


@click.group("poem", cls=MuseumGroup)
def poem_group() -> None:
    """The 三游诗人 poem station."""


@poem_group.command("train")
@click.option("--slice", "slice_size", type=click.IntRange(min=1), default=None,
              help="Train on a small slice: N poems plus up to N by each station poet (for tests).")
def train_command(slice_size: int | None) -> None:
    """Train the style models and tables from node_modules/chinese-poetry (about two minutes)."""
    from exhibits.poems.corpus import load_corpus
    from exhibits.poems.model import train

    poems = load_corpus(poem_station.corpus_dir(), slice_size)
    summary = train(poems, poem_station.model_dir(), echo=click.echo)
    poem_station.forget_models()
    click.echo(f"trained on {summary['poems']} poems in {summary['seconds']} s")


@poem_group.command("write")
@click.option("--poet", default="苏轼", show_default=True, help=f"One of {', '.join(POETS)}.")
@click.option("--form", default="七言绝句", show_default=True, help=f"One of {', '.join(FORMS)}.")
@click.option("--theme", default="山水", show_default=True, help=f"One of {', '.join(THEMES)}; '' for none.")
@click.option("--season", default="",
              help=f"One of {', '.join(SEASONS)} (its poems hold no other season's words).")
@click.option("--mood", default="", help=f"One of {', '.join(MOODS)}.")
@click.option("--keywords", default="", help="Up to 5 words of 1-4 Chinese characters, separated by "
              "spaces or commas; each is used, or the poem's notes say why not.")
@click.option("--acrostic", default="", help="藏头: the first characters of the lines.")
@click.option("--seed", default="0", show_default=True, help="A whole number: the same options and seed "
              "give the same poem here and from the API.")
def write_command(poet: str, form: str, theme: str, season: str, mood: str, keywords: str, acrostic: str,
                  seed: str) -> None:
    """Write one poem to the terminal (without storing it), as the API would write it now."""
    from museum.extensions import db

    if not re.fullmatch(r"\s*-?\d+\s*", seed):
        raise InvalidPreference("seed", f"an integer from 0 to {MAX_SEED}, not {seed!r}")
    preferences = poem_station.parse_request({"poet": poet, "form": form, "theme": theme, "season": season,
                                              "mood": mood, "keywords": keywords, "acrostic": acrostic,
                                              "seed": int(seed)})
    with db.transaction() as session:
        poem = poem_station.write_poem(session, preferences)
    for line, syllables in zip(poem["lines"], poem["pinyin"], strict=True):
        click.echo(f"{line}    {' '.join(syllables)}")
    click.echo(f"{poem['rhyme_group']} · {poem['pattern']['name']}")
    for note in poem.get("notes", []):
        click.echo(f"note: {note}")


COMMANDS = [poem_group]
