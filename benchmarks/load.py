"""Load on the public site with open event streams: ours (``museum serve``) against the peer, the previous
set-up (gunicorn ``gthread``, 2 workers × 4 threads, the same app through wsgi.py), in one run. Loopback
only; every phase is bounded in time.

Phases, for each server:
1. 100 visitors with think time (locust, ``benchmarks/locustfile.py``) while 20 projection screens hold
   ``/kiosk/poems/events`` open; ``/healthz`` is probed twice a second meanwhile.
2. The same visitors without think time (as fast as the server answers): throughput and p95.
3. ``/healthz`` latency with 200 event streams open (the issue's figure: p95 ≤ 50 ms).

    .venv/bin/python benchmarks/load.py [--seconds 60] [--instance /tmp/load-bench] [--ours-only]
"""

from __future__ import annotations

import argparse
import threading
from pathlib import Path

from serving import OpenStreams, Server, percentile, probe_latency, run_locust, sample_instance

ENV = {"MUSEUM_TRUSTED_PROXIES": "1"}  # each simulated screen has its own X-Forwarded-For address


def measure(server: Server, seconds: int) -> dict:
    figures = {}
    streams = OpenStreams(server.base, 20)
    streams.wait_open(30)
    probes: list[float] = []
    prober = threading.Thread(target=lambda: probes.extend(
        probe_latency(server.base, "/healthz", seconds * 2, 0.5, budget=seconds)))
    prober.start()
    figures["think"] = run_locust(server.base, users=100, seconds=seconds, think=5.0)
    prober.join()
    figures["think"]["healthz_p95"] = percentile(probes, 0.95)
    figures["think"]["streams_opened"], figures["think"]["stream_failures"] = streams.opened, streams.failures
    figures["no_think"] = run_locust(server.base, users=20, seconds=max(20, seconds // 2), think=0)
    streams.close()
    many = OpenStreams(server.base, 200)
    many.wait_open(30)
    times = probe_latency(server.base, "/healthz", 40, 0.1, 40)
    figures["healthz_200_streams"] = {"p50": percentile(times, 0.5),
                                      "p95": percentile(times, 0.95), "max": max(times),
                                      "streams_opened": many.opened}
    many.close()
    figures["worker_mb"] = [round(mb) for mb in server.worker_mb()]
    return figures


def row(name: str, figures: dict) -> str:
    think, fast, many = figures["think"], figures["no_think"], figures["healthz_200_streams"]
    return (f"| {name} | {think['p95']:.0f} ms | {think['failures']}/{think['requests']}"
            f" | {think['healthz_p95']:.0f} ms | {fast['rps']:.0f} req/s | {fast['p95']:.0f} ms"
            f" | {fast['failures']} | {many['p95']:.0f} ms ({many['streams_opened']} open)"
            f" | {figures['worker_mb']} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--instance", type=Path, default=Path("/tmp/load-bench"))
    parser.add_argument("--peer-tree", type=Path, help="a checkout of the code before issue 13 for the peer "
                        "(git worktree add /tmp/before 88f0bca); default: this code under gthread")
    parser.add_argument("--ours-only", action="store_true")
    args = parser.parse_args()
    instance = sample_instance(args.instance)
    results = {}
    for name, peer in (("ours: museum serve (asgi + a2wsgi, 2 workers)", False),
                       ("peer: gunicorn gthread 2 × 4 (before)", True)):
        if peer and args.ours_only:
            continue
        server = Server(instance, peer=peer, env=ENV, tree=args.peer_tree)
        try:
            results[name] = measure(server, args.seconds)
        finally:
            server.stop()
    print("| server | p95, 100 users + think, 20 streams | errors | /healthz p95 meanwhile "
          "| no think: throughput | p95 | errors | /healthz p95, 200 streams | worker MB |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, figures in results.items():
        print(row(name, figures))
    for name, figures in results.items():
        for phase in ("think", "no_think"):
            for kind in figures[phase]["failure_kinds"]:
                print(f"failure ({name}, {phase}): {kind}")


if __name__ == "__main__":
    main()
