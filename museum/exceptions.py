"""Errors of the web shell and the catalogue. Domain packages keep their own ``exceptions.py``;
:mod:`museum.errors` maps all of them to HTTP statuses in one place."""

from __future__ import annotations


class MuseumError(Exception):
    """Base of the shell's errors; ``code`` is the machine-readable error code of the JSON API."""

    code = "error"

    def __init__(self, message: str, *, code: str | None = None, **params):
        super().__init__(message)
        self.message = message
        self.params = params  # with ``code``, what the workspace says in the curator's language
        if code:
            self.code = code


class NotFound(MuseumError):
    code = "not_found"


class BadParameter(MuseumError):
    code = "bad_parameter"


class Conflict(MuseumError):
    code = "conflict"


class Forbidden(MuseumError):
    """What this requester may not have (a restricted model's full detail for the public)."""

    code = "rights_restricted"


class ImportFailed(MuseumError):
    """A catalogue import that found errors; nothing was written."""

    code = "import_failed"

    def __init__(self, errors: list, message: str | None = None):
        self.errors = errors
        super().__init__(message or f"{len(errors)} error(s); nothing was imported")


class InvalidSetting(BadParameter, ValueError):
    """A setting (museum/config.py) with an unknown name or a value of the wrong type."""

    code = "invalid_setting"


class Unavailable(MuseumError):
    """Something the work needs is not installed or not running (a database tool, a queue server)."""

    code = "unavailable"


class BackupInvalid(MuseumError):
    """A backup that cannot be restored, or a restore that did not verify; ``errors`` lists each problem
    (a missing file, a checksum that does not match, naming the key)."""

    code = "backup_invalid"

    def __init__(self, message: str, errors: list[str] | None = None):
        super().__init__(message)
        self.errors = list(errors or [])
