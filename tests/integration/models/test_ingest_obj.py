"""An OBJ scan folder (OBJ + MTL + PNG) through the whole ingest: the fast OBJ reader and the numpy
statistics give what trimesh's loader and welding gave, and the derivatives validate."""

from __future__ import annotations

import numpy as np

from assets.models import generate, loaders
from assets.models.kind import MODEL3D
from assets.models.loaders import Upload
from assets.models.normalise import normalise, welded
from assets.models.resolver import SandboxResolver
from assets.storage import LocalStorage


def test_ingest_of_an_obj_folder_matches_the_trimesh_path(tmp_path):
    folder = tmp_path / "scan"
    folder.mkdir()
    generate.bell(segments=96, rows=60).export(folder / "bell.obj", include_normals=True)
    storage = LocalStorage(tmp_path / "out")
    result = MODEL3D.ingest(folder / "bell.obj", storage, "bell", units="m", up="z", turntable=False)

    obj = folder / "bell.obj"
    reference = loaders._trimesh_load(Upload(obj.name, obj.read_bytes(), SandboxResolver(folder=folder)),
                                      "obj")
    reference = normalise(reference, units="m", up="z")
    surface = welded(reference)
    extents = (np.ptp(reference.vertices, axis=0) * 100).round(2)
    stats = result.metadata["stats"]
    assert result.source.format == "obj"
    assert (stats["faces"], stats["vertices"]) == (len(reference.faces), len(reference.vertices))
    assert stats["bbox_cm"] == {"width": extents[0], "height": extents[1], "depth": extents[2]}
    assert stats["surface_area_cm2"] == round(float(reference.area) * 1e4, 2)
    assert stats["watertight"] is bool(surface.is_watertight) is True
    assert abs(stats["volume_cm3"] - abs(float(surface.volume)) * 1e6) < 0.011
    assert stats["textures"] == [{"name": "material_0.png", "width": 1024, "height": 1024}]
    assert [d.role for d in result.derivatives] == ["source", "web", "kiosk", "thumbnail", "poster"]
    assert all(d.metadata["validator"]["errors"] == 0 for d in result.derivatives[1:4])
    assert storage.stat(result.derivative("poster").key).bytes > 0
    assert storage.list("models/") == sorted({d.key for d in result.derivatives})  # same bytes: stored once
