"""One interface for every kind of media (images, 3D models, audio tracks and the next kinds).

A :class:`MediaKind` says whether a file is its own (:meth:`~MediaKind.sniff`, by content), checks it
against its :class:`Limits` before decoding anything (:meth:`~MediaKind.check`) and turns it into
derivatives written through a :class:`~assets.storage.MediaStorage` (:meth:`~MediaKind.ingest`), answering
one result type, :class:`Ingested`: the source, the :class:`Derivative` files with their metadata, the
item's metadata and warnings. :meth:`~MediaKind.remove` deletes an item's files once nothing refers to them.

Kinds register themselves when their module is imported, as Pillow's plugins do (:func:`register`);
:mod:`assets.kinds` imports every kind the service ships, in one place. Which record holds which item is
the catalogue's business (``museum/catalogue/media.py`` lists, finds and removes items of every kind).
"""

from __future__ import annotations

import hashlib
import os
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, ClassVar

from assets.storage import MediaStorage

SNIFF_BYTES = 8192  # what sniffing reads of a file


class Limits:
    """What one upload of a kind may be: named values, the same shape for every kind. ``max_bytes`` is
    every kind's; the rest are the kind's own (``max_pixels`` of an image, ``max_faces`` of a 3D model,
    ``max_seconds`` of a track ...). A kind declares its defaults; :meth:`replace` overrides some (from
    configuration, in a test) and refuses names the kind does not have."""

    __slots__ = ("_values",)

    def __init__(self, **values: float):
        if "max_bytes" not in values:
            raise TypeError("every kind limits max_bytes")
        object.__setattr__(self, "_values", dict(values))

    def __getattr__(self, name: str):
        if name == "_values":
            raise AttributeError(name)
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(f"no limit {name!r}; these are: {', '.join(self._values)}") from None

    def __setattr__(self, name: str, value) -> None:
        raise AttributeError("limits are read-only: use replace()")

    def replace(self, **changes: float) -> Limits:
        unknown = set(changes) - set(self._values)
        if unknown:
            raise TypeError(f"no limit {', '.join(sorted(unknown))}; these are: {', '.join(self._values)}")
        return Limits(**{**self._values, **changes})

    def as_dict(self) -> dict[str, float]:
        return dict(self._values)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Limits) and other._values == self._values

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._values.items())))

    def __repr__(self) -> str:
        return f"Limits({', '.join(f'{k}={v!r}' for k, v in self._values.items())})"


@dataclass(frozen=True)
class Source:
    """What :meth:`MediaKind.check` learnt about an upload before decoding it."""

    name: str  # the file's name, for messages
    format: str  # sniffed from the content: "jpeg", "zip/obj", "wav" ...
    media_type: str
    bytes: int
    metadata: dict[str, Any] = field(default_factory=dict)  # from the header: pixel size, pages ...


@dataclass
class Derivative:
    """One file of an item: its ``role`` in the item (``pyramid``, ``web``, ``poster``, ``opus``, ``source``
    ...), where it is and what it holds. ``path`` is the local file it is built in; once stored, ``key``
    names it in the storage and ``path`` is None."""

    role: str
    media_type: str
    bytes: int
    key: str | None = None
    path: Path | None = None
    sha256: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)  # pixel size, triangles, validator report ...

    def stored(self, storage: MediaStorage, key: str) -> Derivative:
        """This derivative moved from its local file into ``storage`` under ``key``."""
        size = storage.put(key, self.path, move=True)
        return replace(self, key=key, path=None, bytes=size)

    def as_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if k != "path"}


@dataclass
class Ingested:
    """The result of every kind's ingest: the source, the derivatives written (with their metadata), the
    item's metadata and warnings (what was kept despite a doubt: a 3D model whose size disagrees with the
    catalogue)."""

    source: Source
    sha256: str  # of the source file
    derivatives: list[Derivative]
    metadata: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def derivative(self, role: str) -> Derivative | None:
        return next((d for d in self.derivatives if d.role == role), None)

    def as_dict(self) -> dict:
        return {"source": asdict(self.source), "sha256": self.sha256,
                "derivatives": [d.as_dict() for d in self.derivatives], "metadata": self.metadata,
                "warnings": self.warnings}


class MediaKind(ABC):
    """One kind of media. A subclass sets the class attributes and implements sniff, check and ingest."""

    name: ClassVar[str]  # the registry's word and the CLI group's: "image", "model3d", "audio"
    folder: ClassVar[str]  # first part of its storage keys and of the curator's URLs: "images", "models"
    noun: ClassVar[str]  # how messages name one item: "image", "model", "audio"
    accepts: ClassVar[str]  # the formats, for people: "JPEG, PNG, TIFF or WebP"
    limits: ClassVar[Limits]  # the defaults

    @abstractmethod
    def sniff(self, head: bytes, size: int) -> str | None:
        """The format of a file whose first :data:`SNIFF_BYTES` are ``head`` (``size`` bytes in all), or None
        when it is not this kind's. Content decides, never the name."""

    @abstractmethod
    def check(self, path: Path, limits: Limits | None = None) -> Source:
        """Size, format and the limits that the header tells, before anything is decoded; raises the kind's
        :class:`~assets.exceptions.MediaError` naming the file and the problem."""

    @abstractmethod
    def ingest(self, path: Path, storage: MediaStorage, item: str, limits: Limits | None = None,
               **options) -> Ingested:
        """Check and decode ``path`` and write its derivatives into ``storage``. ``item`` is the item's name,
        chosen by the caller (unique among the kind's items); a kind may use it in its keys. Raises the kind's
        errors, mostly before anything is stored; a caller that must leave nothing behind passes a
        :class:`~assets.storage.Writes` and undoes it."""

    def remove(self, storage: MediaStorage, keys: Iterable[str]) -> None:
        """Delete an item's files (those no other item uses: the caller knows)."""
        for key in keys:
            storage.delete(key)

    def __repr__(self) -> str:
        return f"<media kind {self.name}>"


KINDS: dict[str, MediaKind] = {}


def register(kind: MediaKind) -> MediaKind:
    """Add ``kind`` to the registry (its module calls this when imported) and return it."""
    clash = next((k for k in KINDS.values() if k.name == kind.name or k.folder == kind.folder), None)
    if clash is not None:
        raise ValueError(f"{kind!r}: {clash!r} already has that name or folder")
    KINDS[kind.name] = kind
    return kind


def kind_named(name: str) -> MediaKind:
    """The registered kind called ``name`` (or whose folder is ``name``); :class:`KeyError` otherwise."""
    for kind in KINDS.values():
        if name in (kind.name, kind.folder):
            return kind
    raise KeyError(f"no media kind {name!r}; the kinds are: {', '.join(KINDS)}")


def kind_of(path: str | Path) -> MediaKind | None:
    """The first registered kind that claims the file by its content."""
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
    size = os.stat(path).st_size
    return next((kind for kind in KINDS.values() if kind.sniff(head, size)), None)


_DIGESTS: dict[tuple, str] = {}  # (path, size, mtime, inode) -> digest: one file is often hashed twice


def sha256_of(path: str | Path) -> str:
    """The SHA-256 of a file, hex. Remembered for the last few files by their size and time of writing, so
    the catalogue's "already attached?" and the kind's ingest read a large upload once."""
    found = os.stat(path)
    key = (str(Path(path).resolve()), found.st_size, found.st_mtime_ns, found.st_ino)
    if key not in _DIGESTS:
        digest = hashlib.sha256()
        with open(path, "rb") as stream:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
        if len(_DIGESTS) >= 16:
            _DIGESTS.pop(next(iter(_DIGESTS)))
        _DIGESTS[key] = digest.hexdigest()
    return _DIGESTS[key]
