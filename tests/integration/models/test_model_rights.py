"""A 3D model's rights (issue 21): an open model offers its GLB; a restricted one shows the lighter level
and its full-detail file is refused to the public (a curator still gets it)."""

from __future__ import annotations

import io
import json

import pytest
import trimesh
from sqlalchemy import select

from assets.models import printing
from assets.models.webglb import load_glb
from museum.catalogue import audit
from museum.catalogue import models3d as store
from museum.cli.models3d import model3d_group
from museum.extensions import db


def _files(client) -> dict:
    model = client.get("/api/v1/objects/1989.0107/models").get_json()["models"][0]
    return {d["level"]: d["url"] for d in model["derivatives"]}


def test_open_and_restricted_models(app, client, runner, chunyu_model, tokens):
    with app.app_context(), db.transaction() as session:
        session.get(store.ObjectModel, chunyu_model).record.licence = "CC BY 4.0"
    files = _files(client)
    page = client.get("/en/objects/1989.0107").get_data(as_text=True)
    assert 'href="/en/objects/1989.0107/model.glb" download' in page and 'rel="license">CC BY 4.0</a>' in page
    assert client.get(files["web"]).status_code == 200
    download = client.get("/en/objects/1989.0107/model.glb")  # plain: any glTF tool opens it
    assert download.status_code == 200 and download.mimetype == "model/gltf-binary"
    tree = json.loads(download.data[20:20 + int.from_bytes(download.data[12:16], "little")])
    assert not tree.get("extensionsRequired") and not tree.get("extensionsUsed")
    plain = trimesh.load(io.BytesIO(download.data), file_type="glb", force="mesh")
    assert len(plain.faces) == len(load_glb(client.get(files["web"]).data).faces)
    printed = client.get("/en/objects/1989.0107/print.stl")
    assert printed.status_code == 200 and "/en/objects/1989.0107/print.stl" in page
    mesh = trimesh.load(io.BytesIO(printed.data), file_type="stl")
    assert mesh.is_watertight
    width, depth, height = mesh.extents  # mm, on its plate (printing.BASE_MM thick, the object sunk in it)
    assert height == pytest.approx(680 + printing.BASE_MM - printing.OVERLAP_MM, abs=0.5)
    assert width == pytest.approx(360 + 2 * printing.MARGIN_MM, abs=1)

    with app.app_context():
        result = runner.invoke(model3d_group, ["rights", str(chunyu_model), "InC"])
    assert result.exit_code == 0, result.output
    page = client.get("/zh/objects/1989.0107").get_data(as_text=True)
    assert f'href="{files["web"]}"' not in page and "受版权保护" in page
    assert f'src="{files["kiosk"]}"' in page  # the lighter level in the viewer
    if files["kiosk"] == files["web"]:  # the small test model's levels are one file, which stays public
        assert client.get(files["web"]).status_code == 200
        with app.app_context(), db.transaction() as session:  # make the full level its own file
            kiosk = session.scalar(select(store.ObjectModelFile).where(
                store.ObjectModelFile.model_id == chunyu_model, store.ObjectModelFile.kind == "kiosk"))
            kiosk.name = "0" * 64 + ".glb"
    assert client.get("/en/objects/1989.0107/print.stl").status_code == 403  # no print of a restricted model
    assert client.get("/en/objects/1989.0107/model.glb").status_code == 403
    refused = client.get(files["web"])
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "rights_restricted"
    assert client.get(files["web"], headers=tokens["curator"]).status_code == 200
    with app.app_context():
        entries = db.session.query(audit.AuditEntry).filter_by(entity="object_models").all()
        assert any('"InC"' in (entry.after_json or "") for entry in entries)
    with app.app_context():
        refused = runner.invoke(model3d_group, ["rights", str(chunyu_model), "nonsense"])
    assert refused.exit_code == 1 and "unknown rights statement" in refused.output
