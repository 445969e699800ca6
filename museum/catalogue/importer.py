"""Catalogue import: read a file, validate every row, then write all of it in one transaction.

All-or-nothing by default: any invalid row raises :class:`ImportFailed` and the database is unchanged.
``skip_invalid`` writes the valid rows and reports the rest; ``dry_run`` validates only.
Re-importing an accession number updates that record (only the columns present in the file).
"""

from __future__ import annotations

import dataclasses
import difflib
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from museum.catalogue import readers
from museum.catalogue.indexing import queue_reindex
from museum.catalogue.models import Gallery, Record, utcnow
from museum.catalogue.validation import Issue, RowValidator, map_columns
from museum.exceptions import ImportFailed

BATCH = 2000
STREAM_BATCH = 5000  # rows validated and written at a time by import_rows


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    galleries_created: list[str] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        verb = "would import" if self.dry_run else "imported"
        text = (f"{verb} {self.created + self.updated} of {self.rows} rows ({self.created} new, "
                f"{self.updated} updated)")
        if self.skipped:
            text += f"; skipped {self.skipped} invalid rows"
        if self.galleries_created:
            text += f"; new galleries: {', '.join(self.galleries_created)}"
        return text


def slugify(text: str) -> str:
    slug = re.sub(r"[^0-9a-z]+", "-", text.strip().lower()).strip("-")
    return slug[:80]


class GalleryResolver:
    """Finds a gallery by slug or by a name in any language; an unknown one is created unless it looks
    like a misspelling of a known one (then it is an error with a suggestion)."""

    def __init__(self, session: Session, declared: list[dict]):
        self.known: dict[str, str] = {}
        self.new: dict[str, dict] = {}
        for gallery in session.scalars(select(Gallery)):
            self._remember(gallery.slug, gallery.name)
        for gallery in declared:
            if gallery.get("slug"):
                self._remember(gallery["slug"], gallery.get("name") or {})

    def _remember(self, slug: str, names: dict) -> None:
        self.known[slug.lower()] = slug
        for name in (names or {}).values():
            if name:
                self.known.setdefault(name.strip().lower(), slug)

    def __call__(self, text: str) -> str:
        key = text.strip().lower()
        if key in self.known:
            return self.known[key]
        close = difflib.get_close_matches(key, list(self.known), n=1, cutoff=0.85)
        if close:
            raise ValueError(f"unknown gallery {text!r}; did you mean {self.known[close[0]]!r}?")
        slug = slugify(text) if re.fullmatch(r"[0-9A-Za-z\- _]+", text.strip()) else None
        if not slug:
            slug = f"gallery-{len(self.known) + len(self.new) + 1}"
            while slug in self.known:
                slug += "-x"
            self.new[slug] = {"slug": slug, "name": {"zh": text.strip()}}
        else:
            self.new[slug] = {"slug": slug, "name": {}}
        self._remember(slug, self.new[slug]["name"])
        return slug


def import_file(session: Session, path: Path, *, max_bytes: int, skip_invalid: bool = False,
                dry_run: bool = False, encoding: str | None = None, ignore_columns=(),
                progress=None) -> ImportReport:
    try:
        sheet = readers.read(path, max_bytes=max_bytes, encoding=encoding)
    except readers.FileProblem as problem:
        raise ImportFailed([Issue(None, "file", str(problem))], str(problem)) from None
    report = ImportReport(rows=len(sheet.rows), dry_run=dry_run)
    mapping, file_issues = map_columns(sheet.columns, set(ignore_columns))
    gallery_issues = _check_galleries(sheet.galleries)
    if file_issues or gallery_issues:
        raise ImportFailed(file_issues + gallery_issues)
    resolver = GalleryResolver(session, sheet.galleries)
    validator = RowValidator(resolver)
    valid: list[tuple[int, dict]] = []
    first_row: dict[str, int] = {}
    for number, row in sheet.rows:
        values, issues = validator.validate(number, row, mapping)
        accession = values.get("accession_number")
        if accession and accession in first_row:
            issues.append(Issue(number, "accession_number",
                                f"{accession!r} is a duplicate of row {first_row[accession]}"))
        elif accession:
            first_row[accession] = number
        if issues:
            report.errors.extend(dataclasses.replace(issue, source=path.name) for issue in issues)
        else:
            valid.append((number, values))
    existing = _existing(session, [v["accession_number"] for _, v in valid])
    for number, values in valid:
        if values["accession_number"] not in existing and not any((values.get("title") or {}).values()):
            report.errors.append(Issue(number, "title", "a new record needs a title in at least one language",
                                       source=path.name))
    bad_rows = {issue.row for issue in report.errors}
    valid = [(n, v) for n, v in valid if n not in bad_rows]
    if report.errors and not skip_invalid:
        raise ImportFailed(report.errors)
    report.skipped = len(bad_rows)
    if dry_run:
        report.created = sum(1 for _, v in valid if v["accession_number"] not in existing)
        report.updated = len(valid) - report.created
        report.galleries_created = sorted(resolver.new)
        return report
    _write(session, sheet.galleries, resolver, valid, existing, report, progress)
    return report


def _check_galleries(galleries: list[dict]) -> list[Issue]:
    issues = []
    for i, gallery in enumerate(galleries, start=1):
        slug = gallery.get("slug", "")
        if not re.fullmatch(r"[0-9a-z][0-9a-z\-]{0,79}", slug):
            issues.append(Issue(None, f"galleries[{i}].slug",
                                f"{slug!r} must be lower-case letters, digits and -"))
    return issues


def _existing(session: Session, accessions: list[str]) -> dict[str, int]:
    found = {}
    for start in range(0, len(accessions), 900):
        chunk = accessions[start:start + 900]
        found.update(session.execute(
            select(Record.accession_number, Record.id).where(Record.accession_number.in_(chunk))).all())
    return found


def _write(session, declared, resolver, valid, existing, report, progress) -> None:
    if progress:
        progress.start(len(valid))
    galleries = {g.slug: g for g in session.scalars(select(Gallery))}
    for data in declared:
        gallery = galleries.get(data["slug"]) or Gallery(slug=data["slug"])
        gallery.name = data.get("name") or {}
        gallery.description = data.get("description") or {}
        gallery.position = int(data.get("position") or 0)
        session.add(gallery)
        galleries[gallery.slug] = gallery
    _add_new_galleries(session, resolver, galleries, report)
    for start in range(0, len(valid), BATCH):
        _write_chunk(session, valid[start:start + BATCH], existing, galleries, report)
        if progress:
            progress.advance(len(valid[start:start + BATCH]))


def _add_new_galleries(session, resolver, galleries, report) -> None:
    """Create the galleries rows named that do not exist yet, in the order they were first named."""
    for slug, data in resolver.new.items():
        if slug not in galleries:
            galleries[slug] = Gallery(slug=slug, name=data["name"], description={},
                                      position=len(galleries))
            session.add(galleries[slug])
            report.galleries_created.append(slug)
    session.flush()


def _write_chunk(session, chunk, existing, galleries, report) -> None:
    ids = [existing[v["accession_number"]] for _, v in chunk if v["accession_number"] in existing]
    loaded = ({r.accession_number: r for r in session.scalars(select(Record).where(Record.id.in_(ids)))}
              if ids else {})
    new_rows = []
    for _, values in chunk:
        record = loaded.get(values["accession_number"])
        if record is None:
            new_rows.append(_new_row(values, galleries))
            report.created += 1
        else:
            _update(record, values, galleries)
            report.updated += 1
    session.flush()
    if new_rows:
        # new records go in as one ORM bulk INSERT (the audit log sees it: see audit.py); the unit of
        # work would cost three times as much for rows that have no history yet
        session.execute(insert(Record).execution_options(render_nulls=True), new_rows)
        queue_reindex(session, [row["accession_number"] for row in new_rows])


def import_rows(session: Session, columns: list[str], rows: Iterable[dict], *, source: str,
                progress=None) -> ImportReport:
    """Validate and write rows as they come, one batch at a time, so memory stays bounded however many
    there are (``museum generate``: a million records). The same checks and the same rows as
    :func:`import_file` (a gallery is created where it first appears), but all-or-nothing only through
    the caller's transaction: the first invalid row raises :class:`ImportFailed` and the caller rolls
    back. Duplicates inside the stream are left to the unique index on accession numbers."""
    mapping, file_issues = map_columns(columns, set())
    if file_issues:
        raise ImportFailed(file_issues)
    resolver = GalleryResolver(session, [])
    validator = RowValidator(resolver)
    galleries = {g.slug: g for g in session.scalars(select(Gallery))}
    report = ImportReport()
    iterator = enumerate(rows, start=2)  # row 1 is a file's header: numbers match the CSV's lines
    while chunk := list(itertools.islice(iterator, STREAM_BATCH)):
        valid = []
        for number, row in chunk:
            values, issues = validator.validate(number, row, mapping)
            if not issues and not any((values.get("title") or {}).values()):
                issues.append(Issue(number, "title", "a new record needs a title in at least one language"))
            if issues:
                raise ImportFailed([dataclasses.replace(issue, source=source) for issue in issues])
            valid.append((number, values))
        _add_new_galleries(session, resolver, galleries, report)
        existing = _existing(session, [v["accession_number"] for _, v in valid])
        _write_chunk(session, valid, existing, galleries, report)
        report.rows += len(chunk)
        if progress:
            progress.advance(len(chunk))
    return report


RECORD_COLUMNS = [c.key for c in Record.__table__.columns if c.key != "id"]


def _new_row(values: dict, galleries: dict) -> dict:
    """The INSERT parameters of a new record: every column, so all rows batch into one statement."""
    now = utcnow()
    row = dict.fromkeys(RECORD_COLUMNS)
    row.update(title={}, description={}, published=True, is_sample=False, created_at=now, updated_at=now)
    for name, value in values.items():
        if name == "gallery":
            row["gallery_id"] = galleries[value].id if value else None
        elif name in ("title", "description"):
            row[name] = {lang: text for lang, text in value.items() if text}
        else:
            row[name] = value
    return row


def _update(record: Record, values: dict, galleries: dict) -> None:
    """Columns present in the file overwrite (an empty cell clears); absent ones are kept."""
    for name, value in values.items():
        if name == "gallery":
            record.gallery = galleries[value] if value else None
        elif name in ("title", "description"):
            merged = dict(getattr(record, name) or {})
            for lang, text in value.items():
                if text:
                    merged[lang] = text
                else:
                    merged.pop(lang, None)
            setattr(record, name, merged)
        elif name != "accession_number":
            setattr(record, name, value)
