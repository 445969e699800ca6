"""Alembic environment: the engine comes from the caller (``museum init``), the metadata from schema.py."""

from alembic import context

from museum.catalogue.schema import import_all_models

target_metadata = import_all_models().metadata
connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=target_metadata,
                  render_as_batch=connection.dialect.name == "sqlite", compare_type=True)
with context.begin_transaction():
    context.run_migrations()
