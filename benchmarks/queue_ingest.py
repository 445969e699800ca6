"""Image ingests through the job queue: N uploads staged as the curator page stages them, then ingested by
one and by two ``museum worker`` processes (``--until-empty``), on the embedded queue (the jobs table) and,
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


def prepare(instance: Path, images: list[Path], queue_url: str | None):
    from assets.media import sha256_of
    from museum import create_app
    from museum.catalogue.models import Record
    from museum.catalogue.schema import create_schema
    from museum.extensions import db
    from museum.media import storage
    from museum.queue_access import job_queue

    settings = {"INSTANCE_PATH": str(instance), "QUEUE_URL": queue_url or ""}
    app = create_app(settings)
    with app.app_context():
        create_schema(db)
        with db.transaction() as session:
            session.add_all([Record(accession_number=f"B{n:05}", title={"zh": f"图{n}"})
                             for n in range(len(images))])
        queue = job_queue(app)
        for n, path in enumerate(images):
            key = f"uploads/bench-{n}/{path.name}"
            storage().put(key, path)
            queue.enqueue("image.ingest", {"accession": f"B{n:05}", "key": key, "name": path.name,
                                           "sha256": sha256_of(path), "options": {}, "actor": "benchmark"})
        db.dispose()
    return app


def run_workers(instance: Path, workers: int, queue_url: str | None) -> float:
    env = {**os.environ, "MUSEUM_INSTANCE": str(instance)}
    if queue_url:
        env["MUSEUM_QUEUE_URL"] = queue_url
    started = time.perf_counter()
    processes = [subprocess.Popen([sys.executable, "-m", "museum.cli", "--instance", str(instance), "worker",
                                   "--until-empty", "--poll", "0.2"], cwd=ROOT, env=env,
                                  stderr=subprocess.DEVNULL) for _ in range(workers)]
    for process in processes:
        process.wait()
    return time.perf_counter() - started


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
                prepare(instance, images, url)
                rows.append((f"{engine}, {workers} worker(s)", run_workers(instance, workers, url)))
    print(f"{args.images} images of 2000 × 1500 px (JPEG), {os.cpu_count()} cores")
    print(f"{'how':<32}{'seconds':>10}{'images/s':>10}")
    for name, seconds in rows:
        print(f"{name:<32}{seconds:>10.1f}{args.images / seconds:>10.2f}")


if __name__ == "__main__":
    main()
