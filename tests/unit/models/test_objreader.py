"""The fast OBJ reader gives trimesh's mesh (triangles, bbox, UVs and normals per corner, watertightness),
refuses malformed lines by line number and leaves what it does not handle to trimesh."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
import trimesh
from PIL import Image

from assets.media import Limits
from assets.models import loaders, objreader
from assets.models.exceptions import EmptyModel, InvalidGeometry, LimitExceeded
from assets.models.limits import LIMITS
from assets.models.loaders import Upload, load_model
from assets.models.normalise import mesh_stats, welded
from assets.models.objreader import NotHandled, read_obj
from assets.models.resolver import SandboxResolver
from tests.unit.models.conftest import write

CUBE = [(0, 0, 0), (1, 0, 0), (1, 1, 0), (0, 1, 0), (0, 0, 1), (1, 0, 1), (1, 1, 1), (0, 1, 1)]
QUADS = [(1, 4, 3, 2), (5, 6, 7, 8), (1, 2, 6, 5), (2, 3, 7, 6), (3, 4, 8, 7), (4, 1, 5, 8)]
NORMALS = [(0, 0, -1), (0, 0, 1), (0, -1, 0), (1, 0, 0), (0, 1, 0), (-1, 0, 0)]
CELL = [(0, 0), (1, 0), (1, 1), (0, 1)]


def cube_obj(form: str = "a/b/c", triangles: bool = False, negative: bool = False,
             header: str = "", materials: list[str] | None = None) -> str:
    """A unit cube, each side its own UV cell (UV seams on every edge) and its own normal."""
    lines = [header] if header else []
    lines += [f"v {x} {y} {z}" for x, y, z in CUBE]
    lines += [f"vt {(side + u) / 6:.6f} {v:.6f}" for side in range(6) for u, v in CELL]
    lines += [f"vn {x} {y} {z}" for x, y, z in NORMALS]
    for side, quad in enumerate(QUADS):
        if materials:
            lines.append(f"usemtl {materials[side % len(materials)]}")
        corners = []
        for j, vertex in enumerate(quad):
            uv, normal = 4 * side + j + 1, side + 1
            if negative:
                vertex, uv, normal = vertex - 9, uv - 25, normal - 7
            corners.append({"a": f"{vertex}", "a/b": f"{vertex}/{uv}", "a/b/c": f"{vertex}/{uv}/{normal}",
                            "a//c": f"{vertex}//{normal}"}[form])
        polygons = [corners[:3], [corners[0], corners[2], corners[3]]] if triangles else [corners]
        lines += ["f " + " ".join(polygon) for polygon in polygons]
    return "\n".join(lines) + "\n"


def prism_obj(sides: int = 6) -> str:
    """A closed prism whose top and bottom are single polygons (fan-triangulated)."""
    angle = np.linspace(0, 2 * np.pi, sides, endpoint=False)
    lines = [f"v {np.cos(a):.6f} {y} {np.sin(a):.6f}" for y in (0, 1) for a in angle]
    lines.append("f " + " ".join(str(i + 1) for i in range(sides)))
    lines.append("f " + " ".join(str(2 * sides - i) for i in range(sides)))
    for i in range(sides):
        j = (i + 1) % sides
        lines.append(f"f {i + 1} {i + 1 + sides} {j + 1 + sides} {j + 1}")
    return "\n".join(lines) + "\n"


def fast(path: Path, limits: Limits = LIMITS) -> trimesh.Trimesh:
    with open(path, "rb") as stream:
        return read_obj(stream, path.name, SandboxResolver(folder=path.parent), limits)


def reference(path: Path) -> trimesh.Trimesh:
    """trimesh's OBJ loader, as the registry used it before (and still does as the fallback)."""
    upload = Upload(path.name, path.read_bytes(), SandboxResolver(folder=path.parent))
    return loaders._trimesh_load(upload, "obj")


def corner_table(mesh: trimesh.Trimesh, normals: bool = True) -> np.ndarray:
    """A row per triangle of its corners' positions, UVs and normals; rows sorted (face order is free)."""
    faces = np.asarray(mesh.faces)
    parts = [np.asarray(mesh.vertices)[faces].reshape(len(faces), -1)]
    if getattr(mesh.visual, "uv", None) is not None:
        parts.append(np.asarray(mesh.visual.uv)[faces].reshape(len(faces), -1))
    if normals and "vertex_normals" in mesh._cache:
        parts.append(np.asarray(mesh.vertex_normals)[faces].reshape(len(faces), -1))
    table = np.hstack(parts).round(9)
    return table[np.lexsort(table.T[::-1])]


def assert_same_mesh(ours: trimesh.Trimesh, theirs: trimesh.Trimesh, normals: bool = True) -> None:
    assert len(ours.faces) == len(theirs.faces)
    assert len(ours.vertices) == len(theirs.vertices)  # seams split the same way
    np.testing.assert_allclose(ours.bounds, theirs.bounds)
    assert (getattr(ours.visual, "uv", None) is None) == (getattr(theirs.visual, "uv", None) is None)
    if normals:
        assert ("vertex_normals" in ours._cache) == ("vertex_normals" in theirs._cache)
    np.testing.assert_allclose(corner_table(ours, normals), corner_table(theirs, normals), atol=1e-9)
    assert mesh_stats(ours)["watertight"] == welded(theirs).is_watertight


@pytest.mark.parametrize("form", ["a", "a/b", "a/b/c", "a//c"])
@pytest.mark.parametrize("triangles", [True, False], ids=["triangles", "quads"])
def test_the_reference_forms_give_trimesh_s_mesh(tmp_path, form, triangles):
    path = write(tmp_path / "cube.obj", cube_obj(form, triangles))
    ours, theirs = fast(path), reference(path)
    assert_same_mesh(ours, theirs)
    assert len(ours.faces) == 12 and mesh_stats(ours)["watertight"]
    assert len(ours.vertices) == {"a": 8, "a/b": 24, "a/b/c": 24, "a//c": 24}[form]


@pytest.mark.parametrize("form", ["a", "a/b/c", "a//c"])
def test_negative_indices_are_relative(tmp_path, form):
    relative = fast(write(tmp_path / "relative.obj", cube_obj(form, negative=True)))
    assert_same_mesh(relative, reference(write(tmp_path / "absolute.obj", cube_obj(form))))


def test_negative_indices_count_the_elements_defined_so_far(tmp_path):
    two = "v 0 0 0\nv 1 0 0\nv 0 1 0\nf -3 -2 -1\nv 0 0 1\nv 1 0 1\nv 0 1 1\nf -3 -2 -1\n"
    absolute = two.replace("f -3 -2 -1\nv 0 0 1", "f 1 2 3\nv 0 0 1").replace("f -3 -2 -1\n", "f 4 5 6\n")
    ours = fast(write(tmp_path / "relative.obj", two))
    assert_same_mesh(ours, reference(write(tmp_path / "absolute.obj", absolute)))
    assert ours.bounds[1][2] == 1  # the second triangle uses the second three vertices


def test_polygons_are_fan_triangulated(tmp_path):
    path = write(tmp_path / "prism.obj", prism_obj(6))
    ours = fast(path)
    assert_same_mesh(ours, reference(path))
    assert len(ours.faces) == 2 * 4 + 6 * 2 and mesh_stats(ours)["watertight"]


def test_several_materials_become_one_mesh_as_trimesh_packs_them(tmp_path):
    Image.new("RGB", (16, 16), (200, 40, 40)).save(tmp_path / "red.png")
    Image.new("RGB", (32, 32), (40, 200, 40)).save(tmp_path / "green.png")
    write(tmp_path / "cube.mtl", "newmtl red\nKd 1 0 0\nmap_Kd red.png\n\nnewmtl green\nKd 0 1 0\n"
                                 "map_Kd green.png\n")
    path = write(tmp_path / "cube.obj", cube_obj("a/b/c", header="mtllib cube.mtl",
                                                 materials=["green", "red", "green"]))
    ours, theirs = fast(path), reference(path)
    # trimesh's Scene.dump() loses the file's normals of multi-material meshes; the fast path keeps them
    assert_same_mesh(ours, theirs, normals=False)
    assert "vertex_normals" in ours._cache and "vertex_normals" not in theirs._cache
    np.testing.assert_allclose(corner_table(ours)[:, -9:], corner_table(fast(write(
        tmp_path / "plain.obj", cube_obj("a/b/c"))))[:, -9:])
    assert ours.visual.material.image.size == theirs.visual.material.image.size


def test_one_material_keeps_its_texture(tmp_path, model_files):
    ours, theirs = fast(model_files["obj"]), reference(model_files["obj"])
    assert_same_mesh(ours, theirs)
    assert ours.visual.material.image.size == (1024, 1024)
    assert ours.visual.material.image.info["file_path"] == theirs.visual.material.image.info["file_path"]


def test_comments_blank_lines_and_other_statements(tmp_path):
    clean = cube_obj("a/b/c")
    noisy = "# scanned 2024\n\n" + clean.replace("\nvt ", "\n\n# uv\nvt ", 1).replace(
        "\nf ", "\no bell\ng body\ns 1\nl 1 2\n# faces\n\nf ", 1) + "\n# end\n"
    ours = fast(write(tmp_path / "noisy.obj", noisy))
    assert_same_mesh(ours, reference(write(tmp_path / "clean.obj", clean)))


def test_crlf_tabs_indentation_and_trailing_comments(tmp_path):
    clean = cube_obj("a/b/c")
    messy = "\r\n".join(f"  {line.replace(' ', chr(9), 1)}  # note" if line.startswith(("v", "f")) else line
                        for line in clean.splitlines()) + "\r\n"
    assert "\t" in messy and "\r\n" in messy
    ours = fast(write(tmp_path / "messy.obj", messy))
    assert_same_mesh(ours, reference(write(tmp_path / "clean.obj", clean)))


def test_a_last_line_without_line_break_and_w_coordinates(tmp_path):
    clean = cube_obj("a/b")
    odd = (clean.replace("v 1 1 1\n", "v 1 1 1 1.0\n")
           .replace("vt 0.000000 0.000000\n", "vt 0.000000 0.000000 0\n"))
    ours = fast(write(tmp_path / "odd.obj", odd.rstrip("\n")))
    assert_same_mesh(ours, reference(write(tmp_path / "clean.obj", clean)))


def test_chunk_boundaries_do_not_matter(tmp_path, model_files, monkeypatch):
    whole = fast(model_files["obj"])
    relative = write(tmp_path / "relative.obj", cube_obj("a/b/c", negative=True))
    whole_relative = fast(relative)
    # the first faces use one index for v, vt and vn (stored once), the last ones do not
    text = cube_obj("a/b/c")
    same = "\n".join([text.split("\nf ")[0]] + [f"f {a}/{a}/{a} {b}/{b}/{b} {c}/{c}/{c}"
                                                 for a, b, c in ((1, 2, 3), (1, 3, 4), (4, 5, 6))]) + "\n"
    mixed = write(tmp_path / "mixed.obj", same + "f 5/9/2 7/10/2 8/11/2\nf 1/13/3 2/14/3 6/15/3\n")
    monkeypatch.setattr(objreader, "CHUNK_BYTES", 97)  # lines and blocks cut everywhere
    assert_same_mesh(fast(model_files["obj"]), whole)
    assert_same_mesh(fast(relative), whole_relative)
    assert_same_mesh(fast(mixed), reference(mixed))
    monkeypatch.setattr(objreader, "CHUNK_BYTES", 10**6)
    assert_same_mesh(fast(mixed), reference(mixed))


def test_the_obj_is_streamed_not_read_whole(model_files, monkeypatch):
    read_bytes = Path.read_bytes

    def guarded(path):
        assert path.suffix != ".obj", "the OBJ text was read whole"
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    loaded = load_model(model_files["obj"])
    assert loaded.format == "obj" and loaded.textures[0]["width"] == 1024


TRIANGLE = "v 0 0 0\nv 1 0 0\nv 0 1 0\n"


@pytest.mark.parametrize(("content", "message"), [
    ("v 0 0 0\nv 1 0\nv 0 1 0\nf 1 2 3\n", r"line 2: v needs x y z \[w\], found 2"),
    ("v 0 0 0\nv 1 x 0\nv 0 1 0\nf 1 2 3\n", r"line 2: cannot read the numbers of v '1 x 0'"),
    (TRIANGLE + "vt 0.5 abc\nf 1/1 2/1 3/1\n", r"line 4: cannot read the numbers of vt '0.5 abc'"),
    (TRIANGLE + "vn 0 1\nf 1//1 2//1 3//1\n", r"line 4: vn needs x y z, found 2"),
    (TRIANGLE + "v\nf 1 2 3\n", r"line 4: 'v' has no values"),
    (TRIANGLE + "f 1 2 3\nf\n", r"line 5: 'f' has no values"),
    (TRIANGLE + "f 1 2\n", r"line 4: a face needs at least 3 corners, found 2"),
    (TRIANGLE + "f 1 2 3\nf 1 2\n", r"line 5: a face needs at least 3 corners, found 2"),
    (TRIANGLE + "f 1 2 x\n", r"line 4: bad face index 'x'"),
    (TRIANGLE + "f 1 2 3\nf 1 2 3.5\n", r"line 5: bad face index '3.5'"),
    (TRIANGLE + "vt 0 0\nf 1/1 /1 3/1\n", r"line 5: bad face index '/1'"),
    (TRIANGLE + "vt 0 0\nf 1/1 2 3/1\n", r"line 5: the corners of one face mix reference forms \(a, a/b\)"),
    (TRIANGLE + "f 1 2 9\n", r"line 4: face index 9 out of range \(OBJ indices run 1..3, or -1..-3\)"),
    (TRIANGLE + "f 1 2 0\n", r"line 4: face index 0 out of range"),
    (TRIANGLE + "f 1 2 3\nf -1 -2 -4\n", r"line 5: face index -4 out of range \(OBJ indices run 1..3"),
    ("v 0 0 0\nf -1 -2 -3\nv 1 0 0\nv 0 1 0\n", r"line 2: face index -2 out of range \(OBJ indices run 1..1"),
    (TRIANGLE + "vt 0 0\nf 1/1 2/1 3/7\n", r"line 5: face texture coordinate index 7 out of range"),
    (TRIANGLE + "vn 0 0 1\nf 1//1 2//2 3//1\n", r"line 5: face normal index 2 out of range"),
])
def test_malformed_lines_are_refused_by_line_number(tmp_path, content, message):
    path = write(tmp_path / "bad.obj", content)
    with pytest.raises(InvalidGeometry, match=message) as caught:
        fast(path)
    assert str(caught.value).startswith("bad.obj: ")
    with pytest.raises(InvalidGeometry, match=message):
        load_model(path)


def test_forward_references_are_accepted_when_defined_later(tmp_path):
    later = "f 1 2 3\n" + TRIANGLE
    assert len(fast(write(tmp_path / "later.obj", later)).faces) == 1


def test_no_faces(tmp_path):
    with pytest.raises(EmptyModel, match="a point cloud of 3 points, no faces"):
        fast(write(tmp_path / "points.obj", TRIANGLE + "l 1 2\n"))


def test_the_face_limit_counts_triangles_and_keeps_nothing_over_it(tmp_path, monkeypatch):
    path = write(tmp_path / "prism.obj", prism_obj(6))
    with pytest.raises(LimitExceeded, match="20 faces, more than the limit of 19"):
        fast(path, LIMITS.replace(max_faces=19))
    with pytest.raises(LimitExceeded, match="20 faces, more than the limit of 19"):
        load_model(path, LIMITS.replace(max_faces=19))
    assert len(fast(path, LIMITS.replace(max_faces=20)).faces) == 20
    monkeypatch.setattr(objreader, "CHUNK_BYTES", 40)  # the limit is crossed early: the rest only counted
    with pytest.raises(LimitExceeded, match="20 faces, more than the limit of 3"):
        fast(path, LIMITS.replace(max_faces=3))


@pytest.mark.parametrize(("content", "reason"), [
    ("v 0 0 0 1 0 0\nv 1 0 0 0 1 0\nv 0 1 0 0 0 1\nf 1 2 3\n", "vertex colours"),
    (TRIANGLE + "v 1 1 0\nvt 0 0\nf 1/1 2/1 3/1\nf 2 4 3\n", "face forms a/b and a mixed"),
    ("v 0 0 \\\n 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n", "continuation"),
])
def test_what_the_fast_path_leaves_to_trimesh(tmp_path, content, reason):
    path = write(tmp_path / "unusual.obj", content)
    with pytest.raises(NotHandled, match=reason):
        fast(path)
    loaded = load_model(path)  # trimesh's loader takes it
    assert len(loaded.mesh.faces) >= 1
    if reason == "vertex colours":
        assert loaded.mesh.visual.kind == "vertex"


def test_zip_members_go_through_the_fast_path(model_files, monkeypatch):
    calls = []
    original = objreader.read_obj
    monkeypatch.setattr(objreader, "read_obj", lambda *a, **k: calls.append(a[1]) or original(*a, **k))
    loaded = load_model(model_files["zip"])
    assert calls == ["chunyu.zip:scan/chunyu.obj"] and loaded.textures[0]["width"] == 1024


def test_read_obj_reads_any_binary_stream(model_files):
    data = model_files["obj"].read_bytes()
    mesh = read_obj(io.BytesIO(data), "chunyu.obj", SandboxResolver(folder=model_files["obj"].parent))
    assert_same_mesh(mesh, reference(model_files["obj"]))
