"""The labelled floor plan of a layout, as SVG or PNG, from one list of drawing primitives.

Cases carry their id and name; objects carry a number keyed to a legend (accession number and title);
doors, partition walls, light areas, a scale bar and a north arrow complete the plan. Given a checker
report, the subjects of problems are outlined in red and their locations marked.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont
from shapely.geometry import Point
from shapely.ops import unary_union

from exhibits.layouts import geometry
from exhibits.layouts.model import Layout

FONT_CANDIDATES = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                   "/usr/share/fonts/truetype/arphic/ukai.ttc",
                   "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
CASE_FILL = {"wall_case": "#d9e6f2", "freestanding_case": "#dcecf7", "table_case": "#e3f0e6",
             "plinth": "#e8e2d6"}
PROBLEM = "#d62728"
MARGIN = 1.5  # metres around the hall
LEGEND_WIDTH = 7.5  # metres of drawing width kept for the legend


@dataclass
class Shape:
    kind: str  # polygon | line | text | circle
    points: list[tuple[float, float]]
    fill: str | None = None
    stroke: str | None = None
    width: float = 0.02  # metres
    text: str = ""
    size: float = 0.3  # text height in metres
    anchor: str = "middle"
    ident: str | None = None


def _polygon_points(shape) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in shape.exterior.coords]


def plan_shapes(layout: Layout, report: dict | None = None, lang: str = "zh") -> tuple[list[Shape], tuple]:
    """Drawing primitives in hall metres, and the drawing's bounds (min x, min y, max x, max y)."""
    flagged = {subject for problem in (report or {}).get("problems", []) for subject in problem["subjects"]}
    floor = geometry.floor_polygon(layout)
    shapes = [Shape("polygon", _polygon_points(floor), fill="#faf8f3", stroke="#333333", width=0.12)]
    for light in layout.lights:
        shapes.append(Shape("polygon", light.area, fill="#fff3c4", stroke="#e0b400", width=0.02,
                            ident=light.id))
    for door in layout.doors:
        (x, y), (nx, ny) = geometry.door_inward(layout, door)
        tx, ty = -ny, nx
        half = door.width / 2
        colour = PROBLEM if door.id in flagged else "#faf8f3"
        shapes.append(Shape("line", [(x + tx * half, y + ty * half), (x - tx * half, y - ty * half)],
                            stroke=colour, width=0.16, ident=door.id))
        shapes.append(Shape("text", [(x + nx * 0.45, y + ny * 0.45)], text=door.id, size=0.3, fill="#555555"))
    for wall in layout.walls:
        shapes.append(Shape("polygon", _polygon_points(geometry.wall_footprint(wall)), fill="#555555",
                            stroke=PROBLEM if wall.id in flagged else "#333333", ident=wall.id))
    for case in layout.cases:
        bad = case.id in flagged
        shapes.append(Shape("polygon", _polygon_points(geometry.case_footprint(case)),
                            fill=CASE_FILL.get(case.type, "#dddddd"), stroke=PROBLEM if bad else "#4a6a8a",
                            width=0.08 if bad else 0.04, ident=case.id))
        if case.inner is not None:
            inner = geometry.to_world(geometry.case_display_local(case), case)
            shapes.append(Shape("polygon", _polygon_points(inner), stroke="#8fb3d6", width=0.02))
        name = case.label.get(lang) or case.label.get("zh") or ""
        label_at = geometry.world_point((0, -case.outer.depth / 2 - 0.3), case)
        shapes.append(Shape("text", [label_at], text=f"{case.id} {name}".strip(), size=0.28, fill="#1f3b57"))
    legend = []
    for number, placement in enumerate(layout.placements, start=1):
        footprint = geometry.object_footprint(layout, placement)
        case = layout.case(placement.case)
        centre = geometry.world_point(placement.position, case)
        bad = placement.id in flagged
        if footprint is not None:
            shapes.append(Shape("polygon", _polygon_points(footprint),
                                fill=placement.object.colour or "#b08d57",
                                stroke=PROBLEM if bad else "#5b4526", width=0.05 if bad else 0.015,
                                ident=placement.id))
        shapes.append(Shape("circle", [centre], fill="#ffffff", stroke=PROBLEM if bad else "#5b4526",
                            width=0.02, size=0.2))
        shapes.append(Shape("text", [(centre[0], centre[1] - 0.08)], text=str(number), size=0.22,
                            fill=PROBLEM if bad else "#222222"))
        legend.append(f"{number}. {placement.object.accession_number} {placement.object.label(lang)}")
    for label in layout.labels:
        text = label.text.get(lang) or label.text.get("zh") or next(iter(label.text.values()), "")
        shapes.append(Shape("text", [label.position], text=text, size=0.4, fill="#7a3b00", ident=label.id))
    for problem in (report or {}).get("problems", []):
        if "location" in problem:
            shapes.append(Shape("circle", [tuple(problem["location"])], stroke=PROBLEM, width=0.06,
                                size=0.45))
    # the drawing reaches every case, object and problem, also those outside the hall (drawn, never cut off)
    drawn = [floor, *(geometry.case_footprint(c) for c in layout.cases),
             *(f for f in (geometry.object_footprint(layout, p) for p in layout.placements) if f is not None),
             *(Point(problem["location"]) for problem in (report or {}).get("problems", [])
               if "location" in problem)]
    min_x, min_y, max_x, max_y = unary_union(drawn).bounds
    min_x, min_y, max_x, max_y = min_x - MARGIN, min_y - MARGIN - 1.0, max_x + MARGIN, max_y + MARGIN + 1.0
    shapes += _furniture(layout, min_x, min_y, max_y)
    legend_x = max_x + 0.2
    line = 0.34
    rows = int((max_y - min_y - 1.0) / line)
    columns = [legend[i:i + rows] for i in range(0, len(legend), rows)] or [[]]
    for column_index, column in enumerate(columns):
        for row, text in enumerate(column):
            shapes.append(Shape("text", [(legend_x + column_index * LEGEND_WIDTH, max_y - 0.8 - row * line)],
                                text=text, size=0.24, fill="#222222", anchor="start"))
    max_x = legend_x + LEGEND_WIDTH * len(columns)
    return shapes, (min_x, min_y, max_x, max_y)


def _furniture(layout: Layout, min_x: float, min_y: float, max_y: float) -> list[Shape]:
    """Title, a 5 m scale bar and a north arrow."""
    title = layout.title.get("zh") or layout.title.get("en") or layout.id
    x0, y0 = min_x + 0.5, min_y + 0.6
    shapes = [Shape("text", [(min_x + 0.5, max_y - 0.8)], text=f"{title} · {layout.id}", size=0.5,
                    fill="#111111", anchor="start"),
              Shape("line", [(x0, y0), (x0 + 5, y0)], stroke="#111111", width=0.08)]
    for tick in range(6):
        shapes.append(Shape("line", [(x0 + tick, y0), (x0 + tick, y0 + 0.2)], stroke="#111111", width=0.04))
    shapes.append(Shape("text", [(x0 + 5.3, y0 - 0.05)], text="5 m", size=0.3, fill="#111111",
                        anchor="start"))
    nx, ny = x0 + 8, y0
    shapes.append(Shape("polygon", [(nx, ny + 0.9), (nx - 0.25, ny), (nx + 0.25, ny)], fill="#111111"))
    shapes.append(Shape("text", [(nx, ny + 1.0)], text="N", size=0.35, fill="#111111"))
    return shapes


def render_svg(layout: Layout, report: dict | None = None, lang: str = "zh", scale: float = 40.0) -> str:
    shapes, (min_x, min_y, max_x, max_y) = plan_shapes(layout, report, lang)
    width, height = (max_x - min_x) * scale, (max_y - min_y) * scale

    def xy(point):
        return f"{(point[0] - min_x) * scale:.1f},{(max_y - point[1]) * scale:.1f}"

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
             f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="Noto Sans CJK SC, sans-serif">',
             f'<title>{escape(layout.title.get(lang) or layout.id)}</title>',
             '<rect width="100%" height="100%" fill="#ffffff"/>']
    for shape in shapes:
        ident = f' data-id="{escape(shape.ident)}"' if shape.ident else ""
        stroke = f' stroke="{shape.stroke}" stroke-width="{shape.width * scale:.1f}"' if shape.stroke else ""
        fill = f' fill="{shape.fill or "none"}"'
        if shape.kind == "polygon":
            parts.append(f'<polygon points="{" ".join(xy(p) for p in shape.points)}"{fill}{stroke}{ident}/>')
        elif shape.kind == "line":
            (x1, y1), (x2, y2) = (xy(p).split(",") for p in shape.points)
            parts.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}"{stroke}{ident}/>')
        elif shape.kind == "circle":
            cx, cy = xy(shape.points[0]).split(",")
            parts.append(f'<circle cx="{cx}" cy="{cy}" r="{shape.size * scale:.1f}"{fill}{stroke}/>')
        else:
            x, y = xy(shape.points[0]).split(",")
            parts.append(f'<text x="{x}" y="{y}" font-size="{shape.size * scale:.1f}"'
                         f' text-anchor="{shape.anchor}" fill="{shape.fill}"{ident}>'
                         f'{escape(shape.text)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


MAX_PLAN_PIXELS = 40_000_000


@cache
def _font(pixels: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, pixels)
    return ImageFont.load_default(pixels)


def render_png(layout: Layout, report: dict | None = None, lang: str = "zh", scale: float = 40.0) -> bytes:
    shapes, (min_x, min_y, max_x, max_y) = plan_shapes(layout, report, lang)
    # A hall the document allows (up to a kilometre across) at 40 px a metre would be a picture of more than
    # a gigapixel: the plan is drawn at the largest scale that keeps it within MAX_PLAN_PIXELS instead.
    area = (max_x - min_x) * (max_y - min_y) * scale * scale
    if area > MAX_PLAN_PIXELS:
        scale *= math.sqrt(MAX_PLAN_PIXELS / area) * 0.999
    size = (max(1, round((max_x - min_x) * scale)), max(1, round((max_y - min_y) * scale)))
    image = Image.new("RGB", size, "#ffffff")
    draw = ImageDraw.Draw(image)

    def xy(point):
        return ((point[0] - min_x) * scale, (max_y - point[1]) * scale)

    for shape in shapes:
        stroke_width = max(1, round(shape.width * scale))
        if shape.kind == "polygon":
            draw.polygon([xy(p) for p in shape.points], fill=shape.fill, outline=shape.stroke,
                         width=stroke_width if shape.stroke else 0)
        elif shape.kind == "line":
            draw.line([xy(p) for p in shape.points], fill=shape.stroke, width=stroke_width)
        elif shape.kind == "circle":
            cx, cy = xy(shape.points[0])
            r = shape.size * scale
            draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=shape.fill, outline=shape.stroke,
                         width=stroke_width)
        else:
            anchor = "ms" if shape.anchor == "middle" else "ls"
            font = _font(max(8, round(shape.size * scale)))
            draw.text(xy(shape.points[0]), shape.text, fill=shape.fill, font=font, anchor=anchor)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=False)
    return buffer.getvalue()
