"""``museum show import|list|check|storyboard``: immersive shows and the rooms that play them (read-only at
/curator/shows)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from museum.catalogue import shows
from museum.cli.errors import MuseumGroup
from museum.exceptions import BadParameter, NotFound
from museum.extensions import db
from museum.media import storage


@click.group("show", cls=MuseumGroup)
def show_group() -> None:
    """Immersive shows: timelines of cues for a room's LED walls, ceiling and surround sound."""


@show_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(file: Path) -> None:
    """Store the show, room or {"rooms": [...], "shows": [...]} of the JSON FILE (replacing same slugs)."""
    try:
        document = json.loads(file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BadParameter(f"{file.name}: not a JSON file ({error})") from None
    with db.transaction() as session:
        for line in shows.import_document(session, document):
            click.echo(line)


@show_group.command("list")
def list_command() -> None:
    with db.transaction() as session:
        for room in shows.all_rooms(session):
            outputs = ", ".join(o["name"] for o in room.outputs)
            click.echo(f"room {room.slug}\t{outputs}\t{room.programme.get('hours')}\t"
                       f"{' → '.join(room.programme.get('loop', []))}")
        for row in shows.all_shows(session):
            click.echo(f"show {row.slug}\t{row.duration:g} s\t{len(row.cues)} cues\t"
                       f"{row.title.get('zh', '')}")


def _show_and_room(session, slug: str):
    row = shows.get_show(session, slug)
    if row is None:
        raise NotFound(f"no show called {slug!r}")
    rooms = shows.rooms_playing(session, slug)
    return row.show(), (rooms[0] if rooms else None)


@show_group.command("check")
@click.argument("slug")
def check_command(slug: str) -> None:
    """List the show's problems in the room that plays it (exit status 1 if any)."""
    with db.transaction() as session:
        show, room = _show_and_room(session, slug)
        found = shows.check(storage(), show, room)
    if room is None:
        click.echo(f"{slug}: no room's programme plays it; its outputs are not checked")
    for problem in found:
        click.echo(f"{problem.code}: {problem.message}")
    if found:
        raise click.exceptions.Exit(1)
    click.echo(f"{slug}: no problems")


@show_group.command("storyboard")
@click.argument("slug")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", default="zh", show_default=True)
def storyboard_command(slug: str, out: Path, lang: str) -> None:
    """Write the show's contact sheet (each output at each cue) as a PNG."""
    with db.transaction() as session:
        show, room = _show_and_room(session, slug)
        outputs = room.output_list() if room else ()
    out.write_bytes(shows.storyboard_png(storage(), show, outputs, lang))
    click.echo(f"{out}: {len(outputs)} outputs × {len(show.starts)} cues")


COMMANDS = [show_group]
