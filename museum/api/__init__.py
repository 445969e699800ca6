"""The `api` blueprint: the documented JSON API under /api/v1 (OpenAPI 3.1 at /api/v1/openapi.json).

Every route declares its contract once (:mod:`museum.api.contract`): the schemas that parse its request
are the ones its operation is documented with.
"""

from __future__ import annotations

from flask import Flask

from museum.api.contract import bp, make_api


def init_app(app: Flask) -> None:
    from museum.api import health

    make_api(app, (bp, health.bp), components=(layouts.format_components,))


from museum.api import audio, catalogue, docs, layouts, linkedart, models3d, poems, search  # noqa: E402,F401
