"""Drafts, publishing, version history, field-by-field diff and revert of catalogue records.

The ``records`` row always holds the *published* text: the public pages and the API read it (and only
rows with ``published`` set). An edit is saved as a *draft* revision (one open draft per record, edited
in place) and reaches the record only when a curator publishes it. Every publication is a numbered
revision holding a full snapshot of the editable fields, so any two versions can be compared and any
version restored (a revert publishes a new revision with the old snapshot). The first publication of a
record that predates the workspace first stores its current state as revision 1 ("baseline").
Changes to records go through the session, so the audit log sees them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from languages import LANGUAGES
from museum.catalogue import audit
from museum.catalogue.db import Base
from museum.catalogue.fields import MULTILINGUAL, SCALARS
from museum.catalogue.models import Gallery, Record, utcnow
from museum.catalogue.parsing import ParseError
from museum.catalogue.validation import Issue, RowValidator
from museum.exceptions import BadParameter, Conflict, NotFound

# The fields a revision snapshots: every field of the record's field list except the publishing flag.
EDITABLE = (*MULTILINGUAL, *(f.name for f in SCALARS if f.name != "published"))
DRAFT, PUBLISHED, DISCARDED = "draft", "published", "discarded"


class RecordRevision(Base):
    __tablename__ = "record_revisions"
    __table_args__ = (UniqueConstraint("record_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), index=True)
    accession_number: Mapped[str] = mapped_column(String(64), index=True)
    number: Mapped[int | None] = mapped_column(Integer)  # set when published: 1, 2, 3 ...
    state: Mapped[str] = mapped_column(String(10), index=True)  # draft | published | discarded
    data: Mapped[dict] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    based_on: Mapped[int | None] = mapped_column(Integer)  # published number the draft started from
    author: Mapped[str] = mapped_column(String(160))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    published_by: Mapped[str | None] = mapped_column(String(160))
    published_at: Mapped[datetime | None] = mapped_column(DateTime)

    record: Mapped[Record] = relationship()


audit.track(RecordRevision, "accession_number")


@dataclass(frozen=True)
class FieldChange:
    field: str
    language: str | None
    before: object
    after: object

    @property
    def label(self) -> str:
        return f"{self.field} [{self.language}]" if self.language else self.field


def _clean_text_map(values: dict | None) -> dict:
    return {lang: text for lang, text in (values or {}).items() if text}


def snapshot(record: Record) -> dict:
    data = {name: _clean_text_map(getattr(record, name)) for name in MULTILINGUAL}
    for name in EDITABLE[len(MULTILINGUAL):]:
        data[name] = record.gallery.slug if name == "gallery" and record.gallery else (
            None if name == "gallery" else getattr(record, name))
    return data


def validate_form(session: Session, form: dict[str, str]) -> tuple[dict, dict[str, Issue]]:
    """Flat form fields (``title_en``, ``height_cm`` ...) → snapshot and ``{field: problem}`` (an
    :class:`Issue`, its code said in the curator's language by the workspace); the same parsing and rules
    as spreadsheet imports."""
    galleries = {g.slug: g for g in session.scalars(select(Gallery))}

    def resolve_gallery(text: str) -> str:
        if text in galleries:
            return text
        for gallery in galleries.values():
            if text in (gallery.name or {}).values():
                return gallery.slug
        raise ParseError(f"unknown gallery {text!r}", "unknown_gallery", value=text)

    row = {"accession_number": form.get("accession_number") or "draft"}
    row.update({f"{name}_{lang}": form.get(f"{name}_{lang}", "") for name in MULTILINGUAL
                for lang in LANGUAGES})
    row.update({name: form.get(name, "") for name in EDITABLE[len(MULTILINGUAL):]})
    values, issues = RowValidator(resolve_gallery).validate(0, row, {k: k for k in row})
    errors = {issue.field: issue for issue in issues}
    if not _clean_text_map(values.get("title")):
        errors.setdefault("title_zh", Issue(0, "title_zh", "a title in at least one language is required",
                                            code="title_required"))
    data = {name: _clean_text_map(values.get(name)) for name in MULTILINGUAL}
    data.update({name: values.get(name) for name in EDITABLE[len(MULTILINGUAL):]})
    return data, errors


def diff(before: dict, after: dict) -> list[FieldChange]:
    """Field-by-field (and language-by-language for multilingual fields) differences."""
    changes = []
    for name in EDITABLE:
        old, new = before.get(name), after.get(name)
        if name in MULTILINGUAL:
            old, new = old or {}, new or {}
            for lang in (*LANGUAGES, *sorted((set(old) | set(new)) - set(LANGUAGES))):
                if old.get(lang) != new.get(lang):
                    changes.append(FieldChange(name, lang, old.get(lang), new.get(lang)))
        elif old != new:
            changes.append(FieldChange(name, None, old, new))
    return changes


def get_record(session: Session, accession_number: str) -> Record:
    record = session.scalar(select(Record).where(Record.accession_number == accession_number))
    if record is None:
        raise NotFound(f"no record {accession_number!r}")
    return record


def open_draft(session: Session, record: Record) -> RecordRevision | None:
    return session.scalar(select(RecordRevision).where(RecordRevision.record_id == record.id,
                                                       RecordRevision.state == DRAFT))


def latest_number(session: Session, record: Record) -> int:
    last_number = select(func.max(RecordRevision.number)).where(RecordRevision.record_id == record.id)
    return session.scalar(last_number) or 0


def history(session: Session, record: Record) -> list[RecordRevision]:
    """Published revisions, newest first."""
    return list(session.scalars(select(RecordRevision).where(RecordRevision.record_id == record.id,
                                                             RecordRevision.state == PUBLISHED)
                                .order_by(RecordRevision.number.desc())))


def get_revision(session: Session, record: Record, number: int) -> RecordRevision:
    revision = session.scalar(select(RecordRevision).where(RecordRevision.record_id == record.id,
                                                           RecordRevision.number == number))
    if revision is None:
        raise NotFound(f"record {record.accession_number} has no version {number}", code="no_version",
                       number=number)
    return revision


def save_draft(session: Session, record: Record, data: dict, author: str,
               note: str | None = None) -> RecordRevision:
    draft = open_draft(session, record)
    if draft is None:
        draft = RecordRevision(record=record, record_id=record.id, accession_number=record.accession_number,
                               state=DRAFT, based_on=latest_number(session, record) or None)
        session.add(draft)
    draft.data, draft.author, draft.note = dict(data), author, note
    session.flush()
    return draft


def create_record(session: Session, accession_number: str, data: dict, author: str) -> RecordRevision:
    """A new, unpublished record whose content waits in a draft."""
    if session.scalar(select(Record.id).where(Record.accession_number == accession_number)):
        raise Conflict(f"record {accession_number!r} already exists", code="record_exists",
                       accession=accession_number)
    record = Record(accession_number=accession_number, title={}, description={}, published=False)
    session.add(record)
    session.flush()
    return save_draft(session, record, data, author, note="new record")


def _ensure_baseline(session: Session, record: Record, actor: str) -> None:
    if latest_number(session, record) == 0 and record.published:
        session.add(RecordRevision(record=record, record_id=record.id,
                                   accession_number=record.accession_number,
                                   number=1, state=PUBLISHED, data=snapshot(record), author=actor,
                                   note="baseline: the record before its first edit in the workspace",
                                   published_by=actor, published_at=utcnow()))
        session.flush()


def _apply(session: Session, record: Record, data: dict) -> None:
    for name in EDITABLE:
        if name not in data:
            continue
        if name == "gallery":
            slug = data[name]
            gallery = session.scalar(select(Gallery).where(Gallery.slug == slug)) if slug else None
            if slug and gallery is None:
                raise BadParameter(f"gallery {slug!r} no longer exists", code="unknown_gallery", value=slug)
            record.gallery = gallery
        elif name in MULTILINGUAL:
            setattr(record, name, _clean_text_map(data[name]))
        else:
            setattr(record, name, data[name])


def _publish_snapshot(session: Session, record: Record, data: dict, actor: str, note: str | None,
                      revision: RecordRevision | None = None) -> RecordRevision:
    _ensure_baseline(session, record, actor)
    number = latest_number(session, record) + 1
    if revision is None:
        revision = RecordRevision(record=record, record_id=record.id,
                                  accession_number=record.accession_number,
                                  data=dict(data), author=actor, note=note, state=PUBLISHED)
        session.add(revision)
    revision.state, revision.number = PUBLISHED, number
    revision.published_by, revision.published_at = actor, utcnow()
    _apply(session, record, data)
    record.published = True
    session.flush()
    return revision


def publish(session: Session, record: Record, actor: str) -> RecordRevision:
    draft = open_draft(session, record)
    if draft is None:
        raise Conflict(f"record {record.accession_number} has no draft to publish", code="no_draft",
                       accession=record.accession_number)
    return _publish_snapshot(session, record, draft.data, actor, draft.note, draft)


def discard(session: Session, record: Record) -> None:
    draft = open_draft(session, record)
    if draft is None:
        raise Conflict(f"record {record.accession_number} has no draft", code="no_draft",
                       accession=record.accession_number)
    draft.state = DISCARDED
    session.flush()


def revert(session: Session, record: Record, number: int, actor: str) -> RecordRevision:
    """Publish the content of version ``number`` again, as a new version."""
    target = get_revision(session, record, number)
    if target.state != PUBLISHED:
        raise Conflict(f"version {number} was never published", code="never_published", number=number)
    return _publish_snapshot(session, record, target.data, actor, f"revert to version {number}")


def unpublish(session: Session, record: Record) -> None:
    record.published = False
    session.flush()
