""":class:`~assets.storage.MediaStorage` in an S3 bucket (AWS S3 or any S3-compatible store: SeaweedFS, MinIO,
Ceph ...), through boto3. A key is the object ``<prefix>/<key>``; credentials come from boto3's own chain (the
``AWS_ACCESS_KEY_ID`` / ``AWS_SECRET_ACCESS_KEY`` variables, ``~/.aws``, an instance role).

- :meth:`S3Storage.put` uploads with boto3's transfer manager: a file above ``multipart_threshold`` goes in
  parts, and an object appears only when the whole upload completes (S3 makes the object visible at
  ``CompleteMultipartUpload``; a failed upload is aborted, so no staging key is needed and nothing is left);
- :meth:`S3Storage.open` is a seekable file whose reads are ranged GETs of at most ``read_window`` bytes, so a
  byte range of a large GLB costs that range, not the object;
- :meth:`S3Storage.local_path` downloads into a bounded local cache (a temporary name, then a rename; a cached
  file is named by the object's ETag, so a replaced object is fetched again; least recently used evicted
  first);
- every error of the store becomes :class:`~assets.exceptions.StorageUnavailable` naming the bucket and
  key, and a missing key :class:`FileNotFoundError`.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

import boto3
from boto3.exceptions import Boto3Error
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from assets.exceptions import StorageUnavailable
from assets.storage import PART, SCRATCH, Stat, check_key, scratch_folder, split_s3_url

MB = 1024 * 1024
MISSING = {"404", "NoSuchKey", "NotFound"}
DENIED = {"403", "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "Forbidden"}


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


@dataclass(frozen=True)
class S3Tuning:
    """Sizes and times of an :class:`S3Storage`: the local cache (``cache_bytes``; files used in the last
    ``cache_grace`` seconds are kept), multipart uploads, ranged reads and listing pages."""

    cache_bytes: int = 1024 * MB
    cache_grace: float = 30.0
    multipart_threshold: int = 16 * MB
    multipart_chunksize: int = 16 * MB
    read_window: int = 4 * MB
    page_size: int = 1000


class S3Storage:
    """Keyed files as objects of ``bucket`` under ``prefix``. ``work_dir`` is a local folder for
    :meth:`scratch` folders and the :meth:`local_path` cache (at most ``tuning.cache_bytes``)."""

    def __init__(self, bucket: str, prefix: str = "", *, work_dir: str | Path,
                 endpoint_url: str | None = None, tuning: S3Tuning | None = None, client=None):
        tuning = tuning or S3Tuning()
        self.bucket, self.prefix = bucket, prefix.strip("/")
        self.work_dir = Path(work_dir)
        self.cache_dir = self.work_dir / ".cache"
        self.cache_bytes, self.cache_grace = tuning.cache_bytes, tuning.cache_grace
        self.read_window, self.page_size = tuning.read_window, tuning.page_size
        self.endpoint_url = endpoint_url
        self.transfer = TransferConfig(multipart_threshold=tuning.multipart_threshold,
                                       multipart_chunksize=tuning.multipart_chunksize, use_threads=True,
                                       max_concurrency=4)
        self.client = client or boto3.session.Session().client(
            "s3", endpoint_url=endpoint_url or None,
            config=Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=5, read_timeout=60,
                          max_pool_connections=20,
                          s3={"addressing_style": "path"} if endpoint_url else None))
        self._bucket_checked = False
        self._cache_lock = threading.Lock()

    @classmethod
    def from_url(cls, url: str, **options) -> S3Storage:
        """``S3Storage`` for ``s3://bucket/prefix``."""
        bucket, prefix = split_s3_url(url)
        return cls(bucket, prefix, **options)

    def __repr__(self) -> str:
        where = f" at {self.endpoint_url}" if self.endpoint_url else ""
        return f"S3Storage('s3://{self.bucket}/{self.prefix}'{where})"

    # --- names and errors -------------------------------------------------------------------------------

    def name(self, key: str) -> str:
        """The object name of ``key``."""
        check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def _where(self, key: str | None = None) -> str:
        return f"s3://{self.bucket}/{self.name(key) if key else self.prefix}"

    def _failure(self, error: Exception, key: str | None, doing: str) -> StorageUnavailable:
        where = self._where(key)
        if isinstance(error, ClientError):
            code = _code(error)
            if code in ("NoSuchBucket",):
                return StorageUnavailable(f"cannot {doing} {where}: bucket {self.bucket!r} does not exist")
            if code in DENIED:
                return StorageUnavailable(f"cannot {doing} {where}: access denied ({code}); check the "
                                          "credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) and the "
                                          "bucket's permissions")
            return StorageUnavailable(f"cannot {doing} {where}: {code} {error}")
        return StorageUnavailable(f"cannot {doing} {where}: {error}")

    @contextmanager
    def _calling(self, key: str | None, doing: str) -> Iterator[None]:
        self._check_bucket()
        try:
            yield
        except (ClientError, BotoCoreError, Boto3Error) as error:  # Boto3Error: a failed upload or download
            raise self._failure(error, key, doing) from error

    def _check_bucket(self) -> None:
        """Once per storage: the bucket exists and the credentials open it (a missing bucket otherwise looks
        like a missing key, as HEAD answers both with a bare 404)."""
        if self._bucket_checked:
            return
        try:
            self.client.head_bucket(Bucket=self.bucket)
        except ClientError as error:
            if _code(error) in MISSING | {"NoSuchBucket"}:
                raise StorageUnavailable(f"bucket {self.bucket!r} does not exist"
                                         f"{' at ' + self.endpoint_url if self.endpoint_url else ''} "
                                         f"(media store {self._where()})") from error
            raise self._failure(error, None, "open the media store") from error
        except BotoCoreError as error:
            raise self._failure(error, None, "reach the media store") from error
        self._bucket_checked = True

    # --- MediaStorage -----------------------------------------------------------------------------------

    def put(self, key: str, source: Path, *, move: bool = False) -> int:
        name, size = self.name(key), os.stat(source).st_size
        with self._calling(key, "store"):
            self.client.upload_file(str(source), self.bucket, name, Config=self.transfer)
        self._forget(key)
        if move:
            Path(source).unlink(missing_ok=True)
        return size

    def _head(self, key: str) -> dict | None:
        name = self.name(key)
        with self._calling(key, "read"):
            try:
                return self.client.head_object(Bucket=self.bucket, Key=name)
            except ClientError as error:
                if _code(error) in MISSING:
                    return None
                raise

    def open(self, key: str) -> BinaryIO:
        head = self._head(key)
        if head is None:
            raise FileNotFoundError(f"no such media object: {self._where(key)}")
        raw = S3Object(self, key, head["ContentLength"], head.get("ETag"))
        return io.BufferedReader(raw, buffer_size=64 * 1024)  # type: ignore[return-value]

    def stat(self, key: str) -> Stat | None:
        head = self._head(key)
        return None if head is None else Stat(head["ContentLength"], head["LastModified"].timestamp())

    def exists(self, key: str) -> bool:
        return self._head(key) is not None

    def delete(self, key: str) -> None:
        name = self.name(key)
        with self._calling(key, "delete"):
            self.client.delete_object(Bucket=self.bucket, Key=name)  # a missing key is no error in S3
        self._forget(key)

    def list(self, prefix: str) -> list[str]:
        if "\\" in prefix or "\x00" in prefix or any(part in (".", "..") for part in prefix.split("/")[:-1]):
            raise ValueError(f"not a media key prefix: {prefix!r}")
        base = f"{self.prefix}/" if self.prefix else ""
        keys = []
        with self._calling(None, "list"):
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=base + prefix, PaginationConfig={"PageSize": self.page_size})
            for page in pages:
                keys.extend(item["Key"][len(base):] for item in page.get("Contents", ()))
        return sorted(key for key in keys if not key.endswith(PART))

    def scratch(self) -> AbstractContextManager[Path]:
        return scratch_folder(self.work_dir / SCRATCH)

    def local_path(self, key: str) -> Path:
        head = self._head(key)
        if head is None:
            raise FileNotFoundError(f"no such media object: {self._where(key)}")
        path = self._cached(key, head.get("ETag") or f"{head['ContentLength']}-{head['LastModified']}")
        if path.is_file():
            os.utime(path)  # recently used
            return path
        self._forget(key)  # older versions
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{uuid.uuid4().hex[:12]}{PART}")
        try:
            with self._calling(key, "download"):
                try:
                    self.client.download_file(self.bucket, self.name(key), str(partial), Config=self.transfer)
                except ClientError as error:  # deleted between HEAD and GET
                    if _code(error) in MISSING:
                        raise FileNotFoundError(f"no such media object: {self._where(key)}") from None
                    raise
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
        self._evict(keep=path)
        return path

    # --- the local cache --------------------------------------------------------------------------------

    def _cached(self, key: str, etag: str) -> Path:
        """The cache file of one version of ``key``: named by a hash of the key and the object's ETag, so a
        replaced object is never mistaken for the cached one."""
        digest = hashlib.sha256(self.name(key).encode()).hexdigest()
        version = re.sub(r"[^0-9A-Za-z-]", "", etag)[:80]
        return self.cache_dir / digest[:2] / f"{digest}.{version}{PurePosixPath(key).suffix}"

    def _forget(self, key: str) -> None:
        folder = self._cached(key, "").parent
        digest = hashlib.sha256(self.name(key).encode()).hexdigest()
        for path in folder.glob(f"{digest}.*") if folder.is_dir() else ():
            if not path.name.endswith(PART):
                path.unlink(missing_ok=True)

    def _evict(self, keep: Path) -> None:
        """Remove the least recently used cached files until the cache holds at most ``cache_bytes``. Files
        used in the last ``cache_grace`` seconds stay (another worker process sharing the folder may just have
        been given one and not opened it yet), so the cache may pass its bound for that long; the file just
        fetched always stays."""
        with self._cache_lock:
            files = []
            for folder, _, names in os.walk(self.cache_dir):
                for name in names:
                    if name.endswith(PART):
                        continue
                    path = Path(folder, name)
                    try:
                        found = path.stat()
                    except FileNotFoundError:
                        continue
                    files.append((found.st_mtime, found.st_size, path))  # touched on each use
            total, recent = sum(size for _, size, _ in files), time.time() - self.cache_grace
            for used, size, path in sorted(files, key=lambda entry: entry[0]):
                if total <= self.cache_bytes or used > recent:
                    break
                if path != keep:
                    path.unlink(missing_ok=True)
                    total -= size


class S3Object(io.RawIOBase):
    """One object, read by ranged GETs: a read at position p opens ``bytes=p-(p+window-1)`` and later reads go
    on from that answer while they follow on; a seek elsewhere drops it. ``If-Match`` on the ETag makes a
    replaced object an error rather than a mix of two versions."""

    def __init__(self, storage: S3Storage, key: str, size: int, etag: str | None):
        super().__init__()
        self.storage, self.key, self.size, self.etag = storage, key, size, etag
        self.position = 0
        self._body = None
        self._body_end = 0  # the first offset after the current answer

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: self.size}[whence]
        position = base + offset
        if position < 0:
            raise ValueError(f"negative seek position {position}")
        if position != self.position:
            self._drop()
            self.position = position
        return position

    def readinto(self, buffer) -> int:
        if self.position >= self.size or len(buffer) == 0:
            return 0
        if self._body is None:
            end = min(self.size, self.position + max(self.storage.read_window, len(buffer)))
            arguments = dict(Bucket=self.storage.bucket, Key=self.storage.name(self.key),
                             Range=f"bytes={self.position}-{end - 1}")
            if self.etag:
                arguments["IfMatch"] = self.etag
            with self.storage._calling(self.key, "read"):
                self._body = self.storage.client.get_object(**arguments)["Body"]
            self._body_end = end
        wanted = min(len(buffer), self._body_end - self.position)
        with self.storage._calling(self.key, "read"):
            data = self._body.read(wanted)
        if not data:
            raise StorageUnavailable(f"{self.storage._where(self.key)} ended at byte {self.position} of "
                                     f"{self.size}")
        buffer[:len(data)] = data
        self.position += len(data)
        if self.position >= self._body_end:
            self._drop()
        return len(data)

    def _drop(self) -> None:
        if self._body is not None:
            self._body.close()
            self._body = None

    def close(self) -> None:
        self._drop()
        super().close()
