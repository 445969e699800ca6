"""Renders of stored layout versions kept on disk, so a page that shows them again costs no render.

A perspective preview costs seconds of CPU and the comparison page shows four of them; a hall GLB costs as
much again. A stored version never changes, so its rendering is found again by a key naming what it was
made from: the layout, the version, the kind, the options that change its pixels (viewpoint, size; the
plan's language) and the catalogue media it draws (the content-addressed keys of its objects' photos and
3D model files: a photo or model added, replaced or removed makes a new key, the old file is never asked
for again and leaves with the least recently used). Files live in ``LAYOUT_RENDER_CACHE_DIR`` within
``LAYOUT_RENDER_CACHE_MB`` (the IIIF server's :class:`~assets.images.derivatives.DerivativeStore`: shared
by every worker, written whole or not at all). Unsaved layouts (the editor's preview) are never kept.

The API's render route and the comparison page (which marks the previews already made) share this module.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, g

from assets.images.derivatives import DerivativeStore, derivative_key
from exhibits.layouts.model import Layout
from exhibits.layouts.render import RenderOptions, Sources, check_kind, render
from museum.catalogue import layouts as store
from museum.extensions import db

STORE_KEY = "museum_layout_renders"


def init_app(app: Flask) -> None:
    budget = app.config["LAYOUT_RENDER_CACHE_MB"] * 1024 * 1024
    app.extensions[STORE_KEY] = (DerivativeStore(app.config["LAYOUT_RENDER_CACHE_DIR"], budget)
                                 if budget else None)


def _store() -> DerivativeStore | None:
    return current_app.extensions.get(STORE_KEY)


def render_key(layout: Layout, version: int, kind: str, options: RenderOptions) -> str:
    """The file name stem of ``layout`` (stored as ``version``) rendered as ``kind`` with ``options``."""
    if kind == "view.png":
        shown = (options.camera, options.size)
    elif kind.startswith("plan."):
        shown = (options.lang, options.problems)
    else:
        shown = ()
    media = _media(layout, version) if kind in ("view.png", "hall.glb") else ""
    return derivative_key("layout-render", layout.id, version, kind, *shown, media)


def _media(layout: Layout, version: int) -> str:
    """The fingerprint of the media ``layout`` draws, once per request and version (a comparison page
    asks for it once per preview)."""
    known = g.setdefault("layout_media_fingerprints", {})
    if (layout.id, version) not in known:
        known[layout.id, version] = store.media_fingerprint(db.session, layout)
    return known[layout.id, version]


def stored(layout: Layout, version: int, kind: str, options: RenderOptions) -> Path | None:
    """The kept file of this rendering, or None when it has not been made (or nothing is kept)."""
    kept = _store()
    return kept.get(render_key(layout, version, kind, options), check_kind(kind)) if kept else None


def render_stored(layout: Layout, version: int, kind: str, options: RenderOptions,
                  sources: Sources) -> tuple[bytes | Path, str]:
    """The rendering of a stored version — the kept file when there is one, else rendered now and kept —
    and its key (an ETag: the same key is the same bytes)."""
    extension = check_kind(kind)  # an unknown kind is refused before anything is looked up
    key = render_key(layout, version, kind, options)
    kept = _store()
    if kept is not None:
        path = kept.get(key, extension)
        if path is not None:
            return path, key
    data = render(layout, kind, options, sources)
    if kept is not None:
        kept.put(key, extension, data)
    return data, key
