"""IIIF Image API 3.0 (level 2) routes: ``/iiif/3/<identifier>/...``; object pages' images for templates.

Pixels come from :mod:`assets.images` (framework-free); this module finds the image row, enforces the
record being published, and does HTTP: CORS, content negotiation of info.json, profile and canonical
Link headers, ETag/Last-Modified with 304s before any pixel is decoded, and errors (400/404/501).

An image request is resolved and its cost checked against the ``IIIF_MAX_*`` limits (museum/config.py,
:mod:`assets.images.cost`) from the image's row alone, before its pyramid is even opened; the rendered
cache and the ETag are keyed by the canonical form, so every spelling of one request shares one render.
IIIF ids are built on the configured public address (:func:`museum.open_data.base_url`), never on an
unchecked ``Host`` header.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask, Response, current_app, json, redirect, request, url_for
from sqlalchemy import select

from assets.images import exceptions as image_errors
from assets.images.cost import Budget, assess, pyramid_sizes
from assets.images.iiif_request import ImageRequest, MaxSize
from assets.images.info import PROFILE_URI, image_information
from assets.images.render import PyramidCache, RenderedCache
from museum.catalogue.images import ObjectImage
from museum.catalogue.models import Record
from museum.extensions import db
from museum.iiif import bp
from museum.media import storage
from museum.object_images import image_base_url, images_for

CACHE_SECONDS = 86400
PYRAMIDS = PyramidCache()  # open pyramids by path: per process, whatever the app
RENDERED_KEY = "museum_iiif_rendered"


def init_app(app: Flask) -> None:
    """The app's cache of rendered images: ``IIIF_CACHE_MB`` per worker, 0 turns it off."""
    app.extensions[RENDERED_KEY] = RenderedCache(max_bytes=app.config["IIIF_CACHE_MB"] * 1024 * 1024)


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
    pyramid = PYRAMIDS.get(_media_path(image.pyramid_path))
    etag = _etag(image, pyramid.mtime, "info", image_base_url(identifier))
    cached = _not_modified(etag, pyramid.mtime)
    if cached is not None:
        return cached
    document = image_information(image_base_url(identifier), pyramid.width, pyramid.height, pyramid.sizes,
                                 _limits(pyramid.width, pyramid.height), rights=image.rights)
    wants_ld = request.accept_mimetypes["application/ld+json"] > request.accept_mimetypes["application/json"]
    mimetype = ('application/ld+json;profile="http://iiif.io/api/image/3/context.json"' if wants_ld
                else "application/json")
    response = Response(json.dumps(document, ensure_ascii=False), mimetype=mimetype)
    response.headers["Link"] = f'<{PROFILE_URI}>;rel="profile"'
    response.vary.add("Accept")
    return _cacheable(response, etag, pyramid.mtime)


@bp.route("/iiif/3/<identifier>/<region>/<size>/<rotation>/<quality_format>")
def image_pixels(identifier: str, region: str, size: str, rotation: str, quality_format: str):
    parsed = ImageRequest.parse(region, size, rotation, quality_format)  # 400/501 before any lookup
    image = _published_image(identifier)
    # The cost is checked on the row's size, before the pyramid is opened or a pixel decoded.
    plan = parsed.resolve(image.width, image.height, _limits(image.width, image.height))
    assess(parsed, plan, pyramid_sizes(image.width, image.height), _budget())
    pyramid = PYRAMIDS.get(_media_path(image.pyramid_path))
    if pyramid.sizes != pyramid_sizes(image.width, image.height):  # a file not written by our ingest
        plan = parsed.resolve(pyramid.width, pyramid.height, _limits(pyramid.width, pyramid.height))
        assess(parsed, plan, pyramid.sizes, _budget())
    etag = _etag(image, pyramid.mtime, plan.canonical)
    cached = _not_modified(etag, pyramid.mtime)
    if cached is not None:
        return cached
    key = (str(pyramid.path), pyramid.mtime, plan.canonical)
    rendered = current_app.extensions[RENDERED_KEY]
    data = rendered.get(key)
    if data is None:
        data = pyramid.render(plan)
        rendered.put(key, data)
    response = Response(data, mimetype=parsed.media_type)
    response.headers["Link"] = (f'<{PROFILE_URI}>;rel="profile", '
                                f'<{image_base_url(identifier)}/{plan.canonical}>;rel="canonical"')
    return _cacheable(response, etag, pyramid.mtime)


bp.app_template_global("iiif_images")(images_for)  # object pages' image helper, for templates


@dataclass(frozen=True)
class _ImageRow:
    identifier: str
    pyramid_path: str
    rights: str | None
    width: int
    height: int


def _published_image(identifier: str) -> _ImageRow:
    """One indexed query (no ORM objects): this runs on every tile request."""
    row = db.session.execute(
        select(ObjectImage.identifier, ObjectImage.pyramid_path, ObjectImage.rights, ObjectImage.width,
               ObjectImage.height)
        .join(Record, Record.id == ObjectImage.record_id)
        .where(ObjectImage.identifier == identifier, Record.published.is_(True))
    ).first()
    if row is None:
        raise image_errors.IIIFImageNotFound(f"no image '{identifier}'")
    return _ImageRow(*row)


def _media_path(key: str) -> Path:
    """A real file for pyvips, which reads a pyramid's tiles at random (the storage's escape hatch)."""
    try:
        return storage().local_path(key)
    except FileNotFoundError:
        raise image_errors.IIIFImageNotFound(f"image file {key.rsplit('/', 1)[-1]} is missing") from None


def _limits(width: int, height: int) -> MaxSize:
    """Declared in info.json: ``maxArea`` (IIIF_MAX_AREA) for images larger than it."""
    cap = current_app.config["IIIF_MAX_AREA"]
    if not cap:
        return MaxSize()
    return MaxSize(max_area=cap if width * height > cap else None, output_area=cap)


def _budget() -> Budget:
    config = current_app.config
    return Budget(max_canvas_pixels=config["IIIF_MAX_AREA"],
                  max_rotated_pixels=config["IIIF_MAX_ROTATED_AREA"],
                  max_decoded_pixels=config["IIIF_MAX_DECODED_PIXELS"],
                  max_seconds=config["IIIF_MAX_SECONDS"],
                  max_memory_bytes=config["IIIF_MAX_MEMORY_MB"] * 1024 * 1024)


def _etag(image: _ImageRow, mtime: float, *parts: str) -> str:
    key = "|".join((image.identifier, image.rights or "", f"{mtime:.6f}", *parts))
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
