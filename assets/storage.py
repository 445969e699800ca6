"""Where media files live: :class:`MediaStorage`, the one interface every media kind writes through and the
web shell reads from, and :class:`LocalStorage`, a folder (``MEDIA_ROOT``);
:class:`assets.s3storage.S3Storage` is an S3 bucket (``MEDIA_URL``).
``tests/integration/storage/test_contract.py`` holds both to one contract.

Files are named by **keys**, not paths: ``images/pyramids/2002.0031-1.tif``, ``models/<sha256>.glb``,
``audio/<track folder>/track.opus`` — relative, ``/``-separated, never ``..``. An object store (S3) implements
the same methods with the key as the object's name, so it plugs in without touching the kinds:

- :meth:`~MediaStorage.put` stores a whole file under a key, never half of one: the local folder writes
  ``<key>.<random>.part`` and renames it (an object store's PUT is atomic already);
- :meth:`~MediaStorage.open` returns a seekable binary file, so a byte range (HTTP Range) is read without the
  rest; an object store answers ``seek`` and ``read`` with ranged GETs;
- :meth:`~MediaStorage.scratch` is a private local folder for a tool's output (pyvips, trimesh and ffmpeg
  write files). The local folder makes it on its own file system, so ``put(..., move=True)`` is a rename;
- :meth:`~MediaStorage.local_path` is the escape hatch for a tool that can only read a real file (pyvips
  cutting IIIF tiles from a pyramid): the local folder returns its own file; an object store downloads the
  object into a local cache first. Nothing else should need it.

:class:`Writes` wraps a storage for one ingest and remembers what it stored, so a later failure (the next
page, the database) removes exactly that and nothing another item shares.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Protocol, runtime_checkable

PART = ".part"  # suffix of a file being written; never a key
SCRATCH = ".scratch"  # the local folder's private working folders; never a key


@dataclass(frozen=True)
class Stat:
    bytes: int
    modified: float  # POSIX time of the last write


@runtime_checkable
class MediaStorage(Protocol):
    """Keyed files. Every method takes a key as :func:`check_key` accepts it."""

    def put(self, key: str, source: Path, *, move: bool = False) -> int:
        """Store the local file ``source`` under ``key`` (replacing what was there) and return its size.
        With ``move`` the source may be consumed (renamed into place when it can be)."""

    def open(self, key: str) -> BinaryIO:
        """The stored bytes as a seekable binary file (so a byte range is read alone);
        :class:`FileNotFoundError` when there is no such key."""

    def stat(self, key: str) -> Stat | None:
        """Size and time of the last write, or None when there is no such key."""

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None:
        """Remove ``key``; a missing key is not an error."""

    def list(self, prefix: str) -> list[str]:
        """Every key that starts with ``prefix``, sorted."""

    def scratch(self) -> AbstractContextManager[Path]:
        """A new empty local folder for one job's files, removed with everything in it afterwards."""

    def local_path(self, key: str) -> Path:
        """A real file holding the key's bytes, for a tool that cannot read a stream. The local folder returns
        its own file (opening it fails as for any missing file when there is no such key); an object store
        downloads the object to a local cache and raises :class:`FileNotFoundError` when there is none."""


def check_key(key: str) -> str:
    """``key`` when it is a valid key: relative, ``/``-separated, without empty, ``.`` or ``..`` parts."""
    parts = key.split("/") if isinstance(key, str) else [""]
    if (not key or "\\" in key or "\x00" in key or any(part in ("", ".", "..") for part in parts)
            or parts[0].startswith(".") or key.endswith(PART)):
        raise ValueError(f"not a media key: {key!r}")
    return key


BUCKET_NAME = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")


def split_s3_url(url: str) -> tuple[str, str]:
    """``(bucket, prefix)`` of ``s3://bucket`` or ``s3://bucket/prefix`` (the prefix without slashes at its
    ends, itself made of key parts); ValueError for anything else."""
    scheme, _, rest = url.strip().partition("://")
    bucket, _, prefix = rest.partition("/")
    prefix = prefix.strip("/")
    if scheme != "s3" or not BUCKET_NAME.fullmatch(bucket) or ".." in bucket:
        raise ValueError(f"not an s3://bucket/prefix URL: {url!r}")
    if prefix:
        check_key(prefix)
    return bucket, prefix


@contextmanager
def scratch_folder(parent: Path) -> Iterator[Path]:
    """A new empty folder below ``parent`` for one job's files, removed with them afterwards (``parent`` is
    kept: removing it could race another worker's job starting)."""
    parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class LocalStorage:
    """:class:`MediaStorage` in a folder: a key is the file's path below ``root``."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"LocalStorage({str(self.root)!r})"

    def path(self, key: str) -> Path:
        return self.root.joinpath(*check_key(key).split("/"))

    def put(self, key: str, source: Path, *, move: bool = False) -> int:
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f"{target.name}.{uuid.uuid4().hex[:12]}{PART}")
        try:
            if move:
                shutil.move(source, partial)  # a rename on the same file system
            else:
                shutil.copyfile(source, partial)
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        return target.stat().st_size

    def open(self, key: str) -> BinaryIO:
        return open(self.path(key), "rb")

    def stat(self, key: str) -> Stat | None:
        try:
            found = self.path(key).stat()
        except (FileNotFoundError, NotADirectoryError):
            return None
        return Stat(found.st_size, found.st_mtime)

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def delete(self, key: str) -> None:
        path = self.path(key)
        path.unlink(missing_ok=True)
        top = self.root / check_key(key).split("/")[0]
        for folder in path.parents:  # folders left empty go too, up to the top folder (images/, audio/ ...)
            if folder == top or top not in folder.parents:
                break
            try:
                folder.rmdir()
            except OSError:  # not empty (or already gone)
                break

    def list(self, prefix: str) -> list[str]:
        base = self.root.joinpath(*prefix.split("/")[:-1])
        if not base.is_dir():
            return []
        keys = []
        for folder, folders, files in os.walk(base):
            folders[:] = [name for name in folders if not name.startswith(".")]
            relative = PurePosixPath(Path(folder).relative_to(self.root).as_posix())
            for name in files:
                key = str(relative / name) if str(relative) != "." else name
                if key.startswith(prefix) and not name.endswith(PART) and not key.startswith("."):
                    keys.append(key)
        return sorted(keys)

    def scratch(self) -> AbstractContextManager[Path]:
        return scratch_folder(self.root / SCRATCH)

    def local_path(self, key: str) -> Path:
        return self.path(key)


class Writes:
    """A :class:`MediaStorage` for one ingest that remembers the keys it stored; :meth:`undo` deletes them.

    A kind that finds a content-named file already stored (an image source, a 3D model's files) does not
    store it again, so undoing never removes a file that another item uses."""

    def __init__(self, storage: MediaStorage):
        self.storage = storage
        self.keys: list[str] = []

    def put(self, key: str, source: Path, *, move: bool = False) -> int:
        size = self.storage.put(key, source, move=move)
        self.keys.append(key)
        return size

    def undo(self) -> None:
        for key in reversed(self.keys):
            self.storage.delete(key)
        self.keys.clear()

    def __getattr__(self, name: str):  # open, stat, exists, delete, list, scratch, local_path
        return getattr(self.storage, name)
