"""The ``museum`` command line. ``--instance PATH`` (or ``MUSEUM_INSTANCE``) chooses the instance.

Each feature keeps its commands in a module of this package, imported here and listed in
:data:`COMMAND_MODULES`: its ``COMMANDS`` are added to :func:`main`. Group names are singular nouns
(``museum poem write``, ``museum model3d add``); every command reports errors through
:mod:`museum.cli.errors` (one ``error:`` line, an exit status by kind).
"""

from __future__ import annotations

import os

import click
import sqlalchemy

from museum.cli import (
    accounts,
    audio,
    audit,
    backup,
    catalogue,
    database,
    exhibitions,
    images,
    instruments,
    jobs,
    kiosks,
    layouts,
    live,
    models3d,
    poems,
    search,
    settings,
    shows,
)
from museum.cli.errors import EXIT_STATUS_HELP, MuseumGroup

COMMAND_MODULES = (catalogue, database, layouts, accounts, audit, search, images, poems, models3d, audio,
                   instruments, kiosks, live, shows, settings, backup, jobs, exhibitions)

# Names before issue 14 -> the words to type now. They still work, hidden and with a note on stderr, until
# the next release.
DEPRECATED_NAMES = {
    "poems": "poem",
    "model": "model3d",
    "media": "image",
    "audio modes": "instrument modes",
    "audio job": "instrument job",
}


@click.group(cls=MuseumGroup, epilog=EXIT_STATUS_HELP)
@click.option("--instance", envvar="MUSEUM_INSTANCE", default="instance", show_default=True,
              type=click.Path(file_okay=False), help="Instance folder (database, index, media).")
@click.pass_context
def main(ctx: click.Context, instance: str) -> None:
    """Three Gorges digital museum service."""
    from museum import create_app

    os.environ["MUSEUM_INSTANCE"] = instance
    app = create_app({"INSTANCE_PATH": instance})
    ctx.obj = app
    ctx.with_resource(app.app_context())


@main.result_callback()
@click.pass_context
def _index_what_was_written(ctx: click.Context, *_args, **_kwargs) -> None:
    """After any command: apply the search outbox, so what the CLI wrote is searchable at once (not only
    when a web worker next drains it). Waits if a web worker is applying it right now."""
    from museum.catalogue.search_service import processor

    app = ctx.obj
    database = app.extensions["museum_db"]
    if not sqlalchemy.inspect(database.engine).has_table("search_outbox"):
        return
    try:
        if processor(app).pending():
            applied = processor(app).process(blocking=True)
            click.echo(f"search index: applied {applied} change(s)", err=True)
    except Exception as error:  # an engine is down or the schema is not there yet: the web indexer retries
        click.echo(f"search index not updated now ({type(error).__name__}: {error}); "
                   "it catches up when the engine is reachable", err=True)


def _command_at(words: str) -> click.Command:
    command = main
    for word in words.split():
        command = command.commands[word]
    return command


for _module in COMMAND_MODULES:
    for _command in _module.COMMANDS:
        main.add_command(_command)
for _old, _new in DEPRECATED_NAMES.items():
    *_group_words, _old_name = _old.split()
    _command_at(" ".join(_group_words)).add_old_name(_old_name, _command_at(_new), _new)
