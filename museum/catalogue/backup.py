"""Backups that restore: ``museum backup DEST`` and ``museum restore SRC``.

A backup is a folder:

- ``database.sqlite3`` (SQLite's online backup API: one read transaction, so a consistent snapshot while
  writers go on) or ``database.pgdump`` (``pg_dump -Fc`` of a snapshot exported by our own repeatable-read
  transaction, in which the counts and the audit chain head are read too);
- ``media/<key>``: every stored file, copied, when the media live in the local folder; an object store (S3)
  keeps its objects, and the backup keeps only their manifest;
- ``manifest.json``, written last (so a folder without it is an unfinished backup): the engine, the schema
  revision, each table's row count, the audit chain head (``seq`` and ``hash``, as ``museum audit head``
  prints it) and every media key with its size and SHA-256.

Media are listed after the database snapshot, so a file the snapshot names is in the manifest unless it was
deleted in between (a restore reports such a key by name).

A restore refuses an instance that holds anything unless ``force`` is given, checks every file against the
manifest before it changes anything, loads the database, puts the media back, then verifies: the audit chain
walks clean up to the recorded head, every table holds the recorded count and every media key reads back
with its checksum. The search index is rebuilt by the caller (it belongs to the app).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.orm import Session

from assets.storage import LocalStorage, MediaStorage
from museum.catalogue import audit_chain, schema
from museum.catalogue.db import Database
from museum.exceptions import BackupInvalid, BadParameter, Conflict, Unavailable

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
MEDIA = "media"
CHUNK = 1024 * 1024

Progress = Callable[[str], None]


def _quiet(_message: str) -> None:
    pass


# -- reading a database ----------------------------------------------------------------------------------

def _counts(connection: Connection) -> dict[str, int]:
    """Rows in each catalogue table (the models' tables that exist in this database)."""
    metadata = schema.import_all_models().metadata
    present = set(inspect(connection).get_table_names())
    return {table.name: connection.scalar(select(func.count()).select_from(table))
            for table in metadata.sorted_tables if table.name in present}


def _summary(connection: Connection) -> dict:
    """Counts, audit chain head and schema revision as one transaction sees them."""
    session = Session(bind=connection)
    chain = audit_chain.verify(session)
    revision = connection.scalar(text("SELECT version_num FROM alembic_version")) \
        if inspect(connection).has_table("alembic_version") else None
    return {"revision": revision, "counts": _counts(connection),
            "audit_head": {"seq": chain.head_seq, "hash": chain.head_hash},
            "audit_problems": len(chain.problems)}


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _libpq(url) -> tuple[str, dict]:
    """A libpq connection string for the tools and the environment carrying the password (never argv)."""
    url = make_url(str(url)) if not hasattr(url, "drivername") else url
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise Unavailable(f"{name} is not installed: install Debian's postgresql-client (`make install`)")
    return found


# -- backup ----------------------------------------------------------------------------------------------

def backup(database: Database, storage: MediaStorage, dest: Path, *, progress: Progress = _quiet) -> dict:
    """Write a backup of ``database`` and ``storage`` into the new or empty folder ``dest``; return its
    manifest."""
    dest = Path(dest)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise Conflict(f"{dest} is not an empty folder: a backup goes into a new one")
    if schema.current_revision(database) is None:
        raise BadParameter("the instance has no catalogue to back up yet: run `museum init` first")
    dest.mkdir(parents=True, exist_ok=True)
    engine = database.engine.dialect.name
    if engine == "sqlite":
        summary, db_file = _backup_sqlite(database, dest / SQLITE_FILE)
    elif engine == "postgresql":
        summary, db_file = _backup_postgres(database, dest / PG_FILE)
    else:
        raise BadParameter(f"backups of {engine} databases are not supported (SQLite and PostgreSQL are)")
    progress(f"database: {summary['counts'].get('records', 0):,} records, audit head "
             f"{summary['audit_head']['seq']}")
    copied = isinstance(storage, LocalStorage)
    files = []
    for key in storage.list(""):
        files.append(_copy_media(storage, key, dest / MEDIA if copied else None))
        progress(f"media: {key}")
    manifest = {"format": FORMAT, "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "database": {"engine": engine, "file": db_file.name, "sha256": _sha256_file(db_file),
                             "revision": summary["revision"]},
                "counts": summary["counts"], "audit_head": summary["audit_head"],
                "audit_problems": summary["audit_problems"],
                "media": {"storage": repr(storage), "copied": copied, "files": files}}
    partial = dest / f".{MANIFEST}.part"
    partial.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(partial, dest / MANIFEST)
    return manifest


def _backup_sqlite(database: Database, target: Path) -> tuple[dict, Path]:
    source = sqlite3.connect(database.engine.url.database)
    try:
        copy = sqlite3.connect(target)
        with copy:
            source.backup(copy)  # pages=-1: the whole database in one step, under one read transaction
        copy.close()
    finally:
        source.close()
    engine = create_engine(f"sqlite:///{target}")
    try:
        with engine.connect() as connection:
            return _summary(connection), target
    finally:
        engine.dispose()


def _backup_postgres(database: Database, target: Path) -> tuple[dict, Path]:
    dump = _tool("pg_dump")
    url, env = _libpq(database.engine.url)
    with database.engine.connect() as connection:
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            snapshot = connection.scalar(text("SELECT pg_export_snapshot()"))
            summary = _summary(connection)  # the same snapshot the dump reads
            done = subprocess.run([dump, "--format=custom", "--no-owner", f"--snapshot={snapshot}",
                                   f"--file={target}", f"--dbname={url}"],
                                  env=env, capture_output=True, text=True)
    if done.returncode:
        raise Unavailable(f"pg_dump failed: {done.stderr.strip()}")
    return summary, target


def _copy_media(storage: MediaStorage, key: str, folder: Path | None) -> dict:
    digest, size = hashlib.sha256(), 0
    out = None
    if folder is not None:
        path = folder.joinpath(*key.split("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        out = open(path, "wb")
    try:
        with storage.open(key) as stream:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                if out:
                    out.write(chunk)
    finally:
        if out:
            out.close()
    return {"key": key, "bytes": size, "sha256": digest.hexdigest()}


# -- restore ---------------------------------------------------------------------------------------------

def read_manifest(src: Path) -> dict:
    src = Path(src)
    if not src.is_dir():
        raise BackupInvalid(f"{src} is not a backup folder (no such folder)")
    path = src / MANIFEST
    if not path.is_file():
        raise BackupInvalid(f"{path} is missing: {src} is not a finished backup")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupInvalid(f"{path} is not valid JSON: {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupInvalid(f"{path}: backup format {manifest.get('format')!r} is not {FORMAT}")
    return manifest


def check_files(src: Path, manifest: dict) -> list[str]:
    """Problems with the backup's own files: each missing or altered file, by name or media key."""
    src, problems = Path(src), []
    db_file = src / manifest["database"]["file"]
    if not db_file.is_file():
        problems.append(f"{db_file.name}: missing from the backup")
    elif _sha256_file(db_file) != manifest["database"]["sha256"]:
        problems.append(f"{db_file.name}: checksum mismatch (the file was altered or damaged)")
    if manifest["media"]["copied"]:
        for item in manifest["media"]["files"]:
            path = src.joinpath(MEDIA, *item["key"].split("/"))
            if not path.is_file():
                problems.append(f"media {item['key']}: missing from the backup")
            elif _sha256_file(path) != item["sha256"]:
                problems.append(f"media {item['key']}: checksum mismatch (expected {item['sha256'][:12]}…, "
                                f"found {_sha256_file(path)[:12]}…)")
    return problems


def holdings(database: Database, storage: MediaStorage) -> tuple[int, int]:
    """(rows in the catalogue's tables, stored media files): both 0 for an empty instance."""
    with database.engine.connect() as connection:
        rows = sum(_counts(connection).values())
    return rows, len(storage.list(""))


def restore(database: Database, storage: MediaStorage, src: Path, *, force: bool = False,
            progress: Progress = _quiet) -> dict:
    """Restore the backup in ``src`` into ``database`` and ``storage``; verify it; return the report.

    Refuses (:class:`Conflict`) an instance that is not empty unless ``force``; refuses
    (:class:`BackupInvalid`) a backup whose files do not match their manifest before changing anything."""
    src = Path(src)
    manifest = read_manifest(src)
    engine = database.engine.dialect.name
    if manifest["database"]["engine"] != engine:
        raise BackupInvalid(f"this backup holds a {manifest['database']['engine']} database and the instance "
                            f"uses {engine}: restore it into an instance of the same engine")
    problems = check_files(src, manifest)
    if problems:
        raise BackupInvalid(f"the backup in {src} is damaged ({len(problems)} problem(s)); nothing was "
                            "restored", problems)
    rows, files = holdings(database, storage)
    media = manifest["media"]
    if not media["copied"]:  # the objects the backup names are those in the store: they are not in the way
        files = 0
    if (rows or files) and not force:
        raise Conflict(f"the instance is not empty ({rows:,} rows, {files:,} media files): "
                       "pass --force to replace it with the backup")
    progress("database…")
    if engine == "sqlite":
        _restore_sqlite(database, src / SQLITE_FILE)
    else:
        _restore_postgres(database, src / PG_FILE)
    if media["copied"]:
        wanted = {item["key"] for item in media["files"]}
        for key in storage.list(""):
            if key not in wanted:
                storage.delete(key)
        for item in media["files"]:
            storage.put(item["key"], src.joinpath(MEDIA, *item["key"].split("/")))
        progress(f"media: {len(media['files']):,} files put back")
    report = verify(database, storage, manifest)
    if not report["ok"]:
        raise BackupInvalid(f"the restored instance does not match the backup ({len(report['problems'])} "
                            "problem(s))", report["problems"])
    schema.create_schema(database)  # a backup of an older version is brought up to this one
    return report


def verify(database: Database, storage: MediaStorage, manifest: dict) -> dict:
    """Compare the instance with a backup's manifest: audit chain, counts, media checksums."""
    problems = []
    head = manifest["audit_head"]
    with database.engine.connect() as connection:
        session = Session(bind=connection)
        anchors = [(head["seq"], head["hash"])] if head["seq"] else []
        chain = audit_chain.verify(session, anchors)
        counts = _counts(connection)
    problems += [f"audit entry {p['seq']}: {p['problem']}: {p['detail']}" for p in chain.problems]
    if (chain.head_seq, chain.head_hash) != (head["seq"], head["hash"]):
        problems.append(f"audit head is {chain.head_seq}:{chain.head_hash}, the backup's is "
                        f"{head['seq']}:{head['hash']}")
    for table, count in manifest["counts"].items():
        if counts.get(table) != count:
            problems.append(f"table {table}: {counts.get(table)} rows, the backup has {count}")
    for item in manifest["media"]["files"]:
        try:
            found = _copy_media(storage, item["key"], None)
        except FileNotFoundError:
            problems.append(f"media {item['key']}: missing from the media storage")
            continue
        if found["sha256"] != item["sha256"]:
            problems.append(f"media {item['key']}: checksum mismatch (expected {item['sha256'][:12]}…, "
                            f"found {found['sha256'][:12]}…)")
    return {"ok": not problems, "problems": problems, "audit_entries": chain.entries,
            "audit_head": {"seq": chain.head_seq, "hash": chain.head_hash}, "counts": counts,
            "media_files": len(manifest["media"]["files"])}


def _restore_sqlite(database: Database, source_file: Path) -> None:
    database.dispose()
    source = sqlite3.connect(f"file:{source_file}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(database.engine.url.database)
        with _closing(target):
            source.backup(target)  # replaces every page of the target, under its write lock
    finally:
        source.close()


def _restore_postgres(database: Database, source_file: Path) -> None:
    restore_tool = _tool("pg_restore")
    database.dispose()
    url, env = _libpq(database.engine.url)
    with database.engine.begin() as connection:  # what the dump does not hold must not stay either
        metadata = schema.import_all_models().metadata
        metadata.drop_all(connection)
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    done = subprocess.run([restore_tool, "--no-owner", "--single-transaction", "--exit-on-error",
                           f"--dbname={url}", str(source_file)], env=env, capture_output=True, text=True)
    if done.returncode:
        raise Unavailable(f"pg_restore failed: {done.stderr.strip()}")


@contextmanager
def _closing(connection: sqlite3.Connection):
    try:
        yield connection
    finally:
        connection.close()
