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


@handler("exhibition.video")
def exhibition_video(context: Context) -> dict:
    """The vertical video of an exhibition's version in a language (``museum exhibition video`` from the
    curator's page), kept in the media storage under :func:`~museum.exhibition_exports.video_key`: one per
    (version, language), so asking again, or running again after a lost worker, renders nothing twice.
    A refusal the curator can act on is raised as ``[code] words`` (the page says it in their language)."""
    from museum import exhibition_exports
    from museum.catalogue import exhibitions
    from museum.exceptions import NotFound
    from museum.extensions import db
    from museum.media import storage

    payload, store = context.payload, storage()
    slug, number, lang = payload["slug"], int(payload["version"]), payload["language"]
    key = exhibition_exports.video_key(slug, number, lang)
    if store.exists(key):
        return {"key": key, "bytes": store.stat(key).bytes, "made": False}
    try:
        found = exhibitions.get(db.session, slug)
        document = exhibitions.version(db.session, found, number).document
    except NotFound:
        raise LookupError(f"[no_version] exhibition {slug!r} has no version {number}") from None
    finally:
        db.session.remove()
    context.progress(0.02, "reading the pictures")
    with store.scratch() as folder:
        target = folder / f"{slug}-{lang}.mp4"
        try:
            exhibition_exports.render_video(
                document, lang, target,
                progress=lambda fraction, words: context.progress(0.02 + fraction * 0.93, words))
        except Exception as error:
            from exhibits.stories.exceptions import FfmpegMissing, StoryError, VideoFailed

            code = {FfmpegMissing: "no_ffmpeg", VideoFailed: "ffmpeg_failed"}.get(type(error))
            if code is None and isinstance(error, StoryError):
                code = "no_pictures"
            if code is None:
                raise
            raise RuntimeError(f"[{code}] {error}") from error
        finally:
            db.session.remove()
        context.progress(0.97, "storing the video")
        size = store.put(key, target, move=True)
    return {"key": key, "bytes": size, "made": True}
