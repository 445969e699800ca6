"""Render time of the sample 壮丽三峡 hall: this project's CPU renderers against a named peer.

Peer: three.js (node_modules/three) rendering the same hall GLB in headless Chromium, whose WebGL runs
on the CPU here (SwiftShader) — the way the browser-side digital twin is drawn. Both draw 1280 x 720;
ours is supersampled 2x (2560 x 1440 rasterised, then reduced), three.js draws with 4x MSAA.

    .venv/bin/python benchmarks/layout_render.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "exhibits" / "layouts" / "samples" / "three-gorges.json"
NODE_MODULES = ROOT / "node_modules"
PAGE = """<!doctype html><html><body style="margin:0">
<script type="importmap">{"imports": {"three": "http://bench.local/three/build/three.module.js",
 "three/addons/": "http://bench.local/three/examples/jsm/"}}</script>
<script type="module">
import * as THREE from 'three';
import {GLTFLoader} from 'three/addons/loaders/GLTFLoader.js';
window.renderHall = async (camera) => {
  const started = performance.now();
  const renderer = new THREE.WebGLRenderer({antialias: true, preserveDrawingBuffer: true});
  renderer.setSize(1280, 720);
  document.body.appendChild(renderer.domElement);
  const scene = new THREE.Scene();
  scene.background = new THREE.Color(0xf6f4f0);
  scene.add(new THREE.AmbientLight(0xffffff, 1.6));
  const sun = new THREE.DirectionalLight(0xffffff, 1.4); sun.position.set(0.35, 0.82, 0.45); scene.add(sun);
  const gltf = await new GLTFLoader().loadAsync('http://bench.local/hall.glb');
  scene.add(gltf.scene);
  const view = new THREE.PerspectiveCamera(camera.vfov, 1280 / 720, 0.05, 200);
  view.position.set(camera.x, camera.y, camera.z);
  view.lookAt(camera.tx, camera.ty, camera.tz);
  renderer.render(scene, view);
  renderer.domElement.toDataURL('image/png');
  const first = performance.now() - started;
  const t = performance.now();
  for (let i = 0; i < 5; i++) { renderer.render(scene, view); renderer.getContext().finish(); }
  return {first, frame: (performance.now() - t) / 5, gl: renderer.getContext().getParameter(
    renderer.getContext().getExtension('WEBGL_debug_renderer_info').UNMASKED_RENDERER_WEBGL)};
};
window.ready = true;
</script></body></html>"""


def timed(function, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def peer_three_js(glb_bytes: bytes, camera, repeat: int, image_path: str | None = None) -> dict | None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    import math

    yaw, pitch = math.radians(camera.yaw), math.radians(camera.pitch)
    # plan (x, y, z-up) -> glTF (x, z, -y)
    target = (camera.x + math.cos(yaw) * math.cos(pitch), camera.y + math.sin(yaw) * math.cos(pitch),
              camera.z + math.sin(pitch))
    vfov = math.degrees(2 * math.atan(math.tan(math.radians(camera.fov) / 2) * 720 / 1280))
    args = {"x": camera.x, "y": camera.z, "z": -camera.y, "tx": target[0], "ty": target[2], "tz": -target[1],
            "vfov": vfov}

    def serve(route):
        path = route.request.url.removeprefix("http://bench.local/")
        if path == "index.html":
            return route.fulfill(body=PAGE, content_type="text/html")
        if path == "hall.glb":
            return route.fulfill(body=glb_bytes, content_type="model/gltf-binary")
        return route.fulfill(path=str(NODE_MODULES / path), content_type="text/javascript")

    results = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--use-angle=swiftshader",
                                          "--enable-unsafe-swiftshader"])
        for _ in range(repeat):
            page = browser.new_page()
            page.route("http://bench.local/**", serve)
            page.goto("http://bench.local/index.html")
            page.wait_for_function("window.ready === true")
            results.append(page.evaluate("camera => window.renderHall(camera)", args))
            if image_path:
                page.set_viewport_size({"width": 1280, "height": 720})
                page.screenshot(path=image_path)
            page.close()
        browser.close()
    return {"first": statistics.median(r["first"] for r in results) / 1000,
            "frame": statistics.median(r["frame"] for r in results) / 1000, "gl": results[0]["gl"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--peer-image", help="save the peer's rendering here (PNG) to compare the scenes")
    args = parser.parse_args()
    from exhibits.layouts import glb, plan, preview
    from exhibits.layouts.checker import check_layout
    from exhibits.layouts.model import load_layout_file

    layout = load_layout_file(SAMPLE)
    import trimesh

    dense = trimesh.creation.icosphere(subdivisions=7, radius=0.2)  # stands in for scanned models

    def dense_models(accession):
        return dense if accession in ("1989.0107", "2002.0031", "1977.0012") else None

    camera = preview.default_camera(layout)
    rows = []
    for name, function in [
        ("check (shapely)", lambda: check_layout(layout)),
        ("plan SVG", lambda: plan.render_svg(layout, check_layout(layout))),
        ("plan PNG (Pillow)", lambda: plan.render_png(layout, check_layout(layout))),
        ("hall GLB (trimesh export)", lambda: glb.export_glb(layout)),
        ("preview 1280x720, numpy rasteriser, 2x supersampled",
         lambda: preview.render_preview(layout, camera)),
        ("preview 1280x720, numpy rasteriser, no supersampling",
         lambda: preview.render_preview(layout, camera, supersample=1)),
        ("preview 1280x720, 2x, with three 327,680-face models", lambda: preview.render_preview(
            layout, preview.Camera(12, 7, 1.5, 90), model_for=dense_models)),
    ]:
        seconds, _ = timed(function, args.repeat)
        rows.append((name, seconds))
    peer = peer_three_js(glb.export_glb(layout), camera, args.repeat, args.peer_image)
    print(f"sample hall {layout.id}: {len(layout.cases)} cases, {len(layout.placements)} objects; "
          f"median of {args.repeat}")
    print(f"{'what':62} {'seconds':>9}")
    for name, seconds in rows:
        print(f"{name:62} {seconds:9.3f}")
    if peer is None:
        print("peer: three.js in Chromium not measured (playwright missing)")
    else:
        print(f"peer WebGL renderer: {peer['gl']}")
        print(f"{'peer: three.js + GLTFLoader in Chromium, load + first frame':62} "
              f"{peer['first']:9.3f}")
        print(f"{'peer: three.js, one more frame (scene already on the GPU)':62} {peer['frame']:9.3f}")


if __name__ == "__main__":
    main()
