"""Engine and sessions. SQLite (WAL) by default, any SQLAlchemy URL (PostgreSQL) by configuration."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session, sessionmaker


class Base(DeclarativeBase):
    """Declarative base of every catalogue table (records, galleries, media, accounts ...)."""


class Database:
    """One engine, its sessionmaker and a thread-local session registry for a database URL.

    Session listeners are this database's own (:meth:`listen`), never the global ``Session`` class's:
    ``create_app`` attaches the audit log and the search outbox to the app's database, so several apps (tests,
    the CLI) live in one process without seeing each other's sessions. ``info`` is copied into every
    session's ``Session.info`` (the audit log keeps its actor resolver there)."""

    def __init__(self, url: str):
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.url = url
        self.engine: Engine = create_engine(url, future=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.info: dict = {}
        self.sessions = sessionmaker(bind=self.engine, expire_on_commit=False, info=self.info)
        self.session: scoped_session = scoped_session(self.sessions)

    def listen(self, identifier: str, fn: Callable, **options) -> None:
        """Call ``fn`` on the session event ``identifier`` (``before_flush``, ``after_commit``,
        ``do_orm_execute`` ...) of every session of this database, and of no other."""
        event.listen(self.sessions, identifier, fn, **options)

    def new_session(self) -> Session:
        return self.sessions()

    @contextmanager
    def transaction(self):
        """A session whose work is committed on success and rolled back on any error."""
        session = self.new_session()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def remove(self) -> None:
        self.session.remove()

    def dispose(self) -> None:
        self.remove()
        self.engine.dispose()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
