"""Errors of the image package. The web shell maps them to HTTP statuses (museum/errors.py).

Ingest errors (bad files) are :class:`ImageRejected` subclasses; IIIF request errors carry the status
the IIIF Image API 3.0 asks for (400 bad syntax or over the server's limits, 404 unknown image, 501 valid
but not implemented).
"""

from __future__ import annotations

from assets.exceptions import MediaError


class ImageError(MediaError):
    """Base of every error raised by :mod:`assets.images`; ``code`` is machine-readable."""

    code = "image_error"


class ImageRejected(ImageError):
    """A file that cannot be ingested; nothing was stored."""

    code = "image_rejected"


class UnsupportedImageType(ImageRejected):
    """The content (judged by magic bytes, never by the extension) is not JPEG, PNG, TIFF or WebP."""

    code = "unsupported_image_type"


class FileTooLarge(ImageRejected):
    """The file is bigger than the configured byte limit."""

    code = "file_too_large"


class TooManyPixels(ImageRejected):
    """Width × height (× pages) exceeds the configured pixel limit: a possible decompression bomb."""

    code = "too_many_pixels"


class CorruptImage(ImageRejected):
    """The file is truncated or cannot be decoded."""

    code = "corrupt_image"


class IIIFError(ImageError):
    """An IIIF Image API request error; ``status`` is the HTTP status the spec asks for."""

    code = "iiif_error"
    status = 400


class IIIFBadRequest(IIIFError):
    """Syntax error in the region, size, rotation, quality or format (or a forbidden upscale)."""

    code = "bad_request"
    status = 400


class IIIFOverLimit(IIIFBadRequest):
    """A well-formed request over the server's cost limits (:mod:`assets.images.cost`); ``parameter``
    names the request parameter to change (region, size, rotation or format).

    The status is 400, not 413: the IIIF Image API 3.0 says a scaled region "greater than the
    server-imposed limits" and a rotation "out of range or unsupported" are errors that SHOULD result in
    400 (Bad Request) (sections 4.2 and 4.3), and HTTP's 413 (Content Too Large) describes a request
    *body* too large to accept, which a GET has not. IIIF clients know 400 means "change the request".
    """

    code = "over_limit"
    status = 400

    def __init__(self, message: str, parameter: str):
        super().__init__(message)
        self.parameter = parameter


class IIIFForbidden(IIIFError):
    """A request for more of an image than its rights let this requester have (a restricted image above
    its public size): 403, the requester may not have it at any spelling."""

    code = "rights_restricted"
    status = 403


class IIIFImageNotFound(IIIFError):
    code = "image_not_found"
    status = 404


class IIIFNotImplemented(IIIFError):
    """A valid IIIF request this server does not implement (e.g. a ``gif`` or ``jp2`` output)."""

    code = "not_implemented"
    status = 501
