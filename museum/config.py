"""Every setting of the service, declared once: name, type, default, environment variable and meaning.

A setting's value comes from the argument of ``create_app`` (tests, the CLI's ``--instance``), else from its
environment variable ``MUSEUM_<NAME>`` (``MUSEUM_DATABASE_URL``, ``MUSEUM_SEARCH_BACKEND`` ...), else from
its default. Defaults that depend on the instance folder or on another setting are derived once, by
:func:`load` (called by ``create_app``), so every declared key is always in ``app.config`` with its type:
readers write ``current_app.config["KEY"]``, never an inline default. A value of the wrong type is refused
there, naming the setting, its variable and the type. ``museum config show`` prints every setting with its
value, where the value came from and what it is for. ``tests/unit/test_config.py`` fails when code outside
this module reads a key that is not declared here.
"""

from __future__ import annotations

import copy
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from assets.images.ingest import LIMITS as IMAGE_LIMITS
from assets.models.limits import LIMITS as MODEL_LIMITS
from museum.exceptions import InvalidSetting
from museum.setting_types import (
    FLAG,
    MEDIA_URL,
    NAMES,
    NUMBER,
    SECRET,
    TEXT,
    TIME_ZONE,
    WHOLE,
    Derived,
    Setting,
    choice,
)


def _instance_secret(values: dict) -> str:
    instance_path = Path(values["INSTANCE_PATH"])
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def _under_instance(*parts: str) -> Callable[[dict], str]:
    return lambda values: str(Path(values["INSTANCE_PATH"], *parts))


def _sqlite_in_instance(values: dict) -> str:
    return f"sqlite:///{Path(values['INSTANCE_PATH'], 'museum.sqlite3')}"


def _secure_cookies(values: dict) -> bool:
    return values["SECURE_COOKIES"]


S = Setting
MB = 1024 * 1024
NODE_MODULES = Path(__file__).resolve().parent.parent / "node_modules"
NEURAL_WEIGHTS = Path(__file__).resolve().parent.parent / "exhibits" / "poems" / "weights"  # committed

# --- the settings, by section -------------------------------------------------------------------------------

SECTIONS: dict[str, tuple[Setting, ...]] = {
    "Instance and storage": (
        S("INSTANCE_PATH", TEXT, "instance",
          "The instance folder: database, media, search index, secret key, caches (museum --instance PATH).",
          env_name="MUSEUM_INSTANCE"),
        S("SECRET_KEY", SECRET, None,
          "Signs session cookies and tokens; generated once into <instance>/secret_key when not set.",
          derive=Derived(_instance_secret)),
        S("DATABASE_URL", TEXT, None,
          "Where the catalogue is stored: any SQLAlchemy URL (PostgreSQL); default SQLite (WAL) at "
          "<instance>/museum.sqlite3.", derive=Derived(_sqlite_in_instance)),
        S("MEDIA_ROOT", TEXT, None,
          "Images, 3D models and audio of the catalogue; default <instance>/media. With MEDIA_URL set: the "
          "local working folder (tools' scratch folders, the cache of files downloaded for pyvips).",
          derive=Derived(_under_instance("media"))),
        S("MEDIA_URL", MEDIA_URL, "",
          "Where media live: empty for the MEDIA_ROOT folder, or s3://bucket/prefix for an S3 bucket "
          "(credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and boto3's other usual sources)."),
        S("S3_ENDPOINT_URL", TEXT, None,
          "An S3-compatible store's address (SeaweedFS, MinIO, Ceph: http://host:8333); unset: AWS S3."),
        S("MEDIA_CACHE_MB", WHOLE, 2048,
          "With MEDIA_URL: most megabytes of objects kept in MEDIA_ROOT/.cache for tools that read files "
          "(IIIF pyramids); least recently used go first."),
        S("NODE_MODULES", TEXT, str(NODE_MODULES),
          "npm packages (viewers, validator, poetry corpus) installed at set-up; served under "
          "/static/vendor/."),
    ),
    "Imports and request bodies": (
        S("MAX_IMPORT_BYTES", WHOLE, 200 * MB,
          "Largest catalogue file `museum import` reads (bytes)."),
        S("MAX_CONTENT_LENGTH", WHOLE, 512 * MB,
          "Largest upload by a signed-in user, on routes that take files (bytes; museum/request_limits.py)."),
        S("MAX_DOCUMENT_BYTES", WHOLE, 6 * MB,
          "Largest JSON document a signed-in user sends to a route that takes them (bytes): a gallery layout "
          "file may be 5 MiB (exhibits/layouts/model.py), plus its envelope."),
        S("MAX_BODY_BYTES", WHOLE, MB,
          "Largest body of every other request: forms, JSON, OAI-PMH (bytes)."),
        S("IMAGE_MAX_BYTES", WHOLE, IMAGE_LIMITS.max_bytes,
          "Largest image file accepted for ingest (bytes; the kind's limit, assets/images/ingest.py)."),
        S("IMAGE_MAX_PIXELS", WHOLE, IMAGE_LIMITS.max_pixels,
          "Most pixels of an image accepted for ingest (a possible bomb beyond)."),
        S("MODEL_MAX_FACES", WHOLE, MODEL_LIMITS.max_faces,
          "Most faces of a 3D model accepted for ingest (the kind's limit, assets/models/limits.py)."),
        S("MODEL_MAX_BYTES", WHOLE, MODEL_LIMITS.max_bytes,
          "Largest 3D model file accepted for ingest (bytes)."),
    ),
    "Public address": (
        S("PUBLIC_BASE_URL", TEXT, None,
          "Origin of publicly cached absolute URLs (IIIF ids, manifests, sitemaps, OAI-PMH, Linked Art): set "
          "it in production, e.g. https://museum.example.org."),
        S("ALLOWED_HOSTS", NAMES, ["localhost", "127.0.0.1", "::1"],
          "Without PUBLIC_BASE_URL, Host names (any port; .suffix for subdomains) trusted to build absolute "
          "URLs; others give PREFERRED_URL_SCHEME://SERVER_NAME."),
        S("PREFERRED_URL_SCHEME", choice("http", "https"), "http",
          "Scheme of absolute URLs built without a request or a trusted Host."),
        S("SERVER_NAME", TEXT, None,
          "Flask's host name for absolute URLs without a request; unset: localhost."),
    ),
    "IIIF image requests (limits, 0 for none: assets/images/cost.py)": (
        S("IIIF_MAX_AREA", WHOLE, 16_000_000,
          "Largest output image in pixels (after rotation); declared as maxArea."),
        S("RESTRICTED_IMAGE_PX", WHOLE, 1200,
          "Longest side (px) the public gets of an image whose rights restrict downloads "
          "(museum/catalogue/rights.py)."),
        S("IIIF_MAX_ROTATED_AREA", WHOLE, 4_000_000,
          "Largest output of a rotation not a multiple of 90° (pixels)."),
        S("IIIF_MAX_DECODED_PIXELS", WHOLE, 60_000_000,
          "Source pixels one request may decode from its pyramid level."),
        S("IIIF_MAX_SECONDS", NUMBER, 1.5,
          "Estimated time to cut, scale, rotate and encode one image (s)."),
        S("IIIF_MAX_MEMORY_MB", WHOLE, 200,
          "Estimated peak memory of one image (MB)."),
        S("IIIF_CACHE_MB", WHOLE, 64,
          "Rendered images kept per worker (LRU, MB); 0 turns the cache off."),
        S("IIIF_DISK_CACHE_MB", WHOLE, 2048,
          "Rendered images kept on disk for all workers (IIIF_DISK_CACHE_DIR; LRU, MB), sent as files; "
          "0 turns it off."),
        S("IIIF_DISK_CACHE_DIR", TEXT, None,
          "Folder of the rendered images on disk; default <instance>/cache/iiif.",
          derive=Derived(_under_instance("cache", "iiif"))),
        S("IIIF_SHARED_CACHE_SECONDS", WHOLE, 60,
          "How long a shared cache in front (nginx's proxy_cache, deploy/nginx.conf) may answer an image "
          "request before asking again with its validators (X-Accel-Expires); browsers keep them a day."),
    ),
    "Paging": (
        S("API_MAX_PAGE_SIZE", WHOLE, 100,
          "Largest page of the JSON API (the OpenAPI document shows it)."),
        S("GALLERY_PAGE_SIZE", WHOLE, 24,
          "Objects per page of a gallery page."),
        S("SITEMAP_MAX_URLS", WHOLE, 50_000,
          "URLs of one sitemap file; beyond, /sitemap.xml is an index."),
        S("SITEMAP_RECORDS_PER_FILE", WHOLE, 5_000,
          "Records per object part of a sitemap index (6 URLs each)."),
        S("OAI_PAGE_SIZE", WHOLE, 100,
          "Records per OAI-PMH answer before a resumption token."),
    ),
    "Public pages": (
        S("FEATURED_OBJECT", TEXT, None,
          "Accession number of the home page's featured object; unset (or not published): the first "
          "published record with an image and a 3D model (museum/browse.py)."),
    ),
    "Exhibition exports (museum/exhibition_bundle.py)": (
        S("EXPORT_MAX_MB", WHOLE, 300,
          "Largest zip of an exhibition for the social-media team (MB): files that would pass it are "
          "left out and named in its manifest."),
    ),
    "Open data": (
        S("OAI_REPOSITORY_IDENTIFIER", TEXT, "three-gorges-museum.example",
          "The repository in OAI-PMH identifiers (oai:<this>:<accession number>)."),
        S("OAI_ADMIN_EMAIL", TEXT, "opendata@museum.example",
          "adminEmail of the OAI-PMH Identify answer."),
    ),
    "Search": (
        S("SEARCH_BACKEND", choice("tantivy", "elasticsearch"), "tantivy",
          "The engine searches go to first; the embedded tantivy index is always kept too."),
        S("SEARCH_INDEX_DIR", TEXT, None,
          "The embedded index and the indexer's lock; default <instance>/search.",
          derive=Derived(_under_instance("search"))),
        S("ELASTICSEARCH_URL", TEXT, None,
          "Elasticsearch's URL (needed when SEARCH_BACKEND is elasticsearch)."),
        S("ELASTICSEARCH_INDEX_PREFIX", TEXT, "museum",
          "Prefix of the Elasticsearch index and alias names."),
        S("ELASTICSEARCH_TIMEOUT", NUMBER, 3.0,
          "Seconds before Elasticsearch counts as down (answers then come from the embedded index)."),
        S("SEARCH_INDEXER_THREAD", FLAG, True,
          "Apply the search outbox in a background thread of each web process (the CLI applies it after each "
          "command)."),
    ),
    "Jobs (museum/jobs/: museum worker, museum job)": (
        S("QUEUE_URL", TEXT, "",
          "Where jobs wait: empty for the jobs table of the catalogue database (one machine, no server), or "
          "redis://host:port/db for a Redis shared by workers on several nodes."),
        S("QUEUE_LEASE_SECONDS", NUMBER, 30.0,
          "A running job's lease: a worker renews it every third of it; a job whose worker stopped renewing "
          "(killed, machine down) runs again after it ends."),
        S("QUEUE_UPLOADS", FLAG, True,
          "Curator media uploads (images, 3D models, audio …) answer at once (202, with a link to the "
          "job's progress) and a worker ingests them; false: inside the request, as `museum image add` "
          "does."),
        S("QUEUE_WORKER", FLAG, True,
          "museum serve starts one local `museum worker` process beside the web workers (set false when "
          "workers run elsewhere)."),
    ),
    "Serving (museum serve: museum/asgi.py, museum/server.py)": (
        S("WSGI_THREADS", WHOLE, 4,
          "Threads per worker process for ordinary requests (event streams use none). 4 on a 2-core "
          "machine: benchmarks/load.py gave p95 110 ms with 4 and 290 ms with 8 (more threads only queue on "
          "the GIL)."),
        S("SERVER_MAX_REQUESTS", WHOLE, 20000,
          "A worker is replaced after this many requests (±10 % jitter)."),
        S("SERVER_WORKER_MEMORY_MB", WHOLE, 1024,
          "... or as soon as its resident memory passes this (MB)."),
        S("TRUSTED_PROXIES", WHOLE, 0,
          "Reverse proxies in front whose X-Forwarded-* headers are believed."),
        S("STREAM_MAX_PER_CLIENT", WHOLE, 8,
          "Open event streams per client address and process (429 beyond)."),
        S("STREAM_MAX_TOTAL", WHOLE, 2000,
          "Open event streams per process (503 beyond)."),
        S("STREAM_MAX_SECONDS", NUMBER, 600.0,
          "A stream then ends; the browser reconnects with Last-Event-ID."),
        S("STREAM_KEEPALIVE_SECONDS", NUMBER, 15.0,
          "Seconds between keep-alive comments of an idle stream."),
        S("STREAM_POLL_SECONDS", NUMBER, 1.0,
          "How often a process looks for new events while anyone listens."),
    ),
    "Kiosks and stations": (
        S("KIOSK_IDLE_SECONDS", NUMBER, 90,
          "Idle time after which a gallery kiosk returns to its start."),
        S("KIOSK_ATTRACT_SECONDS", NUMBER, 5,
          "Seconds each highlight of a kiosk's attract loop is shown."),
        S("AUDIO_KIOSK_IDLE_SECONDS", WHOLE, 120,
          "Idle time after which an audio station resets."),
        S("POEMS_KIOSK_IDLE_SECONDS", WHOLE, 90,
          "Idle time after which the poem station resets."),
        S("POEMS_PER_KIOSK_PER_MINUTE", WHOLE, 6,
          "Poems one kiosk may ask for per minute (429 beyond)."),
        S("POEMS_WALL_HOLD_SECONDS", WHOLE, 90,
          "The poem projection: a new poem stays alone on the wall this long before the idle programme "
          "resumes (a wall may set its own with ?hold=)."),
        S("POEMS_WALL_CYCLE_SECONDS", WHOLE, 25,
          "The poem projection: each poem of the idle programme is shown this long, and a new poem at least "
          "this long (?cycle=)."),
        S("TIMEZONE", TIME_ZONE, "Asia/Shanghai",
          "The museum's local time: where its day begins (the projection's poems of the day)."),
        S("POEMS_MODEL_DIR", TEXT, None,
          "The poem station's trained model (museum poem train); default <instance>/poems/model.",
          derive=Derived(_under_instance("poems", "model"))),
        S("POEMS_LANGUAGE_MODEL", choice("ngram", "neural"), "neural",
          "The poem station's language model inside its constrained search: ngram (the trained n-gram style "
          "models) or neural (the GRU of POEMS_NEURAL_DIR with each line's planned keyword, run by ONNX "
          "Runtime)."),
        S("POEMS_NEURAL_DIR", TEXT, None,
          "The neural poem model (neural.onnx, neural.json); default the one committed in "
          "exhibits/poems/weights.",
          derive=Derived(lambda v: str(NEURAL_WEIGHTS), "the package")),
        S("POEMS_CORPUS_DIR", TEXT, None,
          "The chinese-poetry corpus the model is trained from; default NODE_MODULES/chinese-poetry.",
          derive=Derived(lambda v: str(Path(v["NODE_MODULES"], "chinese-poetry")), "NODE_MODULES")),
        S("LAYOUT_RENDER_CACHE_MB", WHOLE, 1024,
          "Renders of stored layout versions (previews, plans, hall GLBs) kept on disk for all workers "
          "(LAYOUT_RENDER_CACHE_DIR; LRU, MB): a page showing them again renders nothing; 0 turns it off."),
        S("LAYOUT_RENDER_CACHE_DIR", TEXT, None,
          "Folder of the kept layout renders; default <instance>/cache/layouts.",
          derive=Derived(_under_instance("cache", "layouts"))),
        S("LAYOUT_MODEL_SOURCE", TEXT, None,
          "module:function giving hall renders their 3D objects; unset: each record's lightest GLB "
          "derivative."),
    ),
    "Sign-in, sessions and passwords (docs/curator-workspace.md)": (
        S("SECURE_COOKIES", FLAG, True,
          "Session, remember-me and device cookies only over HTTPS; false for plain-HTTP development on "
          "another host than localhost."),
        S("SESSION_COOKIE_SECURE", FLAG, None,
          "Flask's: from SECURE_COOKIES.", derive=Derived(_secure_cookies, "SECURE_COOKIES"), fixed=True),
        S("REMEMBER_COOKIE_SECURE", FLAG, None,
          "Flask-Login's: from SECURE_COOKIES.",
          derive=Derived(_secure_cookies, "SECURE_COOKIES"), fixed=True),
        S("SESSION_COOKIE_HTTPONLY", FLAG, True,
          "Scripts never read the session cookie.", fixed=True),
        S("REMEMBER_COOKIE_HTTPONLY", FLAG, True,
          "Scripts never read the remember-me cookie.", fixed=True),
        S("SESSION_COOKIE_SAMESITE", choice("Lax", "Strict"), "Lax",
          "SameSite of the session cookie."),
        S("PERMANENT_SESSION_LIFETIME", WHOLE, 8 * 3600,
          "How long a curator's session lasts (s)."),
        S("WTF_CSRF_TIME_LIMIT", WHOLE, 8 * 3600,
          "How long a CSRF token is valid (s)."),
        S("WTF_CSRF_CHECK_DEFAULT", FLAG, False,
          "Flask-WTF's own check is off: museum/curator/auth.py applies the CSRF policy.", fixed=True),
        S("PASSWORD_HASH_COST", choice("standard", "minimal"), "standard",
          "Argon2id cost: standard (RFC 9106 low-memory: 3 passes, 64 MiB) or minimal (1 pass, 1 MiB: test "
          "suites only)."),
        S("LOGIN_PAIR_FREE_FAILURES", WHOLE, 5,
          "Failures of one account from one address (or device) before delays."),
        S("LOGIN_ADDRESS_FREE_FAILURES", WHOLE, 20,
          "Failures from one address, all accounts together, before delays."),
        S("LOGIN_DELAY_BASE_SECONDS", WHOLE, 1,
          "The first delay; it doubles after each further failure."),
        S("LOGIN_DELAY_MAX_SECONDS", WHOLE, 300,
          "The longest delay (a guess every 5 minutes, never a lock-out)."),
        S("LOGIN_FAILURE_RESET_SECONDS", WHOLE, 24 * 3600,
          "A key with no failure this long starts afresh and is pruned."),
        S("LOGIN_KNOWN_ADDRESS_DAYS", WHOLE, 90,
          "After a sign-in from an address, it skips the per-address limit this long."),
        S("LOGIN_DEVICE_COOKIE_DAYS", WHOLE, 365,
          "Lifetime of the signed known-device cookie set at sign-in."),
        S("LOGIN_IPV6_PREFIX", WHOLE, 64,
          "IPv6 clients are throttled by network (one host usually owns a /64)."),
    ),
    "Browser security headers (museum/security.py)": (
        S("HSTS", TEXT, "max-age=31536000",
          "Strict-Transport-Security, sent only over TLS; empty disables."),
        S("FRAME_ANCESTORS", TEXT, "",
          'Origins that may frame public pages besides this site ("https://a.example https://b.example").'),
    ),
    "Framework": (
        S("TESTING", FLAG, False,
          "Flask's testing mode: exceptions reach the caller."),
        S("BABEL_DEFAULT_LOCALE", TEXT, "zh",
          "Flask-Babel's fallback locale.", fixed=True),
        S("BABEL_TRANSLATION_DIRECTORIES", TEXT, str(Path(__file__).parent / "translations"),
          "The message catalogues.", fixed=True),
        S("API_TITLE", TEXT, "Three Gorges Museum API",
          "Title of the OpenAPI document.", fixed=True),
        S("API_VERSION", TEXT, "1.0.0",
          "Version of the OpenAPI document.", fixed=True),
        S("OPENAPI_VERSION", TEXT, "3.1.0",
          "OpenAPI version of the document.", fixed=True),
    ),
}
SETTINGS: dict[str, Setting] = {s.name: s for section in SECTIONS.values() for s in section}


def defaults() -> dict:
    """Every setting's declared default (derived ones None)."""
    return {name: setting.default for name, setting in SETTINGS.items()}


# --- loading ------------------------------------------------------------------------------------------------

@dataclass
class Loaded:
    values: dict
    sources: dict  # name -> default | env | argument | instance | the setting it was derived from


def load(given: Mapping | None = None, environ: Mapping[str, str] | None = None) -> Loaded:
    """Every setting's value, typed and derived: from ``given`` (``create_app``'s argument), else from
    ``environ``, else its default. Raises :class:`InvalidSetting` for an unknown or fixed key in ``given``
    and for a value of the wrong type."""
    given, environ = dict(given or {}), environ or {}
    unknown = sorted(set(given) - set(SETTINGS))
    if unknown:
        raise InvalidSetting(f"unknown setting(s): {', '.join(unknown)} (museum/config.py declares them)")
    values, sources = {}, {}
    for setting in SETTINGS.values():
        name = setting.name
        if setting.fixed and name in given:
            raise InvalidSetting(f"setting {name} is fixed: {setting.help}")
        if name in given:
            value, sources[name] = setting.parse(given[name]), "argument"
        elif not setting.fixed and setting.env in environ:
            value, sources[name] = setting.parse(environ[setting.env]), "env"
        else:
            value, sources[name] = copy.copy(setting.default), "fixed" if setting.fixed else "default"
        if name == "INSTANCE_PATH":
            value = str(Path(value).resolve())
        if value is None and setting.derive is not None:
            value, sources[name] = setting.derive.compute(values), setting.derive.source
        values[name] = value
    return Loaded(values, sources)


def ignored_environment(environ: Mapping[str, str]) -> list[str]:
    """``MUSEUM_*`` variables that set nothing: no such setting, or a fixed one."""
    read = {s.env for s in SETTINGS.values() if not s.fixed}
    return sorted(name for name in environ if name.startswith("MUSEUM_") and name not in read)
