"""A fast, low-memory Wavefront OBJ reader for big scans (1–10 M faces), giving the mesh trimesh's
OBJ loader gives (``process=False``, materials grouped, ``trimesh.util.concatenate`` of the groups).

The file is read in chunks of :data:`CHUNK_BYTES` ending at a line break, never as one text. In each
chunk the lines are classified by their first bytes with numpy; the ``v``/``vt``/``vn`` lines and the
``f`` lines are gathered into byte blocks (a view when they are contiguous, as exporters write them)
and parsed with ``numpy.fromstring``; only the few other statements (``usemtl``, ``mtllib``, ``o``,
``g``, ``s``, …) go through Python. Faces keep 32-bit corner indices; the (position, uv, normal)
combinations are made unique with numpy, so UV and normal seams stay split as trimesh splits them.

Handled: ``v x y z [w]``, ``vt u [v [w]]``, ``vn x y z``; faces ``f a b c``, ``a/b``, ``a/b/c`` and
``a//c``, triangles, quads and polygons (fan-triangulated, quads as trimesh does: 0 1 2, 2 3 0),
negative indices (relative to the elements defined so far, as OBJ says; trimesh counts from the end
of the file, the same when every vertex comes before the faces), forward references, ``usemtl``
groups (several materials become one mesh through trimesh's concatenation, textures packed as trimesh
packs them), every ``mtllib`` (trimesh reads only the first), comments (whole-line and trailing),
blank lines, CRLF, tabs, leading spaces.
Ignored as trimesh ignores them: ``o``, ``g``, ``s``, ``l``, ``p`` and any other statement.

Refused, naming the line: a ``v``/``vt``/``vn`` line whose values do not parse or are too few/many, a
face with a bad index (``f 1 2 x``), an empty index field, fewer than 3 corners, vertex references of
different forms within one face, an index 0 or out of range (``v``, ``vt`` and ``vn`` indices all
checked: trimesh silently dropped the UVs of a file whose ``vt`` indices were out of range). More
triangles than the limit is refused with the total count, without keeping what lies beyond it.

Kept where trimesh loses them: the file's vertex normals of multi-material meshes (trimesh's
``Scene.dump`` drops them before concatenating).

Left to trimesh's loader (:class:`NotHandled`): vertex colours (``v x y z r g b``), faces whose
reference form changes from line to line (some ``a/b``, some ``a``: trimesh drops the UVs then),
backslash line continuations.

The work is shared by three modules: :mod:`~assets.models.objlines` classifies a chunk's lines and
gathers those of one kind into a block, :mod:`~assets.models.objparse` parses and checks the blocks
into arrays, and :mod:`~assets.models.objmesh` builds the trimesh mesh from them.
"""

from __future__ import annotations

from typing import BinaryIO

import trimesh

from assets.media import Limits
from assets.models.limits import LIMITS
from assets.models.objlines import NotHandled
from assets.models.objmesh import build, load_materials
from assets.models.objparse import Reader

__all__ = ["CHUNK_BYTES", "NotHandled", "read_obj"]

CHUNK_BYTES = 16 * 1024 * 1024


def read_obj(stream: BinaryIO, name: str, resolver, limits: Limits = LIMITS) -> trimesh.Trimesh:
    """The mesh of the OBJ read from ``stream``; companion MTL and textures come through ``resolver``
    (which remembers names it cannot serve). Raises :class:`NotHandled` for trimesh's loader."""
    reader = Reader(name, limits)
    for chunk in _chunks(stream):
        reader.chunk(chunk)
    parsed = reader.finish()
    del reader
    materials = load_materials(parsed.mtllibs, resolver)
    return build(parsed, materials)


def _chunks(stream: BinaryIO, size: int | None = None):
    """Pieces of about ``size`` bytes that end with a line break (one is added at the end if missing)."""
    size = size or CHUNK_BYTES
    rest = b""
    first = True
    while True:
        piece = stream.read(size)
        if first:
            piece, first = piece.removeprefix(b"\xef\xbb\xbf"), False
        if not piece:
            if rest:
                yield rest + b"\n"
            return
        cut = piece.rfind(b"\n") + 1
        if cut == 0:
            rest += piece
            continue
        yield rest + piece[:cut] if rest else piece[:cut]
        rest = piece[cut:]

