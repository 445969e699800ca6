"""The record's fields in one list: import, export, the API and the curator forms all read it."""

from __future__ import annotations

from dataclasses import dataclass

from languages import LANGUAGES

MULTILINGUAL = ("title", "description")


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # text | int | float | bool | date | gallery | a vocabulary kind (vocabulary.KINDS)
    max_length: int | None = None


SCALARS = (
    Field("category", "category"),
    Field("period", "period"),
    Field("start_year", "int"),
    Field("end_year", "int"),
    Field("material", "material", 200),
    Field("quantity", "int"),
    Field("height_cm", "float"),
    Field("width_cm", "float"),
    Field("depth_cm", "float"),
    Field("diameter_cm", "float"),
    Field("dimensions_text", "text", 300),
    Field("weight_g", "float"),
    Field("find_site", "place", 300),
    Field("acquisition_method", "acquisition", 100),
    Field("acquisition_date", "date"),
    Field("grade", "grade"),
    Field("completeness", "text", 100),
    Field("conservation_state", "text", 100),
    Field("gallery", "gallery"),
    Field("rights", "text", 2000),
    Field("licence", "text", 200),
    Field("published", "bool"),
)
SCALAR_NAMES = tuple(f.name for f in SCALARS)
BY_NAME = {f.name: f for f in SCALARS}
MEASURES = ("height_cm", "width_cm", "depth_cm", "diameter_cm", "weight_g")

# Flat column names of spreadsheets: accession_number, title_zh, title_zh-Hant, ..., then the scalars.
COLUMNS = (
    "accession_number",
    *(f"{name}_{lang}" for name in MULTILINGUAL for lang in LANGUAGES),
    *SCALAR_NAMES,
)

# Chinese registration headers (WW/T 0017-2013) -> our field. 尺寸 and 质量 are parsed specially.
CHINESE_HEADERS = {
    "总登记号": "accession_number",
    "文物名称": "title_zh",
    "名称": "title_zh",
    "年代": "period",
    "质地类别": "material",
    "质地": "material",
    "类别": "category",
    "数量": "quantity",
    "尺寸": "dimensions",
    "质量": "weight",
    "级别": "grade",
    "来源方式": "acquisition_method",
    "完残程度": "completeness",
    "保存状态": "conservation_state",
    "入藏时间": "acquisition_date",
    "出土地点": "find_site",
    "展厅": "gallery",
    "描述": "description_zh",
    "收藏单位": "holding_institution",
}
