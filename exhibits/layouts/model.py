"""The layout model: a hall, its cases and plinths, placed catalogue objects, labels and lights.

A layout is read from and written to the JSON format of ``layout.schema.json`` (documented in
docs/layout-format.md). :func:`parse_layout` validates a document (schema, then ids and references)
and returns a :class:`Layout`; :meth:`Layout.to_dict` gives the document back unchanged in meaning.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import jsonschema
from shapely.geometry import Polygon

from exhibits.layouts.exceptions import InvalidLayout

FORMAT = "museum-layout/1"
SCHEMA_PATH = Path(__file__).with_name("layout.schema.json")
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024


MIN_FLOOR_AREA = 1.0  # m²


@cache
def layout_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Size:
    width: float
    depth: float
    height: float

    @classmethod
    def from_dict(cls, data: dict | None) -> Size | None:
        return cls(data["width"], data["depth"], data["height"]) if data else None


@dataclass
class Door:
    id: str
    position: tuple[float, float]
    width: float
    height: float = 2.4
    role: str = "both"


@dataclass
class Wall:
    id: str
    start: tuple[float, float]
    end: tuple[float, float]
    thickness: float = 0.2
    height: float | None = None


@dataclass
class Case:
    id: str
    type: str
    position: tuple[float, float]
    outer: Size
    rotation: float = 0.0
    inner: Size | None = None
    deck_height: float | None = None
    glass: bool = True
    max_load_kg: float | None = None
    clearance: float = 0.05
    lux: float | None = None
    label: dict = field(default_factory=dict)

    @property
    def is_plinth(self) -> bool:
        return self.type == "plinth"

    @property
    def display(self) -> Size:
        """The display footprint and height: the inner volume, or a plinth's top."""
        if self.inner is not None:
            return self.inner
        return Size(self.outer.width, self.outer.depth, 100.0)

    @property
    def deck(self) -> float:
        """Height of the surface objects stand on."""
        if self.deck_height is not None:
            return self.deck_height
        if self.inner is None:
            return self.outer.height
        return max(0.0, self.outer.height - self.inner.height)


@dataclass
class ObjectFacts:
    accession_number: str
    title: dict = field(default_factory=dict)
    material: str | None = None
    size: Size | None = None
    diameter: float | None = None
    weight_kg: float | None = None
    size_source: str = "layout"
    colour: str | None = None
    members: tuple[float, ...] | None = None  # a set's members' heights (m), in order along its width

    def label(self, lang: str = "zh") -> str:
        for key in (lang, "zh", "en", *self.title):
            if self.title.get(key):
                return self.title[key]
        return self.accession_number


@dataclass
class Placement:
    id: str
    object: ObjectFacts
    position: tuple[float, float]
    case: str | None = None
    rotation: float = 0.0
    elevation: float = 0.0


@dataclass
class Label:
    id: str
    position: tuple[float, float]
    text: dict
    rotation: float = 0.0
    placement: str | None = None


@dataclass
class Light:
    id: str
    area: list[tuple[float, float]]
    lux: float


@dataclass
class Layout:
    id: str
    floor: list[tuple[float, float]]
    ceiling_height: float
    ambient_lux: float = 100.0
    gallery: str | None = None
    title: dict = field(default_factory=dict)
    note: str | None = None
    doors: list[Door] = field(default_factory=list)
    walls: list[Wall] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    lights: list[Light] = field(default_factory=list)

    def case(self, case_id: str | None) -> Case | None:
        return next((c for c in self.cases if c.id == case_id), None) if case_id else None

    def placements_in(self, case_id: str) -> list[Placement]:
        return [p for p in self.placements if p.case == case_id]

    def to_dict(self) -> dict:
        return layout_to_dict(self)


def _point(values) -> tuple[float, float]:
    return (float(values[0]), float(values[1]))


def _without_none(data: dict) -> dict:
    return {key: value for key, value in data.items() if value is not None and value != {}}


def validate_document(document: object, source: str = "layout") -> None:
    """Raise :class:`InvalidLayout` listing every schema error and every broken id or reference."""
    if not isinstance(document, dict):
        raise InvalidLayout([{"path": "", "message": "a layout is a JSON object"}], source)
    validator = jsonschema.Draft202012Validator(layout_schema())
    errors = [{"path": "/".join(str(p) for p in error.absolute_path), "message": error.message}
              for error in sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.path)))]
    if errors:
        raise InvalidLayout(errors, source)
    errors = []
    hall = document["hall"]
    floor = Polygon(hall["floor"])
    floor = floor if floor.is_valid else floor.buffer(0)
    if floor.geom_type != "Polygon" or floor.area < MIN_FLOOR_AREA:  # nothing to place, plan or light
        errors.append({"path": "hall/floor", "message": f"the floor must enclose one area of at least "
                       f"{MIN_FLOOR_AREA} m²"})
    groups = [("hall/doors", hall.get("doors", [])), ("hall/walls", hall.get("walls", [])),
              ("cases", document.get("cases", [])), ("placements", document.get("placements", [])),
              ("labels", document.get("labels", [])), ("lights", document.get("lights", []))]
    for name, items in groups:
        seen: set[str] = set()
        for index, item in enumerate(items):
            if item["id"] in seen:
                errors.append({"path": f"{name}/{index}/id", "message": f"duplicate id {item['id']!r}"})
            seen.add(item["id"])
    case_ids = {c["id"] for c in document.get("cases", [])}
    for index, placement in enumerate(document.get("placements", [])):
        if placement.get("case") and placement["case"] not in case_ids:
            errors.append({"path": f"placements/{index}/case",
                           "message": f"unknown case {placement['case']!r}"})
    placement_ids = {p["id"] for p in document.get("placements", [])}
    for index, label in enumerate(document.get("labels", [])):
        if label.get("placement") and label["placement"] not in placement_ids:
            errors.append({"path": f"labels/{index}/placement",
                           "message": f"unknown placement {label['placement']!r}"})
    for index, case in enumerate(document.get("cases", [])):
        inner, outer = case.get("inner"), case["outer"]
        if inner and any(inner[k] > outer[k] + 1e-9 for k in ("width", "depth", "height")):
            errors.append({"path": f"cases/{index}/inner", "message": "inner size exceeds the outer size"})
    if errors:
        raise InvalidLayout(errors, source)


def parse_layout(document: object, source: str = "layout") -> Layout:
    validate_document(document, source)
    hall = document["hall"]
    return Layout(
        id=document["id"],
        floor=[_point(p) for p in hall["floor"]],
        ceiling_height=hall["ceiling_height"],
        ambient_lux=hall.get("ambient_lux", 100.0),
        gallery=document.get("gallery"),
        title=dict(document.get("title", {})),
        note=document.get("note"),
        doors=[Door(d["id"], _point(d["position"]), d["width"], d.get("height", 2.4), d.get("role", "both"))
               for d in hall.get("doors", [])],
        walls=[Wall(w["id"], _point(w["start"]), _point(w["end"]), w.get("thickness", 0.2), w.get("height"))
               for w in hall.get("walls", [])],
        cases=[Case(id=c["id"], type=c["type"], position=_point(c["position"]),
                    outer=Size.from_dict(c["outer"]), rotation=c.get("rotation", 0.0),
                    inner=Size.from_dict(c.get("inner")),
                    deck_height=c.get("deck_height"), glass=c.get("glass", c["type"] != "plinth"),
                    max_load_kg=c.get("max_load_kg"), clearance=c.get("clearance", 0.05), lux=c.get("lux"),
                    label=dict(c.get("label", {})))
               for c in document.get("cases", [])],
        placements=[Placement(id=p["id"], object=_object(p["object"]), position=_point(p["position"]),
                              case=p.get("case"), rotation=p.get("rotation", 0.0),
                              elevation=p.get("elevation", 0.0))
                    for p in document.get("placements", [])],
        labels=[Label(lb["id"], _point(lb["position"]), dict(lb["text"]), lb.get("rotation", 0.0),
                      lb.get("placement")) for lb in document.get("labels", [])],
        lights=[Light(li["id"], [_point(p) for p in li["area"]], li["lux"])
                for li in document.get("lights", [])],
    )


def _object(data: dict) -> ObjectFacts:
    return ObjectFacts(accession_number=data["accession_number"], title=dict(data.get("title", {})),
                       material=data.get("material"), size=Size.from_dict(data.get("size")),
                       diameter=data.get("diameter"), weight_kg=data.get("weight_kg"),
                       size_source=data.get("size_source", "layout"), colour=data.get("colour"),
                       members=tuple(data["members"]) if data.get("members") else None)


def _size_dict(size: Size | None) -> dict | None:
    return {"width": size.width, "depth": size.depth, "height": size.height} if size else None


def layout_to_dict(layout: Layout) -> dict:
    hall = _without_none({
        "floor": [list(p) for p in layout.floor], "ceiling_height": layout.ceiling_height,
        "ambient_lux": layout.ambient_lux,
        "doors": [_without_none({"id": d.id, "position": list(d.position), "width": d.width,
                                 "height": d.height, "role": d.role}) for d in layout.doors],
        "walls": [_without_none({"id": w.id, "start": list(w.start), "end": list(w.end),
                                 "thickness": w.thickness, "height": w.height}) for w in layout.walls],
    })
    document = _without_none({
        "format": FORMAT, "id": layout.id, "gallery": layout.gallery, "title": layout.title,
        "note": layout.note, "hall": hall,
        "cases": [_without_none({
            "id": c.id, "type": c.type, "position": list(c.position), "rotation": c.rotation,
            "outer": _size_dict(c.outer), "inner": _size_dict(c.inner), "deck_height": c.deck_height,
            "glass": c.glass, "max_load_kg": c.max_load_kg, "clearance": c.clearance, "lux": c.lux,
            "label": c.label}) for c in layout.cases],
        "placements": [_without_none({
            "id": p.id, "case": p.case, "position": list(p.position), "rotation": p.rotation,
            "elevation": p.elevation, "object": _without_none({
                "accession_number": p.object.accession_number, "title": p.object.title,
                "material": p.object.material, "size": _size_dict(p.object.size),
                "diameter": p.object.diameter, "weight_kg": p.object.weight_kg,
                "size_source": p.object.size_source,
                "colour": p.object.colour,
                "members": list(p.object.members) if p.object.members else None,
            })}) for p in layout.placements],
        "labels": [_without_none({"id": lb.id, "position": list(lb.position), "rotation": lb.rotation,
                                  "text": lb.text, "placement": lb.placement}) for lb in layout.labels],
        "lights": [{"id": li.id, "area": [list(p) for p in li.area], "lux": li.lux} for li in layout.lights],
    })
    return copy.deepcopy(document)


def load_layout_file(path: str | Path) -> Layout:
    """Read and validate a layout JSON file; errors name the file."""
    path = Path(path)
    if path.stat().st_size > MAX_DOCUMENT_BYTES:
        raise InvalidLayout([{"path": "", "message": f"file larger than {MAX_DOCUMENT_BYTES} bytes"}],
                            str(path))
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidLayout([{"path": "", "message": f"not UTF-8 JSON: {error}"}], str(path)) from error
    return parse_layout(document, str(path))
