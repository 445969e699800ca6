"""IIIF Image API 3.0 request parameters: parsing and the geometry they resolve to.

``{region}/{size}/{rotation}/{quality}.{format}`` is parsed into an :class:`ImageRequest`, then
:meth:`ImageRequest.resolve` turns it into pixels for one image (:class:`Plan`). Syntax errors and
forbidden upscaling raise :class:`IIIFBadRequest` (400); valid but unimplemented formats raise
:class:`IIIFNotImplemented` (501). Pure Python: no decoding happens here.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from assets.images.exceptions import IIIFBadRequest, IIIFNotImplemented, IIIFOverLimit

QUALITIES = ("default", "color", "gray", "bitonal")
FORMATS = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp", "tif": "image/tiff"}
# Formats the IIIF spec names that this server does not produce: 501, not 400.
KNOWN_UNSUPPORTED_FORMATS = ("gif", "jp2", "pdf")

_NUMBER = r"\d+(?:\.\d+)?"
_PIXELS = re.compile(r"^(\d+),(\d+),(\d+),(\d+)$")
_PERCENT_REGION = re.compile(rf"^pct:({_NUMBER}),({_NUMBER}),({_NUMBER}),({_NUMBER})$")
_SIZE_W_H = re.compile(r"^(!)?(\d+)?,(\d+)?$")
_SIZE_PCT = re.compile(rf"^pct:({_NUMBER})$")
_ROTATION = re.compile(rf"^(!)?({_NUMBER})$")


@dataclass(frozen=True)
class MaxSize:
    """The largest output the server makes (an upload's limits are :class:`assets.media.Limits`). ``max_*``
    are declared in info.json (``max`` stops there, ``^max``
    grows to them); ``None`` means undeclared, so ``max`` is the region size. ``output_area`` is the
    undeclared safety cap on any output (upscaled requests included)."""

    max_width: int | None = None
    max_height: int | None = None
    max_area: int | None = None
    output_area: int = 100_000_000


@dataclass(frozen=True)
class Plan:
    """What to cut and make, in source pixels: region box, output size, rotation, quality, format.
    ``full`` and ``max`` say that the region is the whole image and the size its maximum (not upscaled)."""

    x: int
    y: int
    w: int
    h: int
    width: int
    height: int
    mirror: bool
    rotation: float
    quality: str
    format: str
    full: bool = False
    max: bool = False

    @property
    def canonical(self) -> str:
        """The canonical URI path of the spec (section 4.7): ``full`` or ``x,y,w,h``; ``max``, ``w,h`` or
        ``^w,h``; the rotation as an integer when it is one (360 is 0); ``default`` for ``color`` (every
        pyramid is colour, so they are the same image). Every spelling of the same request (``full`` and
        ``0,0,W,H``, ``pct:100``, ``max`` and ``W,H``, ``!W,H``, ``360`` and ``0``, ``45.0`` and ``45``)
        has the same canonical form, which keys the rendered cache and the ETag."""
        region = "full" if self.full else f"{self.x},{self.y},{self.w},{self.h}"
        if self.max:
            size = "max"
        else:
            upscale = "^" if self.width > self.w or self.height > self.h else ""
            size = f"{upscale}{self.width},{self.height}"
        rotation = ("!" if self.mirror else "") + _number(self.rotation)
        quality = "default" if self.quality == "color" else self.quality
        return f"{region}/{size}/{rotation}/{quality}.{self.format}"


@dataclass(frozen=True)
class ImageRequest:
    region: str
    size: str
    rotation: str
    quality: str
    format: str

    @classmethod
    def parse(cls, region: str, size: str, rotation: str, quality_format: str) -> ImageRequest:
        quality, dot, fmt = quality_format.rpartition(".")
        if not dot or not quality:
            raise IIIFBadRequest(f"'{quality_format}' is not of the form quality.format")
        if quality not in QUALITIES:
            raise IIIFBadRequest(f"unknown quality '{quality}' (one of {', '.join(QUALITIES)})")
        if fmt not in FORMATS:
            if fmt in KNOWN_UNSUPPORTED_FORMATS:
                raise IIIFNotImplemented(f"the format '{fmt}' is not produced here (jpg, png, webp, tif)")
            raise IIIFBadRequest(f"unknown format '{fmt}'")
        request = cls(region, size, rotation, quality, fmt)
        request._rotation()  # syntax is checked now, geometry when resolved
        return request

    def resolve(self, width: int, height: int, limits: MaxSize = MaxSize()) -> Plan:
        x, y, w, h = self._region(width, height)
        out_w, out_h = self._size(w, h, limits)
        mirror, degrees = self._rotation()
        full = (x, y, w, h) == (0, 0, width, height)
        is_max = (out_w, out_h) == self._max_size(w, h, limits, upscale=False)
        return Plan(x, y, w, h, out_w, out_h, mirror, degrees, self.quality, self.format, full, is_max)

    @property
    def media_type(self) -> str:
        return FORMATS[self.format]

    # -- region ------------------------------------------------------------------------------
    def _region(self, width: int, height: int) -> tuple[int, int, int, int]:
        region = self.region
        if region == "full":
            return 0, 0, width, height
        if region == "square":
            side = min(width, height)
            return (width - side) // 2, (height - side) // 2, side, side
        match = _PIXELS.match(region)
        if match:
            x, y, w, h = (int(value) for value in match.groups())
        else:
            match = _PERCENT_REGION.match(region)
            if not match:
                raise IIIFBadRequest(f"region '{region}' is not full, square, x,y,w,h or pct:x,y,w,h")
            px, py, pw, ph = (float(value) for value in match.groups())
            x, y = round(px * width / 100), round(py * height / 100)
            w, h = round(pw * width / 100), round(ph * height / 100)
        if w <= 0 or h <= 0:
            raise IIIFBadRequest(f"region '{region}' has zero width or height")
        if x >= width or y >= height:
            raise IIIFBadRequest(f"region '{region}' lies outside the {width} × {height} image")
        return x, y, min(w, width - x), min(h, height - y)

    # -- size --------------------------------------------------------------------------------
    def _size(self, rw: int, rh: int, limits: MaxSize) -> tuple[int, int]:
        spec = self.size
        upscale = spec.startswith("^")
        if upscale:
            spec = spec[1:]
        if spec == "max":
            w, h = self._max_size(rw, rh, limits, upscale)
        elif spec.startswith("pct:"):
            match = _SIZE_PCT.match(spec)
            if not match:
                raise IIIFBadRequest(f"size '{self.size}' is not pct:n")
            scale = float(match.group(1)) / 100
            if scale > 1 and not upscale:
                raise IIIFBadRequest(f"size '{self.size}' would upscale; use ^pct:")
            w, h = round(rw * scale), round(rh * scale)
        else:
            match = _SIZE_W_H.match(spec)
            if not match or (match.group(2) is None and match.group(3) is None):
                raise IIIFBadRequest(f"size '{self.size}' is not max, w,, ,h, w,h, !w,h or pct:n")
            confined, want_w, want_h = match.group(1), match.group(2), match.group(3)
            if confined:
                if want_w is None or want_h is None:
                    raise IIIFBadRequest(f"size '{self.size}': !w,h needs both w and h")
                scale = min(int(want_w) / rw, int(want_h) / rh)
                w, h = max(1, round(rw * scale)), max(1, round(rh * scale))
                w, h = min(w, int(want_w)), min(h, int(want_h))
            elif want_h is None:
                w = int(want_w)
                h = max(1, round(rh * w / rw))
            elif want_w is None:
                h = int(want_h)
                w = max(1, round(rw * h / rh))
            else:
                w, h = int(want_w), int(want_h)
            if not upscale and (w > rw or h > rh):
                raise IIIFBadRequest(
                    f"size '{self.size}' ({w} × {h}) is larger than the {rw} × {rh} region; use ^ to upscale")
        if w <= 0 or h <= 0:
            raise IIIFBadRequest(f"size '{self.size}' gives an empty image")
        self._check_limits(w, h, limits)
        return w, h

    def _max_size(self, rw: int, rh: int, limits: MaxSize, upscale: bool) -> tuple[int, int]:
        scale = 1.0
        if upscale and (limits.max_width or limits.max_height or limits.max_area):
            scale = math.inf
        if limits.max_width:
            scale = min(scale, limits.max_width / rw)
        if limits.max_height:
            scale = min(scale, limits.max_height / rh)
        if limits.max_area:
            scale = min(scale, math.sqrt(limits.max_area / (rw * rh)))
        if not upscale:
            scale = min(scale, 1.0)
        return max(1, math.floor(rw * scale)), max(1, math.floor(rh * scale))

    def _check_limits(self, w: int, h: int, limits: MaxSize) -> None:
        for name, value, limit in (("width", w, limits.max_width), ("height", h, limits.max_height),
                                   ("area", w * h, limits.max_area), ("area", w * h, limits.output_area)):
            if limit and value > limit:
                raise IIIFOverLimit(f"size '{self.size}' gives {w:,} × {h:,} px ({name} {value:,} px); the "
                                    f"limit is {limit:,} px", "size")

    # -- rotation ----------------------------------------------------------------------------
    def _rotation(self) -> tuple[bool, float]:
        match = _ROTATION.match(self.rotation)
        if not match:
            raise IIIFBadRequest(f"rotation '{self.rotation}' is not a number of degrees (optionally !n)")
        degrees = float(match.group(2))
        if degrees > 360:
            raise IIIFBadRequest(f"rotation '{self.rotation}' is more than 360 degrees")
        return bool(match.group(1)), degrees % 360


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
