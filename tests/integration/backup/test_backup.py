"""``museum backup`` / ``museum restore`` on the embedded default (SQLite, media in the local folder): a
backup taken while a thread keeps writing restores into a fresh instance as one consistent snapshot whose
audit chain verifies, whose counts and media checksums match, and whose search index is rebuilt; a restore
refuses a non-empty instance unless --force, and a damaged backup is refused by name before anything
changes."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

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


def make_app(folder: Path):
    app = create_app({**TEST_SETTINGS, "INSTANCE_PATH": str(folder)})
    with app.app_context():
        create_schema(db)
    return app


def museum(instance: Path, *args: str):
    return CliRunner().invoke(main, ["--instance", str(instance), *args])


@pytest.fixture(autouse=True)
def _keep_instance_variable(monkeypatch):
    monkeypatch.setenv("MUSEUM_INSTANCE", os.environ.get("MUSEUM_INSTANCE", "instance"))


@pytest.fixture
def source(tmp_path):
    """An instance with records (their audit entries) and three media files."""
    app = make_app(tmp_path / "source")
    with app.app_context():
        with db.transaction() as session:
            session.add_all([Record(accession_number=f"A{n:03}", title={"zh": f"青铜器{n}"})
                             for n in range(20)])
        for n in range(3):
            file = tmp_path / f"m{n}.bin"
            file.write_bytes(os.urandom(200_000 + n))
            storage().put(f"images/sources/m{n}.bin", file)
    yield app
    with app.app_context():
        db.dispose()


def test_a_backup_taken_under_writes_restores_a_consistent_verified_snapshot(source, tmp_path):
    database = source.extensions["museum_db"]
    written, stop, changed = [0], threading.Event(), threading.Condition()

    def writer():  # a new record and an edit of the previous one per transaction, as fast as it can
        n = 0
        while not stop.is_set():
            with database.transaction() as session:
                session.add(Record(accession_number=f"W{n:05}", title={"zh": f"新记录{n}"}))
                if n:
                    session.scalar(select(Record).where(Record.accession_number == f"W{n - 1:05}")) \
                        .title = {"zh": f"改过的{n - 1}"}
            n += 1
            with changed:
                written[0] = n
                changed.notify_all()

    def after_more_writes(_message: str) -> None:  # each backup step waits for the next commit
        with changed:
            wanted = written[0] + 1
            assert changed.wait_for(lambda: written[0] >= wanted, timeout=30)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    with changed:
        assert changed.wait_for(lambda: written[0] >= 5, timeout=30)
    try:
        with source.app_context():
            manifest = backup(db, storage(), tmp_path / "backup", progress=after_more_writes)
    finally:
        stop.set()
        thread.join(timeout=30)
    in_snapshot = manifest["counts"]["records"]
    assert 20 + 5 <= in_snapshot < 20 + written[0]  # writes went on during the backup, after its snapshot
    assert manifest["audit_problems"] == 0 and manifest["media"]["copied"]
    keys = sorted(f["key"] for f in manifest["media"]["files"])
    assert keys == [f"images/sources/m{n}.bin" for n in range(3)]

    fresh = tmp_path / "fresh"
    done = museum(fresh, "restore", str(tmp_path / "backup"), "--json")
    assert done.exit_code == 0, done.output
    report = json.loads(done.stdout)
    assert report["ok"] and report["counts"]["records"] == in_snapshot and report["indexed"] == in_snapshot
    assert report["audit_head"] == manifest["audit_head"]

    restored = make_app(fresh)
    with restored.app_context():
        with db.transaction() as session:  # one snapshot: every record's insert is in the chain, and no more
            inserts = session.scalar(select(func.count()).select_from(AuditEntry)
                                     .where(AuditEntry.entity == "records", AuditEntry.action == "insert"))
            assert inserts == session.scalar(select(func.count(Record.id))) == in_snapshot
            newest = session.scalar(select(Record).order_by(Record.id.desc()).limit(1))
        assert storage().open("images/sources/m2.bin").read() == \
            (tmp_path / "source" / "media" / "images" / "sources" / "m2.bin").read_bytes()
        db.dispose()
    verified = museum(fresh, "audit", "verify", "--anchor", "{seq}:{hash}".format(**manifest["audit_head"]))
    assert verified.exit_code == 0 and verified.stdout.startswith("OK:"), verified.output
    found = restored.test_client().get(f"/api/v1/search?q={newest.accession_number}")
    assert found.status_code == 200
    assert newest.accession_number in json.dumps(found.json, ensure_ascii=False)


def test_a_restore_refuses_what_it_should_and_names_the_problem(source, tmp_path):
    dest = tmp_path / "backup"
    assert museum(tmp_path / "source", "backup", str(dest)).exit_code == 0
    again = museum(tmp_path / "source", "backup", str(dest))
    assert again.exit_code == 1 and "is not an empty folder" in again.stderr

    busy = museum(tmp_path / "source", "restore", str(dest))
    assert busy.exit_code == 1 and "not empty" in busy.stderr and "--force" in busy.stderr

    with source.app_context():  # after the backup: one more record and one more media file
        with db.transaction() as session:
            session.add(Record(accession_number="LATE", title={"zh": "后来的"}))
        (tmp_path / "late.bin").write_bytes(b"late")
        storage().put("images/sources/late.bin", tmp_path / "late.bin")
        db.dispose()
    forced = museum(tmp_path / "source", "restore", str(dest), "--force")
    assert forced.exit_code == 0, forced.output
    with source.app_context():
        assert db.session.scalar(select(Record).where(Record.accession_number == "LATE")) is None
        assert not storage().exists("images/sources/late.bin") and storage().exists("images/sources/m0.bin")
        db.dispose()

    damaged = dest / "media" / "images" / "sources" / "m1.bin"
    original = damaged.read_bytes()
    damaged.write_bytes(bytes([original[0] ^ 0xFF]) + original[1:])
    refused = museum(tmp_path / "empty", "restore", str(dest))
    assert refused.exit_code == 1
    assert "media images/sources/m1.bin: checksum mismatch" in refused.stderr
    assert "nothing was restored" in refused.stderr
    damaged.unlink()
    missing = museum(tmp_path / "empty", "restore", str(dest))
    assert missing.exit_code == 1 and "media images/sources/m1.bin: missing from the backup" in missing.stderr
    (dest / "manifest.json").unlink()
    unfinished = museum(tmp_path / "empty", "restore", str(dest))
    assert unfinished.exit_code == 1 and "manifest.json is missing" in unfinished.stderr
    empty = make_app(tmp_path / "empty")
    with empty.app_context():  # nothing was restored by the refused attempts
        assert db.session.scalar(select(func.count(Record.id))) == 0 and storage().list("") == []
        db.dispose()
