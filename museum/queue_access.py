"""The app's job queue (``museum/jobs/``), made on first use from the settings."""

from __future__ import annotations

from flask import Flask, current_app

from museum.jobs import queue_for


def job_queue(app: Flask | None = None):
    app = app or current_app._get_current_object()
    queue = app.extensions.get("job_queue")
    if queue is None:
        queue = app.extensions["job_queue"] = queue_for(app.config, app.extensions["museum_db"])
    return queue
