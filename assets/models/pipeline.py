"""One uploaded model in, everything the service keeps out: checks, normalisation, statistics, the
catalogue cross-check, the derivative GLBs, a poster/thumbnail and a turntable.

Framework-free: the shell decides where ``out_dir`` is and stores the returned description.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

import trimesh

from assets.models.crosscheck import crosscheck
from assets.models.derivatives import Derivative, build_derivatives
from assets.models.limits import LEVELS, Limits
from assets.models.loaders import load_model
from assets.models.normalise import mesh_stats, normalise
from assets.models.render import render, turntable_webp

POSTER_PX = 512
TURNTABLE_PX = 256


@dataclass
class IngestResult:
    source_name: str
    source_format: str
    source_sha256: str
    units: str
    up: str
    stats: dict
    crosscheck: dict
    derivatives: list[Derivative]
    images: dict[str, Path] = field(default_factory=dict)  # poster, turntable
    seconds: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"source": self.source_name, "format": self.source_format, "sha256": self.source_sha256,
                "units": self.units, "up": self.up, "stats": self.stats, "crosscheck": self.crosscheck,
                "derivatives": [d.as_dict() for d in self.derivatives],
                "images": {kind: path.name for kind, path in self.images.items()}, "seconds": self.seconds}


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def ingest(path: str | Path, out_dir: str | Path, *, units: str = "m", up: str = "y",
           catalogue: dict | None = None, limits: Limits = Limits(), stem: str = "model", levels=LEVELS,
           turntable: bool = True, node_modules: Path | None = None) -> IngestResult:
    """Load, check and normalise ``path``; write the derivatives and images into ``out_dir``.

    Raises a :class:`~assets.models.exceptions.ModelError` subclass naming the problem; nothing is
    left in ``out_dir`` for a refused upload because refusals happen before anything is written.
    """
    path, out_dir = Path(path), Path(out_dir)
    seconds = {}
    started = time.perf_counter()
    loaded = load_model(path, limits)
    source_format, textures = loaded.format, loaded.textures
    mesh = normalise(loaded.mesh, units, up)  # in place: the loader's arrays are the mesh's
    del loaded  # one full-resolution mesh alive, no more
    stats = mesh_stats(mesh)
    stats["textures"] = textures or stats["textures"]
    check = crosscheck(stats["bbox_cm"], catalogue or {}, units)
    seconds["load_check_normalise"] = round(time.perf_counter() - started, 3)

    started = time.perf_counter()
    derivatives = build_derivatives(mesh, out_dir, stem, levels, node_modules)
    del mesh  # the images are drawn from the derivatives
    seconds["derivatives"] = round(time.perf_counter() - started, 3)

    started = time.perf_counter()
    preview = _preview_mesh(derivatives)
    images = {"poster": out_dir / f"{stem}.poster.png"}
    render(preview, POSTER_PX).save(images["poster"], format="PNG", optimize=True)
    if turntable:
        smallest = trimesh.load(derivatives[-1].path, force="mesh", process=False)
        images["turntable"] = out_dir / f"{stem}.turntable.webp"
        images["turntable"].write_bytes(turntable_webp(smallest, TURNTABLE_PX))
    seconds["images"] = round(time.perf_counter() - started, 3)
    return IngestResult(path.name, source_format, file_sha256(path), units, up, stats, check, derivatives,
                        images, seconds)


def _preview_mesh(derivatives: list[Derivative]) -> trimesh.Trimesh:
    """The kiosk level (or the only one) is detailed enough for a 512 px poster and quick to draw."""
    chosen = next((d for d in derivatives if d.level == "kiosk"), derivatives[0])
    return trimesh.load(chosen.path, force="mesh", process=False)
