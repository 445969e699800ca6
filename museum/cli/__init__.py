"""The ``museum`` command line. ``--instance PATH`` (or ``MUSEUM_INSTANCE``) chooses the instance.

Each feature keeps its commands in a module of this package and adds it to :data:`COMMAND_MODULES`.
"""

from __future__ import annotations

import importlib
import os

import click

COMMAND_MODULES = (
    "museum.cli.catalogue",
    "museum.cli.database",
    "museum.cli.layouts",
    "museum.cli.accounts",
    "museum.cli.audit",
    "museum.cli.search",
    "museum.cli.media",
    "museum.cli.poems",
    "museum.cli.models3d",
    "museum.cli.audio",
    "museum.cli.kiosks",
)


@click.group()
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


for _name in COMMAND_MODULES:
    for _command in importlib.import_module(_name).COMMANDS:
        main.add_command(_command)
