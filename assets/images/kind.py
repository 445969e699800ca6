"""Images as a media kind: one item is one page of a source file, served by IIIF from its pyramid.

Keys: ``images/pyramids/<item>.tif`` (the pyramid of one page; ``item`` is the IIIF identifier, e.g.
``2002.0031-1``) and ``images/sources/<sha256>.<ext>`` (the untouched source, stored once however many
pages and records use it).
"""

from __future__ import annotations

from pathlib import Path

from assets.images.ingest import LIMITS, Progress, SourceInfo, build_pyramid, inspect
from assets.images.sniff import ACCEPTED, sniff_bytes
from assets.media import Derivative, Ingested, Limits, MediaKind, Source, register, sha256_of
from assets.storage import MediaStorage


def pyramid_key(item: str) -> str:
    return f"images/pyramids/{item}.tif"


def source_key(sha256: str, fmt: str) -> str:
    return f"images/sources/{sha256}.{ACCEPTED[fmt][1]}"


class ImageKind(MediaKind):
    name, folder, noun = "image", "images", "image"
    accepts = "JPEG, PNG, TIFF (16-bit and multi-page too) or WebP"
    limits = LIMITS

    def sniff(self, head: bytes, size: int) -> str | None:
        return sniff_bytes(head)

    def check(self, path: Path, limits: Limits | None = None) -> Source:
        return _source(inspect(path, limits or self.limits))

    def ingest(self, path: Path, storage: MediaStorage, item: str, limits: Limits | None = None, *,
               page: int = 0, progress: Progress | None = None) -> Ingested:
        """Page ``page`` of ``path`` as the item ``item``: its pyramid (every pixel of the page is decoded,
        so a truncated file fails here), and the source unless it is stored already."""
        info = inspect(path, limits or self.limits)
        if not 0 <= page < info.pages:
            raise ValueError(f"{info.path.name} has {info.pages} page(s), not a page {page + 1}")
        digest = sha256_of(path)
        with storage.scratch() as folder:
            built = build_pyramid(info, folder / "pyramid.tif", page, progress)
            pyramid = built.stored(storage, pyramid_key(item))
        source = Derivative("source", info.media_type, info.size_bytes, key=source_key(digest, info.format),
                            sha256=digest)
        if not storage.exists(source.key):
            storage.put(source.key, path)
        return Ingested(_source(info), digest, [pyramid, source], metadata=dict(pyramid.metadata))


def _source(info: SourceInfo) -> Source:
    return Source(info.path.name, info.format, info.media_type, info.size_bytes, {
        "width": info.width, "height": info.height, "pages": info.pages,
        "bits_per_sample": info.bits_per_sample, "orientation": info.orientation})


IMAGE = register(ImageKind())
