"""``museum poem train [--slice N]``: train the poem station's model into the instance; ``museum poem write``
prints one poem."""

from __future__ import annotations

import click

from exhibits.poems.corpus import POETS
from exhibits.poems.patterns import FORMS
from exhibits.poems.preferences import parse_preferences
from exhibits.poems.themes import THEMES
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
@click.option("--theme", default="山水", show_default=True, help=f"One of {', '.join(THEMES)}.")
@click.option("--seed", default=0, type=int, show_default=True)
def write_command(poet: str, form: str, theme: str, seed: int) -> None:
    """Write one poem to the terminal (without storing it)."""
    preferences = parse_preferences({"poet": poet, "form": form, "theme": theme, "seed": seed})
    poem = poem_station.generator().generate(preferences)
    for line, syllables in zip(poem.lines, poem.pinyin, strict=True):
        click.echo(f"{line}    {' '.join(syllables)}")
    click.echo(f"{poem.rhyme_group} · {poem.pattern['name']}")


COMMANDS = [poem_group]
