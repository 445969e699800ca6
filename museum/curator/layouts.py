"""The plan editor in the curator workspace: a list of gallery layouts and a Konva editor per layout.

The page talks to the layout JSON API (:mod:`museum.api.layouts`): it loads a version, checks the plan
live as cases and objects move, saves versions (curators) and renders the hall preview.
"""

from __future__ import annotations

from flask import render_template

from museum.auth import require_role
from museum.catalogue import layouts as store
from museum.catalogue.accounts import READERS
from museum.curator import bp
from museum.curator.problems import layout_editor_text
from museum.extensions import db


@bp.get("/layouts")
@require_role(*READERS)
def layouts():
    return render_template("curator/layouts_index.html", layouts=store.list_layouts(db.session))


@bp.get("/layouts/<layout_id>")
@require_role(*READERS)
def layout_editor(layout_id: str):
    stored = store.get_layout(db.session, layout_id)
    return render_template("curator/layout_editor.html", stored=stored, editor_text=layout_editor_text())
