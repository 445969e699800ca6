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

from museum import config


def create_app(test_config: dict | None = None) -> Flask:
    """Application factory (the flaskr pattern).

    Every setting is declared in :mod:`museum.config`; its value comes from ``test_config``, else from its
    ``MUSEUM_*`` environment variable, else its default, and derived values (paths in the instance folder:
    ``MUSEUM_INSTANCE`` or ``./instance``) are computed here, once. Then everything is wired by the plain
    calls below: no module registers anything by being imported.
    """
    settings = config.load(test_config, os.environ)
    instance_path = Path(settings.values["INSTANCE_PATH"])
    app = Flask(__name__, instance_path=str(instance_path), instance_relative_config=True)
    app.config.update(settings.values)
    app.extensions["museum_config_sources"] = settings.sources  # for `museum config show`
    instance_path.mkdir(parents=True, exist_ok=True)
    app.json.sort_keys = False
    app.json.ensure_ascii = False

    from museum import auth, errors, extensions, i18n, layout_renders, media, request_limits, vendor
    from museum.catalogue import audit, indexing

    request_limits.init_app(app)
    database = extensions.init_app(app)
    audit.attach(database)  # the audit log sees every change made through the app's sessions
    indexing.attach(database)  # ... and so does the search outbox, in the same transaction
    media.init_app(app)
    layout_renders.init_app(app)
    errors.init_app(app)
    i18n.init_app(app)
    vendor.init_app(app)
    auth.init_app(app)  # who is asking, role checks and CSRF, for every blueprint

    from museum import api, curator, iiif, kiosk, oai, public, security, web_caching
    from museum.api import health
    from museum.catalogue.search_service import search_health

    for module in (public, api, iiif, kiosk, curator, oai, web_caching):
        module.init_app(app)
    health.add_check(app, "search", search_health)
    security.init_app(app)  # last: its WSGI layers (ProxyFix outermost) wrap everything above
    return app
