"""The Content-Security-Policy in a real Chromium: what it refuses is refused, the violations reach the test
fixtures (so every other web test fails on one), and curator pages cannot be framed by anyone."""

from __future__ import annotations

import pytest

from tests.web.conftest import new_csp_violations

pytestmark = pytest.mark.web

INJECT = """() => new Promise((resolve) => {
  const refused = [];
  document.addEventListener("securitypolicyviolation", (e) => {
    refused.push(e.effectiveDirective);
    if (refused.length === 2) resolve(refused.sort());
  });
  const script = document.createElement("script");
  script.textContent = "window.injected = true";
  document.body.append(script);
  const style = document.createElement("style");
  style.textContent = "body { background: rgb(1, 2, 3) !important; }";
  document.head.append(style);
})"""
FRAMES = """(paths) => Promise.all(paths.map((path) => new Promise((resolve) => {
  const frame = document.createElement("iframe");
  frame.src = path;
  frame.addEventListener("load", resolve);
  document.body.append(frame);
})))"""


def test_injected_inline_script_and_style_are_refused_and_reported(live_sample, page):
    _, base = live_sample
    page.goto(f"{base}/en/objects/1989.0107")
    assert page.evaluate(INJECT) == ["script-src-elem", "style-src-elem"]
    assert page.evaluate("window.injected") is None
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(1, 2, 3)"
    seen = new_csp_violations()  # taken here, so this test itself does not fail on them
    assert any("script-src" in v for v in seen) and any("style-src" in v for v in seen), seen


def frame_urls(page) -> list[str]:
    return sorted(frame.url for frame in page.frames if frame is not page.main_frame)


def test_curator_pages_refuse_every_frame_public_pages_only_this_site(live_sample, page):
    _, base = live_sample
    public, curator = f"{base}/en/objects/1989.0107", f"{base}/curator/login"
    page.route("http://partner.test/", lambda route: route.fulfill(content_type="text/html", body="<p>partner</p>"))
    page.goto("http://partner.test/")
    page.evaluate(FRAMES, [public, curator])
    assert frame_urls(page) == ["chrome-error://chromewebdata/"] * 2  # both refused
    new_csp_violations()  # Chromium tells the refused frames, not this page: nothing to see here

    page.goto(f"{base}/en/")  # this site may frame its public pages, never a curator page
    page.evaluate(FRAMES, [public, curator])
    assert frame_urls(page) == ["chrome-error://chromewebdata/", public]
    refused = [v for v in new_csp_violations() if "frame-ancestors" in v]
    assert len(refused) == 1 and "'none'" in refused[0], refused
