"""Parsing of registration values: 尺寸 ("高68厘米 口径36厘米"), 质量 ("30千克"), dates, quantities."""

from __future__ import annotations

import re
from datetime import date

UNIT_TO_CM = {"厘米": 1.0, "公分": 1.0, "cm": 1.0, "毫米": 0.1, "mm": 0.1, "米": 100.0, "m": 100.0}
UNIT_TO_G = {"千克": 1000.0, "公斤": 1000.0, "kg": 1000.0, "克": 1.0, "g": 1.0, "斤": 500.0,
             "吨": 1e6, "t": 1e6}

# measure name -> field; names not listed here are kept only in dimensions_text
MEASURE_FIELDS = {
    "通高": "height_cm", "高": "height_cm", "残高": "height_cm", "h": "height_cm", "height": "height_cm",
    "长": "width_cm", "残长": "width_cm", "宽": "depth_cm", "l": "width_cm", "length": "width_cm",
    "w": "width_cm", "width": "width_cm", "d": "depth_cm", "depth": "depth_cm",
    "口径": "diameter_cm", "直径": "diameter_cm", "径": "diameter_cm", "diameter": "diameter_cm",
    "ø": "diameter_cm", "顶径": "diameter_cm", "厚": None, "底径": None, "腹径": None, "足径": None,
    "面径": None,
}
_NUMBER = r"(\d+(?:\.\d+)?)"
_UNIT = r"(厘米|公分|毫米|米|cm|mm|m)?"
_MEASURE = re.compile(r"(通高|残高|残长|口径|顶径|底径|腹径|足径|面径|直径|高|长|宽|厚|径"
                      r"|height|length|width|depth|diameter|[hlwdø])\s*[:：]?\s*"
                      + _NUMBER + r"\s*" + _UNIT, re.I)
_TRIPLE = re.compile(_NUMBER + r"\s*" + _UNIT + r"\s*[×xX*]\s*" + _NUMBER + r"\s*" + _UNIT
                     + r"(?:\s*[×xX*]\s*" + _NUMBER + r"\s*" + _UNIT + r")?")


class ParseError(ValueError):
    """A value that cannot be read. The message is in English (the CLI's); ``code`` and ``params`` name the
    problem for the workspace, which says it in the curator's language (:mod:`museum.curator.problems`)."""

    def __init__(self, message: str, code: str = "unreadable", **params):
        super().__init__(message)
        self.code, self.params = code, params


def parse_dimensions(text: str) -> dict[str, float]:
    """'高68厘米 口径36厘米' → {'height_cm': 68, 'diameter_cm': 36};
    '28×16.8×29厘米' → width, depth, height."""
    source = text.strip()
    if not source:
        return {}
    result: dict[str, float] = {}
    triple = _TRIPLE.fullmatch(source.replace(" ", "")) or _TRIPLE.fullmatch(source)
    if triple:
        groups = triple.groups()
        numbers = [(groups[i], groups[i + 1]) for i in range(0, len(groups), 2) if groups[i] is not None]
        unit = next((u for _, u in reversed(numbers) if u), None)
        if unit is None:
            raise ParseError(f"no unit in {source!r} (write 厘米, 毫米, 米, cm, mm or m)", "no_unit",
                             value=source)
        names = ["width_cm", "depth_cm", "height_cm"] if len(numbers) == 3 else ["width_cm", "height_cm"]
        for name, (number, own_unit) in zip(names, numbers, strict=True):
            result[name] = round(float(number) * UNIT_TO_CM[(own_unit or unit).lower()], 4)
        return result
    matched = list(_MEASURE.finditer(source))
    if not matched:
        raise ParseError(f"cannot read the dimensions {source!r} (expected e.g. 高68厘米 口径36厘米)",
                         "unreadable_dimensions", value=source)
    leftover = _MEASURE.sub("", source)
    if re.search(r"[\d高长宽厚径]", leftover):
        raise ParseError(f"cannot read all of the dimensions {source!r} (left over: {leftover.strip()!r})",
                         "unreadable_dimensions", value=source)
    last_unit = next((m.group(3) for m in reversed(matched) if m.group(3)), None)
    if last_unit is None:
        raise ParseError(f"no unit in {source!r} (write 厘米, 毫米, 米, cm, mm or m)", "no_unit",
                         value=source)
    for m in matched:
        name = MEASURE_FIELDS.get(m.group(1).lower())
        if name and name not in result:
            result[name] = round(float(m.group(2)) * UNIT_TO_CM[(m.group(3) or last_unit).lower()], 4)
    return result


def parse_weight(text: str) -> float | None:
    """'30千克' → 30000.0 g; '108.95克' → 108.95; '30 kg' → 30000."""
    source = text.strip().replace(",", "")
    if not source:
        return None
    m = re.fullmatch(r"(?:重|质量|weight)?\s*[:：]?\s*" + _NUMBER + r"\s*(千克|公斤|克|斤|吨|kg|g|t)", source,
                     re.I)
    if not m:
        raise ParseError(f"cannot read the weight {source!r} (expected e.g. 30千克 or 108.95克)",
                         "unreadable_weight", value=source)
    return round(float(m.group(1)) * UNIT_TO_G[m.group(2).lower()], 4)


def parse_date(text: str) -> str | None:
    """'1989', '1989-07', '1989-07-15', '1989年7月', '1989.7.15', '1989/07/15' → ISO partial date."""
    source = text.strip()
    if not source:
        return None
    m = re.fullmatch(r"(\d{4})(?:\s*[-./年]\s*(\d{1,2})(?:\s*[-./月]\s*(\d{1,2})\s*日?)?\s*月?)?\s*年?",
                     source)
    if not m:
        m2 = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})T[\d:.]+", source)
        if not m2:
            raise ParseError(f"cannot read the date {source!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)",
                             "unreadable_date", value=source)
        m = m2
    year, month, day = m.group(1), m.group(2), m.group(3)
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise ParseError(f"{source!r} is not a real date", "no_such_date", value=source) from None
    if int(year) > date.today().year:
        raise ParseError(f"{source!r} is in the future", "future_date", value=source)
    return year + (f"-{int(month):02d}" if month else "") + (f"-{int(day):02d}" if day else "")


def parse_quantity(text: str) -> int | None:
    source = text.strip()
    if not source:
        return None
    m = re.fullmatch(r"(\d+)\s*(?:件|套|枚|张|册|幅|个|片|pieces?|items?|pcs)?"
                     r"(?:\s*[/／]\s*\d*\s*(?:件|套))?", source, re.I)
    if not m:
        raise ParseError(f"cannot read the quantity {source!r} (a whole number, e.g. 1 or 14件)",
                         "unreadable_quantity", value=source)
    value = int(m.group(1))
    if value < 1:
        raise ParseError("the quantity must be at least 1", "too_small", minimum=1)
    return value


TRUE = {"true", "1", "yes", "y", "是", "公开", "published"}
FALSE = {"false", "0", "no", "n", "否", "不公开", "draft", "unpublished"}


def parse_bool(text: str) -> bool | None:
    source = text.strip().lower()
    if not source:
        return None
    if source in TRUE:
        return True
    if source in FALSE:
        return False
    raise ParseError(f"{text!r} is not true or false", "not_yes_or_no", value=text)
