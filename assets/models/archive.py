"""Safe reading of zip uploads (an OBJ with its MTL and textures, or a glTF with its buffers).

Refused: path traversal (``..``, absolute paths, drive letters), symbolic links, too many members,
members whose compression ratio is that of a zip bomb, and archives that unpack to more than the
limit. Sizes are enforced while reading, so a member that lies about its size is caught too.
"""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import PurePosixPath

from assets.media import Limits
from assets.models.exceptions import UnsafeArchive

CHUNK = 1024 * 1024


def safe_member_name(name: str) -> str | None:
    """The normalised member path, or None when it would escape the extraction folder."""
    name = name.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    parts = [part for part in PurePosixPath(name).parts if part not in ("", ".")]
    if any(part == ".." for part in parts) or not parts:
        return None
    return "/".join(parts)


def read_zip(data: bytes, source: str, limits: Limits) -> dict[str, bytes]:
    """All regular members of a zip as ``{normalised name: bytes}``, or :class:`UnsafeArchive`."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise UnsafeArchive(f"{source}: not a readable zip archive ({error})", source=source) from error
    files = [info for info in infos if not info.is_dir()]
    if len(files) > limits.max_archive_members:
        raise UnsafeArchive(f"{source}: {len(files)} members, more than the limit of "
                            f"{limits.max_archive_members}", source=source)
    declared = sum(info.file_size for info in files)
    if declared > limits.max_unpacked_bytes:
        raise UnsafeArchive(f"{source}: unpacks to {declared} bytes, more than the limit of "
                            f"{limits.max_unpacked_bytes}", source=source)
    members: dict[str, bytes] = {}
    total = 0
    for info in files:
        name = safe_member_name(info.filename)
        if name is None:
            raise UnsafeArchive(f"{source}: member {info.filename!r} points outside the archive "
                                "(path traversal)", source=source)
        if stat.S_ISLNK(info.external_attr >> 16):
            raise UnsafeArchive(f"{source}: member {info.filename!r} is a symbolic link", source=source)
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > limits.max_compression_ratio:
            raise UnsafeArchive(f"{source}: member {info.filename!r} expands {ratio:.0f}× "
                                f"(limit {limits.max_compression_ratio:.0f}×): zip bomb", source=source)
        if name in members:
            raise UnsafeArchive(f"{source}: member {info.filename!r} appears twice", source=source)
        buffer = bytearray()
        try:
            with archive.open(info) as stream:
                while chunk := stream.read(CHUNK):
                    buffer += chunk
                    total += len(chunk)
                    if len(buffer) > info.file_size or total > limits.max_unpacked_bytes:
                        raise UnsafeArchive(f"{source}: member {info.filename!r} unpacks to more than "
                                            "it declares or than the limit: zip bomb", source=source)
        except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError) as error:
            raise UnsafeArchive(f"{source}: member {info.filename!r} cannot be read ({error})",
                                source=source) from error
        members[name] = bytes(buffer)
    return members
