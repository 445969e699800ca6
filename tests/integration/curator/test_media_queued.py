"""An image uploaded on the curator media page goes through the job queue (QUEUE_UPLOADS): the request
answers 202 at once with the job's link, the page shows the upload waiting with its progress, a worker ingests
it (the same pipeline as ``museum image add``) and the image appears; the same file again makes no second
job, and a file the header already refuses is refused in the request, naming it."""

from __future__ import annotations

import pytest

from museum.jobs.handlers import HANDLERS
from museum.jobs.worker import Worker
from museum.media import storage
from museum.queue_access import job_queue
from tests.integration.curator.test_media import MEDIA, _png, _post
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
    assert (job["status"], job["kind"]) == ("queued", "image.ingest")
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
