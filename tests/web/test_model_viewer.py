"""The object page shows the chunyu's 3D model in @google/model-viewer with its hotspots, in a real Chromium.

WebGL without a GPU: Chromium's SwiftShader (``--enable-unsafe-swiftshader``), so this test launches its
own browser with the shared arguments plus those.
"""

from __future__ import annotations

import base64
import io
import os
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from assets.models.derivatives import export_glb
from assets.models.webglb import parse_glb, read_glb
from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS, CspWatchedBrowser

pytestmark = pytest.mark.web

WEBGL_ARGS = [a for a in CHROMIUM_ARGS if a != "--disable-gpu"] + ["--use-angle=swiftshader",
                                                                    "--enable-unsafe-swiftshader"]
BACKGROUND = np.array([244, 242, 236], np.float32)


@pytest.fixture(scope="module")
def webgl_browser(playwright):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=WEBGL_ARGS)
    yield CspWatchedBrowser(browser)
    browser.close()


def _model_pixels(png: bytes) -> np.ndarray:
    """Pixels that are neither the page background nor near-white/near-black UI."""
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), np.float32)
    differs = np.abs(pixels - BACKGROUND).max(axis=2) > 30
    saturated = (pixels.max(axis=2) - pixels.min(axis=2)) > 12  # bronze and patina have colour
    return differs & saturated


def test_object_page_shows_the_model_with_hotspots(live_sample, webgl_browser, tmp_path):
    _, base = live_sample
    context = webgl_browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{base}/en/objects/1989.0107")
        viewer = page.locator("model-viewer")
        assert viewer.count() == 1
        viewer.scroll_into_view_if_needed()  # model-viewer loads lazily, when it comes into view
        page.wait_for_function("() => document.querySelector('model-viewer').loaded === true", timeout=60000)
        page.wait_for_function("() => document.querySelector('model-viewer').modelIsVisible === true",
                               timeout=60000)
        deadline = time.monotonic() + 30  # until the first frames show the bronze (bounded, not a fixed wait)
        # a clip of the page, not viewer.screenshot(): that waits for the element to be "stable" over two
        # frames, which a busy machine's software WebGL does not give within its timeout
        shot = page.screenshot(clip=viewer.bounding_box())
        while _model_pixels(shot).mean() <= 0.03 and time.monotonic() < deadline:
            page.evaluate("() => new Promise(done => requestAnimationFrame("
                          "() => requestAnimationFrame(done)))")
            shot = page.screenshot(clip=viewer.bounding_box())
        out = Path(os.environ.get("MUSEUM_SCREENSHOTS", tmp_path))
        out.mkdir(parents=True, exist_ok=True)
        (out / "object-model-viewer.png").write_bytes(shot)
        model = _model_pixels(shot)
        assert model.mean() > 0.03, "the bronze is not drawn in the viewer"
        rows = np.flatnonzero(model.mean(axis=1) > 0.01)
        columns = np.flatnonzero(model.mean(axis=0) > 0.01)
        assert (np.ptp(rows) + 1) > 1.3 * (np.ptp(columns) + 1), "the chunyu should stand taller than wide"
        labels = page.locator(".model-hotspot-label")
        assert labels.all_inner_texts()[:2] == ["Tiger knob", "Rim of the mouth"]
        knob = page.locator(".model-hotspot").first
        assert knob.is_visible()
        box, frame = knob.bounding_box(), viewer.bounding_box()
        assert frame["x"] <= box["x"] <= frame["x"] + frame["width"]
        assert frame["y"] <= box["y"] <= frame["y"] + frame["height"] / 2, "the tiger knob hotspot sits high"
        src = viewer.get_attribute("src")
        assert src.endswith(".glb")
        assert page.request.get(base + src).headers["content-type"] == "model/gltf-binary"
        assert not errors, errors
    finally:
        context.close()


def _frame(page) -> np.ndarray:
    """The viewer's own frame (``toDataURL``: the canvas only, no hotspots or poster) at a fixed camera, once
    two frames in a row are the same (bounded)."""
    page.evaluate("() => { const v = document.querySelector('model-viewer'); v.interactionPrompt = 'none';"
                  " v.cameraOrbit = '30deg 70deg auto'; v.fieldOfView = '30deg'; v.jumpCameraToGoal(); }")
    frame = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
    grab = "() => document.querySelector('model-viewer').toDataURL('image/png')"
    previous, deadline = None, time.monotonic() + 20
    while time.monotonic() < deadline:
        page.evaluate(frame)
        data = page.evaluate(grab)
        if data == previous:
            break
        previous = data
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(data.split(",", 1)[1]))).convert("RGBA"),
                      np.int16)


def test_the_compressed_glb_draws_as_its_uncompressed_twin(live_sample, webgl_browser, tmp_path):
    """The web level (quantized, meshopt-compressed, WebP) and a plain float GLB of the same decoded surface
    and texture, drawn by model-viewer at the same camera: the same pixels. The decoder script comes from
    our own vendor route."""
    _, base = live_sample
    context = webgl_browser.new_context(viewport={"width": 640, "height": 640})
    page = context.new_page()
    errors, decoders = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: "meshopt" in request.url and decoders.append(request.url))
    try:
        page.goto(f"{base}/en/objects/1989.0107")
        viewer = page.locator("model-viewer")
        viewer.scroll_into_view_if_needed()
        page.wait_for_function("() => document.querySelector('model-viewer').loaded === true", timeout=60000)
        page.wait_for_function("() => document.querySelector('model-viewer').modelIsVisible === true",
                               timeout=60000)
        compressed = _frame(page)
        src = viewer.get_attribute("src")
        data = page.request.get(base + src).body()
        assert "EXT_meshopt_compression" in parse_glb(data)[0]["extensionsRequired"]
        decoder = f"{base}/static/vendor/meshoptimizer/meshopt_decoder.cjs"
        assert [u.split("?")[0] for u in decoders] == [decoder]
        mesh = read_glb(data)
        mesh.visual.material.baseColorTexture = mesh.visual.material.baseColorTexture.convert("RGB")
        plain = export_glb(mesh)  # floats, PNG texture (lossless from the decoded WebP), no extension
        assert "extensionsRequired" not in parse_glb(plain)[0]
        # the same viewer loads the twin (its shaders and environment are ready: a reload would cost ~10 s)
        page.route("**/*.glb?plain",
                   lambda route: route.fulfill(body=plain, content_type="model/gltf-binary"))
        page.evaluate("() => new Promise(done => { const v = document.querySelector('model-viewer');"
                      " v.addEventListener('load', done, {once: true});"
                      " v.src = v.getAttribute('src') + '?plain'; })")
        uncompressed = _frame(page)
        out = Path(os.environ.get("MUSEUM_SCREENSHOTS", tmp_path))
        out.mkdir(parents=True, exist_ok=True)
        for name, pixels in (("compressed", compressed), ("uncompressed", uncompressed)):
            Image.fromarray(pixels.astype(np.uint8)).save(out / f"model-viewer-{name}.png")
        drawn = compressed[..., 3] > 0
        assert drawn.mean() > 0.05, "the model is not drawn"
        assert compressed.shape == uncompressed.shape

        def alike(a, b):
            return (np.abs(a - b).max(axis=2) <= 16).mean()

        assert alike(compressed, uncompressed) >= 0.99
        # the measure sees a difference as small as a 3-pixel shift of the same picture
        assert alike(compressed, np.roll(compressed, 3, axis=1)) < 0.99
        assert not errors, errors
    finally:
        context.close()
