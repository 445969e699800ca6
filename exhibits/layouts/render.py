"""Rendering a layout, for the command line and the JSON API alike: one entry point for every output and
one reading of its options.

Outputs (``KINDS``): the floor plan as SVG or PNG (with the checker's problems marked, unless asked not
to), the perspective preview as PNG, the whole hall as GLB. Options come as text from a command line or
a request — ``size`` ``WIDTHxHEIGHT`` (each 16 to 99999 pixels), ``camera`` ``x,y,z,yaw`` (hall metres and
degrees) — and are read by :meth:`RenderOptions.parse` only. Objects' 3D models and photos come from
:class:`Sources`, which the caller supplies (the catalogue's, in the shell; fakes, in tests).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from exhibits.layouts import glb, plan, preview
from exhibits.layouts.checker import check_layout
from exhibits.layouts.exceptions import RenderError
from exhibits.layouts.model import Layout
from exhibits.layouts.preview import Camera
from exhibits.layouts.scene import ModelSource, PhotoSource

KINDS = {"plan.svg": "image/svg+xml", "plan.png": "image/png", "view.png": "image/png",
         "hall.glb": "model/gltf-binary"}
PIXELS = "(1[6-9]|[2-9][0-9]|[1-9][0-9]{2,4})"  # 16 to 99999: a preview is at least 16 px a side
SIZE_PATTERN = f"^{PIXELS}x{PIXELS}$"
NUMBER = r"-?[0-9]{1,7}(\.[0-9]{1,9})?"
CAMERA_PATTERN = f"^{NUMBER}(,{NUMBER}){{3}}$"
DEFAULT_SIZE = (1280, 720)


def parse_size(text: str, largest: tuple[int, int] | None = None) -> tuple[int, int]:
    """``WIDTHxHEIGHT``; with ``largest``, a larger size is reduced to it (side by side)."""
    if not re.fullmatch(SIZE_PATTERN, text):
        raise RenderError(f"size {text!r}: expected WIDTHxHEIGHT, each from 16 to 99999 pixels")
    width, height = (int(n) for n in text.split("x"))
    return (min(width, largest[0]), min(height, largest[1])) if largest else (width, height)


def parse_camera(text: str) -> Camera:
    """``x,y,z,yaw``: the eye in hall metres, the yaw in degrees counter-clockwise from east."""
    if not re.fullmatch(CAMERA_PATTERN, text):
        raise RenderError(f"camera {text!r}: expected x,y,z,yaw (4 numbers)")
    return Camera.parse(text)


@dataclass(frozen=True)
class RenderOptions:
    lang: str = "zh"  # the plan's labels
    camera: Camera | None = None  # the preview's eye (None: just inside the first door)
    size: tuple[int, int] = DEFAULT_SIZE  # the preview's pixels
    problems: bool = True  # mark the checker's problems on the plan

    @classmethod
    def parse(cls, *, lang: str = "zh", camera: str | None = None, size: str | None = None,
              problems: bool = True, largest: tuple[int, int] | None = None) -> RenderOptions:
        """Options given as text; ``largest`` caps the preview's size (a request's cost)."""
        return cls(lang=lang, camera=parse_camera(camera) if camera else None,
                   size=parse_size(size, largest) if size else DEFAULT_SIZE, problems=problems)


@dataclass(frozen=True)
class Sources:
    """Where objects' 3D models and photos come from (None: boxes, plain colours)."""

    model_for: ModelSource | None = None
    photo_for: PhotoSource | None = None


def check_kind(kind: str) -> str:
    """``kind`` if it is one of :data:`KINDS`, else a :class:`RenderError` naming the kinds; its file
    format (``svg``, ``png``, ``glb``), the last part of its name."""
    if kind not in KINDS:
        raise RenderError(f"render kind {kind!r}: expected one of {', '.join(KINDS)}")
    return kind.rsplit(".", 1)[1]


def render(layout: Layout, kind: str, options: RenderOptions = RenderOptions(),
           sources: Sources = Sources()) -> bytes:
    """``layout`` rendered as ``kind`` (a key of :data:`KINDS`)."""
    check_kind(kind)
    if kind.startswith("plan."):
        report = check_layout(layout) if options.problems else None
        if kind == "plan.svg":
            return plan.render_svg(layout, report, options.lang).encode("utf-8")
        return plan.render_png(layout, report, options.lang)
    if kind == "view.png":
        return preview.render_preview(layout, options.camera, options.size, model_for=sources.model_for,
                                      photo_for=sources.photo_for)
    return glb.export_glb(layout, model_for=sources.model_for, photo_for=sources.photo_for)
