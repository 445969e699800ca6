"""``museum kiosk add|list|remove``: register the touch screens of the galleries."""

from __future__ import annotations

import click
from sqlalchemy import delete

from museum.catalogue import kiosks
from museum.cli.errors import MuseumGroup
from museum.exceptions import NotFound
from museum.extensions import db


@click.group("kiosk", cls=MuseumGroup)
def kiosk_group() -> None:
    """Kiosk devices (each bound to one station)."""


@kiosk_group.command("add")
@click.argument("name")
@click.option("--station", required=True,
              help="poems | projection | audio:<id> | instrument:<accession> | gallery:<slug> | live:<link>"
                   " | display:<room>/<output>")
def add(name: str, station: str) -> None:
    """Register a device; prints its token once (open /kiosk/<token> on the device)."""
    with db.transaction() as session:
        device, token = kiosks.add_device(session, name, station)
    click.echo(f"kiosk {device.name} ({device.station}) registered; open on the device:\n/kiosk/{token}")
    click.echo(token)


@kiosk_group.command("list")
def list_command() -> None:
    with db.transaction() as session:
        for device in kiosks.list_devices(session):
            seen = device.last_seen_at.isoformat(timespec="seconds") if device.last_seen_at else "never"
            click.echo(f"{device.name}\t{device.station}\tlast seen {seen}\t{device.version or '-'}\t"
                       f"{device.screen or '-'}")


@kiosk_group.command("remove")
@click.argument("name")
def remove(name: str) -> None:
    with db.transaction() as session:
        removed = session.execute(delete(kiosks.KioskDevice).where(kiosks.KioskDevice.name == name)).rowcount
    if not removed:
        raise NotFound(f"no kiosk called {name!r}")
    click.echo(f"kiosk {name} removed; its token no longer works")


COMMANDS = [kiosk_group]
