"""The base of every media error. Each kind raises its own subclasses (:mod:`assets.images.exceptions`,
:mod:`assets.models.exceptions`, :mod:`assets.audio.exceptions`); the web shell and the CLI map this base
once, so a new kind's refusals reach the user without registering anything.
"""

from __future__ import annotations


class MediaError(Exception):
    """A file refused by a media kind (or a kind's step that failed); ``code`` is machine-readable and
    the message names the file and the problem."""

    code = "media_error"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class StorageUnavailable(MediaError):
    """The media store could not do what was asked: an object store that cannot be reached, a bucket that
    does not exist, credentials it refuses. The message names the store, the bucket and the key; it is never a
    problem of the file itself (the web shell answers 503)."""

    code = "storage_unavailable"
