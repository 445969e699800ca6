"""``museum poems train [--slice N]``: train the poem station's model into the instance."""

from __future__ import annotations

import click

from museum import poem_station


@click.group("poems")
def poems_group() -> None:
    """The 三游诗人 poem station."""


@poems_group.command("train")
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


@poems_group.command("write")
@click.option("--poet", default="苏轼", show_default=True)
@click.option("--form", default="七言绝句", show_default=True)
@click.option("--theme", default="山水", show_default=True)
@click.option("--seed", default=0, type=int, show_default=True)
def write_command(poet: str, form: str, theme: str, seed: int) -> None:
    """Write one poem to the terminal (without storing it)."""
    from exhibits.poems.preferences import parse_preferences

    poem = poem_station.generator().generate(parse_preferences(
        {"poet": poet, "form": form, "theme": theme, "seed": seed}))
    for line, syllables in zip(poem.lines, poem.pinyin, strict=True):
        click.echo(f"{line}    {' '.join(syllables)}")
    click.echo(f"{poem.rhyme_group} · {poem.pattern['name']}")


COMMANDS = [poems_group]
