"""The security headers in a real Chromium: what the Content-Security-Policy refuses is refused and the
violations reach the test fixtures (so every other web test fails on one); curator pages cannot be framed by
anyone, public pages only by this site and FRAME_ANCESTORS; IIIF stays usable by viewers on other sites."""

from __future__ import annotations

import pytest

from tests.web.conftest import live_app, new_csp_violations

pytestmark = pytest.mark.web
PARTNER = "http://partner.localhost"  # a *.localhost name: Chromium resolves it to loopback, never to DNS
REFUSED = "chrome-error://chromewebdata/"  # where a frame that was refused ends

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
    """The frames' final addresses. A frame's ``load`` event can reach the page before Playwright has heard
    of its navigation (its url still ``""`` or ``about:blank``): wait for those navigations, not a time."""
    def urls():
        return sorted(frame.url for frame in page.frames if frame is not page.main_frame)
    while any(url in ("", "about:blank") for url in urls()):
        page.wait_for_event("framenavigated")
    return urls()


@pytest.fixture(scope="module")
def embeddable(tmp_path_factory):
    """A site that lets PARTNER embed its public pages (FRAME_ANCESTORS)."""
    with live_app(tmp_path_factory.mktemp("embeddable"), FRAME_ANCESTORS=PARTNER) as (_, base):
        yield base


def test_curator_pages_refuse_every_frame_public_pages_this_site_and_partners(live_sample, embeddable, page):
    _, base = live_sample
    # Chromium lets a page reach the loopback servers once allowed to (local network access)
    page.context.grant_permissions(["local-network-access"])
    page.route(PARTNER + "/", lambda route: route.fulfill(content_type="text/html", body="<p>partner</p>"))
    page.goto(PARTNER + "/")
    page.evaluate(FRAMES, [f"{base}/zh/", f"{base}/curator/login"])
    assert frame_urls(page) == [REFUSED] * 2  # the museum's default: no other site frames anything
    page.goto(PARTNER + "/")
    page.evaluate(FRAMES, [f"{embeddable}/zh/", f"{embeddable}/curator/login"])
    assert frame_urls(page) == [REFUSED, f"{embeddable}/zh/"]  # a partner site: public pages only
    new_csp_violations()  # Chromium tells the refused frames, not this page: nothing to see here

    page.goto(f"{base}/en/")  # this site may frame its public pages, never a curator page
    page.evaluate(FRAMES, [f"{base}/en/objects/1989.0107", f"{base}/curator/login"])
    assert frame_urls(page) == [REFUSED, f"{base}/en/objects/1989.0107"]
    refused = [v for v in new_csp_violations() if "frame-ancestors" in v]
    assert len(refused) == 1 and "'none'" in refused[0], refused


def test_iiif_stays_usable_by_viewers_on_other_sites(live_sample, page):
    """A IIIF viewer elsewhere reads info.json with CORS and draws tiles on a canvas (not tainted)."""
    _, base = live_sample
    # another origin (localhost, not 127.0.0.1) that Chromium lets reach the loopback server once allowed to
    viewer = base.replace("127.0.0.1", "localhost") + "/a-viewer-elsewhere"
    page.context.grant_permissions(["local-network-access"])
    page.route(viewer, lambda route: route.fulfill(content_type="text/html", body="<p>viewer</p>"))
    page.goto(viewer)
    info = page.evaluate("(url) => fetch(url).then((r) => r.json())", f"{base}/iiif/3/1989.0107-1/info.json")
    assert info["id"].endswith("/iiif/3/1989.0107-1") and info["width"] > 0
    pixels = page.evaluate("""(url) => new Promise((resolve, reject) => {
        const img = new Image();
        img.crossOrigin = "anonymous";
        img.onload = () => {
          const canvas = document.createElement("canvas");
          canvas.width = img.width; canvas.height = img.height;
          const context = canvas.getContext("2d");
          context.drawImage(img, 0, 0);
          resolve(context.getImageData(0, 0, 1, 1).data.length);  // throws if the canvas were tainted
        };
        img.onerror = reject;
        img.src = url;
    })""", f"{base}/iiif/3/1989.0107-1/full/120,/0/default.jpg")
    assert pixels == 4
