"""Counting SQL statements in tests (SQLAlchemy's ``before_cursor_execute`` event)."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event

from museum.extensions import db


@contextmanager
def statements(app, containing: str = ""):
    """Every SQL statement run while the block runs (only those with ``containing`` in them, if given)."""
    seen: list[str] = []

    def log(_connection, _cursor, statement, _parameters, _context, _executemany):
        if containing in statement:
            seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", log)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", log)
