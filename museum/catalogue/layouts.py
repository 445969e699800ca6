"""Gallery layouts with versions: every save is a new numbered version holding the whole JSON document.

The document format, all checks and rendering live in the framework-free :mod:`exhibits.layouts`; this
module stores documents, refreshes their object facts from the catalogue and finds objects' photos and 3D
models for renders (:func:`render_sources`).
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from PIL import Image
from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from assets.storage import MediaStorage
from exhibits.layouts.checker import check_layout
from exhibits.layouts.model import Layout, parse_layout
from exhibits.layouts.render import Sources
from museum.catalogue import audit, vocabulary
from museum.catalogue.db import Base
from museum.catalogue.models import Record, utcnow
from museum.catalogue.versioning import DocumentVersion, next_number
from museum.exceptions import Conflict, NotFound


class GalleryLayout(Base):
    __tablename__ = "layouts"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True, index=True)  # the document's "id"
    gallery_slug: Mapped[str | None] = mapped_column(String(80), index=True)
    title: Mapped[dict] = mapped_column(JSON, default=dict)
    current_version: Mapped[int] = mapped_column(Integer, default=0)
    is_sample: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    versions: Mapped[list[LayoutVersion]] = relationship(back_populates="layout",
                                                         order_by="LayoutVersion.number",
                                                         cascade="all, delete-orphan")


class LayoutVersion(DocumentVersion, Base):
    __tablename__ = "layout_versions"
    __table_args__ = (UniqueConstraint("layout_id", "number"),)
    SUMMARY_FIELDS = ("note", "author", "problem_count")

    layout_id: Mapped[int] = mapped_column(ForeignKey("layouts.id", ondelete="CASCADE"), index=True)
    layout_slug: Mapped[str] = mapped_column(String(80), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(String(120))
    problem_count: Mapped[int] = mapped_column(Integer, default=0)

    layout: Mapped[GalleryLayout] = relationship(back_populates="versions")


DERIVATIVES = ("kiosk", "web")  # normalised GLB derivatives of the 3D feature
audit.track(GalleryLayout, "slug")
audit.track(LayoutVersion, "layout_slug")


def list_layouts(session: Session) -> list[GalleryLayout]:
    return list(session.scalars(select(GalleryLayout).order_by(GalleryLayout.slug)))


def get_layout(session: Session, slug: str) -> GalleryLayout:
    stored = session.scalar(select(GalleryLayout).where(GalleryLayout.slug == slug))
    if stored is None:
        raise NotFound(f"no layout {slug!r}")
    return stored


def get_version(session: Session, slug: str, number: int | None = None) -> LayoutVersion:
    stored = get_layout(session, slug)
    number = number or stored.current_version
    version = session.scalar(select(LayoutVersion).where(LayoutVersion.layout_id == stored.id,
                                                         LayoutVersion.number == number))
    if version is None:
        raise NotFound(f"layout {slug!r} has no version {number}")
    return version


def save_version(session: Session, document: dict, *, author: str | None = None, note: str | None = None,
                 base_version: int | None = None, is_sample: bool = False) -> LayoutVersion:
    """Validate ``document`` and store it as the next version of its layout (created on first save).

    ``base_version`` is the version the editor started from: saving over a newer version is a conflict.
    """
    layout = parse_layout(document)
    document = layout.to_dict()
    stored = session.scalar(select(GalleryLayout).where(GalleryLayout.slug == layout.id))
    if stored is None:
        stored = GalleryLayout(slug=layout.id, current_version=0, is_sample=is_sample)
        session.add(stored)
        session.flush()
    elif base_version is not None and base_version != stored.current_version:
        raise Conflict(f"layout {layout.id!r} is at version {stored.current_version}, not {base_version}: "
                       "reload it before saving")
    number = next_number(session, LayoutVersion, LayoutVersion.layout_id == stored.id)
    version = LayoutVersion(layout=stored, layout_slug=layout.id, number=number, document=document,
                            note=note, author=author, problem_count=len(check_layout(layout)["problems"]))
    stored.current_version = version.number
    stored.gallery_slug = layout.gallery
    stored.title = layout.title
    session.add(version)
    session.flush()
    return version


def catalogue_facts(record: Record) -> dict:
    """The object block of a layout document from a catalogue record (sizes in metres)."""
    facts: dict = {"accession_number": record.accession_number, "title": dict(record.title or {})}
    if record.material:
        facts["material"] = vocabulary.label("material", record.material, "zh")[0]
    if record.weight_g is not None:
        facts["weight_kg"] = round(record.weight_g / 1000, 4)
    height = record.height_cm
    if record.diameter_cm:
        facts["diameter"] = record.diameter_cm / 100
    width = record.width_cm or record.diameter_cm
    depth = record.depth_cm or record.diameter_cm
    if height and width and depth:
        facts["size"] = {"width": width / 100, "depth": depth / 100, "height": height / 100}
        facts["size_source"] = "catalogue"
    return facts


def refresh_from_catalogue(session: Session, document: dict) -> tuple[dict, int]:
    """Update each placement's object snapshot from its catalogue record where one exists.

    The size comes from the catalogue when it has all three dimensions (or diameter and height), else
    from the bounding box of the record's 3D model, else the layout keeps its own.
    Returns the new document and the number of placements refreshed.
    """
    numbers = {p["object"]["accession_number"] for p in document.get("placements", [])}
    records = {r.accession_number: r for r in session.scalars(select(Record).where(
        Record.accession_number.in_(numbers)))} if numbers else {}
    refreshed = 0
    for placement in document.get("placements", []):
        record = records.get(placement["object"]["accession_number"])
        if record is None:
            continue
        facts = catalogue_facts(record)
        if "size" not in facts:
            facts.pop("diameter", None)
            box = model_box(session, record.accession_number)
            if box is not None:
                facts["size"], facts["size_source"] = box, "model"
        if "size" in facts and "diameter" not in facts:
            placement["object"].pop("diameter", None)  # the old footprint no longer matches the size
        placement["object"].update(facts)
        refreshed += 1
    return document, refreshed


def model_box(session: Session, accession_number: str) -> dict | None:
    """The bounding box (metres) of the record's first 3D model, from the 3D feature's statistics."""
    for model in _models_of(session, accession_number):
        box = (model.stats or {}).get("bbox_cm") or {}
        if all(box.get(key, 0) > 0 for key in ("width", "depth", "height")):
            return {key: round(box[key] / 100, 4) for key in ("width", "depth", "height")}
    return None


def render_sources(session: Session, config, storage: MediaStorage) -> Sources:
    """The catalogue's photos and 3D models for :func:`exhibits.layouts.render.render` (each loaded once
    per :class:`Sources`: render several kinds with one)."""
    return Sources(model_for=model_source(session, config, storage), photo_for=photo_source(session, storage))


def media_fingerprint(session: Session, layout: Layout) -> str:
    """What a render of ``layout`` takes from the catalogue besides the document, as one hash: the
    content-addressed keys of its objects' photos and 3D model files (a photo or model added, replaced or
    removed changes it)."""
    from museum.catalogue.images import IMAGES  # the images feature's table

    numbers = sorted({p.object.accession_number for p in layout.placements})
    records = session.scalars(select(Record).where(Record.accession_number.in_(numbers))) if numbers else []
    parts = []
    for record in sorted(records, key=lambda r: r.accession_number):
        parts.append(record.accession_number)
        parts.extend(image.source_path for image in IMAGES.of(session, record))
        parts.extend(sorted(f.name for model in _models_of(session, record.accession_number)
                            for f in model.files))
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def _models_of(session: Session, accession_number: str) -> list:
    from museum.catalogue.models3d import MODELS  # the 3D feature's tables

    record = session.scalar(select(Record).where(Record.accession_number == accession_number))
    return MODELS.of(session, record) if record is not None else []


def photo_source(session: Session, storage: MediaStorage):
    """``photo_for(accession)``: the first catalogue image of the record as a small PIL image, or None."""
    from museum.catalogue.images import IMAGES  # the images feature's table

    def photo_for(accession_number: str):
        record = session.scalar(select(Record).where(Record.accession_number == accession_number))
        images = IMAGES.of(session, record) if record is not None else []
        for image in images:
            try:
                with storage.open(image.source_path) as stream, Image.open(stream) as opened:
                    opened.draft("RGB", (512, 512))
                    small = opened.convert("RGB")
                    small.thumbnail((512, 512))
                    return small
            except OSError:  # missing (FileNotFoundError) or unreadable
                continue
        return None

    return photo_for


def model_source(session: Session, config, storage: MediaStorage):
    """``model_for(accession)``: the record's lightest normalised GLB derivative (metres, +Y up, origin at the
    base centre: what :mod:`exhibits.layouts.scene` expects) as a trimesh scene, or None. A deployment can
    name another source with ``LAYOUT_MODEL_SOURCE = "module:function"`` (a function of
    ``(session, media_root)`` returning such a callable)."""
    name = config["LAYOUT_MODEL_SOURCE"]
    if name:
        import importlib

        module, _, function = name.partition(":")
        return getattr(importlib.import_module(module), function)(session, config["MEDIA_ROOT"])
    from assets.models.webglb import load_glb_scene
    from museum.catalogue.models3d import PREFIX  # the 3D feature's keys

    loaded: dict[str, object] = {}

    def model_for(accession_number: str):
        if accession_number not in loaded:
            loaded[accession_number] = None
            files = [f for model in _models_of(session, accession_number) for f in model.files
                     if f.kind in DERIVATIVES and f.name.endswith(".glb") and storage.exists(PREFIX + f.name)]
            if files:
                lightest = min(files, key=lambda f: f.triangles or 10**12)
                try:
                    with storage.open(PREFIX + lightest.name) as stream:
                        loaded[accession_number] = load_glb_scene(stream.read())
                except Exception:  # a damaged file: the object is drawn as a box
                    loaded[accession_number] = None
        return loaded[accession_number]

    return model_for


def load_document(session: Session, slug: str, number: int | None = None) -> tuple[Layout, LayoutVersion]:
    version = get_version(session, slug, number)
    return parse_layout(version.document, f"layout {slug} v{version.number}"), version
