"""gunicorn entrypoint: ``gunicorn wsgi:app`` (instance from ``MUSEUM_INSTANCE``)."""

from museum import create_app

app = create_app()
