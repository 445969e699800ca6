"""Small generated models written in every format an upload may come in (cached per session)."""

from __future__ import annotations

import json
import struct
import zipfile
from pathlib import Path

import numpy as np
import pytest
import trimesh

from assets.models import generate


@pytest.fixture(scope="session")
def chunyu_mesh() -> trimesh.Trimesh:
    """The chunyu at low resolution: textured, seamed, with a tiger knob (about 6 k faces)."""
    return generate.chunyu(segments=48, rows=40)


@pytest.fixture(scope="session")
def model_files(tmp_path_factory, chunyu_mesh) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("model-files")
    files = {}
    obj_folder = folder / "obj"
    obj_folder.mkdir()
    chunyu_mesh.export(obj_folder / "chunyu.obj", include_normals=True)
    files["obj"] = obj_folder / "chunyu.obj"
    files["zip"] = folder / "chunyu.zip"
    with zipfile.ZipFile(files["zip"], "w", zipfile.ZIP_DEFLATED) as archive:
        for member in sorted(obj_folder.iterdir()):
            archive.write(member, f"scan/{member.name}")
    plain = trimesh.Trimesh(chunyu_mesh.vertices, chunyu_mesh.faces, process=False)
    for kind in ("ply", "stl", "off", "glb"):
        files[kind] = folder / f"chunyu.{kind}"
        source = chunyu_mesh if kind == "glb" else plain
        data = source.export(file_type=kind)
        files[kind].write_bytes(data.encode() if isinstance(data, str) else data)
    files["stl_ascii"] = folder / "chunyu_ascii.stl"
    files["stl_ascii"].write_bytes(plain.export(file_type="stl_ascii").encode())
    gltf_folder = folder / "gltf"
    gltf_folder.mkdir()
    for name, data in chunyu_mesh.export(file_type="gltf").items():
        (gltf_folder / name).write_bytes(data)
    files["gltf"] = gltf_folder / "model.gltf"
    return files


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


TRIANGLE_OBJ = "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n"


def ply_ascii(vertices: list, faces: list) -> str:
    header = ["ply", "format ascii 1.0", f"element vertex {len(vertices)}", "property float x",
              "property float y", "property float z"]
    if faces is not None:
        header += [f"element face {len(faces)}", "property list uchar int vertex_indices"]
    lines = header + ["end_header"] + [" ".join(map(str, v)) for v in vertices]
    lines += [f"{len(f)} " + " ".join(map(str, f)) for f in faces or []]
    return "\n".join(lines) + "\n"


def glb_bytes(tree: dict, binary: bytes = b"") -> bytes:
    text = json.dumps(tree).encode()
    text += b" " * (-len(text) % 4)
    binary += b"\0" * (-len(binary) % 4)
    chunks = struct.pack("<I4s", len(text), b"JSON") + text
    if binary:
        chunks += struct.pack("<I4s", len(binary), b"BIN\0") + binary
    return struct.pack("<4sII", b"glTF", 2, 12 + len(chunks)) + chunks


def grid_mesh(n: int = 60) -> trimesh.Trimesh:
    """A textured cylinder with a UV seam (for decimation tests), n×n quads."""
    from assets.models.surfaces import assemble, bronze_texture, revolve

    part = revolve(np.full(n, 0.1) + 0.01 * np.sin(np.linspace(0, 6, n)), np.linspace(0, 0.3, n), n)
    return assemble([part], bronze_texture(64, 64, seed=1))
