"""IIIF Image API 3.0 (level 2) routes: ``/iiif/3/<identifier>/...``; object pages' images for templates.

Pixels come from :mod:`assets.images` (framework-free); this module finds the image row, enforces the
record being published, and does HTTP: CORS, content negotiation of info.json, profile and canonical
Link headers, ETag/Last-Modified with 304s before any pixel is decoded, and errors (400/403/404/501).

Rights (:mod:`museum.catalogue.rights`): an image whose statement does not open downloads is served to
anyone but curators and editors only up to ``RESTRICTED_IMAGE_PX`` on its longest side — declared in its
info.json (``maxWidth``/``maxHeight``, the tile scale factors and sizes that stay under it) and enforced on
every request by the scale it asks for (a tile of the full-resolution level is as much a refusal as a
``full/max``): 403 ``rights_restricted``. Its download (``/iiif/download/<identifier>.jpg``) is that size
with the museum's mark and rights line on it; an open image downloads at full size. What curators get of a
restricted image is ``Cache-Control: private``, so no shared cache hands it on.

An image request is resolved and its cost checked against the ``IIIF_MAX_*`` limits (museum/config.py,
:mod:`assets.images.cost`) from the image's row alone, before its pyramid is even opened; the rendered
cache and the ETag are keyed by the canonical form, so every spelling of one request shares one render.
IIIF ids are built on the configured public address (:func:`museum.open_data.base_url`), never on an
unchecked ``Host`` header.
"""

from __future__ import annotations

import hashlib
import math
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyvips
from flask import Flask, Response, current_app, json, redirect, request, url_for
from sqlalchemy import bindparam, select
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wsgi import wrap_file

from assets.images import exceptions as image_errors
from assets.images.cost import Budget, assess, pyramid_sizes
from assets.images.derivatives import DerivativeStore, derivative_key
from assets.images.iiif_request import ImageRequest, MaxSize
from assets.images.info import PROFILE_URI, image_information
from assets.images.render import PyramidCache, RenderedCache, encode
from assets.images.watermark import watermark
from languages import LANGUAGES
from museum.auth import sees_restricted
from museum.catalogue import rights
from museum.catalogue.images import ObjectImage
from museum.catalogue.models import Record
from museum.extensions import db
from museum.iiif import bp
from museum.iiif.manifests import INSTITUTION
from museum.media import storage
from museum.object_images import image_base_url, images_for

CACHE_SECONDS = 86400
FILE_CHUNK = 1024 * 1024  # a rendered image from the disk cache in one piece (they are rarely larger)
PYRAMIDS = PyramidCache()  # open pyramids by path: per process, whatever the app
RENDERED_KEY = "museum_iiif_rendered"
DERIVATIVES_KEY = "museum_iiif_derivatives"


def init_app(app: Flask) -> None:
    """The app's caches of rendered images: ``IIIF_CACHE_MB`` in each worker's memory and
    ``IIIF_DISK_CACHE_MB`` on disk for all of them (``IIIF_DISK_CACHE_DIR``); 0 turns either off."""
    app.extensions[RENDERED_KEY] = RenderedCache(max_bytes=app.config["IIIF_CACHE_MB"] * 1024 * 1024)
    disk_bytes = app.config["IIIF_DISK_CACHE_MB"] * 1024 * 1024
    app.extensions[DERIVATIVES_KEY] = (DerivativeStore(app.config["IIIF_DISK_CACHE_DIR"], disk_bytes)
                                       if disk_bytes else None)


def warm_up(app: Flask) -> None:
    """What the first image request of a process would otherwise pay (~0.1 s): the image query compiled
    and the pyvips bindings (cffi types, the JPEG encoder) loaded. ``museum serve`` calls it as each
    worker starts."""
    with app.app_context():
        try:  # an identifier no image has (no NUL byte: PostgreSQL refuses one in a string)
            _published_image("warm-up.no-such-image")
        except image_errors.IIIFImageNotFound:
            pass
        except SQLAlchemyError as error:  # a database not created yet: the warm-up never stops a worker
            current_app.logger.warning("IIIF warm-up skipped: %s", error.__class__.__name__)
        finally:
            db.session.remove()
    encode(pyvips.Image.black(16, 16, bands=3), "jpg")


@bp.after_request
def _cors(response: Response) -> Response:
    if request.path.startswith("/iiif/"):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers.setdefault("Access-Control-Expose-Headers", "Link, ETag, Last-Modified")
    return response


@bp.route("/iiif/3/<identifier>")
def image_base(identifier: str):
    return redirect(url_for("iiif.image_info", identifier=identifier), code=303)


@bp.route("/iiif/3/<identifier>/info.json")
def image_info(identifier: str):
    image = _published_image(identifier)
    pyramid = PYRAMIDS.get(_media_path(image.pyramid_path), pyramid_sizes(image.width, image.height))
    cap = _public_cap(image)
    etag = _etag(image, pyramid, "info", image_base_url(identifier), str(cap))
    cached = _not_modified(etag, pyramid.mtime)
    if cached is not None:
        return _private_if_restricted(cached, image)
    document = image_information(image_base_url(identifier), pyramid.width, pyramid.height, pyramid.sizes,
                                 _limits(pyramid.width, pyramid.height, cap), rights=image.statement.iiif_uri)
    if cap is not None:
        _restrict_info(document, pyramid.width, pyramid.height, cap)
    wants_ld = request.accept_mimetypes["application/ld+json"] > request.accept_mimetypes["application/json"]
    mimetype = ('application/ld+json;profile="http://iiif.io/api/image/3/context.json"' if wants_ld
                else "application/json")
    response = Response(json.dumps(document, ensure_ascii=False), mimetype=mimetype)
    response.headers["Link"] = f'<{PROFILE_URI}>;rel="profile"'
    response.vary.add("Accept")
    response.vary.add("Cookie")
    return _private_if_restricted(_cacheable(response, etag, pyramid.mtime), image)


@bp.route("/iiif/3/<identifier>/<region>/<size>/<rotation>/<quality_format>")
def image_pixels(identifier: str, region: str, size: str, rotation: str, quality_format: str):
    parsed = ImageRequest.parse(region, size, rotation, quality_format)  # 400/501 before any lookup
    image = _published_image(identifier)
    # The cost is checked on the row's size, before the pyramid is opened or a pixel decoded.
    cap = _public_cap(image)
    plan = _resolve(parsed, image.width, image.height, cap)
    assess(parsed, plan, pyramid_sizes(image.width, image.height), _budget())
    pyramid = PYRAMIDS.get(_media_path(image.pyramid_path), pyramid_sizes(image.width, image.height))
    if pyramid.sizes != pyramid_sizes(image.width, image.height):  # a file not written by our ingest
        plan = _resolve(parsed, pyramid.width, pyramid.height, cap)
        assess(parsed, plan, pyramid.sizes, _budget())
    etag = _etag(image, pyramid, plan.canonical)
    cached = _not_modified(etag, pyramid.mtime)
    if cached is not None:
        return _private_if_restricted(cached, image)
    response = _rendered(image, pyramid, plan, parsed.media_type)
    response.headers["Link"] = (f'<{PROFILE_URI}>;rel="profile", '
                                f'<{image_base_url(identifier)}/{plan.canonical}>;rel="canonical"')
    response = _cacheable(response, etag, pyramid.mtime)
    # byte ranges of the image (a 206 with Content-Range; If-Range honoured), from memory or from its file
    response.make_conditional(request, accept_ranges=True, complete_length=response.content_length)
    return _private_if_restricted(response, image)


def _rendered(image: _ImageRow, pyramid, plan, mimetype: str) -> Response:
    """The pixels of ``plan``: from this worker's memory, else the shared files on disk (sent by the
    server's file wrapper: ``sendfile`` where it has one), else rendered now and kept in both. Keys name
    the image's source and pyramid versions, so a replaced image never gets its predecessor's tiles."""
    key = derivative_key(image.identifier, image.source_sha256, pyramid.version, plan.canonical)
    rendered = current_app.extensions[RENDERED_KEY]
    data = rendered.get(key)
    if data is not None:
        return Response(data, mimetype=mimetype)
    store: DerivativeStore | None = current_app.extensions[DERIVATIVES_KEY]
    path = store.get(key, plan.format) if store is not None else None
    if path is not None:
        try:
            return _file_response(path, mimetype)
        except FileNotFoundError:  # pruned between the look and the open
            pass
    data = pyramid.render(plan)
    rendered.put(key, data)
    if store is not None:
        store.put_later(key, plan.format, data)  # written after the answer, by a background thread
    return Response(data, mimetype=mimetype)


def _file_response(path: Path, mimetype: str) -> Response:
    """A file handed to the server: its ``wsgi.file_wrapper`` (``sendfile`` in WSGI servers that have one)
    or, under the ASGI worker (a2wsgi has none), one read of up to 1 MB per chunk: Werkzeug's 8 KB
    chunks would cross from the request's thread to the event loop twenty times for a 150 KB
    thumbnail."""
    handle = open(path, "rb")  # noqa: SIM115 - closed by the server with the response
    size = os.fstat(handle.fileno()).st_size
    response = Response(wrap_file(request.environ, handle, buffer_size=FILE_CHUNK), mimetype=mimetype,
                        direct_passthrough=True)
    response.content_length = size
    return response


@bp.route("/iiif/download/<identifier>.jpg")
def image_download(identifier: str):
    """The image to keep: full size when its rights open downloads (or for curators and editors);
    otherwise the public size with the museum's mark and the rights line on it."""
    image = _published_image(identifier)
    pyramid = PYRAMIDS.get(_media_path(image.pyramid_path), pyramid_sizes(image.width, image.height))
    cap = _public_cap(image)
    parsed = ImageRequest.parse("full", "max", "0", "default.jpg")
    plan = parsed.resolve(pyramid.width, pyramid.height, _limits(pyramid.width, pyramid.height, cap))
    assess(parsed, plan, pyramid.sizes, _budget())
    picture = pyramid.cut(plan)
    if cap is not None:
        statement = image.statement
        line = " ".join(part for part in (statement.name(_language()), statement.uri) if part)
        picture = watermark(picture.colourspace(pyvips.Interpretation.SRGB) if picture.bands < 3 else picture,
                            INSTITUTION[_language()], line)
    response = Response(encode(picture, "jpg"), mimetype="image/jpeg")
    response.headers["Content-Disposition"] = f'attachment; filename="{identifier}.jpg"'
    response.headers["Link"] = f'<{image.statement.iiif_uri}>;rel="license"'
    response.cache_control.private = True
    return response


def _language() -> str:
    wanted = request.args.get("lang", "zh")
    return wanted if wanted in LANGUAGES else "zh"


def _privileged() -> bool:
    return sees_restricted()


def _public_cap(image: _ImageRow) -> int | None:
    """The longest side this requester may have of ``image``: ``None`` for no limit."""
    if image.statement.open or _privileged():
        return None
    return current_app.config["RESTRICTED_IMAGE_PX"] or None


def _capped(width: int, height: int, cap: int) -> tuple[int, int]:
    scale = min(1.0, cap / max(width, height))
    return max(1, math.floor(width * scale)), max(1, math.floor(height * scale))


def _resolve(parsed: ImageRequest, width: int, height: int, cap: int | None):
    """The plan of ``parsed`` for this requester; a size over the rights' cap is a 403 (not IIIF's 400 for
    a size over ``maxWidth``): it is refused for who asks, not for how."""
    try:
        plan = parsed.resolve(width, height, _limits(width, height, cap))
    except image_errors.IIIFBadRequest:
        if cap is None:
            raise
        _check_rights(parsed.resolve(width, height, _limits(width, height)), width, height, cap)
        raise
    _check_rights(plan, width, height, cap)
    return plan


def _check_rights(plan, width: int, height: int, cap: int | None) -> None:
    """Refuse output at a finer scale than the whole image at ``cap`` px on its longest side (rounded up,
    so a tile at the edge of an allowed level passes)."""
    if cap is None or max(width, height) <= cap:
        return
    scale = cap / max(width, height)
    if plan.width > math.ceil(plan.w * scale) or plan.height > math.ceil(plan.h * scale):
        allowed_w, allowed_h = _capped(width, height, cap)
        raise image_errors.IIIFForbidden(
            f"the rights of this image let the public have it only up to {allowed_w}×{allowed_h} pixels "
            f"({cap} px on its longest side); ask the museum for more")


def _restrict_info(document: dict, width: int, height: int, cap: int) -> None:
    """Only the tile levels and sizes under ``cap`` (viewers then never ask for finer ones)."""
    if max(width, height) <= cap:
        return
    longest = max(width, height)
    for tiles in document.get("tiles", []):
        allowed = [f for f in tiles["scaleFactors"] if longest / f <= cap]
        tiles["scaleFactors"] = allowed or [tiles["scaleFactors"][-1]]
    document["sizes"] = [s for s in document.get("sizes", []) if max(s["width"], s["height"]) <= cap] or [
        dict(zip(("width", "height"), _capped(width, height, cap), strict=True))]


def _private_if_restricted(response: Response, image: _ImageRow) -> Response:
    if not image.statement.open:
        response.cache_control.public = False
        response.cache_control.private = True
    elif response.status_code in (200, 304):  # how long nginx's proxy_cache answers before revalidating
        response.headers["X-Accel-Expires"] = str(current_app.config["IIIF_SHARED_CACHE_SECONDS"])
    return response


bp.app_template_global("iiif_images")(images_for)  # object pages' image helper, for templates
bp.app_template_global("rights_statement")(rights.resolve)  # a record's licence as a statement
bp.add_app_template_global(rights.STATEMENTS, "rights_statements")  # the curator pages' choices


@dataclass(frozen=True)
class _ImageRow:
    identifier: str
    pyramid_path: str
    rights: str | None
    width: int
    height: int
    licence: str | None = None
    source_sha256: str = ""

    @property
    def statement(self) -> rights.Statement:
        return rights.for_item(self.rights, self.licence)


_IMAGE_ROW = (select(ObjectImage.identifier, ObjectImage.pyramid_path, ObjectImage.rights, ObjectImage.width,
                     ObjectImage.height, Record.licence, ObjectImage.source_sha256)
              .join(Record, Record.id == ObjectImage.record_id)
              .where(ObjectImage.identifier == bindparam("identifier"), Record.published.is_(True)))


def _published_image(identifier: str) -> _ImageRow:
    """One indexed query (no ORM objects), built once: this runs on every tile request."""
    row = db.session.execute(_IMAGE_ROW, {"identifier": identifier}).first()
    if row is None:
        raise image_errors.IIIFImageNotFound(f"no image '{identifier}'")
    return _ImageRow(*row)


def _media_path(key: str) -> Path:
    """A real file for pyvips, which reads a pyramid's tiles at random (the storage's escape hatch)."""
    try:
        return storage().local_path(key)
    except FileNotFoundError:
        raise image_errors.IIIFImageNotFound(f"image file {key.rsplit('/', 1)[-1]} is missing") from None


def _limits(width: int, height: int, public_px: int | None = None) -> MaxSize:
    """Declared in info.json: ``maxArea`` (IIIF_MAX_AREA) for images larger than it; ``maxWidth`` and
    ``maxHeight`` when the image's rights cap it at ``public_px`` on its longest side for this requester."""
    cap = current_app.config["IIIF_MAX_AREA"]
    max_w = max_h = None
    if public_px and max(width, height) > public_px:
        max_w, max_h = _capped(width, height, public_px)
    if not cap:
        return MaxSize(max_width=max_w, max_height=max_h)
    return MaxSize(max_width=max_w, max_height=max_h, max_area=cap if width * height > cap else None,
                   output_area=cap)


def _budget() -> Budget:
    config = current_app.config
    return Budget(max_canvas_pixels=config["IIIF_MAX_AREA"],
                  max_rotated_pixels=config["IIIF_MAX_ROTATED_AREA"],
                  max_decoded_pixels=config["IIIF_MAX_DECODED_PIXELS"],
                  max_seconds=config["IIIF_MAX_SECONDS"],
                  max_memory_bytes=config["IIIF_MAX_MEMORY_MB"] * 1024 * 1024)


def _etag(image: _ImageRow, pyramid, *parts: str) -> str:
    """Strong: the same for the same bytes (image, its source, its pyramid's version, the request)."""
    key = "|".join((image.identifier, image.rights or "", image.source_sha256, pyramid.version, *parts))
    return hashlib.blake2b(key.encode(), digest_size=20).hexdigest()


def _last_modified(mtime: float) -> datetime:
    return datetime.fromtimestamp(int(mtime), UTC)


def _not_modified(etag: str, mtime: float) -> Response | None:
    if request.if_none_match:
        if not request.if_none_match.contains(etag):
            return None
    elif not (request.if_modified_since and request.if_modified_since >= _last_modified(mtime)):
        return None
    return _cacheable(Response(status=304), etag, mtime)


def _cacheable(response: Response, etag: str, mtime: float) -> Response:
    response.set_etag(etag)
    response.last_modified = _last_modified(mtime)
    response.cache_control.public = True
    response.cache_control.max_age = CACHE_SECONDS
    return response
