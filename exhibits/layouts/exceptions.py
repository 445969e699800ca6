"""Errors of the layout package (framework-free). The shell maps them to HTTP statuses."""

from __future__ import annotations


class LayoutError(Exception):
    """Base of every layout error; ``code`` is the machine-readable error code."""

    code = "layout_error"


class InvalidLayout(LayoutError):
    """A layout document that breaks the JSON Schema or refers to things that do not exist.

    ``errors`` lists every problem found as ``{"path": "cases/3/outer/width", "message": ...}``.
    """

    code = "invalid_layout"

    def __init__(self, errors: list[dict], source: str = "layout"):
        self.errors = errors
        self.source = source
        first = errors[0] if errors else {"path": "", "message": "unknown"}
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"{source}: {first['path'] or '/'}: {first['message']}{more}")


class RenderError(LayoutError):
    """A layout could not be rendered (bad camera, unknown output format)."""

    code = "render_failed"
