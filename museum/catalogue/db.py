"""Engine and sessions. SQLite (WAL) by default, any SQLAlchemy URL (PostgreSQL) by configuration."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session, sessionmaker


class Base(DeclarativeBase):
    """Declarative base of every catalogue table (records, galleries, media, accounts ...)."""


class Database:
    """One engine and a thread-local session registry for a database URL."""

    def __init__(self, url: str | None = None):
        self.engine: Engine | None = None
        self.session: scoped_session | None = None
        if url:
            self.configure(url)

    def configure(self, url: str) -> None:
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.url = url
        self.engine = create_engine(url, future=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.session = scoped_session(sessionmaker(bind=self.engine, expire_on_commit=False))

    def new_session(self) -> Session:
        return Session(bind=self.engine, expire_on_commit=False)

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
        if self.session is not None:
            self.session.remove()

    def dispose(self) -> None:
        self.remove()
        if self.engine is not None:
            self.engine.dispose()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
