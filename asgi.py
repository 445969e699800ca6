"""ASGI entrypoint: ``gunicorn -k asgi asgi:app`` (instance from ``MUSEUM_INSTANCE``); ``museum serve``
uses it with the project's settings (museum/server.py)."""

from museum import create_app
from museum.asgi import create_asgi_app

app = create_asgi_app(create_app())
