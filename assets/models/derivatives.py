"""Derivative GLBs (web, kiosk, thumbnail levels of detail) within their budgets, each one checked:
the Khronos validator must report 0 errors and it must load back (``webglb.load_glb``: the compressed levels
through the meshopt decoder) with the same triangle count.
"""

from __future__ import annotations

import io
import json
import struct
from pathlib import Path

import numpy as np
import trimesh
from PIL import Image

from assets.media import Derivative
from assets.models.decimate import decimate
from assets.models.exceptions import DerivativeFailed
from assets.models.limits import LEVELS, LevelOfDetail
from assets.models.loaders import texture_images
from assets.models.validator import validate_glb_files
from assets.models.webglb import encode_glb, load_glb

JPEG_QUALITY = 88
GLB = "model/gltf-binary"


def _with_texture_limit(mesh: trimesh.Trimesh, max_px: int,
                        encode: bool = True) -> tuple[trimesh.Trimesh, int | None]:
    """A shallow copy whose base-colour texture is at most ``max_px`` on its longer side, as JPEG
    unless it has transparency (PNG then); with ``encode`` false the writer encodes the image."""
    images = texture_images(mesh)
    if not images:
        return mesh, None
    image = images[0]
    if max(image.size) > max_px:
        factor = max_px / max(image.size)
        image = image.resize((max(1, round(image.width * factor)), max(1, round(image.height * factor))),
                             Image.LANCZOS)
    if not encode:
        return _textured(mesh, image), max(image.size)
    buffer = io.BytesIO()
    if image.mode in ("RGBA", "LA") and np.asarray(image.getchannel("A")).min() < 255:
        image.save(buffer, format="PNG", optimize=True)
    else:
        image.convert("RGB").save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    encoded = Image.open(io.BytesIO(buffer.getvalue()))  # keeps .format so trimesh writes it as is
    return _textured(mesh, encoded), max(encoded.size)


def _textured(mesh: trimesh.Trimesh, image: Image.Image) -> trimesh.Trimesh:
    material = trimesh.visual.material.PBRMaterial(baseColorTexture=image, metallicFactor=0.3,
                                                   roughnessFactor=0.6, doubleSided=False)
    visual = trimesh.visual.TextureVisuals(uv=mesh.visual.uv, material=material)
    kwargs = {"vertex_normals": mesh.vertex_normals} if "vertex_normals" in mesh._cache else {}
    return trimesh.Trimesh(mesh.vertices, mesh.faces, visual=visual, process=False, **kwargs)


def export_glb(mesh: trimesh.Trimesh) -> bytes:
    # unit-length float32 normals: the validator rejects normals that are not
    normals = np.nan_to_num(np.asarray(mesh.vertex_normals, dtype=np.float64))
    length = np.linalg.norm(normals, axis=1, keepdims=True)
    # a vertex used only by zero-area faces has no normal: give it +Y rather than an invalid zero
    mesh.vertex_normals = np.where(length > 1e-9, normals / np.maximum(length, 1e-12), [0.0, 1.0, 0.0])
    return mesh.export(file_type="glb", include_normals=True)


def build_level(mesh: trimesh.Trimesh, level: LevelOfDetail, out_dir: Path, stem: str) -> Derivative:
    """Decimate and shrink until the GLB fits the level's budget (triangles, bytes, texture size). The
    derivative's role is the level's name; its metadata are ``triangles``, ``vertices``, ``texture_px`` and
    ``relative_error`` (meshoptimizer's estimate, a fraction of the mesh's extent)."""
    triangles, texture_px = level.max_triangles, level.max_texture_px
    for _attempt in range(8):
        reduced, error = decimate(mesh, triangles)
        textured, used_px = _with_texture_limit(reduced, texture_px, encode=not level.compressed)
        data = encode_glb(textured) if level.compressed else export_glb(textured)
        if len(data) <= level.max_bytes:
            path = out_dir / f"{stem}.{level.name}.glb"
            path.write_bytes(data)
            return Derivative(level.name, GLB, len(data), path=path, metadata={
                "triangles": len(textured.faces), "vertices": len(textured.vertices), "texture_px": used_px,
                "relative_error": round(float(error), 6)})
        # over the byte budget: shrink the texture first while it dominates, then the geometry
        texture_bytes = _texture_bytes(data)
        if used_px and texture_bytes > len(data) / 2 and texture_px > 256:
            texture_px //= 2
        else:
            triangles = int(min(triangles, len(reduced.faces)) * 0.7)
    raise DerivativeFailed(f"{stem}: the {level.name} GLB does not fit in {level.max_bytes} bytes")


def _texture_bytes(glb: bytes) -> int:
    length = struct.unpack("<I", glb[12:16])[0]
    tree = json.loads(glb[20:20 + length])
    views = tree.get("bufferViews", [])
    return sum(views[image["bufferView"]]["byteLength"] for image in tree.get("images", [])
               if "bufferView" in image)


def check_derivatives(derivatives: list[Derivative], node_modules: Path | None = None) -> None:
    """Every derivative: 0 validator errors (its ``validator`` metadata), and loads back in trimesh with its
    triangle count."""
    reports = validate_glb_files([d.path for d in derivatives], node_modules)
    problems = []
    for derivative, report in zip(derivatives, reports, strict=True):
        derivative.metadata["validator"] = {"errors": report["errors"], "warnings": report["warnings"]}
        if report["errors"]:
            problems.append(f"{derivative.path.name}: {report['errors']} validator error(s): "
                            + "; ".join(report["messages"][:3]))
            continue
        loaded = load_glb(derivative.path.read_bytes())
        if len(loaded.faces) != derivative.metadata["triangles"]:
            problems.append(f"{derivative.path.name}: loads back with {len(loaded.faces)} triangles, "
                            f"expected {derivative.metadata['triangles']}")
    if problems:
        raise DerivativeFailed("; ".join(problems))


def build_derivatives(mesh: trimesh.Trimesh, out_dir: Path, stem: str, levels=LEVELS,
                      node_modules: Path | None = None) -> list[Derivative]:
    out_dir.mkdir(parents=True, exist_ok=True)
    derivatives = []
    source = mesh
    for level in levels:  # each level decimates the previous one: cheaper, same error bound order
        derivative = build_level(source, level, out_dir, stem)
        derivatives.append(derivative)
        if len(source.faces) > level.max_triangles:
            source = load_glb(derivative.path.read_bytes())
    check_derivatives(derivatives, node_modules)
    return derivatives
