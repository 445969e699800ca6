"""Which mesh format a file holds (:func:`sniff`, by its bytes: the extension is only a hint for errors), a
registry of loaders by that format, and the refusals every loaded mesh goes through.

``load_model(path)`` reads a file (or a folder's OBJ with its MTL and textures beside it), sniffs the
format from its bytes, checks cheap counts before parsing, parses with the registered loader, then
refuses empty meshes, non-finite coordinates, out-of-range indices, missing textures and meshes over
the limits. Formats: OBJ (+MTL, textures), PLY, STL, OFF, glTF/GLB, and any of them inside a zip.

OBJ goes through :mod:`assets.models.objreader` (streamed from the file in chunks, never held as one
text); what that reader leaves aside goes to trimesh's OBJ loader, as every other format does.
"""

from __future__ import annotations

import io
import json
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

import numpy as np
import trimesh

from assets.media import SNIFF_BYTES, Limits
from assets.models import objreader, webglb
from assets.models.archive import read_zip
from assets.models.exceptions import (
    DerivativeFailed,
    EmptyModel,
    InvalidGeometry,
    LimitExceeded,
    MissingTexture,
    UnsupportedFormat,
)
from assets.models.limits import LIMITS
from assets.models.resolver import SandboxResolver

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OBJ_LINE = re.compile(rb"^\s*(v|vt|vn|f|o|g|s|usemtl|mtllib|l|p)\s", re.MULTILINE)
_STL_FACET = re.compile(rb"^\s*facet\s+normal", re.MULTILINE)


def sniff(head: bytes, size: int) -> str | None:
    """Format name (``glb``, ``gltf``, ``zip``, ``ply``, ``stl``, ``off``, ``obj``) or None.

    ``head`` is the first few KiB of the file, ``size`` its length in bytes.
    """
    if head.startswith(b"glTF"):
        return "glb"
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(b"ply\n") or head.startswith(b"ply\r\n"):
        return "ply"
    stripped = head.lstrip()
    if re.match(rb"^(ST|C|N|4|n|NC|CN)?OFF\b", stripped):
        return "off"
    if stripped.startswith(b"solid") and _STL_FACET.search(head):
        return "stl"
    if _is_binary_stl(head, size):
        return "stl"
    if stripped.startswith(b"{") and _looks_like_gltf_json(head):
        return "gltf"
    if _is_text(head) and _OBJ_LINE.search(head):
        return "obj"
    return None


def _is_binary_stl(head: bytes, size: int) -> bool:
    if len(head) < 84:
        return False
    count = int.from_bytes(head[80:84], "little")
    return count > 0 and size == 84 + 50 * count


def _looks_like_gltf_json(head: bytes) -> bool:
    text = head.decode("utf-8", "replace")
    if '"asset"' in text:
        return True
    try:
        return "asset" in json.loads(text)
    except ValueError:
        return False


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start > len(head) - 4  # a multi-byte character cut at the end of the sample
    return True


@dataclass
class Upload:
    """The bytes of the main file and where its companion files (MTL, textures, buffers) come from.

    ``data`` is None while a file given by ``path`` has not been read whole (a streamed OBJ)."""

    name: str
    data: bytes | None
    resolver: SandboxResolver
    path: Path | None = None

    def read(self) -> bytes:
        if self.data is None:
            self.data = self.path.read_bytes()
        return self.data

    def open(self) -> BinaryIO:
        return open(self.path, "rb") if self.data is None else io.BytesIO(self.data)


@dataclass
class LoadedModel:
    mesh: trimesh.Trimesh
    format: str
    source: str
    textures: list[dict] = field(default_factory=list)  # {"name", "width", "height"}


Loader = Callable[[Upload, Limits], trimesh.Trimesh]
LOADERS: dict[str, Loader] = {}
# Formats a zip may contain as its main file, in order of preference.
MAIN_FORMATS = ("gltf", "glb", "obj", "ply", "off", "stl")


def register(fmt: str) -> Callable[[Loader], Loader]:
    def decorate(loader: Loader) -> Loader:
        LOADERS[fmt] = loader
        return loader
    return decorate


def check_file(path: Path, limits: Limits = LIMITS) -> str:
    """The format of the file at ``path``, after the checks that need no parsing: it exists, is not over
    ``max_bytes`` and holds a format we read."""
    if not path.is_file():
        raise EmptyModel(f"{path.name}: no such file", source=path.name)
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise LimitExceeded(f"{path.name}: {size} bytes, more than the limit of {limits.max_bytes}",
                            source=path.name)
    with open(path, "rb") as stream:
        head = stream.read(SNIFF_BYTES)
    fmt = sniff(head, size)
    if fmt is None and not head.strip() and size <= len(head):
        raise EmptyModel(f"{path.name}: the file is empty", source=path.name)
    if fmt is None:
        raise _unsupported(path.name)
    return fmt


def load_model(path: str | Path, limits: Limits = LIMITS) -> LoadedModel:
    """Load and check one uploaded model file; companion files are looked up beside it."""
    path = Path(path)
    resolver = SandboxResolver(folder=path.parent)
    if check_file(path, limits) == "obj":  # streamed by the OBJ reader: the text is never held whole
        return _load_upload(Upload(path.name, None, resolver, path), "obj", limits)
    return load_bytes(path.name, path.read_bytes(), limits, resolver)


def load_bytes(name: str, data: bytes, limits: Limits = LIMITS,
               resolver: SandboxResolver | None = None) -> LoadedModel:
    if not data.strip():
        raise EmptyModel(f"{name}: the file is empty", source=name)
    fmt = sniff(data[:SNIFF_BYTES], len(data))
    if fmt == "zip":
        return _load_zip(name, data, limits)
    if fmt is None or fmt not in LOADERS:
        raise _unsupported(name)
    return _load_upload(Upload(name, data, resolver or SandboxResolver(files={})), fmt, limits)


def _unsupported(name: str) -> UnsupportedFormat:
    return UnsupportedFormat(f"{name}: not a mesh format we read (OBJ, PLY, STL, OFF, glTF/GLB or a zip of "
                             "them); the content was checked, not the extension", source=name)


def _load_upload(upload: Upload, fmt: str, limits: Limits) -> LoadedModel:
    """Parse with the registered loader, name missing companions, then the common refusals."""
    name = upload.name
    try:
        mesh = LOADERS[fmt](upload, limits)
    except (EmptyModel, InvalidGeometry, LimitExceeded, UnsupportedFormat):
        raise
    except Exception as error:
        if upload.resolver.missing:
            raise MissingTexture(upload.resolver.missing, source=name) from error
        raise InvalidGeometry(f"{name}: cannot be read as {fmt.upper()} ({type(error).__name__}: {error})",
                              source=name) from error
    if upload.resolver.missing:
        raise MissingTexture(upload.resolver.missing, source=name)
    return check_mesh(LoadedModel(mesh, fmt, name), limits)


def _load_zip(name: str, data: bytes, limits: Limits) -> LoadedModel:
    members = read_zip(data, name, limits)
    candidates = []
    for member, content in members.items():
        fmt = sniff(content[:SNIFF_BYTES], len(content))
        if fmt in MAIN_FORMATS:
            candidates.append((MAIN_FORMATS.index(fmt), member.count("/"), member, fmt))
    if not candidates:
        raise EmptyModel(f"{name}: the archive holds no mesh file (OBJ, PLY, STL, OFF, glTF/GLB)",
                         source=name)
    candidates.sort()
    member = candidates[0][2]
    folder = str(PurePosixPath(member).parent)
    resolver = SandboxResolver(files=members, prefix="" if folder == "." else folder + "/")
    loaded = load_bytes(f"{name}:{member}", members[member], limits, resolver)
    loaded.format = f"zip/{loaded.format}"
    return loaded


def _as_mesh(loaded, name: str) -> trimesh.Trimesh:
    if isinstance(loaded, trimesh.Scene):
        geometry = [g for g in loaded.dump() if isinstance(g, trimesh.Trimesh)]
        if not geometry:
            raise EmptyModel(f"{name}: the scene holds no triangle mesh", source=name)
        return geometry[0] if len(geometry) == 1 else trimesh.util.concatenate(geometry)
    if isinstance(loaded, trimesh.PointCloud):
        raise EmptyModel(f"{name}: a point cloud of {len(loaded.vertices)} points, no faces", source=name)
    if not isinstance(loaded, trimesh.Trimesh):
        raise EmptyModel(f"{name}: holds {type(loaded).__name__}, not a triangle mesh", source=name)
    return loaded


def _trimesh_load(upload: Upload, file_type: str) -> trimesh.Trimesh:
    loaded = trimesh.load(io.BytesIO(upload.read()), file_type=file_type, resolver=upload.resolver,
                          process=False)
    return _as_mesh(loaded, upload.name)


def _refuse_over(name: str, faces: int, limits: Limits) -> None:
    if faces > limits.max_faces:
        raise LimitExceeded(f"{name}: {faces} faces, more than the limit of {limits.max_faces}", source=name)


@register("obj")
def load_obj(upload: Upload, limits: Limits) -> trimesh.Trimesh:
    """The fast reader; trimesh's loader (after the cheap checks) for what it does not handle:
    vertex colours, faces whose reference form changes between lines, line continuations."""
    try:
        with upload.open() as stream:
            return objreader.read_obj(stream, upload.name, upload.resolver, limits)
    except objreader.NotHandled:
        pass
    data = upload.read()
    _refuse_over(upload.name, len(re.findall(rb"(?m)^\s*f\s", data)), limits)
    _check_obj_indices(upload)
    return _trimesh_load(upload, "obj")


def _check_obj_indices(upload: Upload) -> None:
    """trimesh reads index 0 as the last vertex and fails obscurely on others: check them first."""
    data = upload.read()
    vertices = len(re.findall(rb"(?m)^[ \t]*v[ \t]", data))
    lines = re.findall(rb"(?m)^[ \t]*f[ \t]+([^\n#]*)", data)
    if not lines:
        return
    joined = re.sub(rb"/[^\s]*", b"", b" ".join(lines)).decode("ascii", "replace")
    if re.search(r"[^\s0-9+-]", joined):
        bad = re.search(r"\S*[^\s0-9+-]\S*", joined).group(0)
        raise InvalidGeometry(f"{upload.name}: bad face index {bad!r}", source=upload.name)
    indices = np.array(joined.split(), dtype=np.int64)
    wrong = (indices == 0) | (indices > vertices) | (indices < -vertices)
    if wrong.any():
        raise InvalidGeometry(f"{upload.name}: face index {int(indices[np.argmax(wrong)])} out of range "
                              f"(OBJ indices run 1..{vertices}, or -1..-{vertices})", source=upload.name)


@register("ply")
def load_ply(upload: Upload, limits: Limits) -> trimesh.Trimesh:
    header = upload.read()[:4096].split(b"end_header")[0]
    match = re.search(rb"element\s+face\s+(\d+)", header)
    _refuse_over(upload.name, int(match.group(1)) if match else 0, limits)
    return _trimesh_load(upload, "ply")


@register("stl")
def load_stl(upload: Upload, limits: Limits) -> trimesh.Trimesh:
    data = upload.read()
    binary_count = struct.unpack("<I", data[80:84])[0] if len(data) >= 84 else -1
    if len(data) == 84 + 50 * binary_count:
        _refuse_over(upload.name, binary_count, limits)
    else:
        _refuse_over(upload.name, data.count(b"facet normal"), limits)
    return _trimesh_load(upload, "stl")


@register("off")
def load_off(upload: Upload, limits: Limits) -> trimesh.Trimesh:
    tokens = re.sub(rb"#[^\n]*", b"", upload.read()[:4096]).split()
    counts = [int(t) for t in tokens[1:3] if t.isdigit()] if tokens else []
    if len(counts) == 2:
        _refuse_over(upload.name, counts[1], limits)
    return _trimesh_load(upload, "off")


@register("glb")
def load_glb(upload: Upload, limits: Limits) -> trimesh.Trimesh:
    """trimesh's reader, or ours for a GLB it cannot read (quantized, meshopt-compressed, WebP texture: as
    gltfpack and our own web levels write them), its triangle count checked against the limit first."""
    data = upload.read()
    try:
        tree, _chunk = webglb.parse_glb(data)
    except (ValueError, DerivativeFailed):
        tree = {}
    if not set(tree.get("extensionsUsed", [])) & webglb.READ_HERE:
        loaded = trimesh.load(io.BytesIO(data), file_type="glb", resolver=upload.resolver, process=False)
        return _as_mesh(loaded, upload.name)
    try:
        faces = sum(tree["accessors"][p["indices"]]["count"] // 3 if "indices" in p
                    else tree["accessors"][p["attributes"]["POSITION"]]["count"] // 3
                    for mesh in tree.get("meshes", []) for p in mesh["primitives"])
        _refuse_over(upload.name, faces, limits)
        return webglb.read_glb(data)
    except (KeyError, IndexError, TypeError, ValueError, RuntimeError, DerivativeFailed) as error:
        raise InvalidGeometry(f"{upload.name}: the compressed GLB cannot be read ({error})",
                              source=upload.name) from error


@register("gltf")
def load_gltf(upload: Upload, limits: Limits) -> trimesh.Trimesh:
    return _trimesh_load(upload, "gltf")


def texture_images(mesh: trimesh.Trimesh) -> list:
    material = getattr(mesh.visual, "material", None)
    if material is None:
        return []
    images = [getattr(material, "image", None), getattr(material, "baseColorTexture", None)]
    return [image for image in images if image is not None]


def check_mesh(loaded: LoadedModel, limits: Limits) -> LoadedModel:
    """The refusals that apply to every format once parsed."""
    mesh, name = loaded.mesh, loaded.source
    faces = np.asarray(mesh.faces)
    vertices = np.asarray(mesh.vertices)
    if len(faces) == 0 or len(vertices) == 0:
        raise EmptyModel(f"{name}: no triangles ({len(vertices)} vertices, 0 faces)", source=name)
    bad = ~np.isfinite(vertices).all(axis=1)
    if bad.any():
        raise InvalidGeometry(f"{name}: {int(bad.sum())} vertices with NaN or infinite coordinates "
                              f"(first at vertex {int(np.argmax(bad)) + 1})", source=name)
    if faces.min() < 0 or faces.max() >= len(vertices):
        raise InvalidGeometry(f"{name}: face indices out of range 0..{len(vertices) - 1} "
                              f"(found {int(faces.min())}..{int(faces.max())})", source=name)
    _refuse_over(name, len(faces), limits)
    if np.ptp(vertices, axis=0).max() == 0:
        raise EmptyModel(f"{name}: all vertices at one point", source=name)
    for image in texture_images(mesh):
        if max(image.size) > limits.max_texture_px:
            raise LimitExceeded(f"{name}: texture {image.info.get('file_path', '')} is {image.size[0]}×"
                                f"{image.size[1]} px, over the limit of {limits.max_texture_px}", source=name)
        loaded.textures.append({"name": image.info.get("file_path", ""), "width": image.size[0],
                                "height": image.size[1]})
    return loaded
