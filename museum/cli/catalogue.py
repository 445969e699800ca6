"""Catalogue commands: init, serve, load-sample, import, export, generate."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click
from flask import current_app

from museum.catalogue import schema
from museum.catalogue.schema import create_schema
from museum.cli.errors import CommandError, MuseumCommand
from museum.extensions import db


@click.command("init", cls=MuseumCommand)
def init_command() -> None:
    """Create the instance folder and the database schema (idempotent)."""
    create_schema(db)
    click.echo(f"instance ready at {current_app.instance_path}")


@click.command("serve", cls=MuseumCommand)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int, help="gunicorn worker processes")
def serve_command(host: str, port: int, workers: int) -> None:
    """Serve the museum with gunicorn's asgi worker (museum/server.py): event streams on the event loop,
    pages and the API in a thread pool per worker."""
    from museum import server
    from museum.catalogue.search_service import processor

    schema.refuse_if_behind(db)  # else every page touching a new column would be a 500
    if processor().pending():  # the first searches must not miss what was written while nothing served
        click.echo(f"search index: applied {processor().process(blocking=True)} change(s)")
    click.echo(f"serving on http://{host}:{port}")
    server.run(current_app, host, port, workers)


@click.command("load-sample", cls=MuseumCommand)
def load_sample_command() -> None:
    """Load the sample catalogue (marked as sample data) with its generated media."""
    from museum.sample import load_sample

    create_schema(db)
    load_sample(current_app._get_current_object(), click.echo)


class ProgressBar:
    """A tqdm bar on stderr for long imports (1,000 rows or more)."""

    def __init__(self, label: str):
        self.label, self.bar = label, None

    def start(self, total: int) -> None:
        if total >= 1000:
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=self.label, unit=" rows", file=sys.stderr, mininterval=0.5)

    def advance(self, count: int) -> None:
        if self.bar is not None:
            self.bar.update(count)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


@click.command("import", cls=MuseumCommand)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--skip-invalid", is_flag=True, help="Import the valid rows and report the others.")
@click.option("--dry-run", is_flag=True, help="Validate only; change nothing.")
@click.option("--encoding", default=None,
              help="Force the text encoding of a CSV (default: UTF-8, else GB18030).")
@click.option("--ignore-column", "ignore_columns", multiple=True, help="A column to leave out on purpose.")
def import_command(file: Path, skip_invalid: bool, dry_run: bool, encoding: str | None,
                   ignore_columns) -> None:
    """Import records from .csv (UTF-8, UTF-8 with BOM, GB18030), .xlsx or .json.

    All-or-nothing unless --skip-invalid: any invalid row leaves the database unchanged and every error
    is printed as `row N: field: problem` (exit 1; with --skip-invalid, exit 1 when rows were skipped).
    """
    from museum.catalogue.importer import import_file

    started = time.perf_counter()
    session = db.new_session()
    progress = ProgressBar(file.name)
    try:  # an ImportFailed (every row's error) goes on to the CLI's error path; close() rolls back
        report = import_file(session, file, max_bytes=current_app.config["MAX_IMPORT_BYTES"],
                             skip_invalid=skip_invalid, dry_run=dry_run, encoding=encoding,
                             ignore_columns=ignore_columns, progress=progress)
        if dry_run:
            session.rollback()
        else:
            session.commit()
    finally:
        progress.close()
        session.close()
    for issue in report.errors:
        click.echo(str(issue), err=True)
    click.echo(f"{file.name}: {report.summary()} in {time.perf_counter() - started:.1f} s")
    if report.errors:
        raise CommandError(f"{file.name}: {report.skipped} row(s) with errors skipped (listed above)")


@click.command("export", cls=MuseumCommand)
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "xlsx"]), required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def export_command(fmt: str, output: Path) -> None:
    """Export the whole catalogue (deterministic: re-importing and exporting gives identical files)."""
    from museum.catalogue.exporter import export

    with db.transaction() as session:
        data = export(session, fmt)
    output.write_bytes(data)
    click.echo(f"wrote {output} ({len(data):,} bytes)")


@click.command("generate", cls=MuseumCommand)
@click.option("--records", "count", type=int, required=True, help="How many records to generate.")
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write a CSV instead of importing into the instance.")
def generate_command(count: int, seed: int, output: Path | None) -> None:
    """A realistic synthetic catalogue (mixed zh/en, all categories, periods, galleries) for scale tests.

    Without -o the rows go straight into the catalogue in one transaction, a batch at a time (memory stays
    bounded at a million records), and the search index is then rebuilt once: for this many new records
    one parallel rebuild is much faster than applying the outbox change by change.
    """
    from museum.catalogue.generate import COLUMNS, generate_rows, write_csv
    from museum.catalogue.importer import import_rows
    from museum.catalogue.search_service import processor

    if count < 0:
        raise click.BadParameter("must be 0 or more", param_hint="--records")
    if output is not None:
        write_csv(output, count, seed)
        click.echo(f"generated {count:,} records in {output}")
        return
    started = time.perf_counter()
    progress = ProgressBar("generate")
    progress.start(count)
    try:
        with db.transaction() as session:
            report = import_rows(session, COLUMNS, generate_rows(count, seed),
                                 source=f"generate --seed {seed}", progress=progress)
    finally:
        progress.close()
    click.echo(f"generated {count:,} records (seed {seed}): {report.summary()} in "
               f"{time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    indexed = processor(current_app).rebuild()
    click.echo(f"search index rebuilt: {indexed:,} records in {time.perf_counter() - started:.1f} s")


COMMANDS = [init_command, serve_command, load_sample_command, import_command, export_command,
            generate_command]
