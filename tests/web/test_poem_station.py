"""The poem station in a real Chromium: make a poem at the kiosk, see it projected, open its public page."""

from __future__ import annotations

import pytest

from museum import create_app
from museum.catalogue.schema import create_schema
from museum.extensions import db
from tests.poems_slice import slice_model_dir
from tests.web.conftest import serve

pytestmark = pytest.mark.web


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path_factory.mktemp("poems-web")),
                      "SECRET_KEY": "w", "POEMS_MODEL_DIR": str(slice_model_dir())})
    with app.app_context():
        create_schema(db)
    base, stop = serve(app)
    yield base
    stop()
    with app.app_context():
        db.dispose()


def test_kiosk_poem_is_projected_and_opens_by_its_page(base, browser):
    projection = browser.new_page(viewport={"width": 1280, "height": 720})
    kiosk = browser.new_page(viewport={"width": 1280, "height": 1024}, has_touch=True)
    phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        projection.goto(f"{base}/kiosk/poems/projection")
        kiosk.goto(f"{base}/kiosk/poems")
        kiosk.click("button.choice[data-value='杜甫']")
        kiosk.click("button.choice[data-value='五言绝句']")
        kiosk.click("#go")
        kiosk.wait_for_function("() => document.getElementById('poem').textContent.replace(/\\s/g, '').length === 20",
                                timeout=30000)
        lines = kiosk.inner_text("#poem").split()
        assert len(lines) == 4 and all(len(line) == 5 for line in lines)
        projection.wait_for_function("() => document.querySelectorAll('#poem .ch.shown').length >= 5", timeout=30000)
        assert lines[0] in projection.inner_text("#poem").replace("\n", "")
        page_url = kiosk.get_attribute("#page", "href")
        phone.goto(page_url)
        assert lines[0][0] in phone.inner_text(".verse")
        assert phone.evaluate("document.querySelector('.station-poem img').naturalWidth") == 1200
    finally:
        for page in (projection, kiosk, phone):
            page.context.close()
