"""The Flask shell of the museum service: configuration, blueprints, CLI.

Domain work lives in the framework-free packages ``assets``, ``search`` and ``exhibits``;
catalogue storage lives in :mod:`museum.catalogue`, shared by the web shell and the CLI.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

# Pillow's own FreeType first: libvips (pyvips) loads the system FreeType and HarfBuzz into the global symbol
# scope, and Pillow's text rendering loaded after it binds to those instead and draws garbage (keepsake PNGs
# failed now and then with absurd "decompression bomb" glyph sizes).
from PIL import ImageFont  # noqa: F401, I001  (before anything imports pyvips)

from museum import config as default_config


def create_app(test_config: dict | None = None) -> Flask:
    """Application factory (the flaskr pattern).

    Configuration is layered: defaults from :mod:`museum.config`, then ``MUSEUM_*`` environment
    variables, then ``test_config``. The instance folder is ``MUSEUM_INSTANCE`` or ``./instance``.
    """
    instance_path = Path(
        (test_config or {}).get("INSTANCE_PATH") or os.environ.get("MUSEUM_INSTANCE") or "instance"
    ).resolve()
    app = Flask(__name__, instance_path=str(instance_path), instance_relative_config=True)
    app.config.from_object(default_config)
    app.config.from_prefixed_env("MUSEUM")
    if test_config:
        app.config.update(test_config)
    app.config["INSTANCE_PATH"] = str(instance_path)
    default_config.derive(app.config, instance_path)
    instance_path.mkdir(parents=True, exist_ok=True)
    app.json.sort_keys = False
    app.json.ensure_ascii = False

    from museum import auth, errors, extensions, i18n, media, request_limits, vendor

    request_limits.init_app(app)
    extensions.init_app(app)
    media.init_app(app)
    errors.init_app(app)
    i18n.init_app(app)
    vendor.init_app(app)
    auth.init_app(app)  # who is asking, role checks and CSRF, for every blueprint

    from museum import api, curator, iiif, kiosk, public

    for module in (public, api, iiif, kiosk, curator):
        module.init_app(app)
    from museum import oai

    oai.init_app(app)
    from museum import web_caching

    web_caching.init_app(app)
    from museum import security

    security.init_app(app)  # last: its WSGI layers (ProxyFix outermost) wrap everything above
    return app
