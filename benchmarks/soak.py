"""Worker memory over a long mixed load (issue 13: flat within ±15 % over 30 minutes). Loopback only; stops by
itself after ``--minutes``.

Worker recycling is switched off for the run (``SERVER_MAX_REQUESTS`` and ``SERVER_WORKER_MEMORY_MB`` set very
high), so the figures show whether anything in a worker grows without bound, not how often it is replaced.
The peer is the same worker at its first sample: growth is reported against the warm-up level (the median of
the samples of minutes 3–5, after caches have filled) to the median of the last five minutes.

    .venv/bin/python benchmarks/soak.py [--minutes 30] [--users 40] [--think 1]
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from pathlib import Path

from serving import OpenStreams, Server, run_locust, sample_instance

NO_RECYCLING = {"MUSEUM_SERVER_MAX_REQUESTS": "100000000", "MUSEUM_SERVER_WORKER_MEMORY_MB": "100000",
                "MUSEUM_TRUSTED_PROXIES": "1"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--users", type=int, default=40)
    parser.add_argument("--think", type=float, default=1.0)
    parser.add_argument("--every", type=float, default=30.0, help="seconds between memory samples")
    parser.add_argument("--instance", type=Path, default=Path("/tmp/load-bench"))
    args = parser.parse_args()
    server = Server(sample_instance(args.instance), env=NO_RECYCLING)
    samples: list[tuple[float, dict[int, float]]] = []
    done = threading.Event()

    def sample() -> None:
        started = time.monotonic()
        while not done.wait(args.every):
            minute = (time.monotonic() - started) / 60
            sizes = dict(zip(server.worker_pids(), server.worker_mb(), strict=False))
            samples.append((minute, sizes))
            print(f"{minute:5.1f} min  " + "  ".join(f"{pid}: {mb:.0f} MB" for pid, mb in sizes.items()),
                  flush=True)

    sampler = threading.Thread(target=sample, daemon=True)
    streams = OpenStreams(server.base, 20)
    try:
        sampler.start()
        load = run_locust(server.base, users=args.users, seconds=int(args.minutes * 60), think=args.think)
    finally:
        done.set()
        streams.close()
        server.stop()
    pids = set(samples[0][1]) if samples else set()
    print(f"\nrequests {load['requests']:,}, failures {load['failures']}, {load['rps']:.0f} req/s,"
          f" p95 {load['p95']:.0f} ms; event streams opened {streams.opened} (failures {streams.failures})")
    print("| worker | warm-up MB (min 3–5) | last 5 min MB | change |")
    print("|---|---|---|---|")
    total = args.minutes
    for pid in sorted(pids):
        warm = [s[pid] for m, s in samples if 3 <= m <= 5 and pid in s]
        last = [s[pid] for m, s in samples if m >= total - 5 and pid in s]
        if warm and last:
            before, after = statistics.median(warm), statistics.median(last)
            print(f"| {pid} | {before:.0f} | {after:.0f} | {100 * (after - before) / before:+.1f} % |")
        else:
            print(f"| {pid} | {warm} | {last} | (replaced during the run) |")


if __name__ == "__main__":
    main()
