"""Display of measured fields in the reader's language (dimensions with units, weights)."""

from __future__ import annotations

from languages import CHINESE

LABELS = {
    "height_cm": {"zh": "高", "zh-Hant": "高", "en": "H", "ja": "高さ", "ko": "높이", "fr": "H."},
    "width_cm": {"zh": "宽", "zh-Hant": "寬", "en": "W", "ja": "幅", "ko": "너비", "fr": "l."},
    "depth_cm": {"zh": "深", "zh-Hant": "深", "en": "D", "ja": "奥行", "ko": "깊이", "fr": "P."},
    "diameter_cm": {"zh": "径", "zh-Hant": "徑", "en": "Ø", "ja": "径", "ko": "지름", "fr": "Ø"},
}
NO_SPACE = (*CHINESE, "ja")  # label and number run together ("高さ68 cm") and lengths stay in cm


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def dimensions(record, lang: str) -> list[str]:
    parts = []
    for field, labels in LABELS.items():
        value = getattr(record, field)
        if value is None:
            continue
        label = labels.get(lang, labels["en"])
        sep = "" if lang in NO_SPACE else " "
        if value >= 100 and lang not in NO_SPACE:
            parts.append(f"{label}{sep}{_number(value / 100)} m")
        elif lang in CHINESE:
            parts.append(f"{label}{_number(value)}{'釐米' if lang == 'zh-Hant' else '厘米'}")
        else:
            parts.append(f"{label}{sep}{_number(value)} cm")
    return parts


def weight(grams: float, lang: str) -> str:
    if lang in CHINESE:
        return f"{_number(grams / 1000)}千克" if grams >= 1000 else f"{_number(grams)}克"
    return f"{_number(grams / 1000)} kg" if grams >= 1000 else f"{_number(grams)} g"
