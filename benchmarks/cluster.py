"""The cluster of docs/deploy.md on this machine (the one `make test-cluster` starts: PostgreSQL, Redis,
SeaweedFS, the Elasticsearch API server, two app servers, two workers, nginx with deploy/nginx.conf), then:

1. a mixed read load (object JSON, search, public object page, IIIF info and a tile) through nginx, for
   ``--seconds`` with ``--clients`` concurrent loopback clients: nginx in front of one app server, then in
   front of two (the peer is the one-server figure, measured in the same run);
2. ``--ingests`` image uploads through nginx (each answered 202) ingested by the queue's workers, timed from
   the first upload to the last job done: with one worker, then two.

    .venv/bin/python benchmarks/cluster.py [--seconds 20] [--clients 8] [--ingests 1000]

On one machine the app servers share its cores: two servers buy what the cores left over allow, not 2×.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def read_load(cluster, front: str, paths: list[str], seconds: float, clients: int) -> dict:
    latencies, failures, stop = [], [], threading.Event()
    lock = threading.Lock()

    def client(number: int) -> None:
        n = number
        while not stop.is_set():
            started = time.perf_counter()
            status, _, _ = cluster.request(front, paths[n % len(paths)], timeout=60)
            elapsed = time.perf_counter() - started
            with lock:
                (latencies if status == 200 else failures).append(elapsed if status == 200 else status)
            n += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(seconds)  # the measuring window (a benchmark's duration, not a synchronisation)
    stop.set()
    for thread in threads:
        thread.join()
    duration = time.perf_counter() - began
    return {"requests": len(latencies), "failed": len(failures), "rps": len(latencies) / duration,
            "p50_ms": statistics.median(latencies) * 1000,
            "p95_ms": statistics.quantiles(latencies, n=20)[-1] * 1000}


def ingests(cluster, count: int, salt: int) -> tuple[float, int]:
    """Seconds from the first upload to the last of ``count`` jobs done, and the attempts they took (more
    than ``count``: some were retried, after a 2 s backoff or more)."""
    from tests.integration.cluster.test_cluster import job_of, upload_image

    images = []
    for n in range(count):
        out = io.BytesIO()
        colour = ((n * 37 + salt) % 256, (n * 11) % 256, (n // 256 + salt * 3) % 256)
        Image.new("RGB", (800, 600), colour).save(out, "JPEG", quality=85)
        images.append(out.getvalue())
    started = time.perf_counter()
    with ThreadPoolExecutor(4) as pool:
        jobs = list(pool.map(lambda n: upload_image(cluster, cluster.front, "2002.0031", images[n],
                                                    f"bench-{salt}-{n}.jpg"), range(count)))
    attempts = 0
    for job_id in jobs:  # polled: each job is looked at until done
        while (job := job_of(cluster, cluster.front, job_id))["status"] not in ("done", "dead"):
            time.sleep(0.05)
        if job["status"] != "done":
            raise RuntimeError(f"job {job_id} failed: {job}")
        attempts += job["attempts"]
    return time.perf_counter() - started, attempts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--ingests", type=int, default=1000)
    args = parser.parse_args()

    from osmem_server import OsmemServer

    from tests.integration.cluster.cluster import running_cluster
    from tests.integration.cluster.test_cluster import jpeg, upload_image, wait_for_job
    from tests.servers import nginx_balancer, postgres

    with tempfile.TemporaryDirectory(prefix="museum-cluster-bench-") as tmp, postgres() as server:
        search = OsmemServer.start(freeze=False)
        try:
            with running_cluster(Path(tmp), server, search.url) as cluster:
                job = upload_image(cluster, cluster.front, "1977.0012", jpeg(2000, 1500), "zun.jpg")
                identifier = wait_for_job(cluster, cluster.front, job, lambda j: j["status"] == "done")[
                    "result"]["identifier"]
                paths = ["/api/v1/objects/2002.0031", "/api/v1/search?q=zun&lang=en", "/en/objects/1977.0012",
                         f"/iiif/3/{identifier}/info.json",
                         f"/iiif/3/{identifier}/0,0,512,512/256,/0/default.jpg"]
                for base in cluster.apps:  # each server's caches warmed alike before either is measured
                    for path in paths * 3:
                        cluster.request(base, path)
                node_a = cluster.apps[0].removeprefix("http://")
                one = cluster.stack.enter_context(nginx_balancer(Path(tmp) / "nginx-one", [node_a, node_a]))
                rows = [("nginx → 1 app server", read_load(cluster, one, paths, args.seconds, args.clients)),
                        ("nginx → 2 app servers",
                         read_load(cluster, cluster.front, paths, args.seconds, args.clients))]
                print(f"\nmixed read load, {args.clients} clients, {args.seconds:.0f} s each")
                print(f"{'':24} {'requests':>9} {'failed':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}")
                for name, row in rows:
                    print(f"{name:24} {row['requests']:9} {row['failed']:7} {row['rps']:8.1f} "
                          f"{row['p50_ms']:8.1f} {row['p95_ms']:8.1f}")
                print(f"two servers / one: {rows[1][1]['rps'] / rows[0][1]['rps']:.2f}× throughput")

                cluster.workers["w2"].terminate()
                cluster.workers["w2"].wait(120)
                del cluster.workers["w2"]
                single = ingests(cluster, args.ingests, 1)
                cluster.start_worker("w3")
                double = ingests(cluster, args.ingests, 2)
                print(f"\n{args.ingests} image ingests (800×600 JPEG) uploaded through nginx, on Redis")
                (single, tries1), (double, tries2) = single, double
                print(f"1 worker:  {single:8.1f} s  {args.ingests / single:6.1f} images/s  {tries1} attempts")
                print(f"2 workers: {double:8.1f} s  {args.ingests / double:6.1f} images/s  {tries2} attempts"
                      f"  ({single / double:.2f}× faster)")
        finally:
            search.close()


if __name__ == "__main__":
    main()
