"""``museum model3d``: add a 3D model file to a record, list and remove a record's models, edit hotspots.

``museum model3d add 1989.0107 chunyu.zip --units mm --up z`` checks the file (format by content, limits,
missing textures), normalises it (metres, +Y up, base centre at the origin), builds the web, kiosk and
thumbnail GLBs (each checked by the Khronos validator), renders the poster and turntable, and prints
the cross-check against the catalogue dimensions (a mismatch over 5 % is flagged, not refused).
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app

from museum.catalogue import models3d as store
from museum.catalogue.models3d import MODELS
from museum.cli.errors import MuseumGroup
from museum.exceptions import NotFound
from museum.extensions import db
from museum.media import remove_held, storage


@click.group("model3d", cls=MuseumGroup)
def model3d_group() -> None:
    """3D models of records."""


@model3d_group.command("add")
@click.argument("accession")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--units", type=click.Choice(["mm", "cm", "m"]), default="m", show_default=True,
              help="Units of the file's coordinates.")
@click.option("--up", type=click.Choice(["y", "z"]), default="y", show_default=True,
              help="The file's up axis.")
def add(accession: str, file: Path, units: str, up: str) -> None:
    """Add FILE (OBJ/PLY/STL/OFF/glTF/GLB, or a zip of an OBJ with its MTL and textures) to ACCESSION."""
    with db.transaction() as session:
        [added] = MODELS.add(session, accession, file, storage(), limits=MODELS.limits(current_app.config),
                             units=units, up=up)
        summary, created = _summary(added.item), added.created
    if not created:
        click.echo(f"{file.name}: already attached to {accession} as model {summary['id']} (skipped)")
        return
    click.echo(f"model {summary['id']} for {accession}: {summary['faces']} faces, "
               f"box {summary['box']} cm (W×H×D)")
    for line in summary["files"]:
        click.echo(f"  {line}")
    check = summary["check"]
    verdict = "  WARNING dimension mismatch: " if check["mismatch"] else "  dimensions: "
    click.echo(verdict + check["message"])


def _summary(model: store.ObjectModel) -> dict:
    box = model.stats["bbox_cm"]
    files = [f"{f.kind:<10} {f.bytes:>10,} B" + (f"  {f.triangles:,} triangles" if f.triangles else "")
             + (f"  validator {f.validator['errors']} errors" if f.validator else "") for f in model.files]
    return {"id": model.id, "faces": model.stats["faces"],
            "box": f"{box['width']:g} × {box['height']:g} × {box['depth']:g}", "files": files,
            "check": model.crosscheck}


@model3d_group.command("list")
@click.argument("accession")
@click.option("--json", "as_json", is_flag=True, help="Print the API's JSON description.")
def list_models(accession: str, as_json: bool) -> None:
    """List the models of ACCESSION."""
    models = MODELS.list(db.session, accession)
    if as_json:
        click.echo(json.dumps([{"id": m.id, "source": m.source_name, "stats": m.stats,
                                "crosscheck": m.crosscheck,
                                "files": {f.kind: f.name for f in m.files}, "hotspots": m.hotspots}
                               for m in models], ensure_ascii=False, indent=2))
        return
    if not models:
        click.echo(f"{accession}: no 3D model")
    for model in models:
        summary = _summary(model)
        flag = "  MISMATCH" if model.dimension_mismatch else ""
        click.echo(f"{model.id}: {model.source_name} ({model.source_format}, {model.units}, up {model.up}) "
                   f"{summary['faces']} faces, {summary['box']} cm, {len(model.hotspots or [])} "
                   f"hotspots{flag}")


@model3d_group.command("remove")
@click.argument("model_id", type=int)
def remove(model_id: int) -> None:
    """Remove the model MODEL_ID and the files no other model uses."""
    remove_held(MODELS, lambda session: session.get(store.ObjectModel, model_id), f"3D model {model_id}")
    click.echo(f"removed model {model_id}")


@model3d_group.command("rights")
@click.argument("model_id", type=int)
@click.argument("statement")
def set_model_rights(model_id: int, statement: str) -> None:
    """Set the rights STATEMENT of MODEL_ID (a key or URI: museum image rights lists them). Audited."""
    from museum.catalogue import rights

    chosen = rights.require(statement)
    with db.transaction() as session:
        model = session.get(store.ObjectModel, model_id)
        if model is None:
            raise NotFound(f"no 3D model {model_id}")
        model.rights = chosen.key
    click.echo(f"model {model_id}: {chosen.key} ({'GLB download open' if chosen.open else 'restricted'})")


@model3d_group.command("hotspot")
@click.argument("model_id", type=int)
@click.argument("position", nargs=3, type=float)
@click.option("--label", "labels", multiple=True, required=True, help="LANG=TEXT, repeatable.")
def add_hotspot(model_id: int, position: tuple[float, float, float], labels: tuple[str, ...]) -> None:
    """Add a hotspot at POSITION (x y z in metres, the model's normalised frame) to MODEL_ID."""
    label = {}
    for pair in labels:
        lang, sep, text = pair.partition("=")
        if not sep:
            raise click.BadParameter(f"'{pair}' is not LANG=TEXT", param_hint="--label")
        label[lang] = text
    with db.transaction() as session:
        model = session.get(store.ObjectModel, model_id)
        if model is None:
            raise NotFound(f"no 3D model {model_id}")
        hotspot = store.clean_hotspot({"position": list(position), "label": label}, model)
        store.set_hotspots(model, [*(model.hotspots or []), hotspot])
    click.echo(f"hotspot {hotspot['id']} added to model {model_id}")


COMMANDS = [model3d_group]
