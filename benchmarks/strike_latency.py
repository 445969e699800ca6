"""Touch-to-sound latency of the instrument kiosk, against a plain HTML <audio> element in the same page.

Ours: the kiosk's Web Audio path (buffers decoded when the page loads; a strike starts an
AudioBufferSourceNode on pointerdown). Measured in Debian's Chromium: the time from the pointerdown
handler to ``start()``, plus the audio context's ``baseLatency`` and ``outputLatency`` (what the browser
reports for the output path; the loudspeaker adds its own). Peer: ``new Audio(strike.wav).play()`` for the
same sound (already in the HTTP cache), timed from the call to the element's ``playing`` event plus the
same reported output latency — what a page without pre-decoded buffers gets.

    .venv/bin/python benchmarks/strike_latency.py [--instance /tmp/strike-bench] [--strikes 40]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUSEUM = ROOT / ".venv" / "bin" / "museum"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic", "--autoplay-policy=no-user-gesture-required"]
PEER = """async (url) => { const a = new Audio(url); const t0 = performance.now();
  await new Promise((ok, bad) => { a.onplaying = ok; a.onerror = bad; a.play().catch(bad); });
  const ms = performance.now() - t0; a.pause(); return ms; }"""


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--instance", type=Path, default=Path("/tmp/strike-bench"))
    parser.add_argument("--strikes", type=int, default=40)
    parser.add_argument("--port", type=int, default=5071)
    args = parser.parse_args()
    if not (args.instance / "museum.sqlite3").exists():
        subprocess.run([MUSEUM, "--instance", args.instance, "init"], check=True, capture_output=True)
        subprocess.run([MUSEUM, "--instance", args.instance, "load-sample"], check=True, capture_output=True)
    server = subprocess.Popen([MUSEUM, "--instance", args.instance, "serve", "--port", str(args.port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(has_touch=True)
            page.goto(f"{base}/kiosk/instrument/1989.0107")
            # a function: the CSP refuses eval
            page.wait_for_function("() => window.kiosk && window.kiosk.ready === true", timeout=60_000)
            strike = page.locator('[data-key="1-centre"]')
            for _ in range(args.strikes):
                strike.dispatch_event("pointerdown")
                page.wait_for_timeout(20)
            ours = page.evaluate(
                "window.kiosk.latencies.map(ms => ms + (window.kiosk.ctx.outputLatency || 0) * 1000)")
            url = f"{base}/api/v1/instruments/1989.0107/strike?position=centre&force=0.7"
            base_ms = page.evaluate("(window.kiosk.ctx.baseLatency || 0) * 1000")
            output_ms = page.evaluate("(window.kiosk.ctx.outputLatency || 0) * 1000")
            # the element plays through the same output path: add the same reported latency to it
            peer = [page.evaluate(PEER, url) + base_ms + output_ms for _ in range(args.strikes)]
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"Touch to sound, {args.strikes} strikes of the chunyu (Chromium; both include the reported output "
          f"path: baseLatency {base_ms:.1f} ms + outputLatency {output_ms:.1f} ms)")
    print("| path | p50 ms | p95 ms | max ms |")
    print("|---|---|---|---|")
    for name, values in (("ours: pre-decoded Web Audio buffer", ours), ("peer: new Audio(url).play()", peer)):
        print(f"| {name} | {statistics.median(values):.1f} | {percentile(values, 0.95):.1f} "
              f"| {max(values):.1f} |")
    print(f"goal: sound within 50 ms of the touch: {percentile(ours, 0.95) <= 50}")


if __name__ == "__main__":
    sys.exit(main())
