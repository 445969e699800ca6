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


@handler("image.ingest")
def ingest_image(context: Context) -> dict:
    """A curator's upload, staged in the media storage under ``payload["key"]``: ingested into the record's
    images (the pyramid written, the rows added, as ``museum image add`` does), then the staged file removed.
    Run again after a lost worker it adds nothing twice: the record already holding an image of the same
    SHA-256 (the file is attached once), or the staged file already gone with its image in place."""
    from flask import current_app
    from sqlalchemy import select

    from museum.catalogue import audit, media
    from museum.catalogue.images import ObjectImage
    from museum.catalogue.models import Record
    from museum.extensions import db
    from museum.media import storage

    payload, store = context.payload, storage()
    holdings = media.holdings("images")
    accession, key, sha = payload["accession"], payload["key"], payload["sha256"]

    def already_attached() -> ObjectImage | None:
        return db.session.scalar(select(ObjectImage).join(Record).where(
            Record.accession_number == accession, ObjectImage.source_sha256 == sha))

    if not store.exists(key):
        found = already_attached()
        db.session.remove()
        if found is None:
            raise FileNotFoundError(f"the uploaded file {payload['name']} is no longer staged ({key})")
        return {"identifier": found.identifier, "created": False}
    context.progress(0.1, "reading the upload")
    with store.scratch() as folder:
        path = folder / payload["name"]
        with store.open(key) as source, open(path, "wb") as target:
            while chunk := source.read(1024 * 1024):
                target.write(chunk)
        context.progress(0.2, "writing the image pyramid")
        with audit.acting_as(payload.get("actor") or "system"), db.transaction() as session:
            added = holdings.add(session, accession, path, store, limits=holdings.limits(current_app.config),
                                 **payload.get("options", {}))
            created = [a for a in added if a.created]
            identifiers = [holdings.describe(a.item) for a in added]
    context.progress(0.95, "removing the staged upload")
    store.delete(key)
    return {"identifier": identifiers[0] if identifiers else None, "created": bool(created)}


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
