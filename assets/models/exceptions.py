"""Errors of the 3D model pipeline. Each message names the file (and member, field or count) at fault.

The web shell maps them to HTTP statuses in :mod:`museum.errors`; the CLI prints the message.
"""

from __future__ import annotations

from assets.exceptions import MediaError


class ModelError(MediaError):
    """Base of every 3D model error; ``code`` is the machine-readable code of the JSON API."""

    code = "model_error"

    def __init__(self, message: str, *, source: str | None = None):
        super().__init__(message)
        self.source = source


class UnsupportedFormat(ModelError):
    """The content is not one of the mesh formats we read (sniffed by content, not by extension)."""

    code = "unsupported_model_format"


class EmptyModel(ModelError):
    """The file holds no triangles (empty, a point cloud, or only lines)."""

    code = "empty_model"


class InvalidGeometry(ModelError):
    """NaN/inf coordinates, face indices out of range, a file that does not parse."""

    code = "invalid_geometry"


class UnknownFrame(InvalidGeometry):
    """Units or an up axis the normaliser does not know (a choice of the uploader, not a fault of the file);
    ``params["value"]`` is the value refused."""

    code = "model_frame"

    def __init__(self, message: str, *, value: str):
        super().__init__(message)
        self.params = {"value": value}


class UnsafeArchive(ModelError):
    """A zip with path traversal, links, too many members, or a compression ratio of a zip bomb."""

    code = "unsafe_archive"


class LimitExceeded(ModelError):
    """More faces, bytes or texture pixels than the configured limits allow."""

    code = "model_too_large"


class MissingTexture(ModelError):
    """A material refers to texture or buffer files that were not supplied; ``missing`` names them."""

    code = "missing_texture"

    def __init__(self, missing: list[str], *, source: str | None = None):
        self.missing = sorted(set(missing))
        super().__init__(f"{source or 'model'}: missing texture file(s): {', '.join(self.missing)}",
                         source=source)


class DerivativeFailed(ModelError):
    """A derivative that does not meet its budget, fails the Khronos validator or does not load back."""

    code = "derivative_failed"


class ToolMissing(ModelError):
    """An external tool (node with gltf-validator) is not installed."""

    code = "tool_missing"
