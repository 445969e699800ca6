"""3D models as a media kind: one uploaded model in, everything the service keeps out — checks,
normalisation (metres, +Y up, origin at the base centre), statistics, the web, kiosk and thumbnail GLBs, a
poster and a turntable. (The catalogue compares the statistics with the record's dimensions:
:func:`assets.models.crosscheck.crosscheck`.)

Keys: ``models/<sha256>.<ext>`` for every file (the source, the GLBs, the poster PNG, the turntable WebP):
named by content, so a URL never changes meaning and can be cached for a year, and a file two models share
is stored once. ``item`` is therefore not used.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from assets.media import Derivative, Ingested, Limits, MediaKind, Source, register, sha256_of
from assets.models.derivatives import build_derivatives
from assets.models.limits import LEVELS, LIMITS
from assets.models.loaders import check_file, load_model, sniff
from assets.models.normalise import check_frame, mesh_stats, normalise
from assets.models.render import render, turntable_webp
from assets.models.webglb import load_glb
from assets.storage import MediaStorage

POSTER_PX = 512
TURNTABLE_PX = 256
MEDIA_TYPES = {"glb": "model/gltf-binary", "png": "image/png", "webp": "image/webp", "obj": "model/obj",
               "ply": "application/octet-stream", "stl": "model/stl", "off": "application/octet-stream",
               "gltf": "model/gltf+json", "zip": "application/zip"}
EXTENSIONS = {"model/gltf-binary": "glb", "image/png": "png", "image/webp": "webp"}


class ModelKind(MediaKind):
    name, folder, noun = "model3d", "models", "model"
    accepts = "OBJ (with its MTL and textures as a .zip), PLY, STL, OFF, glTF/GLB"
    limits = LIMITS

    def sniff(self, head: bytes, size: int) -> str | None:
        return sniff(head, size)

    def check(self, path: Path, limits: Limits | None = None) -> Source:
        fmt = check_file(path, limits or self.limits)
        return Source(path.name, fmt, MEDIA_TYPES.get(fmt, "application/octet-stream"), path.stat().st_size)

    def ingest(self, path: Path, storage: MediaStorage, item: str, limits: Limits | None = None, *,
               units: str = "m", up: str = "y", turntable: bool = True) -> Ingested:
        """Load, check and normalise ``path`` (its MTL and textures are looked up beside it), in ``units``
        with ``up`` its up axis; store the source, the derivatives, the poster and (unless told not to) the
        turntable. Refusals come before anything is stored."""
        limits = limits or self.limits
        check_frame(units, up)
        source = self.check(path, limits)
        seconds = {}
        started = time.perf_counter()
        loaded = load_model(path, limits)
        source = replace(source, format=loaded.format)
        textures = loaded.textures
        mesh = normalise(loaded.mesh, units, up)  # in place: the loader's arrays are the mesh's
        del loaded  # one full-resolution mesh alive, no more
        stats = mesh_stats(mesh)
        stats["textures"] = textures or stats["textures"]
        seconds["load_check_normalise"] = round(time.perf_counter() - started, 3)

        with storage.scratch() as folder:
            started = time.perf_counter()
            built = build_derivatives(mesh, folder, "model", LEVELS)
            del mesh  # the images are drawn from the derivatives
            seconds["derivatives"] = round(time.perf_counter() - started, 3)
            started = time.perf_counter()
            built += _images(built, folder, turntable)
            seconds["images"] = round(time.perf_counter() - started, 3)
            digest = sha256_of(path)
            stored = [_source(storage, path, digest), *(_stored(storage, d) for d in built)]
        metadata = {"units": units, "up": up, "stats": stats, "seconds": seconds}
        return Ingested(source, digest, stored, metadata)


def _images(derivatives: list[Derivative], folder: Path, turntable: bool) -> list[Derivative]:
    """The poster from the kiosk level (detailed enough for 512 px, quick to draw), the turntable from the
    smallest."""
    chosen = next((d for d in derivatives if d.role == "kiosk"), derivatives[0])
    poster = folder / "model.poster.png"
    render(load_glb(chosen.path.read_bytes()), POSTER_PX).save(poster, format="PNG",
                                                                                  optimize=True)
    images = [Derivative("poster", "image/png", poster.stat().st_size, path=poster)]
    if turntable:
        smallest = load_glb(derivatives[-1].path.read_bytes())
        spin = folder / "model.turntable.webp"
        spin.write_bytes(turntable_webp(smallest, TURNTABLE_PX))
        images.append(Derivative("turntable", "image/webp", spin.stat().st_size, path=spin))
    return images


def _source(storage: MediaStorage, path: Path, digest: str) -> Derivative:
    extension = path.suffix.lower().lstrip(".")
    extension = extension if extension in MEDIA_TYPES else "bin"
    key = f"models/{digest}.{extension}"
    size = path.stat().st_size if storage.exists(key) else storage.put(key, path)
    return Derivative("source", MEDIA_TYPES.get(extension, "application/octet-stream"), size, key=key,
                      sha256=digest)


def _stored(storage: MediaStorage, derivative: Derivative) -> Derivative:
    digest = sha256_of(derivative.path)
    key = f"models/{digest}.{EXTENSIONS[derivative.media_type]}"
    if storage.exists(key):  # the same bytes are stored already (the same model, added to another record)
        return replace(derivative, key=key, path=None, sha256=digest)
    return replace(derivative.stored(storage, key), sha256=digest)


MODEL3D = register(ModelKind())
