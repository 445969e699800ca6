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


@handler("media.ingest")
def ingest_media(context: Context) -> dict:
    """A curator's upload of any media kind (``payload["folder"]``: images, models, audio …), staged in the
    media storage under ``payload["key"]`` with the form's other files (a transcript …) under
    ``payload["files"]``: ingested into the record's items (derivatives written, rows added, as ``museum
    image|model3d|audio add`` do), then the staged files removed. Run again after a lost worker it adds
    nothing twice: every kind keeps a source file once per record (same SHA-256), and derives its storage
    keys from the file, so a killed run's objects are overwritten, not orphaned; when the staged file is
    already gone, the item its first run added is the answer."""
    from flask import current_app

    from museum.catalogue import audit, media
    from museum.extensions import db
    from museum.media import storage

    payload, store = context.payload, storage()
    holdings = media.holdings(payload.get("folder", "images"))
    accession, key, sha = payload["accession"], payload["key"], payload["sha256"]
    staged = {field: entry["key"] for field, entry in payload.get("files", {}).items()}
    options = payload.get("options") or holdings.form_options(payload.get("form", {}), {})
    if not store.exists(key):
        with db.transaction() as session:
            found = holdings.attached(session, accession, sha, options)
            answer = None if found is None else holdings.describe(found)
        if answer is None:
            raise FileNotFoundError(f"the uploaded file {payload['name']} is no longer staged ({key})")
        return {"identifier": answer, "created": False}
    context.progress(0.1, "reading the upload")
    with store.scratch() as folder:
        path = _fetch(store, key, folder / "main", payload["name"])
        files = {field: _fetch(store, staged_key, folder / field, payload["files"][field]["name"])
                 for field, staged_key in staged.items()}
        options = payload.get("options") or holdings.form_options(payload.get("form", {}), files)
        context.progress(0.2, f"processing the {holdings.kind.noun}")
        with audit.acting_as(payload.get("actor") or "system"), db.transaction() as session:
            added = holdings.add(session, accession, path, store, limits=holdings.limits(current_app.config),
                                 **options)
            created = [a for a in added if a.created]
            identifiers = [holdings.describe(a.item) for a in added]
    context.progress(0.95, "removing the staged upload")
    for staged_key in (key, *staged.values()):
        store.delete(staged_key)
    return {"identifier": identifiers[0] if identifiers else None, "created": bool(created)}


# The name image uploads were queued under before every kind went through the queue (0015): jobs still
# waiting under it when a service is upgraded run the same way (their payload has "options", no "folder").
HANDLERS["image.ingest"] = ingest_media


def _fetch(store, key: str, folder, name: str):
    """The staged object ``key`` copied to ``folder/name`` (a kind reads files by their names)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    with store.open(key) as source, open(path, "wb") as target:
        while chunk := source.read(1024 * 1024):
            target.write(chunk)
    return path
