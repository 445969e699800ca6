"""Online exhibitions (stories): a cover, a title and summary in the six languages and an ordered list of
blocks — text sections (Markdown, sanitised when shown: :mod:`exhibits.stories.text`), object cards, an
image at a chosen IIIF region, an image comparison, a 3D model at a chosen hotspot, an audio guide track
with its captions, a map of find sites and a timeline of periods.

Like records' revisions and layouts' versions: every save is a new numbered version holding the whole
document; publishing makes a version the public one (``published_version``, with its document copied to
``exhibitions.document``) so a curator's later drafts never show until published again. Both tables are
tracked by the audit log. Checks name each problem by a ``code`` with its parameters (the workspace says
it in the curator's language) and the block it is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from languages import LANGUAGES
from museum.catalogue import audit, vocabulary
from museum.catalogue.db import Base
from museum.catalogue.models import Record, utcnow
from museum.catalogue.versioning import DocumentVersion, next_number
from museum.exceptions import BadParameter, Conflict, NotFound

DRAFT, PUBLISHED = "draft", "published"
SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
KINDS = ("text", "object", "image", "compare", "model", "audio", "map", "timeline")
REGION = re.compile(r"(\d+),(\d+),(\d+),(\d+)")
MAX_BLOCKS = 60
MAX_TEXT = 20_000


class Exhibition(Base):
    __tablename__ = "exhibitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True, index=True)
    title: Mapped[dict] = mapped_column(JSON, default=dict)  # of the newest version (the workspace's list)
    status: Mapped[str] = mapped_column(String(10), default=DRAFT, index=True)  # draft | published
    current_version: Mapped[int] = mapped_column(Integer, default=0)
    published_version: Mapped[int | None] = mapped_column(Integer)
    document: Mapped[dict | None] = mapped_column(JSON)  # the published version's document
    first_published_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    is_sample: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    versions: Mapped[list[ExhibitionVersion]] = relationship(back_populates="exhibition",
                                                             order_by="ExhibitionVersion.number",
                                                             cascade="all, delete-orphan")

    @property
    def has_draft(self) -> bool:
        return self.current_version != (self.published_version or 0)


class ExhibitionVersion(DocumentVersion, Base):
    __tablename__ = "exhibition_versions"
    __table_args__ = (UniqueConstraint("exhibition_id", "number"),)
    SUMMARY_FIELDS = ("note", "author", "published_by")

    exhibition_id: Mapped[int] = mapped_column(ForeignKey("exhibitions.id", ondelete="CASCADE"), index=True)
    exhibition_slug: Mapped[str] = mapped_column(String(80), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(String(160))
    published_by: Mapped[str | None] = mapped_column(String(160))
    published_at: Mapped[datetime | None] = mapped_column(DateTime)

    exhibition: Mapped[Exhibition] = relationship(back_populates="versions")


audit.track(Exhibition, "slug")
audit.track(ExhibitionVersion, "exhibition_slug")


class ExhibitionError(BadParameter):
    """A problem with an exhibition: ``code`` and ``params`` (said in the curator's language by the
    workspace), ``block`` the 1-based block it is about (0: the exhibition itself), ``field`` the field."""

    def __init__(self, message: str, *, code: str, block: int = 0, field: str = "", **params):
        super().__init__(message, code=code, **params)
        self.block, self.field = block, field


@dataclass
class Checked:
    document: dict
    problems: list[ExhibitionError] = field(default_factory=list)


def empty_document(title: dict | None = None) -> dict:
    return {"title": dict(title or {}), "summary": {}, "cover": None, "blocks": []}


def _texts(value, what: str, block: int, limit: int = MAX_TEXT) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ExhibitionError(f"{what} must map languages to text", code="not_texts", block=block, field=what)
    texts = {}
    for code, text in value.items():
        if code not in LANGUAGES:
            raise ExhibitionError(f"{what}: unknown language {code!r}", code="unknown_language", block=block,
                                  field=what, value=code)
        text = str(text or "").strip()
        if len(text) > limit:
            raise ExhibitionError(f"{what} ({code}) is longer than {limit} characters", code="too_long",
                                  block=block, field=what, limit=limit)
        if text:
            texts[code] = text
    return texts


def parse_region(value: str, width: int, height: int, block: int = 0, field_name: str = "region") -> str:
    """``x,y,w,h`` in pixels of the full image, inside it and not empty (IIIF Image API region syntax)."""
    value = (value or "").replace(" ", "")
    if value in ("", "full"):
        return "full"
    match = REGION.fullmatch(value)
    if not match:
        raise ExhibitionError(f"region {value!r} must read x,y,w,h (pixels)", code="region_format",
                              block=block, field=field_name, value=value)
    x, y, w, h = map(int, match.groups())
    if w == 0 or h == 0 or x + w > width or y + h > height:
        raise ExhibitionError(f"region {value!r} is not inside the image ({width}×{height})",
                              code="region_outside", block=block, field=field_name, value=value,
                              width=width, height=height)
    return f"{x},{y},{w},{h}"


def check(session: Session, document: dict) -> Checked:
    """The document normalised, and every problem found (references to records, images, models, tracks,
    places and periods that do not exist; regions outside their image; unknown block kinds)."""
    from museum.catalogue.audio import TRACKS
    from museum.catalogue.images import IMAGES
    from museum.catalogue.models3d import MODELS

    problems: list[ExhibitionError] = []
    out = empty_document()
    try:
        out["title"] = _texts(document.get("title"), "title", 0, 300)
        out["summary"] = _texts(document.get("summary"), "summary", 0, 2000)
    except ExhibitionError as problem:
        problems.append(problem)

    def image(identifier: str, block: int, name: str):
        found = IMAGES.by_identifier(session, identifier or "")
        if found is None:
            problems.append(ExhibitionError(f"no image {identifier!r}", code="unknown_image", block=block,
                                            field=name, value=identifier or ""))
        return found

    def record(accession: str, block: int) -> Record | None:
        found = session.scalar(select(Record).where(Record.accession_number == (accession or "").strip()))
        if found is None:
            problems.append(ExhibitionError(f"no record {accession!r}", code="unknown_record", block=block,
                                            field="accession", value=accession or ""))
        elif not found.published:
            problems.append(ExhibitionError(f"record {accession!r} is not published",
                                            code="unpublished_record", block=block, field="accession",
                                            value=accession))
        return found

    cover = document.get("cover") or None
    if cover:
        found = image(cover.get("image"), 0, "cover")
        if found is not None:
            try:
                out["cover"] = {"image": found.identifier,
                                "region": parse_region(cover.get("region", ""), found.width, found.height,
                                                       0, "cover_region")}
            except ExhibitionError as problem:
                problems.append(problem)
    blocks = document.get("blocks") or []
    if len(blocks) > MAX_BLOCKS:
        problems.append(ExhibitionError(f"at most {MAX_BLOCKS} blocks", code="too_many_blocks",
                                        limit=MAX_BLOCKS))
    for number, block in enumerate(blocks[:MAX_BLOCKS], start=1):
        kind = block.get("kind")
        if kind not in KINDS:
            problems.append(ExhibitionError(f"block {number}: unknown kind {kind!r}", code="unknown_kind",
                                            block=number, field="kind", value=str(kind)))
            continue
        clean: dict = {"kind": kind}
        try:
            clean["caption"] = _texts(block.get("caption"), "caption", number, 1000)
            if kind == "text":
                clean["heading"] = _texts(block.get("heading"), "heading", number, 300)
                clean["body"] = _texts(block.get("body"), "body", number)
                if not clean["heading"] and not clean["body"]:
                    raise ExhibitionError(f"block {number}: the section is empty", code="empty_section",
                                          block=number, field="body")
            elif kind == "object":
                clean["accession"] = (block.get("accession") or "").strip()
                record(clean["accession"], number)
            elif kind == "image":
                found = image(block.get("image"), number, "image")
                clean["image"] = block.get("image") or ""
                clean["region"] = parse_region(block.get("region", ""), found.width, found.height,
                                               number) if found else "full"
            elif kind == "compare":
                clean["before"], clean["after"] = block.get("before") or "", block.get("after") or ""
                image(clean["before"], number, "before")
                image(clean["after"], number, "after")
            elif kind == "model":
                clean["accession"] = (block.get("accession") or "").strip()
                clean["hotspot"] = (block.get("hotspot") or "").strip()
                found = record(clean["accession"], number)
                models = MODELS.of(session, found) if found is not None else []
                if found is not None and not models:
                    raise ExhibitionError(f"record {clean['accession']!r} has no 3D model", code="no_model",
                                          block=number, field="accession", value=clean["accession"])
                ids = [str(h.get("id")) for m in models[:1] for h in (m.hotspots or [])]
                if clean["hotspot"] and models and clean["hotspot"] not in ids:
                    raise ExhibitionError(f"the model has no hotspot {clean['hotspot']!r}",
                                          code="unknown_hotspot", block=number, field="hotspot",
                                          value=clean["hotspot"], choices=", ".join(ids) or "—")
            elif kind == "audio":
                clean["track"] = (block.get("track") or "").strip()
                if TRACKS.by_folder(session, clean["track"]) is None:
                    raise ExhibitionError(f"no audio track {clean['track']!r}", code="unknown_track",
                                          block=number, field="track", value=clean["track"])
            elif kind == "map":
                clean["places"] = _terms("place", block.get("places"), number, "places")
                missing = [k for k in clean["places"] if not vocabulary.by_key("place", k).coordinates]
                if missing:
                    raise ExhibitionError(f"no coordinates for {', '.join(missing)}", code="no_coordinates",
                                          block=number, field="places", value=", ".join(missing))
            elif kind == "timeline":
                clean["periods"] = _terms("period", block.get("periods"), number, "periods")
        except ExhibitionError as problem:
            problems.append(problem)
        out["blocks"].append(clean)
    return Checked(out, problems)


def _terms(kind: str, value, block: int, name: str) -> list[str]:
    items = value if isinstance(value, list) else re.split(r"[\n,，、;；]+", value or "")
    keys = []
    for item in (str(i).strip() for i in items):
        if not item:
            continue
        try:
            keys.append(vocabulary.lookup(kind, item).key)
        except vocabulary.UnknownTerm as unknown:
            raise ExhibitionError(str(unknown), code="unknown_term", block=block, field=name, value=item,
                                  suggestions=unknown.suggestions) from None
    if not keys:
        raise ExhibitionError(f"name at least one {kind}", code=f"no_{kind}s", block=block, field=name)
    return list(dict.fromkeys(keys))


def get(session: Session, slug: str) -> Exhibition:
    found = session.scalar(select(Exhibition).where(Exhibition.slug == slug))
    if found is None:
        raise NotFound(f"no exhibition {slug!r}", code="no_exhibition", slug=slug)
    return found


def all_exhibitions(session: Session) -> list[Exhibition]:
    return list(session.scalars(select(Exhibition).order_by(Exhibition.updated_at.desc())))


def published(session: Session, limit: int | None = None) -> list[Exhibition]:
    query = (select(Exhibition).where(Exhibition.status == PUBLISHED)
             .order_by(Exhibition.first_published_at.desc(), Exhibition.id.desc()))
    return list(session.scalars(query.limit(limit) if limit else query))


def version(session: Session, exhibition: Exhibition, number: int | None = None) -> ExhibitionVersion:
    number = number or exhibition.current_version
    found = session.scalar(select(ExhibitionVersion).where(ExhibitionVersion.exhibition_id == exhibition.id,
                                                           ExhibitionVersion.number == number))
    if found is None:
        raise NotFound(f"exhibition {exhibition.slug!r} has no version {number}", code="no_version",
                       number=number)
    return found


def create(session: Session, slug: str, title: dict, *, author: str | None = None,
           is_sample: bool = False) -> Exhibition:
    slug = (slug or "").strip()
    if not SLUG.fullmatch(slug):
        raise ExhibitionError(f"{slug!r} must be lower-case letters, digits and '-'", code="slug",
                              field="slug", value=slug)
    if session.scalar(select(Exhibition.id).where(Exhibition.slug == slug)) is not None:
        raise Conflict(f"exhibition {slug!r} exists", code="exhibition_exists", slug=slug)
    title = _texts(title, "title", 0, 300)
    if not title:
        raise ExhibitionError("give a title in at least one language", code="title_required", field="title")
    exhibition = Exhibition(slug=slug, title=title, status=DRAFT, current_version=0, is_sample=is_sample)
    session.add(exhibition)
    session.flush()
    save(session, slug, empty_document(title), author=author, note="created")
    return exhibition


def save(session: Session, slug: str, document: dict, *, author: str | None = None, note: str | None = None,
         base_version: int | None = None) -> ExhibitionVersion:
    """Check ``document`` and store it as the next version (a draft until published). Raises the first
    problem (all of them are in :func:`check`); saving over a newer version than ``base_version`` is a
    conflict."""
    exhibition = get(session, slug)
    if base_version is not None and base_version != exhibition.current_version:
        raise Conflict(f"exhibition {slug!r} is at version {exhibition.current_version}, not {base_version}",
                       code="stale_version", current=exhibition.current_version, base=base_version)
    checked = check(session, document)
    if checked.problems:
        raise checked.problems[0]
    number = next_number(session, ExhibitionVersion, ExhibitionVersion.exhibition_id == exhibition.id)
    saved = ExhibitionVersion(exhibition=exhibition, exhibition_slug=slug, number=number,
                              document=checked.document, note=note, author=author)
    exhibition.current_version = saved.number
    exhibition.title = checked.document["title"] or exhibition.title
    session.add(saved)
    session.flush()
    return saved


def publish(session: Session, slug: str, *, actor: str | None = None,
            number: int | None = None) -> Exhibition:
    """Make version ``number`` (the newest by default) the public one; it must still pass the checks and
    have a title and at least one block."""
    exhibition = get(session, slug)
    chosen = version(session, exhibition, number)
    checked = check(session, chosen.document)
    if checked.problems:
        raise checked.problems[0]
    if not checked.document["title"].get("zh") and not checked.document["title"].get("en"):
        raise ExhibitionError("a published exhibition needs a title in Chinese or English",
                              code="title_required", field="title")
    if not checked.document["blocks"]:
        raise ExhibitionError("add at least one block before publishing", code="no_blocks")
    now = utcnow()
    chosen.published_at, chosen.published_by = now, actor
    exhibition.status, exhibition.published_version = PUBLISHED, chosen.number
    exhibition.document = checked.document
    exhibition.published_at = now
    exhibition.first_published_at = exhibition.first_published_at or now
    session.flush()
    return exhibition


def unpublish(session: Session, slug: str) -> Exhibition:
    exhibition = get(session, slug)
    exhibition.status, exhibition.published_version, exhibition.document = DRAFT, None, None
    session.flush()
    return exhibition


def history(session: Session, exhibition: Exhibition) -> list[ExhibitionVersion]:
    return list(session.scalars(select(ExhibitionVersion).where(
        ExhibitionVersion.exhibition_id == exhibition.id).order_by(ExhibitionVersion.number.desc())))
