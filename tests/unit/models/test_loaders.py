"""Every accepted format loads to the same surface; the format is sniffed from the bytes."""

from __future__ import annotations

import numpy as np
import pytest

from assets.models.exceptions import UnsupportedFormat
from assets.models.loaders import LOADERS, load_model, sniff
from tests.unit.models.conftest import write


@pytest.mark.parametrize("kind", ["obj", "zip", "ply", "stl", "stl_ascii", "off", "glb", "gltf"])
def test_each_format_loads_the_same_surface(model_files, chunyu_mesh, kind):
    loaded = load_model(model_files[kind])
    assert len(loaded.mesh.faces) == len(chunyu_mesh.faces)
    np.testing.assert_allclose(loaded.mesh.bounds, chunyu_mesh.bounds, atol=1e-5)
    assert loaded.mesh.area == pytest.approx(chunyu_mesh.area, rel=1e-4)


@pytest.mark.parametrize("kind", ["obj", "zip", "glb", "gltf"])
def test_textured_formats_keep_uvs_and_name_their_texture(model_files, chunyu_mesh, kind):
    loaded = load_model(model_files[kind])
    assert loaded.mesh.visual.uv is not None and len(loaded.mesh.visual.uv) == len(loaded.mesh.vertices)
    assert loaded.textures and loaded.textures[0]["width"] == 1024
    assert loaded.format.endswith({"zip": "obj"}.get(kind, kind))


def test_the_extension_is_not_trusted(tmp_path, model_files):
    disguised = write(tmp_path / "scan.obj", model_files["ply"].read_bytes())
    assert load_model(disguised).format == "ply"
    png = write(tmp_path / "picture.obj", b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    with pytest.raises(UnsupportedFormat, match="picture.obj"):
        load_model(png)


def test_registry_covers_the_formats_and_sniffing_tells_them_apart(model_files):
    assert set(LOADERS) >= {"obj", "ply", "stl", "off", "glb", "gltf"}
    found = {kind: sniff(path.read_bytes()[:8192], path.stat().st_size) for kind, path in model_files.items()}
    assert found == {"obj": "obj", "zip": "zip", "ply": "ply", "stl": "stl", "stl_ascii": "stl", "off": "off",
                     "glb": "glb", "gltf": "gltf"}
