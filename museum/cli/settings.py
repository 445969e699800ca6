"""``museum config show [NAME ...]``: every setting (museum/config.py) with its value, where the value came
from and what it is for — a technician's view of the instance the command runs on. Secrets are masked."""

from __future__ import annotations

import json
import os
import re

import click
from flask import current_app

from museum import config
from museum.cli.errors import MuseumGroup
from museum.exceptions import BadParameter

MASK = "********"
SOURCES = ("sources: default | env (its MUSEUM_* variable) | argument (--instance, create_app) | "
           "instance (derived from the instance folder) | fixed | NAME (derived from setting NAME)")
_URL_PASSWORD = re.compile(r"(://[^:/@]*:)[^@/]*@")
# a secret in a URL's query (redis://host/0?password=..., postgresql://...?sslpassword=...)
_QUERY_SECRET = re.compile(r"([?&][\w.-]*(?:password|passwd|pwd|secret|token|key)[\w.-]*=)[^&#]*", re.I)


def shown(setting: config.Setting, value) -> str:
    """A value as the technician reads it: JSON-like, secrets and passwords in URLs masked."""
    if value is None:
        return "(not set)"
    if setting.kind.secret:
        return MASK
    if isinstance(value, str):
        if not value:
            return '""'
        return _QUERY_SECRET.sub(rf"\g<1>{MASK}", _URL_PASSWORD.sub(rf"\g<1>{MASK}@", value))
    return json.dumps(value, ensure_ascii=False)


@click.group("config", cls=MuseumGroup, invoke_without_command=True)
@click.pass_context
def config_group(ctx: click.Context) -> None:
    """The service's settings (museum/config.py); alone, the same as `museum config show`."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(show)


@config_group.command("show")
@click.argument("names", nargs=-1)
def show(names: tuple[str, ...] = ()) -> None:
    """Print each setting (or only NAMES): its value, its source, what it is for, its variable and type."""
    unknown = [name for name in names if name.upper() not in config.SETTINGS]
    if unknown:
        raise BadParameter(f"no setting {', '.join(unknown)}; `museum config show` lists them all")
    wanted = {name.upper() for name in names}
    sources = current_app.extensions["museum_config_sources"]
    click.echo(f"# {SOURCES}")
    for section, settings in config.SECTIONS.items():
        chosen = [s for s in settings if not wanted or s.name in wanted]
        if not chosen:
            continue
        click.echo(f"\n## {section}")
        for setting in chosen:
            click.echo(f"{setting.name} = {shown(setting, current_app.config[setting.name])}"
                       f"  [{sources[setting.name]}]")
            variable = "not settable" if setting.fixed else setting.env
            click.echo(f"    {setting.help} ({variable}; {setting.kind.what})")
    for name in config.ignored_environment(os.environ):
        click.echo(f"warning: {name} is set but sets nothing (no such setting, or a fixed one)", err=True)


COMMANDS = [config_group]
