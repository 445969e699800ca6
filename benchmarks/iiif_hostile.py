"""Hostile IIIF image requests against a served instance: seconds, CPU and peak extra memory per request.

The requests of issue 13 (item 2) and their relatives (arbitrary rotation, upscaling, the expensive
encoders, distorted sizes that decode the whole master), then the most expensive requests still served
and three ordinary ones, against ``museum serve`` (gunicorn, 1 worker × 4 threads, so the process that
answers is known) on 127.0.0.1, with a 20,000 × 15,000 image ingested by the project's own pipeline.
Peers: the issue's Done-when target (every IIIF request ≤ 2 s and ≤ 300 MB of extra worker memory,
whatever its parameters) and, with ``--tree``, the same requests served by an older checkout.

Each request goes to a fresh worker, warmed by info.json and one small image. Peak extra memory is the
worker's peak resident set (``VmHWM``, reset through ``/proc/<pid>/clear_refs`` just before the request)
minus its resident set at that moment. A request still running after ``--timeout`` seconds is reported
as such, so a run is bounded. Beside each figure: the cost model's estimate (assets/images/cost.py with
the default limits of museum/config.py), or the parameter it refuses.

    .venv/bin/python benchmarks/iiif_hostile.py [--size 20000x15000] [--timeout 60] [--calibrate]
    .venv/bin/python benchmarks/iiif_hostile.py --tree /path/to/an/older/checkout   # "before" figures
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this tree's assets/ for the model column
from iiif_tiles import free_port, make_source, wait_ready  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
ACCESSION = "2099.9998"
IDENTIFIER = f"{ACCESSION}-1"
TARGET_SECONDS, TARGET_MB = 2.0, 300
# (label, request after /iiif/3/<id>/): the four URLs of the issue first.
REQUESTS = [
    ("issue: ^4500, at 45° as webp", "full/^4500,/45/default.webp"),
    ("issue: ^4400, at 33° as webp", "full/^4400,/33/default.webp"),
    ("issue: max at 46° as webp", "full/max/46/default.webp"),
    ("issue: ^4500, at 45° as tif", "full/^4500,/45/default.tif"),
    ("max at 46° as tif", "full/max/46/default.tif"),
    ("max as webp", "full/max/0/default.webp"),
    ("max as tif", "full/max/0/default.tif"),
    ("max as png", "full/max/0/default.png"),
    ("max as jpg", "full/max/0/default.jpg"),
    ("max at 90° as jpg", "full/max/90/default.jpg"),
    ("^max as png", "full/^max/0/default.png"),
    ("upscale a 2 px region to ^max", "0,0,2,2/^max/0/default.png"),
    ("square ^max at 45° as png", "square/^max/45/default.png"),
    ("distorted 20000,1 (whole master)", "full/20000,1/0/default.jpg"),
    ("distorted 1,15000 (whole master)", "full/1,15000/0/default.jpg"),
    ("bitonal ^!20000,20000 at 33°", "full/^!20000,20000/33/bitonal.png"),
    # just under the limits: the most expensive requests that are still served
    ("allowed: largest rotated webp", "full/1600,/45/default.webp"),
    ("allowed: largest rotated png", "full/1600,/45/default.png"),
    ("allowed: largest rotated tif", "full/1100,/45/default.tif"),
    ("allowed: largest webp", "full/2600,/0/default.webp"),
    ("allowed: largest png", "full/2500,/0/default.png"),
    ("allowed: largest tif", "full/1600,/0/default.tif"),
    ("allowed: largest decode (26 Mpx)", "0,0,5000,5000/5000,1/0/default.jpg"),
    ("ordinary: 512 px tile", "8192,4096,2048,2048/512,/0/default.jpg"),
    ("ordinary: 1,000 px thumbnail", "full/1000,/0/default.jpg"),
    ("ordinary: 1,000 px at 45° as png", "full/1000,/45/default.png"),
]


def setup_instance(workdir: Path, width: int, height: int, env: dict) -> Path:
    source = workdir / f"source-{width}x{height}.jpg"
    if not source.exists():
        make_source(source, width, height)
    instance = workdir / "instance"
    shutil.rmtree(instance, ignore_errors=True)
    python, museum = str(VENV_BIN / "python"), str(VENV_BIN / "museum")  # PYTHONPATH: this tree
    subprocess.run([museum, "--instance", str(instance), "init"], check=True, env=env,
                   stdout=subprocess.DEVNULL, cwd=ROOT)
    subprocess.run([python, "-c", (
        "from museum import create_app\nfrom museum.extensions import db\n"
        "from museum.catalogue.models import Record\n"
        f"app = create_app({{'INSTANCE_PATH': {str(instance)!r}}})\n"
        "with app.app_context(), db.transaction() as s:\n"
        f"    s.add(Record(accession_number={ACCESSION!r}, title={{'en': 'Hostile'}}, published=True))\n")],
        check=True, env=env, cwd=ROOT)
    started = time.perf_counter()
    # open rights: a restricted image's full-resolution requests are refused by its rights (403) before the
    # limits measured here are even reached
    subprocess.run([museum, "--instance", str(instance), "image", "add", "--rights", "CC0", ACCESSION,
                    str(source)], check=True, env=env, stdout=subprocess.DEVNULL, cwd=ROOT)
    print(f"ingested {width:,} × {height:,} in {time.perf_counter() - started:.0f} s", flush=True)
    return instance


class Server:
    """``museum serve`` with one worker, started in its own session and stopped by its process group."""

    def __init__(self, instance: Path, env: dict):
        self.instance, self.env = instance, env
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [str(VENV_BIN / "museum"), "--instance", str(self.instance), "serve", "--port",
             str(self.port), "--workers", "1"], cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True)
        wait_ready(self.port, f"/iiif/3/{IDENTIFIER}/info.json", self.process)
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        if len(children) != 1:
            raise SystemExit(f"expected one gunicorn worker, found {children}")
        self.worker = int(children[0])

    def stop(self) -> None:
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=20)
        self.process = None


def memory_kb(pid: int) -> dict[str, int]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0])
    return fields


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of every thread of ``pid`` so far (libvips works in threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Measured:
    status: str
    seconds: float
    cpu: float  # CPU seconds the worker spent: independent of other load on the machine
    peak_mb: float
    message: str = ""


def measure(server: Server, path: str, timeout: float) -> Measured:
    Path(f"/proc/{server.worker}/clear_refs").write_text("5\n")  # resets VmHWM to the current RSS
    before, cpu = memory_kb(server.worker)["VmRSS"], cpu_seconds(server.worker)
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body, status = response.read(), str(response.status)
    except TimeoutError:
        body, status = b"", "timeout"
    finally:
        connection.close()
    result = Measured(status, time.perf_counter() - started, cpu_seconds(server.worker) - cpu,
                      (memory_kb(server.worker)["VmHWM"] - before) / 1024)
    if status not in ("200", "timeout"):
        try:
            result.message = json.loads(body)["error"]["message"]
        except (ValueError, KeyError, TypeError):
            result.message = body[:120].decode(errors="replace")
    return result


def model(request: str, width: int, height: int) -> str:
    """The cost model's view of ``request`` with the default limits: its estimate, or what it refuses."""
    from assets.images import cost
    from assets.images.exceptions import IIIFError
    from assets.images.iiif_request import ImageRequest, MaxSize
    from museum import config

    limits = config.defaults()
    cap = limits["IIIF_MAX_AREA"]
    budget = cost.Budget(cap, limits["IIIF_MAX_ROTATED_AREA"], limits["IIIF_MAX_DECODED_PIXELS"],
                         limits["IIIF_MAX_SECONDS"], limits["IIIF_MAX_MEMORY_MB"] * 2**20)
    try:
        parsed = ImageRequest.parse(*request.split("/"))
        plan = parsed.resolve(width, height, MaxSize(max_area=cap if width * height > cap else None,
                                                    output_area=cap))
        estimate = cost.estimate(plan, cost.pyramid_sizes(width, height))
        cost.check(parsed, plan, estimate, budget)
    except IIIFError as error:
        return f"refused: {getattr(error, 'parameter', 'syntax')}"
    return f"{estimate.seconds:.2f} s, {estimate.memory_bytes / 2**20:.0f} MB"


def calibrate(pyramid: Path, megapixels: float = 4.0) -> None:
    """Per-pixel CPU costs measured in this process beside the constants of assets/images/cost.py."""
    import pyvips

    from assets.images import cost
    from assets.images.render import encode

    pyvips.cache_set_max(0)  # measure work, not libvips' operation cache
    side = int((megapixels * 1e6) ** 0.5)
    pixels = side * side
    level = pyvips.Image.new_from_file(str(pyramid), page=1)

    def timed(make) -> tuple[float, float]:
        """(CPU seconds per Mpx, best of 3; peak extra bytes per pixel, worst of 3) of ``make()``."""
        results = []
        for _ in range(3):
            Path("/proc/self/clear_refs").write_text("5\n")
            before, started = memory_kb(os.getpid())["VmRSS"], time.process_time()
            make()
            results.append(((time.process_time() - started) / pixels * 1e6,
                            (memory_kb(os.getpid())["VmHWM"] - before) * 1024 / pixels))
        return min(seconds for seconds, _ in results), max(per_pixel for _, per_pixel in results)

    shrink = timed(lambda: level.crop(0, 0, side, side).resize(0.9, kernel="lanczos3").avg())
    rows = [("decode + shrink (JPEG tiles, lanczos3)", *shrink, cost.DECODE_SECONDS, None)]
    decoded = level.crop(side, 0, side, side).copy_memory()
    for fmt in ("jpg", "png", "webp", "tif"):
        rows.append((f"encode {fmt}", *timed(lambda fmt=fmt: encode(decoded, fmt)), cost.ENCODE_SECONDS[fmt],
                     cost.ENCODE_BYTES[fmt]))
    rgba = decoded.bandjoin(255).copy_memory()
    canvas_w, canvas_h = cost.canvas_size(side, side, 33)
    per_canvas = pixels / (canvas_w * canvas_h)  # the model counts rotation per output (canvas) pixel
    seconds, per_pixel = timed(lambda: rgba.rotate(33, background=[0, 0, 0, 0]).avg())
    rows.append(("rotate 33°", seconds * per_canvas, per_pixel * per_canvas, cost.ROTATE_SECONDS,
                 cost.ROTATE_BYTES))
    print(f"\ncalibration on a {side:,} × {side:,} px region (in process, CPU time)\n")
    print("| step | measured CPU s/Mpx | model s/Mpx | measured bytes/px | model bytes/px |")
    print("|---|---|---|---|---|")
    for label, seconds, per_pixel, model_seconds, model_bytes in rows:
        print(f"| {label} | {seconds:.4f} | {model_seconds} | {per_pixel:.1f} | {model_bytes or '–'} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="20000x15000")
    parser.add_argument("--timeout", type=float, default=60, help="seconds before a request is abandoned")
    parser.add_argument("--tree", type=Path, default=ROOT, help="the checkout whose code the server runs")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/iiif-hostile"))
    parser.add_argument("--only", default="",
                        help="run only the requests whose label contains one of these comma-separated texts")
    parser.add_argument("--calibrate", action="store_true",
                        help="also measure the per-pixel costs the model of assets/images/cost.py uses")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    workdir = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PYTHONPATH=str(args.tree.resolve()))
    env.pop("MUSEUM_PUBLIC_BASE_URL", None)
    instance = setup_instance(workdir, width, height, env)
    env["MUSEUM_INSTANCE"] = str(instance)
    env["MUSEUM_QUEUE_WORKER"] = "false"  # no local job worker beside the one gunicorn worker measured
    server = Server(instance, env)
    rows = []
    started = time.perf_counter()
    try:
        for label, request in REQUESTS:
            if args.only and not any(part in label for part in args.only.split(",")):
                continue
            server.start()  # a fresh worker for each request, warmed up
            measure(server, f"/iiif/3/{IDENTIFIER}/full/64,/0/default.jpg", args.timeout)
            result = measure(server, f"/iiif/3/{IDENTIFIER}/{request}", args.timeout)
            server.stop()
            rows.append((label, request, result, model(request, width, height)))
            print(f"{result.status:>7} {result.seconds:7.2f} s {result.cpu:6.2f} CPU s "
                  f"{result.peak_mb:6.0f} MB  {request}  {result.message[:90]}", flush=True)
    finally:
        server.stop()
    print(f"\nimage {width:,} × {height:,} px; code: {args.tree.resolve()}; gunicorn 1 worker × 4 threads on "
          f"127.0.0.1, a fresh worker per request; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} "
          f"CPUs; run {time.perf_counter() - started:.0f} s. Target (issue 13): ≤ {TARGET_SECONDS:g} s and "
          f"≤ {TARGET_MB} MB extra worker memory per request.\n")
    print("| request | URL | status | seconds | worker CPU s | peak extra MB | within target "
          "| model (this tree) | error message |")
    print("|---|---|---|---|---|---|---|---|---|")
    for label, request, result, estimate in rows:
        within = "yes" if result.status != "timeout" and result.seconds <= TARGET_SECONDS and \
            result.peak_mb <= TARGET_MB else "NO"
        print(f"| {label} | `{request}` | {result.status} | {result.seconds:.2f} | {result.cpu:.2f} | "
              f"{result.peak_mb:.0f} | {within} | {estimate} | {result.message[:90]} |")
    if args.calibrate:
        calibrate(instance / "media" / "images" / "pyramids" / f"{IDENTIFIER}.tif")


if __name__ == "__main__":
    main()
