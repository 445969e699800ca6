"""Image ingests through the job queue: N uploads staged as the curator page stages them, then ingested by
one and by two ``museum worker`` processes (started and ready first; timed from enqueueing the first to the
last one done), on the embedded queue (the jobs table) and,
with ``--redis URL``, on Redis. The peer is the same ingests done inline, one after another, in one process
(``museum image add``'s path): the queue's overhead and what a second worker buys on this machine.

    .venv/bin/python benchmarks/queue_ingest.py --images 100 [--redis redis://127.0.0.1:6379/9]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def make_images(folder: Path, count: int, size=(2000, 1500)) -> list[Path]:
    rng = np.random.default_rng(7)
    paths = []
    for n in range(count):
        base = np.linspace(0, 255, size[0] * size[1], dtype=np.uint8).reshape(size[1], size[0])
        noise = rng.integers(0, 40, size=(size[1], size[0]), dtype=np.uint8)
        path = folder / f"img{n:04}.jpg"
        Image.fromarray(np.dstack([base, base[::-1] // 2 + noise, noise * 3])).save(path, quality=85)
        paths.append(path)
    return paths


def stage(instance: Path, images: list[Path], queue_url: str | None):
    """Records and staged uploads, as the curator page leaves them; returns the app and the job payloads."""
    from assets.media import sha256_of
    from museum import create_app
    from museum.catalogue.models import Record
    from museum.catalogue.schema import create_schema
    from museum.extensions import db
    from museum.media import storage

    app = create_app({"INSTANCE_PATH": str(instance), "QUEUE_URL": queue_url or ""})
    payloads = []
    with app.app_context():
        create_schema(db)
        with db.transaction() as session:
            session.add_all([Record(accession_number=f"B{n:05}", title={"zh": f"图{n}"})
                             for n in range(len(images))])
        for n, path in enumerate(images):
            key = f"uploads/bench-{n}/{path.name}"
            storage().put(key, path)
            payloads.append({"accession": f"B{n:05}", "key": key, "name": path.name,
                             "sha256": sha256_of(path), "options": {}, "actor": "benchmark"})
    return app, payloads


def through_workers(instance: Path, images: list[Path], workers: int, queue_url: str | None) -> float:
    """Seconds from enqueueing every image to the last one done, with ``workers`` workers already started."""
    from museum.queue_access import job_queue

    app, payloads = stage(instance, images, queue_url)
    env = {**os.environ, "MUSEUM_INSTANCE": str(instance), "MUSEUM_QUEUE_URL": queue_url or ""}
    processes = [subprocess.Popen([sys.executable, "-m", "museum.cli", "--instance", str(instance), "worker",
                                   "--poll", "0.05"], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
                 for _ in range(workers)]
    try:
        for process in processes:  # ready: each prints its banner once it can claim
            process.stderr.readline()
        queue = job_queue(app)
        started = time.perf_counter()
        ids = [queue.enqueue("image.ingest", payload).id for payload in payloads]
        while any(queue.get(i).status in ("queued", "running") for i in ids):
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
        failed = [i for i in ids if queue.get(i).status != "done"]
        if failed:
            raise SystemExit(f"{len(failed)} job(s) did not complete: {queue.get(failed[0]).error}")
        return elapsed
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(60)


def inline(instance: Path, images: list[Path]) -> float:
    from museum import create_app
    from museum.catalogue.images import IMAGES
    from museum.catalogue.models import Record
    from museum.catalogue.schema import create_schema
    from museum.extensions import db
    from museum.media import storage

    app = create_app({"INSTANCE_PATH": str(instance)})
    with app.app_context():
        create_schema(db)
        with db.transaction() as session:
            session.add_all([Record(accession_number=f"B{n:05}", title={"zh": f"图{n}"})
                             for n in range(len(images))])
        started = time.perf_counter()
        for n, path in enumerate(images):
            with db.transaction() as session:
                IMAGES.add(session, f"B{n:05}", path, storage())
        elapsed = time.perf_counter() - started
        db.dispose()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=100)
    parser.add_argument("--redis", default=None, help="also measure the Redis queue at this URL (flushed!)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        (scratch / "src").mkdir()
        images = make_images(scratch / "src", args.images)
        rows = [("inline, one process (peer)", inline(scratch / "inline", images))]
        for engine, url in [("jobs table", None)] + ([("redis", args.redis)] if args.redis else []):
            for workers in (1, 2):
                if url:
                    import redis
                    redis.Redis.from_url(url).flushdb()
                instance = scratch / f"{engine}-{workers}".replace(" ", "-")
                seconds = through_workers(instance, images, workers, url)
                rows.append((f"{engine}, {workers} worker(s)", seconds))
    print(f"{args.images} images of 2000 × 1500 px (JPEG), {os.cpu_count()} cores")
    print(f"{'how':<32}{'seconds':>10}{'images/s':>10}")
    for name, seconds in rows:
        print(f"{name:<32}{seconds:>10.1f}{args.images / seconds:>10.2f}")


if __name__ == "__main__":
    main()
