"""Real-browser fixtures: a live server on a sample instance and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def serve(app):
    """Serve ``app`` on a free loopback port in a thread; returns (base_url, stop)."""
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    return f"http://127.0.0.1:{http.server_port}", http.shutdown


@pytest.fixture(scope="session")
def live_sample(tmp_path_factory):
    """A server on an instance with the whole sample catalogue (records, media, layouts)."""
    from museum import create_app
    from museum.catalogue.schema import create_schema
    from museum.extensions import db
    from museum.sample import load_sample

    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path_factory.mktemp("live") / "instance"),
                      "SECRET_KEY": "web-tests"})
    with app.app_context():
        create_schema(db)
        load_sample(app, lambda message: None)
    base, stop = serve(app)
    yield app, base
    stop()


@pytest.fixture(scope="session")
def playwright():
    """One Playwright driver for the whole run (the sync API allows only one per thread)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is missing: run `make install`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors
    yield page
    context.close()
