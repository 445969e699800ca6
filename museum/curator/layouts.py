"""The plan editor in the curator workspace: a list of gallery layouts, a Konva editor per layout, the
walk-through twin (three.js over the hall GLB) and previews of two versions side by side.

The pages talk to the layout JSON API (:mod:`museum.api.layouts`): the editor loads a version, checks the
plan live as cases and objects move, saves versions (curators) and renders the hall preview; the twin loads
``render/hall.glb`` and the comparison's images are ``render/view.png`` from named viewpoints.
"""

from __future__ import annotations

from flask import render_template, request

from exhibits.layouts.geometry import world_point
from exhibits.layouts.model import parse_layout
from exhibits.layouts.preview import camera_text, viewpoints
from exhibits.layouts.render import RenderOptions
from museum import layout_renders
from museum.auth import require_role
from museum.catalogue import layouts as store
from museum.catalogue.accounts import READERS
from museum.curator import bp
from museum.curator.problems import layout_editor_text
from museum.extensions import db
from museum.i18n import plain
from museum.vendor import THREE_IMPORT_MAP

COMPARE_SIZE = "960x540"  # each preview of the comparison (its link opens the 1920x1080 one)


@bp.get("/layouts")
@require_role(*READERS)
def layouts():
    return render_template("curator/layouts_index.html", layouts=store.list_layouts(db.session))


@bp.get("/layouts/<layout_id>")
@require_role(*READERS)
def layout_editor(layout_id: str):
    stored = store.get_layout(db.session, layout_id)
    return render_template("curator/layout_editor.html", stored=stored, editor_text=layout_editor_text())


def _version_number(name: str, default: int) -> int:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and int(value) > 0 else default


@bp.get("/layouts/<layout_id>/twin")
@require_role(*READERS)
def layout_twin(layout_id: str):
    """The hall of one version in three.js: orbit or walk (WASD/arrows), jump to the named viewpoints."""
    stored = store.get_layout(db.session, layout_id)
    version = store.get_version(db.session, layout_id, _version_number("version", stored.current_version))
    layout = parse_layout(version.document)
    views = {name: [camera.x, camera.y, camera.z, camera.yaw, camera.pitch]
             for name, camera in viewpoints(layout).items()}
    return render_template("curator/layout_twin.html", stored=stored, version=version, views=views,
                           labels=twin_labels(layout), import_map=THREE_IMPORT_MAP)


def twin_labels(layout) -> list[dict]:
    """What the twin writes over the hall: each case's id above it, and each object's title in the curator's
    language (its accession number when it has none) just above it, at plan metres ``[x, y, z]``."""
    labels = []
    for case in layout.cases:
        labels.append({"kind": "case", "id": case.id, "text": case.id,
                       "at": [case.position[0], case.position[1], round(case.outer.height + 0.15, 3)]})
    for p in layout.placements:
        case = layout.case(p.case)
        x, y = world_point(p.position, case)
        facts = p.object
        height = facts.size.height if facts.size else (facts.diameter or 0.2)
        top = (case.deck if case else 0.0) + p.elevation + height
        labels.append({"kind": "object", "id": p.id, "accession": p.object.accession_number,
                       "text": plain(p.object.title) or p.object.accession_number,
                       "at": [round(x, 3), round(y, 3), round(top + 0.08, 3)]})
    return labels


@bp.get("/layouts/<layout_id>/compare")
@require_role(*READERS)
def layout_compare(layout_id: str):
    """Previews of two versions from the same named viewpoints, side by side. The images are rendered by
    the API when the browser first asks for them and kept (:mod:`museum.layout_renders`): the page marks
    those still to be made, which show a placeholder until they arrive; a second view renders nothing."""
    stored = store.get_layout(db.session, layout_id)
    numbers = [v.number for v in stored.versions]
    after = _version_number("to", stored.current_version)
    before = _version_number("from", max(1, after - 1))
    versions = [store.get_version(db.session, layout_id, n) for n in (before, after)]
    documents = [parse_layout(v.document) for v in versions]
    named = {name: camera_text(camera) for name, camera in viewpoints(documents[1]).items()}
    chosen = [v for v in request.args.getlist("view") if v in named][:4] or list(named)[:2]
    ready = {(name, v.number): layout_renders.stored(document, v.number, "view.png", RenderOptions.parse(
                 camera=named[name], size=COMPARE_SIZE)) is not None
             for name in chosen for v, document in zip(versions, documents, strict=True)}
    return render_template("curator/layout_compare.html", stored=stored, numbers=numbers, versions=versions,
                           named=named, chosen=chosen, ready=ready, size=COMPARE_SIZE)
