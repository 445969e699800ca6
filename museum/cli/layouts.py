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

from exhibits.layouts import glb, plan, preview
from exhibits.layouts.checker import check_layout
from exhibits.layouts.exceptions import RenderError
from exhibits.layouts.model import Layout, load_layout_file
from museum.catalogue import layouts as store
from museum.cli.errors import ERROR, MuseumGroup
from museum.extensions import db
from museum.media import storage as media_storage


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
def render_command(source, version, plan_path, view_path, camera, size, glb_path, lang, problems) -> None:
    """Render a layout's plan, preview image and GLB."""
    if not (plan_path or view_path or glb_path):
        raise click.UsageError("give at least one of --plan, --view, --glb")
    layout = _load(source, version)
    chosen_camera = preview.Camera.parse(camera) if camera else None
    width, _, height = size.lower().partition("x")
    if not (width.isdecimal() and height.isdecimal()):
        raise RenderError(f"size {size!r}: expected WIDTHxHEIGHT")
    session = db.session
    photo_for = store.photo_source(session, media_storage())
    model_for = store.model_source(session, current_app.config, media_storage())
    if plan_path:
        started = time.perf_counter()
        report = check_layout(layout) if problems else None
        if plan_path.lower().endswith(".svg"):
            Path(plan_path).write_text(plan.render_svg(layout, report, lang), encoding="utf-8")
        elif plan_path.lower().endswith(".png"):
            Path(plan_path).write_bytes(plan.render_png(layout, report, lang))
        else:
            raise RenderError(f"{plan_path}: the plan is written as .svg or .png")
        click.echo(f"plan    {plan_path}  {time.perf_counter() - started:.2f} s")
    if view_path:
        started = time.perf_counter()
        Path(view_path).write_bytes(preview.render_preview(layout, chosen_camera, (int(width), int(height)),
                                                           model_for=model_for, photo_for=photo_for))
        click.echo(f"preview {view_path}  {time.perf_counter() - started:.2f} s")
    if glb_path:
        started = time.perf_counter()
        Path(glb_path).write_bytes(glb.export_glb(layout, model_for=model_for, photo_for=photo_for))
        click.echo(f"glb     {glb_path}  {time.perf_counter() - started:.2f} s")


@layout_group.command("list")
def list_command() -> None:
    """List stored layouts with their current version."""
    for stored in store.list_layouts(db.session):
        click.echo(f"{stored.slug}\tv{stored.current_version}\t{stored.gallery_slug or '-'}\t"
                   f"{stored.title.get('zh') or stored.title.get('en') or ''}")


COMMANDS = [layout_group]
