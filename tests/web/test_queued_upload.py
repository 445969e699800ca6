"""A curator uploads an image in a real Chromium with the job queue on (QUEUE_UPLOADS): the answer comes at
once with the upload listed as waiting, with its progress bar (no axe violations, nothing wider than the
screen, in Chinese and in English); when a worker has ingested it, the page goes back to the media page by
itself and shows the image. With WORKSPACE_SHOTS=DIR set, both states are saved there as screenshots."""

from __future__ import annotations

import os
import threading

import numpy as np
import pytest
from PIL import Image

from museum.catalogue import accounts
from museum.catalogue.models import Record
from museum.extensions import db, password_hasher
from museum.jobs.handlers import HANDLERS
from museum.jobs.worker import Worker
from museum.queue_access import job_queue
from tests.web.conftest import live_app
from tests.web.test_accessibility import describe, run_axe
from tests.web.test_workspace_pages import ADMIN, OVERFLOW, PASSWORD, VIEWPORTS, signed_in

pytestmark = pytest.mark.web
SHOTS = os.environ.get("WORKSPACE_SHOTS")


@pytest.mark.parametrize("lang, size", [("zh", "desktop"), ("en", "phone")])
def test_an_upload_waits_with_its_progress_then_appears(browser, tmp_path, lang, size):
    def fill(app):
        with db.transaction() as session:
            accounts.create_user(session, ADMIN, "admin", PASSWORD, password_hasher())
            session.add(Record(accession_number="1989.0107",
                               title={"zh": "战国铜虎钮錞于", "en": "Bronze chunyu"}))

    photo = tmp_path / "chunyu-front.png"
    gradient = np.linspace(0, 255, 320 * 240, dtype=np.uint8).reshape(240, 320)
    Image.fromarray(np.dstack([gradient, gradient[::-1], np.full_like(gradient, 90)])).save(photo)
    with live_app(tmp_path / "instance", fill, SECRET_KEY="web-tests", QUEUE_UPLOADS=True) as (app, base):
        context, page = signed_in(browser, base, lang, VIEWPORTS[size])
        page.goto(f"{base}/curator/records/1989.0107/media")
        page.set_input_files("input[type=file][name=file]", str(photo))
        with page.expect_response(lambda r: r.request.method == "POST") as answer:
            page.locator("form.media-form").first.locator("button[type=submit]").click()
        assert answer.value.status == 202
        item = page.locator("li.job")
        assert item.get_attribute("data-status") == "queued"
        assert "chunyu-front.png" in item.inner_text()
        assert page.locator("li.job progress").get_attribute("value") == "0"
        violations = run_axe(page)
        assert violations == [], describe(violations)
        layout = page.evaluate(OVERFLOW)
        assert layout["scroll"] <= layout["width"], layout["wide"]
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/{lang}-{VIEWPORTS[size]['width']}-upload-waiting.png",
                            full_page=True)

        stop = threading.Event()

        def work():
            with app.app_context():
                Worker(job_queue(app), HANDLERS, poll_seconds=0.2).run(stop)

        worker = threading.Thread(target=work, daemon=True)
        worker.start()
        try:  # the page follows the job and shows the media page again (by GET) once it is done
            page.wait_for_url(f"{base}/curator/records/1989.0107/media?added=*")
            page.locator("text=1989.0107-1").first.wait_for()
        finally:
            stop.set()
            worker.join(30)
        assert page.locator("li.job").count() == 0 and "320 × 240 px" in page.inner_text("main")
        assert "1989.0107-1" in page.locator("p.flash").inner_text()  # Added: 1989.0107-1
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/{lang}-{VIEWPORTS[size]['width']}-upload-done.png", full_page=True)
        context.close()
