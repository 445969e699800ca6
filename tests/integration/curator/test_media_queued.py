"""Media uploaded on the curator media page go through the job queue (QUEUE_UPLOADS): the request answers
202 at once with the job's link, the page shows the upload waiting with its progress, a worker ingests it (the
same pipeline as ``museum image|model3d|audio add``) and the item appears; the same file again makes no second
job, and a file the header refuses, or a choice the kind refuses, is refused in the request, naming it. A job
run again after its worker was lost adds nothing twice."""

from __future__ import annotations

import hashlib

import pytest

from museum.catalogue import media
from museum.extensions import db
from museum.jobs.handlers import HANDLERS
from museum.jobs.worker import Worker
from museum.media import storage
from museum.queue_access import job_queue
from tests.integration.curator.test_media import MEDIA, _png, _post, _stl, _wav
from tests.unit.curator.support import login

pytestmark = pytest.mark.usefixtures("users", "catalogue")


def test_an_image_upload_answers_202_and_a_worker_ingests_it(app, client):
    app.config["QUEUE_UPLOADS"] = True
    login(client, "editor1")
    queued = _post(client, "/images", file=("front.png", _png()), caption_en="Front")
    assert queued.status_code == 202
    link = queued.headers["Location"]
    assert link.startswith("/curator/jobs/") and queued.headers["Link"] == f'<{link}>; rel="monitor"'
    page = queued.get_data(as_text=True)
    assert "front.png is being processed" in page and 'data-status="queued"' in page and "waiting" in page
    job = client.get(link).get_json()
    assert (job["status"], job["kind"]) == ("queued", "media.ingest")
    assert job["payload"]["accession"] == "1989.0107"
    assert "token" not in job
    again = _post(client, "/images", file=("front.png", _png()))
    assert again.headers["Location"] == link  # the same file: the same job

    with app.app_context():
        ended = Worker(job_queue(app), HANDLERS).run_one()
        assert ended.status == "done" and ended.result == {"identifier": "1989.0107-1", "created": True}
        assert storage().list("uploads/") == []  # the staged upload is gone
    page = client.get(f"{MEDIA}?added={ended.id}").get_data(as_text=True)
    assert "Added: 1989.0107-1" in page
    assert "1989.0107-1" in page and "300 × 200 px" in page and "Front" in page
    assert client.get("/iiif/3/1989.0107-1/info.json").get_json()["width"] == 300
    assert client.get(link).get_json()["progress"] == 1.0
    assert "front.png" not in page  # no longer listed as being processed
    attached = _post(client, "/images", file=("front.png", _png()))
    assert attached.status_code == 302 and "already attached" in client.get(MEDIA).get_data(as_text=True)
    with app.app_context():
        assert storage().list("uploads/") == []  # nothing staged for a file already attached

    refused = _post(client, "/images", file=("fake.png", b"GIF89a" + b"\0" * 100))
    assert refused.status_code == 422 and "fake.png" in refused.get_data(as_text=True)
    assert client.get("/curator/jobs/nosuchjob").status_code == 404


def test_a_3d_model_and_an_audio_track_go_through_the_queue_too(app, client):
    app.config["QUEUE_UPLOADS"] = True
    login(client, "editor1")
    model = _post(client, "/models", file=("zun.stl", _stl(31)), units="cm", up="z")
    transcript = ("guide.txt", b"The tiger knob. The Ba sounded it with drums.")
    track = _post(client, "/audio", file=("guide.wav", _wav()), lang="en", transcript=transcript)
    assert (model.status_code, track.status_code) == (202, 202)
    page = track.get_data(as_text=True)
    assert "zun.stl" in page and "guide.wav" in page  # both listed as being processed, by kind
    assert all(f'<span class="job-kind">{kind}</span>' in page for kind in ("3D model", "Audio track"))
    with app.app_context():
        staged = storage().list("uploads/")
        assert any(key.endswith("/transcript/guide.txt") for key in staged), staged
        worker = Worker(job_queue(app), HANDLERS)
        ended = [worker.run_one(), worker.run_one()]
        assert [job.status for job in ended] == ["done", "done"], [job.error for job in ended]
        assert all(job.result["created"] for job in ended)
        assert storage().list("uploads/") == []  # the upload and its transcript are gone
        assert _held(app) == ([("zun.stl", "cm", "z")], [("en", "captions.en.vtt")])

    # the same model again: no job; the same audio in another language: a new track
    again = _post(client, "/models", file=("zun.stl", _stl(31)), units="cm", up="z")
    assert again.status_code == 302
    other = _post(client, "/audio", file=("guide.wav", _wav()), lang="fr")
    assert other.status_code == 202


def test_a_choice_the_kind_refuses_is_refused_in_the_request(app, client):
    app.config["QUEUE_UPLOADS"] = True
    login(client, "editor1")
    wrong_units = _post(client, "/models", file=("zun.stl", _stl(31)), units="furlongs", up="z")
    assert wrong_units.status_code == 422 and "furlongs" in wrong_units.get_data(as_text=True)
    no_language = _post(client, "/audio", file=("guide.wav", _wav()), lang="xx")
    assert no_language.status_code == 422
    assert "Choose the language the track is spoken in" in no_language.get_data(as_text=True)
    with app.app_context():
        assert storage().list("uploads/") == [] and job_queue(app).list() == []


def test_a_job_run_again_after_a_lost_worker_adds_nothing_twice(app, client):
    """The first run added the model and died before removing the staged file (the worst moment): the second
    run keeps the model once; once the staged file is gone, a third run answers with the model it finds."""
    app.config["QUEUE_UPLOADS"] = True
    login(client, "editor1")
    assert _post(client, "/models", file=("zun.stl", _stl(31)), units="cm", up="z").status_code == 202
    with app.app_context():
        queue = job_queue(app)
        job = queue.list()[0]
        staged = storage().list("uploads/")
        keep = {key: storage().open(key).read() for key in staged}
        first = Worker(queue, HANDLERS).run_one()
        for key, data in keep.items():  # as if the worker had died before deleting them
            with storage().scratch() as folder:
                (folder / "f").write_bytes(data)
                storage().put(key, folder / "f")
        second = HANDLERS["media.ingest"](_Context(job))
        assert first.result["created"] and second == {"identifier": first.result["identifier"],
                                                       "created": False}
        assert storage().list("uploads/") == []
        third = HANDLERS["media.ingest"](_Context(job))
        assert third == second
    assert _held(app)[0] == [("zun.stl", "cm", "z")]


def test_an_image_job_queued_under_its_old_name_still_runs(app, client):
    """Jobs queued before every kind went through the queue (kind ``image.ingest``, the kind's options in the
    payload, no folder) still run after an upgrade."""
    with app.app_context():
        with storage().scratch() as folder:
            (folder / "old.png").write_bytes(_png())
            storage().put("uploads/abc/old.png", folder / "old.png")
        sha = hashlib.sha256(_png()).hexdigest()
        queue = job_queue(app)
        queue.enqueue("image.ingest", {"accession": "1989.0107", "key": "uploads/abc/old.png",
                                       "name": "old.png", "sha256": sha,
                                       "options": {"captions": {"en": "Old"}, "rights": None}})
        ended = Worker(queue, HANDLERS).run_one()
        assert ended.status == "done" and ended.result == {"identifier": "1989.0107-1", "created": True}


def _held(app) -> tuple[list, list]:
    """The record's models (source, units, up) and tracks (language, captions file) added by these tests."""
    with app.app_context():
        held = {kind: media.holdings(kind).list(db.session, "1989.0107") for kind in ("models", "audio")}
        return ([(m.source_name, m.units, m.up) for m in held["models"] if m.source_name == "zun.stl"],
                [(t.language, t.manifest["files"].get("captions")) for t in held["audio"] if not t.is_sample])


class _Context:
    """A worker's context for calling a handler directly (progress is not recorded)."""

    def __init__(self, job):
        self.job = job

    @property
    def payload(self) -> dict:
        return self.job.payload

    def progress(self, fraction: float, message: str | None = None) -> None:
        pass
