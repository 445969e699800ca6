"""The web shell's side of media: the app's :class:`~assets.storage.MediaStorage` (the local folder
``MEDIA_ROOT`` by default, an S3 bucket when ``MEDIA_URL`` is ``s3://bucket/prefix``) and stored files
answered over HTTP with Range (206) and conditional requests (304), whatever the storage.
"""

from __future__ import annotations

from time import time
from zlib import adler32

from flask import Flask, Response, current_app, request
from werkzeug.wsgi import wrap_file

from assets.storage import LocalStorage, MediaStorage
from museum.exceptions import NotFound


def init_app(app: Flask) -> None:
    app.extensions["media_storage"] = storage_for(app.config)


def storage_for(config) -> MediaStorage:
    """The storage the settings name: ``MEDIA_URL`` (an S3 bucket) or else the ``MEDIA_ROOT`` folder. Nothing
    is contacted here: the bucket is checked by the first use."""
    if not config["MEDIA_URL"]:
        return LocalStorage(config["MEDIA_ROOT"])
    from assets.s3storage import S3Storage, S3Tuning  # boto3 is imported only by a service that uses it

    return S3Storage.from_url(config["MEDIA_URL"], endpoint_url=config["S3_ENDPOINT_URL"],
                              work_dir=config["MEDIA_ROOT"],
                              tuning=S3Tuning(cache_bytes=config["MEDIA_CACHE_MB"] * 1024 * 1024))


def storage() -> MediaStorage:
    """The current app's media storage."""
    return current_app.extensions["media_storage"]


def remove_held(holdings, find, name: str) -> None:
    """Remove the media item ``find(session)`` returns, in one transaction (its files go once the row is
    gone); ``NotFound("no NAME")`` when there is none. ``holdings`` is its kind's (TRACKS, IMAGES, MODELS)."""
    from museum.extensions import db

    with db.transaction() as session:
        item = find(session)
        if item is None:
            raise NotFound(f"no {name}")
        holdings.remove(session, item, storage())


def send_stored(key: str, mimetype: str, *, etag: str | None = None, max_age: int | None = None) -> Response:
    """The stored file ``key``: whole, a byte range (HTTP Range, read without the rest of the file) or a 304.
    The ETag is ``etag`` when given (a content hash), else made from the key, size and time of writing."""
    found = storage().stat(key)
    if found is None:
        raise NotFound(f"{key.rsplit('/', 1)[-1][:80]!r} is missing from the media store")
    stream = storage().open(key)
    response = Response(wrap_file(request.environ, stream), mimetype=mimetype, direct_passthrough=True)
    response.content_length = found.bytes
    response.last_modified = found.modified
    response.set_etag(etag or f"{found.modified}-{found.bytes}-{adler32(key.encode()) & 0xFFFFFFFF}")
    response.cache_control.no_cache = True
    if max_age:  # as flask.send_file does
        response.cache_control.no_cache = None
        response.cache_control.public = True
        response.cache_control.max_age = max_age
        response.expires = int(time() + max_age)
    try:
        return response.make_conditional(request.environ, accept_ranges=True, complete_length=found.bytes)
    except Exception:
        stream.close()
        raise
