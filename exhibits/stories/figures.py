"""The geometry of two exhibition blocks, drawn as inline SVG by the pages (no tile server, no script).

* :func:`site_map`: find sites on an equirectangular projection of their bounding box (at the latitude of
  the Three Gorges a degree of longitude is shortened by cos φ), with the Yangtze drawn schematically
  through the towns on its banks, for orientation.
* :func:`timeline`: periods placed on one axis of signed years (negative = BCE), each bar from its first to
  its last year, on a logarithmic scale of years before :data:`PRESENT` (deep time: the Palaeolithic's
  two million years and the Ming's three centuries both stay visible); a period with no fixed start or
  end is drawn from or to the edge.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# the Yangtze through the region, upstream to downstream (latitude, longitude), schematic
YANGTZE = ((29.30, 105.90), (29.56, 106.59), (29.72, 107.39), (29.87, 107.73), (30.30, 108.04),
           (30.81, 108.41), (30.93, 108.70), (31.04, 109.57), (31.07, 109.88), (30.95, 110.40))


@dataclass(frozen=True)
class MapPoint:
    key: str
    label: str
    x: float
    y: float
    count: int = 0
    label_x: float = 0.0  # where its label is written (SVG text x, y and text-anchor)
    label_y: float = 0.0
    anchor: str = "start"

    @property
    def displaced(self) -> bool:
        """Its label is above or below the dot (a leader line joins them)."""
        return abs(self.label_y - FONT * 0.35 - self.y) > 1


FONT = 18  # the labels' font size in map units (css: .map-site text)


def _label_width(text: str) -> float:
    return sum(FONT if ord(c) > 0x2E80 else FONT * 0.56 for c in text)


Box = tuple[float, float, float, float]


def _label_box(x: float, y: float, anchor: str, width: float) -> Box:
    left = x if anchor == "start" else x - width
    return (left, y - FONT * 0.85, left + width, y + FONT * 0.25)


def _free(box: Box, placed: list[Box], width: float, height: float) -> bool:
    inside = box[0] >= 0 and box[2] <= width and box[1] >= 0 and box[3] <= height
    return inside and not any(box[0] < o[2] and o[0] < box[2] and box[1] < o[3] and o[1] < box[3]
                              for o in placed)


def _place_labels(points: list[MapPoint], width: float, height: float) -> list[MapPoint]:
    """Each label beside its dot where it overlaps no label placed before it (right, left, below, above,
    then further down), kept inside the map: nearby find sites stay readable."""
    offsets = ((10, 0.35, "start"), (-10, 0.35, "end"), (8, 1.3, "start"), (8, -0.6, "start"),
               (-8, 1.3, "end"), (-8, -0.6, "end"), (8, 2.3, "start"), (-8, 2.3, "end"))
    placed: list[Box] = []
    result = []
    for point in sorted(points, key=lambda p: (p.y, p.x)):
        text_width = _label_width(point.label)
        candidates = [(point.x + dx, point.y + FONT * dy, anchor) for dx, dy, anchor in offsets]
        chosen = next((c for c in candidates if _free(_label_box(*c, text_width), placed, width, height)),
                      candidates[0])
        placed.append(_label_box(*chosen, text_width))
        result.append(MapPoint(point.key, point.label, point.x, point.y, point.count, round(chosen[0], 1),
                               round(chosen[1], 1), chosen[2]))
    order = {p.key: i for i, p in enumerate(points)}
    return sorted(result, key=lambda p: order[p.key])


@dataclass(frozen=True)
class SiteMap:
    width: int
    height: int
    points: tuple[MapPoint, ...]
    river: str  # an SVG path's ``d``


def site_map(places: list[tuple[str, str, float, float, int]], width: int = 640,
             margin: float = 0.35) -> SiteMap:
    """``places``: (key, label, latitude, longitude, count). The map spans the places and the river's
    stretch between them, with ``margin`` degrees around."""
    if not places:
        raise ValueError("a map needs at least one place with coordinates")
    lats = [p[2] for p in places]
    lons = [p[3] for p in places]
    south, north = min(lats) - margin, max(lats) + margin
    west, east = min(lons) - margin, max(lons) + margin * 4  # room for the labels, written to the right
    scale_x = math.cos(math.radians((south + north) / 2))
    span_x, span_y = (east - west) * scale_x, north - south
    height = max(200, min(int(width * span_y / span_x), width))
    unit = min(width / span_x, height / span_y)
    offset_x = (width - span_x * unit) / 2
    offset_y = (height - span_y * unit) / 2

    def project(lat: float, lon: float) -> tuple[float, float]:
        return (round(offset_x + (lon - west) * scale_x * unit, 1), round(offset_y + (north - lat) * unit, 1))

    points = [MapPoint(key, label, *project(lat, lon), count) for key, label, lat, lon, count in places]
    river = " ".join(("M" if i == 0 else "L") + "{:g} {:g}".format(*project(lat, lon))
                     for i, (lat, lon) in enumerate(YANGTZE))
    return SiteMap(width, height, tuple(_place_labels(points, width, height)), river)


@dataclass(frozen=True)
class TimelineBar:
    key: str
    label: str
    years: str
    start: int | None
    end: int | None
    left: float  # per cent of the axis
    width: float


PRESENT = 2100  # the scale's zero point (years before it, so that recent periods keep a width)


def _position(year: int) -> float:
    return -math.log10(PRESENT - year)


def timeline(periods: list[tuple[str, str, str, int | None, int | None]]
             ) -> tuple[list[TimelineBar], int, int]:
    """``periods``: (key, label, years as text, start, end) → bars in time order and the axis's first and
    last years. Periods without any year are left out (nothing to place)."""
    dated = [p for p in periods if p[3] is not None or p[4] is not None]
    if not dated:
        return [], 0, 0
    first = min(p[3] if p[3] is not None else p[4] for p in dated)
    last = max(p[4] if p[4] is not None else p[3] for p in dated)
    low, high = _position(first), _position(last)
    span = max(1e-9, high - low)
    bars = []
    for key, label, years, start, end in sorted(dated, key=lambda p: (p[3] if p[3] is not None else first)):
        begin = _position(first if start is None else start)
        finish = _position(last if end is None else end)
        left = (begin - low) / span * 100
        bars.append(TimelineBar(key, label, years, start, end, round(left, 2),
                                round(max(1.0, (finish - begin) / span * 100), 2)))
    return bars, first, last
