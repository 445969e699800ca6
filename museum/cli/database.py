"""``museum db``: the schema's version (Alembic): upgrade, show the current revision, write a migration."""

from __future__ import annotations

import click

from museum.catalogue import schema
from museum.cli.errors import MuseumGroup
from museum.extensions import db


@click.group("db", cls=MuseumGroup)
def db_group() -> None:
    """The database schema and its migrations."""


@db_group.command("upgrade")
def upgrade_command() -> None:
    """Bring the database to the newest schema (what `museum init` also does)."""
    before = schema.current_revision(db)
    schema.create_schema(db)
    click.echo(f"schema at revision {schema.current_revision(db)} (was {before or 'empty'})")


@db_group.command("current")
def current_command() -> None:
    """Print the database's schema revision and the newest one."""
    click.echo(f"database: {schema.current_revision(db) or 'empty'}; newest: {schema.head_revision()}")


@db_group.command("revision")
@click.option("-m", "--message", required=True, help="What the migration changes.")
def revision_command(message: str) -> None:
    """Write a migration for what the models changed (run it on a scratch instance)."""
    path = schema.new_revision(db, message)
    click.echo(f"wrote {path}" if path else "the models and the newest migration agree: nothing to write")


COMMANDS = [db_group]
