"""Every table of the service, imported in one place so that ``create_all`` and Alembic see them all.

A feature that adds tables adds its module to :data:`MODEL_MODULES`.
"""

from __future__ import annotations

import importlib

from museum.catalogue.db import Base, Database

MODEL_MODULES = (
    "museum.catalogue.models",
    "museum.catalogue.layouts",
    "museum.catalogue.accounts",
    "museum.catalogue.audit",
    "museum.catalogue.revisions",
    "museum.catalogue.images",
    "museum.catalogue.models3d",
    "museum.catalogue.poems",
    "museum.catalogue.audio",
    "museum.catalogue.kiosks",
)


def import_all_models() -> type[Base]:
    for name in MODEL_MODULES:
        importlib.import_module(name)
    return Base


def create_schema(database: Database) -> None:
    """Create or upgrade the schema to the newest version."""
    import_all_models().metadata.create_all(database.engine)
