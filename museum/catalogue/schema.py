"""Every table of the service, and the schema's versions (Alembic migrations in ``migrations/versions``).

A feature that adds tables imports its module here and lists it in :data:`MODEL_MODULES`; a change to any
table adds a migration (``museum db revision -m "what changed"`` writes one by comparing the models with a
database at the newest version). ``tests/integration/catalogue/test_migrations.py`` fails when they disagree.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from museum.catalogue import (
    access_requests,
    accounts,
    audio,
    audit,
    exhibitions,
    holdings,
    images,
    jobs,
    kiosks,
    layouts,
    live_links,
    models,
    models3d,
    poems,
    revisions,
    shows,
    signin_throttle,
)
from museum.catalogue.db import Base, Database
from museum.exceptions import Conflict

# Every module that declares tables (importing it adds them to Base.metadata).
MODEL_MODULES = (models, layouts, accounts, signin_throttle, audit, revisions, holdings, images, models3d,
                 poems, audio, kiosks, live_links, exhibitions, shows, jobs, access_requests)
MIGRATIONS = Path(__file__).with_name("migrations")
BASELINE = "0001"  # the first migration: the schema as it stood when migrations began


def import_all_models() -> type[Base]:
    """The declarative base, with every table of :data:`MODEL_MODULES` (all imported above)."""
    return Base


def alembic_config(connection=None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(database: Database) -> str | None:
    with database.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def refuse_if_behind(database: Database) -> None:
    """A :class:`~museum.exceptions.Conflict` naming both revisions when the database's schema is older
    than this code's (a service upgraded without ``museum db upgrade``); an empty database is left to the
    caller (``museum init`` creates it)."""
    current, newest = current_revision(database), head_revision()
    if current is not None and current != newest:
        raise Conflict(f"the database's schema is at revision {current} and this version of the service "
                       f"needs {newest}: run `museum db upgrade` first (a backup before: "
                       "`museum backup DEST`)",
                       code="schema_behind", current=current, newest=newest)


def create_schema(database: Database) -> None:
    """Create the schema in an empty database, or upgrade an existing one to the newest version.

    An empty database gets every table at once and is stamped with the newest revision (Alembic's
    advice for new databases); one made before migrations existed is stamped with the baseline first.
    """
    metadata = import_all_models().metadata
    with database.engine.begin() as connection:
        tables = set(inspect(connection).get_table_names())
        config = alembic_config(connection)
        if not tables - {"alembic_version"}:
            metadata.create_all(connection)
            command.stamp(config, "head")
            return
        if "alembic_version" not in tables:
            command.stamp(config, BASELINE)
        command.upgrade(config, "head")


def new_revision(database: Database, message: str) -> str | None:
    """Write a migration for the difference between the models and a database at the newest version;
    returns its path, or None when there is no difference."""
    from alembic.autogenerate import compare_metadata

    metadata = import_all_models().metadata
    with database.engine.begin() as connection:
        config = alembic_config(connection)
        command.upgrade(config, "head")
        if not compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}),
                                metadata):
            return None
        script = command.revision(config, message=message, autogenerate=True)
    return script.path if script else None
