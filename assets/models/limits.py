"""Configurable limits of ingestion and the budgets of each derivative (level of detail)."""

from __future__ import annotations

from dataclasses import dataclass

from assets.media import Limits

# What an uploaded model may be. Over any of these the upload is refused, naming the limit.
LIMITS = Limits(
    max_bytes=2 * 1024**3,
    max_faces=12_000_000,
    max_archive_members=200,
    max_unpacked_bytes=2 * 1024**3,  # all members of an archive together
    max_compression_ratio=200.0,  # per member; deflate on real meshes/textures stays far below
    max_texture_px=16384,  # longest side of one texture
)


@dataclass(frozen=True)
class LevelOfDetail:
    """The budget of one derivative GLB; ``compressed`` levels are written quantized and meshopt-compressed
    with a WebP texture (``assets.models.webglb``), the others as plain float GLBs any reader opens."""

    name: str
    max_triangles: int
    max_bytes: int
    max_texture_px: int
    compressed: bool = False


# the two levels browsers show are compressed; the thumbnail stays plain for the hall GLB and the turntable
WEB = LevelOfDetail("web", max_triangles=150_000, max_bytes=5 * 1024**2, max_texture_px=2048, compressed=True)
KIOSK = LevelOfDetail("kiosk", max_triangles=50_000, max_bytes=2 * 1024**2, max_texture_px=1024,
                      compressed=True)
THUMBNAIL = LevelOfDetail("thumbnail", max_triangles=8_000, max_bytes=512 * 1024, max_texture_px=512)
LEVELS = (WEB, KIOSK, THUMBNAIL)
