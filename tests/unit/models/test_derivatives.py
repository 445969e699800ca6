"""Derivative GLBs fit their budgets, pass the Khronos validator with 0 errors and load back."""

from __future__ import annotations

import json
import struct

import pytest
import trimesh

from assets.models.derivatives import build_derivatives, check_derivatives, export_glb
from assets.models.exceptions import DerivativeFailed
from assets.models.limits import LevelOfDetail
from assets.models.validator import validate_glb_files
from assets.models.webglb import load_glb, parse_glb
from tests.unit.models.conftest import glb_bytes

LEVELS = (LevelOfDetail("web", 4000, 600_000, 512, compressed=True),
          LevelOfDetail("kiosk", 1500, 200_000, 256, compressed=True),
          LevelOfDetail("thumbnail", 400, 60_000, 128))


@pytest.fixture(scope="module")
def derivatives(chunyu_mesh, tmp_path_factory):
    return build_derivatives(chunyu_mesh, tmp_path_factory.mktemp("lods"), "chunyu", LEVELS)


def test_every_level_within_budget_validated_and_loading_back(derivatives):
    assert [d.role for d in derivatives] == ["web", "kiosk", "thumbnail"]
    for derivative, level in zip(derivatives, LEVELS, strict=True):
        assert derivative.metadata["triangles"] <= level.max_triangles
        assert derivative.bytes <= level.max_bytes and derivative.path.stat().st_size == derivative.bytes
        assert derivative.metadata["texture_px"] <= level.max_texture_px
        assert derivative.metadata["validator"] == {"errors": 0, "warnings": 0}
        loaded = load_glb(derivative.path.read_bytes())
        assert len(loaded.faces) == derivative.metadata["triangles"]
        assert loaded.visual.uv is not None
        assert max(loaded.visual.material.baseColorTexture.size) <= level.max_texture_px
    web, kiosk, thumbnail = (d.metadata["triangles"] for d in derivatives)
    assert web > kiosk > thumbnail
    # the levels browsers show are quantized and meshopt-compressed; the thumbnail stays plain for trimesh
    extensions = [set(parse_glb(d.path.read_bytes())[0].get("extensionsRequired", [])) for d in derivatives]
    assert extensions[0] == extensions[1] == {"EXT_meshopt_compression", "KHR_mesh_quantization",
                                              "EXT_texture_webp", "KHR_texture_transform"}
    assert extensions[2] == set()


def test_the_validator_reports_errors_and_broken_derivatives_are_refused(tmp_path, derivatives):
    good = derivatives[-1]
    broken = tmp_path / "broken.glb"
    data = bytearray(good.path.read_bytes())
    length = struct.unpack("<I", data[12:16])[0]
    tree = json.loads(data[20:20 + length])
    tree["accessors"][0]["count"] += 1000  # an accessor longer than its buffer view
    text = json.dumps(tree).encode()
    text += b" " * (-len(text) % 4)
    binary_chunk = bytes(data[20 + length:])
    broken.write_bytes(struct.pack("<4sII", b"glTF", 2, 12 + 8 + len(text) + len(binary_chunk))
                       + struct.pack("<I4s", len(text), b"JSON") + text + binary_chunk)
    report = validate_glb_files([broken])[0]
    assert report["errors"] > 0 and report["messages"]
    good.path, original = broken, good.path
    try:
        with pytest.raises(DerivativeFailed, match="broken.glb: .* validator error"):
            check_derivatives([good])
    finally:
        good.path = original


def test_an_empty_glb_is_invalid(tmp_path):
    path = tmp_path / "empty.glb"
    path.write_bytes(glb_bytes({"asset": {}}))
    assert validate_glb_files([path])[0]["errors"] > 0


def test_zero_normals_are_repaired_before_export(chunyu_mesh):
    mesh = chunyu_mesh.copy()
    normals = mesh.vertex_normals.copy()
    normals[:10] = 0
    mesh.vertex_normals = normals
    loaded = trimesh.load(trimesh.util.wrap_as_stream(export_glb(mesh)), file_type="glb", force="mesh")
    assert abs(loaded.vertex_normals[:10]).sum() > 0


def test_byte_budget_is_met_by_shrinking_texture_or_geometry(chunyu_mesh, tmp_path):
    roomy = build_derivatives(chunyu_mesh, tmp_path, "roomy", (LevelOfDetail("web", 4000, 10**7, 1024),))[0]
    budget = roomy.bytes * 2 // 3
    levels = (LevelOfDetail("web", 4000, budget, 1024),)
    derivative = build_derivatives(chunyu_mesh, tmp_path, "tight", levels)[0]
    assert derivative.bytes <= budget < roomy.bytes
    tight, loose = derivative.metadata, roomy.metadata
    assert tight["texture_px"] < loose["texture_px"] or tight["triangles"] < loose["triangles"]
    with pytest.raises(DerivativeFailed, match="does not fit in 2000 bytes"):
        build_derivatives(chunyu_mesh, tmp_path, "impossible", (LevelOfDetail("web", 4000, 2000, 64),))
