"""Default configuration. Every key can be overridden by a ``MUSEUM_<KEY>`` environment variable
(``MUSEUM_DATABASE_URL``, ``MUSEUM_SEARCH_BACKEND`` ...) or by ``test_config``."""

from __future__ import annotations

import secrets
from pathlib import Path
from zoneinfo import ZoneInfo

SECRET_KEY = None  # generated once and kept in the instance folder when not configured
DATABASE_URL = None  # default: sqlite:///<instance>/museum.sqlite3
MEDIA_ROOT = None  # default: <instance>/media

# Imports and uploads
MAX_IMPORT_BYTES = 200 * 1024 * 1024
MAX_CONTENT_LENGTH = 512 * 1024 * 1024  # uploads by signed-in users (museum/request_limits.py)
MAX_BODY_BYTES = 1024 * 1024  # every other request body: forms, JSON, OAI-PMH

# Public address. Absolute URLs that are cached publicly or shared (IIIF ids, manifests, sitemaps,
# OAI-PMH, Linked Art) use PUBLIC_BASE_URL; set it in production ("https://museum.example.org"). Without
# it they use the request's Host only when its name (any port) is in ALLOWED_HOSTS ("name", ".suffix";
# MUSEUM_ALLOWED_HOSTS='["a.example", "b.example"]' or "a.example,b.example"), else
# PREFERRED_URL_SCHEME://SERVER_NAME (http://localhost when SERVER_NAME is unset): a spoofed Host header
# never reaches a cached document.
PUBLIC_BASE_URL = None
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "::1"]

# IIIF Image API: limits on what one image request may cost, checked before any pixel is decoded
# (assets/images/cost.py); over a limit is a 400 naming the parameter and the limit. With these, every
# request stays within about 2 s and 300 MB of worker memory (benchmarks/iiif_hostile.py). 0 = no limit.
IIIF_MAX_AREA = 16_000_000  # largest output image (after rotation); declared as maxArea for larger images
IIIF_MAX_ROTATED_AREA = 4_000_000  # largest output of a rotation that is not a multiple of 90°
IIIF_MAX_DECODED_PIXELS = 60_000_000  # source pixels decoded from the pyramid level a request is cut from
IIIF_MAX_SECONDS = 1.5  # estimated time to cut, scale, rotate and encode one image
IIIF_MAX_MEMORY_MB = 200  # estimated peak memory of one image
IIIF_CACHE_MB = 64  # rendered images kept per worker (LRU); 0 turns the cache off
_iiif_int_keys = ("IIIF_MAX_AREA", "IIIF_MAX_ROTATED_AREA", "IIIF_MAX_DECODED_PIXELS", "IIIF_MAX_MEMORY_MB",
                  "IIIF_CACHE_MB")

# Paging
API_MAX_PAGE_SIZE = 100
GALLERY_PAGE_SIZE = 24

# Home page: the accession number of the featured object; unset (or not published), the first published
# record with an image and a 3D model is featured (museum/browse.py)
FEATURED_OBJECT = None

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

# The poem projection (/kiosk/poems/projection; a wall may override both with ?hold=&cycle=)
POEMS_WALL_HOLD_SECONDS = 90  # a new poem stays alone on the wall this long before the idle programme resumes
POEMS_WALL_CYCLE_SECONDS = 25  # each poem of the idle programme is shown this long, and a new poem at least this long
TIMEZONE = "Asia/Shanghai"  # the museum's local time: where its day begins (the projection's poems of the day)

BABEL_DEFAULT_LOCALE = "zh"
BABEL_TRANSLATION_DIRECTORIES = str(Path(__file__).parent / "translations")

# Sign-in throttling (docs/curator-workspace.md, "Sign-in throttling"). A key is one account from one
# address, one account from one known device, or one address across all accounts; after its free failures
# it waits LOGIN_DELAY_BASE_SECONDS, doubled after each further failure up to LOGIN_DELAY_MAX_SECONDS.
LOGIN_PAIR_FREE_FAILURES = 5  # int: failures of one account from one address (or device) before delays
LOGIN_ADDRESS_FREE_FAILURES = 20  # int: failures from one address, all accounts together, before delays
LOGIN_DELAY_BASE_SECONDS = 1  # int: the first delay
LOGIN_DELAY_MAX_SECONDS = 300  # int: the longest delay (a guess every 5 minutes, never a lock-out)
LOGIN_FAILURE_RESET_SECONDS = 24 * 3600  # int: a key with no failure this long starts afresh and is pruned
LOGIN_KNOWN_ADDRESS_DAYS = 90  # int: after a sign-in from an address, it skips the per-address limit this long
LOGIN_DEVICE_COOKIE_DAYS = 365  # int: lifetime of the signed known-device cookie set at sign-in
LOGIN_IPV6_PREFIX = 64  # int: IPv6 clients are throttled by network (one host usually owns a /64)

# Browser security headers (museum/security.py)
HSTS = "max-age=31536000"  # Strict-Transport-Security, sent only on requests that came over TLS; "" disables
FRAME_ANCESTORS = ""  # origins that may show public pages in a frame besides this site ("https://a.example …")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
JSON_SORT_KEYS = False
_login_int_keys = ("LOGIN_PAIR_FREE_FAILURES", "LOGIN_ADDRESS_FREE_FAILURES", "LOGIN_DELAY_BASE_SECONDS",
                   "LOGIN_DELAY_MAX_SECONDS", "LOGIN_FAILURE_RESET_SECONDS", "LOGIN_KNOWN_ADDRESS_DAYS",
                   "LOGIN_DEVICE_COOKIE_DAYS", "LOGIN_IPV6_PREFIX")


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
    for key in ("MAX_IMPORT_BYTES", "MAX_CONTENT_LENGTH", "MAX_BODY_BYTES", "API_MAX_PAGE_SIZE", "GALLERY_PAGE_SIZE",
                "WSGI_THREADS", "SERVER_MAX_REQUESTS", "SERVER_WORKER_MEMORY_MB", "TRUSTED_PROXIES",
                "STREAM_MAX_PER_CLIENT", "STREAM_MAX_TOTAL", "POEMS_WALL_HOLD_SECONDS", "POEMS_WALL_CYCLE_SECONDS",
                *_login_int_keys, *_iiif_int_keys):
        config[key] = _typed(config, key, int, "a whole number")
    for key in ("STREAM_MAX_SECONDS", "STREAM_KEEPALIVE_SECONDS", "STREAM_POLL_SECONDS", "IIIF_MAX_SECONDS"):
        config[key] = _typed(config, key, float, "a number")
    try:
        ZoneInfo(config["TIMEZONE"])
    except (ValueError, KeyError, TypeError):  # ZoneInfoNotFoundError is a KeyError
        raise ValueError(f"setting TIMEZONE (MUSEUM_TIMEZONE) must be an IANA time zone such as Asia/Shanghai, "
                         f"not {config['TIMEZONE']!r}") from None


def _typed(config: dict, key: str, kind: type, what: str):
    try:
        return kind(config[key])
    except (TypeError, ValueError):
        raise ValueError(f"setting {key} (MUSEUM_{key}) must be {what}, not {config[key]!r}") from None


def _instance_secret(instance_path: Path) -> str:
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key
