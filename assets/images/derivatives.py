"""Rendered IIIF outputs kept on disk, shared by every worker of one instance, within a byte budget.

A derivative is found by a key that names the pixels it was made from (the image's identifier, the
sha-256 of its source, the pyramid file's modification time and size) and the canonical request, so a
replaced image never finds its predecessor's tiles: those are simply never asked for again and leave with
the least recently used. Files are written under a temporary name and renamed into place (a reader sees a
whole file or none); each is a real file, so the web layer hands it to the kernel (``sendfile``) instead of
copying it through Python.

The budget (``max_bytes``) is kept by each process's running estimate of the folder's size: when a write
takes it over, the folder is measured and the least recently used files (by modification time, refreshed
on each hit) are removed until it is at ``low_water`` of the budget. Several processes may prune at once:
removing a file twice is harmless.

:meth:`DerivativeStore.put_later` hands the write to one background thread per process, so a request
does not wait for the disk (a few ms at the 95th percentile on a busy machine); when more than
``PENDING`` writes wait, new ones are dropped (the tile is rendered again next time).
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import tempfile
import threading
import time
from pathlib import Path

SUFFIXES = {"jpg": ".jpg", "png": ".png", "webp": ".webp", "tif": ".tif", "gif": ".gif"}
PENDING = 256  # writes waiting for the background thread, at most
TOUCH_SECONDS = 60  # a hit refreshes a file's age at most once a minute (one syscall less per tile)


def derivative_key(*parts: object) -> str:
    """The file name stem for ``parts`` (a hash: no part of a request reaches the file system)."""
    encoded = json.dumps([str(part) for part in parts], ensure_ascii=False)  # parts cannot run together
    return hashlib.blake2b(encoded.encode(), digest_size=20).hexdigest()


class DerivativeStore:
    """Files of rendered outputs in ``folder`` (two-level fan-out by hash), at most ``max_bytes`` in all."""

    def __init__(self, folder: str | Path, max_bytes: int, low_water: float = 0.8):
        self.folder = Path(folder)
        self.max_bytes = max_bytes
        self.low_water = low_water
        self._estimate: int | None = None  # measured on the first write
        self._lock = threading.Lock()
        self._pending: queue.Queue = queue.Queue(maxsize=PENDING)
        self._writer: threading.Thread | None = None

    def path(self, key: str, fmt: str) -> Path:
        return self.folder / key[:2] / f"{key}{SUFFIXES.get(fmt, '.' + fmt)}"

    def get(self, key: str, fmt: str) -> Path | None:
        """The file of ``key`` if it is there (its age refreshed for the LRU), else None."""
        path = self.path(key, fmt)
        try:
            modified = path.stat().st_mtime
        except FileNotFoundError:
            return None
        now = time.time()
        if now - modified > TOUCH_SECONDS:
            try:
                os.utime(path, (now, now))
            except FileNotFoundError:  # pruned by another process in between
                return None
        return path

    def put(self, key: str, fmt: str, data: bytes) -> Path | None:
        """Keep ``data`` as the file of ``key``; None when it is larger than an eighth of the budget."""
        if len(data) > self.max_bytes // 8:
            return None
        path = self.path(key, fmt)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        with self._lock:
            if self._estimate is None:
                self._estimate = self.measure()
            else:
                self._estimate += len(data)
            over = self._estimate > self.max_bytes
        if over:
            self.prune()
        return path

    def put_later(self, key: str, fmt: str, data: bytes) -> bool:
        """:meth:`put` on the background thread; False when too many writes already wait (dropped)."""
        with self._lock:
            if self._writer is None or not self._writer.is_alive():
                self._writer = threading.Thread(target=self._write_pending, name="iiif-derivatives",
                                                daemon=True)
                self._writer.start()
        try:
            self._pending.put_nowait((key, fmt, data))
        except queue.Full:
            return False
        return True

    def join(self) -> None:
        """Wait until every write handed to :meth:`put_later` is done."""
        self._pending.join()

    def _write_pending(self) -> None:
        while True:
            key, fmt, data = self._pending.get()
            try:
                self.put(key, fmt, data)
            except OSError:  # a full or read-only disk: the tile is rendered again next time
                pass
            finally:
                self._pending.task_done()

    def measure(self) -> int:
        return sum(size for _path, size, _age in self._files())

    def prune(self) -> int:
        """Remove the least recently used files down to ``low_water`` of the budget; the bytes removed."""
        files = sorted(self._files(), key=lambda item: item[2])
        total = sum(size for _path, size, _age in files)
        target = int(self.max_bytes * self.low_water)
        removed = 0
        for path, size, _age in files:
            if total - removed <= target:
                break
            path.unlink(missing_ok=True)
            removed += size
        with self._lock:
            self._estimate = total - removed
        return removed

    def _files(self):
        if not self.folder.is_dir():
            return
        for entry in os.scandir(self.folder):
            if not entry.is_dir():
                continue
            for item in os.scandir(entry.path):
                if item.name.startswith("."):
                    continue
                try:
                    stat = item.stat()
                except FileNotFoundError:
                    continue
                yield Path(item.path), stat.st_size, stat.st_mtime
