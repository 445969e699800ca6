"""150 MB request bodies to anonymous routes (issue 13, item 3): ours (``museum serve``) against the peer, the
previous set-up (gunicorn ``gthread`` through wsgi.py, no per-route limits), in one run. Loopback only.

For each route the client announces 150 MB and streams it in 1 MB chunks as long as the server reads; the
script reports the status, the seconds until the answer, how much of the body the server took before it
answered, and the growth of the worker's resident memory.

    .venv/bin/python benchmarks/hostile_bodies.py [--instance /tmp/load-bench]
"""

from __future__ import annotations

import argparse
import socket
import threading
import time
from pathlib import Path

from serving import Server, sample_instance

BODY = 150 * 1024 * 1024
CHUNK = b"x" * (1024 * 1024)
ROUTES = (("/api/v1/poems", "application/json"), ("/oai", "application/x-www-form-urlencoded"),
          ("/kiosk/heartbeat", "application/json"), ("/curator/login", "application/x-www-form-urlencoded"))


def send(base: str, path: str, content_type: str) -> dict:
    host, port = base.removeprefix("http://").split(":")
    started = time.perf_counter()
    sent = 0
    answer = b""
    with socket.create_connection((host, int(port)), timeout=120) as connection:
        connection.sendall(f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: {content_type}\r\n"
                           f"Content-Length: {BODY}\r\nConnection: close\r\n\r\n".encode())
        connection.setblocking(False)
        while sent < BODY:
            try:
                answer += connection.recv(65536)
                if answer:
                    break
            except BlockingIOError:
                pass
            try:
                sent += connection.send(CHUNK[: min(len(CHUNK), BODY - sent)])
            except (BlockingIOError, BrokenPipeError, ConnectionResetError):
                time.sleep(0.001)
        connection.setblocking(True)
        try:
            while b"\r\n\r\n" not in answer:
                more = connection.recv(65536)
                if not more:
                    break
                answer += more
        except OSError:
            pass
    status = answer.split(b" ", 2)[1].decode() if answer.startswith(b"HTTP/") else "none"
    return {"status": status, "seconds": time.perf_counter() - started, "sent_mb": sent / 1e6}


def peak_growth(server: Server, action) -> tuple[dict, float]:
    before = max(server.worker_mb())
    peak = [before]
    done = threading.Event()

    def watch():
        while not done.is_set():
            peak[0] = max(peak[0], max(server.worker_mb() or [0]))
            done.wait(0.02)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        result = action()
    finally:
        done.set()
        watcher.join()
    return result, peak[0] - before


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--instance", type=Path, default=Path("/tmp/load-bench"))
    parser.add_argument("--peer-tree", type=Path, help="a checkout of the code before issue 13 for the peer "
                        "(git worktree add /tmp/before 88f0bca); default: this code under gthread")
    args = parser.parse_args()
    instance = sample_instance(args.instance)
    print("| server | route | status | seconds | body sent before the answer | worker memory growth |")
    print("|---|---|---|---|---|---|")
    for name, peer in (("ours", False), ("peer: gthread, before", True)):
        server = Server(instance, peer=peer, workers=1, tree=args.peer_tree)
        try:
            for path, content_type in ROUTES:
                result, growth = peak_growth(
                    server, lambda p=path, c=content_type, b=server.base: send(b, p, c))
                print(f"| {name} | {path} | {result['status']} | {result['seconds']:.2f} | "
                      f"{result['sent_mb']:.1f} MB | {growth:+.1f} MB |", flush=True)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
