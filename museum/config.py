"""Default configuration. Every key can be overridden by a ``MUSEUM_<KEY>`` environment variable
(``MUSEUM_DATABASE_URL``, ``MUSEUM_SEARCH_BACKEND`` ...) or by ``test_config``."""

from __future__ import annotations

import secrets
from pathlib import Path

SECRET_KEY = None  # generated once and kept in the instance folder when not configured
DATABASE_URL = None  # default: sqlite:///<instance>/museum.sqlite3
MEDIA_ROOT = None  # default: <instance>/media

# Imports and uploads
MAX_IMPORT_BYTES = 200 * 1024 * 1024
MAX_CONTENT_LENGTH = 512 * 1024 * 1024  # uploads by signed-in users (museum/request_limits.py)
MAX_BODY_BYTES = 1024 * 1024  # every other request body: forms, JSON, OAI-PMH

# Paging
API_MAX_PAGE_SIZE = 100
GALLERY_PAGE_SIZE = 24

# Search
SEARCH_BACKEND = "tantivy"  # tantivy | elasticsearch
ELASTICSEARCH_URL = None
ELASTICSEARCH_INDEX_PREFIX = "museum"
SEARCH_INDEX_DIR = None  # default: <instance>/search

# Serving (``museum serve``: gunicorn's asgi worker; see museum/asgi.py and museum/server.py)
WSGI_THREADS = 8  # threads per worker process for ordinary requests (event streams use none)
SERVER_MAX_REQUESTS = 20000  # a worker is replaced after this many requests (±10 % jitter)
SERVER_WORKER_MEMORY_MB = 1024  # ... or as soon as its resident memory passes this
TRUSTED_PROXIES = 0  # reverse proxies in front whose X-Forwarded-* headers are believed (0: none)
# Event streams (museum/streams.py): per worker process
STREAM_MAX_PER_CLIENT = 8  # open streams per client address (429 beyond)
STREAM_MAX_TOTAL = 2000  # open streams per process (503 beyond)
STREAM_MAX_SECONDS = 600.0  # a stream then ends and the browser reconnects with Last-Event-ID
STREAM_KEEPALIVE_SECONDS = 15.0
STREAM_POLL_SECONDS = 1.0  # how often a process looks for new events while anyone listens

BABEL_DEFAULT_LOCALE = "zh"
BABEL_TRANSLATION_DIRECTORIES = str(Path(__file__).parent / "translations")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
JSON_SORT_KEYS = False


def derive(config: dict, instance_path: Path) -> None:
    """Fill the settings whose defaults depend on the instance folder."""
    if not config.get("DATABASE_URL"):
        config["DATABASE_URL"] = f"sqlite:///{instance_path / 'museum.sqlite3'}"
    if not config.get("MEDIA_ROOT"):
        config["MEDIA_ROOT"] = str(instance_path / "media")
    if not config.get("SEARCH_INDEX_DIR"):
        config["SEARCH_INDEX_DIR"] = str(instance_path / "search")
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = _instance_secret(instance_path)
    for key in ("MAX_IMPORT_BYTES", "MAX_CONTENT_LENGTH", "MAX_BODY_BYTES", "API_MAX_PAGE_SIZE", "GALLERY_PAGE_SIZE", "WSGI_THREADS",
                "SERVER_MAX_REQUESTS", "SERVER_WORKER_MEMORY_MB", "TRUSTED_PROXIES", "STREAM_MAX_PER_CLIENT", "STREAM_MAX_TOTAL"):
        config[key] = int(config[key])
    for key in ("STREAM_MAX_SECONDS", "STREAM_KEEPALIVE_SECONDS", "STREAM_POLL_SECONDS"):
        config[key] = float(config[key])


def _instance_secret(instance_path: Path) -> str:
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key
