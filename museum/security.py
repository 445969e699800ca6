"""Browser security headers on every response, and the trusted reverse proxies in front of the app.

Every answer (pages, JSON, IIIF images, static and vendor files, errors, OAI XML, event streams) carries
the following; the event streams that ``museum serve`` answers outside Flask get the defaults through
:func:`asgi_headers`:

- ``Content-Security-Policy``: scripts, styles, fonts, media, connections and workers from this origin only;
  no inline script, no ``eval``, no plugins (``object-src 'none'``), no ``<base>``, forms post here only.
  Images may also be ``data:`` (the favicon) and ``blob:`` (OpenSeadragon's decoded tiles, the layout
  editor's preview). Page data reaches scripts through ``data-`` attributes or ``<script type=
  "application/json">`` blocks, which the browser never runs; no nonces, so a page's body (and its weak
  ETag, see :mod:`museum.web_caching`) is the same for every visitor. Two libraries' own ``<style>``
  elements are allowed by their hashes (``LIBRARY_STYLES``); no style attribute is (page styles live in
  static/css, and scripts set styles through the CSSOM, which CSP does not restrict). Object pages, where
  @google/model-viewer runs, also allow WebAssembly (``'wasm-unsafe-eval'``, not JavaScript ``eval``: the
  viewer compiles its meshopt decoder when it loads) and fetching ``blob:`` URLs (three.js reads a GLB's
  embedded textures that way).
- ``frame-ancestors 'none'`` and ``X-Frame-Options: DENY`` (curator pages and everything else), except
  public pages: framable by this site and by the origins in ``FRAME_ANCESTORS`` (a museum may let partner
  sites embed object pages; IIIF viewers elsewhere need no frames, they read IIIF with CORS).
- ``X-Content-Type-Options: nosniff``, ``Referrer-Policy`` (curator: ``same-origin``),
  ``Permissions-Policy`` (sensors, camera, microphone, payment ... off; full screen and WebXR for the
  deep-zoom and 3D viewers on), ``Cross-Origin-Opener-Policy: same-origin``;
  ``Cross-Origin-Resource-Policy: cross-origin`` on what is served with ``Access-Control-Allow-Origin: *``
  (IIIF, open data, vendor files), so sites with cross-origin isolation can still use them.
- ``Strict-Transport-Security`` (config ``HSTS``) only when the request came over TLS, as seen after the
  ``TRUSTED_PROXIES`` reverse proxies' ``X-Forwarded-*`` headers (werkzeug's ``ProxyFix``).

The policy is overridable per blueprint or per endpoint with :func:`override`; e.g. a kiosk page that
needs the camera and microphone::

    security.override(app, "kiosk.live_link", permissions={"camera": "(self)", "microphone": "(self)"},
                      csp={"media-src": "'self' blob: mediastream:"})
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field, replace

from flask import Flask, Response, current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix


def source_hash(text: str) -> str:
    """A CSP hash source (``'sha256-…'``) that allows one inline ``<style>`` or ``<script>`` of this text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


# The <style> elements the front-end libraries make, by their hashes. A unit test recomputes them from
# node_modules, so a library upgrade that changes one fails there (and in Chromium) at once.
LIBRARY_STYLES = {
    # openseadragon 6.1.1 adds one to <head>: no focus ring on the viewer's canvas on touch screens
    "openseadragon": "'sha256-9xTiqzfwFaL2SGb1rmr8gysEwVVjIvqWAgmZgqFqpEE='",
    # @google/model-viewer 4.4.0: the stylesheet of its shadow DOM (a <style> in its lit template)
    "@google/model-viewer": "'sha256-PXtZZkJMMyc18o/DN1ZEFOJ2qEGq95IQbVaJFMOXOb0='",
}
CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": " ".join(["'self'", *LIBRARY_STYLES.values()]),
    "img-src": "'self' data: blob:",
    "media-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "worker-src": "'self'",  # the kiosk service worker
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
PERMISSIONS = {
    # only features Chromium knows (an unknown one is a console error on every page: the web tests fail on it)
    **dict.fromkeys(("accelerometer", "browsing-topics", "camera", "display-capture", "geolocation",
                     "gyroscope", "hid", "idle-detection", "magnetometer", "microphone", "midi", "payment",
                     "serial", "usb"),
                    "()"),
    "fullscreen": "(self)",  # the deep-zoom viewer's full-screen button
    "xr-spatial-tracking": "(self)",  # model-viewer's WebXR augmented reality
}


@dataclass(frozen=True)
class Policy:
    csp: dict[str, str] = field(default_factory=lambda: dict(CSP))
    permissions: dict[str, str] = field(default_factory=lambda: dict(PERMISSIONS))
    referrer: str = "strict-origin-when-cross-origin"

    def changed(self, csp: dict | None = None, permissions: dict | None = None,
                referrer: str | None = None) -> Policy:
        """A copy with some directives or features replaced (a value of None removes one)."""
        def merge(base: dict, changes: dict | None) -> dict:
            merged = {**base, **(changes or {})}
            return {k: v for k, v in merged.items() if v is not None}

        return replace(self, csp=merge(self.csp, csp), permissions=merge(self.permissions, permissions),
                       referrer=referrer or self.referrer)

    def headers(self) -> list[tuple[str, str]]:
        ancestors = self.csp.get("frame-ancestors", "")
        framing = {"'none'": "DENY", "'self'": "SAMEORIGIN"}.get(ancestors)
        headers = [
            ("Content-Security-Policy", "; ".join(f"{k} {v}" for k, v in self.csp.items())),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", self.referrer),
            ("Permissions-Policy", ", ".join(f"{k}={v}" for k, v in self.permissions.items())),
            ("Cross-Origin-Opener-Policy", "same-origin"),
        ]
        if framing:  # X-Frame-Options cannot name other origins; browsers that know CSP ignore it anyway
            headers.append(("X-Frame-Options", framing))
        return headers


DEFAULT = Policy()
# pages that show a 3D model (templates/partials/model_viewer.html; exhibitions' 3D blocks)
MODEL_VIEWER_PAGES = ("public.record", "kiosk.gallery_object", "public.exhibition",
                      "curator.exhibition_preview")


def override(app: Flask, name: str, *, csp: dict | None = None, permissions: dict | None = None,
             referrer: str | None = None) -> None:
    """Change the policy of one blueprint (``"kiosk"``) or one endpoint (``"kiosk.live_link"``).

    An endpoint's changes apply on top of its blueprint's. Call before the first request."""
    state = app.extensions["museum_security"]
    state["overrides"][name] = (csp, permissions, referrer)
    state["cache"].clear()


def _policy_headers(endpoint: str | None, blueprint: str | None) -> list[tuple[str, str]]:
    state = current_app.extensions["museum_security"]
    key = (endpoint, blueprint)
    if key not in state["cache"]:
        policy = DEFAULT
        names = []
        if blueprint:  # nested blueprints: "parent", then "parent.child"
            parts = blueprint.split(".")
            names += [".".join(parts[:i + 1]) for i in range(len(parts))]
        if endpoint:
            names.append(endpoint)
        for name in names:
            if name in state["overrides"]:
                policy = policy.changed(*state["overrides"][name])
        state["cache"][key] = policy.headers()
    return state["cache"][key]


def add_headers(response: Response) -> Response:
    for name, value in _policy_headers(request.endpoint, request.blueprint):
        response.headers.setdefault(name, value)
    if response.headers.get("Access-Control-Allow-Origin") == "*":
        response.headers.setdefault("Cross-Origin-Resource-Policy", "cross-origin")
    hsts = current_app.config["HSTS"]
    if hsts and request.is_secure:
        response.headers["Strict-Transport-Security"] = hsts
    return response


def asgi_headers(https: bool, hsts: str | None) -> list[tuple[bytes, bytes]]:
    """The default headers as ASGI wants them, for answers the ASGI layer makes itself (event streams,
    :mod:`museum.asgi`); ``https``: the request came over TLS, as seen after the trusted proxies."""
    headers = DEFAULT.headers() + ([("Strict-Transport-Security", hsts)] if https and hsts else [])
    return [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers]


class _Guaranteed:
    """WSGI layer: an answer that did not pass Flask's after_request (one made by a WSGI middleware, or
    by a failing after_request) still gets the default, strictest headers."""

    def __init__(self, wsgi_app, hsts: str | None):
        self.wsgi_app = wsgi_app
        self.defaults = DEFAULT.headers()
        self.hsts = hsts

    def __call__(self, environ, start_response):
        def start(status, headers, exc_info=None):
            present = {name.lower() for name, _ in headers}
            if "content-security-policy" not in present:
                headers = list(headers) + [(n, v) for n, v in self.defaults if n.lower() not in present]
                if self.hsts and environ.get("wsgi.url_scheme") == "https":
                    headers.append(("Strict-Transport-Security", self.hsts))
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, start)


def init_app(app: Flask) -> None:
    """Install the headers and the proxy setting. Called last in ``create_app``: its WSGI layers wrap
    everything added before (``ProxyFix`` outermost, so every layer sees the client's address and scheme)."""
    app.extensions["museum_security"] = {"overrides": {}, "cache": {}}
    extra = " ".join(app.config["FRAME_ANCESTORS"].split())
    override(app, "public", csp={"frame-ancestors": f"'self' {extra}".strip()})
    override(app, "curator", referrer="same-origin")
    # the WeChat article export is styled inline only (what the WeChat editor keeps) and runs no script
    override(app, "curator.exhibition_wechat", csp={"style-src": "'unsafe-inline'", "script-src": "'none'",
                                                    "img-src": "'self' https: http: data:"})
    for endpoint in MODEL_VIEWER_PAGES:
        override(app, endpoint, csp={"script-src": "'self' 'wasm-unsafe-eval'",
                                     "connect-src": "'self' blob:"})
    from museum.vendor import THREE_IMPORT_MAP_HASH  # the twin's import map, the one inline script allowed
    override(app, "curator.layout_twin", csp={"script-src": f"'self' {THREE_IMPORT_MAP_HASH}",
                                              "connect-src": "'self' blob:"})
    app.after_request(add_headers)
    app.wsgi_app = _Guaranteed(app.wsgi_app, app.config["HSTS"])
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies,
                                x_prefix=proxies)
