"""Parsing OBJ text into arrays: the chunk-by-chunk reader behind :mod:`assets.models.objreader`.

:class:`Reader` takes chunks that end at a line break, classifies their lines by their first bytes
with numpy, parses the ``v``/``vt``/``vn`` and ``f`` blocks with ``numpy.fromstring``, checks every
index, fan-triangulates polygons and, at :meth:`Reader.finish`, hands the arrays over as
:class:`Parsed`. What it handles, refuses and leaves to trimesh is listed in the reader's docstring.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from assets.media import Limits
from assets.models.exceptions import EmptyModel, InvalidGeometry, LimitExceeded
from assets.models.objlines import KEYWORD, OTHER, VN, VT, F, Lines, NotHandled, V, decode, number_starts

WHAT = {V: "vertex", VT: "texture coordinate", VN: "normal"}
# face reference forms as the code of each number: 0 after a space, 1 after "/", 2 after "//"
FORMS = {(0,): (V,), (0, 1): (V, VT), (0, 1, 1): (V, VT, VN), (0, 2): (V, VN)}
FORM_NAMES = {(0,): "a", (0, 1): "a/b", (0, 1, 1): "a/b/c", (0, 2): "a//c"}

_REFERENCE = re.compile(rb"^[+-]?\d+(/([+-]?\d+)?(/[+-]?\d+)?)?$")


@dataclass
class Parsed:
    """The raw content of an OBJ: attribute arrays and flattened triangle corners (0-based)."""

    v: np.ndarray
    vt: np.ndarray | None
    vn: np.ndarray | None
    corners: dict[int, np.ndarray]  # V/VT/VN -> (3 * triangles,) int32
    materials: list[tuple[int, str | None]]  # (first triangle, usemtl name) in file order
    mtllibs: list[str]


@dataclass
class Reader:
    """Reads an OBJ one chunk at a time (:meth:`chunk`), keeping the arrays and corners parsed so far
    (only counts once over the face limit); :meth:`finish` checks forward references and returns them."""

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
        lines = Lines.classify(chunk)
        usemtl = self._statements(lines)
        before = dict(self.counts)
        for wanted in (V, VT, VN):
            if self.over_limit:  # refused at the end: only the counts matter
                self.counts[wanted] += lines.count(wanted)
                continue
            found = lines.block(wanted)
            if found is not None:
                self._vectors(wanted, *found)
                del found
        found = lines.block(F)
        face_rows, face_triangles = np.zeros(0, np.int64), np.zeros(0, np.int64)
        triangles_before = self.triangles
        if found is not None:
            face_rows, face_triangles = self._faces(*found, lines.kind, before)
            del found
        if usemtl:
            done = np.r_[0, np.cumsum(face_triangles)]
            for row, material in usemtl:
                first = triangles_before + int(done[np.searchsorted(face_rows, row)])
                self.materials.append((first, material))
        self.line += len(lines)

    def _statements(self, lines: Lines) -> list:
        """``mtllib`` and ``usemtl`` (returned as (row, name)); refuses v/vt/vn/f without values."""
        usemtl = []
        for row in np.flatnonzero(lines.kind == OTHER):
            text = lines.text(row)
            keyword, _, rest = text.partition(b" ")
            if keyword == b"usemtl":
                usemtl.append((int(row), decode(rest) or None))
            elif keyword == b"mtllib":
                if decode(rest):
                    self.mtllibs.append(decode(rest))
            elif keyword.split(b"#")[0] in (b"v", b"vt", b"vn", b"f"):
                raise self.fail(self.line + row + 1, f"{decode(text)!r} has no values")
        return usemtl

    # -- v, vt, vn -------------------------------------------------------------------------------

    def _vectors(self, kind: int, content: np.ndarray, offsets: np.ndarray, rows: np.ndarray) -> None:
        starts = number_starts(content, slash=False)
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
        starts = number_starts(content, slash=True)
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
            raise self.fail(self.line + rows[first] + 1,
                            f"a face needs at least 3 corners, found {refs[first]}")
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

    def finish(self) -> Parsed:
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
        return Parsed(joined(self.arrays[V]), joined(self.arrays[VT]), joined(self.arrays[VN]), corners,
                       self.materials, self.mtllibs)

