"""Web GLBs: quantized, meshopt-compressed, WebP-textured, valid for the Khronos validator, and decoded
back losslessly (the codecs) and within half a grid step (the quantization); gltfpack's output read the
same way."""

from __future__ import annotations

import io
import shutil
import subprocess

import numpy as np
import pytest
import trimesh
from PIL import Image
from scipy.spatial import cKDTree

from assets.models import webglb
from assets.models.exceptions import InvalidGeometry
from assets.models.loaders import load_bytes
from assets.models.validator import find_node_modules, validate_glb_files


@pytest.fixture(scope="module")
def pair(chunyu_mesh):
    """The chunyu as a compressed GLB and as its uncompressed (quantized only) twin."""
    return webglb.encode_glb(chunyu_mesh), webglb.encode_glb(chunyu_mesh, compress=False)


def _canonical(faces: np.ndarray) -> np.ndarray:
    """Each triangle rotated to start at its smallest index (the index codec may rotate a triangle, keeping
    its winding)."""
    first = faces.argmin(axis=1)
    rows = np.arange(len(faces))[:, None]
    return faces[rows, (first[:, None] + np.arange(3)) % 3]


def test_both_pass_the_validator_with_the_extensions_declared(pair, tmp_path):
    compressed, plain = pair
    paths = [tmp_path / "c.glb", tmp_path / "p.glb"]
    for path, data in zip(paths, pair, strict=True):
        path.write_bytes(data)
    reports = validate_glb_files(paths)
    assert [(r["errors"], r["warnings"]) for r in reports] == [(0, 0), (0, 0)], reports
    tree, _chunk = webglb.parse_glb(compressed)
    assert set(tree["extensionsRequired"]) == {"EXT_meshopt_compression", "KHR_mesh_quantization",
                                               "EXT_texture_webp", "KHR_texture_transform"}
    assert tree["buffers"][1]["extensions"]["EXT_meshopt_compression"] == {"fallback": True}
    primitive = tree["meshes"][0]["primitives"][0]
    position = tree["accessors"][primitive["attributes"]["POSITION"]]
    normal = tree["accessors"][primitive["attributes"]["NORMAL"]]
    assert (position["componentType"], position.get("normalized", False)) == (webglb.UNSIGNED_SHORT, False)
    assert (normal["componentType"], normal["normalized"]) == (webglb.BYTE, True)
    assert tree["bufferViews"][position["bufferView"]]["byteStride"] == 8
    assert tree["bufferViews"][normal["bufferView"]]["extensions"]["EXT_meshopt_compression"]["filter"] \
        == "OCTAHEDRAL"
    assert "scale" in tree["nodes"][0] and "translation" in tree["nodes"][0]
    assert len(compressed) < len(plain) * 0.6


def test_the_codecs_are_lossless(pair):
    compressed, plain = (webglb.read_glb(data) for data in pair)
    assert np.array_equal(compressed.vertices, plain.vertices)
    assert np.array_equal(compressed.vertex_normals, plain.vertex_normals)
    assert np.array_equal(compressed.visual.uv, plain.visual.uv)
    assert np.array_equal(_canonical(compressed.faces), _canonical(plain.faces))


def test_quantization_stays_within_half_a_grid_step(pair, chunyu_mesh):
    decoded = webglb.read_glb(pair[0])
    assert len(decoded.faces) == len(chunyu_mesh.faces)
    step = chunyu_mesh.extents.max() / ((1 << webglb.POSITION_BITS) - 1)
    # the same triangles, vertex for vertex: match each decoded triangle's corners to the original's
    original = np.sort(np.round(chunyu_mesh.triangles.reshape(-1, 3) / step).astype(np.int64), axis=0)
    ours = np.sort(np.round(decoded.triangles.reshape(-1, 3) / step).astype(np.int64), axis=0)
    assert np.abs(original - ours).max() <= 1
    distance = cKDTree(chunyu_mesh.vertices).query(decoded.vertices)[0]
    assert distance.max() <= step * np.sqrt(3) / 2 + 1e-9
    # texture coordinates: a 12-bit grid over their range, brought back by KHR_texture_transform
    uv, original_uv = decoded.visual.uv, chunyu_mesh.visual.uv
    assert np.allclose(uv.min(axis=0), original_uv.min(axis=0)) and np.allclose(uv.max(axis=0),
                                                                                original_uv.max(axis=0))
    span = original_uv.max(axis=0) - original_uv.min(axis=0)
    grid = (uv - original_uv.min(axis=0)) / span * ((1 << webglb.UV_BITS) - 1)
    assert np.abs(grid - np.round(grid)).max() < 1e-3
    texture = decoded.visual.material.baseColorTexture
    assert texture.format == "WEBP" and texture.size == chunyu_mesh.visual.material.image.size


def test_octahedral_normals_come_back_within_two_degrees():
    normals = np.random.default_rng(7).normal(size=(5000, 3))
    normals /= np.linalg.norm(normals, axis=1, keepdims=True)
    decoded = webglb._decode_octahedral(webglb._octahedral(normals))[:, :3].astype(np.float64)
    decoded /= np.linalg.norm(decoded, axis=1, keepdims=True)
    assert np.degrees(np.arccos(np.clip((normals * decoded).sum(axis=1), -1, 1))).max() < 2


def test_a_transparent_texture_stays_lossless_webp():
    image = Image.new("RGBA", (8, 8), (200, 100, 50, 128))
    data, media_type = webglb.encode_texture(image)
    assert media_type == "image/webp"
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(data)).convert("RGBA")), np.asarray(image))


@pytest.mark.skipif(shutil.which("node") is None or find_node_modules() is None
                    or not (find_node_modules() / "gltfpack").is_dir(), reason="needs node and npm gltfpack")
def test_gltfpack_output_decodes_to_the_same_surface(chunyu_mesh, tmp_path):
    """The benchmark measures gltfpack's quantized (and -c compressed) output with this reader: it must
    land on the original surface, which trimesh's reader does not do for quantized GLBs."""
    source, target = tmp_path / "in.glb", tmp_path / "out.glb"
    source.write_bytes(chunyu_mesh.export(file_type="glb", include_normals=True))
    cli = find_node_modules() / "gltfpack" / "cli.js"
    subprocess.run(["node", str(cli), "-i", str(source), "-o", str(target), "-c"], check=True,
                   capture_output=True, timeout=60)
    decoded = webglb.read_glb(target.read_bytes())
    assert abs(len(decoded.faces) - len(chunyu_mesh.faces)) <= len(chunyu_mesh.faces) * 0.01
    distance = cKDTree(chunyu_mesh.vertices).query(decoded.vertices)[0]
    assert distance.max() < chunyu_mesh.extents.max() * 1e-3
    # an upload of such a file is read the same way (trimesh alone would misread or refuse it)
    uploaded = load_bytes("packed.glb", target.read_bytes()).mesh
    assert len(uploaded.faces) == len(decoded.faces)


def test_a_damaged_compressed_upload_is_refused_by_name(pair):
    compressed = bytearray(pair[0])
    compressed[-2000:] = bytes(2000)  # zeroes over the end of the compressed streams
    with pytest.raises(InvalidGeometry, match="broken.glb: the compressed GLB cannot be read"):
        load_bytes("broken.glb", bytes(compressed))


def test_more_than_65535_vertices_take_32_bit_indices(tmp_path):
    sphere = trimesh.creation.uv_sphere(count=[200, 200])
    assert len(sphere.vertices) > 0xFFFF
    data = webglb.encode_glb(sphere)
    tree, _chunk = webglb.parse_glb(data)
    indices = tree["accessors"][tree["meshes"][0]["primitives"][0]["indices"]]
    assert indices["componentType"] == webglb.UNSIGNED_INT
    (tmp_path / "sphere.glb").write_bytes(data)
    assert validate_glb_files([tmp_path / "sphere.glb"])[0]["errors"] == 0
    decoded, plain = webglb.read_glb(data), webglb.read_glb(webglb.encode_glb(sphere, compress=False))
    assert np.array_equal(_canonical(decoded.faces), _canonical(plain.faces))
    assert "TEXCOORD_0" not in tree["meshes"][0]["primitives"][0]["attributes"]
