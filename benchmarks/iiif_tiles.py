"""IIIF tile and thumbnail latency on a 20,000 × 15,000 image: this service against IIPImage.

Peer: ``iipimage-server`` (Debian; IIIF 2 via ``?IIIF=``) behind lighttpd's FastCGI, serving the very
pyramidal TIFF our ingest wrote, in a copy of its own (were they to share the file, whichever server asks
first would read it from disk and the other from the page cache). Ours: ``museum serve`` (gunicorn, 2
workers). Both get identical region/size requests, one at a time, each on a new HTTP connection. Cold =
first pass right after both servers start with empty caches (and, when allowed, after dropping the OS page
cache); warm = the same requests again. ``--tree`` serves ours from another checkout (before/after figures
in one machine state).

    make benchmark-peers      # the peer (benchmarks/system-packages.txt; not in make install)
    .venv/bin/python benchmarks/iiif_tiles.py [--tiles 200] [--thumbnails 20] [--workdir /tmp/iiif-bench]
    .venv/bin/python benchmarks/iiif_tiles.py --tree /path/to/an/older/checkout   # "before" figures

The 20,000 × 15,000 source (JPEG, generated noise and gradients) is cached in the work directory.
"""

from __future__ import annotations

import argparse
import http.client
import io
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
IIPSRV = Path("/usr/lib/iipimage-server/iipsrv.fcgi")
ACCESSION = "2099.9999"
LIGHTTPD_CONF = """server.modules = ("mod_fastcgi")
server.document-root = "{root}"
server.bind = "127.0.0.1"
server.port = {port}
server.errorlog = "{root}/lighttpd-error.log"
fastcgi.server = ("/fcgi-bin/iipsrv.fcgi" => ((
    "socket" => "{root}/iipsrv.sock",
    "bin-path" => "{iipsrv}",
    "max-procs" => 2,
    "check-local" => "disable",
    "bin-environment" => ("FILESYSTEM_PREFIX" => "{images}/", "JPEG_QUALITY" => "85", "VERBOSITY" => "0",
                          "MAX_IMAGE_CACHE_SIZE" => "64", "MAX_CVT" => "5000", "CORS" => "*",
                          "LOGFILE" => "{root}/iipsrv.log")
)))
"""


def make_source(path: Path, width: int, height: int) -> None:
    import pyvips

    started = time.perf_counter()
    noise = pyvips.Image.gaussnoise(width, height, sigma=12, mean=0)
    red = pyvips.Image.perlin(width // 8, height // 8, cell_size=64).resize(8) * 90 + 128 + noise
    green = pyvips.Image.perlin(width // 8, height // 8, cell_size=48).resize(8) * -60 + 110 + noise
    blue = pyvips.Image.perlin(width // 16, height // 16, cell_size=32).resize(16) * 80 + 100 + noise
    image = red.cast("uchar").bandjoin([green.cast("uchar"), blue.cast("uchar")]).copy(interpretation="srgb")
    image.jpegsave(str(path), Q=90)
    print(f"generated {path.name} ({width} × {height}) in {time.perf_counter() - started:.0f} s", flush=True)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port: int, path: str) -> tuple[float, int, bytes]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return time.perf_counter() - started, response.status, body


def wait_ready(port: int, path: str, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server on port {port} exited with {process.returncode}")
        try:
            if fetch(port, path)[1] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"server on port {port} did not answer {path}")


class Servers:
    """Our gunicorn and lighttpd+iipsrv, started together and stopped by their own process ids."""

    def __init__(self, workdir: Path, instance: Path, pyramid: Path, tree: Path = ROOT):
        self.workdir, self.instance, self.pyramid, self.tree = workdir, instance, pyramid, tree
        self.processes: list[subprocess.Popen] = []

    def start(self) -> None:
        self.ours, self.peer = free_port(), free_port()
        conf = self.workdir / "lighttpd.conf"
        conf.write_text(LIGHTTPD_CONF.format(root=self.workdir, port=self.peer, iipsrv=IIPSRV,
                                             images=self.pyramid.parent))
        (self.workdir / "iipsrv.sock").unlink(missing_ok=True)
        ours = subprocess.Popen([str(VENV_BIN / "museum"), "--instance", str(self.instance), "serve",
                                 "--port", str(self.ours), "--workers", "2"], cwd=self.tree,
                                env=dict(os.environ, PYTHONPATH=str(self.tree)),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        peer = subprocess.Popen(["lighttpd", "-D", "-f", str(conf)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        self.processes = [ours, peer]
        wait_ready(self.ours, "/healthz", ours)
        wait_ready(self.peer, f"/fcgi-bin/iipsrv.fcgi?IIIF={self.pyramid.name}/info.json", peer)

    def stop(self) -> None:
        for process in self.processes:  # each was started in its own session: stop that group only
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(process.pid, signal.SIGKILL)
        self.processes = []

    def paths(self, request: str) -> tuple[str, str]:
        return f"/iiif/3/{ACCESSION}-1/{request}", f"/fcgi-bin/iipsrv.fcgi?IIIF={self.pyramid.name}/{request}"


def drop_page_cache() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def tile_requests(width: int, height: int, count: int, seed: int = 5) -> list[str]:
    """Random 512 px tiles, uniformly over every tile of every level that has more than one tile."""
    tiles = []
    factor = 1
    while width / factor > 512 or height / factor > 512:
        step = 512 * factor
        for ty in range(-(-height // step)):
            for tx in range(-(-width // step)):
                x, y = tx * step, ty * step
                w, h = min(step, width - x), min(step, height - y)
                tiles.append(f"{x},{y},{w},{h}/{-(-w // factor)},/0/default.jpg")
        factor *= 2
    return random.Random(seed).sample(tiles, count)


def measure(servers: Servers, requests: list[str]) -> tuple[list[float], list[float]]:
    ours, peer = [], []
    for request in requests:
        ours_path, peer_path = servers.paths(request)
        for port, path, times in ((servers.ours, ours_path, ours), (servers.peer, peer_path, peer)):
            seconds, status, _body = fetch(port, path)
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
            times.append(seconds)
    return ours, peer


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


def same_pixels(servers: Servers, requests: list[str]) -> float:
    """Mean absolute difference (0–255) between the two servers' decoded outputs."""
    import numpy as np
    from PIL import Image

    differences = []
    for request in requests:
        ours_path, peer_path = servers.paths(request)
        a = np.asarray(Image.open(io.BytesIO(fetch(servers.ours, ours_path)[2])).convert("RGB"), np.float32)
        b = np.asarray(Image.open(io.BytesIO(fetch(servers.peer, peer_path)[2])).convert("RGB"), np.float32)
        if abs(a.shape[0] - b.shape[0]) > 1 or abs(a.shape[1] - b.shape[1]) > 1:
            raise SystemExit(f"{request}: sizes differ {a.shape} vs {b.shape}")
        # "w," leaves the rounding of h open: ours rounds (751 for 750.75), IIPImage floors (750).
        h, w = min(a.shape[0], b.shape[0]), min(a.shape[1], b.shape[1])
        differences.append(float(np.abs(a[:h, :w] - b[:h, :w]).mean()))
    return statistics.mean(differences)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiles", type=int, default=200)
    parser.add_argument("--thumbnails", type=int, default=20)
    parser.add_argument("--size", default="20000x15000")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/iiif-bench"))
    parser.add_argument("--tree", type=Path, default=ROOT, help="the checkout whose code our server runs")
    parser.add_argument("--pyramid-tile", type=int, default=0,
                        help="rewrite the ingested pyramid with this internal tile size (default: ingest's)")
    args = parser.parse_args()
    if not IIPSRV.exists() or not shutil.which("lighttpd"):
        raise SystemExit("the peer is missing: make benchmark-peers (benchmarks/system-packages.txt)")
    width, height = (int(v) for v in args.size.split("x"))
    load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    workdir = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    source = workdir / f"source-{width}x{height}.jpg"
    if not source.exists():
        make_source(source, width, height)
    instance = workdir / "instance"
    shutil.rmtree(instance, ignore_errors=True)
    env = dict(os.environ, MUSEUM_INSTANCE=str(instance))
    museum = str(VENV_BIN / "museum")
    subprocess.run([museum, "--instance", str(instance), "init"], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    subprocess.run([str(VENV_BIN / "python"), "-c", (
        "from museum import create_app\nfrom museum.extensions import db\n"
        "from museum.catalogue.models import Record\n"
        f"app = create_app({{'INSTANCE_PATH': {str(instance)!r}}})\n"
        "with app.app_context(), db.transaction() as s:\n"
        f"    s.add(Record(accession_number={ACCESSION!r}, title={{'en': 'Benchmark'}}, published=True))\n")],
        check=True, env=env)
    started = time.perf_counter()
    # Open rights, as a museum publishes a public high-resolution image: restricted ones stop at
    # RESTRICTED_IMAGE_PX and the full-resolution tiles asked for here would be refused (403).
    subprocess.run([museum, "--instance", str(instance), "image", "add", "--rights", "CC0", ACCESSION,
                    str(source)], check=True, env=env)
    ingest_seconds = time.perf_counter() - started
    pyramid = instance / "media" / "images" / "pyramids" / f"{ACCESSION}-1.tif"
    from assets.images.ingest import PYRAMID_TILE, build_pyramid, inspect

    tile_size = args.pyramid_tile or PYRAMID_TILE
    if args.pyramid_tile:
        build_pyramid(inspect(source), pyramid, tile_size=args.pyramid_tile)

    peer_pyramid = workdir / "peer" / pyramid.name  # a copy (not a link: its own pages in the page cache)
    peer_pyramid.parent.mkdir(exist_ok=True)
    shutil.copyfile(pyramid, peer_pyramid)
    servers = Servers(workdir, instance, peer_pyramid, args.tree.resolve())
    tiles = tile_requests(width, height, args.tiles)
    thumbnails = [f"full/{1000 + i},/0/default.jpg" for i in range(args.thumbnails)]
    rows, dropped = [], []
    try:
        for label, requests in (("512 px tiles", tiles), ("1,000 px thumbnails", thumbnails)):
            servers.stop()
            shutil.rmtree(instance / "cache", ignore_errors=True)  # our rendered images on disk
            dropped.append(drop_page_cache())
            servers.start()
            cold_ours, cold_peer = measure(servers, requests)
            warm_ours, warm_peer = measure(servers, requests)
            rows.append((label, "cold", cold_ours, cold_peer))
            rows.append((label, "warm", warm_ours, warm_peer))
        difference = same_pixels(servers, tiles[:10] + thumbnails[:2])
    finally:
        servers.stop()

    print(f"\nours: {args.tree.resolve()}; load average before the run: {load_before}")
    print(f"image {width:,} × {height:,} px; ingest (checks + pyramidal TIFF) {ingest_seconds:.1f} s; "
          f"pyramid {pyramid.stat().st_size / 1e6:.0f} MB; OS page cache dropped before cold runs: "
          f"{'yes' if all(dropped) else 'no (not permitted)'}; internal tiles {tile_size} px")
    print(f"mean absolute pixel difference between the two servers' outputs: {difference:.2f} / 255\n")
    print("| requests | pass | n | ours p50 ms | ours p95 ms | IIPImage p50 ms | IIPImage p95 ms "
          "| p95 ratio |")
    print("|---|---|---|---|---|---|---|---|")
    for label, kind, ours, peer in rows:
        ratio = percentile(ours, 0.95) / percentile(peer, 0.95)
        print(f"| {label} | {kind} | {len(ours)} | {percentile(ours, 0.5):.1f} "
              f"| {percentile(ours, 0.95):.1f} | {percentile(peer, 0.5):.1f} | {percentile(peer, 0.95):.1f} "
              f"| {ratio:.2f}× |")


if __name__ == "__main__":
    main()
