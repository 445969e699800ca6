"""Row validation for imports: column mapping, value parsing and the record rules.

A row becomes a dict of model values for the columns present (absent columns are left untouched on
update); every problem is an :class:`Issue` ``row N: field: problem``.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from dataclasses import field as attribute

from languages import LANGUAGES
from museum.catalogue import parsing, vocabulary
from museum.catalogue.fields import BY_NAME, CHINESE_HEADERS, COLUMNS, MEASURES, MULTILINGUAL

ACCESSION = re.compile(r"[0-9A-Za-z\u3400-\u9fff][0-9A-Za-z\u3400-\u9fff.\-_/:()（）·]{0,63}")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
IGNORED_COLUMNS = {"holding_institution", "created_at", "updated_at"}


@dataclass(frozen=True)
class Issue:
    row: int | None
    field: str
    message: str
    source: str | None = None  # the file's name, when the issue came from one
    # the problem named for the workspace, which says it in the curator's language (museum.curator.problems);
    # the message stays the English of the CLI and the import report
    code: str | None = None
    params: dict = attribute(default_factory=dict, compare=False, hash=False)

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row is not None else "file"
        return f"{self.source + ': ' if self.source else ''}{where}: {self.field}: {self.message}"


def map_columns(columns: list[str], ignore: set[str] = frozenset()) -> tuple[dict[str, str], list[Issue]]:
    """Header text → canonical column; unknown and duplicated columns are file-level issues."""
    canonical = {c.lower(): c for c in COLUMNS}
    for name in MULTILINGUAL:
        for lang in LANGUAGES:
            canonical[f"{name}_{lang.lower().replace('-', '_')}"] = f"{name}_{lang}"
    mapping, issues, seen = {}, [], {}
    for column in columns:
        key = column.strip().lstrip("\ufeff")
        if not key or key in ignore:
            continue
        target = CHINESE_HEADERS.get(key) or canonical.get(key.lower())
        if target is None and key.lower() in IGNORED_COLUMNS:
            target = key.lower()
        if target is None:
            close = difflib.get_close_matches(key.lower(), list(canonical) + list(CHINESE_HEADERS), n=1)
            hint = f"; did you mean {canonical.get(close[0], close[0])!r}?" if close else ""
            issues.append(Issue(None, key, f"unknown column{hint} (pass --ignore-column to skip it)"))
            continue
        if target in seen:
            issues.append(Issue(None, key, f"the same field as column {seen[target]!r}"))
            continue
        seen[target] = key
        mapping[column] = target
    if "accession_number" not in mapping.values():
        issues.append(Issue(None, "accession_number",
                            "no accession number column (accession_number or 总登记号)"))
    return mapping, issues


class RowValidator:
    """Turns one flat row into model values. ``galleries`` resolves a gallery name or slug to a slug."""

    def __init__(self, resolve_gallery):
        self.resolve_gallery = resolve_gallery

    def validate(self, number: int, row: dict[str, str], mapping: dict[str, str]) -> tuple[dict, list[Issue]]:
        issues: list[Issue] = []
        values: dict = {}

        def problem(name, message, code=None, **params):
            issues.append(Issue(number, name, message, code=code, params=params))

        cells = {mapping[c]: (v or "") for c, v in row.items() if c in mapping}
        for field, text in cells.items():
            if CONTROL.search(text):
                problem(field, "contains control characters", "control_characters")
                cells[field] = CONTROL.sub("", text)
            if text.startswith("=") and len(text) > 1 and not text[1:2].isspace():
                problem(field, f"looks like a spreadsheet formula ({text[:30]!r}); paste values instead",
                        "formula", value=text[:30])
        accession = cells.get("accession_number", "").strip()
        if not accession:
            problem("accession_number", "required", "required")
        elif not ACCESSION.fullmatch(accession):
            problem("accession_number", f"{accession[:70]!r} is not a valid accession number",
                    "invalid_accession", value=accession[:70])
        values["accession_number"] = accession
        for name in MULTILINGUAL:
            present = {lang for lang in LANGUAGES if f"{name}_{lang}" in cells}
            if present:
                # every present language; an empty text removes that language on update
                values[name] = {lang: cells[f"{name}_{lang}"].strip() for lang in present}
                for lang, text in values[name].items():
                    if name == "title" and len(text) > 500:
                        problem(f"title_{lang}", "longer than 500 characters", "too_long", limit=500)
        for field, text in cells.items():
            if field in BY_NAME:
                self._scalar(BY_NAME[field], text.strip(), values, problem)
        if "dimensions" in cells:
            self._dimensions(cells["dimensions"], values, problem)
        if "weight" in cells:
            try:
                values["weight_g"] = parsing.parse_weight(cells["weight"])
            except parsing.ParseError as error:
                problem("质量", str(error), error.code, **error.params)
        self._rules(values, problem)
        return values, issues

    def _scalar(self, field, text, values, problem):
        name = field.name
        if not text:
            values[name] = True if field.kind == "bool" else None
            return
        try:
            if field.kind == "text":
                if field.max_length and len(text) > field.max_length:
                    raise parsing.ParseError(f"longer than {field.max_length} characters", "too_long",
                                             limit=field.max_length)
                values[name] = text
            elif field.kind == "int":
                if not re.fullmatch(r"[-+−]?\d+", text):
                    raise parsing.ParseError(f"{text!r} is not a whole number", "not_whole_number",
                                             value=text)
                values[name] = int(text.replace("−", "-"))
            elif field.kind == "float":
                try:
                    number = float(text.replace(",", ""))
                except ValueError:
                    number = math.nan
                if math.isnan(number) or math.isinf(number):
                    raise parsing.ParseError(f"{text!r} is not a number", "not_a_number", value=text)
                if number < 0:
                    raise parsing.ParseError(f"must not be negative ({text})", "negative", value=text)
                values[name] = number
            elif field.kind in vocabulary.KINDS:
                # a key or a name in any language; unknown values are an error (row, field, suggestions)
                values[name] = vocabulary.lookup_value(field.kind, text)
            elif field.kind == "date":
                values[name] = parsing.parse_date(text)
            elif field.kind == "bool":
                values[name] = parsing.parse_bool(text)
            elif field.kind == "gallery":
                values[name] = self.resolve_gallery(text)
        except (ValueError, parsing.ParseError) as error:
            refused = error
            if name == "quantity":
                try:
                    values[name] = parsing.parse_quantity(text)
                    return
                except parsing.ParseError as quantity_error:
                    refused = quantity_error
            # a ParseError or vocabulary.UnknownTerm names its problem; another ValueError is said as it is
            problem(name, str(refused), getattr(refused, "code", None), **getattr(refused, "params", {}))

    def _dimensions(self, text, values, problem):
        try:
            parsed = parsing.parse_dimensions(text)
        except parsing.ParseError as error:
            problem("尺寸", str(error), error.code, **error.params)
            return
        values["dimensions_text"] = text.strip() or None
        for name, number in parsed.items():
            values.setdefault(name, number)

    def _rules(self, values, problem):
        if "period" in values and values["period"]:
            period = vocabulary.by_key("period", values["period"])
            if values.get("start_year") is None and values.get("end_year") is None:
                values["start_year"], values["end_year"] = period.start_year, period.end_year
        start, end = values.get("start_year"), values.get("end_year")
        if start is not None and end is not None and end < start:
            problem("end_year", f"{end} is before start_year {start}", "end_before_start", end=end,
                    start=start)
        if values.get("quantity") is not None and values["quantity"] < 1:
            problem("quantity", "must be at least 1", "too_small", minimum=1)
        for name in MEASURES:
            if values.get(name) is not None and values[name] > 100_000:
                problem(name, f"{values[name]} is implausibly large", "implausibly_large", value=values[name])
