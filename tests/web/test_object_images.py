"""Deep zoom on object pages in a real Chromium: OpenSeadragon opens the IIIF image, draws the handscroll,
fetches deeper tiles when zoomed, and the srcset thumbnails load."""

from __future__ import annotations

import io
import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

pytestmark = pytest.mark.web

SILK = np.array((196, 170, 120), np.float32)  # the sample handscroll's silk (museum/sample/art/paintings.py)


def _share(screenshot: bytes, colour: np.ndarray, tolerance: float = 40) -> float:
    pixels = np.asarray(Image.open(io.BytesIO(screenshot)).convert("RGB"), np.float32)
    return float((np.abs(pixels - colour).max(axis=2) < tolerance).mean())


def test_handscroll_opens_zooms_and_fetches_tiles(live_sample, page, tmp_path):
    _, base = live_sample
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{base}/en/objects/1951.0203")
    viewer = page.locator("[data-deep-zoom]")
    page.wait_for_selector("[data-deep-zoom][data-opened][data-tiles-loaded]", timeout=30000)
    page.wait_for_function("() => window.museumDeepZoom && window.museumDeepZoom.world.getItemAt(0)"
                           " && window.museumDeepZoom.world.getItemAt(0).getFullyLoaded()", timeout=30000)
    home = viewer.screenshot()
    out = Path(os.environ.get("MUSEUM_SCREENSHOTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    (out / "object-handscroll-home.png").write_bytes(home)
    assert _share(home, SILK) > 0.02, "the scroll's silk is not visible in the viewer"

    before = len([url for url in requested if "/iiif/3/1951.0203-1/" in url])
    page.evaluate("window.museumDeepZoom.viewport.zoomTo("
                  "window.museumDeepZoom.viewport.getMaxZoom(), null, true)")
    page.wait_for_function("() => window.museumDeepZoom.world.getItemAt(0).getFullyLoaded()", timeout=30000)
    zoomed = viewer.screenshot()
    (out / "object-handscroll-zoomed.png").write_bytes(zoomed)
    tiles = [url for url in requested if "/iiif/3/1951.0203-1/" in url and "/full/" not in url]
    assert len(tiles) > 0 and len(requested) > before
    assert _share(zoomed, SILK) > 0.2, "zoomed in, the viewer should be mostly silk"
    assert page.js_errors == []


def test_thumbnails_use_srcset_and_switch_pages(live_sample, page):
    _, base = live_sample
    page.goto(f"{base}/en/objects/1989.0107")
    page.wait_for_selector("[data-deep-zoom][data-opened]", timeout=30000)
    sources = page.eval_on_selector_all(".image-strip img",
                                        "imgs => imgs.map(i => i.complete && i.currentSrc)")
    assert len(sources) == 2 and all("/iiif/3/1989.0107-" in src for src in sources)
    assert page.locator(".iiif-link a").get_attribute("href").endswith("/iiif/manifests/1989.0107.json")
    page.click("[data-deep-zoom-page='1']")
    page.wait_for_function("() => window.museumDeepZoom.currentPage() === 1", timeout=30000)
    assert page.js_errors == []
