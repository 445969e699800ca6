"""``museum layout``: import, export, check, render and list gallery layouts.

ID|FILE arguments take a stored layout's id (its current version, or ``--version N``) or a layout JSON
file. ``check`` prints the JSON report and exits 1 when it finds problems; an invalid or unknown layout is an
error (every schema error listed, then ``error: ...``, exit 1, and no report).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click
from flask import current_app

from exhibits.layouts.checker import check_layout
from exhibits.layouts.exceptions import RenderError
from exhibits.layouts.model import Layout, load_layout_file
from exhibits.layouts.render import RenderOptions, render
from museum.catalogue import layouts as store
from museum.cli.errors import ERROR, MuseumGroup
from museum.extensions import db
from museum.media import storage as media_storage

PLAN_KINDS = {".svg": "plan.svg", ".png": "plan.png"}


def _load(source: str, version: int | None) -> Layout:
    if Path(source).is_file():
        return load_layout_file(source)
    layout, _ = store.load_document(db.session, source, version)
    return layout


@click.group("layout", cls=MuseumGroup)
def layout_group() -> None:
    """Gallery layouts: halls, cases, placed objects; checks and renders."""


@layout_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--note", default=None, help="a note stored with the version")
@click.option("--refresh/--no-refresh", default=True, show_default=True,
              help="refresh object titles, materials, sizes and weights from the catalogue")
def import_command(file: str, note: str | None, refresh: bool) -> None:
    """Store FILE as the next version of its layout."""
    document = load_layout_file(file).to_dict()
    refreshed = 0
    with db.transaction() as session:
        if refresh:
            document, refreshed = store.refresh_from_catalogue(session, document)
        version = store.save_version(session, document, author="cli", note=note or f"imported from {file}")
        objects = len(document.get("placements", []))
        click.echo(f"layout {version.layout_slug} version {version.number}: {objects}"
                   f" objects ({refreshed} refreshed from the catalogue), {version.problem_count} problem(s)")


@layout_group.command("export")
@click.argument("layout_id")
@click.option("--version", type=int, default=None)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="file (default: stdout)")
def export_command(layout_id: str, version: int | None, output: str | None) -> None:
    """Write a stored layout as JSON."""
    text = json.dumps(_load(layout_id, version).to_dict(), ensure_ascii=False, indent=1)
    if output:
        Path(output).write_text(text + "\n", encoding="utf-8")
    else:
        click.echo(text)


@layout_group.command("check")
@click.argument("source")
@click.option("--version", type=int, default=None)
def check_command(source: str, version: int | None) -> None:
    """Check a layout (ID or FILE); exit 1 when there are problems."""
    report = check_layout(_load(source, version))
    click.echo(json.dumps(report, ensure_ascii=False, indent=1))
    if not report["ok"]:  # a verdict, not an error: the report is the output
        sys.exit(ERROR)


@layout_group.command("render")
@click.argument("source")
@click.option("--version", type=int, default=None)
@click.option("--plan", "plan_path", type=click.Path(dir_okay=False), help="floor plan: .svg or .png")
@click.option("--view", "view_path", type=click.Path(dir_okay=False), help="perspective preview: .png")
@click.option("--camera", default=None,
              help="x,y,z,yaw in hall metres and degrees (default: inside the first door)")
@click.option("--size", default="1280x720", show_default=True, help="preview size WIDTHxHEIGHT")
@click.option("--glb", "glb_path", type=click.Path(dir_okay=False), help="the whole hall as GLB")
@click.option("--lang", default="zh", show_default=True)
@click.option("--problems/--no-problems", default=True, show_default=True, help="mark problems on the plan")
def render_command(source: str, version: int | None, **given) -> None:
    """Render a layout's plan, preview image and GLB."""
    plan_path, view_path, glb_path = given["plan_path"], given["view_path"], given["glb_path"]
    if not (plan_path or view_path or glb_path):
        raise click.UsageError("give at least one of --plan, --view, --glb")
    if plan_path and Path(plan_path).suffix.lower() not in PLAN_KINDS:
        raise RenderError(f"{plan_path}: the plan is written as .svg or .png")
    options = RenderOptions.parse(lang=given["lang"], camera=given["camera"], size=given["size"].lower(),
                                  problems=given["problems"])
    layout = _load(source, version)
    # models and photos loaded once
    sources = store.render_sources(db.session, current_app.config, media_storage())
    for label, path, kind in (("plan", plan_path, PLAN_KINDS.get(Path(plan_path or "").suffix.lower())),
                              ("preview", view_path, "view.png"), ("glb", glb_path, "hall.glb")):
        if path:
            started = time.perf_counter()
            Path(path).write_bytes(render(layout, kind, options, sources))
            click.echo(f"{label:<7} {path}  {time.perf_counter() - started:.2f} s")


@layout_group.command("list")
def list_command() -> None:
    """List stored layouts with their current version."""
    for stored in store.list_layouts(db.session):
        click.echo(f"{stored.slug}\tv{stored.current_version}\t{stored.gallery_slug or '-'}\t"
                   f"{stored.title.get('zh') or stored.title.get('en') or ''}")


COMMANDS = [layout_group]
