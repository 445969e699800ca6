"""Through nginx and across nodes: what a museum with several app servers and workers relies on. The tests
run in this order; the last one kills an app server."""

from __future__ import annotations

import io
import json
import re
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import boto3
import psycopg
import pytest
from PIL import Image

from tests.servers import kill_tree

from .cluster import BUCKET

pytestmark = pytest.mark.cluster  # only: `-m postgres` or `-m elasticsearch` must not start the cluster


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
                     .encode())
    for name, (filename, data) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                     f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
                     + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def upload_image(cluster, base: str, accession: str, image: bytes, name: str) -> str:
    return upload(cluster, base, accession, "images", name, image)


def upload(cluster, base: str, accession: str, folder: str, name: str, data: bytes, **fields) -> str:
    """The curator's upload of a media kind (``folder``: images, models …) on one node: answered at once
    (202) with the job's link; the job's id."""
    body, kind = multipart(fields, {"file": (name, data)})
    status, headers, page = cluster.request(base, f"/curator/records/{accession}/media/{folder}", "POST",
                                            body, {"Content-Type": kind})
    assert status == 202, (status, re.findall(r'class="[^"]*(?:flash|error)[^"]*"[^>]*>(.*?)</',
                                              page.decode()))
    return headers["Location"].rstrip("/").rsplit("/", 1)[1]


def job_of(cluster, base: str, job_id: str) -> dict:
    status, _, body = cluster.request(base, f"/curator/jobs/{job_id}")
    assert status == 200, body[:300]
    return json.loads(body)


def wait_for_job(cluster, base: str, job_id: str, done, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while not done(job := job_of(cluster, base, job_id)):
        assert time.monotonic() < deadline, f"job {job_id} is still {job}"
        time.sleep(0.05)
    return job


def bucket_keys(cluster, prefix: str = "media/") -> list[str]:
    client = boto3.client("s3", endpoint_url=cluster.endpoint)
    keys = []
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix):
        keys.extend(item["Key"] for item in page.get("Contents", ()))
    return keys


def jpeg(width: int, height: int, colour=(0, 200, 230)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "JPEG", quality=90)
    return out.getvalue()


def edit_form(cluster, base: str, accession: str) -> dict:
    """The record's edit form as a browser would submit it (every input and selected option)."""
    status, _, page = cluster.request(base, f"/curator/records/{accession}/edit")
    assert status == 200
    html = page.decode()
    form = dict(re.findall(r'<input id="[^"]+" name="([^"]+)"[^>]*?value="([^"]*)"', html))
    form.update(re.findall(r'<textarea id="[^"]+" name="([^"]+)"[^>]*>([^<]*)</textarea>', html))
    for name, body in re.findall(r'<select id="[^"]+" name="([^"]+)">(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', body)
        form[name] = chosen.group(1) if chosen else ""
    return form


def save(cluster, base: str, accession: str, form: dict) -> int:
    """Submit the edit form; the status after the redirect to the record's page (200 when saved)."""
    status, _, _ = cluster.request(base, f"/curator/records/{accession}/edit", "POST",
                                   urlencode(form).encode(),
                                   {"Content-Type": "application/x-www-form-urlencoded"})
    return status


def test_an_image_uploaded_on_one_node_is_processed_by_a_worker_and_served_by_the_other(cluster):
    node_a, node_b = cluster.apps
    job_id = upload_image(cluster, node_a, "2002.0031", jpeg(1200, 800), "zun.jpg")
    job = wait_for_job(cluster, node_b, job_id, lambda job: job["status"] in ("done", "dead"))
    assert job["status"] == "done" and job["attempts"] == 1 and job["worker"] in cluster.workers, job
    identifier = job["result"]["identifier"]
    status, _, body = cluster.request(node_b, f"/iiif/3/{identifier}/info.json")
    assert status == 200 and (json.loads(body)["width"], json.loads(body)["height"]) == (1200, 800)
    tile_path = f"/iiif/3/{identifier}/0,0,512,512/256,/0/default.jpg"
    status, headers, tile = cluster.request(cluster.front, tile_path)
    assert status == 200 and headers["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(tile)).size == (256, 256)
    assert Image.open(io.BytesIO(tile)).getpixel((128, 128)) == pytest.approx((0, 200, 230), abs=6)
    for base in (node_b, cluster.front):  # byte ranges of the tile: from the app, and from nginx's cache
        status, headers, part = cluster.request(base, tile_path, headers={"Range": "bytes=2-101"})
        assert status == 206 and part == tile[2:102], (base, status, dict(headers))
        assert headers["Content-Range"] == f"bytes 2-101/{len(tile)}"
    assert not [key for key in bucket_keys(cluster) if key.startswith("media/uploads/")]  # staged upload gone


def test_a_3d_model_uploaded_on_one_node_is_served_with_ranges_by_the_other(cluster):
    import numpy as np
    import trimesh

    node_a, node_b = cluster.apps
    cone = trimesh.creation.cone(radius=0.2, height=0.438, sections=48)
    cone.apply_transform(trimesh.transformations.rotation_matrix(-np.pi / 2, [1, 0, 0]))
    job_id = upload(cluster, node_a, "1977.0012", "models", "zun.glb", cone.export(file_type="glb"))
    job = wait_for_job(cluster, node_b, job_id, lambda job: job["status"] in ("done", "dead"))
    assert job["status"] == "done" and job["result"]["created"], job
    status, _, body = cluster.request(node_b, "/api/v1/objects/1977.0012/models")
    assert status == 200, body[:300]
    web = next(d["url"] for model in json.loads(body)["models"] for d in model["derivatives"]
               if d["level"] == "web")
    for base in (node_b, cluster.front):
        status, headers, whole = cluster.request(base, web)
        assert status == 200 and whole[:4] == b"glTF" and "immutable" in headers["Cache-Control"]
        status, headers, part = cluster.request(base, web, headers={"Range": "bytes=4-11"})
        assert status == 206 and part == whole[4:12]
        assert headers["Content-Range"] == f"bytes 4-11/{len(whole)}"
    assert f"media/models/{web.rsplit('/', 1)[1]}" in bucket_keys(cluster, "media/models/")


def test_a_record_edited_on_one_node_is_searchable_through_the_other_within_2_s(cluster):
    node_a, node_b = cluster.apps
    word = "cluster" + uuid.uuid4().hex[:8]
    form = edit_form(cluster, node_a, "1977.0012")
    form |= {"title_en": f"Zun with three rams {word}", "action": "publish"}
    assert save(cluster, node_a, "1977.0012", form) == 200
    saved = time.monotonic()
    while True:
        status, _, body = cluster.request(node_b, f"/api/v1/search?q={word}&lang=en")
        assert status == 200, body[:300]
        hits = [hit["accession_number"] for hit in json.loads(body)["hits"]]
        if hits:
            break
        assert time.monotonic() - saved < 2.0, "the edit was not searchable on the other node within 2 s"
        time.sleep(0.05)
    assert hits == ["1977.0012"]
    print(f"\nsearchable on the other node {time.monotonic() - saved:.2f} s after the save")


def test_a_backup_taken_under_writes_restores_to_a_fresh_database_whose_audit_chain_verifies(cluster):
    form, writes, stop, errors = edit_form(cluster, cluster.front, "2002.0031"), [], threading.Event(), []
    started = threading.Event()

    def writer() -> None:  # curators go on editing through nginx (either node) during the backup
        while not stop.is_set():
            status = save(cluster, cluster.front, "2002.0031",
                          form | {"title_en": f"Bird-shaped zun, draft {len(writes)}", "action": "draft"})
            (writes if status == 200 else errors).append(status)
            if len(writes) >= 3:
                started.set()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert started.wait(60), errors
        before = len(writes)
        backup = cluster.folder / "backup"
        done = cluster.museum(cluster.folder / "node-a", "backup", str(backup))
        during = len(writes) - before
    finally:
        stop.set()
        thread.join()
    assert done.returncode == 0, done.stderr
    assert errors == []
    print(f"\n{during} edit(s) saved while the backup ran")
    fresh = f"museum_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"host=127.0.0.1 port={cluster.postgres['port']} user=museum dbname=postgres",
                         autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{fresh}"')
    elsewhere = {**cluster.env, "MUSEUM_DATABASE_URL": cluster.database_url.rsplit("/", 1)[0] + "/" + fresh,
                 "MUSEUM_ELASTICSEARCH_INDEX_PREFIX": f"restored{uuid.uuid4().hex[:6]}"}
    restored = cluster.folder / "restored"
    restored.mkdir()
    done = cluster.museum(restored, "restore", str(backup), "--json", env=elsewhere)
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert report["ok"] and report["problems"] == [], report
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["counts"]["records"] == 3 and manifest["media"]["files"]  # the images, by checksum
    done = cluster.museum(restored, "audit", "verify", env=elsewhere)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_worker_killed_during_a_3d_derivative_job_leaves_it_retried_and_completed_once(cluster):
    import trimesh

    node_a, node_b = cluster.apps
    # a dense mesh: its derivatives (decimated levels, compressed web GLB, pictures) take seconds, long enough
    # to kill the worker in the middle of them
    ball = trimesh.creation.icosphere(subdivisions=7, radius=0.18)
    job_id = upload(cluster, cluster.front, "1989.0107", "models", "dense.glb", ball.export(file_type="glb"))
    job = wait_for_job(cluster, node_a, job_id,
                       lambda job: job["status"] != "queued" and job["progress"] >= 0.2
                       or job["status"] in ("done", "dead"))
    assert job["status"] == "running", f"the job ended before the worker could be killed: {job}"
    victim = job["worker"]
    cluster.workers[victim].kill()  # kill -9
    cluster.workers[victim].wait()
    job = wait_for_job(cluster, node_b, job_id, lambda job: job["status"] in ("done", "dead"), timeout=240)
    survivor = next(name for name in cluster.workers if name != victim)
    assert job["status"] == "done" and job["attempts"] == 2 and job["worker"] == survivor, job
    with psycopg.connect(cluster.database_url.replace("+psycopg", "")) as connection:
        models = connection.execute("SELECT object_models.id FROM object_models JOIN records "
                                    "ON records.id = object_models.record_id "
                                    "WHERE accession_number = '1989.0107'").fetchall()
        files = {name for (name,) in connection.execute("SELECT name FROM object_model_files")}
    assert len(models) == 1  # attached once
    status, _, body = cluster.request(cluster.front, "/api/v1/objects/1989.0107/models")
    assert status == 200 and len(json.loads(body)["models"]) == 1
    keys = bucket_keys(cluster)
    assert not [key for key in keys if key.startswith("media/uploads/")]
    # no orphan objects: every stored model file belongs to a model the catalogue holds
    stored = {key.removeprefix("media/models/") for key in keys if key.startswith("media/models/")}
    assert stored and stored <= files, sorted(stored - files)[:10]
    cluster.start_worker(victim)  # the cluster has two workers again


def test_an_app_server_killed_under_load_costs_no_request_once_nginx_marks_it_down(cluster):
    requests_after_kill, failures, killed = 300, [], threading.Event()
    answered = {"before": 0, "after": 0}
    lock = threading.Lock()
    paths = ["/api/v1/objects/2002.0031", "/api/v1/search?q=zun&lang=en", "/healthz", "/en/objects/1977.0012"]

    def one(number: int) -> None:
        after = killed.is_set()
        status, _, body = cluster.request(cluster.front, paths[number % len(paths)], timeout=30)
        with lock:
            if status != 200:
                failures.append((after, status, body[:200]))
            answered["after" if after else "before"] += 1

    with ThreadPoolExecutor(4) as pool:  # bounded: four clients at a time, on loopback
        list(pool.map(one, range(40)))
        kill_tree(cluster.app_processes[1].pid)
        killed.set()
        list(pool.map(one, range(requests_after_kill)))
    assert answered == {"before": 40, "after": requests_after_kill}
    assert failures == [], failures
    error_log = (cluster.nginx_folder / "error.log").read_text()
    assert "upstream" in error_log  # nginx saw the dead server (and sent its requests on to the other)
    # the access log names the app server(s) each request went to: both before the kill, then the survivor
    served = re.findall(r" upstream=(\S+(?:, \S+)*) ", (cluster.nginx_folder / "access.log").read_text())
    dead, alive = (base.removeprefix("http://") for base in cluster.apps[::-1])
    assert {dead, alive} <= set(served)
    assert set(served[-100:]) == {alive}, served[-100:]
