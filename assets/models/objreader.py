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
of the file, the same when every vertex comes before the faces), forward references, ``usemtl`` groups (several materials become one mesh
through trimesh's concatenation, textures packed as trimesh packs them), every ``mtllib`` (trimesh
reads only the first), comments (whole-line and trailing), blank lines, CRLF, tabs, leading spaces.
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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import BinaryIO

import numpy as np
import trimesh
from trimesh.exchange.obj import parse_mtl
from trimesh.visual.material import SimpleMaterial
from trimesh.visual.texture import TextureVisuals

from assets.media import Limits
from assets.models.exceptions import EmptyModel, InvalidGeometry, LimitExceeded
from assets.models.limits import LIMITS

CHUNK_BYTES = 16 * 1024 * 1024

OTHER, V, VT, VN, F, SKIP = 0, 1, 2, 3, 4, 5
KEYWORD = {V: "v", VT: "vt", VN: "vn", F: "f"}
WHAT = {V: "vertex", VT: "texture coordinate", VN: "normal"}
# face reference forms as the code of each number: 0 after a space, 1 after "/", 2 after "//"
FORMS = {(0,): (V,), (0, 1): (V, VT), (0, 1, 1): (V, VT, VN), (0, 2): (V, VN)}
FORM_NAMES = {(0,): "a", (0, 1): "a/b", (0, 1, 1): "a/b/c", (0, 2): "a//c"}

_SPACES = bytes.maketrans(b"\t\r\v\f", b"    ")
_LEADING = re.compile(rb"(?m)^ +")
_COMMENT = re.compile(rb"#[^\n]*")
_REFERENCE = re.compile(rb"^[+-]?\d+(/([+-]?\d+)?(/[+-]?\d+)?)?$")


class NotHandled(Exception):
    """The file uses something this reader leaves to trimesh's OBJ loader (see the module docstring)."""


@dataclass
class _Parsed:
    """The raw content of an OBJ: attribute arrays and flattened triangle corners (0-based)."""

    v: np.ndarray
    vt: np.ndarray | None
    vn: np.ndarray | None
    corners: dict[int, np.ndarray]  # V/VT/VN -> (3 * triangles,) int32
    materials: list[tuple[int, str | None]]  # (first triangle, usemtl name) in file order
    mtllibs: list[str]


def read_obj(stream: BinaryIO, name: str, resolver, limits: Limits = LIMITS) -> trimesh.Trimesh:
    """The mesh of the OBJ read from ``stream``; companion MTL and textures come through ``resolver``
    (which remembers names it cannot serve). Raises :class:`NotHandled` for trimesh's loader."""
    reader = _Reader(name, limits)
    for chunk in _chunks(stream):
        reader.chunk(chunk)
    parsed = reader.finish()
    del reader
    materials = _materials(parsed.mtllibs, resolver)
    return _build(parsed, materials)


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


def _text(data: bytes) -> str:
    return trimesh.util.decode_text(data.strip()).strip()


def _number_starts(content: np.ndarray, slash: bool) -> np.ndarray:
    """Offsets where a number starts: after a space or line break (or "/" in faces). ``content``
    starts with a separator (the blanked keyword)."""
    separator = content <= 32  # space and line break (tabs and CR are spaces by now)
    if slash:
        separator |= content == ord("/")
    return np.flatnonzero(separator[:-1] & ~separator[1:]) + 1


@dataclass
class _Reader:
    name: str
    limits: Limits
    line: int = 0  # lines before the current chunk
    counts: dict = field(default_factory=lambda: {V: 0, VT: 0, VN: 0})
    arrays: dict = field(default_factory=lambda: {V: [], VT: [], VN: []})
    corners: dict = field(default_factory=lambda: {V: [], VT: [], VN: []})
    form: tuple | None = None
    triangles: int = 0
    over_limit: bool = False
    materials: list = field(default_factory=list)  # (first triangle, name)
    mtllibs: list = field(default_factory=list)
    pending: list = field(default_factory=list)  # (kind, 1-based indices, lines): forward references

    def fail(self, line: int, message: str) -> InvalidGeometry:
        return InvalidGeometry(f"{self.name}: line {line}: {message}", source=self.name)

    # -- one chunk -------------------------------------------------------------------------------

    def chunk(self, chunk: bytes) -> None:
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
        del first, second, third, vertex
        labels = []  # per-byte kinds, made once if some kind's lines are not contiguous

        def block(wanted: int) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
            """The lines of one kind as a writable byte array with the keyword blanked, the offset of
            each line in it, and each line's row in the chunk."""
            rows = np.flatnonzero(kind == wanted)
            if not len(rows):
                return None
            if rows[-1] - rows[0] + 1 == len(rows):
                begin = starts[rows[0]]
                content = data[begin:ends[rows[-1]] + 1].copy()
                offsets = starts[rows] - begin
            else:
                if not labels:
                    labels.append(np.repeat(kind, ends - starts + 1))
                content = data[labels[0] == wanted]
                lengths = ends[rows] - starts[rows] + 1
                offsets = np.cumsum(lengths) - lengths
            for j in range(len(KEYWORD[wanted])):
                content[offsets + j] = 32
            if (content == ord("#")).any():  # trailing comments
                content = np.frombuffer(bytearray(_COMMENT.sub(b"", content.tobytes())), np.uint8)
                offsets = np.r_[0, np.flatnonzero(content == 10)[:-1] + 1]
            return content, offsets, rows

        usemtl = self._statements(chunk, starts, ends, kind)
        before = dict(self.counts)
        for wanted in (V, VT, VN):
            if self.over_limit:  # refused at the end: only the counts matter
                self.counts[wanted] += int((kind == wanted).sum())
                continue
            found = block(wanted)
            if found is not None:
                self._vectors(wanted, *found)
                del found
        found = block(F)
        face_rows, face_triangles = np.zeros(0, np.int64), np.zeros(0, np.int64)
        triangles_before = self.triangles
        if found is not None:
            face_rows, face_triangles = self._faces(*found, kind, before)
            del found
        if usemtl:
            done = np.r_[0, np.cumsum(face_triangles)]
            for row, material in usemtl:
                self.materials.append((triangles_before + int(done[np.searchsorted(face_rows, row)]), material))
        self.line += len(starts)

    def _statements(self, chunk: bytes, starts: np.ndarray, ends: np.ndarray, kind: np.ndarray) -> list:
        """``mtllib`` and ``usemtl`` (returned as (row, name)); refuses v/vt/vn/f without values."""
        usemtl = []
        for row in np.flatnonzero(kind == OTHER):
            text = chunk[starts[row]:ends[row]]
            keyword, _, rest = text.partition(b" ")
            if keyword == b"usemtl":
                usemtl.append((int(row), _text(rest) or None))
            elif keyword == b"mtllib":
                if _text(rest):
                    self.mtllibs.append(_text(rest))
            elif keyword.split(b"#")[0] in (b"v", b"vt", b"vn", b"f"):
                raise self.fail(self.line + row + 1, f"{_text(text)!r} has no values")
        return usemtl

    # -- v, vt, vn -------------------------------------------------------------------------------

    def _vectors(self, kind: int, content: np.ndarray, offsets: np.ndarray, rows: np.ndarray) -> None:
        starts = _number_starts(content, slash=False)
        per_line = np.diff(np.searchsorted(starts, np.r_[offsets, len(content)]))
        values = self._numbers(content, offsets, rows, np.float64, len(starts), kind)
        allowed = {V: (3, 4), VT: (1, 2, 3), VN: (3,)}[kind]
        bad = ~np.isin(per_line, allowed)
        if bad.any():
            first = int(np.argmax(bad))
            if kind == V and per_line[first] in (6, 7):
                raise NotHandled("vertex colours")
            expected = {V: "x y z [w]", VT: "u [v [w]]", VN: "x y z"}[kind]
            raise self.fail(self.line + rows[first] + 1, f"{KEYWORD[kind]} needs {expected}, found "
                            f"{per_line[first]} value(s)")
        width = 2 if kind == VT else 3
        low, high = int(per_line.min()), int(per_line.max())
        if low == high and low >= width:
            result = values.reshape(-1, low)
            result = result if low == width else np.ascontiguousarray(result[:, :width])
        else:  # mixed widths (some w, or vt without v): the first values of each line, 0 if missing
            first = np.cumsum(per_line) - per_line
            result = np.zeros((len(per_line), width))
            for column in range(width):
                present = per_line > column
                result[present, column] = values[first[present] + column]
        self.counts[kind] += len(result)
        if not self.over_limit:
            self.arrays[kind].append(result)

    def _numbers(self, content: np.ndarray, offsets: np.ndarray, rows: np.ndarray, dtype, count: int,
                 kind: int = F):
        """All the numbers of a block, or the error naming the first line numpy cannot read."""
        try:
            values = np.fromstring(content, dtype=dtype, sep=" ")
        except ValueError:
            values = None
        if values is not None and len(values) == count:
            return values
        bounds = np.r_[offsets, len(content)]
        for index in range(len(offsets)):  # slow, only to name the line
            line = content[bounds[index]:bounds[index + 1]]
            tokens = line.tobytes().decode("utf-8", "replace").split()
            try:
                if len(np.fromstring(line, dtype=dtype, sep=" ")) == len(tokens):
                    continue
            except ValueError:
                pass
            number = self.line + rows[index] + 1
            if dtype is np.int64:
                bad = next((t for t in tokens if not _REFERENCE.match(t.encode())), " ".join(tokens))
                raise self.fail(number, f"bad face index {bad!r}")
            raise self.fail(number, f"cannot read the numbers of {KEYWORD[kind]} {' '.join(tokens)!r}")
        raise InvalidGeometry(f"{self.name}: cannot read the numbers near line {self.line + rows[0] + 1}",
                              source=self.name)

    # -- f -----------------------------------------------------------------------------------------

    def _faces(self, content: np.ndarray, offsets: np.ndarray, rows: np.ndarray, kind: np.ndarray,
               before: dict) -> tuple[np.ndarray, np.ndarray]:
        """Parse, check and triangulate the face lines of a chunk; returns their rows and the number of
        triangles of each."""
        starts = _number_starts(content, slash=True)
        slashed = content[starts - 1] == ord("/")
        code = slashed.astype(np.int8)
        code[slashed & (content[starts - 2] == ord("/"))] = 2
        del slashed
        bounds = np.r_[offsets, len(content)]
        numbers_per_line = np.diff(np.searchsorted(starts, bounds))
        if self.form is None:
            self.form = self._form_of(content, bounds, rows, 0)
        width = len(self.form)
        if self.over_limit:  # refused at the end: only the triangle count matters
            triangles = np.maximum(numbers_per_line // width - 2, 0)
            self.triangles += int(triangles.sum())
            return rows, triangles
        if len(code) % width:
            wrong = np.zeros(len(code), bool)  # a line's count is not a multiple: found below
        else:
            wrong = (code.reshape(-1, width) != np.array(self.form, np.int8)).reshape(-1)
        if wrong.any() or (numbers_per_line % width).any():
            if wrong.any():
                line = int(np.searchsorted(bounds, starts[np.argmax(wrong)], side="right") - 1)
            else:
                line = int(np.argmax(numbers_per_line % width != 0))
            form = self._form_of(content, bounds, rows, line)
            if form == self.form:
                raise self.fail(self.line + rows[line] + 1, "cannot read the face")
            raise NotHandled(f"face forms {FORM_NAMES[self.form]} and {FORM_NAMES[form]} mixed")
        del code, wrong
        refs = numbers_per_line // width
        if (refs < 3).any():
            first = int(np.argmax(refs < 3))
            raise self.fail(self.line + rows[first] + 1, f"a face needs at least 3 corners, found {refs[first]}")
        triangles = refs - 2
        total = int(triangles.sum())
        self.triangles += total
        if self.triangles > self.limits.max_faces:  # count the rest, keep nothing
            self.over_limit = True
            self.arrays = {V: [], VT: [], VN: []}
            self.corners = {V: [], VT: [], VN: []}
            self.pending = []
            return rows, triangles
        content[content == ord("/")] = 32
        values = self._numbers(content, offsets, rows, np.int64, len(starts)).reshape(-1, width)
        del content, starts
        ref_rows = None
        resolved = {}
        for column, attribute in enumerate(FORMS[self.form]):
            index = values[:, column]
            if not index.all():
                raise self._index_error(attribute, 0, rows, refs, int(np.argmin(np.abs(index))))
            negative = index < 0
            index = index - 1
            if negative.any():  # relative to the elements defined so far
                if ref_rows is None:
                    ref_rows = np.repeat(rows, refs)
                earlier = np.cumsum(kind == attribute)[ref_rows[negative]] + before[attribute]
                index[negative] += earlier + 1
                under = index[negative] < 0
                if under.any():
                    ref = int(np.flatnonzero(negative)[np.argmax(under)])
                    raise self._index_error(attribute, int(values[ref, column]), rows, refs, ref,
                                            int(earlier[np.argmax(under)]))
                del earlier, under
            beyond = index >= self.counts[attribute]  # maybe defined further on: checked at the end
            if beyond.any():
                if ref_rows is None:
                    ref_rows = np.repeat(rows, refs)
                self.pending.append((attribute, values[beyond, column], self.line + ref_rows[beyond] + 1))
            resolved[attribute] = index
        del values, ref_rows
        if (refs == 3).all():
            corner = None
        else:  # fans: 0 i i+1, and trimesh's quad split 0 1 2, 2 3 0
            first = np.cumsum(refs) - refs
            line = np.repeat(np.arange(len(refs)), triangles)
            step = np.arange(total) - np.repeat(np.cumsum(triangles) - triangles, triangles)
            base = first[line]
            corner = np.stack([base, base + step + 1, base + step + 2], axis=1)
            quad = (refs[line] == 4) & (step == 1)
            corner[quad] = np.stack([base[quad] + 2, base[quad] + 3, base[quad]], axis=1)
            corner = corner.reshape(-1)
        for attribute, index in resolved.items():
            if attribute != V and np.array_equal(index, resolved[V]):
                self.corners[attribute].append(None)  # the positions' indices (a/a/a): not stored twice
                continue
            chosen = index if corner is None else index[corner]
            self.corners[attribute].append(chosen.astype(np.int32))
        return rows, triangles

    def _form_of(self, content: np.ndarray, bounds: np.ndarray, rows: np.ndarray, line: int) -> tuple:
        """The reference form of one face line, refusing bad tokens and mixed forms within it."""
        number = self.line + rows[line] + 1
        forms = set()
        for token in content[bounds[line]:bounds[line + 1]].tobytes().split():
            if not _REFERENCE.match(token):
                raise self.fail(number, f"bad face index {token.decode('utf-8', 'replace')!r}")
            parts = token.split(b"/")
            if len(parts) == 1 or (len(parts) == 2 and not parts[1]):
                forms.add((0,))
            elif len(parts) == 2:
                forms.add((0, 1))
            else:
                forms.add((0, 2) if not parts[1] else (0, 1, 1))
        if not forms:
            raise self.fail(number, "a face needs at least 3 corners, found 0")
        if len(forms) > 1:
            names = ", ".join(sorted(FORM_NAMES[form] for form in forms))
            raise self.fail(number, f"the corners of one face mix reference forms ({names})")
        return forms.pop()

    def _index_error(self, attribute: int, value: int, rows: np.ndarray, refs: np.ndarray, ref: int,
                     count: int | None = None) -> InvalidGeometry:
        line = self.line + int(np.repeat(rows, refs)[ref]) + 1
        return self._range_error(attribute, value, line, self.counts[attribute] if count is None else count)

    def _range_error(self, attribute: int, value: int, line: int, count: int) -> InvalidGeometry:
        what = "face index" if attribute == V else f"face {WHAT[attribute]} index"
        return self.fail(line, f"{what} {value} out of range (OBJ indices run 1..{count}, or -1..-{count})")

    # -- the end ---------------------------------------------------------------------------------

    def finish(self) -> _Parsed:
        if self.over_limit:
            raise LimitExceeded(f"{self.name}: {self.triangles} faces, more than the limit of "
                                f"{self.limits.max_faces}", source=self.name)
        errors = []
        for attribute, values, lines in self.pending:
            out = values > self.counts[attribute]
            if out.any():
                at = int(np.argmax(out))
                errors.append((int(lines[at]), attribute, int(values[at])))
        if errors:
            line, attribute, value = min(errors)
            raise self._range_error(attribute, value, line, self.counts[attribute])
        if self.triangles == 0:
            if self.counts[V]:
                raise EmptyModel(f"{self.name}: a point cloud of {self.counts[V]} points, no faces",
                                 source=self.name)
            raise EmptyModel(f"{self.name}: the scene holds no triangle mesh", source=self.name)
        if max(self.counts.values()) >= 2**31:
            raise NotHandled("more than 2**31 elements")

        def joined(pieces: list) -> np.ndarray | None:
            if not pieces:
                return None
            result = pieces[0] if len(pieces) == 1 else np.concatenate(pieces)
            pieces.clear()
            return result

        positions = self.corners[V]
        shared = set()
        for attribute in FORMS[self.form][1:]:
            pieces = self.corners[attribute]
            if all(piece is None for piece in pieces):
                shared.add(attribute)
                pieces.clear()
            else:
                pieces[:] = [positions[i] if piece is None else piece for i, piece in enumerate(pieces)]
        corners = {attribute: joined(self.corners[attribute]) for attribute in FORMS[self.form]
                   if attribute not in shared}
        for attribute in shared:
            corners[attribute] = corners[V]
        return _Parsed(joined(self.arrays[V]), joined(self.arrays[VT]), joined(self.arrays[VN]), corners,
                       self.materials, self.mtllibs)


# -- the mesh ------------------------------------------------------------------------------------

def _materials(mtllibs: list[str], resolver) -> dict:
    """Materials of every ``mtllib`` as trimesh makes them (textures through the resolver)."""
    materials = {}
    for library in mtllibs:
        try:
            data = resolver.get(library)
        except Exception:  # noqa: BLE001 - the resolver remembers the missing name, the loader names it
            continue
        try:
            parsed = {key: SimpleMaterial(**kwargs) for key, kwargs in parse_mtl(data, resolver=resolver).items()}
        except Exception:  # noqa: BLE001 - as trimesh: an unreadable library gives no materials
            continue
        for key, material in parsed.items():
            materials.setdefault(key, material)
    return materials


def _build(parsed: _Parsed, materials: dict) -> trimesh.Trimesh:
    """One mesh per ``usemtl`` material (in trimesh's order), concatenated as trimesh does."""
    total = len(parsed.corners[V]) // 3
    bounds = [0] + [first for first, _ in parsed.materials] + [total]
    names = [None] + [name for _, name in parsed.materials]
    segments = [(names[i], bounds[i], bounds[i + 1]) for i in range(len(names)) if bounds[i + 1] > bounds[i]]
    order = list(dict.fromkeys(name for name, _, _ in segments))
    if len(order) == 1:
        return _group_mesh(parsed, materials, order[0], None)
    meshes = []
    for name in reversed(order):  # trimesh pops its material groups from the end
        chosen = np.concatenate([np.arange(a, b) for m, a, b in segments if m == name])
        meshes.append(_group_mesh(parsed, materials, name, chosen))
    return trimesh.util.concatenate(meshes)


def _group_mesh(parsed: _Parsed, materials: dict, material: str | None,
                triangles: np.ndarray | None) -> trimesh.Trimesh:
    sizes = {V: len(parsed.v), VT: 0 if parsed.vt is None else len(parsed.vt),
             VN: 0 if parsed.vn is None else len(parsed.vn)}
    attributes = list(parsed.corners)
    keys = []
    for attribute in attributes:
        corner = parsed.corners[attribute]
        keys.append(corner if triangles is None else corner.reshape(-1, 3)[triangles].reshape(-1))
    faces, picks = unmerge(keys, [sizes[a] for a in attributes])
    del keys
    chosen = dict(zip(attributes, picks, strict=True))
    whole = triangles is None  # the only group: what is used is let go at once
    if whole:
        parsed.corners.clear()
    vertices = _pick(parsed.v, chosen[V], sizes[V])
    uv = _pick(parsed.vt, chosen[VT], sizes[V]) if VT in chosen else None
    if whole:
        parsed.v = parsed.vt = None
    normals = _pick(parsed.vn, chosen[VN], sizes[V]) if VN in chosen else None
    if whole:
        parsed.vn = None
    if material in materials:
        visual = TextureVisuals(uv=uv, material=materials[material])
    elif uv is not None:
        visual = TextureVisuals(uv=uv)
    else:
        visual = None
    return trimesh.Trimesh(vertices=vertices, faces=faces, vertex_normals=normals, visual=visual, process=False)


def _pick(values: np.ndarray, chosen: np.ndarray | None, count: int) -> np.ndarray:
    return values[:count] if chosen is None else values[chosen]


def unmerge(keys: list[np.ndarray], sizes: list[int]) -> tuple[np.ndarray, list[np.ndarray | None]]:
    """Faces over the unique combinations of the corners' attribute indices (position, uv, normal),
    ordered by position index then uv then normal, and for each attribute the index of every new
    vertex (None: the identity, when every corner uses the same index for all and all are used)."""
    first = keys[0]
    if all(other is first or np.array_equal(first, other) for other in keys[1:]):
        used = np.zeros(sizes[0], bool)
        used[first] = True
        if used.all():
            return first.astype(np.int64).reshape(-1, 3), [None] * len(keys)
        remap = np.cumsum(used) - 1
        kept = np.flatnonzero(used)
        return remap[first].reshape(-1, 3), [kept] * len(keys)
    inverse = first.astype(np.int64)
    picks = [None]
    for index, (other, size) in enumerate(zip(keys[1:], sizes[1:], strict=True)):
        if (int(inverse.max()) + 1) * max(size, 1) >= 2**63:
            raise NotHandled("too many combinations of indices")
        unique, inverse = np.unique(inverse * size + other, return_inverse=True)
        previous = unique // size
        picks = [previous if index == 0 else pick[previous] for pick in picks] + [unique % size]
        del unique, previous
    return inverse.reshape(-1, 3), picks
