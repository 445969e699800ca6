"""Content sniffing by magic bytes: the extension and the declared content type are never trusted."""

from __future__ import annotations

from pathlib import Path

from assets.images.exceptions import UnsupportedImageType

# format key -> (media type, canonical extension)
ACCEPTED = {
    "jpeg": ("image/jpeg", "jpg"),
    "png": ("image/png", "png"),
    "tiff": ("image/tiff", "tif"),
    "webp": ("image/webp", "webp"),
}

# Recognised but refused, so that the error can say what the file is.
_KNOWN_OTHERS = (
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"%PDF", "PDF"),
    (b"\x00\x00\x00\x0cjP  \r\n\x87\n", "JPEG 2000"),
    (b"BM", "BMP"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"glTF", "glTF model"),
)


def sniff_bytes(head: bytes) -> str | None:
    """The format key of ``head`` (the first bytes of a file), or None when it is not an accepted image."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):  # classic and BigTIFF
        return "tiff"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def describe(head: bytes) -> str:
    for magic, name in _KNOWN_OTHERS:
        if head.startswith(magic):
            return name
    if not head:
        return "an empty file"
    return "unrecognised content"


def sniff_file(path: str | Path) -> str:
    """The format key of the file at ``path``; :class:`UnsupportedImageType` names what it is otherwise."""
    with open(path, "rb") as handle:
        head = handle.read(32)
    kind = sniff_bytes(head)
    if kind is None:
        raise UnsupportedImageType(
            f"{Path(path).name}: {describe(head)} is not an accepted image (JPEG, PNG, TIFF or WebP)"
        )
    return kind
