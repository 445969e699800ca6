"""Which mesh format a file holds, decided by its bytes (the extension is only a hint for errors)."""

from __future__ import annotations

import json
import re

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OBJ_LINE = re.compile(rb"^\s*(v|vt|vn|f|o|g|s|usemtl|mtllib|l|p)\s", re.MULTILINE)
_STL_FACET = re.compile(rb"^\s*facet\s+normal", re.MULTILINE)


def sniff(head: bytes, size: int) -> str | None:
    """Format name (``glb``, ``gltf``, ``zip``, ``ply``, ``stl``, ``off``, ``obj``) or None.

    ``head`` is the first few KiB of the file, ``size`` its length in bytes.
    """
    if head.startswith(b"glTF"):
        return "glb"
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(b"ply\n") or head.startswith(b"ply\r\n"):
        return "ply"
    stripped = head.lstrip()
    if re.match(rb"^(ST|C|N|4|n|NC|CN)?OFF\b", stripped):
        return "off"
    if stripped.startswith(b"solid") and _STL_FACET.search(head):
        return "stl"
    if _is_binary_stl(head, size):
        return "stl"
    if stripped.startswith(b"{") and _looks_like_gltf_json(head):
        return "gltf"
    if _is_text(head) and _OBJ_LINE.search(head):
        return "obj"
    return None


def _is_binary_stl(head: bytes, size: int) -> bool:
    if len(head) < 84:
        return False
    count = int.from_bytes(head[80:84], "little")
    return count > 0 and size == 84 + 50 * count


def _looks_like_gltf_json(head: bytes) -> bool:
    text = head.decode("utf-8", "replace")
    if '"asset"' in text:
        return True
    try:
        return "asset" in json.loads(text)
    except ValueError:
        return False


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start > len(head) - 4  # a multi-byte character cut at the end of the sample
    return True
