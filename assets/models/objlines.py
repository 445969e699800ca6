"""The lines of one chunk of an OBJ file, classified by their first bytes with numpy (no Python loop
over the lines), and the lines of one kind gathered into one byte block for ``numpy.fromstring``.

Used by :class:`assets.models.objparse.Reader`; the format it reads is described in
:mod:`assets.models.objreader`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import trimesh


class NotHandled(Exception):
    """Not a refusal: the OBJ file uses something :mod:`assets.models.objreader` leaves to trimesh's
    OBJ loader (see that module's docstring), which the loader then uses. Never reaches the user, so it is
    not a domain exception (not in exceptions.py)."""


OTHER, V, VT, VN, F, SKIP = 0, 1, 2, 3, 4, 5
KEYWORD = {V: "v", VT: "vt", VN: "vn", F: "f"}

_SPACES = bytes.maketrans(b"\t\r\v\f", b"    ")
_LEADING = re.compile(rb"(?m)^ +")
_COMMENT = re.compile(rb"#[^\n]*")


@dataclass
class Lines:
    """The lines of a chunk: ``starts`` and ``ends`` (the offset of each line break) in ``data``, and
    the ``kind`` of each line (:data:`V`, :data:`VT`, :data:`VN`, :data:`F`, :data:`SKIP` or
    :data:`OTHER`)."""

    chunk: bytes
    data: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    kind: np.ndarray
    _labels: np.ndarray | None = None  # per-byte kinds, made once if some kind's lines are not contiguous

    @classmethod
    def classify(cls, chunk: bytes) -> Lines:
        """The lines of ``chunk`` (which ends with a line break), tabs and CR turned into spaces."""
        if b"\\\n" in chunk or b"\\\r\n" in chunk:
            raise NotHandled("backslash line continuation")
        if b"\t" in chunk or b"\r" in chunk or b"\v" in chunk or b"\f" in chunk:
            chunk = chunk.translate(_SPACES)
        data = np.frombuffer(chunk, np.uint8)
        ends = np.flatnonzero(data == 10)
        starts = np.empty_like(ends)
        starts[0], starts[1:] = 0, ends[:-1] + 1
        if (data[starts] == 32).any():  # indented statements: rare, drop the indentation
            chunk = _LEADING.sub(b"", chunk)
            data = np.frombuffer(chunk, np.uint8)
            ends = np.flatnonzero(data == 10)
            starts[1:] = ends[:-1] + 1
        first = data[starts]
        second = data.take(starts + 1, mode="clip")
        third = data.take(starts + 2, mode="clip")
        kind = np.zeros(len(starts), np.uint8)
        vertex = first == ord("v")
        kind[vertex & (second == 32)] = V
        kind[vertex & (second == ord("t")) & (third == 32)] = VT
        kind[vertex & (second == ord("n")) & (third == 32)] = VN
        kind[(first == ord("f")) & (second == 32)] = F
        kind[(first == ord("#")) | (first == 10)] = SKIP
        return cls(chunk, data, starts, ends, kind)

    def __len__(self) -> int:
        return len(self.starts)

    def count(self, wanted: int) -> int:
        return int((self.kind == wanted).sum())

    def text(self, row: int) -> bytes:
        """Line ``row`` without its line break."""
        return self.chunk[self.starts[row]:self.ends[row]]

    def block(self, wanted: int) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """The lines of one kind as a writable byte array with the keyword blanked, the offset of
        each line in it, and each line's row in the chunk (None: no such line)."""
        rows = np.flatnonzero(self.kind == wanted)
        if not len(rows):
            return None
        starts, ends = self.starts, self.ends
        if rows[-1] - rows[0] + 1 == len(rows):
            begin = starts[rows[0]]
            content = self.data[begin:ends[rows[-1]] + 1].copy()
            offsets = starts[rows] - begin
        else:
            if self._labels is None:
                self._labels = np.repeat(self.kind, ends - starts + 1)
            content = self.data[self._labels == wanted]
            lengths = ends[rows] - starts[rows] + 1
            offsets = np.cumsum(lengths) - lengths
        for j in range(len(KEYWORD[wanted])):
            content[offsets + j] = 32
        if (content == ord("#")).any():  # trailing comments
            content = np.frombuffer(bytearray(_COMMENT.sub(b"", content.tobytes())), np.uint8)
            offsets = np.r_[0, np.flatnonzero(content == 10)[:-1] + 1]
        return content, offsets, rows


def decode(data: bytes) -> str:
    return trimesh.util.decode_text(data.strip()).strip()


def number_starts(content: np.ndarray, slash: bool) -> np.ndarray:
    """Offsets where a number starts: after a space or line break (or "/" in faces). ``content``
    starts with a separator (the blanked keyword)."""
    separator = content <= 32  # space and line break (tabs and CR are spaces by now)
    if slash:
        separator |= content == ord("/")
    return np.flatnonzero(separator[:-1] & ~separator[1:]) + 1
