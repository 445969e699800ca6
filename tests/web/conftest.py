"""Real-browser fixtures: a live server on a sample instance and Debian's Chromium driven by Playwright.

Every browser context and page made through these fixtures reports Content-Security-Policy violations (and
Permissions-Policy header errors) from its console; a web test during which one happens fails.
``page.wait_for_function`` takes arrow functions (``"() => …"``): Playwright evaluates a plain expression
with ``eval`` in the page at every poll, which the pages' policy refuses; a function is evaluated once.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.settings import TEST_SETTINGS

CHROMIUM = "/usr/bin/chromium"
WAIT_MS = 60_000  # the bound of every Playwright wait (see the page fixture)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

# Chromium logs each refusal ("Refused to … because it violates the following Content Security Policy
# directive …"); the listener adds what was refused and where, also for refusals inside shadow roots.
CSP_LISTENER = """document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile || location.href}:${e.lineNumber}`;
  console.error(`CSP violation: ${e.effectiveDirective} refused ${e.blockedURI || "inline"} (${where})`);
}, true);"""
POLICY_PROBLEMS = ("Content Security Policy", "CSP violation", "Permissions-Policy")
csp_violations: list[str] = []  # every one seen in this run, in order
_reported = 0


def _record(message) -> None:
    if any(problem in message.text for problem in POLICY_PROBLEMS):
        where = message.location or {}
        csp_violations.append(f"{message.text} [{where.get('url')}:{where.get('lineNumber')}]")


def watch_csp(target):
    """Record the policy violations of a browser context or page in ``csp_violations``; returns it."""
    target.add_init_script(script=CSP_LISTENER)
    target.on("console", _record)
    return target


def new_csp_violations() -> list[str]:
    """The violations seen since the last call."""
    global _reported
    new = csp_violations[_reported:]
    _reported = len(csp_violations)
    return new


class CspWatchedBrowser:
    """A Playwright browser whose new contexts and pages are watched by :func:`watch_csp`."""

    def __init__(self, browser):
        self._browser = browser

    def __getattr__(self, name):
        return getattr(self._browser, name)

    def new_context(self, **options):
        return watch_csp(self._browser.new_context(**options))

    def new_page(self, **options):
        return watch_csp(self._browser.new_page(**options))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    new = new_csp_violations()
    if new:
        raise AssertionError("Content Security Policy violations:\n" + "\n".join(new))
    return result


@pytest.fixture(autouse=True)
def _no_policy_violation_at_teardown():
    """Violations reported while the test's pages close (after the test body) fail it too."""
    yield
    new = new_csp_violations()
    if new:
        pytest.fail("Content Security Policy violations while closing:\n" + "\n".join(new))


def serve(app):
    """Serve ``app`` on a free loopback port in a thread; returns (base_url, stop)."""
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    return f"http://127.0.0.1:{http.server_port}", http.shutdown


@contextmanager
def live_app(instance: Path, fill=None, **settings):
    """A test app on a new instance (``settings`` over TEST_SETTINGS), its tables created and ``fill(app)``
    run in its app context, served on a free loopback port; yields (app, base_url)."""
    from museum import create_app
    from museum.catalogue.schema import create_schema
    from museum.extensions import db

    app = create_app({**TEST_SETTINGS, "INSTANCE_PATH": str(instance), **settings})
    with app.app_context():
        create_schema(db)
        if fill is not None:
            fill(app)
    base, stop = serve(app)
    try:
        yield app, base
    finally:
        stop()
        with app.app_context():
            db.dispose()


@pytest.fixture(scope="session")
def live_sample(tmp_path_factory):
    """A server on an instance with the whole sample catalogue (records, media, layouts)."""
    from museum.sample import load_sample

    def fill(app):
        load_sample(app, lambda message: None)

    with live_app(tmp_path_factory.mktemp("live") / "instance", fill, SECRET_KEY="web-tests") as served:
        yield served


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
    yield CspWatchedBrowser(browser)
    browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # Every wait is on a condition; the bound only decides how long a broken page takes to fail. Software
    # WebGL (model-viewer, the layout editor) on a 2-core box beside another CPU-heavy job needs more than
    # Playwright's 30 s default.
    context.set_default_timeout(WAIT_MS)
    context.set_default_navigation_timeout(WAIT_MS)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors
    yield page
    context.close()


@pytest.fixture(scope="module")
def searchable(live_sample) -> str:
    """The sample site's base URL with its search index brought up to date (the outbox processed)."""
    app, base = live_sample
    from museum.catalogue.search_service import processor

    with app.app_context():
        processor(app).process()
    return base


@contextmanager
def kiosk_admin(browser, base: str, username: str, password: str, query: str = ""):
    """A page of the admin's list of kiosks (/curator/kiosks), signed in as ``username`` in a browser context
    of its own (a curator's session cookie is no kiosk's)."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    context.set_default_timeout(WAIT_MS)
    try:
        page = context.new_page()
        page.goto(f"{base}/curator/kiosks{query}")
        page.fill("#username", username)
        page.fill("#password", password)
        page.click("button[type=submit]")
        page.wait_for_url("**/curator/kiosks*")
        yield page
    finally:
        context.close()
