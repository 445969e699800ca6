"""Counting SQL statements in tests (SQLAlchemy's ``before_cursor_execute`` event)."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event

from museum.extensions import db

# Read at most every 0.1 s whatever the page (is the search index behind?): when it falls inside a
# counted block depends on the clock, so a count per page leaves it out.
INDEXING_PROBE = "FROM search_outbox"


@contextmanager
def statements(app, containing: str = "", ignoring: str = INDEXING_PROBE):
    """Every SQL statement run while the block runs (only those with ``containing`` in them, if given; never
    those with ``ignoring`` in them)."""
    seen: list[str] = []

    def log(_connection, _cursor, statement, _parameters, _context, _executemany):
        if containing in statement and not (ignoring and ignoring in statement):
            seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", log)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", log)
