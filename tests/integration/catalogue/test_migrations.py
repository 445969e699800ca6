"""The Alembic migrations and the models describe the same schema, on new and on older databases."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from click.testing import CliRunner
from sqlalchemy import inspect, select, text

from museum.catalogue import schema
from museum.catalogue.db import Database
from museum.cli import main


def _differences(database: Database) -> list:
    metadata = schema.import_all_models().metadata
    with database.engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), metadata)


def test_migrations_from_scratch_build_exactly_the_models(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'migrated.sqlite3'}")
    with database.engine.begin() as connection:
        command.upgrade(schema.alembic_config(connection), "head")
    assert schema.current_revision(database) == schema.head_revision()
    assert _differences(database) == [], ("a model changed without a migration: run `museum db revision -m "
                                          "...`")
    database.dispose()


def test_a_new_database_is_created_and_stamped_with_the_newest_revision(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    schema.create_schema(database)
    assert schema.current_revision(database) == schema.head_revision()
    assert _differences(database) == []
    schema.create_schema(database)  # idempotent
    assert schema.current_revision(database) == schema.head_revision()
    database.dispose()


def test_a_database_from_before_migrations_is_adopted_without_losing_rows(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    with database.engine.begin() as connection:  # the schema as it stood when migrations began, unversioned
        command.upgrade(schema.alembic_config(connection), schema.BASELINE)
        connection.execute(text("DROP TABLE alembic_version"))
        connection.execute(text("INSERT INTO galleries (slug, name, description, position, created_at, "
                                "updated_at) VALUES ('three-gorges', '{}', '{}', 0, '2026-01-01', "
                                "'2026-01-01')"))
    assert "alembic_version" not in inspect(database.engine).get_table_names()
    schema.create_schema(database)
    assert schema.current_revision(database) == schema.head_revision()
    with database.engine.connect() as connection:
        assert connection.execute(text("SELECT slug FROM galleries")).scalar_one() == "three-gorges"
    database.dispose()


def test_db_commands(tmp_path):
    runner = CliRunner()
    instance = str(tmp_path / "instance")
    result = runner.invoke(main, ["--instance", instance, "db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert f"revision {schema.head_revision()} (was empty)" in result.output
    result = runner.invoke(main, ["--instance", instance, "db", "current"])
    assert result.output.strip() == f"database: {schema.head_revision()}; newest: {schema.head_revision()}"
    result = runner.invoke(main, ["--instance", instance, "db", "revision", "-m", "nothing"])
    assert result.exit_code == 0 and "nothing to write" in result.output


def test_kiosk_accounts_are_removed_and_the_removal_is_audited(tmp_path):
    """0003: a kiosk is a registered device now; the old ``kiosk`` accounts go, people stay."""
    from sqlalchemy.orm import Session

    from museum.catalogue import audit, audit_chain

    database = Database(f"sqlite:///{tmp_path / 'kiosks.sqlite3'}")
    with database.engine.begin() as connection:
        command.upgrade(schema.alembic_config(connection), "0002_signin_throttle")
    with Session(database.engine) as session, audit.acting_as("cli:test"):  # audited, like `museum user add`
        for name, role, token in (("hall-1", "kiosk", "a" * 64), ("li", "curator", None)):
            session.execute(text("INSERT INTO users (username, role, password_hash, token_hash, active, "
                                 "session_nonce, created_at) "
                                 "VALUES (:n, :r, NULL, :t, 1, 'n', '2026-12-01')"),
                            {"n": name, "r": role, "t": token})
        audit.append(session.connection(), [("insert", "users", "hall-1", None, {"role": "kiosk"})])
        session.commit()
    schema.create_schema(database)
    assert schema.current_revision(database) == schema.head_revision()
    with Session(database.engine) as session:
        assert session.execute(text("SELECT username FROM users")).scalars().all() == ["li"]
        entry = session.scalars(select(audit.AuditEntry).order_by(audit.AuditEntry.seq.desc())).first()
        assert (entry.actor, entry.action, entry.entity, entry.entity_key) == (
            "migration:0003_kiosk_accounts", "delete", "users", "hall-1")
        assert entry.before["role"] == "kiosk" and entry.before["token_hash"] == audit.REDACTED
        assert audit_chain.verify(session).ok
    database.dispose()


def test_vocabulary_fields_become_keys_losslessly_and_come_back(tmp_path):
    """0005: Chinese names → vocabulary keys where the key gives back the same text; anything else stays."""
    database = Database(f"sqlite:///{tmp_path / 'vocab.sqlite3'}")
    with database.engine.begin() as connection:
        command.upgrade(schema.alembic_config(connection), "0004_media_items")
        for number, material, site, method in (("A1", "青铜", "万县甘宁乡", "考古发掘"),
                                               ("A2", "铁、织物", "某村", "征集"),
                                               ("A3", "青铜器", None, None)):  # an alias: kept verbatim
            connection.execute(text("INSERT INTO records (accession_number, title, description, material, "
                                    "find_site, acquisition_method, published, is_sample, created_at, "
                                    "updated_at) VALUES (:n, '{}', '{}', :m, :s, :a, 1, 0, '2026-01-01', "
                                    "'2026-01-01')"),
                               {"n": number, "m": material, "s": site, "a": method})
    query = text("SELECT accession_number, material, find_site, acquisition_method FROM records ORDER BY 1")
    with database.engine.connect() as connection:
        before = connection.execute(query).all()
    with database.engine.begin() as connection:
        command.upgrade(schema.alembic_config(connection), "0005_vocabulary_keys")
    with database.engine.connect() as connection:
        assert connection.execute(query).all() == [("A1", "bronze", "wanxian-ganning", "excavation"),
                                                   ("A2", "iron,textile", "某村", "collection"),
                                                   ("A3", "青铜器", None, None)]
        outbox = text("SELECT accession_number FROM search_outbox ORDER BY 1")
        queued = connection.execute(outbox).scalars().all()
        assert queued == ["A1", "A2"]
    with database.engine.begin() as connection:
        command.downgrade(schema.alembic_config(connection), "0004_media_items")
    with database.engine.connect() as connection:
        assert connection.execute(query).all() == before
    database.dispose()
