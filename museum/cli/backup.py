"""``museum backup DEST`` and ``museum restore SRC``: the database, the media (or their manifest) and the
audit chain head, restored and verified (``museum/catalogue/backup.py``)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click
from flask import current_app

from museum.catalogue import backup as backups
from museum.catalogue.search_service import processor
from museum.cli.errors import MuseumCommand
from museum.extensions import db
from museum.media import storage


@click.command("backup", cls=MuseumCommand)
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
@click.option("-v", "--verbose", is_flag=True, help="Name each media file as it is copied.")
def backup_command(dest: Path, verbose: bool) -> None:
    """Back up the database, the media and the audit chain head into the new folder DEST.

    Safe while the service writes: the database is one consistent snapshot. Media in the local folder
    are copied; media in an object store (S3) stay there and only their checksums are kept."""
    started = time.perf_counter()
    manifest = backups.backup(db, storage(), dest, progress=_progress(verbose))
    media = manifest["media"]
    head = manifest["audit_head"]
    click.echo(f"backed up {manifest['counts'].get('records', 0):,} records, {len(media['files']):,} media "
               f"files ({'copied' if media['copied'] else 'manifest only'}), audit head "
               f"{head['seq']}:{head['hash']} into {dest} in {time.perf_counter() - started:.1f} s")
    if manifest["audit_problems"]:
        click.echo(f"warning: the audit chain has {manifest['audit_problems']} problem(s) "
                   "(run `museum audit verify`); the backup keeps it as it is", err=True)


@click.command("restore", cls=MuseumCommand)
@click.argument("src", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace an instance that already holds records or media.")
@click.option("--json", "as_json", is_flag=True, help="Print the verification report as JSON.")
@click.option("-v", "--verbose", is_flag=True, help="Say what is being restored.")
def restore_command(src: Path, force: bool, as_json: bool, verbose: bool) -> None:
    """Restore the backup in SRC, verify it (audit chain, counts, media checksums) and rebuild the search
    index. Refuses an instance that is not empty unless --force."""
    started = time.perf_counter()
    report = backups.restore(db, storage(), src, force=force, progress=_progress(verbose))
    indexed = processor(current_app).rebuild()
    report["indexed"] = indexed
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    head = report["audit_head"]
    click.echo(f"restored and verified: {report['counts'].get('records', 0):,} records, "
               f"{report['media_files']:,} media files match their checksums, audit chain OK "
               f"({report['audit_entries']:,} entries, head {head['seq']}:{head['hash']}); search index "
               f"rebuilt ({indexed:,} records) in {time.perf_counter() - started:.1f} s")


def _progress(verbose: bool):
    return (lambda message: click.echo(message, err=True)) if verbose else (lambda _message: None)


COMMANDS = [backup_command, restore_command]
