"""3D models of records: the ``object_models`` and ``object_model_files`` tables, adding a model file
to a record (through :mod:`assets.models.pipeline`), which records have one (:func:`records_with_3d`:
search's ``has_3d``, the kiosk's badges), and hotspots.

Files live under ``<media>/models/<sha256>.<ext>``: named by content, so a URL never changes meaning
and can be cached for a year. Hotspots are multilingual annotations anchored to points of the model
(metres, +Y up, origin at the base centre: the frame of every derivative), kept as JSON on the model.
"""

from __future__ import annotations

import math
import shutil
import tempfile
import uuid
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from assets.models.limits import Limits
from assets.models.pipeline import file_sha256, ingest
from languages import LANGUAGES
from museum.catalogue.db import Base
from museum.catalogue.models import Record, utcnow
from museum.exceptions import BadParameter, Conflict, NotFound

MEDIA_TYPES = {"glb": "model/gltf-binary", "png": "image/png", "webp": "image/webp", "obj": "model/obj",
               "ply": "application/octet-stream", "stl": "model/stl", "off": "application/octet-stream",
               "gltf": "model/gltf+json", "zip": "application/zip"}
MAX_HOTSPOTS = 50
IN_CHUNK = 900  # accession numbers per IN (...): under SQLite's 999 bound parameters
MAX_TEXT = 2000


class ObjectModel(Base):
    __tablename__ = "object_models"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), index=True)
    source_name: Mapped[str] = mapped_column(String(300))
    source_format: Mapped[str] = mapped_column(String(20))
    source_sha256: Mapped[str] = mapped_column(String(64), index=True)
    units: Mapped[str] = mapped_column(String(4))
    up: Mapped[str] = mapped_column(String(1))
    stats: Mapped[dict] = mapped_column(JSON, default=dict)
    crosscheck: Mapped[dict] = mapped_column(JSON, default=dict)
    dimension_mismatch: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    hotspots: Mapped[list] = mapped_column(JSON, default=list)
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    record: Mapped[Record] = relationship()
    files: Mapped[list[ObjectModelFile]] = relationship(back_populates="model", cascade="all, delete-orphan",
                                                        order_by="ObjectModelFile.id")

    def file(self, kind: str) -> ObjectModelFile | None:
        return next((f for f in self.files if f.kind == kind), None)


class ObjectModelFile(Base):
    """One stored file of a model: ``source``, a derivative (``web``, ``kiosk``, ``thumbnail``) or an
    image (``poster``, ``turntable``)."""

    __tablename__ = "object_model_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    model_id: Mapped[int] = mapped_column(ForeignKey("object_models.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(120), index=True)  # <sha256>.<ext>, under <media>/models/
    media_type: Mapped[str] = mapped_column(String(60))
    bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    triangles: Mapped[int | None] = mapped_column(Integer)
    vertices: Mapped[int | None] = mapped_column(Integer)
    texture_px: Mapped[int | None] = mapped_column(Integer)
    validator: Mapped[dict | None] = mapped_column(JSON)

    model: Mapped[ObjectModel] = relationship(back_populates="files")


def model_limits(config) -> Limits:
    """Limits from configuration (``MODEL_MAX_FACES``, ``MODEL_MAX_BYTES``; ``MUSEUM_*`` variables)."""
    defaults = Limits()
    return Limits(max_faces=int(config.get("MODEL_MAX_FACES") or defaults.max_faces),
                  max_file_bytes=int(config.get("MODEL_MAX_BYTES") or defaults.max_file_bytes))


def record_dimensions(record: Record) -> dict:
    return {key: getattr(record, key) for key in ("height_cm", "width_cm", "depth_cm", "diameter_cm")}


def add_model(session: Session, accession: str, path: str | Path, media_root: str | Path, *,
              units: str = "m", up: str = "y", limits: Limits = Limits(), is_sample: bool = False,
              node_modules: Path | None = None) -> tuple[ObjectModel, bool]:
    """Check, normalise and derive ``path`` and attach it to the record; the caller commits.

    Returns ``(model, created)``: the same file added twice to a record is kept once. A refused file
    raises an :class:`assets.models.exceptions.ModelError` and leaves nothing behind.
    """
    record = session.scalar(select(Record).where(Record.accession_number == accession))
    if record is None:
        raise NotFound(f"no record with accession number {accession!r}")
    path = Path(path)
    digest = file_sha256(path)
    for model in models_of(session, accession):
        if model.source_sha256 == digest and model.units == units and model.up == up:
            return model, False
    store = Path(media_root) / "models"
    store.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="ingest-", dir=store))
    try:
        result = ingest(path, work, units=units, up=up, catalogue=record_dimensions(record), limits=limits,
                        stem="model", node_modules=node_modules)
        model = ObjectModel(record_id=record.id, source_name=path.name[:300], source_format=result.source_format,
                            source_sha256=digest, units=units, up=up, stats=result.stats,
                            crosscheck=result.crosscheck, dimension_mismatch=result.crosscheck["mismatch"],
                            hotspots=[], is_sample=is_sample)
        extension = path.suffix.lower().lstrip(".") if path.suffix.lower().lstrip(".") in MEDIA_TYPES else "bin"
        model.files.append(_store(store, path, "source", extension, copy=True, sha=digest))
        for derivative in result.derivatives:
            stored = _store(store, derivative.path, derivative.level, "glb")
            stored.triangles, stored.vertices = derivative.triangles, derivative.vertices
            stored.texture_px, stored.validator = derivative.texture_px, derivative.validator
            model.files.append(stored)
        for kind, image in result.images.items():
            model.files.append(_store(store, image, kind, image.suffix.lstrip(".")))
        session.add(model)
        session.flush()
        return model, True
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _store(store: Path, path: Path, kind: str, extension: str, copy: bool = False,
           sha: str | None = None) -> ObjectModelFile:
    digest = sha or file_sha256(path)
    name = f"{digest}.{extension}"
    target = store / name
    if not target.exists():
        partial = store / f"{name}.{uuid.uuid4().hex}.part"
        (shutil.copyfile if copy else shutil.move)(path, partial)
        partial.replace(target)
    return ObjectModelFile(kind=kind, name=name, media_type=MEDIA_TYPES.get(extension, "application/octet-stream"),
                           bytes=target.stat().st_size, sha256=digest)


def models_of(session: Session, accession: str) -> list[ObjectModel]:
    return list(session.scalars(select(ObjectModel).join(Record).where(Record.accession_number == accession)
                                .order_by(ObjectModel.id)))


def records_with_3d(session: Session, accession_numbers: Iterable[str]) -> set[str]:
    """Those of ``accession_numbers`` whose record has at least one 3D model: one query per
    :data:`IN_CHUNK` numbers, whatever the number of records or models."""
    numbers = list(dict.fromkeys(accession_numbers))
    found: set[str] = set()
    for start in range(0, len(numbers), IN_CHUNK):
        found.update(session.scalars(select(Record.accession_number).join(ObjectModel)
                                     .where(Record.accession_number.in_(numbers[start:start + IN_CHUNK]))
                                     .distinct()))
    return found


def file_by_name(session: Session, name: str) -> ObjectModelFile | None:
    return session.scalar(select(ObjectModelFile).where(ObjectModelFile.name == name).limit(1))


def clean_hotspot(data: dict, model: ObjectModel, hotspot_id: str | None = None) -> dict:
    """A checked hotspot: ``position`` [x, y, z] in metres within the model's box (2 cm margin),
    optional unit ``normal``, ``label`` (required) and ``description`` keyed by language."""
    if not isinstance(data, dict):
        raise BadParameter("a hotspot is a JSON object")
    unknown = set(data) - {"id", "position", "normal", "label", "description"}
    if unknown:
        raise BadParameter(f"unknown hotspot field(s): {', '.join(sorted(unknown))}")
    position = _vector(data.get("position"), "position")
    box = model.stats.get("bbox_cm", {})
    half_x, half_z = box.get("width", 0) / 200 + 0.02, box.get("depth", 0) / 200 + 0.02
    height = box.get("height", 0) / 100 + 0.02
    if not (abs(position[0]) <= half_x and -0.02 <= position[1] <= height and abs(position[2]) <= half_z):
        raise BadParameter(f"position {position} lies outside the model's bounding box")
    hotspot = {"id": hotspot_id or data.get("id") or uuid.uuid4().hex[:12], "position": position}
    if data.get("normal") is not None:
        normal = _vector(data["normal"], "normal")
        largest = max(abs(c) for c in normal)  # scaled first, so a tiny vector does not underflow to zero
        if largest == 0:
            raise BadParameter("normal must not be the zero vector")
        scaled = [c / largest for c in normal]
        length = math.sqrt(sum(c * c for c in scaled))
        hotspot["normal"] = [round(c / length, 6) for c in scaled]
    hotspot["label"] = _texts(data.get("label"), "label", required=True)
    hotspot["description"] = _texts(data.get("description"), "description", required=False)
    if not isinstance(hotspot["id"], str) or not hotspot["id"].replace("-", "").isalnum() or len(hotspot["id"]) > 40:
        raise BadParameter("hotspot id must be letters, digits and '-' (at most 40)")
    return hotspot


def _vector(value, field: str) -> list[float]:
    if not isinstance(value, list | tuple) or len(value) != 3 or not all(
            isinstance(c, int | float) and not isinstance(c, bool) and math.isfinite(c) for c in value):
        raise BadParameter(f"{field} must be three finite numbers [x, y, z]")
    return [float(c) for c in value]


def _texts(value, field: str, required: bool) -> dict:
    if value is None and not required:
        return {}
    if not isinstance(value, dict) or (required and not value):
        raise BadParameter(f"{field} must be an object keyed by language ({', '.join(LANGUAGES)})")
    for lang, text in value.items():
        if lang not in LANGUAGES:
            raise BadParameter(f"{field}: unknown language {lang!r}; use {', '.join(LANGUAGES)}")
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT:
            raise BadParameter(f"{field}.{lang} must be non-empty text of at most {MAX_TEXT} characters")
    return {lang: text.strip() for lang, text in value.items()}


def set_hotspots(model: ObjectModel, hotspots: list[dict]) -> None:
    if len(hotspots) > MAX_HOTSPOTS:
        raise Conflict(f"at most {MAX_HOTSPOTS} hotspots per model")
    model.hotspots = list(hotspots)  # a new list, so SQLAlchemy sees the change


def remove_model(session: Session, model: ObjectModel) -> list[str]:
    """Delete the model and its file rows; returns the stored file names (under <media>/models/) that no
    other model uses, to delete once committed."""
    names = [f.name for f in model.files]
    shared = set(session.scalars(select(ObjectModelFile.name).where(ObjectModelFile.name.in_(names),
                                                                    ObjectModelFile.model_id != model.id)))
    session.delete(model)
    return [name for name in dict.fromkeys(names) if name not in shared]
