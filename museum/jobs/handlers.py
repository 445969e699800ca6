"""The handlers ``museum worker`` runs, by job kind. A handler is idempotent: it derives every name it
writes from its payload, so a job that runs again after a lost worker leaves one result."""

from __future__ import annotations

from museum.jobs.worker import Context, Handler

HANDLERS: dict[str, Handler] = {}


def handler(kind: str):
    def register(fn: Handler) -> Handler:
        HANDLERS[kind] = fn
        return fn
    return register


@handler("search.rebuild")
def rebuild_search(context: Context) -> dict:
    """Rebuild the search index from the catalogue (``museum index --rebuild``), with progress."""
    from flask import current_app
    from sqlalchemy import func, select

    from museum.catalogue.models import Record
    from museum.catalogue.search_service import processor
    from museum.extensions import db

    with db.transaction() as session:
        total = max(session.scalar(select(func.count(Record.id))) or 0, 1)
    count = processor(current_app).rebuild(
        progress=lambda n: context.progress(min(n / total, 0.99), f"{n:,} records"))
    return {"records": count}
