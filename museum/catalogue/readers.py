"""Reading catalogue files (CSV, XLSX, JSON) into flat rows of strings, with file-level checks.

Every problem is raised as :class:`FileProblem` naming the file (and the cell where there is one);
nothing here touches the database.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from languages import LANGUAGES
from museum.catalogue.fields import COLUMNS, MULTILINGUAL


class FileProblem(ValueError):
    """The file as a whole cannot be read; the message names the problem."""


@dataclass
class Sheet:
    rows: list[tuple[int, dict]]  # (row number as the user sees it, {column: value})
    columns: list[str]
    galleries: list[dict] = field(default_factory=list)
    row_label: str = "row"


FORMATS = {".csv": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".json": "json"}


def sniff_format(path: Path, data: bytes) -> str:
    """Decide the format by content, using the extension only to tell CSV from other text."""
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] in (b"[", b"{"):
        return "json"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileProblem(f"{path.name}: old Excel .xls files are not supported; save as .xlsx or CSV")
    if b"\x00" in data[:4096]:
        raise FileProblem(f"{path.name}: binary file, not CSV, XLSX or JSON (is it UTF-16? save as UTF-8)")
    return "csv"


def read(path: Path, *, max_bytes: int, encoding: str | None = None) -> Sheet:
    size = path.stat().st_size
    if size == 0:
        raise FileProblem(f"{path.name}: the file is empty")
    if size > max_bytes:
        raise FileProblem(f"{path.name}: {size:,} bytes is over the import limit of {max_bytes:,} bytes")
    data = path.read_bytes()
    kind = sniff_format(path, data)
    sheet = {"csv": _read_csv, "xlsx": _read_xlsx, "json": _read_json}[kind](path, data, encoding)
    if not sheet.rows and not sheet.galleries:
        raise FileProblem(f"{path.name}: no records in the file (only a header?)")
    return sheet


def decode(path: Path, data: bytes, encoding: str | None) -> str:
    if encoding:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as error:
            raise FileProblem(f"{path.name}: cannot decode as {encoding}: {error}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise FileProblem(
                f"{path.name}: not UTF-8 or GB18030 (bad byte at offset {utf8_error.start}); "
                "save the file as UTF-8 or pass --encoding"
            ) from None
    # GB18030 decodes almost any bytes: accept it only if the text is mostly common characters.
    non_ascii = [c for c in text if ord(c) > 127]
    uncommon = sum(1 for c in non_ascii if not _in_gb2312(c))
    if non_ascii and uncommon / len(non_ascii) > 0.2:
        raise FileProblem(
            f"{path.name}: encoding not recognised (not UTF-8; as GB18030 it gives unlikely characters); "
            "save the file as UTF-8 or pass --encoding"
        )
    return text


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def _read_csv(path: Path, data: bytes, encoding: str | None) -> Sheet:
    text = decode(path, data, encoding)
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader)
    except StopIteration:
        raise FileProblem(f"{path.name}: the file is empty") from None
    header = [h.strip() for h in header]
    rows = []
    for number, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(header):
            extra = [v for v in values[len(header):] if v.strip()]
            if extra:
                raise FileProblem(f"{path.name}: row {number} has {len(values)} cells but the header has "
                                  f"{len(header)} columns")
        rows.append((number, {h: values[i] if i < len(values) else "" for i, h in enumerate(header)}))
    return Sheet(rows, header)


def _cell_text(value) -> str:
    from datetime import date, datetime

    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sheet_rows(path: Path, worksheet) -> tuple[list[str], list[tuple[int, dict]]]:
    from openpyxl.utils import get_column_letter

    iterator = worksheet.iter_rows()
    try:
        header_cells = next(iterator)
    except StopIteration:
        return [], []
    header = [_cell_text(c.value).strip() for c in header_cells]
    while header and not header[-1]:
        header.pop()
    rows = []
    for cells in iterator:
        number = cells[0].row if cells else 0
        values = {}
        for i, cell in enumerate(cells[: len(header)]):
            if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("=")):
                raise FileProblem(
                    f"{path.name}: row {number}: {header[i] or get_column_letter(i + 1)}: formula in cell "
                    f"{get_column_letter(i + 1)}{number} ({str(cell.value)[:40]}); paste values instead"
                )
            values[header[i]] = _cell_text(cell.value)
        if any(v.strip() for v in values.values()):
            rows.append((number, values))
    return header, rows


def _read_xlsx(path: Path, data: bytes, encoding: str | None) -> Sheet:
    import zipfile

    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > 20 * len(data) + 50_000_000:
                raise FileProblem(f"{path.name}: the spreadsheet unpacks to {unpacked:,} bytes (zip bomb?)")
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except FileProblem:
        raise
    except Exception as error:
        raise FileProblem(f"{path.name}: not a readable .xlsx workbook ({type(error).__name__})") from None
    names = workbook.sheetnames
    record_sheet = workbook["records"] if "records" in names else workbook[names[0]]
    header, rows = _sheet_rows(path, record_sheet)
    galleries = []
    if "galleries" in names:
        _, gallery_rows = _sheet_rows(path, workbook["galleries"])
        galleries = [_gallery_from_flat(values) for _, values in gallery_rows]
    workbook.close()
    return Sheet(rows, header, galleries)


def _gallery_from_flat(values: dict) -> dict:
    gallery = {"slug": values.get("slug", "").strip(), "name": {}, "description": {}}
    if values.get("position", "").strip():
        gallery["position"] = values["position"].strip()
    for lang in LANGUAGES:
        for key in ("name", "description"):
            text = values.get(f"{key}_{lang}", "").strip()
            if text:
                gallery[key][lang] = text
    return gallery


def _flatten(record: dict) -> dict:
    flat = {}
    for key, value in record.items():
        if key in MULTILINGUAL and isinstance(value, dict):
            for lang, text in value.items():
                flat[f"{key}_{lang}"] = "" if text is None else str(text)
        elif value is None:
            flat[key] = ""
        elif isinstance(value, bool):
            flat[key] = "true" if value else "false"
        elif isinstance(value, float) and value.is_integer():
            flat[key] = str(int(value))
        elif isinstance(value, (dict, list)):
            flat[key] = json.dumps(value, ensure_ascii=False)
        else:
            flat[key] = str(value)
    return flat


def _read_json(path: Path, data: bytes, encoding: str | None) -> Sheet:
    text = decode(path, data, encoding or "utf-8-sig")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise FileProblem(f"{path.name}: invalid JSON at line {error.lineno} column {error.colno}: "
                          f"{error.msg}") from None
    galleries = []
    if isinstance(document, dict):
        galleries = document.get("galleries") or []
        records = document.get("records")
        if records is None:
            raise FileProblem(f"{path.name}: a JSON object needs a \"records\" list")
    else:
        records = document
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise FileProblem(f"{path.name}: \"records\" must be a list of objects")
    if not isinstance(galleries, list) or not all(isinstance(g, dict) for g in galleries):
        raise FileProblem(f"{path.name}: \"galleries\" must be a list of objects")
    rows = [(i, _flatten(r)) for i, r in enumerate(records, start=1)]
    columns = []
    for _, row in rows:
        for key in row:
            if key not in columns:
                columns.append(key)
    known_order = {c: i for i, c in enumerate(COLUMNS)}
    columns.sort(key=lambda c: known_order.get(c, len(known_order)))
    cleaned = [{"slug": str(g.get("slug", "")).strip(), "name": g.get("name") or {},
                "description": g.get("description") or {},
                **({"position": g["position"]} if "position" in g else {})}
               for g in galleries]
    return Sheet(rows, columns, cleaned)
