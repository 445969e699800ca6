"""``museum live clip add|list``: the recorded clips live link stations play while their link is down
(the playlists are set by curators at /curator/live)."""

from __future__ import annotations

from pathlib import Path

import click

from museum.catalogue import live_links
from museum.cli.errors import MuseumGroup
from museum.media import storage


@click.group("live", cls=MuseumGroup)
def live_group() -> None:
    """Live links to remote sites (their stream, captions and schedule are edited at /curator/live)."""


@live_group.group("clip", cls=MuseumGroup)
def clip_group() -> None:
    """Recorded clips, played while a live link is down."""


@clip_group.command("add")
@click.argument("name")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def add(name: str, file: Path) -> None:
    """Keep FILE (a video of at most 10 minutes: H.264, VP9, VP8 or AV1) as the clip NAME."""
    info = live_links.add_clip(storage(), name, file)
    click.echo(f"clip {name}: {info['codec']} {info['width']}×{info['height']}, {info['seconds']:.1f} s")


@clip_group.command("list")
def list_command() -> None:
    for name in sorted(live_links.clip_names(storage())):
        click.echo(name)


COMMANDS = [live_group]
