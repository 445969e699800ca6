"""Sample step: 3D models generated from the catalogue dimensions of four sample objects, added through
the same path as an upload (``museum model3d add``), each in a different format, units and up axis,
with multilingual hotspots anchored to points of the surface.

- 1989.0107 chunyu 錞于: a revolved shell 68 cm high with a tiger knob, as a zip of OBJ + MTL + PNG (m, +Y up)
- 1972.0008 bell 编钟 (the largest, 27 cm): an OBJ in millimetres with +Z up
- 1977.0012 zun 三羊尊 (43.8 cm): a GLB
- 2004.0117 stele 景云碑 (220 × 137.5 cm, 20 cm thick assumed): an OBJ in centimetres
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

import numpy as np
import trimesh

from assets.models import generate
from assets.models.normalise import Z_UP_TO_Y_UP
from museum.catalogue import models3d as store
from museum.catalogue import repository
from museum.catalogue.models3d import MODELS
from museum.extensions import db
from museum.media import storage

SAMPLES = [
    {"accession": "1989.0107", "make": lambda: generate.chunyu(segments=192, rows=120), "as": "zip",
     "units": "m", "up": "y", "hotspots": [
         ((0.088, 0.655, 0.0), {"zh": "虎钮", "zh-Hant": "虎鈕", "en": "Tiger knob",
                                "fr": "Bouton en forme de tigre", "ja": "虎鈕", "ko": "호랑이 꼭지"},
          {"zh": "錞于顶部盘中立一猛虎为钮，巴人崇虎。",
           "en": "A tiger stands on the top dish: the Ba revered the tiger."}),
         ((0.0, 0.03, 0.145), {"zh": "口沿", "zh-Hant": "口沿", "en": "Rim of the mouth",
                               "fr": "Bord de l'ouverture", "ja": "口縁", "ko": "구연"},
          {"zh": "底口径约28厘米。", "en": "The mouth is about 28 cm across."})]},
    {"accession": "1972.0008", "make": lambda: generate.bell(segments=192, rows=120), "as": "obj",
     "units": "mm", "up": "z", "hotspots": [
         ((0.0, 0.27, 0.0), {"zh": "钮", "zh-Hant": "鈕", "en": "Suspension loop",
                             "fr": "Anneau de suspension"}, {}),
         ((0.045, 0.16, -0.04), {"zh": "枚", "zh-Hant": "枚", "en": "Bosses (mei)", "fr": "Bossettes (mei)"},
          {"en": "36 bosses in four groups of nine."})]},
    {"accession": "1977.0012", "make": lambda: generate.zun(segments=192, rows=120), "as": "glb",
     "units": "m", "up": "y", "hotspots": [
         ((0.2, 0.22, 0.0), {"zh": "羊首", "zh-Hant": "羊首", "en": "Ram's head", "fr": "Tête de bélier"},
          {})]},
    {"accession": "2004.0117", "make": generate.stele, "as": "obj", "units": "cm", "up": "y", "hotspots": [
        ((0.0, 1.2, 0.1), {"zh": "碑文", "zh-Hant": "碑文", "en": "Inscription", "fr": "Inscription"},
         {"zh": "隶书碑文，东汉熹平二年（173年）。", "en": "Clerical-script text dated 173 AD."})]},
]


def write_sample_file(mesh: trimesh.Trimesh, folder: Path, stem: str, kind: str, units: str, up: str) -> Path:
    """The generated mesh (metres, +Y up) written as an upload would arrive: in ``units`` with ``up``."""
    mesh = mesh.copy()
    if up == "z":
        mesh.apply_transform(Z_UP_TO_Y_UP.T)  # +Y up -> +Z up
    mesh.apply_scale({"mm": 1000.0, "cm": 100.0, "m": 1.0}[units])
    if kind == "glb":
        path = folder / f"{stem}.glb"
        path.write_bytes(mesh.export(file_type="glb", include_normals=True))
        return path
    obj_folder = folder / stem
    obj_folder.mkdir()
    mesh.export(obj_folder / f"{stem}.obj", include_normals=True)
    if kind == "obj":
        return obj_folder / f"{stem}.obj"
    path = folder / f"{stem}.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in sorted(obj_folder.iterdir()):
            archive.writestr(zipfile.ZipInfo(f"{stem}/{member.name}", (2026, 1, 1, 0, 0, 0)),
                             member.read_bytes())
    return path


def on_surface(mesh: trimesh.Trimesh, near) -> tuple[list[float], list[float]]:
    """The vertex nearest to ``near`` and its normal, rounded to 0.1 mm."""
    index = int(np.argmin(np.linalg.norm(np.asarray(mesh.vertices) - np.asarray(near), axis=1)))
    return ([round(float(c), 4) for c in mesh.vertices[index]],
            [round(float(c), 4) for c in mesh.vertex_normals[index]])


def load(app, echo) -> None:
    with tempfile.TemporaryDirectory(prefix="sample-models-") as tmp:
        for sample in SAMPLES:
            with db.transaction() as session:
                if repository.get_record(session, sample["accession"], published_only=False) is None:
                    echo(f"3D sample: no record {sample['accession']}, skipped")
                    continue
                if any(m.is_sample for m in MODELS.list(session, sample["accession"])):
                    continue
                mesh = sample["make"]()
                path = write_sample_file(mesh, Path(tmp), sample["accession"].replace(".", "_"), sample["as"],
                                         sample["units"], sample["up"])
                [added] = MODELS.add(session, sample["accession"], path, storage(), is_sample=True,
                                     units=sample["units"], up=sample["up"])
                model = added.item
                hotspots = []
                for near, label, description in sample["hotspots"]:
                    position, normal = on_surface(mesh, near)
                    hotspot = {"position": position, "normal": normal, "label": label,
                               "description": description or None}
                    hotspots.append(store.clean_hotspot(hotspot, model))
                store.set_hotspots(model, hotspots)
                echo(f"3D sample: {sample['accession']} {model.stats['faces']} faces, "
                     f"{len(model.files)} files, {len(hotspots)} hotspots")
