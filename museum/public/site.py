"""The site's icons and web app manifest: ``/favicon.ico`` and ``/apple-touch-icon.png`` (asked for by
browsers at the root whatever the page says, also for JSON and images opened directly) and a manifest per
language (``/<lang>/manifest.webmanifest``: the museum's name in that language, starting at its home)."""

from __future__ import annotations

from flask import current_app, g, jsonify, send_from_directory, url_for
from flask_babel import gettext as _

from languages import BCP47, URL_SEGMENTS
from museum.public import bp

ICON_MAX_AGE = 7 * 24 * 3600
THEME = "#1d2327"  # the header's ink
BACKGROUND = "#fbfaf7"  # the page's paper


@bp.route("/favicon.ico")
def favicon():
    return send_from_directory(current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon",
                               max_age=ICON_MAX_AGE)


@bp.route("/apple-touch-icon.png")
def apple_touch_icon():
    return send_from_directory(current_app.static_folder, "img/apple-touch-icon.png", mimetype="image/png",
                               max_age=ICON_MAX_AGE)


@bp.route("/<lang>/manifest.webmanifest")
def web_manifest():
    lang = g.get("lang", "zh")

    def icon(name: str, size: str, kind: str) -> dict:
        return {"src": url_for("static", filename=f"img/{name}"), "sizes": size, "type": kind,
                "purpose": "any"}

    manifest = {
        "name": _("Chongqing China Three Gorges Museum"),
        "short_name": _("Three Gorges Museum"),
        "description": _(
            "The collection of the Chongqing China Three Gorges Museum: objects, images and 3D models."),
        "lang": BCP47[lang],
        "dir": "ltr",
        "id": url_for("public.home", lang=URL_SEGMENTS[lang]),
        "start_url": url_for("public.home", lang=URL_SEGMENTS[lang]),
        "scope": "/",
        "display": "minimal-ui",
        "theme_color": THEME,
        "background_color": BACKGROUND,
        "icons": [icon("icon.svg", "any", "image/svg+xml"), icon("icon-192.png", "192x192", "image/png"),
                  icon("icon-512.png", "512x512", "image/png")],
    }
    response = jsonify(manifest)
    response.mimetype = "application/manifest+json"
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response
