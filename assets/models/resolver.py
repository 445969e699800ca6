"""A trimesh resolver confined to the files of one upload, remembering every name it could not find.

OBJ materials, MTL textures and glTF buffers/images are fetched through it; a reference that
leaves the upload (``../``, absolute paths) is treated as missing, never read.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from trimesh.resolvers import Resolver

from assets.models.archive import safe_member_name


class SandboxResolver(Resolver):
    """Serves names from a dict of member bytes (zip uploads) or from the files of one folder."""

    def __init__(self, files: dict[str, bytes] | None = None, folder: Path | None = None,
                 prefix: str = ""):
        self.files = files
        self.folder = Path(folder).resolve() if folder is not None else None
        self.prefix = prefix
        self.missing: list[str] = []

    def _lookup(self, name: str) -> bytes | None:
        clean = safe_member_name(unquote(name.strip().strip('"')))
        if clean is None:
            return None
        if self.files is not None:
            key = f"{self.prefix}{clean}" if self.prefix else clean
            if key in self.files:
                return self.files[key]
            lowered = {k.lower(): v for k, v in self.files.items()}  # scanners' case is unreliable
            return lowered.get(key.lower())
        if self.folder is not None:
            path = (self.folder / clean).resolve()
            if path.is_relative_to(self.folder) and path.is_file():
                return path.read_bytes()
        return None

    def get(self, key: str) -> bytes:
        data = self._lookup(key)
        if data is None:
            self.missing.append(key.strip())
            raise KeyError(key)
        return data

    def write(self, name: str, data) -> None:
        raise PermissionError("uploads are read-only")

    def namespaced(self, namespace: str) -> SandboxResolver:
        return self

    def keys(self):
        if self.files is not None:
            return iter(self.files)
        return iter(p.name for p in self.folder.iterdir()) if self.folder else iter(())
