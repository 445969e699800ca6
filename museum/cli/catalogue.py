"""Catalogue commands: init, serve, load-sample, import, export, generate."""

from __future__ import annotations

import click
from flask import current_app

from museum.catalogue.schema import create_schema
from museum.extensions import db


@click.command("init")
def init_command() -> None:
    """Create the instance folder and the database schema (idempotent)."""
    create_schema(db)
    click.echo(f"instance ready at {current_app.instance_path}")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int, help="gunicorn worker processes")
def serve_command(host: str, port: int, workers: int) -> None:
    """Serve the museum with gunicorn (the same entrypoint as production: wsgi.py)."""
    import os

    from gunicorn.app.wsgiapp import run

    os.environ["MUSEUM_INSTANCE"] = current_app.instance_path
    import sys

    sys.argv = ["gunicorn", "--bind", f"{host}:{port}", "--workers", str(workers),
                "--access-logfile", "-", "wsgi:app"]
    click.echo(f"serving on http://{host}:{port}")
    run()


COMMANDS = [init_command, serve_command]
