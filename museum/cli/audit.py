"""Audit log commands: ``museum audit verify``, ``museum audit export``, ``museum audit head``."""

from __future__ import annotations

import csv
import json
import sys

import click

from museum.catalogue import audit, audit_chain
from museum.cli.errors import ERROR, MuseumGroup
from museum.extensions import db


def _anchor(_ctx, _param, values):
    anchors = []
    for value in values:
        seq, _, digest = value.partition(":")
        if not seq.isdecimal() or len(digest) != 64:
            raise click.BadParameter(f"{value!r}: expected SEQ:SHA256 (as printed by 'museum audit head')")
        anchors.append((int(seq), digest.lower()))
    return anchors


@click.group("audit", cls=MuseumGroup)
def audit_group() -> None:
    """The append-only, hash-chained audit log of every change."""


@audit_group.command("verify")
@click.option("--anchor", "anchors", multiple=True, callback=_anchor,
              help="SEQ:HASH recorded earlier (e.g. from 'museum audit head'); must still be in the chain.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def verify(anchors, as_json: bool) -> None:
    """Recompute the chain; exit 1 if an entry was edited or deleted or the tail was cut off."""
    with db.transaction() as session:
        result = audit_chain.verify(session, anchors)
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        for p in result.problems:
            click.echo(f"entry {p['seq']}: {p['problem']}: {p['detail']}", err=True)
        verdict = "OK" if result.ok else f"TAMPERED ({len(result.problems)} problem(s))"
        click.echo(f"{verdict}: {result.entries} entries, head {result.head_seq}:{result.head_hash}")
    if not result.ok:  # a verdict, not an error: the report above says what is wrong
        sys.exit(ERROR)


@audit_group.command("head")
def head() -> None:
    """Print SEQ:HASH of the newest entry: keep it elsewhere and pass it to 'verify --anchor'."""
    with db.transaction() as session:
        row = session.get(audit.AuditHead, 1)
    click.echo(f"{row.seq}:{row.hash}" if row else f"0:{audit.GENESIS}")


@audit_group.command("export")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
              help="File to write (default: stdout).")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("--since", type=int, default=0, help="Only entries after this sequence number.")
def export(output, fmt: str, since: int) -> None:
    """Export entries with their hashes (JSON lines keep before/after exactly as hashed)."""
    fields = ["seq", "at", "actor", "action", "entity", "entity_key", "before_json", "after_json",
              "prev_hash", "hash"]
    writer = csv.DictWriter(output, fieldnames=fields) if fmt == "csv" else None
    if writer:
        writer.writeheader()
    count = 0
    with db.transaction() as session:
        for entry in audit_chain.iter_entries(session, since):
            row = {f: getattr(entry, f) for f in fields}
            row["at"] = entry.at.isoformat(timespec="microseconds")
            if writer:
                writer.writerow(row)
            else:
                output.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    if getattr(output, "name", "") != "<stdout>":
        click.echo(f"exported {count} entries", err=True)


COMMANDS = [audit_group]
