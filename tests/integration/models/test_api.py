"""The models API: derivatives with sizes and URLs, file serving (Range, ETag, caching), hotspots."""

from __future__ import annotations

from assets.models.webglb import load_glb

HOTSPOT = {"position": [0.0, 0.62, 0.0], "normal": [0, 2, 0],
           "label": {"zh": "虎钮", "en": "Tiger knob", "fr": "Bouton en forme de tigre"},
           "description": {"en": "The Ba revered the tiger."}}


def test_models_of_an_object_list_validated_derivatives(client, chunyu_model):
    response = client.get("/api/v1/objects/1989.0107/models")
    assert response.status_code == 200
    [model] = response.get_json()["models"]
    assert model["id"] == chunyu_model and model["source"]["units"] == "mm" and model["source"]["up"] == "z"
    levels = {d["level"]: d for d in model["derivatives"]}
    assert set(levels) == {"web", "kiosk", "thumbnail"}
    assert levels["web"]["triangles"] <= 150_000 and levels["web"]["bytes"] <= 5 * 1024**2
    assert levels["web"]["texture_px"] <= 2048 and levels["web"]["validator"]["errors"] == 0
    assert levels["thumbnail"]["triangles"] < levels["web"]["triangles"]
    box = model["stats"]["bbox_cm"]
    assert abs(box["height"] - 68) < 0.5 and not model["dimension_check"]["mismatch"]
    assert model["poster"].endswith(".png") and model["turntable"].endswith(".webp")
    web = client.get(levels["web"]["url"])
    assert web.status_code == 200 and len(web.data) == levels["web"]["bytes"]
    loaded = load_glb(web.data)  # quantized and meshopt-compressed: trimesh alone cannot read it
    assert len(loaded.faces) == levels["web"]["triangles"]


def test_model_files_support_range_etag_and_long_caching(client, chunyu_model):
    [model] = client.get("/api/v1/objects/1989.0107/models").get_json()["models"]
    url = model["derivatives"][0]["url"]
    full = client.get(url)
    assert full.headers["Content-Type"] == "model/gltf-binary"
    cache_control = full.headers["Cache-Control"]
    assert "immutable" in cache_control and "max-age=31536000" in cache_control
    assert full.headers["Accept-Ranges"] == "bytes"
    etag = full.headers["ETag"]
    part = client.get(url, headers={"Range": "bytes=4-11"})
    assert part.status_code == 206 and part.data == full.data[4:12]
    assert part.headers["Content-Range"] == f"bytes 4-11/{len(full.data)}"
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(url, headers={"Range": f"bytes={len(full.data) + 10}-"}).status_code == 416


def test_sources_unknown_names_and_unpublished_records_are_not_served(app, client, chunyu_model, records):
    from museum.catalogue import models3d as store
    from museum.extensions import db

    with app.app_context():
        model = db.session.get(store.ObjectModel, chunyu_model)
        source = model.file("source").name
        assert client.get(f"/api/v1/models/files/{source}").status_code == 404
        web = model.file("web").name
        model.record.published = False
        db.session.commit()
    assert client.get(f"/api/v1/models/files/{web}").status_code == 404
    assert client.get("/api/v1/objects/1989.0107/models").status_code == 404
    missing = client.get("/api/v1/models/files/" + "0" * 64 + ".glb")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"
    assert client.get("/api/v1/objects/1955.0021/models").status_code == 404


def test_curators_create_edit_and_delete_hotspots(client, chunyu_model, tokens):
    base = f"/api/v1/models/{chunyu_model}/hotspots"
    created = client.post(base, json=HOTSPOT, headers=tokens["curator"])
    assert created.status_code == 201
    hotspot = created.get_json()
    assert hotspot["normal"] == [0, 1, 0] and hotspot["label"]["zh"] == "虎钮"
    listed = client.get(base).get_json()["hotspots"]
    assert [h["id"] for h in listed] == [hotspot["id"]]
    changed = dict(HOTSPOT, label={"en": "Tiger", "ja": "虎"})
    updated = client.put(f"{base}/{hotspot['id']}", json=changed, headers=tokens["curator"])
    assert updated.status_code == 200 and updated.get_json()["label"] == {"en": "Tiger", "ja": "虎"}
    [model] = client.get("/api/v1/objects/1989.0107/models").get_json()["models"]
    assert model["hotspots"][0]["label"]["ja"] == "虎"
    assert client.delete(f"{base}/{hotspot['id']}", headers=tokens["curator"]).status_code == 204
    assert client.get(base).get_json()["hotspots"] == []
    assert client.delete(f"{base}/{hotspot['id']}", headers=tokens["curator"]).status_code == 404


def test_hotspot_writes_need_a_curator_and_valid_content(client, chunyu_model, tokens):
    base = f"/api/v1/models/{chunyu_model}/hotspots"
    assert client.post(base, json=HOTSPOT).status_code == 401
    assert client.post(base, json=HOTSPOT, headers=tokens["viewer"]).status_code == 403
    bad = [
        (dict(HOTSPOT, position=[0, 5.0, 0]), "outside the model's bounding box"),
        (dict(HOTSPOT, position=[0, "a", 0]), "three finite numbers"),
        (dict(HOTSPOT, label={"xx": "?"}), "unknown language 'xx'"),
        (dict(HOTSPOT, label={}), "label must be an object"),
        (dict(HOTSPOT, colour="red"), "unknown hotspot field"),
        (dict(HOTSPOT, normal=[0, 0, 0]), "zero vector"),
    ]
    for body, message in bad:
        response = client.post(base, json=body, headers=tokens["curator"])
        assert response.status_code == 400 and message in response.get_json()["error"]["message"], body
    assert client.get(base).get_json()["hotspots"] == []
    missing = client.post("/api/v1/models/9999/hotspots", json=HOTSPOT, headers=tokens["curator"])
    assert missing.status_code == 404
