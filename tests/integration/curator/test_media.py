"""Media management in the browser: images, 3D models and audio go through the CLI's pipelines, bad files
are refused by content with the problem named, roles and CSRF apply, and removal deletes the files."""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pytest
import soundfile
import trimesh
from PIL import Image

from tests.integration.audio.conftest import speech_like
from tests.unit.curator.support import csrf_from, login

pytestmark = pytest.mark.usefixtures("users", "catalogue")
MEDIA = "/curator/records/1989.0107/media"


def _csrf(client) -> str:
    return csrf_from(client.get(MEDIA).get_data(as_text=True).replace(
        'type="hidden" name="csrf_token" value=', 'name="csrf_token" type="hidden" value='))


def _png() -> bytes:
    buffer = io.BytesIO()
    gradient = np.linspace(0, 255, 300 * 200, dtype=np.uint8).reshape(200, 300)
    Image.fromarray(np.dstack([gradient, gradient[::-1], np.full_like(gradient, 90)])).save(buffer, "PNG")
    return buffer.getvalue()


def _stl(height: float) -> bytes:
    """A solid standing on z = 0 that is ``height`` units high, as binary STL."""
    mesh = trimesh.creation.cylinder(radius=height / 4, height=height, sections=48)
    mesh.apply_translation((0, 0, height / 2))
    return trimesh.exchange.stl.export_stl(mesh)


def _wav() -> bytes:
    buffer = io.BytesIO()
    soundfile.write(buffer, speech_like(), 44_100, format="WAV")
    return buffer.getvalue()


def _post(client, path: str, **fields):
    data = {"csrf_token": _csrf(client)}
    for name, value in fields.items():
        data[name] = (io.BytesIO(value[1]), value[0]) if isinstance(value, tuple) else value
    return client.post(MEDIA + path, data=data, content_type="multipart/form-data")


def _remove(client, path: str) -> int:
    """Post the remove form of ``path`` (``/images/<id>``, ``/models/<id>``, ``/audio/<id>``); its status."""
    return client.post(f"{MEDIA}{path}/remove", data={"csrf_token": _csrf(client)}).status_code


def test_an_editor_adds_an_image_a_model_and_a_track(app, client):
    login(client, "editor1")
    added = _post(client, "/images", file=("front.png", _png()), caption_zh="正面", caption_en="Front")
    assert added.status_code == 302
    assert _post(client, "/models", file=("chunyu.stl", _stl(68.0)), units="cm", up="z").status_code == 302
    transcript = ("guide.txt", b"The tiger knob. The Ba sounded it with drums.")
    added = _post(client, "/audio", file=("guide.wav", _wav()), lang="en", transcript=transcript)
    assert added.status_code == 302
    page = client.get(MEDIA).get_data(as_text=True)
    assert "1989.0107-1" in page and "Front" in page and "300 × 200 px" in page
    assert "chunyu.stl" in page and "mismatch" not in page  # 68 cm high, as the catalogue says
    assert "LUFS" in page and "English" in page
    assert client.get("/iiif/3/1989.0107-1/info.json").get_json()["width"] == 300
    models = client.get("/api/v1/objects/1989.0107/models").get_json()["models"]
    assert models[0]["stats"]["bbox_cm"]["height"] == 68
    tracks = client.get("/api/v1/objects/1989.0107/audio").get_json()["languages"]["en"]
    assert tracks[0]["loudness_lufs"] == pytest.approx(-16, abs=0.5)


def test_uploads_above_the_body_limit_need_a_signed_in_editor(app, client):
    app.config["MAX_BODY_BYTES"] = 1000  # the image below is larger than any anonymous body may be
    login(client, "editor1")
    assert _post(client, "/images", file=("front.png", _png())).status_code == 302
    client.post("/curator/logout", data={"csrf_token": _csrf(client)})
    anonymous = client.post(MEDIA + "/images", data={"file": (io.BytesIO(_png()), "front.png")},
                            content_type="multipart/form-data")
    assert anonymous.status_code == 413


def test_a_model_in_the_wrong_units_is_flagged(client):
    login(client, "editor1")
    response = _post(client, "/models", file=("chunyu.stl", _stl(680.0)), units="m", up="z")
    assert response.status_code == 302
    assert "differs from the catalogue" in client.get(MEDIA).get_data(as_text=True)


@pytest.mark.parametrize("path, upload, problem", [  # the refusal names the file
    ("/images", ("front.jpg", b"this is not an image at all" * 10), r"front\.jpg"),
    ("/images", ("front.png", _png()[:400]), r"front\.png"),
    ("/models", ("chunyu.stl", b"solid nothing\nendsolid nothing\n"), r"chunyu\.stl"),
    ("/audio", ("guide.wav", b"RIFF" + b"\0" * 200), r"guide\.wav"),
])
def test_bad_files_are_refused_by_content_and_nothing_is_kept(app, client, path, upload, problem):
    login(client, "editor1")
    response = _post(client, path, file=upload, lang="en", units="m", up="y")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert re.search(rf'class="flash flash-error"[^>]*>{problem} \w', html), html[:3000]
    assert "No images yet." in html and "No 3D models yet." in html and "No audio yet." in html
    media = Path(app.config["MEDIA_ROOT"])
    assert not [p for p in media.rglob("*") if p.is_file()] if media.exists() else True
    uploads = Path(app.instance_path) / "tmp" / "uploads"
    assert not list(uploads.iterdir())


def test_roles_and_csrf(app, users):
    viewer, editor, curator = app.test_client(), app.test_client(), app.test_client()
    login(viewer, "viewer1")
    assert viewer.get(MEDIA).status_code == 200
    assert _post(viewer, "/images", file=("front.png", _png())).status_code == 403
    login(editor, "editor1")
    assert _post(editor, "/images", file=("front.png", _png())).status_code == 302
    no_token = editor.post(MEDIA + "/images", data={"file": (io.BytesIO(_png()), "x.png")},
                           content_type="multipart/form-data")
    assert no_token.status_code == 400
    assert _remove(editor, "/images/1989.0107-1") == 403
    login(curator, "curator1")
    pyramid = Path(app.config["MEDIA_ROOT"]) / "images" / "pyramids" / "1989.0107-1.tif"
    assert pyramid.exists()
    assert _remove(curator, "/images/1989.0107-1") == 302
    assert not pyramid.exists() and curator.get("/iiif/3/1989.0107-1/info.json").status_code == 404
    assert app.test_client().get(MEDIA).status_code == 302  # anonymous: to the sign-in page


def test_removing_a_model_and_a_track_deletes_their_files(app, client):
    login(client, "curator1")
    _post(client, "/models", file=("chunyu.stl", _stl(0.68)), units="m", up="z")
    _post(client, "/audio", file=("guide.wav", _wav()), lang="zh")
    media = Path(app.config["MEDIA_ROOT"])
    model_id = client.get("/api/v1/objects/1989.0107/models").get_json()["models"][0]["id"]
    track_id = client.get("/api/v1/objects/1989.0107/audio").get_json()["languages"]["zh"][0]["id"]
    assert list((media / "models").glob("*.glb")) and list((media / "audio").iterdir())
    assert _remove(client, f"/models/{model_id}") == 302
    assert _remove(client, f"/audio/{track_id}") == 302
    assert not [p for p in (media / "models").iterdir() if p.is_file()]
    assert not list((media / "audio").iterdir())
    assert client.get("/api/v1/objects/1989.0107/models").get_json()["models"] == []
