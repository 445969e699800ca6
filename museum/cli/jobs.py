"""``museum worker`` runs jobs; ``museum job list|show|retry`` looks at them (``museum/jobs/``)."""

from __future__ import annotations

import importlib
import json
import signal
import threading
from datetime import UTC, datetime

import click
from flask import current_app

from museum.cli.errors import MuseumCommand, MuseumGroup
from museum.exceptions import NotFound
from museum.jobs import base
from museum.jobs.handlers import HANDLERS
from museum.jobs.worker import Worker
from museum.queue_access import job_queue


@click.command("worker", cls=MuseumCommand)
@click.option("--until-empty", is_flag=True, help="Stop when no job is due (instead of waiting for more).")
@click.option("--name", default=None, help="The worker's name in the jobs it runs (default host:pid).")
@click.option("--poll", type=float, default=1.0, show_default=True, help="Seconds between looks when idle.")
@click.option("--handlers", "modules", multiple=True,
              help="Also import this module (it registers more handlers in museum.jobs.handlers).")
def worker_command(until_empty: bool, name: str | None, poll: float, modules: tuple[str, ...]) -> None:
    """Run jobs from the queue (QUEUE_URL, or the catalogue database's jobs table) until stopped."""
    for module in modules:
        importlib.import_module(module)
    queue = job_queue(current_app)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):  # finish the job at hand, then stop
        signal.signal(sig, lambda *_: stop.set())
    worker = Worker(queue, HANDLERS, name=name, poll_seconds=poll)
    click.echo(f"worker {worker.name} on {queue!r}: {', '.join(sorted(HANDLERS))}", err=True)
    count = worker.run(stop, until_empty=until_empty,
                       on_job=lambda job: click.echo(f"job {job.id} {job.kind}: {job.status} "
                                                     f"(attempt {job.attempts})", err=True))
    click.echo(f"worker {worker.name}: ran {count} job(s)", err=True)


@click.group("job", cls=MuseumGroup)
def job_group() -> None:
    """Jobs waiting, running, done or dead (the dead-letter list)."""


def _when(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M:%S") if seconds else "-"


@job_group.command("list")
@click.option("--status", type=click.Choice(base.STATES),
              help="Only jobs in this state (dead: the dead-letter list).")
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def list_command(status: str | None, limit: int, as_json: bool) -> None:
    """The newest jobs first."""
    jobs = job_queue(current_app).list(status, limit)
    if as_json:
        click.echo(json.dumps([job.as_dict() for job in jobs], ensure_ascii=False, indent=2))
        return
    for job in jobs:
        click.echo(f"{job.id}  {job.status:<7} {job.kind:<16} {job.progress:4.0%}  attempt {job.attempts}/"
                   f"{job.max_attempts}  {_when(job.created_at)}  {job.message or job.error or ''}")


def _get(job_id: str) -> base.Job:
    job = job_queue(current_app).get(job_id)
    if job is None:
        raise NotFound(f"no job {job_id!r} (see `museum job list`)")
    return job


@job_group.command("show")
@click.argument("job_id")
def show_command(job_id: str) -> None:
    """One job: state, progress, attempts, errors and result."""
    click.echo(json.dumps(_get(job_id).as_dict(), ensure_ascii=False, indent=2))


@job_group.command("retry")
@click.argument("job_id")
def retry_command(job_id: str) -> None:
    """Queue a dead (or done) job again, its attempts counted from zero."""
    _get(job_id)
    job = job_queue(current_app).retry(job_id)
    click.echo(f"job {job.id}: {job.status}")


COMMANDS = [worker_command, job_group]
