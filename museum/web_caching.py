"""HTTP caching and compression for pages, API answers and static files.

- Static files get versioned URLs (``?v=<hash of size and mtime>`` added by ``url_for``); a request with
  the current version is cached for a year (``immutable``), any other for a short time.
- Dynamic GET answers get a weak ETag (so ``If-None-Match`` answers 304) and, unless they set their own,
  ``Cache-Control``: public pages and open data a few minutes; curator and kiosk pages, answers that
  touch the session and errors ``private, no-cache``.
- Text answers of at least COMPRESS_MIN_BYTES are compressed with Brotli or gzip (Accept-Encoding);
  compressed static files are kept in a small in-memory cache keyed by path, mtime and encoding.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from collections import OrderedDict
from pathlib import Path
from stat import S_ISREG

from flask import Flask, Response, current_app, request, session

try:
    import brotli
except ImportError:  # Brotli is optional: gzip is always available
    brotli = None

COMPRESS_MIN_BYTES = 1024
COMPRESS_MAX_BYTES = 8 * 1024 * 1024
COMPRESSIBLE = ("text/", "application/json", "application/xml", "application/ld+json",
                "application/javascript", "image/svg+xml", "application/manifest+json", "model/gltf+json")
YEAR = 365 * 24 * 3600
PAGE_MAX_AGE = 300
PRIVATE_PREFIXES = ("/curator", "/kiosk")
_static_versions: dict[tuple[str, float, int], str] = {}
_compressed_files: OrderedDict[tuple, bytes] = OrderedDict()
_COMPRESSED_FILES_BYTES = 32 * 1024 * 1024  # the compressed static files kept per process, at most


def static_file(endpoint: str, filename: str) -> Path | None:
    if endpoint == "static":
        return Path(current_app.static_folder) / filename
    if endpoint == "vendor":
        return Path(current_app.config["NODE_MODULES"]) / filename
    return None


def file_version(path: Path) -> str | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    if not S_ISREG(stat.st_mode):  # a folder prefix (OpenSeadragon's prefixUrl) must stay unversioned
        return None
    key = (str(path), stat.st_mtime, stat.st_size)
    if key not in _static_versions:
        _static_versions[key] = hashlib.blake2b(f"{key}".encode(), digest_size=5).hexdigest()
    return _static_versions[key]


def add_static_version(endpoint: str, values: dict) -> None:
    """url_defaults: ``url_for('static', filename=...)`` gets ``v=<version>`` of the file on disk."""
    if endpoint not in ("static", "vendor") or "v" in values:
        return
    name = values.get("filename") if endpoint == "static" else values.get("path")
    path = static_file(endpoint, name) if name else None
    version = file_version(path) if path else None
    if version:
        values["v"] = version


def _cache_headers(response: Response) -> None:
    endpoint = request.endpoint or ""
    if endpoint in ("static", "vendor"):
        name = (request.view_args or {}).get("filename" if endpoint == "static" else "path", "")
        path = static_file(endpoint, name)
        versioned = path is not None and request.args.get("v") and request.args.get("v") == file_version(path)
        response.cache_control.no_cache = None
        response.cache_control.public = True
        response.cache_control.max_age = YEAR if versioned else PAGE_MAX_AGE
        if versioned:
            response.cache_control.immutable = True
        return
    if "Cache-Control" in response.headers:
        return
    if (response.status_code != 200 or request.path.startswith(PRIVATE_PREFIXES)
            or "Set-Cookie" in response.headers or _depends_on_session()):
        response.headers["Cache-Control"] = "private, no-cache"
    else:
        response.headers["Cache-Control"] = f"public, max-age={PAGE_MAX_AGE}"


def _depends_on_session() -> bool:
    """A visitor without a session cookie gets the same page as everyone else (``Vary: Cookie`` keeps
    shared caches from giving it to someone who has one)."""
    return session.accessed and bool(request.cookies)


def _encoding() -> str | None:
    accepted = request.accept_encodings
    if brotli is not None and accepted["br"]:
        return "br"
    if accepted["gzip"]:
        return "gzip"
    return None


def _compress(data: bytes, encoding: str, *, static: bool) -> bytes:
    if encoding == "br":
        return brotli.compress(data, quality=9 if static else 5)
    return gzip.compress(data, compresslevel=6, mtime=0)


def _maybe_compress(response: Response) -> Response:
    mimetype = response.mimetype or ""
    if (not mimetype.startswith(COMPRESSIBLE) or response.status_code != 200
            or "Content-Encoding" in response.headers):
        return response
    response.vary.add("Accept-Encoding")
    length = response.content_length
    if response.is_streamed and not response.direct_passthrough:
        return response
    if length is not None and not COMPRESS_MIN_BYTES <= length <= COMPRESS_MAX_BYTES:
        return response
    encoding = _encoding()
    if encoding is None or "Range" in request.headers:
        return response
    static = request.endpoint in ("static", "vendor")
    key = None
    if static:
        name = (request.view_args or {}).get("filename" if request.endpoint == "static" else "path", "")
        path = static_file(request.endpoint, name)
        key = (str(path), os.path.getmtime(path), encoding) if path and path.exists() else None
    data = _compressed_files.get(key) if key else None
    if data is None:
        response.direct_passthrough = False
        raw = response.get_data()
        if len(raw) < COMPRESS_MIN_BYTES:
            return response
        data = _compress(raw, encoding, static=static)
        if key:
            _compressed_files[key] = data
            while sum(map(len, _compressed_files.values())) > _COMPRESSED_FILES_BYTES:
                _compressed_files.popitem(last=False)
    else:
        response.direct_passthrough = False
    response.set_data(data)
    response.headers["Content-Encoding"] = encoding
    if response.get_etag()[0]:
        tag, _weak = response.get_etag()
        response.set_etag(tag, weak=True)
    return response


def after_request(response: Response) -> Response:
    if request.method not in ("GET", "HEAD"):
        return response
    _cache_headers(response)
    if (response.status_code == 200 and not response.is_streamed and not response.direct_passthrough
            and "ETag" not in response.headers):
        response.add_etag(weak=True)
        response.make_conditional(request)
    return _maybe_compress(response)


def init_app(app: Flask) -> None:
    app.url_defaults(add_static_version)
    app.after_request(after_request)
