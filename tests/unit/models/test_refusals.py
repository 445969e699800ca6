"""Bad uploads are refused with an error that names the file and the problem."""

from __future__ import annotations

import io
import stat
import zipfile

import pytest

from assets.models.exceptions import (
    EmptyModel,
    InvalidGeometry,
    LimitExceeded,
    MissingTexture,
    UnsafeArchive,
    UnsupportedFormat,
)
from assets.models.limits import LIMITS
from assets.models.loaders import load_model
from tests.unit.models.conftest import TRIANGLE_OBJ, glb_bytes, ply_ascii, write


def zip_of(members: dict[str, bytes], symlink: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "/etc/passwd")
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "content", "error", "message"), [
    ("empty.obj", b"", EmptyModel, "empty"),
    ("blank.ply", b"   \n\n", EmptyModel, "empty"),
    ("points.ply", ply_ascii([[0, 0, 0], [1, 0, 0], [0, 1, 0]], None), EmptyModel, "point cloud"),
    ("lines.obj", "v 0 0 0\nv 1 0 0\nl 1 2\n", EmptyModel, "no"),
    ("one-point.obj", "v 1 1 1\nv 1 1 1\nv 1 1 1\nf 1 2 3\n", EmptyModel, "one point"),
    ("nan.obj", "v 0 0 0\nv nan 0 0\nv 0 1 0\nf 1 2 3\n", InvalidGeometry, "NaN or infinite"),
    ("inf.ply", ply_ascii([[0, 0, 0], [1, 0, "inf"], [0, 1, 0]], [[0, 1, 2]]), InvalidGeometry,
     "NaN or infinite"),
    ("index.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 9\n", InvalidGeometry, "face index 9 out of range"),
    ("zero.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 0\n", InvalidGeometry, "face index 0 out of range"),
    ("negative.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 -7\n", InvalidGeometry, "face index -7"),
    ("letters.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 x\n", InvalidGeometry, "bad face index 'x'"),
    ("index.ply", ply_ascii([[0, 0, 0], [1, 0, 0], [0, 1, 0]], [[0, 1, 7]]), InvalidGeometry, "out of range"),
    ("index.off", "OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 5\n", InvalidGeometry, "index.off"),
    ("text.obj", "hello, this is not a mesh\n", UnsupportedFormat, "not a mesh format"),
    ("empty-scene.glb", glb_bytes({"asset": {"version": "2.0"}, "scenes": [{"nodes": []}], "scene": 0}),
     EmptyModel, "no triangle mesh"),
])
def test_bad_files_are_refused_by_name(tmp_path, name, content, error, message):
    with pytest.raises(error, match=message) as caught:
        load_model(write(tmp_path / name, content))
    assert name in str(caught.value)


def test_missing_textures_are_named(tmp_path):
    write(tmp_path / "vase.mtl", "newmtl bronze\nmap_Kd patina.png\n")
    obj = write(tmp_path / "vase.obj", "mtllib vase.mtl\nusemtl bronze\n" + TRIANGLE_OBJ.replace(
        "f 1 2 3", "vt 0 0\nvt 1 0\nvt 0 1\nf 1/1 2/2 3/3"))
    with pytest.raises(MissingTexture) as caught:
        load_model(obj)
    assert caught.value.missing == ["patina.png"]
    assert "patina.png" in str(caught.value)


def test_a_missing_material_library_is_named(tmp_path):
    obj = write(tmp_path / "vase.obj", "mtllib lost.mtl\n" + TRIANGLE_OBJ)
    with pytest.raises(MissingTexture, match="lost.mtl"):
        load_model(obj)


def test_textures_outside_the_upload_are_never_read(tmp_path):
    write(tmp_path / "secret.png", b"\x89PNG\r\n\x1a\n")
    folder = tmp_path / "upload"
    write(folder / "vase.mtl", "newmtl bronze\nmap_Kd ../secret.png\n")
    obj = write(folder / "vase.obj", "mtllib vase.mtl\nusemtl bronze\n" + TRIANGLE_OBJ)
    with pytest.raises(MissingTexture, match=r"\.\./secret\.png"):
        load_model(obj)


def test_gltf_with_a_missing_buffer_names_it(tmp_path, model_files):
    folder = tmp_path / "gltf"
    folder.mkdir()
    write(folder / "model.gltf", model_files["gltf"].read_bytes())
    with pytest.raises(MissingTexture, match=r"\.bin"):
        load_model(folder / "model.gltf")


@pytest.mark.parametrize(("members", "symlink", "message"), [
    ({"../evil.obj": TRIANGLE_OBJ}, None, "path traversal"),
    ({"/etc/evil.obj": TRIANGLE_OBJ}, None, "path traversal"),
    ({"C:/evil.obj": TRIANGLE_OBJ}, None, "path traversal"),
    ({"scan.obj": TRIANGLE_OBJ}, "link.png", "symbolic link"),
    ({"scan.obj": TRIANGLE_OBJ, "bomb.png": b"\0" * 5_000_000}, None, "zip bomb"),
    ({f"part{i}.obj": TRIANGLE_OBJ for i in range(8)}, None, "more than the limit of 5"),
    ({"readme.txt": b"no mesh here, only text"}, None, "no mesh file"),
])
def test_unsafe_or_useless_archives_are_refused(tmp_path, members, symlink, message):
    path = write(tmp_path / "upload.zip", zip_of({k: v.encode() if isinstance(v, str) else v
                                                  for k, v in members.items()}, symlink))
    with pytest.raises((UnsafeArchive, EmptyModel), match=message) as caught:
        load_model(path, LIMITS.replace(max_archive_members=5))
    assert "upload.zip" in str(caught.value)


def test_archives_over_the_unpacked_limit_are_refused(tmp_path):
    noise = bytes(range(256)) * 400  # barely compressible: not a bomb, just too big
    path = write(tmp_path / "big.zip", zip_of({"scan.obj": TRIANGLE_OBJ.encode(), "texture.png": noise}))
    with pytest.raises(UnsafeArchive, match="more than the limit"):
        load_model(path, LIMITS.replace(max_unpacked_bytes=50_000))


def test_face_and_size_limits(model_files, chunyu_mesh):
    faces = len(chunyu_mesh.faces)
    for kind in ("obj", "ply", "stl", "stl_ascii", "off", "glb"):
        with pytest.raises(LimitExceeded, match=f"{faces} faces, more than the limit of {faces - 1}"):
            load_model(model_files[kind], LIMITS.replace(max_faces=faces - 1))
    assert len(load_model(model_files["ply"], LIMITS.replace(max_faces=faces)).mesh.faces) == faces
    with pytest.raises(LimitExceeded, match="bytes, more than the limit of 1000"):
        load_model(model_files["ply"], LIMITS.replace(max_bytes=1000))
    with pytest.raises(LimitExceeded, match="1024×1024 px, over the limit of 512"):
        load_model(model_files["glb"], LIMITS.replace(max_texture_px=512))
