"""``museum backup`` on PostgreSQL (``pg_dump`` of a snapshot the backup exports from its own transaction,
in which it also reads the counts and the audit chain head) while a thread keeps writing, restored with
``pg_restore`` into another, fresh database whose audit chain verifies and whose counts match."""

from __future__ import annotations

import json
import os
import threading
import uuid

import psycopg
import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from museum import create_app
from museum.catalogue.audit import AuditEntry
from museum.catalogue.backup import backup
from museum.catalogue.models import Record
from museum.catalogue.schema import create_schema
from museum.cli import main
from museum.extensions import db
from museum.media import storage
from tests.settings import TEST_SETTINGS

pytestmark = pytest.mark.postgres


def test_a_backup_under_writes_restores_into_a_fresh_postgres_database(postgres_server, postgres_url,
                                                                      tmp_path, monkeypatch):
    monkeypatch.setenv("MUSEUM_INSTANCE", os.environ.get("MUSEUM_INSTANCE", "instance"))
    app = create_app({**TEST_SETTINGS, "INSTANCE_PATH": str(tmp_path / "a"), "DATABASE_URL": postgres_url})
    with app.app_context():
        create_schema(db)
        with db.transaction() as session:
            session.add_all([Record(accession_number=f"A{n:03}", title={"zh": f"青铜器{n}"})
                             for n in range(10)])
    database = app.extensions["museum_db"]
    written, stop, changed = [0], threading.Event(), threading.Condition()

    def writer():
        n = 0
        while not stop.is_set():
            with database.transaction() as session:
                session.add(Record(accession_number=f"W{n:05}", title={"zh": f"新记录{n}"}))
            n += 1
            with changed:
                written[0] = n
                changed.notify_all()

    def after_more_writes(_message: str) -> None:
        with changed:
            wanted = written[0] + 1
            assert changed.wait_for(lambda: written[0] >= wanted, timeout=30)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        with app.app_context():
            manifest = backup(db, storage(), tmp_path / "backup", progress=after_more_writes)
    finally:
        stop.set()
        thread.join(timeout=30)
        with app.app_context():
            db.dispose()
    assert manifest["database"]["engine"] == "postgresql"
    assert 10 <= manifest["counts"]["records"] < 10 + written[0]

    fresh = f"museum_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"host=127.0.0.1 port={postgres_server['port']} user=museum dbname=postgres",
                         autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{fresh}"')
    fresh_url = postgres_url.rsplit("/", 1)[0] + "/" + fresh
    done = CliRunner().invoke(main, ["--instance", str(tmp_path / "b"), "restore", str(tmp_path / "backup"),
                                     "--json"], env={"MUSEUM_DATABASE_URL": fresh_url})
    assert done.exit_code == 0, done.output
    report = json.loads(done.stdout)
    assert report["ok"] and report["audit_head"] == manifest["audit_head"]
    restored = create_app({**TEST_SETTINGS, "INSTANCE_PATH": str(tmp_path / "b"), "DATABASE_URL": fresh_url})
    with restored.app_context():
        with db.transaction() as session:
            inserts = session.scalar(select(func.count()).select_from(AuditEntry)
                                     .where(AuditEntry.entity == "records", AuditEntry.action == "insert"))
            assert inserts == session.scalar(select(func.count(Record.id))) == manifest["counts"]["records"]
        db.dispose()
    again = CliRunner().invoke(main, ["--instance", str(tmp_path / "b"), "restore", str(tmp_path / "backup")],
                               env={"MUSEUM_DATABASE_URL": fresh_url})
    assert again.exit_code == 1 and "not empty" in again.stderr
    forced = CliRunner().invoke(main, ["--instance", str(tmp_path / "b"), "restore", str(tmp_path / "backup"),
                                       "--force"], env={"MUSEUM_DATABASE_URL": fresh_url})
    assert forced.exit_code == 0 and "restored and verified" in forced.stdout, forced.output
    sqlite_backup = tmp_path / "sqlite-backup"
    for args in (["init"], ["backup", str(sqlite_backup)]):
        assert CliRunner().invoke(main, ["--instance", str(tmp_path / "c"), *args],
                                  env={"MUSEUM_DATABASE_URL": ""}).exit_code == 0
    mixed = CliRunner().invoke(main, ["--instance", str(tmp_path / "b"), "restore", str(sqlite_backup),
                                      "--force"], env={"MUSEUM_DATABASE_URL": fresh_url})
    assert mixed.exit_code == 1 and "holds a sqlite database and the instance uses postgresql" in mixed.stderr
