"""Catalogue export to CSV, JSON and XLSX. Deterministic: the same catalogue gives the same bytes, so
export → import into an empty instance → export is identical."""

from __future__ import annotations

import csv
import io
import json
import zipfile

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from languages import LANGUAGES
from museum.catalogue import fields, serialise
from museum.catalogue.models import Gallery, Record

FORMATS = ("csv", "json", "xlsx")


def _records(session: Session):
    query = select(Record).options(joinedload(Record.gallery)).order_by(Record.accession_number)
    return session.scalars(query)


def _galleries(session: Session):
    return list(session.scalars(select(Gallery).order_by(Gallery.position, Gallery.slug)))


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() else repr(value)
    return str(value)


def flat_row(record: Record) -> list[str]:
    data = serialise.full(record, timestamps=False)
    row = [data["accession_number"]]
    for name in fields.MULTILINGUAL:
        row += [data[name].get(lang, "") for lang in LANGUAGES]
    row += [_cell(data[name]) for name in fields.SCALAR_NAMES]
    return row


def export_csv(session: Session) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(fields.COLUMNS)
    for record in _records(session):
        writer.writerow(flat_row(record))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens Chinese text correctly


def export_json(session: Session) -> bytes:
    document = {
        "galleries": [serialise.gallery(g) for g in _galleries(session)],
        "records": [serialise.full(r, timestamps=False) for r in _records(session)],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


GALLERY_COLUMNS = ("slug", "position", *(f"name_{lang}" for lang in LANGUAGES),
                   *(f"description_{lang}" for lang in LANGUAGES))


def export_xlsx(session: Session) -> bytes:
    from datetime import datetime

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "records"
    sheet.append(list(fields.COLUMNS))
    for record in _records(session):
        sheet.append(flat_row(record))
    galleries = workbook.create_sheet("galleries")
    galleries.append(list(GALLERY_COLUMNS))
    for g in _galleries(session):
        galleries.append([g.slug, str(g.position)] + [g.name.get(lang, "") for lang in LANGUAGES]
                         + [(g.description or {}).get(lang, "") for lang in LANGUAGES])
    fixed = datetime(2000, 1, 1)
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    workbook.properties.creator = "museum export"
    raw = io.BytesIO()
    workbook.save(raw)
    return _normalise_zip(raw.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite the archive with fixed timestamps so identical content gives identical bytes."""
    out = io.BytesIO()
    with (zipfile.ZipFile(io.BytesIO(data)) as source,
          zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                import re

                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                 rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, content)
    return out.getvalue()


def export(session: Session, fmt: str) -> bytes:
    return {"csv": export_csv, "json": export_json, "xlsx": export_xlsx}[fmt](session)
