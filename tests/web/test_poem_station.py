"""The poem station in a real Chromium: make a poem at the kiosk, see it projected, open its public page;
a registered kiosk's poems count as that device's."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from museum.catalogue import kiosks
from museum.catalogue.poems import StationPoem
from museum.extensions import db
from tests.poems_slice import slice_model_dir
from tests.web.conftest import live_app

pytestmark = pytest.mark.web


def write(kiosk) -> None:
    """Du Fu, a five-character quatrain, the other choices as they are, by taps through the flow."""
    kiosk.tap("[data-field=poet] [data-value='杜甫']")
    kiosk.tap("#next")
    kiosk.tap("[data-field=form] [data-value='五言绝句']")
    kiosk.tap("#next")
    kiosk.tap("#next")
    kiosk.tap("#write")
    kiosk.wait_for_function("() => document.getElementById('poem').dataset.ready === 'true'", timeout=30000)


def poem_lines(kiosk) -> list[str]:
    """The poem's lines without their pinyin."""
    return kiosk.evaluate("() => [...document.querySelectorAll('#poem .line')].map(l => "
                          "[...l.querySelectorAll('ruby')].map(r => r.firstChild.textContent).join(''))")


@pytest.fixture(scope="module")
def station(tmp_path_factory):
    with live_app(tmp_path_factory.mktemp("poems-web"), POEMS_MODEL_DIR=str(slice_model_dir())) as served:
        yield served


@pytest.fixture(scope="module")
def base(station):
    return station[1]


def test_kiosk_poem_is_projected_and_opens_by_its_page(base, browser):
    projection = browser.new_page(viewport={"width": 1280, "height": 720})
    kiosk = browser.new_page(viewport={"width": 1280, "height": 1024}, has_touch=True)
    phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        projection.goto(f"{base}/kiosk/poems/projection")
        projection.wait_for_function("() => document.body.dataset.stream === 'open'", timeout=30000)
        kiosk.goto(f"{base}/kiosk/poems")
        write(kiosk)
        lines = poem_lines(kiosk)
        assert len(lines) == 4 and all(len(line) == 5 for line in lines)
        kiosk.tap("#to-wall")  # the station writes off the wall; the visitor sends the poem
        arrived = "#poem .scroll[data-kind=arrival]"  # not the idle programme's poem the wall opens with
        projection.wait_for_function(f"() => document.querySelectorAll('{arrived} .ch.shown').length >= 5",
                                     timeout=30000)
        assert lines[0] in projection.inner_text(arrived).replace("\n", "")
        page_url = kiosk.inner_text("#code")
        phone.goto(page_url)
        assert lines[0][0] in phone.inner_text(".verse")
        assert phone.evaluate("document.querySelector('.station-poem img').naturalWidth") == 1200
    finally:
        for page in (projection, kiosk, phone):
            page.context.close()


def test_a_registered_kiosk_writes_as_itself(station, browser):
    """The device's cookie, set by /kiosk/<token>, reaches the station's call to /api/v1/poems: the poem (and
    the rate limit) is the device's, not the address's."""
    app, base = station
    with app.app_context(), db.transaction() as session:
        device, token = kiosks.add_device(session, "hall-poems", "poems")
        key = f"kiosk:{device.id}"
    context = browser.new_context(viewport={"width": 1280, "height": 1024}, has_touch=True)
    try:
        kiosk = context.new_page()
        kiosk.goto(f"{base}/kiosk/{token}")
        kiosk.wait_for_url("**/kiosk/poems")
        write(kiosk)
        with app.app_context():
            newest = db.session.scalar(select(StationPoem).order_by(StationPoem.id.desc()).limit(1))
            assert newest.kiosk == key and newest.result["poet"] == "杜甫"
    finally:
        context.close()
