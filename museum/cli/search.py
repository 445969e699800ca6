"""``museum index``: rebuild the search index or apply the outbox by hand (and show its state)."""

from __future__ import annotations

import json
import time

import click
from flask import current_app

from museum.catalogue.search_service import get_service, processor
from museum.cli.errors import MuseumCommand


@click.command("index", cls=MuseumCommand)
@click.option("--rebuild", is_flag=True, help="Build a new index beside the current one and swap it in.")
@click.option("--process-outbox", is_flag=True, help="Apply the changes waiting in the outbox, then exit.")
@click.option("--status", is_flag=True, help="Show the engines' health and the outbox length.")
def index_command(rebuild: bool, process_outbox: bool, status: bool) -> None:
    """Keep the search index in step with the catalogue."""
    if not (rebuild or process_outbox or status):
        raise click.UsageError("say what to do: --rebuild, --process-outbox or --status")
    work = processor(current_app)
    if rebuild:
        started = time.perf_counter()
        count = work.rebuild(progress=lambda n: click.echo(f"  {n:,} records…", err=True))
        click.echo(f"rebuilt the search index: {count:,} records in {time.perf_counter() - started:.1f} s")
    if process_outbox:
        started = time.perf_counter()
        done = work.process(blocking=True)
        click.echo(f"applied {done:,} outbox change(s) in {time.perf_counter() - started:.1f} s")
    if status:
        click.echo(json.dumps({"health": get_service(current_app).health(), "outbox": work.pending()},
                              ensure_ascii=False, indent=2))


COMMANDS = [index_command]
