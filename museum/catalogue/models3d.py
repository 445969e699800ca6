"""3D models of records: the ``object_models`` and ``object_model_files`` tables and their
:class:`ModelHoldings` (the 3D model kind's catalogue side, :mod:`assets.models.kind`), which records have one
(:func:`records_with_3d`: search's ``has_3d``, the kiosk's badges), and hotspots.

Files are stored under the keys ``models/<sha256>.<ext>``: named by content, so a URL never changes meaning
and can be cached for a year. Hotspots are multilingual annotations anchored to points of the model
(metres, +Y up, origin at the base centre: the frame of every derivative), kept as JSON on the model.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from assets.media import Limits, sha256_of
from assets.models.crosscheck import crosscheck
from assets.models.kind import MODEL3D
from assets.models.normalise import check_frame
from languages import LANGUAGES
from museum.catalogue import audit
from museum.catalogue.db import Base
from museum.catalogue.holdings import Added, Holdings, Notice
from museum.catalogue.models import Record, utcnow
from museum.exceptions import BadParameter, Conflict, NotFound

PREFIX = "models/"
MAX_HOTSPOTS = 50
IN_CHUNK = 900  # accession numbers per IN (...): under SQLite's 999 bound parameters
MAX_TEXT = 2000
# A text must show something: one character that is whitespace neither to Python nor to ECMAScript (\x85 and
# \x1c-\x1f are spaces only to Python, \ufeff only to ECMAScript), so the API document's pattern and this
# check agree whichever regex engine reads the pattern.
VISIBLE_TEXT = "[^\\s\\ufeff\\u0085\\u001c-\\u001f]"
_VISIBLE = re.compile(VISIBLE_TEXT)


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
    rights: Mapped[str | None] = mapped_column(String(40))  # museum/catalogue/rights.py; None: the record's
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    record: Mapped[Record] = relationship()
    files: Mapped[list[ObjectModelFile]] = relationship(back_populates="model", cascade="all, delete-orphan",
                                                        order_by="ObjectModelFile.id")

    def file(self, kind: str) -> ObjectModelFile | None:
        return next((f for f in self.files if f.kind == kind), None)


audit.track(ObjectModel, "id")  # a change of rights (or hotspots) is in the audit log


class ObjectModelFile(Base):
    """One stored file of a model: ``source``, a derivative (``web``, ``kiosk``, ``thumbnail``) or an
    image (``poster``, ``turntable``)."""

    __tablename__ = "object_model_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    model_id: Mapped[int] = mapped_column(ForeignKey("object_models.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(120), index=True)  # <sha256>.<ext>: its key is models/<name>
    media_type: Mapped[str] = mapped_column(String(60))
    bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    triangles: Mapped[int | None] = mapped_column(Integer)
    vertices: Mapped[int | None] = mapped_column(Integer)
    texture_px: Mapped[int | None] = mapped_column(Integer)
    validator: Mapped[dict | None] = mapped_column(JSON)

    model: Mapped[ObjectModel] = relationship(back_populates="files")


def record_dimensions(record: Record) -> dict:
    return {key: getattr(record, key) for key in ("height_cm", "width_cm", "depth_cm", "diameter_cm")}


class ModelHoldings(Holdings):
    """3D models of records. Options of :meth:`add`: ``units`` (mm, cm, m) and ``up`` (y, z) of the file's
    coordinates. The same file added twice to a record (in the same units and axis) is kept once; a model
    whose size disagrees with the record's dimensions is kept, with a warning."""

    kind = MODEL3D

    def attach(self, session, target, path, storage, limits, is_sample, options) -> list[Added]:
        record = self.record(session, target)
        units, up = options.get("units", "m"), options.get("up", "y")
        digest = sha256_of(path)
        for model in self.of(session, record):
            if model.source_sha256 == digest and model.units == units and model.up == up:
                return [Added(model, created=False)]
        ingested = self.kind.ingest(path, storage, digest, limits, units=units, up=up)
        stats = ingested.metadata["stats"]
        check = crosscheck(stats["bbox_cm"], record_dimensions(record), units)
        warnings = [Notice(f"its size does not match the catalogue: {check['message']}", "size_mismatch",
                           check=check)] if check["mismatch"] else []
        model = ObjectModel(record_id=record.id, source_name=path.name[:300],
                            source_format=ingested.source.format, source_sha256=digest, units=units, up=up,
                            stats=stats, crosscheck=check, dimension_mismatch=check["mismatch"], hotspots=[],
                            is_sample=is_sample)
        for derivative in ingested.derivatives:
            facts = derivative.metadata
            model.files.append(ObjectModelFile(
                kind=derivative.role, name=derivative.key.removeprefix(PREFIX),
                media_type=derivative.media_type, bytes=derivative.bytes, sha256=derivative.sha256,
                triangles=facts.get("triangles"),
                vertices=facts.get("vertices"), texture_px=facts.get("texture_px"),
                validator=facts.get("validator")))
        session.add(model)
        return [Added(model, True, ingested.warnings + warnings)]

    def record(self, session: Session, target: str) -> Record:
        record = session.scalar(select(Record).where(Record.accession_number == target))
        if record is None:
            raise NotFound(f"no record with accession number {target!r}")
        return record

    def of(self, session: Session, record: Record) -> list[ObjectModel]:
        return list(session.scalars(select(ObjectModel).where(ObjectModel.record_id == record.id)
                                    .order_by(ObjectModel.id)))

    def list(self, session, target) -> list[ObjectModel]:
        return self.of(session, self.record(session, target))

    def find(self, session, target, name) -> ObjectModel | None:
        return next((model for model in self.list(session, target) if str(model.id) == name), None)

    def files(self, session, model: ObjectModel) -> list[str]:
        """The stored files of the model that no other model uses."""
        names = [f.name for f in model.files]
        shared = set(session.scalars(select(ObjectModelFile.name).where(
            ObjectModelFile.name.in_(names), ObjectModelFile.model_id != model.id)))
        return [PREFIX + name for name in dict.fromkeys(names) if name not in shared]

    def describe(self, model: ObjectModel) -> str:
        return f"#{model.id} {model.source_name}"

    def limits(self, config) -> Limits:
        """The kind's limits with the settings ``MODEL_MAX_FACES`` and ``MODEL_MAX_BYTES``."""
        return self.kind.limits.replace(max_faces=config["MODEL_MAX_FACES"],
                                        max_bytes=config["MODEL_MAX_BYTES"])

    def form_options(self, form, files) -> dict:
        return {"units": form.get("units", "m"), "up": form.get("up", "y")}

    def check_options(self, options: dict) -> None:
        check_frame(options.get("units", "m"), options.get("up", "y"))


MODELS = ModelHoldings()


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
    if (not isinstance(hotspot["id"], str) or not hotspot["id"].replace("-", "").isalnum()
            or len(hotspot["id"]) > 40):
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
        if not isinstance(text, str) or not _VISIBLE.search(text) or len(text) > MAX_TEXT:
            raise BadParameter(f"{field}.{lang} must be non-empty text of at most {MAX_TEXT} characters")
    return {lang: text.strip() for lang, text in value.items()}


def set_hotspots(model: ObjectModel, hotspots: list[dict]) -> None:
    if len(hotspots) > MAX_HOTSPOTS:
        raise Conflict(f"at most {MAX_HOTSPOTS} hotspots per model")
    model.hotspots = list(hotspots)  # a new list, so SQLAlchemy sees the change
